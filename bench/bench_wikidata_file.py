"""A large Wikidata statements file, as `kg load wikidata` meets it: a generated SPARQL JSON results file of
about 200 MB (the shape `kg fetch wikidata` writes), first parsed alone in a fresh process, then loaded
whole (parse, resolve, write) by `kg load wikidata` in its own process into the benchmark's server, each with
that process's peak memory (the target is under 1 GB; reading the file whole took 2.35 GB).

The file states partnerships among 100,000 made-up items, each with its own label, country and point in
every statement that names it, as a crawl's repeated rows (one per reference) do.

    python -m bench.bench_wikidata_file [MEGABYTES]
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_PASSWORD, bench_database

ENTITY = "http://www.wikidata.org/entity/"
COUNTRIES = ("PL", "DE", "FR", "IT", "UA", "US", "JP", "CZ", "EE", "LV")
ITEMS = 100_000


def item(number: int) -> dict:
    """The bindings of made-up item `number`: the same label, country and point wherever it is named."""
    rng = random.Random(number)
    return {"label": f"Town {number}", "country": rng.choice(COUNTRIES),
            "point": f"Point({rng.uniform(-10, 40):.4f} {rng.uniform(35, 60):.4f})"}


def write_statements(path: Path, megabytes: int) -> int:
    """Statements between made-up items until the file holds `megabytes`; returns how many."""
    rng = random.Random(7)
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"head": {"vars": []}, "results": {"bindings": [')
        while out.tell() < megabytes * 2**20:
            a, b = rng.sample(range(1, ITEMS + 1), 2)
            one, two = item(a), item(b)
            row = {"item": {"type": "uri", "value": f"{ENTITY}Q{a}"},
                   "itemLabel": {"type": "literal", "value": one["label"]},
                   "itemCountry": {"type": "literal", "value": one["country"]},
                   "itemCoord": {"type": "literal", "value": one["point"]},
                   "twin": {"type": "uri", "value": f"{ENTITY}Q{b}"},
                   "twinLabel": {"type": "literal", "value": two["label"]},
                   "twinCountry": {"type": "literal", "value": two["country"]},
                   "twinCoord": {"type": "literal", "value": two["point"]},
                   "start": {"type": "literal", "value": f"{rng.randrange(1950, 2020)}-01-01T00:00:00Z"},
                   "ref": {"type": "uri", "value": f"https://example.org/twinning/{a}/{b}"}}
            out.write(("," if count else "") + json.dumps(row))
            count += 1
        out.write("]}}")
    return count


def child_peak_mb() -> float:
    """The peak memory of the largest child process so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p190.json"
        statements = write_statements(path, megabytes)
        size = path.stat().st_size / 2**20
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "import sys; from kg.loaders.wikidata import load_wikidata; "
                               "d = load_wikidata(sys.argv[1], retrieved='2026-12-01'); print(len(d.pairs))",
                               str(path)], capture_output=True, text=True, check=True)
        print(f"{size:,.0f} MB, {statements:,} statements: {int(done.stdout):,} read in "
              f"{time.perf_counter() - started:.1f} s; peak memory {child_peak_mb():,.0f} MB (parse alone)")
        db = bench_database()
        db.clear()
        env = {**os.environ, "NEO4J_URI": db.settings.uri,
               "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", BENCH_PASSWORD)}
        started = time.perf_counter()
        loaded = subprocess.run([sys.executable, "-m", "kg", "load", "wikidata", str(path), "--retrieved",
                                 "2026-12-01", "--quiet", "--json", "--report-dir", folder],
                                env=env, capture_output=True, text=True)
        if loaded.returncode:
            print(loaded.stderr)
            raise SystemExit(loaded.returncode)
        summary = json.loads(loaded.stdout)
        print(f"kg load wikidata: {time.perf_counter() - started:.1f} s, {summary['statements']:,} statements, "
              f"{summary['cities']:,} cities, {summary['new_pair_relationships']:,} relationships; peak memory "
              f"{child_peak_mb():,.0f} MB (the larger of the two processes)")
        db.clear()
        db.close()


if __name__ == "__main__":
    main()
