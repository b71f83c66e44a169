"""The slice of the fetched tables that the unit tests read, shipped in tests/data/tables so that the fast loop
needs no network and no cache: the boundary rows of the (country, name) keys the tests look up and of the
countries whose every boundary they list (one row of every other country, so the set of countries is whole),
and the GeoNames feature codes of the places they ask about.

After adding a unit test that needs other rows, rebuild the slice from the full tables (fetched once):

    python -m tests.tables
"""

from __future__ import annotations

import functools
import gzip
import json
import subprocess
import sys
from pathlib import Path

from kg.resolve.boundaries import Boundaries

FOLDER = Path(__file__).resolve().parent / "data" / "tables"
BOUNDARIES = FOLDER / "boundaries.json.gz"
FEATURES = FOLDER / "features.json"
SEEN = FOLDER / ".seen.json"  # written by the recording run, read by the rebuild


@functools.cache
def small_boundaries() -> Boundaries:
    """The boundary slice, as the resolver's `Boundaries`."""
    rows = json.loads(gzip.decompress(BOUNDARIES.read_bytes()))
    return Boundaries({(country, form): tuple(tuple(row) for row in entries) for (country, form), entries in rows})


@functools.cache
def small_features() -> dict[int, str]:
    """The feature-code slice: GeoNames id -> feature code (a place not listed reads as a plain PPL)."""
    return {int(key): code for key, code in json.loads(FEATURES.read_text(encoding="utf-8")).items()}


def rebuild() -> None:
    """Run the fast loop on the full tables, recording what it reads (`tests/record_tables.py`), then write
    the slice of exactly that."""
    from kg.resolve.features import load_codes

    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.record_tables", "-m", "not neo4j",
                    "tests/unit", "-p", "no:cacheprovider"], check=True, env={**__import__("os").environ,
                                                                              "KG_FULL_TABLES": "1"})
    seen = json.loads(SEEN.read_text(encoding="utf-8"))
    full = Boundaries.load(fetch=True)._by_name
    keys = {tuple(key) for key in seen["lookup"]}
    listed = set(seen["in_country"])
    chosen = {key: rows for key, rows in full.items() if key in keys or key[0] in listed}
    for key, rows in full.items():  # one row of every other country: `countries()` stays whole
        if key[0] not in {k[0] for k in chosen}:
            chosen[key] = rows
    slice_rows = [[list(key), [list(row) for row in rows]] for key, rows in sorted(chosen.items())]
    FOLDER.mkdir(parents=True, exist_ok=True)
    BOUNDARIES.write_bytes(gzip.compress(json.dumps(slice_rows, ensure_ascii=False).encode("utf-8"), mtime=0))
    codes = load_codes(fetch=True)
    FEATURES.write_text(json.dumps({str(i): codes[i] for i in sorted(seen["features"]) if i in codes}, indent=0),
                        encoding="utf-8")
    SEEN.unlink()
    print(f"{len(chosen):,} boundary keys, {len(seen['features']):,} feature ids -> {FOLDER}")


if __name__ == "__main__":
    rebuild()
