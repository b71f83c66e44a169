"""Files in and out. Reading an input file strictly: UTF-8 text, with a clear refusal naming the file (and
line) otherwise; every loader reads its file through here, whole (`read_text`) or line by line for files of
any size (`text_lines`). Writing a file the project keeps (a cached index, a fitted model, a drawn map)
atomically (`write_atomically`): a reader never sees half of one."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import InputError, Problem

MAX_FILE_BYTES = 200 * 1024 * 1024


def read_text(path: str | Path) -> str:
    """The file as UTF-8 text, read whole (up to MAX_FILE_BYTES), with the refusals of `text_lines`."""
    lines = text_lines(path)
    if Path(path).stat().st_size > MAX_FILE_BYTES:
        raise InputError([Problem(str(path), None, None, f"file larger than {MAX_FILE_BYTES // 2**20} MiB")])
    return "".join(lines)


def text_lines(path: str | Path) -> Iterator[str]:
    """The file's lines as UTF-8 text (endings kept, a BOM dropped), read as they are needed. A missing,
    empty or binary file is refused on the call, a wrongly encoded line by its number when it is read."""
    path = Path(path)
    name = str(path)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, None, "is a directory, not a file")]) from None
    head = handle.read(65536)
    handle.seek(0)
    if not head.strip():
        handle.close()
        raise InputError([Problem(name, None, None, "file is empty")])
    if b"\x00" in head:
        handle.close()
        raise InputError([Problem(name, None, None, "binary file (contains NUL bytes), not text")])
    return _decoded_lines(handle, name)


def _decoded_lines(handle, name: str) -> Iterator[str]:
    with handle:
        for number, raw in enumerate(handle, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                why = (f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); convert the file, e.g. "
                       "`iconv -f latin1 -t utf-8`")
                raise InputError([Problem(name, number, None, why)]) from None


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """`write(partial)` fills a sibling file, which then replaces `path` in one step (a crash leaves the old
    file or none, never half of a new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
