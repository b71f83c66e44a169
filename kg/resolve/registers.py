"""National registers of municipalities, for the country of a name that no gazetteer place bears: villages under
GeoNames' floor of 500 inhabitants and communes merged away ("Pragelato", "Piteglio", "Puligny-Montrachet",
"Graun im Vinschgau"). A register only ever gives a country, never a place.

Two registers, each fetched once from a package registry, checked against its pinned digest and cached as an
index of folded names in the user cache dir:
- Italy's comuni, current and former, with their German and other official names: the `python-codicefiscale`
  wheel on PyPI (ISTAT and the Agenzia delle Entrate's ANPR lists; MIT).
- France's communes, current, delegated and associated, overseas too: the npm package
  `@etalab/decoupage-administratif` (INSEE's Code officiel géographique, Licence Ouverte 2.0; code MIT), its
  tarball read from the npm registry over HTTPS (npm is not needed).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import zipfile
from pathlib import Path

from kg.errors import KGError
from kg.resolve.cache import OncePerProcess, fetched_index, pip_fetch, url_fetch
from kg.resolve.names import fold
from kg.settings import cache_root

ITALY_PACKAGE, ITALY_VERSION = "python-codicefiscale", "0.12.1"
ITALY_WHEEL = "python_codicefiscale-0.12.1-py3-none-any.whl"
ITALY_SHA256 = "403f029ce8a184650d969ef0eb604b3457128dff4b057de1ee40a56f0674733d"
ITALY_TABLE = "codicefiscale/data/municipalities.json"
FRANCE_PACKAGE, FRANCE_VERSION = "@etalab/decoupage-administratif", "6.0.0"
FRANCE_URL = f"https://registry.npmjs.org/{FRANCE_PACKAGE}/-/decoupage-administratif-{FRANCE_VERSION}.tgz"
FRANCE_INTEGRITY = "XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
FRANCE_TABLE = "package/data/communes.json"
INDEX_FORMAT = 1
# the overseas departments and collectivities by their INSEE department code: GeoNames gives each its own
# country code, and so do the sources
_OVERSEAS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT", "977": "BL",
             "978": "MF", "986": "WF", "987": "PF", "988": "NC"}
REGISTER_NOTE = "municipal register"  # the words a node's reason carries when a register gave its country


class RegistersUnavailable(KGError):
    """A municipal register could not be fetched (no registry, or other bytes than pinned)."""


class Registers:
    """The countries whose municipal registers hold a folded name."""

    def __init__(self, by_name: dict[str, tuple[str, ...]]):
        self._by_name = by_name

    def countries(self, name: str) -> tuple[str, ...]:
        """The countries (alpha-2, sorted) whose register holds the name, in any of its official forms."""
        return self._by_name.get(fold(name), ())

    def __len__(self) -> int:
        return len(self._by_name)

    @classmethod
    def from_lists(cls, names: dict[str, list[str]]) -> "Registers":
        """From each country's list of municipality names."""
        by_name: dict[str, set[str]] = {}
        for country, listed in names.items():
            for name in listed:
                if name and name.strip():
                    by_name.setdefault(fold(name), set()).add(country)
        return cls({form: tuple(sorted(found)) for form, found in by_name.items()})

    @staticmethod
    def cache_path() -> Path:
        """Where the index is cached."""
        return cache_root() / f"registers-v{INDEX_FORMAT}-it{ITALY_VERSION}-fr{FRANCE_VERSION}.pickle"

    @classmethod
    def load(cls, fetch: bool = True) -> "Registers":
        """The cached index; fetched and built on first use unless `fetch` is false."""
        by_name = fetched_index(cls.cache_path(), lambda: cls.from_lists(fetch_lists())._by_name, fetch,
                                RegistersUnavailable, "the municipal registers", "kg fetch tables")
        return cls(by_name)


def italian_names(table: list[dict]) -> list[str]:
    """Every official name of every comune, current or former: Italian, German, Slovene, French."""
    return [name for row in table for name in (row.get("name"), row.get("name_alt")) if name]


def french_names(table: list[dict]) -> dict[str, list[str]]:
    """Commune names by country code: metropolitan and overseas departments are France's own codes in GeoNames
    (FR, GP, MQ, ...); a city's municipal arrondissements are parts, not communes, and are left out."""
    by_country: dict[str, list[str]] = {}
    for row in table:
        if row.get("type") == "arrondissement-municipal":
            continue
        country = _OVERSEAS.get(str(row.get("departement") or "")[:3], "FR")
        by_country.setdefault(country, []).append(row["nom"])
    return by_country


def fetch_lists() -> dict[str, list[str]]:
    """Both registers, fetched and checked: municipality names by country."""
    wheel = pip_fetch(f"{ITALY_PACKAGE}=={ITALY_VERSION}", ITALY_WHEEL, ITALY_SHA256, RegistersUnavailable)
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        italy = json.loads(archive.read(ITALY_TABLE))
    tarball = url_fetch(FRANCE_URL, RegistersUnavailable, limit=20_000_000)
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != FRANCE_INTEGRITY:
        raise RegistersUnavailable(f"{FRANCE_PACKAGE} {FRANCE_VERSION} has SHA-512 {digest}, expected "
                                   f"{FRANCE_INTEGRITY}; not used")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(FRANCE_TABLE)
        if member is None:
            raise RegistersUnavailable(f"{FRANCE_TABLE} is missing from {FRANCE_PACKAGE} {FRANCE_VERSION}")
        france = json.loads(member.read())
    return {"IT": italian_names(italy), **french_names(france)}


_shared = OncePerProcess(Registers.load, RegistersUnavailable, "the municipal registers")


def shared_registers() -> Registers:
    """One index per process; `RegistersUnavailable` when it cannot be had."""
    return _shared.get()
