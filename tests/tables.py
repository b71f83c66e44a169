"""The slice of the fetched tables that the unit tests read, shipped in tests/data/tables so that the fast loop
needs no network and no cache: the boundary rows of the (country, name) keys the tests look up and of the
countries whose every boundary they list (one row of every other country, so the set of countries is whole),
and the GeoNames feature codes of the places they ask about. It also lists every key the tests read, found or
not: a read of any other key fails the test (`OutsideTheSlice`) instead of seeing an empty table.

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
from kg.resolve.registers import Registers

FOLDER = Path(__file__).resolve().parent / "data" / "tables"
BOUNDARIES = FOLDER / "boundaries.json.gz"
FEATURES = FOLDER / "features.json"
# the municipal registers' names the tests use, by country, as the registers spell them (a tuple is one
# municipality's names)
REGISTER_NAMES = {"IT": ["Pragelato", "Piteglio", ("Curon Venosta", "Graun im Vinschgau"), "Favara",
                         ("Bolzano", "Bozen"), "Luserna San Giovanni", "Luserna", "San Vito di Cadore", "San Vito"],
                  "FR": ["Puligny-Montrachet", "Grandrieu", "Saint-Valentin", "Y", "L'Hôpital", "Hôpital-Camfrout"],
                  "PF": ["Bora-Bora"]}
SEEN = FOLDER / ".seen.json"  # written by the recording run, read by the rebuild


class OutsideTheSlice(LookupError):
    """A unit test read a table key the recorded slice does not hold: rebuild it (`python -m tests.tables`)."""

    def __init__(self, what: str):
        super().__init__(f"{what} is outside the recorded slice in tests/data/tables: run python -m tests.tables")


class SliceBoundaries(Boundaries):
    """The boundary slice: the rows of the keys the tests read, and a loud failure for any other key."""

    def __init__(self, by_name: dict, read: set[tuple[str, str]], listed: set[str]):
        super().__init__(by_name)
        self._read, self._listed = read, listed

    def lookup(self, country: str, form: str) -> list:
        if (country, form) not in self._read and country not in self._listed:
            raise OutsideTheSlice(f"the boundary key ({country!r}, {form!r})")
        return super().lookup(country, form)

    def in_country(self, country: str) -> list:
        if country not in self._listed:
            raise OutsideTheSlice(f"the boundaries of {country!r}")
        return super().in_country(country)


class SliceCodes(dict):
    """The feature-code slice: GeoNames id -> code of the ids the tests asked about (a place asked about
    without a code reads as a plain PPL); any other id fails loudly."""

    def __init__(self, codes: dict[int, str], asked: set[int]):
        super().__init__(codes)
        self._asked = asked

    def get(self, key, default=None):
        if key not in self._asked:
            raise OutsideTheSlice(f"the feature code of GeoNames id {key}")
        return super().get(key, default)


@functools.cache
def small_boundaries() -> Boundaries:
    """The boundary slice, as the resolver's `Boundaries`."""
    recorded = json.loads(gzip.decompress(BOUNDARIES.read_bytes()))
    rows = {(country, form): tuple(tuple(row) for row in entries) for (country, form), entries in recorded["rows"]}
    return SliceBoundaries(rows, {tuple(key) for key in recorded["read"]}, set(recorded["listed"]))


@functools.cache
def small_features() -> dict[int, str]:
    """The feature-code slice (`SliceCodes`)."""
    recorded = json.loads(FEATURES.read_text(encoding="utf-8"))
    return SliceCodes({int(key): code for key, code in recorded["codes"].items()}, set(recorded["asked"]))


@functools.cache
def small_registers() -> Registers:
    """The municipal registers' names the tests use (`REGISTER_NAMES`), each entry a municipality of today
    (a tuple: one municipality's names); every other name is in none."""
    return Registers.from_municipalities(
        (country, str(number), [entry] if isinstance(entry, str) else list(entry), True)
        for country, listed in REGISTER_NAMES.items() for number, entry in enumerate(listed))


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
    recorded = {"rows": slice_rows, "read": sorted(keys), "listed": sorted(listed)}
    BOUNDARIES.write_bytes(gzip.compress(json.dumps(recorded, ensure_ascii=False).encode("utf-8"), mtime=0))
    codes = load_codes(fetch=True)
    asked = sorted(seen["features"])
    FEATURES.write_text(json.dumps({"codes": {str(i): codes[i] for i in asked if i in codes}, "asked": asked},
                                   indent=0), encoding="utf-8")
    SEEN.unlink()
    print(f"{len(chosen):,} boundary keys, {len(seen['features']):,} feature ids -> {FOLDER}")


if __name__ == "__main__":
    rebuild()
