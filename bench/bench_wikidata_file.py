"""A large Wikidata statements file read as it streams: a generated SPARQL JSON results file of about 200 MB
(the shape `kg fetch wikidata` writes) parsed by `kg load wikidata`'s loader in a fresh process, with that
process's peak memory (the target is under 1 GB; reading the file whole took 2.35 GB).

    python -m bench.bench_wikidata_file [MEGABYTES]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTITY = "http://www.wikidata.org/entity/"
COUNTRIES = ("PL", "DE", "FR", "IT", "UA", "US", "JP", "CZ", "EE", "LV")


def write_statements(path: Path, megabytes: int) -> int:
    """Statements of made-up items until the file holds `megabytes`; returns how many."""
    rng = random.Random(7)
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"head": {"vars": []}, "results": {"bindings": [')
        while out.tell() < megabytes * 2**20:
            a, b = rng.randrange(1, 10**7), rng.randrange(1, 10**7)
            row = {"item": {"type": "uri", "value": f"{ENTITY}Q{a}"},
                   "itemLabel": {"type": "literal", "value": f"Town {a}"},
                   "itemCountry": {"type": "literal", "value": rng.choice(COUNTRIES)},
                   "itemCoord": {"type": "literal", "value": f"Point({rng.uniform(-10, 40):.4f} "
                                                            f"{rng.uniform(35, 60):.4f})"},
                   "twin": {"type": "uri", "value": f"{ENTITY}Q{b if b != a else b + 1}"},
                   "twinLabel": {"type": "literal", "value": f"Town {b}"},
                   "twinCountry": {"type": "literal", "value": rng.choice(COUNTRIES)},
                   "start": {"type": "literal", "value": f"{rng.randrange(1950, 2020)}-01-01T00:00:00Z"},
                   "ref": {"type": "uri", "value": f"https://example.org/twinning/{a}/{b}"}}
            out.write(("," if count else "") + json.dumps(row))
            count += 1
        out.write("]}}")
    return count


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p190.json"
        statements = write_statements(path, megabytes)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "import sys; from kg.loaders.wikidata import load_wikidata; "
                               "d = load_wikidata(sys.argv[1], retrieved='2026-12-01'); print(len(d.pairs))",
                               str(path)], capture_output=True, text=True, check=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{path.stat().st_size / 2**20:,.0f} MB, {statements:,} statements: {int(done.stdout):,} read in "
              f"{time.perf_counter() - started:.1f} s; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
