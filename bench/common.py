"""Shared by the benchmarks: a real Neo4j (NEO4J_URI, else a local server instance named 'bench')."""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from kg.settings import Settings
from kg.store.database import Database

BENCH_PORT = int(os.environ.get("KG_BENCH_PORT", "7698"))
BENCH_PASSWORD = "kg-bench-password"


def bench_database() -> Database:
    """A database the benchmark may empty: NEO4J_URI (you said so), else a dedicated local server."""
    if os.environ.get("NEO4J_URI"):
        return Database(Settings.from_env())
    from kg.store.server import LocalServer

    server = LocalServer(name="bench", port=BENCH_PORT, password=BENCH_PASSWORD, heap="1g")
    server.start()
    return Database(Settings(uri=server.uri, password=BENCH_PASSWORD))


def bench_import_folder() -> Path | None:
    """The import folder of the benchmark's own local server (where `LOAD CSV` reads `file:///...`), or None
    when the benchmark runs against a server of yours (NEO4J_URI), whose folder it cannot know."""
    if os.environ.get("NEO4J_URI"):
        return None
    from kg.store.server import LocalServer

    return LocalServer(name="bench", port=BENCH_PORT, password=BENCH_PASSWORD).folder / "import"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def ensure_world(db: Database, with_seeds: bool = False) -> None:
    """Load the world data set (and the seeds) unless the graph already holds it."""
    from kg.loaders.seeds import parse_seeds
    from kg.loaders.world import load_world
    from kg.pipeline import load_dataset

    if db.read("MATCH (c:City) RETURN count(c) AS n")[0]["n"] < 10000:
        db.clear()
        load_dataset(db, load_world)
        if with_seeds:
            load_dataset(db, parse_seeds)
