"""The twinning network as arrays: every city and every formal partnership, in numpy and scipy sparse form.

Partner suggestions and their evaluation score hundreds of thousands of pairs at a time; a networkx graph
would answer one pair per Python call. Here the pair indices of topology (common partners, Adamic-Adar,
resource allocation) are rows of sparse two-hop matrices, computed once per snapshot.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sparse

from kg.geo import distances_km
from kg.resolve.countries import continent_of
from kg.store.database import Database
from kg.store.queries import read_query


@dataclass(frozen=True)
class Cities:
    """Every city of the graph, by index: what the features need to know of each."""

    keys: list[str]
    names: list[str]
    countries: list[str | None]
    kinds: list[str | None]
    whole: np.ndarray  # index of the city each one is a part of (a district's city), else -1
    latitude: np.ndarray  # degrees, NaN when unknown
    longitude: np.ndarray
    log_population: np.ndarray  # NaN when unknown
    country_id: np.ndarray  # index into country_codes, -1 when unknown
    continent_id: np.ndarray  # -1 when unknown
    country_codes: list[str]

    @classmethod
    def from_rows(cls, rows: list[list]) -> "Cities":
        """Rows of [key, name, country, latitude, longitude, population, kind, whole key]."""
        return cls.from_columns(*(list(column) for column in zip(*rows))) if rows else cls.from_columns(*[[]] * 8)

    @classmethod
    def from_columns(cls, keys: list[str], names: list[str], countries: list, latitudes: list, longitudes: list,
                     populations: list, kinds: list, wholes: list) -> "Cities":
        """The columns as `suggest_cities.cypher` returns them (None or '' unknown), put in key order."""
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys, names, countries, kinds, wholes = ([column[i] for i in order]
                                                 for column in (keys, names, countries, kinds, wholes))
        countries = [c or None for c in countries]
        index = {k: i for i, k in enumerate(keys)}
        codes = sorted({c for c in countries if c})
        continents = {c: continent_of(c) for c in codes}
        continent_list = sorted({c for c in continents.values() if c})
        code_id = {c: i for i, c in enumerate(codes)}
        continent_index = {continent: i for i, continent in enumerate(continent_list)}
        continent_id = {c: continent_index.get(continents[c] or "", -1) for c in codes}
        population = np.array([populations[i] or np.nan for i in order], dtype=float)
        population[population <= 0] = np.nan
        return cls(
            keys=keys, names=names, countries=countries, kinds=[k or None for k in kinds],
            whole=np.array([index.get(w, -1) for w in wholes], dtype=np.int64),
            latitude=np.array([latitudes[i] for i in order], dtype=float),  # None becomes NaN
            longitude=np.array([longitudes[i] for i in order], dtype=float),
            log_population=np.log(population),
            country_id=np.array([code_id.get(c, -1) for c in countries], dtype=np.int64),
            continent_id=np.array([continent_id.get(c, -1) for c in countries], dtype=np.int64),
            country_codes=codes)

    def __len__(self) -> int:
        return len(self.keys)

    @cached_property
    def index(self) -> dict[str, int]:
        """City key -> its index in the arrays."""
        return {k: i for i, k in enumerate(self.keys)}


@dataclass(frozen=True)
class Network:
    """The cities and the partnerships among them (`edges`: unique pairs of indices, smaller first)."""

    cities: Cities
    edges: np.ndarray
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_rows(cls, city_rows: list[list], pair_rows: list[list]) -> "Network":
        """The network from query rows: [key, name, country, ...] per city and [key, key] per pair."""
        return cls.of(Cities.from_rows(city_rows), pair_rows)

    @classmethod
    def of(cls, cities: Cities, pair_rows: list[list]) -> "Network":
        """The cities and the [key, key] pairs among them (each pair once, whatever its order or repeats)."""
        n = len(cities)
        keys = np.array(cities.keys, dtype=str)
        named = np.array(pair_rows, dtype=str).reshape(-1, 2)
        ends = np.minimum(np.searchsorted(keys, named), max(n - 1, 0))  # the keys are sorted
        known = (keys[ends] == named).all(axis=1) if n else np.zeros(len(named), dtype=bool)
        ends = ends[known & (ends[:, 0] != ends[:, 1])]
        codes = np.unique(ends.min(axis=1) * n + ends.max(axis=1))
        return cls(cities, np.column_stack([codes // n, codes % n]))

    def without(self, hidden: np.ndarray) -> "Network":
        """The same cities without the partnerships at positions `hidden` of `edges`: what a model may see."""
        kept = np.ones(len(self.edges), dtype=bool)
        kept[hidden] = False
        return Network(self.cities, self.edges[kept])

    @property
    def size(self) -> int:
        """How many cities."""
        return len(self.cities)

    def _cached(self, name: str, make):
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]

    @property
    def adjacency(self) -> sparse.csr_matrix:
        """The symmetric 0/1 adjacency matrix (cached)."""
        def make():
            a, b = self.edges[:, 0], self.edges[:, 1]
            ones = np.ones(2 * len(a))
            return sparse.csr_matrix((ones, (np.r_[a, b], np.r_[b, a])), shape=(self.size, self.size))
        return self._cached("adjacency", make)

    @property
    def degree(self) -> np.ndarray:
        """Each city's number of partners (cached)."""
        return self._cached("degree", lambda: np.asarray(self.adjacency.sum(axis=1)).ravel())

    def two_hop(self, weight: str) -> sparse.csr_matrix:
        """Paths of length two between cities, each through a partner weighted by `weight`: 'count' (common
        partners), 'adamic_adar' (1 / log degree) or 'resource' (1 / degree)."""
        def make():
            degree = self.degree
            with np.errstate(divide="ignore"):
                weights = {"count": np.ones_like(degree), "adamic_adar": 1 / np.log(np.maximum(degree, 2)),
                           "resource": 1 / np.maximum(degree, 1)}[weight]
            return (self.adjacency @ sparse.diags(weights) @ self.adjacency).tocsr()
        return self._cached(f"two_hop_{weight}", make)

    @property
    def country_pairs(self) -> np.ndarray:
        """Partnerships between the cities of each pair of countries (symmetric; a country with itself too)."""
        def make():
            count = len(self.cities.country_codes)
            ids = self.cities.country_id[self.edges]
            known = ids[(ids >= 0).all(axis=1)]
            table = np.zeros((count, count))
            np.add.at(table, (known[:, 0], known[:, 1]), 1)
            np.add.at(table, (known[:, 1], known[:, 0]), 1)
            table[np.diag_indices(count)] /= 2  # a domestic pair was counted from both ends
            return table
        return self._cached("country_pairs", make)

    @property
    def partner_countries(self) -> np.ndarray:
        """For each city, the share of its partners in each country (rows of zeros for cities without any)."""
        def make():
            ids = self.cities.country_id
            known = ids >= 0
            by_country = sparse.csr_matrix((np.ones(known.sum()), (np.flatnonzero(known), ids[known])),
                                           shape=(self.size, len(self.cities.country_codes)))
            counts = (self.adjacency @ by_country).toarray()
            return counts / np.maximum(self.degree, 1)[:, None]
        return self._cached("partner_countries", make)

    def neighbours(self, city: int) -> np.ndarray:
        """The indexes of a city's partners."""
        a = self.adjacency
        return a.indices[a.indptr[city]:a.indptr[city + 1]]

    def fingerprint(self) -> str:
        """Changes whenever a city or a partnership does: the key a fitted model is kept under."""
        digest = hashlib.sha256()
        digest.update("\n".join(self.cities.keys).encode())
        digest.update(self.edges.tobytes())
        digest.update(np.nan_to_num(self.cities.log_population).tobytes())
        return digest.hexdigest()[:16]


def sample(matrix: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """matrix[rows[i], columns[i]] for every i, as a flat array."""
    if len(rows) == 0:
        return np.zeros(0)
    return np.asarray(matrix[rows, columns]).ravel()


def distance_km(cities: Cities, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Great-circle distances between the cities u[i] and v[i], NaN where a city has no coordinates."""
    return distances_km(cities.latitude[u], cities.longitude[u], cities.latitude[v], cities.longitude[v])


def read_network(db: Database) -> Network:
    """The whole graph's cities and partnerships, in two queries run side by side."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        city_rows = pool.submit(db.read, read_query("suggest_cities"))
        pair_rows = pool.submit(db.read, read_query("suggest_pairs"))
        columns, ends = city_rows.result()[0], pair_rows.result()[0]
    whole = {part: of for part, of in columns["parts"] if part is not None}
    cities = Cities.from_columns(columns["keys"], columns["names"], columns["countries"], columns["latitudes"],
                                 columns["longitudes"], columns["populations"], columns["kinds"],
                                 [whole.get(key) for key in columns["keys"]])
    return Network.of(cities, [[a, b] for a, b in zip(ends["a"], ends["b"])])
