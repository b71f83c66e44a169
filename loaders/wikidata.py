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
import io
import json
import re
from pathlib import Path
from typing import Literal

from kg.errors import InputError, InvalidDate, Problem
from kg.files import read_text
from kg.loaders.common import content_source_key, file_provenance, unsafe_character
from kg.records import Citation, CityRef, Dataset, Pair, SourceInfo, StatusChange
from kg.resolve.countries import country_code
from kg.resolve.dates import parse_since
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
_QID = re.compile(r"(?:.*/entity/)?(Q\d+)>?$")
_POINT = re.compile(r"Point\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.I)
LICENCE = "CC0 1.0 (Wikidata)"


def _qid(value: str) -> str | None:
    m = _QID.match(value.strip().strip("<>"))
    return m.group(1) if m else None


def _literal(value: str) -> str:
    """'"Berlin"@en' (TSV) -> 'Berlin'."""
    value = value.strip()
    m = re.fullmatch(r'"(.*)"(?:@[\w-]+|\^\^<[^>]+>)?', value, re.S)
    return m.group(1) if m else value


def _point(value: str | None) -> tuple[float | None, float | None]:
    m = _POINT.search(value or "")
    if not m:
        return None, None
    lon, lat = float(m.group(1)), float(m.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)


def _rows_from_sparql(path: Path, text: str) -> tuple[list[tuple[int, dict[str, str]]], dict]:
    """(row number, {variable: value}) for every result, and what `kg fetch wikidata` recorded of the fetch
    (query, endpoint, retrieval time; empty for a file from elsewhere)."""
    name = str(path)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            doc = json.loads(text)
            bindings = doc["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError([Problem(name, None, None, f"not SPARQL JSON results: {exc}")]) from None
        fetched = doc.get("kg") if isinstance(doc.get("kg"), dict) else {}
        return [(i + 1, {k: v.get("value", "") for k, v in b.items()}) for i, b in enumerate(bindings)], fetched
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    # SPARQL TSV writes RDF terms ("Berlin"@en, <http://...>): no CSV quoting there
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    header = [h.strip().lstrip("?") for h in next(reader)]
    missing = [v for v in ("item", "twin") if v not in header]
    if missing:
        raise InputError([Problem(name, 1, ", ".join(missing), f"missing SPARQL variable(s); the header is {header}. "
                                                              "Run the query in docs/loading.md.")])
    rows = []
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError([Problem(name, reader.line_num, "row",
                                      f"has {len(row)} fields, the header has {len(header)}")])
        rows.append((reader.line_num, {h: (_literal(v) if delimiter == "\t" else v) for h, v in zip(header, row)}))
    return rows, {}


def load_wikidata(path: str | Path, names: str | Path | None = None, *, source_key: str | None = None,
                  title: str | None = None, limit: int | None = None, retrieved: str | None = None) -> Dataset:
    """Parse P190 statements into a `Dataset` (strict: any bad row stops it with its line); `limit` keeps the
    first N statements (a quick look); `retrieved` is the day the data was taken [default: the time
    `kg fetch wikidata` recorded in the file, else the file's modification day]."""
    path = Path(path)
    text = read_text(path)
    problems: list[Problem] = []
    labels = _labels(Path(names), problems) if names else {}
    first = text.lstrip().split("\n", 1)[0]
    if re.fullmatch(r"Q\d+\s+Q\d+\s*", first):
        statements = _bare_statements(path, text, problems)
        fetched: dict = {}
    else:
        statements, fetched = _rows_from_sparql(path, text)
    pairs: list[Pair] = []
    source = SourceInfo(key=source_key or content_source_key("wikidata-p190", path),
                        title=title or f"Wikidata P190 statements ({path.name})", kind="dataset",
                        file=path.name, licence=LICENCE, attribution="Wikidata contributors",
                        url=fetched.get("endpoint"),
                        **file_provenance(path, retrieved or (fetched.get("retrieved") or "")[:10] or None))
    dataset = Dataset(pairs=pairs, sources=[source])
    seen: set[tuple[str, str]] = set()
    for number, row in statements:
        if limit is not None and len(dataset.pairs) >= limit:
            break
        dataset.rows_read += 1
        refs = _statement_ends(path, number, row, labels, problems)
        if refs is None:
            continue
        direction = (refs[0].wikidata_id, refs[1].wikidata_id)
        if direction in seen:  # the same statement again (another reference, country or point): cited too
            dataset.duplicates += 1
        seen.add(direction)
        dates = _statement_dates(path, number, row, problems)
        if dates is None:
            continue
        (since, since_year), end = dates
        reference = _reference(row.get("ref"))
        citation = Citation(dataset.sources[0].key, f"{path.name}:{number}" + (f" {reference}" if reference else ""))
        # each statement is its subject's claim; the writer merges both directions into one relationship
        pairs.append(Pair(a=refs[0], b=refs[1], relation=PARTNER_OF, citation=citation, claimed_by=[refs[0]],
                          since=since, since_year=since_year))
        if end:  # ended since the end time: the same status model as the curated files, cited to the statement
            dataset.status_changes.append(StatusChange(a=refs[0], b=refs[1], status="ended", since=end,
                                                       citation=citation, url=reference))
    if problems:
        raise InputError(problems)
    return dataset


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
    for number, line in enumerate(read_text(names).splitlines(), 1):
        if line.strip():
            parts = line.split("\t", 1)
            if len(parts) != 2 or not _qid(parts[0]):
                problems.append(Problem(str(names), number, "label", "expected QID<TAB>label"))
            else:
                labels[_qid(parts[0])] = parts[1].strip()
    return labels


def _bare_statements(path: Path, text: str, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """(line, {item, twin}) from QID<TAB>QID lines."""
    statements = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not all(_qid(p) for p in parts):
            problems.append(Problem(str(path), number, "row", f"expected QID<TAB>QID, got {line[:60]!r}"))
            continue
        statements.append((number, {"item": parts[0], "twin": parts[1]}))
    return statements


def _statement_ends(path: Path, number: int, row: dict[str, str], labels: dict[str, str],
                    problems: list[Problem]) -> list[CityRef] | None:
    """The statement's subject and object as CityRefs, or None with the problem recorded."""
    refs = []
    for side in ("item", "twin"):
        qid = _qid(row.get(side, ""))
        if not qid:
            problems.append(Problem(str(path), number, side, f"not a Wikidata item: {row.get(side)!r}"))
            return None
        label = row.get(f"{side}Label") or labels.get(qid) or qid
        if unsafe_character(label):
            problems.append(Problem(str(path), number, f"{side}Label", unsafe_character(label)))
            return None
        raw_country = row.get(f"{side}Country") or ""
        lat, lon = _point(row.get(f"{side}Coord"))
        geonames = (row.get(f"{side}Geonames") or "").strip()
        refs.append(CityRef(name=label, country=country_code(raw_country) if raw_country else None, latitude=lat,
                            longitude=lon, wikidata_id=qid, geonames_id=int(geonames) if geonames.isdigit() else None))
    if refs[0].wikidata_id == refs[1].wikidata_id:
        problems.append(Problem(str(path), number, "twin", f"{refs[0].wikidata_id} twinned with itself"))
        return None
    return refs
