"""The world's twinning network shipped with the project, from three sources (`WORLD_SOURCES`, loaded in
this order): English Wikipedia's twin-town lists (Hekman/twincities, CC BY-SA 4.0, with coordinates from the
Wikipedia API and OpenStreetMap Nominatim, ODbL), Italian Wikipedia's twinnings of Italian municipalities
(`kg.loaders.italian_wikipedia`, CC BY-SA) and Wikidata's P190 statements of 2016 (L3viathan/sister-cities,
CC0), whose items carry a label only and are placed by their partners in the other shipped sources (loaded
or not, so any order of loads gives the same graph).

English pairs come from `twin_cities_raw.csv`; each endpoint's coordinates are looked up in
`app_public_twin_cities.csv`, and the resolver uses them to tell homonyms apart. Each row comes from the
list of its first city's country, so the first city is the side that claims it.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path

from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
from kg.loaders.italian_wikipedia import FILE as ITALIAN_FILE
from kg.loaders.italian_wikipedia import SOURCE_KEY as ITALIAN_KEY
from kg.loaders.italian_wikipedia import load_italian_twinnings
from kg.loaders.seeds import parse_seeds
from kg.loaders.wikidata import load_wikidata
from kg.records import Dataset
from kg.resolve.names import fold

SOURCE_KEY = "hekman-twincities-2026"
TITLE = "Twin towns and sister cities, from English Wikipedia's lists (Hekman/twincities, 2026)"
LICENCE = "CC BY-SA 4.0 (Wikipedia text); coordinates ODbL (OpenStreetMap Nominatim)"
ATTRIBUTION = "English Wikipedia contributors; © OpenStreetMap contributors; collected by Hekman/twincities"


def world_folder() -> Path:
    """Where the shipped world data lives (kg/data/world)."""
    return Path(str(resources.files("kg.data") / "world"))


def world_coordinates(path: Path | None = None) -> dict[tuple[str, str], tuple[float, float]]:
    """(city, country as written) -> (lat, lon) from the geocoded copy of the pairs, placeholders left out
    (`placeholder_points`)."""
    coordinates, _ = geocoded_points(path)
    return coordinates


def geocoded_points(path: Path | None = None) -> tuple[dict[tuple[str, str], tuple[float, float]],
                                                        dict[tuple[str, str], str]]:
    """The geocoded points worth keeping, and for the others why not, by (city, country as written)."""
    path = path or world_folder() / "app_public_twin_cities.csv"
    coordinates: dict[tuple[str, str], tuple[float, float]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                try:
                    coordinates.setdefault((row[f"city{side}"].strip(), row[f"country{side}"].strip()),
                                           (float(row[f"lat{side}"]), float(row[f"lng{side}"])))
                except (TypeError, ValueError):
                    continue
    dropped = placeholder_points(coordinates, path.name)
    return {k: v for k, v in coordinates.items() if k not in dropped}, dropped


PLACEHOLDER_NAMES = 3  # a point that this many differently named places share stands for none of them


def placeholder_points(coordinates: dict[tuple[str, str], tuple[float, float]],
                       file: str) -> dict[tuple[str, str], str]:
    """The points a geocoder gave for a whole country or region rather than the place: whole degrees
    ((40, -100) for six US names) or one point for several differently named places (ten Japanese towns at
    (38.322, 142.369), New Taipei's districts at its centre). Such a point is no evidence for any of them."""
    names: dict[tuple[float, float], set[str]] = defaultdict(set)
    for (city, _), (lat, lon) in coordinates.items():
        names[(round(lat, 3), round(lon, 3))].add(fold(city))
    dropped = {}
    for (city, country), (lat, lon) in coordinates.items():
        sharing = len(names[(round(lat, 3), round(lon, 3))])
        if lat.is_integer() and lon.is_integer():
            dropped[(city, country)] = f"{file}: the point ({lat:g}, {lon:g}) is whole degrees, a placeholder"
        elif sharing >= PLACEHOLDER_NAMES:
            dropped[(city, country)] = (f"{file}: the point ({lat:.3f}, {lon:.3f}) is shared by {sharing} "
                                        f"differently named places, a placeholder")
    return dropped


def load_world(limit: int | None = None) -> Dataset:
    """The world data set as a `Dataset`; rows that cannot be used are set aside and reported."""
    coordinates, dropped = geocoded_points()
    options = CsvOptions(columns=CsvColumns(), skip_invalid=True, unknown_country="keep",
                         source_key=SOURCE_KEY, source_title=TITLE, licence=LICENCE, attribution=ATTRIBUTION,
                         coordinates=coordinates, dropped_points=dropped, first_column_claims=True, limit=limit)
    return with_upstream(load_edge_csv(world_folder() / "twin_cities_raw.csv", options))


WIKIDATA_KEY = "wikidata-p190-2016"
WIKIDATA_TITLE = "Wikidata P190 statements, a 2016 crawl from Weimar (L3viathan/sister-cities)"


RETRIEVED = "2026-11-23"  # the day the files were copied into the project, unchanged (kg/data/world/SOURCE.md)
# Where each shipped source comes from: its repository, the files it is, and the year of its data. The
# repositories tag no release, so the version a citation gives is the files' content hash.
UPSTREAM = {
    SOURCE_KEY: ("https://github.com/Hekman/twincities", ("twin_cities_raw.csv", "app_public_twin_cities.csv"),
                 "2026"),
    ITALIAN_KEY: ("https://github.com/giovanni-cutri/italian-municipalities-twinnings", (ITALIAN_FILE,), None),
    WIKIDATA_KEY: ("https://github.com/L3viathan/sister-cities",
                   ("wikidata_p190_relations.tsv", "wikidata_p190_names.tsv"), "2016"),
}


def with_upstream(dataset: Dataset) -> Dataset:
    """The dataset with its Source's upstream provenance (url, revision, retrieval date, year)."""
    url, files, year = UPSTREAM[dataset.sources[0].key]
    digest = hashlib.sha256()
    for name in files:
        digest.update((world_folder() / name).read_bytes())
    dataset.sources[0] = replace(dataset.sources[0], url=url, revision=f"sha256:{digest.hexdigest()[:16]}",
                                 retrieved=RETRIEVED, year=year)
    return dataset


def load_italian(limit: int | None = None) -> Dataset:
    """Italian Wikipedia's twinnings of Italian municipalities."""
    return with_upstream(load_italian_twinnings(world_folder() / ITALIAN_FILE, limit=limit))


def load_wikidata_2016(limit: int | None = None) -> Dataset:
    """Wikidata's P190 statements of 2016, with their labels; its items are placed among the partnerships
    of the other shipped data (the seeds, English and Italian Wikipedia, with the same limit), whether or not
    the graph holds them, so the graph is the same whatever the order of loads."""
    folder = world_folder()
    dataset = load_wikidata(folder / "wikidata_p190_relations.tsv", folder / "wikidata_p190_names.tsv",
                            source_key=WIKIDATA_KEY, title=WIKIDATA_TITLE, limit=limit)
    dataset.placed_among = (parse_seeds, partial(load_world, limit), partial(load_italian, limit))
    return with_upstream(dataset)


@dataclass(frozen=True)
class WorldSource:
    """One of the world's sources: the name `kg load world --source` takes, its Source key, a label for the
    summary, and its loader (taking a limit on the number of statements)."""

    name: str
    key: str
    label: str
    parse: Callable[[int | None], Dataset]


WORLD_SOURCES = (
    WorldSource("en-wikipedia", SOURCE_KEY, "English Wikipedia's lists (Hekman/twincities)", load_world),
    WorldSource("it-wikipedia", ITALIAN_KEY, "Italian Wikipedia (Italian municipalities)",
                load_italian),
    WorldSource("wikidata", WIKIDATA_KEY, "Wikidata P190 (2016)", load_wikidata_2016),
)
