"""The world's three sources merged: `kg load world` timed end to end on an empty graph, pairs per
source and in the union (goal: at least 33,000 distinct partnerships, every one cited), Wikidata items by how
they were placed, Italian rows placed, the overlap table, and the labelled sample's Wikidata names scored where
the load placed them. Prints figures; asserts nothing.

    python -m bench.bench_sources
"""

from __future__ import annotations

import time
from collections import Counter

from bench.common import bench_database
from kg.analysis.agreement import source_agreement
from kg.loaders.world import WORLD_SOURCES, load_italian
from kg.pipeline import load_dataset
from kg.resolve.resolver import Resolver
from kg.resolve.sample import score
from kg.store.schema import install_schema


def main() -> None:
    db = bench_database()
    db.clear()
    install_schema(db)
    reports = {}
    started = time.perf_counter()
    for source in WORLD_SOURCES:
        _, reports[source.name] = load_dataset(db, source.parse)
    seconds = time.perf_counter() - started
    print(f"kg load world, three sources on an empty graph: {seconds:.1f} s "
          + "(" + ", ".join(f"{name} {r.seconds['total']:.1f} s" for name, r in reports.items()) + ")")
    for name, report in reports.items():
        print(f"  {name}: {report.rows_read} rows, {report.statements} statements, {report.pairs} pairs, "
              f"{report.pair_relationships_created} new relationships, {len(report.unresolved)} names unresolved")

    cited = db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n, "
                    "sum(CASE WHEN size(r.sources) >= size(r.source_ids) > 0 THEN 1 ELSE 0 END) AS cited")[0]
    print(f"union: {cited['n']} distinct partnerships, {cited['cited']} of them with a citation from each source")

    items = db.read("MATCH (c:City) WHERE c.wikidata_id IS NOT NULL "
                    "RETURN c.wikidata_resolution AS how, c.resolved AS placed, count(*) AS n ORDER BY n DESC")
    placed = Counter()
    for row in items:
        placed[row["how"] if row["placed"] else "left as wd: items"] += row["n"]
    print("Wikidata items: " + ", ".join(f"{how} {n}" for how, n in placed.most_common()))

    resolver = Resolver()
    refs = list(dict.fromkeys(load_italian().city_refs()))
    placed_names = {ref: resolver.resolve(ref).resolved for ref in refs}
    own = [ref for ref in refs if ref.area]
    print(f"Italian rows: {reports['it-wikipedia'].rows_read} read, {reports['it-wikipedia'].invalid} set aside; "
          f"names placed: {sum(placed_names.values())} of {len(refs)} (Italian municipalities "
          f"{sum(placed_names[ref] for ref in own)} of {len(own)}); by method "
          + ", ".join(f"{m} {n}" for m, n in reports["it-wikipedia"].resolved_by.items()))

    figures = source_agreement(db)
    print("overlap (partnerships by the sources stating them):")
    for row in figures["combinations"]:
        print(f"  {' + '.join(row['sources'])}: {row['pairs']}")
    print("per source: " + "; ".join(
        f"{s['source']} {s['pairs']} pairs, {s['confirmed_share']:.1%} confirmed by another, "
        f"{s['both_sides_share']:.1%} claimed by both sides there" for s in figures["sources"]))
    print("by number of sources: " + ", ".join(f"{n}: {count}" for n, count in figures["by_source_count"].items()))

    qids = {r["q"]: r["key"] for r in db.read("MATCH (c:City) UNWIND c.wikidata_ids AS q RETURN q, c.key AS key")}
    for label, result in (("labels alone", score(resolver, sources={"wikidata"})),
                          ("placed by the load", score(resolver, placed=qids, sources={"wikidata"}))):
        print(f"labelled sample, Wikidata names ({label}): precision {result.precision:.1%} "
              f"({result.correct} of {result.placed}), recall {result.recall:.1%} "
              f"({result.correct} of {result.expected_places})")


if __name__ == "__main__":
    main()
