"""What every loader shares: collecting problems with their place, and checking text fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NoReturn

from kg.errors import InputError, KGError, Problem
from kg.files import file_digest
from kg.values import MAX_NAME, stated_day, unsafe_character

MAX_FIELD_LENGTH = MAX_NAME  # a city, country or area longer than this is not a name


def shown(value: object, limit: int = 80) -> str:
    """A value as an error message quotes it: its repr, cut to `limit` characters (a message never holds
    the megabytes a bad input may carry)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


class Problems:
    """Collects problems for one file; `raise_if_any` stops the load before anything is written."""

    def __init__(self, file: str | Path):
        self.file = str(file)
        self.items: list[Problem] = []

    def add(self, line: int | None, field: str | None, message: str) -> None:
        """One problem of the file, with its line and field."""
        self.items.append(Problem(self.file, line, field, message))

    def raise_if_any(self) -> None:
        """Refuse the file when it has any problem (an InputError naming each)."""
        if self.items:
            raise InputError(self.items)

    def refuse(self) -> NoReturn:
        """Refuse the file for the problems already found (the caller met one it cannot go past)."""
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
    why = unsafe_character(text)
    if why:
        problems.add(line, field, why)
        return None
    return text


def content_source_key(prefix: str, path: Path) -> str:
    """A Source key that follows the file's content: `file:pairs.csv#1a2b3c4d5e6f`. Two different files of
    one name are two sources; the same file loaded again is the same source (the load stays idempotent)."""
    return f"{prefix}:{path.name}#{file_digest(path)[:12]}"


def file_provenance(path: Path, retrieved: str | None = None) -> dict[str, str]:
    """What a Source records of a user's file when nothing else tells: its content hash as the revision and,
    unless `retrieved` is given, its last-modified day (UTC) as the day the data was taken, the nearest a
    file says of its retrieval."""
    day = retrieval_day(retrieved) if retrieved is not None else \
        dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date().isoformat()
    return {"revision": f"sha256:{file_digest(path)[:16]}", "retrieved": day}


def retrieval_day(text: str) -> str:
    """The day data was taken, as YYYY-MM-DD by today; a clear refusal naming the `retrieved` parameter."""
    day = stated_day(text, by_today=True, day_only=True) if isinstance(text, str) and len(text) == 10 else None
    if day is None:
        raise KGError(f"{{parameter}} must be a day by today as YYYY-MM-DD, got {str(text)[:40]!r}.",
                      parameter="retrieved")
    return day.isoformat()
