"""The labelled sample of place names (`tests/data/resolution_sample.csv`) and how the resolver scores on it.

Each row is a name as a source gives it (the English lists with their country and coordinates, the Italian
list in lower case with its country in Italian and the province and region of an Italian municipality, or a
Wikidata label alone) and the GeoNames id it names in the project's gazetteer, or "none" when the place is
not there (a district, county or municipality the gazetteer lacks). Wikidata items are placed by their
partners in the graph: `score` takes those placements (QID -> key) when it has them. Precision counts the
names the resolver placed on a GeoNames place and how many of those are right; a wrong one is a wrong place
or a merge with another place. Recall is the share of names with an expected place that the resolver placed there.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from kg.records import CityRef, ResolvedCity
from kg.resolve.anchors import shared_anchors
from kg.resolve.context import PartnerContext, place_items
from kg.resolve.countries import country_and_region
from kg.resolve.names import fold, proper_case
from kg.resolve.places import read_name
from kg.resolve.resolver import Resolver
from kg.vocabulary import GEONAMES

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "resolution_sample.csv"


@dataclass
class SampleScore:
    """Precision and recall of the resolver on the labelled sample, with the wrong and missed names."""
    names: int = 0
    expected_places: int = 0  # names whose expected answer is a GeoNames place
    placed: int = 0  # names the resolver put on a GeoNames place
    correct: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (name, expected, got)
    missed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Placed names that are right, of all placed."""
        return self.correct / self.placed if self.placed else 1.0

    @property
    def recall(self) -> float:
        """Names placed right, of all that have a place."""
        return self.correct / self.expected_places if self.expected_places else 1.0


def sample_refs(path: Path = SAMPLE, with_source: bool = False) -> list[tuple]:
    """(the name as its source gives it, the expected key[, the source]) for every row of the sample."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat = float(row["latitude"]) if row["latitude"] else None
            lon = float(row["longitude"]) if row["longitude"] else None
            name = proper_case(row["name"])
            country, region = country_and_region(row["country"])
            area = tuple(part.strip() for part in (row.get("area") or "").split(";") if part.strip())
            ref = CityRef(name, country, latitude=lat, longitude=lon, wikidata_id=row["wikidata_id"] or None,
                          area=area, region=region,
                          as_written=row["name"] if name != row["name"] else None)
            rows.append((ref, row["expected"], row["source"]) if with_source else (ref, row["expected"]))
    return rows


def score(resolver: Resolver, path: Path = SAMPLE, placed: dict[str, str] | None = None,
          sources: set[str] | None = None) -> SampleScore:
    """Precision and recall on the sample (rows of `sources` only, when given); a Wikidata item in `placed`
    (QID -> key, e.g. read from the graph) is scored where it was placed, the others as the resolver places
    the name alone."""
    result = SampleScore()
    for ref, expected, source in sample_refs(path, with_source=True):
        if sources is not None and source not in sources:
            continue
        got = (placed or {}).get(ref.wikidata_id) or _alone(ref, resolver).key
        got_place = got if got.startswith(GEONAMES + ":") else "none"
        result.names += 1
        result.expected_places += expected != "none"
        if got_place != "none":
            result.placed += 1
            if got_place == expected:
                result.correct += 1
            else:
                result.wrong.append((ref.name, expected, got))
        elif expected != "none":
            result.missed.append((ref.name, expected, got))
    return result


def _alone(ref: CityRef, resolver: Resolver) -> ResolvedCity:
    """A name as placed with nothing else loaded: a bare Wikidata item by its own row (and kind), then its
    label; any other name by the resolver."""
    if ref.wikidata_id and ref.country is None and ref.latitude is None:
        return place_items({ref.wikidata_id: ref}, [], PartnerContext(), resolver, shared_anchors())[ref.wikidata_id]
    return resolver.resolve(ref)


def two_place_nodes(resolver: Resolver, resolved: dict) -> list[tuple[str, list[str]]]:
    """Nodes with a spelling that is neither the place's name, one of its GeoNames names, nor a close
    variant: the candidates for a merge of two places (read by hand; docs/entity-resolution.md states the count)."""
    spellings: dict[str, set[str]] = {}
    for ref, city in resolved.items():
        spellings.setdefault(city.key, set()).add(ref.name)
    suspects = []
    for key, names in sorted(spellings.items()):
        city = next(c for c in resolved.values() if c.key == key)
        if len(names) < 2 or not city.resolved:
            continue
        known = _names_of(resolver, city) | {fold(read_name(city.name).base)}
        parent = _names_of(resolver, city.parent) if city.parent else set()
        odd = [n for n in names if not _explained(n, known) and not _numbered_part_of(n, parent)]
        if odd:
            suspects.append((key, sorted(names)))
    return suspects


def _names_of(resolver: Resolver, city: ResolvedCity) -> set[str]:
    """The city's folded name and, for a GeoNames place, its other names there."""
    names = {fold(city.name)}
    if city.geonames_id:
        names |= set(resolver.places.other_names(city.geonames_id))
    return names


def _numbered_part_of(spelling: str, parent_names: set[str]) -> bool:
    """A numbered district named with one of its city's names: "Praga (distretto 7)" of Prague."""
    reading = read_name(spelling)
    return reading.number is not None and reading.parent is not None and fold(reading.parent) in parent_names


def _explained(spelling: str, known: set[str]) -> bool:
    reading = read_name(spelling)
    forms = {fold(spelling), fold(reading.base)}
    return any(f in known or any(k.startswith(f + " ") or difflib.SequenceMatcher(None, f, k).ratio() >= 0.85
                                 for k in known) for f in forms)
