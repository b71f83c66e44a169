"""Search as you type, from memory: every name a search matches (a city's folded name, its spellings and the
gazetteer's other names) held sorted, so a prefix is a bisection rather than the named query `city_search`'s
pass over every city and its 300,000 names (36 ms at the median on the world graph). It answers what
`TwinningGraph.search` answers, row for row, and reads the graph again when its node or relationship counts
change (a load, an import, a clear; the count store answers in a millisecond)."""

from __future__ import annotations

import threading
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, cast

from kg.api.rows import SearchHit
from kg.errors import QueryError
from kg.resolve.names import fold
from kg.store.queries import read_query

if TYPE_CHECKING:
    from kg.store.database import Database

HIT_FIELDS = ("name", "country", "key", "kind", "degree", "population")


class NameIndex:
    """The graph's searchable names in memory, for a process that searches often (the web app, a notebook)."""

    def __init__(self, db: Database):
        self._db = db
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._names: list[tuple[str, str]] = []  # (folded name, key), sorted
        self._cities: dict[str, dict[str, Any]] = {}

    def search(self, text: str, limit: int = 25) -> list[SearchHit]:
        """Cities with a name beginning with `text` (folded): those whose own name does first, then the best
        connected, then by name and country, as `TwinningGraph.search` orders them."""
        prefix = fold(text)
        if not prefix:
            raise QueryError(f"Search for letters or digits: {text[:40]!r} has none.")
        names, cities = self._current()
        found: set[str] = set()
        for name, key in names[bisect_left(names, (prefix,)):]:
            if not name.startswith(prefix):
                break
            found.add(key)
        ranked = sorted(found, key=lambda key: _rank(cities[key], prefix))
        return [cast(SearchHit, {field: cities[key][field] for field in HIT_FIELDS}) for key in ranked[:limit]]

    def _current(self) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
        """The names and cities as the graph holds them now: read again when its counts changed."""
        size = self._db.read(read_query("graph_size"))[0]
        signature = (size["nodes"], size["relationships"])
        with self._lock:
            if signature != self._signature:
                rows = self._db.read(read_query("search_names"))
                self._cities = {row["key"]: row for row in rows}
                self._names = sorted({(name, row["key"]) for row in rows
                                      for name in (row["name_folded"], *row["search_names"]) if name})
                self._signature = signature
            return self._names, self._cities


def _rank(city: dict[str, Any], prefix: str) -> tuple:
    """`city_search`'s order: own name matching first, degree down, name, country (no country last)."""
    return (not (city["name_folded"] or "").startswith(prefix), -city["degree"], city["name"],
            city["country"] is None, city["country"] or "")
