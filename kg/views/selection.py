"""Which part of the graph a view shows: a city's neighbourhood, an association's members, a country's
cities with their partners abroad, or the whole graph's best-connected cities. Names are resolved by the API
before they reach here: these take keys."""

from __future__ import annotations

import networkx as nx

from kg.analysis.network import best_connected, fetch_subgraph
from kg.errors import QueryError
from kg.store.database import Database
from kg.store.queries import named
from kg.vocabulary import FRIENDLY_WITH, MEMBER_OF, PARTNER_OF


def neighbourhood(db: Database, keys: list[str], types: list[str], min_sources: int = 1,
                  active_only: bool = False,
                  as_of: int | None = None) -> nx.MultiGraph:
    """A city (the first key) and the cities around it; the city stays even when a filter leaves it alone."""
    return fetch_subgraph(db, keys, types, min_sources, keep=frozenset(keys[:1]), active_only=active_only, as_of=as_of)


def members(db: Database, association_key: str, min_sources: int = 1, active_only: bool = False,
                  as_of: int | None = None) -> nx.MultiGraph:
    """An association's members, their relationships among themselves, and the association (no other one)."""
    keys = [r["key"] for r in db.read(named("association_members").text, key=association_key)]
    graph = fetch_subgraph(db, keys, [PARTNER_OF, FRIENDLY_WITH, MEMBER_OF], min_sources, active_only=active_only,
                           as_of=as_of)
    graph.remove_nodes_from([n for n, d in list(graph.nodes(data=True))
                             if d.get("kind") == "association" and n != f"assoc:{association_key}"])
    return graph


def country(db: Database, code: str, types: list[str], min_sources: int = 1,
            active_only: bool = False,
                  as_of: int | None = None) -> nx.MultiGraph:
    """A country's cities and their partners abroad; `graph.graph["selection"]` holds the country's own."""
    keys = [r["key"] for r in db.read(named("country_cities").text, country=code, types=types)]
    if not keys:
        raise QueryError(f"No cities of {code} in the graph.")
    graph = fetch_subgraph(db, keys, types, min_sources, active_only=active_only, as_of=as_of)
    graph.graph["selection"] = frozenset(key for key, data in graph.nodes(data=True) if data.get("country") == code)
    return graph


def whole(db: Database, types: list[str], max_nodes: int, min_sources: int = 1,
          active_only: bool = False, as_of: int | None = None) -> tuple[nx.MultiGraph, int, int]:
    """The whole graph, or its `max_nodes` best-connected cities chosen from its shape alone and then read
    with their facts (reading every partnership's provenance took most of the time): the graph, and how
    many cities and relationships were left out."""
    chosen = best_connected(db, types, max_nodes, min_sources, active_only, as_of)
    if chosen is None:
        return fetch_subgraph(db, None, types, min_sources, active_only=active_only, as_of=as_of), 0, 0
    keys, dropped_nodes, dropped_edges = chosen
    graph = fetch_subgraph(db, keys, types, min_sources, keep=frozenset(keys), active_only=active_only, as_of=as_of)
    return graph, dropped_nodes, dropped_edges
