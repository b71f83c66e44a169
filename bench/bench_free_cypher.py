"""`kg cypher` streaming a large answer: 3,000,000 rows to CSV and to JSON lines, with the command's peak
memory (the target is under 300 MB) against the rows' count.

    python -m bench.bench_free_cypher
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

from bench.common import bench_database

STATEMENT = "UNWIND range(1, 3000000) AS i RETURN i, 'city-' + toString(i) AS key, i * 0.5 AS half"


def main() -> None:
    db = bench_database()
    settings = db.settings
    db.close()
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
           "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database}
    for fmt in ("csv", "jsonl"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "from kg.cli.main import cli; cli()", "cypher", STATEMENT,
                               "--format", fmt, "--timeout", "600"], stdout=subprocess.PIPE, check=True, env=env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lines = done.stdout.count(b"\n")
        print(f"kg cypher --format {fmt}: {lines:,} lines ({len(done.stdout) / 2**20:,.0f} MiB) in "
              f"{time.perf_counter() - started:.1f} s; peak memory {max(peak, before) / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
