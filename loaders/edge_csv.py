"""Edge lists in CSV/TSV: one partnership per row, `city1,country1,city2,country2` by default.

Strict by default: the whole file is checked first and any invalid row stops the load with its line and
field. With `skip_invalid`, invalid rows are set aside (with reasons) and the valid ones load.
Every valid row is a statement, cited on its relationship: a pair stated again (in either order) adds its
row to the citations and is counted as a repeat, never dropped. A row naming the same name twice
("Nienburg,Germany,Nienburg,Germany") names two homonyms: its second end is the next place of that name.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError, InvalidDate, Problem
from kg.files import text_lines
from kg.loaders.common import MAX_FIELD_LENGTH, content_source_key, file_provenance, unsafe_character
from kg.records import Citation, CityRef, Dataset, Pair, PairStream, SourceInfo, StatementRows
from kg.resolve.countries import country_and_region
from kg.resolve.dates import parse_since
from kg.resolve.names import proper_case
from kg.vocabulary import PAIR_RELATIONS, PARTNER_OF


@dataclass
class CsvColumns:
    """Which columns of the file hold the two cities, their countries, points and the year signed."""
    city1: str = "city1"
    country1: str = "country1"
    city2: str = "city2"
    country2: str = "country2"
    lat1: str | None = None
    lon1: str | None = None
    lat2: str | None = None
    lon2: str | None = None
    since: str | None = None
    area1: tuple[str, ...] = ()  # columns that set the first city within its country, narrowest first


@dataclass
class CsvOptions:
    """How to read an edge list: columns, delimiter, relation, the source's identity and licence."""
    columns: CsvColumns
    delimiter: str | None = None  # None: sniffed from the header among , ; tab |
    relation: str = PARTNER_OF
    skip_invalid: bool = False
    unknown_country: str = "error"  # "error", or "keep" (the city stays, unresolved, for datasets)
    source_key: str | None = None
    cite_as: str | None = None  # what citations start with [default: the file name]: "<cite_as>:<line>"
    source_title: str | None = None
    licence: str | None = None
    attribution: str | None = None
    retrieved: str | None = None  # the day the data was taken, YYYY-MM-DD [default: the file's modification day]
    coordinates: dict[tuple[str, str], tuple[float, float]] | None = None  # (name, raw country) -> lat, lon
    dropped_points: dict[tuple[str, str], str] | None = None  # (name, raw country) -> why its point was not kept
    first_column_claims: bool = False  # the file lists each first-column city's own partners (Wikipedia lists)
    limit: int | None = None  # read only the first N valid statements (a quick look)
    proper_case: bool = False  # names written in lower case take the case of place names ("la spezia")
    area_of: dict[tuple[str, str], tuple[str, ...]] | None = None  # (name, raw country) -> area, for an end
                                                                    # whose own row gives none


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.__getitem__) if max(counts.values()) else ","


def load_edge_csv(path: str | Path, options: CsvOptions) -> Dataset:
    """The validating pass over an edge list: every row checked (`InputError` when strict and any is
    invalid), rows and repeats counted, the distinct names collected. The statements are kept as numbers
    (`StatementRows`: two name indexes and a line each), not as `Pair`s, which the Dataset's `pairs` read
    from the file again when iterated: a load's memory grows with its distinct names and 12 bytes a row."""
    path = Path(path)
    if options.relation not in PAIR_RELATIONS:
        raise InputError([Problem(str(path), None, "relation", f"must be one of {', '.join(PAIR_RELATIONS)}")],
                         parameter="relation")
    edges = EdgeFile(path, options, options.source_key or content_source_key("file", path))
    problems: list[Problem] = []
    names: dict[CityRef, int] = {}
    rows = StatementRows(options.relation, options.first_column_claims)  # each statement as numbers
    for pair in edges.pairs(problems):
        a, b = (names.setdefault(ref, len(names)) for ref in (pair.a, pair.b))
        rows.add(a, b, int(pair.citation.where.rpartition(":")[2]), pair.since, pair.since_year)
    if edges.rows_read == 0 and not problems:
        problems.append(Problem(str(path), 2, None, "no data rows after the header"))
    if problems and not options.skip_invalid:
        raise InputError(problems)
    # names: every end in the order the statements first name it, each row's first end first
    stream = PairStream(edges.pairs, len(rows), list(names), str(path), source_id=edges.source_key,
                        cite_as=options.cite_as or path.name, rows=rows)
    return Dataset(sources=[edges.source()], pairs=stream,
                   rows_read=edges.rows_read, duplicates=rows.repeats(), rejected=problems)


class EdgeFile:
    """One edge list, read row by row: each pass yields its valid statements as `Pair`s."""

    def __init__(self, path: Path, options: CsvOptions, source_key: str):
        self.path, self.options, self.source_key = path, options, source_key
        self.rows_read = 0

    def source(self) -> SourceInfo:
        """The file's Source record."""
        o = self.options
        return SourceInfo(key=self.source_key, title=o.source_title or self.path.name, kind="dataset",
                          file=self.path.name, licence=o.licence, attribution=o.attribution,
                          **file_provenance(self.path, o.retrieved))

    def pairs(self, problems: list[Problem] | None = None) -> Iterator[Pair]:
        """The file's valid statements in order (at most `options.limit`); invalid rows go to `problems`."""
        problems = [] if problems is None else problems
        reader, index = _open_with_header(self.path, self.options)
        cite_as, name = self.options.cite_as or self.path.name, str(self.path)
        self.rows_read = yielded = 0
        ends: dict = {}
        line = ended = reader.line_num  # a record starts on the line after the last one ended
        try:
            for row in reader:
                line, ended = ended + 1, reader.line_num  # a quoted field may span lines: cite where it starts
                if not "".join(row).strip():
                    continue
                self.rows_read += 1
                pair = _row_pair(name, line, row, index, self.options, problems,
                                 Citation(self.source_key, f"{cite_as}:{line}"), ends)
                if pair is not None:
                    yield pair
                    yielded += 1
                    if self.options.limit is not None and yielded >= self.options.limit:
                        return
        except csv.Error as exc:
            problems.append(Problem(name, ended + 1, None, f"unreadable CSV (the record starting on this line): {exc}"))


def _open_with_header(path: Path, options: CsvOptions):
    """A CSV reader past the header, and the header's column positions; a missing column is refused with a
    hint (the delimiter, or the column options)."""
    lines = text_lines(path)
    first_line = next(lines, "")
    delimiter = options.delimiter or _sniff_delimiter(first_line)
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise InputError([Problem(str(path), 1, None, f"cannot read the header: {exc}")]) from None
    cols = options.columns
    wanted = [c for c in (cols.city1, cols.country1, cols.city2, cols.country2, cols.lat1, cols.lon1, cols.lat2,
                          cols.lon2, cols.since, *cols.area1) if c]
    missing = [c for c in wanted if c not in header]
    if missing:
        hint, parameter = "", None
        others = [d for d in (",", ";", "\t", "|") if d != delimiter and d in first_line]
        if others:
            hint, parameter = f"; is the delimiter {others[0]!r}? ({{parameter}})", "delimiter"
        elif len(header) >= 4:
            hint, parameter = "; name the columns with {parameter}", "columns"
        raise InputError([Problem(str(path), 1, ", ".join(missing),
                                  f"missing column(s) in the header {header!r}{hint}")], parameter=parameter)
    return reader, {h: i for i, h in enumerate(header)}


def _row_pair(name: str, line: int, row: list[str], index: dict[str, int], options: CsvOptions,
              problems: list[Problem], citation: Citation, ends: dict | None = None) -> Pair | None:
    """One row as a Pair, or None with its problems recorded. `ends` remembers each distinct endpoint as
    read: a big file names the same places again and again, each is checked once and is one CityRef."""
    if len(row) != len(index):
        problems.append(Problem(name, line, "row", f"has {len(row)} fields, the header has {len(index)}", row))
        return None
    ends = {} if ends is None else ends
    cols = options.columns
    refs: list[CityRef] = []
    whys: list[tuple[str, str]] = []
    for side, area in (((cols.city1, cols.country1, cols.lat1, cols.lon1), cols.area1),
                       ((cols.city2, cols.country2, cols.lat2, cols.lon2), ())):
        raw: tuple = tuple(row[index[col]].strip() if col else "" for col in side)
        own_area = tuple(row[index[col]].strip() for col in area if row[index[col]].strip())
        raw += (own_area or (options.area_of or {}).get(raw[:2], ()),)
        known = ends.get(raw)
        if known is None:
            known = ends[raw] = _endpoint(raw, side, options)
        refs.append(known[0])
        whys += known[1]
    since = since_year = None
    if cols.since and row[index[cols.since]].strip():
        try:
            since, since_year = parse_since(row[index[cols.since]].strip())
        except InvalidDate as exc:
            whys.append((cols.since, str(exc)))
    if whys:
        problems.extend(Problem(name, line, field, message, row) for field, message in whys)
        return None
    a, b = refs
    if a.name == b.name and a == b:  # two homonyms: the second end is the next place of the name
        b = replace(b, homonym=1)
    return Pair(a=a, b=b, relation=options.relation, citation=citation,
                claimed_by=[a] if options.first_column_claims else [], since=since, since_year=since_year)


def _endpoint(raw: tuple, columns: tuple, options: CsvOptions) -> tuple[CityRef, list[tuple[str, str]]]:
    """One end of a row from its raw values (name, country, latitude, longitude, area): the CityRef, with its
    country code and coordinates (from the row, or the coordinates table), and what is wrong with it."""
    city, raw_country, raw_lat, raw_lon, area = raw
    city_col, country_col, lat_col, _ = columns
    whys = []
    if not city:
        whys.append((city_col, "empty city name"))
    elif len(city) > MAX_FIELD_LENGTH:
        whys.append((city_col, f"longer than {MAX_FIELD_LENGTH} characters"))
    elif unsafe := unsafe_character(city):
        whys.append((city_col, unsafe))
    code, region = country_and_region(raw_country)
    if code is None and options.unknown_country == "error":
        whys.append((country_col, f"unknown country {raw_country!r}" if raw_country else "empty country"))
    lat = lon = None
    if raw_lat and raw_lon:
        try:
            lat, lon = float(raw_lat), float(raw_lon)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            whys.append((lat_col, f"bad coordinates {raw_lat!r}, {raw_lon!r}"))
            lat = lon = None
    elif options.coordinates is not None:
        lat, lon = options.coordinates.get((city, raw_country), (None, None))
    if any(len(part) > MAX_FIELD_LENGTH or unsafe_character(part) for part in area):
        whys.append(("area", f"a province or region longer than {MAX_FIELD_LENGTH} characters or with a control "
                             "character"))
    name = proper_case(city) if options.proper_case else city
    note = (options.dropped_points or {}).get((city, raw_country))
    return CityRef(name=name, country=code, latitude=lat, longitude=lon, area=area, region=region,
                   as_written=city if name != city else None, point_note=note), whys

