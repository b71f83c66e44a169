"""Cities within N hops: a breadth-first search over the graph, one `within_hops` query per level."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.records import PartnershipView
from kg.store.database import Database
from kg.store.queries import named


def within_hops(db: Database, start: Mapping[str, Any], max_hops: int, view: PartnershipView) -> list[dict]:
    """Every city reached from `start` (a city row: key, name) within `max_hops`, once, with its minimum
    distance and one path (`via`: the names from the start), sorted by hops, then name, country and key.
    Always to the end of the search: the number found is exact whatever a caller keeps. The view's types,
    `active_only` and `as_of` choose the relationships followed."""
    found, names, parent = _breadth_first(db, start, max_hops, view)
    for row in found:
        chain, key = [], row["key"]
        while key is not None:
            chain.append(names[key])
            key = parent[key]
        row["via"] = chain[::-1]
    found.sort(key=lambda r: (r["hops"], r["name"] or "", r["country"] or "", r["key"]))
    return found


def _breadth_first(db: Database, start: Mapping[str, Any], max_hops: int, view: PartnershipView):
    """Every node reached within `max_hops`, level by level: the cities found (with their distance), every
    node's name and the node it was first reached from."""
    query = named("within_hops").text
    names = {start["key"]: start["name"]}
    parent: dict[str, str | None] = {start["key"]: None}
    found: list[dict] = []
    frontier = [start["key"]]
    for depth in range(1, max_hops + 1):
        following = []
        for row in db.read(query, frontier=frontier, types=list(view.types), active_only=view.active_only,
                           as_of=view.as_of):
            if row["key"] in parent:
                continue  # reached earlier, or from another parent at this level (rows sorted: first wins)
            parent[row["key"]] = row["from"]
            names[row["key"]] = row["name"]
            following.append(row["key"])
            if row["is_city"]:
                found.append({"name": row["name"], "country": row["country"], "hops": depth, "key": row["key"]})
        if not following:
            break
        frontier = following
    return found, names, parent
