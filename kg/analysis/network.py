"""Subgraphs out of Neo4j into networkx: the common ground of views, analytics and exports."""

from __future__ import annotations

import networkx as nx

from kg.store.database import Database

SUBGRAPH_NODES = """
MATCH (c:City) WHERE $keys IS NULL OR c.key IN $keys
RETURN c.key AS key, c.name AS name, c.country AS country, c.latitude AS latitude, c.longitude AS longitude,
       c.population AS population, c.resolved AS resolved
"""
SUBGRAPH_PAIRS = """
MATCH (a:City)-[r]->(b:City)
WHERE type(r) IN $types AND ($keys IS NULL OR (a.key IN $keys AND b.key IN $keys))
RETURN a.key AS a, b.key AS b, type(r) AS relation, r.since AS since, r.since_year AS since_year,
       r.areas AS areas, r.sources AS sources, r.kind AS kind
"""
SUBGRAPH_MEMBERS = """
MATCH (c:City)-[r:MEMBER_OF]->(a:Association)
WHERE $keys IS NULL OR c.key IN $keys
RETURN c.key AS city, a.key AS association, a.name AS name, r.status AS status, r.sources AS sources
"""


def fetch_subgraph(db: Database, keys: list[str] | None, types: list[str]) -> nx.MultiGraph:
    """Cities (all, or those with `keys`), the pair relationships among them, and their associations.

    Node ids are city keys (`gn:...`) and association keys (`assoc:...`); attributes are plain values.
    """
    graph = nx.MultiGraph()
    for row in db.read(SUBGRAPH_NODES, keys=keys):
        graph.add_node(row.pop("key"), kind="city", **row)
    pair_types = [t for t in types if t != "MEMBER_OF"]
    if pair_types:
        for row in db.read(SUBGRAPH_PAIRS, keys=keys, types=pair_types):
            graph.add_edge(row.pop("a"), row.pop("b"), key=row["relation"], **row)
    if "MEMBER_OF" in types:
        for row in db.read(SUBGRAPH_MEMBERS, keys=keys):
            node = f"assoc:{row['association']}"
            graph.add_node(node, kind="association", name=row["name"])
            graph.add_edge(row["city"], node, key="MEMBER_OF", relation="MEMBER_OF", status=row["status"],
                           sources=row["sources"])
    return graph
