"""`kg load world` end to end (parse, resolve, write), writer throughput, batched UNWIND
versus one transaction per pair and neomodel's per-pair `connect` on the same 1,000 pairs, gazetteer warm
load, and resolution quality. Prints figures; asserts nothing.

    python bench/bench_load.py
"""

from __future__ import annotations

import statistics
import time
from collections import Counter

from bench.common import bench_database
from kg.geo import distance_km
from kg.loaders.world import load_world
from kg.pipeline import load_dataset
from kg.resolve.boundaries import Boundaries
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.resolver import Resolver
from kg.store.schema import bind_neomodel, install_schema
from kg.store.writer import WriteJob, pair_row
from kg.vocabulary import PARTNER_OF

PAIR_QUERY = WriteJob("merge_pair", [], relation=PARTNER_OF).text()


def main() -> None:
    db = bench_database()
    install_schema(db)

    started = time.perf_counter()
    Gazetteer.load()
    print(f"gazetteer warm load: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    Boundaries.load()
    print(f"boundary index warm load: {time.perf_counter() - started:.2f} s")

    db.clear()
    dataset, report = load_dataset(db, load_world)
    s = report.seconds
    print(f"kg load world: {s['total']:.1f} s total (parse {s['parse']:.1f}, resolve {s['resolve']:.1f}, "
          f"write {s['write']:.1f}); {report.pairs} pairs, {report.cities} cities")

    # resolution quality on the world set
    resolver = Resolver()
    refs = list(dict.fromkeys(dataset.city_refs()))
    resolved = {ref: resolver.resolve(ref) for ref in refs}
    share = sum(c.resolved for c in resolved.values()) / len(resolved)
    endpoints = [resolved[ref].resolved for p in dataset.pairs for ref in (p.a, p.b)]
    methods = Counter(c.method for c in resolved.values() if c.resolved)
    reasons = Counter(c.reason.split(" in ")[0] for c in resolved.values() if not c.resolved)
    print(f"resolution: {share:.1%} of {len(resolved)} distinct names resolved "
          f"({sum(endpoints) / len(endpoints):.1%} of {len(endpoints)} pair ends); by method: "
          + ", ".join(f"{m} {n}" for m, n in methods.most_common()))
    print("unresolved: " + "; ".join(f"{r} {n}" for r, n in reasons.most_common()))
    # distance to the dataset's coordinates, for places with coordinates of their own (GeoNames places and
    # boundary centroids; an ISO subdivision carries the source's coordinates and is left out)
    placed = [(r, c) for r, c in resolved.items()
              if c.method not in (None, "subdivision") and r.latitude is not None and c.latitude is not None]
    near = sum(distance_km(r.latitude, r.longitude, c.latitude, c.longitude) <= 30 for r, c in placed)
    in_country = [(r, c) for r, c in placed if resolver.coordinates_in_country(r)]
    near_in_country = sum(distance_km(r.latitude, r.longitude, c.latitude, c.longitude) <= 30
                          for r, c in in_country)
    print(f"distance: {near / len(placed):.1%} of {len(placed)} placed names within 30 km of the dataset's "
          f"coordinates; {len(placed) - len(in_country)} of those coordinates lie outside the stated country "
          f"(a geocoder's homonym); where they lie in it: {near_in_country / len(in_country):.1%} "
          f"of {len(in_country)}")

    # the writer alone: relationships per second on an already-present set of cities (a re-run MERGE)
    rows = _pair_rows(dataset, resolved)
    started = time.perf_counter()
    db.write_batches(PAIR_QUERY, rows)
    seconds = time.perf_counter() - started
    print(f"writer: {len(rows)} PARTNER_OF rows in {seconds:.2f} s = {len(rows) / seconds:,.0f} relationships/s "
          "(MERGE on existing)")
    db.write("MATCH ()-[r:PARTNER_OF]->() DELETE r")
    started = time.perf_counter()
    db.write_batches(PAIR_QUERY, rows)
    seconds = time.perf_counter() - started
    print(f"writer: {len(rows)} PARTNER_OF rows in {seconds:.2f} s = {len(rows) / seconds:,.0f} relationships/s "
          "(creating)")

    # the same 1,000 pairs: batched UNWIND and one transaction per pair, interleaved five times (the machine's
    # background work then falls on both alike), after a warm-up on other pairs so both run cached plans
    sample, warm = rows[:1000], rows[1000:1050]
    db.write("MATCH ()-[r:PARTNER_OF]->() DELETE r")
    db.write_batches(PAIR_QUERY, warm)
    with db.driver.session(database=db.settings.database) as session:
        session.execute_write(lambda tx: tx.run(PAIR_QUERY, rows=warm[:1]).consume())
    batched_runs, per_pair_runs = [], []
    for _ in range(5):
        db.write("MATCH ()-[r:PARTNER_OF]->() DELETE r")
        started = time.perf_counter()
        db.write_batches(PAIR_QUERY, sample)
        batched_runs.append(time.perf_counter() - started)
        db.write("MATCH ()-[r:PARTNER_OF]->() DELETE r")
        started = time.perf_counter()
        with db.driver.session(database=db.settings.database) as session:
            for row in sample:
                session.execute_write(lambda tx, r=row: tx.run(PAIR_QUERY, rows=[r]).consume())
        per_pair_runs.append(time.perf_counter() - started)
    batched, per_pair = statistics.median(batched_runs), statistics.median(per_pair_runs)
    ratios = sorted(p / b for p, b in zip(per_pair_runs, batched_runs))

    db.write("MATCH ()-[r:PARTNER_OF]->() DELETE r")
    from kg.store.models import City

    bind_neomodel(db)
    started = time.perf_counter()
    for row in sample:
        a, b = City.nodes.get(key=row["a"]), City.nodes.get(key=row["b"])
        a.partners.connect(b, {"sources": row["sources"], "source_ids": row["source_ids"]})
    neomodel_connect = time.perf_counter() - started
    print(f"1,000 pairs (median of 5 interleaved runs): batched UNWIND {batched * 1000:.0f} ms; one transaction "
          f"per pair {per_pair:.2f} s ({per_pair / batched:.0f}x slower; run by run {ratios[0]:.0f}x to "
          f"{ratios[-1]:.0f}x); neomodel connect {neomodel_connect:.2f} s ({neomodel_connect / batched:.0f}x slower)")
    db.clear()
    db.close()


def _pair_rows(dataset, resolved) -> list[dict]:
    """The PARTNER_OF rows the writer sends, one per distinct pair."""
    rows, seen = [], set()
    for p in dataset.pairs:
        a, b = sorted((resolved[p.a].key, resolved[p.b].key))
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        rows.append(pair_row(a, b, p, []))
    return rows


if __name__ == "__main__":
    main()
