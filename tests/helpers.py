"""Small helpers shared by tests (no assertions of their own)."""

from __future__ import annotations

import json

from kg.store.database import Database


def graph_snapshot(db: Database) -> tuple[list, list]:
    """Every node and relationship with all properties, sorted: equal snapshots mean equal graphs."""
    nodes = db.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = db.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.key, a.code) AS a, "
                   "coalesce(b.key, b.code) AS b, properties(r) AS props")
    canon = lambda rows: sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)  # noqa: E731
    return canon(nodes), canon(rels)
