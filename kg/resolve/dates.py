"""Dates as twinning sources write them: '1960', '13.11.2015', '2. 3. 2012', '2015-11-13'."""

from __future__ import annotations

import datetime as dt
import re

from kg.errors import InvalidDate
from kg.values import stated_day

EARLIEST_YEAR = 800  # Paderborn and Le Mans, 836, is the oldest known partnership


def parse_since(value: object) -> tuple[str, int]:
    """('1960', 1960) or ('2015-11-13', 2015); raises InvalidDate with a reason.

    >>> parse_since("13.11.2015"), parse_since("2. 3. 2012"), parse_since(1960)
    (('2015-11-13', 2015), ('2012-03-02', 2012), ('1960', 1960))
    """
    text = str(value).strip()
    if re.fullmatch(r"\d{1,5}", text):
        year = int(text)
        check_year(year)
        return text, year
    m = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{3,4})", text)
    if m:  # the sources' day-first form, read as the ISO date it writes
        iso = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        iso = text
    else:
        raise InvalidDate(f"not a year or a date: {text!r} (use 1960, 13.11.2015 or 2015-11-13)")
    date = stated_day(iso, day_only=True)
    if date is None:
        raise InvalidDate(f"no such date: {text!r}")
    year = date.year
    check_year(year)
    if date > dt.date.today():
        raise InvalidDate(f"date in the future: {text!r}")
    return date.isoformat(), year


def check_year(year: int) -> int:
    """The year, when a partnership could have been signed in it; else InvalidDate."""
    this_year = dt.date.today().year
    if not EARLIEST_YEAR <= year <= this_year:
        raise InvalidDate(f"impossible year {year}: partnerships date from {EARLIEST_YEAR} to {this_year}")
    return year
