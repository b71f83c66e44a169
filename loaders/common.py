"""What every loader shares: collecting problems with their place, and checking text fields."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, Problem

MAX_FIELD_LENGTH = 300  # a city, country or area longer than this is not a name


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
