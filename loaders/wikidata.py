"""Wikidata P190 ("twinned administrative body") statements, keyed by QIDs.

Two shapes are read:
- SPARQL query results (JSON, CSV or TSV, as the Wikidata Query Service returns them) of the query in the
  docs/loading.md (`WIKIDATA_QUERY`): `item, itemLabel, itemCountry, itemCoord, twin, twinLabel, twinCountry,
  twinCoord`;
- bare QID pairs, one `Q1<TAB>Q2` per line with no header (e.g. L3viathan/sister-cities'
  `relations.tsv`), with labels from a `QID<TAB>label` file.

Each statement is its subject's own claim: a pair stated from both sides is one relationship claimed by
both. Items with a country are resolved against GeoNames like every other city; items without one keep
their QID as key (`wd:Q64`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NoReturn

from kg.errors import InputError, InvalidDate, Problem
from kg.files import text_lines
from kg.loaders.common import MAX_NAME, content_source_key, file_provenance, unsafe_character
from kg.records import Citation, CityRef, Dataset, Pair, PairStream, Restream, SourceInfo, StatusChange
from kg.resolve.countries import country_code
from kg.resolve.dates import parse_since
from kg.values import stated_day
from kg.vocabulary import PARTNER_OF

# P190 statements, not just links: start (P580) and end (P582) qualifiers, the statement's reference URLs
# (P854), and for both ends the GeoNames ID (P1566), the country's ISO code (P17/P297), the point (P625) and
# the English label. A row per statement and reference (and per country or point an item has several of).
WIKIDATA_QUERY = """SELECT ?item ?itemLabel ?itemGeonames ?itemCountry ?itemCoord ?twin ?twinLabel ?twinGeonames
       ?twinCountry ?twinCoord ?start ?end ?ref WHERE {
  ?item p:P190 ?statement .
  ?statement ps:P190 ?twin .
  OPTIONAL { ?statement pq:P580 ?start . }
  OPTIONAL { ?statement pq:P582 ?end . }
  OPTIONAL { ?statement prov:wasDerivedFrom/pr:P854 ?ref . }
  OPTIONAL { ?item wdt:P1566 ?itemGeonames . }
  OPTIONAL { ?item wdt:P17/wdt:P297 ?itemCountry . }
  OPTIONAL { ?item wdt:P625 ?itemCoord . }
  OPTIONAL { ?twin wdt:P1566 ?twinGeonames . }
  OPTIONAL { ?twin wdt:P17/wdt:P297 ?twinCountry . }
  OPTIONAL { ?twin wdt:P625 ?twinCoord . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,mul". }
}"""
_QID = re.compile(r"(?:https?://www\.wikidata\.org/entity/)?(Q[1-9]\d{0,11})$")  # an item of Wikidata's own
_POINT = re.compile(r"(?:<[^>]*>\s*)?Point\(\s*(-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)\s+(-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)\s*\)",
                    re.I)
LICENCE = "CC0 1.0 (Wikidata)"
KEEP_STATEMENTS = 100_000  # a file of more is read again each time its statements are needed, never held


def _qid(value: str) -> str | None:
    """'Q64', or the QID of an item IRI of wikidata.org's entity namespace; None for anything else (an IRI of
    another host is no Wikidata item, whatever its last segment)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    m = _QID.fullmatch(value)
    return sys.intern(m.group(1)) if m else None  # one string per item, however many rows name it


_TURTLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tnrbf\"'\\])")


def _literal(value: str) -> str:
    """A SPARQL TSV term as its text: '"Berlin"@en' -> 'Berlin', with Turtle's escapes undone ('\\"' is a
    quote, '\\\\' a backslash), so the TSV and the JSON of one response read the same."""
    value = value.strip()
    m = re.fullmatch(r'"(.*)"(?:@[\w-]+|\^\^<[^>]+>)?', value, re.S)
    if not m:
        return value
    return _ESCAPE.sub(lambda e: chr(int(e.group(1)[1:], 16)) if e.group(1)[0] in "uU"
                       else _TURTLE_ESCAPES[e.group(1)], m.group(1))


def _point(value: str | None) -> tuple[float | None, float | None] | None:
    """(latitude, longitude) of a WKT 'Point(lon lat)', (None, None) for no value or a point off the Earth
    (Wikidata's points on other globes), None for text that is no point at all."""
    if value is None or not value.strip():
        return None, None
    m = _POINT.fullmatch(value.strip())
    if not m:
        return None
    lon, lat = float(m.group(1)), float(m.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)


def _rows_from_sparql(path: Path, first: str) -> tuple[Iterator[tuple[int, dict[str, str]]], dict]:
    """(row number, {variable: value}) for every result, read as the file streams (a JSON file through
    ijson, a CSV or TSV file line by line: memory follows the rows kept, not the file's size), and what
    `kg fetch wikidata` recorded of the fetch (query, endpoint, retrieval time; empty for a file from
    elsewhere)."""
    record = _fetch_record(str(path), _json_fetch_record(path)) if first.lstrip().startswith("{") else {}
    return _sparql_rows(path, first), record


def _sparql_rows(path: Path, first: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {variable: value}) for every result, read again as the file streams."""
    return _json_rows(path) if first.lstrip().startswith("{") else _table_rows(path, "\t" if "\t" in first else ",")


def _json_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    import ijson

    name = str(path)
    with open(path, "rb") as handle:
        try:
            for i, binding in enumerate(ijson.items(handle, "results.bindings.item", use_float=True), 1):
                if not isinstance(binding, dict) or not all(
                        isinstance(v, dict) and isinstance(v.get("value", ""), str) for v in binding.values()):
                    raise InputError([Problem(name, i, "results.bindings", "a result is not {variable: {value: "
                                                                           f"text}}}} (result {i:,})")])
                yield i, {k: v.get("value", "") for k, v in binding.items()}
        except ijson.JSONError as exc:
            raise InputError([Problem(name, None, None, f"not SPARQL JSON results: {exc}")]) from None


def _json_fetch_record(path: Path) -> object:
    """The file's "kg" record (written last by `kg fetch wikidata`), or None; the file must be JSON results."""
    import ijson

    found: object = None
    has_results = False
    with open(path, "rb") as handle:
        try:
            for prefix, event, _value in ijson.parse(handle, use_float=True):
                if prefix == "results.bindings" and event == "start_array":
                    has_results = True
                elif prefix == "kg" and event == "start_map":
                    break
            else:
                if not has_results:
                    _not_results(path)
                return None
        except ijson.JSONError as exc:
            raise InputError([Problem(str(path), None, None, f"not SPARQL JSON results: {exc}")]) from None
    with open(path, "rb") as handle:
        found = next(ijson.items(handle, "kg", use_float=True), None)
    if not has_results:
        _not_results(path)
    return found


def _not_results(path: Path) -> NoReturn:
    raise InputError([Problem(str(path), None, "results.bindings", "not SPARQL JSON results: no results.bindings")])


def _table_rows(path: Path, delimiter: str) -> Iterator[tuple[int, dict[str, str]]]:
    name = str(path)
    # SPARQL TSV writes RDF terms ("Berlin"@en, <http://...>): no CSV quoting there
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(text_lines(path), delimiter=delimiter, quoting=quoting)
    header = [h.strip().lstrip("?") for h in next(reader)]
    missing = [v for v in ("item", "twin") if v not in header]
    if missing:
        raise InputError([Problem(name, 1, ", ".join(missing), f"missing SPARQL variable(s); the header is {header}. "
                                                              "Run the query in docs/loading.md.")])
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError([Problem(name, reader.line_num, "row",
                                      f"has {len(row)} fields, the header has {len(header)}")])
        yield reader.line_num, {h: (_literal(v) if delimiter == "\t" else v) for h, v in zip(header, row)}


def _fetch_record(name: str, record: object) -> dict:
    """What `kg fetch wikidata` recorded in the file (endpoint, retrieval time), checked as every input is: a
    hand-edited file must not put a `javascript:` URL into a Source or a date no reader understands."""
    if not isinstance(record, dict):
        return {}
    problems = []
    endpoint, retrieved = record.get("endpoint"), record.get("retrieved")
    if endpoint is not None and not (isinstance(endpoint, str) and re.fullmatch(r"https?://[^\s]{1,2000}", endpoint)):
        problems.append(Problem(name, None, "kg.endpoint", f"not an http(s) URL: {str(endpoint)[:60]!r}"))
    if retrieved is not None and not (isinstance(retrieved, str) and _retrieval_time(retrieved)):
        problems.append(Problem(name, None, "kg.retrieved", f"not a date and time by now (YYYY-MM-DD...): "
                                                           f"{str(retrieved)[:40]!r}"))
    if problems:
        raise InputError(problems)
    return record


def _retrieval_time(text: str) -> bool:
    day = stated_day(text, by_today=True, day_only=True)
    return day is not None and day >= dt.date(2012, 10, 29)  # Wikidata's own first day


def load_wikidata(path: str | Path, names: str | Path | None = None, *, source_key: str | None = None,
                  title: str | None = None, limit: int | None = None, retrieved: str | None = None) -> Dataset:
    """Parse P190 statements into a `Dataset` (strict: any bad row stops it with its line); `limit` keeps the
    first N statements (a quick look); `retrieved` is the day the data was taken [default: the time
    `kg fetch wikidata` recorded in the file, else the file's modification day]. Of a file of more than
    `KEEP_STATEMENTS` statements the validating pass keeps only the distinct items; the statements and their
    status changes are read again from the file when the load needs them, so memory follows the items, not
    the file."""
    path = Path(path)
    problems: list[Problem] = []
    labels = _labels(Path(names), problems) if names else {}
    first = _first_line(path)
    bare = bool(re.fullmatch(r"Q\d+\s+Q\d+\s*", first.strip()))
    fetched: dict = {} if bare else _rows_from_sparql(path, first)[1]
    source = SourceInfo(key=source_key or content_source_key("wikidata-p190", path),
                        title=title or f"Wikidata P190 statements ({path.name})", kind="dataset",
                        file=path.name, licence=LICENCE, attribution="Wikidata contributors",
                        url=fetched.get("endpoint"),
                        **file_provenance(path, retrieved or (fetched.get("retrieved") or "")[:10] or None))

    def statements(problems: list[Problem]) -> Iterator[_Statement]:
        rows = _bare_statements(path, problems) if bare else _sparql_rows(path, first)
        return _statements(path, rows, labels, source.key, limit, problems)

    dataset = Dataset(sources=[source])
    seen: set[tuple[str, str]] = set()
    items: dict[CityRef, None] = {}  # the distinct items, in the order the file names them
    count = changes = 0
    kept: list[_Statement] | None = []  # a file of up to KEEP_STATEMENTS is held, not read again
    for statement in statements(problems):
        dataset.rows_read = statement.number_read
        if statement.pair is None:
            continue
        if kept is not None:
            kept.append(statement)
            if len(kept) > KEEP_STATEMENTS:
                kept = None
        pair = statement.pair
        items.update(dict.fromkeys((pair.a, pair.b)))
        direction = (pair.a.wikidata_id or "", pair.b.wikidata_id or "")
        if direction in seen:  # the same statement again (another reference, country or point): cited too
            dataset.duplicates += 1
        seen.add(direction)
        count += 1
        changes += len(statement.changes)
    if problems:
        raise InputError(problems)
    if kept is not None:
        dataset.pairs = [s.pair for s in kept if s.pair]
        dataset.status_changes = [change for s in kept for change in s.changes]
        return dataset
    dataset.pairs = PairStream(lambda: (s.pair for s in statements([]) if s.pair), count, list(items), str(path))
    dataset.status_changes = Restream(lambda: (c for s in statements([]) for c in s.changes), changes, str(path))
    return dataset


def _first_line(path: Path) -> str:
    """The file's first line that holds text, as far as its first 64 KiB go (what tells the file's shape: a
    JSON document is one line of any length); the file checked to be text first."""
    text_lines(path)  # refuses an empty or binary file with its name
    with open(path, "rb") as handle:
        head = handle.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff")
    return next((line for line in head.splitlines() if line.strip()), "")


@dataclass(slots=True)
class _Statement:
    """One row read: the rows read so far, and the statement with its status changes (None for a row with a
    problem, recorded)."""
    number_read: int
    pair: Pair | None = None
    changes: tuple[StatusChange, ...] = ()


def _statements(path: Path, rows: Iterator[tuple[int, dict[str, str]]], labels: dict[str, str], source_key: str,
                limit: int | None, problems: list[Problem]) -> Iterator[_Statement]:
    """Each row as a statement, checked (its problems recorded): its two ends, dates, reference, and the
    statement's period as changes of the pair's status (the curated files' model, each cited to the
    statement): active from its start, ended from its end; the latest change by a year decides then."""
    read = statements = 0
    for number, row in rows:
        if limit is not None and statements >= limit:
            break
        read += 1
        refs = _statement_ends(path, number, row, labels, problems)
        dates = _statement_dates(path, number, row, problems) if refs is not None else None
        if refs is None or dates is None:
            yield _Statement(read)
            continue
        (since, since_year), end = dates
        if since and end and end[:len(since)] < since[:len(end)]:
            problems.append(Problem(str(path), number, "end", f"ends ({end}) before it starts ({since})"))
            yield _Statement(read)
            continue
        reference = _reference(row.get("ref"))
        citation = Citation(source_key, f"{path.name}:{number}" + (f" {reference}" if reference else ""))
        # each statement is its subject's claim; the writer merges both directions into one relationship
        pair = Pair(a=refs[0], b=refs[1], relation=PARTNER_OF, citation=citation, claimed_by=[refs[0]],
                    since=since, since_year=since_year)
        changes = tuple(StatusChange(a=refs[0], b=refs[1], status=status, since=day, citation=citation,
                                     url=reference) for status, day in (("active", since), ("ended", end)) if day)
        statements += 1
        yield _Statement(read, pair, changes)


def _statement_dates(path: Path, number: int, row: dict[str, str], problems: list[Problem]
                     ) -> tuple[tuple[str | None, int | None], str | None] | None:
    """((since, since_year), end) from the statement's start and end times: a year where the value is the
    first of January (Wikidata's year precision), else the date; None with the problem recorded."""
    found: list = []
    for field in ("start", "end"):
        value = (row.get(field) or "").strip()
        if not value:
            found.append(None)
            continue
        m = re.fullmatch(r"\+?(\d{4})-(\d{2})-(\d{2})(?:T[\d:]+Z?)?", value)
        if not m:
            problems.append(Problem(str(path), number, field, f"not a date: {value[:40]!r}"))
            return None
        text = m.group(1) if m.group(2, 3) == ("01", "01") else f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        try:
            found.append(parse_since(text))
        except InvalidDate as exc:
            problems.append(Problem(str(path), number, field, str(exc)))
            return None
    start, end = found
    return (start or (None, None)), (end[0] if end else None)


def _reference(value: str | None) -> str | None:
    """A statement's reference URL (http or https only)."""
    value = (value or "").strip().strip("<>")
    return value if re.match(r"https?://", value) else None


def _labels(names: Path, problems: list[Problem]) -> dict[str, str]:
    """QID -> label from a QID<TAB>label file."""
    labels: dict[str, str] = {}
    for number, line in enumerate(text_lines(names), 1):
        line = line.rstrip("\r\n")
        if line.strip():
            parts = line.split("\t", 1)
            qid = _qid(parts[0]) if len(parts) == 2 else None
            if qid is None:
                problems.append(Problem(str(names), number, "label", "expected QID<TAB>label"))
            else:
                labels[qid] = parts[1].strip()
    return labels


def _bare_statements(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {item, twin}) from QID<TAB>QID lines, as the file streams."""
    for number, line in enumerate(text_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not all(_qid(p) for p in parts):
            problems.append(Problem(str(path), number, "row", f"expected QID<TAB>QID, got {line[:60]!r}"))
            continue
        yield number, {"item": parts[0], "twin": parts[1]}


def _statement_ends(path: Path, number: int, row: dict[str, str], labels: dict[str, str],
                    problems: list[Problem]) -> list[CityRef] | None:
    """The statement's subject and object as CityRefs, or None with the problem recorded."""
    refs = []
    for side in ("item", "twin"):
        qid = _qid(row.get(side, ""))
        if not qid:
            problems.append(Problem(str(path), number, side, f"not a Wikidata item: {row.get(side)!r}"))
            return None
        stated = row.get(f"{side}Label")
        if stated is not None and stated != "" and not stated.strip():
            problems.append(Problem(str(path), number, f"{side}Label", "a blank label: a label holds text"))
            return None
        label = (stated or "").strip() or labels.get(qid) or qid
        why = unsafe_character(label) or (f"longer than {MAX_NAME} characters ({len(label):,})"
                                          if len(label) > MAX_NAME else None)
        if why:
            problems.append(Problem(str(path), number, f"{side}Label", why))
            return None
        raw_country = (row.get(f"{side}Country") or "").strip()
        country = country_code(raw_country) if raw_country else None
        if raw_country and country is None:
            problems.append(Problem(str(path), number, f"{side}Country", f"unknown country {raw_country[:40]!r} "
                                                                       "(an ISO 3166-1 code or name)"))
            return None
        point = _point(row.get(f"{side}Coord"))
        if point is None:
            problems.append(Problem(str(path), number, f"{side}Coord", f"not a point (Point(longitude latitude)): "
                                                                     f"{str(row.get(f'{side}Coord'))[:40]!r}"))
            return None
        lat, lon = point
        geonames = (row.get(f"{side}Geonames") or "").strip()
        refs.append(CityRef(name=label, country=country, latitude=lat,
                            longitude=lon, wikidata_id=qid, geonames_id=int(geonames) if geonames.isdigit() else None))
    if refs[0].wikidata_id == refs[1].wikidata_id:
        problems.append(Problem(str(path), number, "twin", f"{refs[0].wikidata_id} twinned with itself"))
        return None
    return refs
