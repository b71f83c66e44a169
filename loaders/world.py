"""The world's twinning network shipped with the project: English Wikipedia's twin-town lists
(Hekman/twincities, CC BY-SA 4.0), with coordinates (Wikipedia API and OpenStreetMap Nominatim, ODbL).

Pairs come from `twin_cities_raw.csv`; each endpoint's coordinates are looked up in
`app_public_twin_cities.csv`, and the resolver uses them to tell homonyms apart. Each row comes from the
list of its first city's country, so the first city is the side that claims it.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from kg.records import Dataset
from loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv

SOURCE_KEY = "hekman-twincities-2026"
TITLE = "Twin towns and sister cities, from English Wikipedia's lists (Hekman/twincities, 2026)"
LICENCE = "CC BY-SA 4.0 (Wikipedia text); coordinates ODbL (OpenStreetMap Nominatim)"
ATTRIBUTION = "English Wikipedia contributors; © OpenStreetMap contributors; collected by Hekman/twincities"


def world_folder() -> Path:
    return Path(str(resources.files("kg.data") / "world"))


def world_coordinates(path: Path | None = None) -> dict[tuple[str, str], tuple[float, float]]:
    """(city, country as written) -> (lat, lon) from the geocoded copy of the pairs."""
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
    return coordinates


def load_world(limit: int | None = None) -> Dataset:
    """The world data set as a `Dataset`; rows that cannot be used are set aside and reported."""
    options = CsvOptions(columns=CsvColumns(), skip_invalid=True, unknown_country="keep",
                         source_key=SOURCE_KEY, source_title=TITLE, licence=LICENCE, attribution=ATTRIBUTION,
                         coordinates=world_coordinates(), first_column_claims=True, limit=limit)
    return load_edge_csv(world_folder() / "twin_cities_raw.csv", options)
