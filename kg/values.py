"""What a value of the schema of record may be, beyond its type: ranges, choices, text a name can hold, and
lengths Neo4j can index. One table, read by the loaders' text checks, the import of a dump and the export
(which refuses up front what the import would refuse), so every input meets the same rules.

    >>> value_problem("City", "latitude", 95)
    'latitude 95 is outside -90..90'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from kg.vocabulary import PLACE_KINDS

MAX_NAME = 300  # characters in a name, key or code: a city, country or area longer than this is not a name
MAX_TEXT = 100_000  # characters in any other text
MAX_INDEXED_BYTES = 8_000  # UTF-8 bytes Neo4j's range index holds in one key (8 KiB less its own overhead)

# Characters no name contains: C0/C1 controls and DEL, and the invisible bidirectional controls, which make
# "\u202edrowssap" display as "password" in a table or a view. Long texts may hold line breaks and tabs.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")

STATUSES = ("active", "suspended", "ended")
MEMBERSHIP_STATUSES = ("member", "cooperating")
EARLIEST_YEAR = 800  # the oldest town charters; a partnership, population or date before this is a typo


def stated_day(text: object, by_today: bool = False, day_only: bool = False) -> dt.date | None:
    """The one reading of an ISO date every check shares: the first day of 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or
    of an ISO date and time ('2026-11-30T12:00:00Z'), or None when the text is no real date (2022-02-30),
    is only a year or month where `day_only` asks for a day, or lies after today where `by_today` says so."""
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        return None
    parts = [int(part) for part in text.split("T")[0].split("-")]
    if day_only and len(parts) < 3:
        return None
    try:
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return None if by_today and day > dt.date.today() else day


def latest_year() -> int:
    """Next year: a partnership may be signed for a date announced ahead, never later."""
    return dt.date.today().year + 1


def unsafe_character(text: str, multiline: bool = False) -> str | None:
    """Why `text` cannot be stored ("contains the control character U+202E"), or None when it can; a long
    text (`multiline`) may hold line breaks and tabs."""
    found = (_UNSAFE_IN_TEXT if multiline else _UNSAFE).search(text)
    if found is None:
        return None
    kind = "bidirectional control" if found.group() in BIDI_CONTROLS else "control character"
    return f"contains the {kind} U+{ord(found.group()):04X}"


# property -> (low, high) for numbers; the same name means the same thing on every label
RANGES: dict[str, tuple[float, float | None]] = {
    "latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "population": (0, 100_000_000),
    "geonames_id": (1, 2 ** 53), "budget_eur": (0.0, 1e13), "eu_share": (0.0, 1e13),
}
YEAR_PROPERTIES = {"since_year", "population_year", "renewed"}
DATE_PROPERTIES = {"since", "status_since", "retrieved", "start_date", "end_date"}
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("City", "kind"): tuple(PLACE_KINDS), ("PARTNER_OF", "status"): STATUSES,
    ("FRIENDLY_WITH", "status"): STATUSES, ("MEMBER_OF", "status"): MEMBERSHIP_STATUSES,
}
# single-line texts of at most MAX_NAME characters: what names a thing, and what Neo4j indexes
NAMES = {"key", "code", "name", "name_folded", "country", "wikidata_id", "wikidata_ids", "aliases", "acronym",
         "kind", "status", "source_ids", "claimed_by", "resolution", "wikidata_resolution", "place_kind", "year",
         "basis", "role", "licence", "attribution", "search_names"}


def value_problem(owner: str, name: str, value: Any) -> str | None:
    """Why `value` cannot be `owner`.`name` (a label or relationship type and a property), or None. The
    declared type is checked by the caller (the model); this checks what the type allows but the graph must
    not hold: numbers out of range, years out of history, an unknown choice, blank, overlong or unsafe text."""
    if isinstance(value, list):
        for item in value:
            why = value_problem(owner, name, item)
            if why:
                return f"an item of the list: {why}"
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{name} {value} is not a finite number"
        if name in YEAR_PROPERTIES and not EARLIEST_YEAR <= value <= latest_year():
            return f"{name} {value} is not a year between {EARLIEST_YEAR} and {latest_year()}"
        low, high = RANGES.get(name, (-(2 ** 63), 2 ** 63 - 1))
        if value < low or (high is not None and value > high):
            return f"{name} {value:g} is outside {low:g}..{high:g}"
        return None
    if isinstance(value, str):
        return _text_problem(owner, name, value)
    return None


def _text_problem(owner: str, name: str, value: str) -> str | None:
    single = name in NAMES
    if single and not value.strip():
        return f"{name} is blank"
    limit = MAX_NAME if single else MAX_TEXT
    if len(value) > limit:
        return f"{name} is longer than {limit:,} characters ({len(value):,})"
    if len(value.encode("utf-8")) > MAX_INDEXED_BYTES and single:
        return f"{name} is longer than Neo4j can index ({MAX_INDEXED_BYTES:,} bytes)"
    why = unsafe_character(value, multiline=not single)
    if why:
        return f"{name} {why}"
    choices = CHOICES.get((owner, name))
    if choices and value not in choices:
        return f"{name} {value!r} is not one of {', '.join(choices)}"
    if name in DATE_PROPERTIES and value and not _real_date(value):
        return f"{name} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD) between {EARLIEST_YEAR} and " \
               f"{latest_year()}"
    return None


def _real_date(text: str) -> bool:
    day = stated_day(text)
    return day is not None and EARLIEST_YEAR <= day.year <= latest_year()
