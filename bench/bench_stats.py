"""Issue 7 target: `kg stats` on the world graph in under 10 s (fetch and every figure).

    python -m bench.bench_stats
"""

from __future__ import annotations

import time

from bench.common import bench_database, ensure_world
from kg.analysis.statistics import network_stats


def main() -> None:
    db = bench_database()
    ensure_world(db)
    for friendly in (False, True):
        started = time.perf_counter()
        figures = network_stats(db, include_friendly=friendly)
        print(f"kg stats{' --friendly' if friendly else ''}: {time.perf_counter() - started:.1f} s for "
              f"{figures['nodes']} nodes, {figures['edges']} edges (betweenness from "
              f"{figures['betweenness_sample'] or 'all'} sources)")
    db.close()


if __name__ == "__main__":
    main()
