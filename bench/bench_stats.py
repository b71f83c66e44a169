"""`kg stats` on the world graph: every figure exact (betweenness over every source, every shortest path), its
time; the target is under 30 s on 2 cores.

    python -m bench.bench_stats
"""

from __future__ import annotations

import time

from bench.common import bench_database, ensure_world
from kg.analysis.statistics import network_stats, network_types
from kg.records import PartnershipView


def main() -> None:
    db = bench_database()
    ensure_world(db)
    for friendly in (False, True):
        started = time.perf_counter()
        figures = network_stats(db, PartnershipView(tuple(network_types(friendly))))
        paths = figures["paths"]
        print(f"kg stats{' --friendly' if friendly else ''}: {time.perf_counter() - started:.1f} s for "
              f"{figures['nodes']:,} nodes, {figures['edges']:,} edges; exact betweenness (top: "
              f"{figures['top_betweenness'][0]['name']}), mean path {paths['mean']} over {paths['pairs']:,} pairs, "
              f"diameter {paths['diameter']}, {figures['communities']['count']} Leiden communities")
    db.close()


if __name__ == "__main__":
    main()
