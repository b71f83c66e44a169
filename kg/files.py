"""Reading an input file strictly: UTF-8 text, with a clear refusal naming the file (and line) otherwise.
Every loader and the JSON import read their files through here."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, Problem

MAX_FILE_BYTES = 200 * 1024 * 1024


def read_text(path: str | Path) -> str:
    """The file as UTF-8 text; a binary, empty or wrongly encoded file is refused with its name."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, None, "is a directory, not a file")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError([Problem(name, None, None, f"file larger than {MAX_FILE_BYTES // 2**20} MiB")])
    if not data.strip():
        raise InputError([Problem(name, None, None, "file is empty")])
    if b"\x00" in data[:65536]:
        raise InputError([Problem(name, None, None, "binary file (contains NUL bytes), not text")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                                                    f"{exc.start}); convert the file, e.g. "
                                                    f"`iconv -f latin1 -t utf-8`")]) from None
