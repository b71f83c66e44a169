"""Subgraphs out of Neo4j into networkx: the common ground of views, analytics and exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable

import networkx as nx

from kg.records import PartnershipView
from kg.store.database import Database
from kg.store.queries import read_query
from kg.vocabulary import MEMBER_OF

# as subgraph_nodes.cypher; `kind` is the node's type (city or association), `place_kind` what place it is
NODE_FIELDS = ("name", "country", "latitude", "longitude", "population", "resolved", "resolution", "geonames_id",
               "wikidata_ids", "place_kind")
PAIR_FIELDS = ("relation", "since", "since_year", "renewed", "areas", "status", "kind", "sources", "claimed_by")


def read_cities(db: Database, keys: list[str] | None) -> dict[str, dict]:
    """City key -> its attributes (`NODE_FIELDS`: name, country, latitude, longitude, ...), all cities or
    those with `keys`, in the order the graph returns them."""
    return {key: dict(zip(NODE_FIELDS, values))
            for key, *values in db.read(read_query("subgraph_nodes"), keys=keys)[0]["rows"]}


def read_pairs(db: Database, keys: list[str] | None, view: PartnershipView) -> list[tuple[str, str, dict]]:
    """The pair relationships the view reads among the cities (all, or those with `keys`) as (a, b,
    attributes `PAIR_FIELDS`), in the order the graph returns them."""
    types = [t for t in view.types if t != MEMBER_OF]
    if not types:
        return []
    found = db.read(read_query("subgraph_pairs"), keys=keys, types=types, **view.filters())[0]["rows"]
    return [(a, b, dict(zip(PAIR_FIELDS, values))) for a, b, *values in found]


def fetch_subgraph(db: Database, keys: list[str] | None, view: PartnershipView,
                   keep: frozenset[str] = frozenset()) -> nx.MultiGraph:
    """Cities (all, or those with `keys`), the relationships among them that the view reads, and their
    associations when it reads memberships.

    Node ids are city keys (`gn:...`) and association keys (`assoc:...`); attributes are plain values.
    When the view leaves relationships out, the cities left without any go too (but those in `keep`, the
    city a view is centred on).
    """
    graph = nx.MultiGraph()
    for key, attributes in read_cities(db, keys).items():
        graph.add_node(key, kind="city", key=key, **attributes)
    for a, b, attributes in read_pairs(db, keys, view):
        graph.add_edge(a, b, key=attributes["relation"], **attributes)
    if MEMBER_OF in view.types:
        for row in db.read(read_query("subgraph_members"), keys=keys):
            node = f"assoc:{row['association']}"
            graph.add_node(node, kind="association", name=row["name"])
            graph.add_edge(row["city"], node, key=MEMBER_OF, relation=MEMBER_OF, status=row["status"],
                           sources=row["sources"], claimed_by=row.get("claimed_by"))
    if view.narrowed:
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0 and n not in keep])
    return graph


def best_connected_first(nodes: Iterable[str], degree: Callable[[str], int],
                         keep: Collection[str] = frozenset()) -> list[str]:
    """Nodes in the order a view keeps them: those in `keep`, then the most relationships first, then by key
    (the one ranking of `best_connected` and `kg.views.render.limit_nodes`)."""
    return sorted(nodes, key=lambda n: (n not in keep, -degree(n), str(n)))


def best_connected(db: Database, view: PartnershipView, max_nodes: int) -> tuple[list[str], int, int] | None:
    """The keys of the whole graph's `max_nodes` best-connected cities (`best_connected_first`) and how many
    cities and relationships the others hold; None when every city fits."""
    found = db.read(read_query("subgraph_structure"), types=[t for t in view.types if t != MEMBER_OF],
                    **view.filters())[0]
    degree: Counter = Counter()
    for a, b, _ in found["pairs"]:
        degree[a] += 1
        degree[b] += 1
    cities = found["cities"]
    if view.narrowed:  # as fetch_subgraph: cities left without a relationship go
        cities = [c for c in cities if degree[c]]
    if len(cities) <= max_nodes:
        return None
    kept = best_connected_first(cities, degree.__getitem__)[:max_nodes]
    inside = set(kept)
    kept_pairs = sum(a in inside and b in inside for a, b, _ in found["pairs"])
    return kept, len(cities) - len(kept), len(found["pairs"]) - kept_pairs
