"""Which part of the graph a view shows: a city's neighbourhood, an association's members, a country's
cities with their partners abroad, or the whole graph's best-connected cities. Names are resolved by the API
before they reach here: these take keys."""

from __future__ import annotations

import networkx as nx

from kg.analysis.network import best_connected, fetch_subgraph
from kg.errors import QueryError
from kg.records import PartnershipView
from kg.store.database import Database
from kg.store.queries import named
from kg.vocabulary import FRIENDLY_WITH, MEMBER_OF, PARTNER_OF


def neighbourhood(db: Database, keys: list[str], view: PartnershipView) -> nx.MultiGraph:
    """A city (the first key) and the cities around it; the city stays even when the view leaves it alone."""
    return fetch_subgraph(db, keys, view, keep=frozenset(keys[:1]))


def members(db: Database, association_key: str, view: PartnershipView) -> nx.MultiGraph:
    """An association's members, their relationships among themselves, and the association (no other one)."""
    keys = [r["key"] for r in db.read(named("association_members").text, key=association_key)]
    graph = fetch_subgraph(db, keys, view.of_types([PARTNER_OF, FRIENDLY_WITH, MEMBER_OF]))
    graph.remove_nodes_from([n for n, d in list(graph.nodes(data=True))
                             if d.get("kind") == "association" and n != f"assoc:{association_key}"])
    return graph


def country(db: Database, code: str, view: PartnershipView) -> nx.MultiGraph:
    """A country's cities and their partners abroad; `graph.graph["selection"]` holds the country's own."""
    keys = [r["key"] for r in db.read(named("country_cities").text, country=code, types=list(view.types))]
    if not keys:
        raise QueryError(f"No cities of {code} in the graph.")
    graph = fetch_subgraph(db, keys, view)
    graph.graph["selection"] = frozenset(key for key, data in graph.nodes(data=True) if data.get("country") == code)
    return graph


def whole(db: Database, view: PartnershipView, max_nodes: int) -> tuple[nx.MultiGraph, int, int]:
    """The whole graph, or its `max_nodes` best-connected cities chosen from its shape alone and then read
    with their facts (reading every partnership's provenance took most of the time): the graph, and how
    many cities and relationships were left out."""
    chosen = best_connected(db, view, max_nodes)
    if chosen is None:
        return fetch_subgraph(db, None, view), 0, 0
    keys, dropped_nodes, dropped_edges = chosen
    return fetch_subgraph(db, keys, view, keep=frozenset(keys)), dropped_nodes, dropped_edges
