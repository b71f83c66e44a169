"""Entity resolution: every city name from every loader goes through `Resolver.resolve`.

Precision before recall: a name is placed only on a place of its own kind, and left unresolved (with the
reason) rather than guessed. The name is first read for its kind (`kg.places.read_name`):
- counties, regions and rural municipalities ("Świdnica County", "Lviv Oblast", "Świdnica (rural gmina)")
  go to an ISO 3166-2 subdivision or a geoBoundaries shape of that kind, never to the town of the name;
- districts ("Prague 6", "Tokyo – Adachi", "Mitte (Berlin)") become their own node, `PART_OF` the city named
  in them: the GeoNames section (`PPLX`) of that name near the city, else a `part:` node of the city;
- a place named in brackets or after a dash that is a town of its own ("Žagarė (Joniškis)") is that town;
- every other name is looked up as a populated place within its country: the official name, then alternate
  names, homonyms decided by the source's coordinates (nearest within `MAX_DISTANCE_KM`), else by population;
  a qualifier ("Coventry, Rhode Island") must agree with the place's state, or the name stays unresolved;
  a place spelt a little differently within `NEARBY_KM` of the coordinates is accepted; when no populated
  place bears the name, an administrative body by its ISO 3166-2 code ("Tameside") or boundary ("Bærum").
A resolved node's name is the gazetteer's; the source spellings become aliases (`kg.store.writer`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import cast

from kg.geo import distance_km
from kg.records import CityRef, ResolvedCity
from kg.resolve.boundaries import Boundaries, Boundary, shared_boundaries
from kg.resolve.countries import country_code, country_named, names_a_country, stated_countries
from kg.resolve.features import SECTION, shared_codes
from kg.resolve.gazetteer import Gazetteer, Place, shared_gazetteer
from kg.resolve.names import city_key_unresolved, fold
from kg.resolve.places import (
    CITY,
    COUNTY,
    DISTRICT,
    MUNICIPALITY,
    REGION,
    NameReading,
    administrative_forms,
    kind_from_words,
    read_name,
    roman_or_int,
)
from kg.resolve.registers import REGISTER_NOTE, Registers, shared_registers
from kg.resolve.subdivisions import countries_with_subdivision, subdivision_index, subdivision_stems
from kg.vocabulary import boundary_key, geonames_key, part_key, subdivision_key, wikidata_key

# English names of first-level regions that the boundary table names otherwise (folded)
REGION_EXONYMS = {"azores": "acores", "algarve": "faro"}
MAX_DISTANCE_KM = 60.0
OFFICIAL_KM = 5.0  # a place whose official name it is wins over a nearer alternate name within this distance
NEARBY_KM = 15.0  # a differently spelt name is accepted only this close to the source's coordinates
BOUNDARY_KM = 30.0  # a boundary is accepted only when its centroid lies this close to the source's coordinates
PART_KM = 25.0  # a district lies this close to its city's point
TOWN_KM = 35.0  # a town named with its municipality ("Žagarė (Joniškis)") lies this close to the municipality
AREA_KM = 130.0  # a place in a province lies this close to the province's chief town (Sapri: 98 km from Salerno)
BIG_CITY = 100_000  # a place set inside a city this large, within PART_KM, is one of its districts
SIMILARITY = 0.85
TOWN_NEAR_SPELLING = 10_000  # a town this large spelt within one letter of a name is what the name means
TOWN_POPULATION = 5000  # a name only one town this large bears in its country is that town, wherever a
                        # geocoder put the source's coordinates ("Nokia", "Aprilia", "Sceaux" placed far off)
ADMINISTRATIVE = (MUNICIPALITY, COUNTY, REGION)
SMALL_TOWN = 500  # a name only one place bears, officially and otherwise, places it at this size (see _only_bearer)
BODY_TOWN_OTHER_NAME = 20_000  # a county or region named after a town by another of its names: a town this large
OTHER_NAME_POPULATION = 10_000  # a place named by one of its other names, with no country, is at least this large

# a town's name with the words that only locate it or call it a spa: "Rottenburg am Neckar", "Weiden in der
# Oberpfalz", "Neuenhagen bei Berlin", "Tremosine sul Garda", "Droitwich Spa", "Bad Kötzting"
_LOCATED = re.compile(r"(?:bad )?(?P<town>.+?)(?: (?:am|an der|an|in der|im|in|bei|ob der|auf der|sul|sulla|"
                      r"upon|on sea)(?: [a-z]+){1,2}| spa| terme)?")
def _short_forms(name: str) -> list[str]:
    """Other forms a German label gives a town's name in: 'Schöneck/Vogtl.' -> 'Schöneck', 'St. Ingbert' ->
    'Sankt Ingbert' and 'Saint Ingbert'. (Not 'Staufen im Breisgau' -> 'Staufen': the gazetteer lacks that
    town, and its only 'Staufen' is in Switzerland.)"""
    forms = []
    if "/" in name and " / " not in name:
        forms.append(name.split("/")[0].strip())
    if name[:3].lower() in ("st.", "st "):
        rest = name[3:].lstrip(". ")
        forms += [f"Sankt {rest}", f"Saint {rest}"]
    return [form for form in forms if form]


def roman(number: int) -> str:
    """13 -> 'XIII' (districts up to 3999)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def reading_has_parts(name: str) -> bool:
    """Does the name set a place in another ("Gulcz (Wieleń)", "Tokyo – Adachi")? Then only that decides."""
    reading = read_name(name)
    return bool(reading.parent or reading.joint or reading.kind)


_SHARED_RULINGS: dict = {}  # what the rules decided on the shared tables, for the life of the process


@dataclass
class Resolver:
    """Resolves names to GeoNames places, memoised per (name, country, coordinates)."""

    gazetteer: Gazetteer | None = None
    enabled: bool = True
    boundaries: Boundaries | None = None
    use_boundaries: bool = True
    features: dict[int, str] | None = None
    registers: Registers | None = None
    _memo: dict = field(default_factory=dict)
    _items: dict[str, ResolvedCity] = field(default_factory=dict)  # Wikidata items placed by their partners

    def __post_init__(self) -> None:
        own_tables = self.gazetteer is not None or self.features is not None or self.registers is not None or (
            self.use_boundaries and self.boundaries is not None) or not self.use_boundaries
        if self.enabled and self.gazetteer is None:
            self.gazetteer = shared_gazetteer()
        if self.enabled and self.use_boundaries and self.boundaries is None:
            self.boundaries = shared_boundaries()
        if self.enabled and self.features is None:
            self.features = shared_codes()
        if self.enabled and self.registers is None:
            self.registers = shared_registers()
        if self.enabled and not own_tables and not self._memo:
            # the rules are a function of the name and the process's tables: every resolver on those tables
            # shares what they decided, so a load that places Wikidata among the other sources' partnerships
            # does not resolve those sources' names again
            self._memo = _SHARED_RULINGS

    @property
    def places(self) -> Gazetteer:
        """The gazetteer; set whenever resolution is on (a switched-off resolver never reaches a rule)."""
        return cast(Gazetteer, self.gazetteer)

    def resolve(self, ref: CityRef) -> ResolvedCity:
        """Where a name goes (memoised): a Wikidata item placed by its context, else the rules."""
        if ref.wikidata_id in self._items:
            return self._items[ref.wikidata_id]
        memo_key = (ref.name, ref.country, ref.latitude, ref.longitude, ref.geonames_id, ref.wikidata_id, ref.homonym,
                    ref.area, ref.region, ref.point_note)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._resolve(ref)
            self._memo[memo_key] = hit
        if ref.as_written and ref.as_written != hit.name and ref.as_written not in hit.aliases:
            hit = replace(hit, aliases=hit.aliases + (ref.as_written,))
        if ref.wikidata_id and not hit.wikidata_id:
            hit = replace(hit, wikidata_id=ref.wikidata_id)
        return hit

    def pin_items(self, placed: dict[str, ResolvedCity]) -> None:
        """Take where Wikidata items go as decided from their context (`kg.resolve.context`)."""
        self._items.update(placed)

    def place_as(self, ref: CityRef, place: Place, method: str) -> ResolvedCity:
        """`ref` as the gazetteer's `place`, placed by `method` (a GeoNames section with its city)."""
        return self._resolved(ref, place, method)

    def place_by_id(self, geonames_id: int) -> Place | None:
        """The gazetteer place with this GeoNames id, or None."""
        return self.places.by_id(geonames_id) if self.gazetteer else None

    # -- the decision ------------------------------------------------------------------------------
    def _resolve(self, ref: CityRef) -> ResolvedCity:
        if not self.enabled:
            return self._unresolved(ref, "resolution switched off (resolve=False)")
        if ref.geonames_id:
            place = self.place_by_id(ref.geonames_id)
            if place:
                return self._resolved(ref, place, "geonames" if ref.wikidata_id else "pinned")
        if ref.homonym:
            return self._next_homonym(ref)
        reading = read_name(ref.name)
        stated = reading.qualifier or (reading.parent if not reading.joint else None)
        if not ref.country and stated and country_code(stated):  # "Varna, Bulgaria", "Beja (Tunesien)"
            return self.resolve(replace(ref, name=reading.base, country=country_code(stated)))
        if not ref.country:
            return self._without_country(ref, ref.name.strip())
        if reading.kind in ADMINISTRATIVE:
            return self._administrative(ref, reading)
        if reading.kind == DISTRICT or reading.joint or reading.parent:
            place, _ = self._choose(ref, ref.name.strip(), alternates=False)  # "Riese Pio X", "Frankfurt (Oder)"
            if place:
                return self._resolved(ref, place, "name")
            part = self._part(ref, reading)
            if part:
                return part
        return self._city(ref, reading)

    def _next_homonym(self, ref: CityRef) -> ResolvedCity:
        """The other end of "Nienburg - Nienburg": the most populous place of the name that is not the first."""
        first = self.resolve(replace(ref, homonym=0))
        main, alternate = self.places.lookup(ref.country, ref.name)
        others = [p for p in main + alternate if geonames_key(p.geonames_id) != first.key]
        if not others:  # no second place of the name: the row names one place twice, and is set aside
            return first
        return self._resolved(ref, max(others, key=lambda p: (p.population, -p.geonames_id)), "homonym")

    def _city(self, ref: CityRef, reading: NameReading) -> ResolvedCity:
        """A populated place by name, then by the name without its qualifier or kind words, then nearby."""
        name, country = ref.name.strip(), _stated(ref)
        place, reason = self._choose(ref, name)
        method = "name"
        if place is None and reading.qualifier:  # "St. Cloud, Minnesota": the state must agree
            method = "qualifier"
            place, reason = self._choose(ref, reading.base, region=reading.qualifier)
        elif place is None and reading.parent and not reading.joint and reading.kind != DISTRICT:
            method = "qualifier"  # "Lingen (Ems)": a bracket that names no place only says where to look;
            if fold(reading.parent) in self._region_codes(country):  # "Hemmingen (Baden-Württemberg)"
                place, reason = self._choose(ref, reading.base, region=reading.parent)
            elif ref.latitude is not None or self._parent_city(country, reading.parent) is None:
                place, reason = self._choose(ref, reading.base)  # a place named in it: coordinates decide
        if place is None and reading.joint and ref.latitude is not None:
            method = "joint-name"  # "Waipa – Cambridge": the place in the district, where the coordinates say
            place, _ = self._choose(ref, reading.base)
        if place is None and reading.kind == CITY and fold(reading.base) != fold(name):
            method = "prefix"  # "City of Perth", "Aalborg Municipality"
            place, _ = self._choose(ref, reading.base)
        if place is None and name[:3].lower() in ("st.", "st "):  # "St. Ives" -> "Saint Ives"
            method = "prefix"
            place, _ = self._choose(ref, "Saint " + name[3:].lstrip(". "))
        if place is None and ref.latitude is not None and ref.longitude is not None and not reading.parent \
                and not self.places.lookup(ref.country, name)[0]:  # a "Bury" elsewhere: not Bury St Edmunds
            method = "nearby"
            place = self._nearby_similar(ref, name)
        if place is None:
            body = self._subdivision(ref, name, None) or self._boundary(ref, name, None)
            if body:
                return body
            place, method = self._only_town(ref, name), "only-town"
        if place is None:
            return self._unresolved(ref, reason or "not in the gazetteer")
        return self._resolved(ref, place, method)

    def _only_town(self, ref: CityRef, name: str) -> Place | None:
        """The one town of the name in the country, when the source's coordinates lie far from it and no
        place or boundary of the name lies near them: a geocoder's miss ("Nokia", "Aprilia", "Sceaux")."""
        if ref.latitude is None or reading_has_parts(name):
            return None
        main, _ = self.places.lookup(ref.country, name)
        return main[0] if len(main) == 1 and main[0].population >= TOWN_POPULATION else None

    def _administrative(self, ref: CityRef, reading: NameReading) -> ResolvedCity:
        """A county, region or municipality: its subdivision or boundary of that kind; a municipality that
        the gazetteer names as one of the town's own names ("Glostrup Kommune" for Glostrup: the town's
        municipality, one place) is the town; else unresolved. Never a county or region as its capital."""
        name = ref.name.strip()
        body = self._subdivision(ref, name, reading.kind) or self._boundary(ref, name, reading.kind)
        if body:
            return body
        if reading.kind == MUNICIPALITY:
            place, _ = self._choose(ref, name)
            if place is not None:
                return self._resolved(ref, place, "name")
            town = self._town_of_its_municipality(ref, name)
            if town is not None:
                return self._resolved(ref, town, "municipality-town")
        kind = reading.kind or MUNICIPALITY  # the caller's branch: always one of ADMINISTRATIVE
        return replace(self._unresolved(ref, f"a {kind}: no {kind} of that name in the subdivision or "
                                             f"boundary tables"), kind=kind)

    def _town_of_its_municipality(self, ref: CityRef, name: str) -> Place | None:
        """The town a municipality is named after, where the boundary tables hold the municipality under the
        town's bare name: "Vejle Kommune" is Vejle, as "Kalmar Municipality" is Kalmar (one place). Only when
        one boundary bears the bare name, one town of it lies within `BOUNDARY_KM` of its centroid, and the
        source's point, if any, lies that close to the town too. Never a name with a bracket or comma:
        "Świdnica (rural gmina)" is the villages around the town, not the town."""
        if self.boundaries is None or ref.country is None or any(mark in name for mark in "(,/"):
            return None
        bare = administrative_forms(name)[-1]
        if bare == fold(name):
            return None  # no kind word to take off: the name is the town's already
        bodies = [b for b in self.boundaries.lookup(ref.country, bare) if kind_from_words(b.name)[0] is None]
        if len(bodies) != 1:
            return None
        body = bodies[0]
        main, _ = self.places.lookup(ref.country, body.name)
        towns = [p for p in main if self._feature(p) != SECTION
                 and distance_km(p.latitude, p.longitude, body.latitude, body.longitude) <= BOUNDARY_KM]
        if len(towns) != 1:
            return None
        town = towns[0]
        if ref.latitude is not None and ref.longitude is not None and \
                distance_km(ref.latitude, ref.longitude, town.latitude, town.longitude) > BOUNDARY_KM:
            return None
        return town

    def _part(self, ref: CityRef, reading: NameReading) -> ResolvedCity | None:
        """A district of the city named in it, or a town of its own near that city; None when the name
        in it is no populated place ("Frankfurt (Oder)")."""
        if reading.parent is None and reading.kind == DISTRICT:
            return self._district_alone(ref, reading)
        country = _stated(ref)
        parent = self._parent_city(country, reading.parent, exonyms=reading.number is not None)
        if parent is None or reading.parent is None:
            if reading.kind == DISTRICT:
                return replace(self._unresolved(ref, f"a district of {reading.parent!r}, which is not a city in the "
                                                     f"gazetteer"), kind=DISTRICT)
            return None
        synthetic = reading.number is not None and reading.base == f"{reading.parent} {reading.number}"
        numbered_only = synthetic or (reading.number is not None and (
            fold(reading.base) == fold(ref.name.split("(")[0])  # "Budapest XIII"
            or roman_or_int(fold(reading.base).removeprefix(fold(reading.parent)).strip()) is not None))
        if synthetic and reading.number is not None:  # "Praga (distretto 7)": the city's own numbering
            place = (self._numbered_section(f"{parent.name} {reading.number}", parent)
                     or self._numbered_section(f"{parent.name} {roman(reading.number)}", parent))
        else:
            place = (self._numbered_section(reading.base, parent) if numbered_only
                     else self._place_near(country, reading.base, parent,
                                           PART_KM if parent.population >= BIG_CITY else TOWN_KM))
        if place and place.geonames_id != parent.geonames_id:
            distance = distance_km(place.latitude, place.longitude, parent.latitude, parent.longitude)
            section = self._feature(place) == SECTION
            inside_big_city = (parent.population >= BIG_CITY and place.population < parent.population
                               and distance <= PART_KM)
            if section or inside_big_city or reading.kind == DISTRICT:
                if distance <= PART_KM:
                    return self._district(ref, place, self._resolved(ref, parent, "name"), "part")
            else:
                return self._resolved(ref, place, "qualifier")  # "Žagarė (Joniškis)": a town of its own
        if reading.kind != DISTRICT and parent.population < BIG_CITY and not (place and place == parent):
            if ref.latitude is not None:
                return None  # the source's coordinates may still find it ("Pingtung – Hengchun")
            return self._unresolved(ref, f"no place named {reading.base!r} near {parent.name}")
        city = self._resolved(ref, parent, "name")
        label = str(reading.number) if numbered_only else fold(reading.base)
        name = f"{parent.name} {reading.number}" if numbered_only else f"{reading.base} ({parent.name})"
        own_name = () if numbered_only else (reading.base,)  # "Steglitz-Zehlendorf" names it too, searchable
        return ResolvedCity(key=part_key(city.key, label), name=name, country=parent.country, resolved=True,
                            latitude=ref.latitude, longitude=ref.longitude, wikidata_id=ref.wikidata_id,
                            method="part", kind=DISTRICT, parent=city, aliases=own_name)

    def _district_alone(self, ref: CityRef, reading: NameReading) -> ResolvedCity:
        """A name that says it is a district but names no city ("distretto Charlottenburg-Wilmersdorf",
        "quartiere londinese di Hammersmith and Fulham"): a GeoNames section of the name (its city found
        around it), a district-kind subdivision or boundary, else unresolved; never a town of the name."""
        place, _ = self._choose(ref, reading.base, alternates=False)
        if place is not None and self._feature(place) == SECTION:
            return self._resolved(ref, place, "part")
        body = self._subdivision(ref, reading.base, DISTRICT) or self._boundary(ref, reading.base, DISTRICT)
        if body:
            return body
        return replace(self._unresolved(ref, "a district, and the name sets it in no city"), kind=DISTRICT)

    def _parent_city(self, country: str, name: str | None, exonyms: bool = False) -> Place | None:
        """The city a district's name sets it in: the most populous place of the name, not a section. Only
        official names, but for a numbered district ("Praga (distretto 7)") the city's other names too."""
        if not name or read_name(name).kind in ADMINISTRATIVE:
            return None
        main, alternate = self.places.lookup(country, name)  # official names only: "Ems" is no Bad Ems
        if exonyms and not main:
            main = [p for p in alternate if p.population >= BIG_CITY]
        places = [p for p in main if self._feature(p) != SECTION]
        return max(places, key=lambda p: (p.population, -p.geonames_id)) if places else None

    def _numbered_section(self, name: str, parent: Place) -> Place | None:
        """GeoNames' own section for a numbered district: 'Budapest XIII' -> 'Budapest XIII. kerület'."""
        wanted = fold(name)
        for _, place in self.places.near(parent.latitude, parent.longitude, PART_KM):
            have = fold(place.name)
            if self._feature(place) == SECTION and (have == wanted or have.startswith(wanted + " ")):
                return place
        return None

    def _place_near(self, country: str, name: str, centre: Place, radius_km: float) -> Place | None:
        main, alternate = self.places.lookup(country, name)
        near = [(distance_km(p.latitude, p.longitude, centre.latitude, centre.longitude), p)
                for p in main + alternate]
        near = [(d, p) for d, p in near if d <= radius_km]
        return min(near, key=lambda item: (item[0], item[1].geonames_id))[1] if near else None

    # -- administrative bodies ---------------------------------------------------------------------
    def _boundary(self, ref: CityRef, name: str, kind: str | None) -> ResolvedCity | None:
        """A district, municipality or commune (geoBoundaries ADM2/ADM3) of the name and kind: the one whose
        centroid lies within `BOUNDARY_KM` of the source's coordinates, or without coordinates the only one."""
        if self.boundaries is None or ref.country is None:
            return None
        found = {b.shape_id: b for form in administrative_forms(name)
                 for b in self.boundaries.lookup(ref.country, form) if self._boundary_fits(ref, b, kind)}
        if not found:
            return None
        if ref.latitude is not None and ref.longitude is not None:
            distance, best = min((distance_km(ref.latitude, ref.longitude, b.latitude, b.longitude), b)
                                 for b in found.values())
            if distance > (2 * BOUNDARY_KM if kind in (COUNTY, REGION) else BOUNDARY_KM):  # counties are large
                return None
        elif len(found) == 1:
            best = next(iter(found.values()))
        else:
            return None
        return ResolvedCity(key=boundary_key(best.shape_id), name=best.name, country=ref.country, resolved=True,
                            latitude=best.latitude, longitude=best.longitude, wikidata_id=ref.wikidata_id,
                            method="boundary", kind=kind_from_words(best.name)[0] or kind or MUNICIPALITY)

    def _boundary_fits(self, ref: CityRef, boundary: Boundary, kind: str | None) -> bool:
        """A county or municipality name takes a boundary of its kind; a boundary whose name carries no kind
        word and is also a town's name nearby may be that town's own municipality, so it is not taken."""
        own = kind_from_words(boundary.name)[0]
        if kind is None or own == kind:
            return True
        if own is not None:
            return kind == COUNTY and own == REGION or kind == REGION and own == COUNTY
        main, _ = self.places.lookup(ref.country, boundary.name)
        return not any(distance_km(p.latitude, p.longitude, boundary.latitude, boundary.longitude) <= BOUNDARY_KM
                       for p in main)

    def _subdivision(self, ref: CityRef, name: str, kind: str | None,
                     other_names: bool | None = None) -> ResolvedCity | None:
        """An administrative body the gazetteer of places lacks ("Tameside", "Calabria", "Olomouc Region"),
        identified by its ISO 3166-2 code; a name of a stated kind takes only a subdivision of that kind and
        may name it in another language (`subdivision_index`)."""
        if ref.country is None:
            return None
        index = subdivision_index(kind is not None if other_names is None else other_names)
        forms = dict.fromkeys(administrative_forms(name) + administrative_forms(read_name(name).base))
        entries = [index[(ref.country, form)] for form in forms if (ref.country, form) in index]
        entries = [e for e in entries if kind is None or e[2] == kind or {kind, e[2]} == {COUNTY, REGION}]
        if not entries and kind in (COUNTY, REGION):
            entries = self._subdivision_by_stem(ref.country, read_name(name).base, kind)
        if not entries:
            return None
        code, official, sub_kind = entries[0]
        return ResolvedCity(key=subdivision_key(code), name=official, country=ref.country, resolved=True,
                            latitude=ref.latitude, longitude=ref.longitude, wikidata_id=ref.wikidata_id,
                            method="subdivision", kind=sub_kind)

    @staticmethod
    def _subdivision_by_stem(country: str, base: str, kind: str) -> list[tuple[str, str, str]]:
        """A county or region named in English after its local name: 'Lviv Oblast' is 'Lvivska oblast',
        'Bratislava Region' 'Bratislavský kraj', 'Viljandi County' 'Viljandimaa'. The stems must share all
        but the last letter of the English stem and differ by at most three letters; one match only."""
        wanted = fold(base)
        if len(wanted) < 4:
            return []
        found = {entry for stem, entry in subdivision_stems(country)
                 if ({kind, entry[2]} <= {COUNTY, REGION}) and stem[:len(wanted) - 1] == wanted[:-1]
                 and abs(len(stem) - len(wanted)) <= 3}
        return list(found) if len(found) == 1 else []

    # -- populated places ----------------------------------------------------------------------------
    def _without_country(self, ref: CityRef, name: str) -> ResolvedCity:
        """Sources without a country (bare Wikidata pairs): coordinates first; a name of an administrative
        kind ("Präfektur Nagasaki", "Landkreis Kulmbach") only a body of that kind that one country has;
        else a name that only one place of 1,000+ inhabitants in the world bears, as its official name, then
        with its city word or qualifier left out ("Kota Singkawang", "Frankenthal (Pfalz)"), then as one of its
        other names when it has 10,000+ ("Genf"; GeoNames' other names of small places hold stray words: "Kenia"
        for Cunlhat); else a subdivision that one country alone has of the name ("Emilia-Romagna"); else the
        one place of 500+ that bears the name, which no other place bears in any form ("Canfranc"). A label
        that is a country's name is that country, unplaced; a qualifier that names one country's subdivision
        sets the name in that country ("Laterrière, Quebec"); places of the name all in one country give it."""
        if ref.latitude is not None and ref.longitude is not None:
            place = self._nearby_similar(ref, name)
            if place:
                return self._resolved(ref, place, "nearby")
        country = self._country_of_its_name(name)
        if country:
            return self._unresolved(replace(ref, country=country), f"the name of a country ({country}), not of "
                                                                   f"a place in it")
        reading = read_name(name)
        if reading.kind in ADMINISTRATIVE or reading.kind == DISTRICT:
            return self._body_anywhere(ref, name, reading.kind) or self._body_named_after_town(ref, reading)
        stated = reading.qualifier or reading.parent
        bases = [name] + ([reading.base] if reading.kind == CITY or stated else [])
        bases += [form for form in _short_forms(name) if self._names_one_place(form)]
        found_some = False
        for candidate in dict.fromkeys(bases):
            main, alternate = self.places.lookup(None, candidate)
            for found, method, size in ((main, "unique-name", 1000),
                                        ([] if main else alternate, "unique-other-name", OTHER_NAME_POPULATION)):
                unique = {p.geonames_id: p for p in found if p.population >= size}
                found_some = found_some or bool(unique)
                place = next(iter(unique.values())) if len(unique) == 1 else None
                if place and (candidate == name or not stated or self._lies_in(place, stated)):
                    return self._resolved(ref, place, method)
        body = None if found_some else self._body_anywhere(ref, name, None)
        if body:  # "Água Grande": São Tomé's district, not the Mexican village spelt alike
            return body
        small = None if found_some else self._only_bearer(name)
        if small:
            return self._resolved(ref, small, "unique-name")
        spelt = self._largest_bearer_spelt_so(name) if found_some else None
        if spelt:  # "Almería" is the Spanish city, not Almeria in the Philippines
            return self._resolved(ref, spelt, "spelling")
        country = None if found_some else self._country_of_boundaries(name)
        if country:  # "Opsterland": no gazetteer place, but only the Netherlands has a boundary of the name
            city = self._resolve(replace(ref, country=country))
            return city if city.resolved else replace(city, reason=(
                f"{city.reason} (the country is the only one whose boundary table names it so)"))
        country = None if found_some else self._country_of_registers(name)
        if country:  # "Pragelato", "Puligny-Montrachet": communes under the gazetteer's floor
            return self._unresolved(replace(ref, country=country), "no place of that name in "
                                            f"{country} (the country is the only one whose {REGISTER_NOTE} names "
                                            f"it so)")
        if stated and len(lying_in := countries_with_subdivision(stated)) == 1:  # "Laterrière, Quebec"
            return self.resolve(replace(ref, country=lying_in.pop()))
        return self._homonyms_of_one_country(ref, name) or self._unresolved(
            ref, "no country, and the name is not unique" if found_some else "no country, and no such place")

    def _largest_bearer_spelt_so(self, name: str) -> Place | None:
        """For a name of places of 1,000+ in several countries, written with its marks: the one bearer whose
        official name is spelt exactly so, when it is also the largest ("Almería", 196,851, not Almeria, PH;
        "Leganés", "Ōme", "Lünen"). Never a smaller one: the labels are often German, and "Brügge" is Bruges's
        German name before it is the village Brügge. Of the 12 such items of the world data that their
        countries-states-cities rows place, all 12 are that bearer."""
        if not _has_marks(name):
            return None
        main, _ = self.places.lookup(None, name)
        bearers = [p for p in main if p.population >= 1000]
        spelt = [p for p in bearers if unicodedata.normalize("NFC", p.name) == unicodedata.normalize("NFC", name)]
        if len(spelt) != 1 or len({p.country for p in bearers}) < 2:
            return None
        largest = max(bearers, key=lambda p: p.population)
        return spelt[0] if largest is spelt[0] else None

    def _country_of_boundaries(self, name: str) -> str | None:
        """For a name no gazetteer place bears: the one country whose boundary table has a boundary of the
        name (municipalities and communes under the gazetteer's floor: "Opsterland", "Riolunato", "Saponé"),
        unless a town of 10,000+ is spelt within one letter of it ("Salala" is Salalah, OM, not the Liberian
        district). Of the items of the world data that their countries-states-cities rows place, the rule
        put 56 in that country and none elsewhere (without the spelling guard it took Salala too)."""
        if self.boundaries is None:
            return None
        form = fold(name)
        countries = {code for code in self.boundaries.countries() if self.boundaries.lookup(code, form)}
        if len(countries) != 1 or self.places.near_spellings(form, TOWN_NEAR_SPELLING):
            return None
        return countries.pop()

    def _country_of_registers(self, name: str) -> str | None:
        """For a name no gazetteer place bears: the one country whose municipal register (Italy's comuni,
        France's communes) holds it, with the boundary rule's guards: not a country's name, no town of 10,000+
        spelt within one letter of it. Of the world graph's unplaced names with a stated country that no
        gazetteer place bears, the registers gave 189 their stated country and 1 another (Saint-Valentin,
        Quebec, is also a French commune)."""
        if self.registers is None or names_a_country(name):
            return None
        countries = self.registers.countries(name)
        if len(countries) != 1 or self.places.near_spellings(fold(name), TOWN_NEAR_SPELLING):
            return None
        return countries[0]

    def _only_bearer(self, name: str) -> Place | None:
        """The place of 500+ (the gazetteer's floor) that alone bears the name, when no other place bears it
        even as one of its other names and it names no country ("Canfranc"; not "Sint Maarten", a village in
        North Holland and a country; not "Bozen", another name of Bolzano). Of the 73 Wikidata items of the
        world graph placed by their row or partners whose label such a place bears, all 73 are that place."""
        main, alternate = self.places.lookup(None, name)
        bearers = {p.geonames_id: p for p in main + alternate}
        place = main[0] if len(bearers) == 1 and main else None
        if place is None or place.population < SMALL_TOWN or names_a_country(name):
            return None
        return place

    def _names_one_place(self, name: str) -> bool:
        """Does exactly one place in the world bear the name, officially or otherwise? ("Staufen" does not:
        villages in Germany and a town in Switzerland.)"""
        main, alternate = self.places.lookup(None, name)
        return len({p.geonames_id for p in main + alternate}) == 1

    def _country_of_its_name(self, name: str) -> str | None:
        """The country an item's whole label names ("Marokko", "Cookinseln"), when no gazetteer place bears
        the label as its own name, nor a town of 10,000+ as another ("Andorra" is also a Spanish town; GeoNames
        gives the village Cunlhat "Kenia" among its other names)."""
        country = country_named(name)
        if country is None:
            return None
        main, alternate = self.places.lookup(None, name)
        return None if main or any(p.population >= OTHER_NAME_POPULATION for p in alternate) else country

    def _homonyms_of_one_country(self, ref: CityRef, name: str) -> ResolvedCity | None:
        """A name that several places bear, all in one country ("Kusatsu": two in Japan; "Montreuil" in
        France, officially or as another name): not placed, but in that country, with the candidates in the
        reason. Two or more bear it officially, or one of 500+ does beside others that bear it otherwise
        ("Sestriere" and the pass Colle Sestriere); never a country's name ("Sint Maarten")."""
        main, alternate = self.places.lookup(None, name)
        official = {p.geonames_id: p for p in main}
        if len(official) == 1 and main[0].population >= SMALL_TOWN and not names_a_country(name):
            official.update((p.geonames_id, p) for p in alternate)
        places = sorted(official.values(), key=lambda p: -p.population)
        if len(places) < 2 or len({p.country for p in places}) != 1:
            return None
        country = places[0].country
        listed = ", ".join(f"gn:{p.geonames_id}" for p in places[:4]) + (" ..." if len(places) > 4 else "")
        return self._unresolved(replace(ref, country=country), f"{len(places)} places of that name, all in "
                                                               f"{country} ({listed}); which one is not known")

    def _lies_in(self, place: Place, where: str) -> bool:
        """Does the place lie where a qualifier says: in the region it names, or within `AREA_KM` of a place
        of its country bearing that name ("Frankenthal (Pfalz)" yes; "Sillery, Quebec City" is not Sillery,
        France)?"""
        if self._in_region(place, where):
            return True
        main, alternate = self.places.lookup(place.country, where)
        return any(distance_km(p.latitude, p.longitude, place.latitude, place.longitude) <= AREA_KM
                   for p in main + alternate)

    def _body_named_after_town(self, ref: CityRef, reading: NameReading) -> ResolvedCity:
        """A county or municipality named after a town ("Landkreis Kulmbach", "Rødding Kommune") lies in the
        country of every town of 1,000+ that bears the name, when they all lie in one: it is looked up there,
        and otherwise stays its own node of its kind in that country. Never the town itself. A name no town
        bears as its own is read as another name of towns of 20,000+ ("Oblast Moskau", "Gouvernement Adan";
        not the 10,000 of Garadag, SO, for Qaradağ raion in Baku)."""
        main, alternate = self.places.lookup(None, reading.base)
        countries = {p.country for p in main if p.population >= 1000} or \
            {p.country for p in alternate if p.population >= BODY_TOWN_OTHER_NAME and not main}
        kind = reading.kind or DISTRICT  # the caller's branch: an administrative kind or a district
        if len(countries) != 1:
            return replace(self._unresolved(ref, f"a {kind} with no country, and no country has one "
                                                 f"{kind} of that name"), kind=kind)
        country = countries.pop()
        if reading.kind == DISTRICT:
            return replace(self._unresolved(replace(ref, country=country), f"a district named after a town of "
                                            f"{country}, and the name sets it in no city"), kind=DISTRICT)
        body = self._administrative(replace(ref, country=country), reading)
        return body if body.resolved else replace(body, reason=f"a {reading.kind} named after a town of {country}"
                                                                f": {body.reason}")

    def _body_anywhere(self, ref: CityRef, name: str, kind: str | None) -> ResolvedCity | None:
        """The administrative body of the name (and kind) when exactly one country has one: an ISO 3166-2
        subdivision, else, for a name that states its kind, a boundary (the boundary table's 142,893 names
        hold too many villages to take a bare name: "Psara" is a Greek island and a Turkish quarter)."""
        countries = {code for code, _ in subdivision_index()}
        if self.boundaries is not None:
            countries |= self.boundaries.countries()
        subdivision = partial(self._subdivision, other_names=True)
        for find in (subdivision, self._boundary) if kind else (subdivision,):
            found = {body.key: body for code in sorted(countries)
                     for body in [find(replace(ref, country=code), name, kind)] if body}
            if len(found) == 1:
                return next(iter(found.values()))
            if found:
                return None
        return None

    def coordinates_in_country(self, ref: CityRef) -> bool:
        """Do the source's coordinates lie in its stated country? A geocoder given a bare name sometimes
        places a US 'Kent' in England or a Japanese 'Takasago' in China; such coordinates are ignored."""
        if ref.latitude is None or ref.longitude is None:
            return False
        memo = (ref.latitude, ref.longitude, ref.country)
        if memo not in self._memo:
            self._memo[memo] = any(self.places.has_country_near(ref.latitude, ref.longitude, 30.0, country)
                                   for country in stated_countries(ref.country))
        return self._memo[memo]

    def _nearby_similar(self, ref: CityRef, name: str) -> Place | None:
        """A place close to the source's coordinates whose name is spelt a little differently
        ('Schœlcher' in Martinique, 'Ciutadella' for 'Ciutadella de Menorca'), in any country. Never a name
        that differs by a number or by more words than the gazetteer's ('Mainz-Kostheim' is not Mainz), and
        never in another country than the stated one or its territories: a geocoder that gave "Ostende,
        Argentina" the Belgian town's point does not make the two one place."""
        wanted = fold(name)
        if not wanted or any(ch.isdigit() for ch in wanted) or ref.latitude is None or ref.longitude is None:
            return None
        countries = stated_countries(ref.country)
        for _, place in self.places.near(ref.latitude, ref.longitude, NEARBY_KM):
            have = fold(place.name)
            if not have or (countries and place.country not in countries) or self._feature(place) == SECTION:
                continue
            located = _LOCATED.fullmatch(wanted)
            if located and located.group("town") == have and have != wanted:
                return place  # 'Rottenburg am Neckar' -> 'Rottenburg', 'Bad Kötzting' -> 'Kötzting'
            if have[0] != wanted[0]:
                continue
            if difflib.SequenceMatcher(None, wanted.replace(" ", ""), have.replace(" ", "")).ratio() >= SIMILARITY:
                return place  # 'Villarreal' -> 'Vila-real', 'Prachinburi' -> 'Prachin Buri'
            if len(wanted) >= 4 and have.startswith(wanted + " "):  # 'Ciutadella' -> 'Ciutadella de Menorca'
                return place
        return None

    def _choose(self, ref: CityRef, name: str, region: str | None = None,
                alternates: bool = True) -> tuple[Place | None, str | None]:
        main, alternate = self._lookup_stated(ref.country, name)
        region = region or ref.region  # "Lagoa" of "Azores, Portugal"
        if region:
            main, alternate = ([p for p in found if self._in_region(p, region) is not False]
                               for found in (main, alternate))
        chief = self._area_chief(ref.country, ref.area)
        if chief is not None and (main or alternate):
            main, alternate = (self._in_area(found, chief) for found in (main, alternate))
            if not (main or alternate):
                return None, f"no place named so in the province of {chief.name} ({', '.join(ref.area)})"
        with_coordinates = ref.latitude is not None and ref.longitude is not None and self.coordinates_in_country(ref) \
            and not (region and self._point_in_region(ref, region) is False)  # the stated region wins over a point
        if with_coordinates:  # the nearest of all that bear the name; an official name wins within OFFICIAL_KM
            nearest = self._nearest(ref, main, OFFICIAL_KM) or self._nearest(ref, main + (alternate if alternates
                                                                                      else []), MAX_DISTANCE_KM)
            if nearest:
                return self._unpeopled(nearest, main)
        else:
            others = self._municipalities_of_their_own(name, alternate) if alternates and not main else []
            if others:
                alternate = [p for p in alternate if p not in others]
                if not alternate:
                    named = ", ".join(f"{p.name} (gn:{p.geonames_id})" for p in others)
                    return None, (f"{name} is a municipality of its own in the {REGISTER_NOTE} of {others[0].country}; "
                                  f"the gazetteer knows the name only as another name of {named}")
            for candidates in (main, alternate) if alternates else (main,):
                if candidates:
                    return max(candidates, key=lambda p: (p.population, -p.geonames_id)), None
        if region and not (main or alternate) and self.places.lookup(ref.country, name) != ([], []):
            return None, f"no place named so in {region}"
        if main or alternate:
            return None, f"no place named so within {MAX_DISTANCE_KM:.0f} km of the given coordinates"
        return None, f"no place of that name in {ref.country}{self._elsewhere(name)}"

    def _municipalities_of_their_own(self, name: str, alternate: list[Place]) -> list[Place]:
        """The places bearing the name only as another name whose country's municipal register lists the name
        and the place as two municipalities of today: the name is the other one, which the gazetteer lacks.
        Only a place that is the chief bearer of its own name counts as that name's municipality (the village
        "Prato", seat of Resia, is not the city of Prato the register means), and never one whose name begins
        the name (Luserna is the seat of Luserna San Giovanni, whatever comune of Trentino is called Luserna)."""
        if self.registers is None:
            return []
        return [p for p in alternate if self.registers.another_municipality(p.country, name, p.name)
                and self._chief_bearer(p) and not f"{fold(name)} ".startswith(f"{fold(p.name)} ")]

    def _chief_bearer(self, place: Place) -> bool:
        """Whether the place is the most populous of its country that bears its name as its own."""
        main, _ = self.places.lookup(place.country, place.name)
        return max(main, key=lambda p: (p.population, -p.geonames_id), default=place).geonames_id == place.geonames_id

    def _lookup_stated(self, country: str | None, name: str) -> tuple[list[Place], list[Place]]:
        """The places of the name in the stated country; where it has none, in the country's overseas
        territories ("Sainte-Suzanne, France" with a point on Réunion; Schœlcher in Martinique)."""
        found = self.places.lookup(country, name)
        if found != ([], []) or not country:
            return found
        main: list[Place] = []
        alternate: list[Place] = []
        for territory in stated_countries(country)[1:]:
            more_main, more_alternate = self.places.lookup(territory, name)
            main += more_main
            alternate += more_alternate
        return main, alternate

    def _elsewhere(self, name: str) -> str:
        """'; there is one in SE (Uppsala)': the countries where the name exists, as a hint for a
        source that gave the wrong country ("Uppsala, UK"). Never used to place the name."""
        main, _ = self.places.lookup(None, name)
        countries = sorted({p.country for p in main})
        if not countries:
            return ""
        shown = ", ".join(countries[:5]) + (f" and {len(countries) - 5} more" if len(countries) > 5 else "")
        return f"; a place of that name exists in {shown}"

    @staticmethod
    def _unpeopled(nearest: Place, main: list[Place]) -> tuple[Place | None, str | None]:
        """The place the coordinates point to, unless GeoNames records nobody living there and a city of
        100,000+ bears the same name in the country: then the city when it lies within `PART_KM` (the point
        is part of it), else nothing: a geocoder given "Hamm, Germany" returned a hamlet in the Eifel."""
        if nearest.population:
            return nearest, None
        cities = [p for p in main if p.population >= 100_000 and p.geonames_id != nearest.geonames_id]
        if not cities:
            return nearest, None
        city = max(cities, key=lambda p: p.population)
        if distance_km(city.latitude, city.longitude, nearest.latitude, nearest.longitude) <= PART_KM:
            return city, None
        return None, (f"the coordinates lie at a place GeoNames records no inhabitants for, {city.name} "
                      f"(gn:{city.geonames_id}, {city.population:,} inhabitants) bears the name too")

    def _area_chief(self, country: str | None, area: tuple[str, ...]) -> Place | None:
        """Where the province a source names lies, as a place to measure from: its chief town ("padova" ->
        Padova; "forlì-cesena" -> Forlì; "spezia" -> La Spezia), the most populous place of 20,000+
        inhabitants bearing its name or one of its parts; else the centroid of the province's boundary, in the
        region most places around it are in. None when neither is known (then the province does not narrow
        the choice)."""
        if not area or not country:
            return None
        memo = ("area", country, area[0])
        if memo not in self._memo:
            parts = [area[0], *re.split(r"\s*-\s*|\s+e\s+", area[0])]
            found = [p for part in parts for found in self.places.lookup(country, part) for p in found
                     if p.population >= 20_000]
            chief = max(found, key=lambda p: (p.population, -p.geonames_id)) if found else None
            self._memo[memo] = chief or self._province_centre(country, area[0])
        return self._memo[memo]

    def _province_centre(self, country: str, province: str) -> Place | None:
        """A province's boundary centroid as a `Place`, with the admin1 code of most places within 25 km."""
        shapes = self.boundaries.lookup(country, province) if self.boundaries else []
        if len(shapes) != 1:
            return None
        shape = shapes[0]
        around = Counter(p.admin1 for _, p in self.places.near(shape.latitude, shape.longitude, 25.0)
                         if p.country == country)
        if not around:
            return None
        return Place(0, shape.name, country, shape.latitude, shape.longitude, 0, around.most_common(1)[0][0])

    @staticmethod
    def _in_area(places: list[Place], chief: Place) -> list[Place]:
        """The places in the chief town's region (GeoNames admin1) and within `AREA_KM` of it: the province."""
        return [p for p in places if p.admin1 == chief.admin1
                and distance_km(p.latitude, p.longitude, chief.latitude, chief.longitude) <= AREA_KM]

    @staticmethod
    def _nearest(ref: CityRef, places: list[Place], radius_km: float) -> Place | None:
        if ref.latitude is None or ref.longitude is None:
            return None
        found = [(distance_km(ref.latitude, ref.longitude, p.latitude, p.longitude), p.geonames_id, p) for p in places]
        found = [item for item in found if item[0] <= radius_km]
        return min(found)[2] if found else None

    def _in_region(self, place: Place, region: str) -> bool | None:
        """Does the place lie in the state or region a qualifier names? True/False where the gazetteer's
        admin1 code can tell (US states: the code is the state's; elsewhere `_region_codes`), None where it
        cannot."""
        if place.country == "US":
            import pycountry

            for sub in pycountry.subdivisions.get(country_code="US") or ():
                if fold(sub.name) == fold(region) or sub.code[3:] == region.strip().upper():
                    return sub.code[3:] == place.admin1
            return None
        code = self._region_codes(place.country).get(REGION_EXONYMS.get(fold(region), fold(region)))
        return None if code is None else code == place.admin1

    def _point_in_region(self, ref: CityRef, region: str) -> bool | None:
        """Do the source's coordinates lie in the region it states? Judged by the places of the stated
        country within 30 km of the point; None where the gazetteer cannot tell."""
        if ref.latitude is None or ref.longitude is None:
            return None
        verdicts = {self._in_region(place, region) for _, place in self.places.near(ref.latitude, ref.longitude, 30.0)
                    if place.country == ref.country} - {None}
        return None if not verdicts else True in verdicts

    def _region_codes(self, country: str) -> dict[str, str]:
        """Folded first-level region name, as the boundary table names it ("baden wurttemberg", "bavaria",
        "lombardy") -> the GeoNames admin1 code of the places at most of its boundaries' centroids (a region
        whose boundaries do not agree on one code for 80 % of them is left out)."""
        memo = ("regions", country)
        if memo not in self._memo:
            votes: dict[str, Counter] = {}
            shapes = [shape for shape in (self.boundaries.in_country(country) if self.boundaries else ())
                      if shape.region]
            nearest = self.places.nearest_of_country(country, [shape.latitude for shape in shapes],
                                                     [shape.longitude for shape in shapes], 10.0)
            for shape, place in zip(shapes, nearest):
                if place is not None:
                    votes.setdefault(fold(shape.region), Counter())[place.admin1] += 1
            self._memo[memo] = {name: count.most_common(1)[0][0] for name, count in votes.items()
                                if count.most_common(1)[0][1] >= 0.8 * sum(count.values())}
        return self._memo[memo]

    def _feature(self, place: Place) -> str:
        return (self.features or {}).get(place.geonames_id, "PPL")

    # -- results ---------------------------------------------------------------------------------
    def _resolved(self, ref: CityRef, place: Place, method: str) -> ResolvedCity:
        city = ResolvedCity(key=geonames_key(place.geonames_id), name=place.name, country=place.country,
                            resolved=True, geonames_id=place.geonames_id, latitude=place.latitude,
                            longitude=place.longitude, population=place.population or None,
                            wikidata_id=ref.wikidata_id, method=method, discrepancy=self._discrepancy(ref, place))
        if self._feature(place) == SECTION:
            parent = self._section_parent(place)
            return replace(city, kind=DISTRICT,
                           parent=self._resolved(CityRef(parent.name, parent.country), parent, "name")
                           if parent else None)
        return city

    def _district(self, ref: CityRef, place: Place, parent: ResolvedCity, method: str) -> ResolvedCity:
        return replace(self._resolved(ref, place, method), kind=DISTRICT, parent=parent)

    def _section_parent(self, section: Place) -> Place | None:
        """The city a GeoNames section lies in: the most populous place within `PART_KM` that is no section."""
        around = [p for _, p in self.places.near(section.latitude, section.longitude, PART_KM)
                  if p.country == section.country and self._feature(p) != SECTION
                  and p.population > section.population]
        return max(around, key=lambda p: p.population) if around else None

    def _discrepancy(self, ref: CityRef, place: Place) -> str | None:
        """When the source's coordinates lie at a place of the same name in another country (Valga, Spain
        geocoded to Valga, Estonia), the stated country is followed and the contradiction recorded; a
        placeholder point the loader set aside is recorded too."""
        if ref.latitude is None or ref.longitude is None or place.country != ref.country:
            return ref.point_note
        distance = distance_km(ref.latitude, ref.longitude, place.latitude, place.longitude)
        if distance <= MAX_DISTANCE_KM:
            return None
        for _, other in self.places.near(ref.latitude, ref.longitude, NEARBY_KM):
            if other.country != ref.country and fold(other.name) == fold(place.name):
                return (f"stated as in {ref.country}, but the source's coordinates ({ref.latitude:.3f}, "
                        f"{ref.longitude:.3f}) lie at {other.name}, {other.country} (gn:{other.geonames_id})")
        return (f"the source's coordinates ({ref.latitude:.3f}, {ref.longitude:.3f}) lie {distance:.0f} km from "
                f"{place.name}; the stated name and country were followed")

    def _unresolved(self, ref: CityRef, reason: str) -> ResolvedCity:
        """The name as its own node, with the reason. A source's point is evidence, not truth: it stays on the
        node only when it lies in the stated country; otherwise it is dropped and the discrepancy recorded."""
        named = f"{ref.name} {ref.region}" if ref.region else ref.name  # the Friedlands of three German states
        key = wikidata_key(ref.wikidata_id) if ref.wikidata_id else city_key_unresolved(named, ref.country)
        latitude, longitude, discrepancy = ref.latitude, ref.longitude, ref.point_note
        if latitude is not None and ref.country and self.gazetteer is not None \
                and not self.coordinates_in_country(ref):
            discrepancy = (f"the source's point ({latitude:.3f}, {longitude:.3f}) lies outside {ref.country}; "
                           f"not kept")
            latitude = longitude = None
        return ResolvedCity(key=key, name=ref.name.strip(), country=ref.country, resolved=False, latitude=latitude,
                            longitude=longitude, wikidata_id=ref.wikidata_id, reason=reason, discrepancy=discrepancy)


def _stated(ref: CityRef) -> str:
    """The country of a ref past `_resolve`'s countryless branch (every rule below it has one)."""
    assert ref.country is not None, f"{ref.name!r} reached a rule for names with a country without one"
    return ref.country


def _has_marks(name: str) -> bool:
    """Is the name written with diacritics or other marks ("Almería", "Ōme"), not plain letters only?"""
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", name))
