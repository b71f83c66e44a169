"""Server time of `hops --max 2`, `--max 3` and `path` on the world-scale graph (world
data + seeds), p50 and p95 over the best-connected cities. Target: p50 under 50 ms for two hops.

    python -m bench.bench_queries
"""

from __future__ import annotations

import random
import time

from bench.common import bench_database, ensure_world, percentiles
from kg.api import TwinningGraph
from kg.store.queries import named


def server_ms(db, query: str, **params) -> tuple[float, int]:
    """Server-side time (available + consumed) of one read, and its row count."""
    with db.driver.session(database=db.settings.database) as session:
        result = session.run(query, params)
        rows = len(list(result))
        summary = result.consume()
    return summary.result_available_after + summary.result_consumed_after, rows


def _timed_hops(graph: TwinningGraph, key: str, depth: int, server: list[float]) -> list[dict]:
    """`graph.hops`, adding up the server time of each level's query."""
    read = graph.db.read

    def timed_read(query, **params):
        ms, _ = server_ms(graph.db, query, **params)
        server[0] += ms
        return read(query, **params)

    graph.db.read = timed_read
    try:
        return graph.hops(key, depth)
    finally:
        graph.db.read = read


def main() -> None:
    db = bench_database()
    ensure_world(db, with_seeds=True)
    hubs = [r["key"] for r in db.read(named("most_connected").text, limit=30)]
    graph = TwinningGraph(database=db)
    for depth in (2, 3):
        for key in hubs[:3]:
            graph.hops(key, depth)  # warm the plan cache
        samples, wall, sizes = [], [], []
        for key in hubs:
            server = [0.0]
            started = time.perf_counter()
            rows = _timed_hops(graph, key, depth, server)
            wall.append((time.perf_counter() - started) * 1000)
            samples.append(server[0])
            sizes.append(len(rows))
        print(f"hops --max {depth} from the 30 best-connected cities: server {percentiles(samples)} ms, "
              f"end to end in Python {percentiles(wall)} ms (median {sorted(sizes)[len(sizes) // 2]} cities)")
    rng = random.Random(7)
    everyone = [r["key"] for r in db.read("MATCH (c:City) WHERE COUNT { (c)-[:PARTNER_OF]-() } > 0 "
                                         "RETURN c.key AS key ORDER BY key")]
    chain = named("shortest_chain").text
    pairs = [(rng.choice(hubs), rng.choice(everyone)) for _ in range(50)]
    server_ms(db, chain, a=pairs[0][0], b=pairs[0][1], types=["PARTNER_OF"])
    samples = [server_ms(db, chain, a=a, b=b, types=["PARTNER_OF"])[0] for a, b in pairs if a != b]
    print(f"path between a hub and a random city: {percentiles(samples)} ms")
    db.close()


if __name__ == "__main__":
    main()
