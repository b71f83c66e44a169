"""Entity resolution: every city name from every loader goes through `Resolver.resolve`.

Order of decisions: a pinned GeoNames id; the official name within the country (then alternate names);
a qualifier such as "Peine (district)" or "Csepel (Budapest)" stripped (a city in it only says where to look:
a district is never merged into its city); joint names ("Joniškis – Žagarė") part by part; a differently
spelt place within 15 km of the source's coordinates; when no populated place bears the name (or none near
the source's coordinates), an administrative body by its ISO 3166-2 code ("Tameside" -> iso:GB-TAM), else a
district, municipality or commune by its geoBoundaries shape ("Bærum" -> geob:<shape id>, `kg.boundaries`);
homonyms decided by coordinates when the source has them (nearest within `MAX_DISTANCE_KM`), else by population.
Nothing is dropped: a name the gazetteer cannot place becomes an unresolved city of its country.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kg.boundaries import Boundaries, shared_boundaries
from kg.gazetteer import Gazetteer, Place, distance_km, shared_gazetteer
from kg.names import administrative_forms, city_key_unresolved, fold, split_qualifier
from kg.records import CityRef, ResolvedCity

MAX_DISTANCE_KM = 60.0
NEARBY_KM = 15.0  # a differently spelt name is accepted only this close to the source's coordinates
BOUNDARY_KM = 30.0  # a boundary is accepted only when its centroid lies this close to the source's coordinates
SIMILARITY = 0.8
_PARTS = re.compile(r"\s+[-\u2013\u2014/]\s+|\s*/\s*")  # "Joniškis – Žagarė", "Sarajevo - Stari Grad"
_PREFIXES = ("city of ", "town of ", "municipality of ", "st. ", "saint ", "st ")

_SUBDIVISIONS: dict[tuple[str, str], str] = {}


def _subdivision_index() -> dict[tuple[str, str], str]:
    """(country, folded name) -> ISO 3166-2 code, from pycountry; names shared by two subdivisions left out."""
    if not _SUBDIVISIONS:
        import pycountry

        seen: dict[tuple[str, str], set[str]] = {}
        for sub in pycountry.subdivisions:
            for form in administrative_forms(sub.name):
                seen.setdefault((sub.country_code, form), set()).add(sub.code)
        _SUBDIVISIONS.update({k: next(iter(v)) for k, v in seen.items() if len(v) == 1})
    return _SUBDIVISIONS


@dataclass
class Resolver:
    """Resolves names to GeoNames places, memoised per (name, country, coordinates)."""

    gazetteer: Gazetteer | None = None
    enabled: bool = True
    boundaries: Boundaries | None = None
    use_boundaries: bool = True
    _memo: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.enabled and self.gazetteer is None:
            self.gazetteer = shared_gazetteer()
        if self.enabled and self.use_boundaries and self.boundaries is None:
            self.boundaries = shared_boundaries()

    def resolve(self, ref: CityRef) -> ResolvedCity:
        memo_key = (ref.name, ref.country, ref.latitude, ref.longitude, ref.geonames_id, ref.wikidata_id)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._resolve(ref)
            self._memo[memo_key] = hit
        if ref.as_written and ref.as_written != hit.name and ref.as_written not in hit.aliases:
            hit = ResolvedCity(**{**hit.__dict__, "aliases": hit.aliases + (ref.as_written,)})
        if ref.wikidata_id and not hit.wikidata_id:
            hit = ResolvedCity(**{**hit.__dict__, "wikidata_id": ref.wikidata_id})
        return hit

    def _resolve(self, ref: CityRef) -> ResolvedCity:
        name = ref.name.strip()
        if not self.enabled:
            return self._unresolved(ref, "resolution switched off (--no-resolve)")
        if ref.geonames_id:
            place = self._by_id(ref.geonames_id)
            if place:
                return self._resolved(ref, place, "pinned")
        if not ref.country:
            return self._without_country(ref, name)
        method = "name"
        place, reason = self._choose(ref, name)
        if place is None:
            base, qualifier = split_qualifier(name)
            if qualifier:  # "Peine (district)", "Csepel (Budapest)", "St. Cloud, Minnesota": the base name only
                method = "qualifier"
                place, reason = self._choose(self._near_qualifier(ref, qualifier), base)
        if place is None:
            lowered = name.lower()
            for prefix in _PREFIXES:
                if lowered.startswith(prefix):
                    alt = ("Saint " if prefix in ("st. ", "st ") else "") + name[len(prefix):]
                    method = "prefix"
                    place, reason = self._choose(ref, alt)
                    if place:
                        break
        if place is None and _PARTS.search(name):  # a joint name: the first part that is a place
            method = "joint-name"
            for part in _PARTS.split(name):
                place, _ = self._choose(ref, part)
                if place:
                    break
        if place is None and ref.latitude is not None and ref.longitude is not None:
            method = "nearby"
            place = self._nearby_similar(ref, name)
        if place is None:
            body = self._subdivision(ref, name) or self._boundary(ref, name)
            if body:
                return body
            return self._unresolved(ref, reason or "not in the gazetteer")
        return self._resolved(ref, place, method)

    def _boundary(self, ref: CityRef, name: str) -> ResolvedCity | None:
        """A district, municipality or commune (geoBoundaries ADM2/ADM3) of the name: the one whose centroid
        lies within `BOUNDARY_KM` of the source's coordinates, or without coordinates the only one."""
        if self.boundaries is None:
            return None
        found = {b.shape_id: b for form in administrative_forms(name)
                 for b in self.boundaries.lookup(ref.country, form)}
        if not found:
            return None
        if ref.latitude is not None and ref.longitude is not None:
            distance, best = min((distance_km(ref.latitude, ref.longitude, b.latitude, b.longitude), b)
                                 for b in found.values())
            if distance > BOUNDARY_KM:
                return None
        elif len(found) == 1:
            best = next(iter(found.values()))
        else:
            return None
        return ResolvedCity(key=f"geob:{best.shape_id}", name=ref.name.strip(), country=ref.country, resolved=True,
                            latitude=best.latitude, longitude=best.longitude, wikidata_id=ref.wikidata_id,
                            method="boundary")

    def _subdivision(self, ref: CityRef, name: str) -> ResolvedCity | None:
        """An administrative body the gazetteer of places lacks ("Tameside", "Calabria", "Olomouc Region"),
        identified by its ISO 3166-2 code when no populated place of the name lies near the source's point."""
        index = _subdivision_index()
        codes = [index[(ref.country, form)] for form in administrative_forms(name) if (ref.country, form) in index]
        code = codes[0] if codes else None
        if not code:
            return None
        return ResolvedCity(key=f"iso:{code}", name=ref.name.strip(), country=ref.country, resolved=True,
                            latitude=ref.latitude, longitude=ref.longitude, wikidata_id=ref.wikidata_id,
                            method="subdivision")

    def _without_country(self, ref: CityRef, name: str) -> ResolvedCity:
        """Sources without a country (bare Wikidata pairs): coordinates first, else a name that only one
        place of 1,000+ inhabitants in the world bears."""
        if ref.latitude is not None and ref.longitude is not None:
            place = self._nearby_similar(ref, name)
            if place:
                return self._resolved(ref, place, "nearby")
        main, _ = self.gazetteer.lookup(None, name)
        unique = {p.geonames_id: p for p in main if p.population >= 1000}
        if len(unique) == 1:
            return self._resolved(ref, next(iter(unique.values())), "unique-name")
        reason = "no country, and the name is not unique" if unique else "no country, and no such place"
        return self._unresolved(ref, reason)

    def _near_qualifier(self, ref: CityRef, qualifier: str) -> CityRef:
        """Without coordinates of its own, "Csepel (Budapest)" is looked for near Budapest."""
        if ref.latitude is not None or not qualifier[:1].isupper():
            return ref
        main, _ = self.gazetteer.lookup(ref.country, qualifier)
        if not main:
            return ref
        city = max(main, key=lambda p: p.population)
        return CityRef(name=ref.name, country=ref.country, latitude=city.latitude, longitude=city.longitude)

    def _coordinates_in_country(self, ref: CityRef) -> bool:
        """Do the source's coordinates lie in its stated country? A geocoder given a bare name sometimes
        places a US 'Kent' in England or a Japanese 'Takasago' in China; such coordinates are ignored."""
        memo = (ref.latitude, ref.longitude, ref.country)
        if memo not in self._memo:
            self._memo[memo] = self.gazetteer.has_country_near(ref.latitude, ref.longitude, 30.0, ref.country)
        return self._memo[memo]

    def _nearby_similar(self, ref: CityRef, name: str) -> Place | None:
        """A place close to the source's coordinates whose name is spelt a little differently
        ('Schœlcher' in Martinique, 'Ciutadella de Menorca' for 'Ciutadella'), in any country."""
        wanted = fold(split_qualifier(name)[0])
        if not wanted:
            return None
        for _, place in self.gazetteer.near(ref.latitude, ref.longitude, NEARBY_KM):
            have = fold(place.name)
            if not have:
                continue
            if difflib.SequenceMatcher(None, wanted, have).ratio() >= SIMILARITY:
                return place
            if len(have) >= 4 and (wanted.startswith(have + " ") or have.startswith(wanted + " ")):
                return place
        return None

    def _choose(self, ref: CityRef, name: str) -> tuple[Place | None, str | None]:
        main, alternate = self.gazetteer.lookup(ref.country, name)
        for candidates in (main, alternate):
            if not candidates:
                continue
            unique = list({p.geonames_id: p for p in candidates}.values())
            if ref.latitude is not None and ref.longitude is not None and self._coordinates_in_country(ref):
                nearest = min(unique, key=lambda p: distance_km(ref.latitude, ref.longitude, p.latitude,
                                                                  p.longitude))
                if distance_km(ref.latitude, ref.longitude, nearest.latitude, nearest.longitude) <= MAX_DISTANCE_KM:
                    return nearest, None
                continue
            return max(unique, key=lambda p: (p.population, -p.geonames_id)), None
        if main or alternate:
            return None, f"no place named so within {MAX_DISTANCE_KM:.0f} km of the given coordinates"
        return None, f"no place of that name in {ref.country}"

    def _by_id(self, geonames_id: int) -> Place | None:
        if not hasattr(self, "_ids"):
            self._ids = {}
            for i in range(len(self.gazetteer._places)):
                self._ids[self.gazetteer._places[i][0]] = i
        i = self._ids.get(geonames_id)
        return self.gazetteer.place(i) if i is not None else None

    def _resolved(self, ref: CityRef, place: Place, method: str) -> ResolvedCity:
        return ResolvedCity(key=f"gn:{place.geonames_id}", name=ref.name.strip(), country=place.country,
                            resolved=True, geonames_id=place.geonames_id, latitude=place.latitude,
                            longitude=place.longitude, population=place.population or None,
                            wikidata_id=ref.wikidata_id, method=method)

    @staticmethod
    def _unresolved(ref: CityRef, reason: str) -> ResolvedCity:
        key = f"wd:{ref.wikidata_id}" if ref.wikidata_id else city_key_unresolved(ref.name, ref.country)
        return ResolvedCity(key=key, name=ref.name.strip(),
                            country=ref.country, resolved=False, latitude=ref.latitude, longitude=ref.longitude,
                            wikidata_id=ref.wikidata_id, reason=reason)
