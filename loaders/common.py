"""What every loader shares: reading a text file strictly and collecting problems with their place."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, Problem

MAX_FIELD_LENGTH = 300  # a city, country or area longer than this is not a name
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


class Problems:
    """Collects problems for one file; `raise_if_any` stops the load before anything is written."""

    def __init__(self, file: str | Path):
        self.file = str(file)
        self.items: list[Problem] = []

    def add(self, line: int | None, field: str | None, message: str) -> None:
        self.items.append(Problem(self.file, line, field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def check_text_field(problems: Problems, line: int | None, field: str, value: object,
                     required: bool = True) -> str | None:
    """A non-empty, single-line, reasonably short string, or a recorded problem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(line, field, "missing or empty")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(line, field, f"expected text, got {type(value).__name__}")
        return None
    text = str(value).strip()
    if len(text) > MAX_FIELD_LENGTH:
        problems.add(line, field, f"longer than {MAX_FIELD_LENGTH} characters ({len(text)})")
        return None
    if any(ch in text for ch in "\n\r\x00"):
        problems.add(line, field, "contains a line break or NUL character")
        return None
    return text
