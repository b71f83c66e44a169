"""`kg extract`: municipal partner pages -> a reviewable draft in the curated YAML format.

Rule-based and deterministic (no network, no model). It reads the styles of the seed documents:
bulleted `City, Country` lists; prose lists ("It has 11 partner towns abroad: Lünen (Germany), ... Mytishi and
Kaliningrad (Russia)"); "Friendly contacts have been established with ..."; "... is a member of the ...";
structured records (`population: ... partnership agreement signed: 1960, renewed 1996 web sites: ...
main areas of cooperation: ...`, a record without its heading identified by its web site); and city pairs
`A - B (Country - Country)` with asterisks and a footnote for partners that are not yet members.

Every fact keeps the line it came from and the text it was read from; lines that look relevant but could not
be read are listed under `unread:`, so nothing is silently lost. Names go through the same resolver as every
loader; the document's own spelling is kept as `as_written`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import KGError
from kg.files import read_text
from kg.geo import distance_km
from kg.records import CityRef
from kg.resolve.countries import country_code
from kg.resolve.names import fold
from kg.resolve.resolver import Resolver
from kg.vocabulary import city_reference, split_reference

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MAX_LINE = 2_000  # characters: the patterns' cost grows with a line's length squared, a fact never needs this
BULLET = re.compile(r"^\s*[•·*\u2022\-–]\s+(?P<body>.+?)\s*$")
HEADING = re.compile(r"^(?P<name>[^\d:()][^:()]*?)\s*\((?P<country>[^()]+)\)\s*$")
PAIR = re.compile(r"^\s*[-•*]\s*(?P<cities>.+?)\s*\((?P<c1>[^()]+?)\s*[-–]\s*(?P<c2>[^()]+?)\)\s*$")
RECORD_START = re.compile(r"^\s*popul\w*\s*:", re.I)
POPULATION = re.compile(r"popul\w*\s*:\s*(?P<n>\d[\d\s\u00a0]*\d|\d)\s*\((?P<year>\d{4})\)", re.I)
SIGNED = re.compile(r"partnership agreement signed\s*:\s*(?P<date>\d{1,2}\.\s*\d{1,2}\.\s*\d{4}|\d{4})"
                    r"(?:\s*,\s*renewed\s+(?P<renewed>\d{4}(?:\s*(?:,|and)\s*\d{4})*))?", re.I)
WEBSITE = re.compile(r"web\s*sites?\s*:\s*(?P<url>\S+)", re.I)
AREAS = re.compile(r"main areas of cooperation\s*:\s*(?P<areas>.+?)\s*$", re.I | re.S)
PARTNER_LIST = re.compile(r"(?P<count>\d+|\w+)?\s*partner (?:towns|cities|municipalities)(?: abroad)?\s*:\s*"
                          r"(?P<list>.+?)\.(?=\s|$)", re.I)
FRIENDLY = re.compile(r"friendly (?:contacts|relations|ties) (?:have been |has been |were )?established with\s+"
                      r"(?P<list>.+?)\.(?=\s|$)", re.I)
MEMBER = re.compile(r"(?P<subject>\b[\w\u00c0-\u024f' .-]+?)?\s*is a member of (?:the )?"
                    r"(?P<assoc>[A-Z][^.,;]+?)(?=[.,;]|$)")
ASSOCIATION_NAME = re.compile(r"\b((?:[A-Z][\w-]+\s+){1,5}(?:Association|Network|Union|League)"
                              r"(?:\s+of\s+(?:the\s+)?[A-Z][\w ]+?)?)\b")
ESTABLISHED = re.compile(r"established in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})")
SUBJECT = re.compile(r"^(?P<name>[A-ZÀ-ŽĀ-ž][\w\u00c0-\u024f'-]*(?: [A-ZÀ-ŽĀ-ž][\w\u00c0-\u024f'-]*)*),?\s+"
                     r"(?:is|has|lies|was)\b")
RELEVANT = re.compile(r"partner (?:towns|cities|municipalities)[^.]*:|twin (?:towns|cities)\s*:|sister cit|"
                      r"twinned with|friendly (?:contacts|relations)|member of|agreement signed|popul\w*\s*:", re.I)


@dataclass
class Place:
    """A city as identified for the draft."""

    name: str
    country: str
    as_written: str
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    discrepancy: str | None = None

    @property
    def ref(self) -> str:
        """The place as a "Name, CC" reference."""
        return city_reference(self.name, self.country)


@dataclass
class Draft:
    """What a partner page says, in the curated YAML format's shape, with the lines left unread."""
    source: dict
    cities: dict[str, dict] = field(default_factory=dict)
    partnerships: list[dict] = field(default_factory=list)
    friendly_contacts: list[dict] = field(default_factory=list)
    memberships: list[dict] = field(default_factory=list)
    associations: dict[str, dict] = field(default_factory=dict)
    unread: list[dict] = field(default_factory=list)

    def as_yaml(self) -> str:
        """The draft as curated YAML, for review before loading."""
        doc: dict = {"source": self.source}
        for name in ("cities", "associations"):
            if getattr(self, name):
                doc[name] = list(getattr(self, name).values())
        for name in ("partnerships", "friendly_contacts", "memberships", "unread"):
            if getattr(self, name):
                doc[name] = getattr(self, name)
        header = ("# Draft written by `kg extract`: review every entry against the document, then load it with\n"
                  "# `kg load yaml`. `text` is what each fact was read from; `unread` lists lines that looked\n"
                  "# relevant but could not be read.\n")
        return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)


def slug(text: str) -> str:
    """A key from a name: folded, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class Extractor:
    """Reads a municipal partner page: partners, friendly contacts, memberships and the city's facts."""
    def __init__(self, resolver: Resolver | None = None):
        self.resolver = resolver or Resolver()
        self._names_by_country: dict[str, list[str]] = {}

    # -- identifying places -----------------------------------------------------------------------
    def identify(self, name: str, country_text: str | None, near: Place | None = None) -> Place | None:
        """The place a document means by `name` in `country_text`, or None."""
        written = name.strip().strip("*").strip()
        code = country_code(country_text) if country_text else None
        if not written:
            return None
        if code:
            found = self._in_country(written, code)
            if found:
                return found
        # the document's country may be wrong (002 puts Valka in Lithuania): a place of that name near the
        # partner city, in any country, with the document's claim kept as a discrepancy
        if near is not None and near.latitude is not None and near.longitude is not None:
            lat, lon = near.latitude, near.longitude
            main, alternate = self.resolver.places.lookup(None, written)
            close = [p for p in main if distance_km(p.latitude, p.longitude, lat, lon) <= 50] \
                or [p for p in alternate if distance_km(p.latitude, p.longitude, lat, lon) <= 50
                    and p.geonames_id != near.geonames_id]
            if close:
                p = min(close, key=lambda p: distance_km(p.latitude, p.longitude, lat, lon))
                away = distance_km(p.latitude, p.longitude, lat, lon)
                claim = f"the document places {written} in {country_text.strip()}" if country_text else ""
                return Place(written, p.country, written, p.geonames_id, p.latitude, p.longitude,
                             discrepancy=f"{claim}; {written} is in {p.country}, "
                                         f"{away:.0f} km "
                                         f"from {near.name}".strip("; "))
        return None

    def _in_country(self, written: str, code: str) -> Place | None:
        city = self.resolver.resolve(CityRef(written, code))
        if city.resolved:
            return Place(written, code, written, city.geonames_id, city.latitude, city.longitude)
        # a transliteration the gazetteer does not list ("Mytishi" for Mytishchi, "Cesky Tiesin")
        names = self._country_names(code)
        close = difflib.get_close_matches(fold(written), names, n=1, cutoff=0.85)
        if close:
            main, _ = self.resolver.places.lookup(code, close[0])
            if main:
                p = max(main, key=lambda p: p.population)
                return Place(p.name, code, written, p.geonames_id, p.latitude, p.longitude)
        return None

    def _country_names(self, code: str) -> list[str]:
        if code not in self._names_by_country:
            self._names_by_country[code] = self.resolver.places.official_names(code, min_population=5000)
        return self._names_by_country[code]

    # -- the document ----------------------------------------------------------------------------
    def extract(self, path: str | Path, home_city: str | None = None) -> Draft:
        """The draft of one document."""
        path = Path(path)
        lines = read_text(path).splitlines()
        too_long = [number for number, line in enumerate(lines, 1) if len(line) > MAX_LINE]
        lines = ["" if len(line) > MAX_LINE else line for line in lines]  # never searched: no fact is that long
        home = None
        if home_city:
            name, country = split_reference(home_city)
            home = self.identify(name, country)
            if home is None:
                raise KGError(f"{{parameter}} {home_city!r}: no such place (give \"Name, CC\")", parameter="home_city")
        draft = Draft(source={"key": f"draft-{slug(path.stem)}"[:80], "file": path.name,
                              "title": f"Draft extracted from {path.name}", "kind": "document",
                              "claimed_by": home.ref if home else None})
        self.draft, self.home, self.lines, self.needs_home = draft, home, lines, False
        association = self._association_of_document(lines)
        used: set[int] = set()
        used |= self._pairs(lines, association)
        used |= self._records(lines)
        used |= self._prose(lines)
        used |= self._bullets(lines, used)
        for number, line in enumerate(lines, 1):
            if number not in used and line.strip() and RELEVANT.search(line) and self._looks_like_a_fact(line):
                draft.unread.append({"line": number, "text": line.strip()[:300],
                                     "reason": "mentions partners or cooperation, but no fact could be read"})
        for number in too_long:
            draft.unread.append({"line": number, "text": "", "reason": f"longer than {MAX_LINE:,} characters: "
                                 "no partner page states one fact in a line that long; not read"})
        if self.needs_home:
            draft.source["home_city"] = None  # refuses to load until a person names the list's city
            draft.unread.insert(0, {"line": None, "text": "", "reason": "the partner list's own city is not named "
                                    "in the text: set source.home_city (\"Name, CC\"), which entries with `a: null` "
                                    "stand for, or run again with --home-city"})
        if draft.source.get("claimed_by") is None:
            draft.source.pop("claimed_by")
        return draft

    @staticmethod
    def _looks_like_a_fact(line: str) -> bool:
        return bool(re.search(r"\(|:|,", line)) and len(line) < 2000

    # -- styles ----------------------------------------------------------------------------------
    def _city(self, place: Place, line: int, **facts) -> None:
        entry = self.draft.cities.get(place.ref)
        if entry is None:
            entry = {"name": place.name, "country": place.country}
            if place.as_written != place.name:
                entry["as_written"] = place.as_written
            if place.geonames_id:
                entry["geonames_id"] = place.geonames_id
            if place.discrepancy:
                entry["discrepancies"] = [f"{self.draft.source['file']}:{line}: {place.discrepancy}"]
            entry["line"] = line
            self.draft.cities[place.ref] = entry
        entry.update({k: v for k, v in facts.items() if v is not None})

    def _pair(self, section: str, a: Place | None, b: Place, line: int, text: str, claimed_by: str | None = None,
              **facts) -> None:
        """A pair; `a` is None for a list whose own city is unknown (then source.home_city stands for it)."""
        if a is None:
            self.needs_home = True
        else:
            self._city(a, line)
        self._city(b, line)
        entry = {"a": a.ref if a else None, "b": b.ref, **{k: v for k, v in facts.items() if v not in (None, [])},
                 "line": line, "text": text.strip()[:300]}
        if claimed_by is not None:
            entry["claimed_by"] = claimed_by
        getattr(self.draft, section).append(entry)

    def _association_of_document(self, lines: list[str]) -> tuple[str, str] | None:
        for line in lines[:60]:
            m = ASSOCIATION_NAME.search(line)
            if m:
                name = m.group(1).strip()
                return slug(name), name
        return None

    def _pairs(self, lines: list[str], association: tuple[str, str] | None) -> set[int]:
        used: set[int] = set()
        footnote = next((line.strip().lstrip("*").strip() for line in lines if line.strip().startswith("*")), None)
        for number, line in enumerate(lines, 1):
            m = PAIR.match(line)
            if not m:
                continue
            c1, c2 = m.group("c1").strip(), m.group("c2").strip()
            if not (country_code(c1) and country_code(c2)):
                continue
            found = self._split_pair(m.group("cities"), c1, c2)
            if not found:
                self.draft.unread.append({"line": number, "text": line.strip(),
                                          "reason": "a city pair whose cities could not be identified"})
                used.add(number)
                continue
            (a, a_star), (b, b_star) = found
            key = association[0] if association else None
            self._pair("partnerships", a, b, number, line, claimed_by=key, kind="cross_border_pair")
            used.add(number)
            if association:
                self.draft.associations.setdefault(association[0], self._association_entry(association, lines))
                for place, star in ((a, a_star), (b, b_star)):
                    entry = {"city": place.ref, "association": key, "status": "cooperating" if star else "member",
                             "line": number, "text": line.strip()}
                    if star and footnote:
                        entry["note"] = footnote
                    self.draft.memberships.append(entry)
        return used

    def _association_entry(self, association: tuple[str, str], lines: list[str]) -> dict:
        entry: dict[str, object] = {"key": association[0], "name": association[1]}
        for number, line in enumerate(lines, 1):
            m = ESTABLISHED.search(line)
            if m and m.group("month").lower() in MONTHS:
                entry["founded"] = f"{m.group('year')}-{MONTHS[m.group('month').lower()]:02d}"
                entry["line"] = number
                break
        return entry

    def _split_pair(self, text: str, c1: str, c2: str):
        """'Frankfurt(Oder)-Slubice*' -> both places; dashes with spaces are tried first."""
        dashes = [m for m in re.finditer(r"\s*[-–]\s*", text)]
        dashes.sort(key=lambda m: -len(m.group(0)))
        for dash in dashes:
            left, right = text[:dash.start()].strip(), text[dash.end():].strip()
            if not left or not right:
                continue
            b = self.identify(right.rstrip("*"), c2)
            a = self.identify(left.rstrip("*"), c1, near=b)
            if b is None and a is not None:
                b = self.identify(right.rstrip("*"), c2, near=a)
            if a and b:
                return (a, left.endswith("*")), (b, right.endswith("*"))
        return None

    def _records(self, lines: list[str]) -> set[int]:
        """Structured records: an optional `City (Country)` heading, then `population: ...` lines."""
        used: set[int] = set()
        number = 0
        while number < len(lines):
            line = lines[number]
            heading = HEADING.match(line.strip()) if line.strip() else None
            start = number
            if heading and number + 1 < len(lines) and RECORD_START.match(lines[number + 1]):
                body_start = number + 1
            elif RECORD_START.match(line):
                heading, body_start = None, number
            else:
                number += 1
                continue
            end = body_start
            while end < len(lines) and lines[end].strip() and not (
                    HEADING.match(lines[end].strip()) and end + 1 < len(lines) and RECORD_START.match(lines[end + 1])):
                end += 1
            body = " ".join(line.strip() for line in lines[body_start:end])
            used |= set(range(start + 1, end + 1))
            self._record(heading, body, start + 1, lines[start:end])
            number = end
        return used

    def _record(self, heading, body: str, line: int, raw: list[str]) -> None:
        text = " ".join(line.strip() for line in raw)
        website = WEBSITE.search(body)
        url = website.group("url") if website else None
        if url and re.search(r"main$", url):
            url = None
        if heading:
            country_text = heading.group("country")
            place = self.identify(heading.group("name"), country_text)
            region = country_text.split("-", 1)[1].strip() if re.search(r"\s-\s", country_text) else None
        else:
            place, region = self._place_from_website(url), None
        if place is None:
            what = heading.group("name") if heading else "a record without a heading"
            self.draft.unread.append({"line": line, "text": text[:300],
                                      "reason": f"could not identify the city of {what}"
                                                + ("" if heading else f" from its web site {url or '(none)'}")})
            return
        population = POPULATION.search(body)
        signed = SIGNED.search(body)
        areas = AREAS.search(body)
        facts: dict[str, object] = {}
        if population:
            facts["population"] = int(re.sub(r"\D", "", population.group("n")))
            facts["population_year"] = int(population.group("year"))
        if url:
            facts["website"] = url
        if region:
            facts["region"] = region
        if not heading:
            facts["description"] = f"The record's heading is missing in the document; identified by its web site {url}."
        self._city(place, line, **facts)
        renewed = ([int(y) for y in re.findall(r"\d{4}", signed.group("renewed"))]
                   if signed and signed.group("renewed") else [])
        area_list = [a.strip() for a in re.split(r",\s*", areas.group("areas")) if a.strip()] if areas else []
        self._pair("partnerships", self.home, place, line, text,
                   since=signed.group("date").strip() if signed else None, renewed=renewed, areas=area_list)

    def _place_from_website(self, url: str | None) -> Place | None:
        """www.dresden.de -> Dresden, DE (the host's name within the country of its top-level domain)."""
        if not url:
            return None
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
        parts = [p for p in host.split(".") if p not in ("www", "web")]
        if len(parts) < 2:
            return None
        tld = parts[-1].upper()
        country = {"UK": "GB"}.get(tld, tld) if len(tld) == 2 else None
        for label in parts[:-1]:
            name = label.split("-")[0]
            if country:
                place = self._in_country(name, country)
                if place and place.geonames_id:
                    listed = self.resolver.place_by_id(place.geonames_id)
                    official = listed.name if listed else place.name  # "dresden" -> "Dresden"
                    return Place(official, place.country, official, place.geonames_id, place.latitude,
                                 place.longitude)
        return None

    def _prose(self, lines: list[str]) -> set[int]:
        used: set[int] = set()
        for number, line in enumerate(lines, 1):
            subject = SUBJECT.match(line.strip())
            owner = self.identify_subject(subject.group("name")) if subject else None
            for m in PARTNER_LIST.finditer(line):
                places, failed = self._list_places(m.group("list"))
                owner_place = owner or self.home
                if owner_place is None:
                    self.needs_home = True
                    self.draft.unread.append({"line": number, "text": m.group(0)[:300],
                                              "reason": "a partner list whose own city is not named (--home-city)"})
                    continue
                for place in places:
                    self._pair("partnerships", owner_place, place, number, m.group(0), claimed_by=owner_place.ref)
                self._note_failures(number, failed, m.group(0))
                stated = m.group("count")
                if stated and stated.isdigit() and int(stated) != len(places):
                    self.draft.unread.append({"line": number, "text": m.group(0)[:300],
                                              "reason": f"the text says {stated} partners; {len(places)} were read"})
                used.add(number)
            for m in FRIENDLY.finditer(line):
                owner_place = owner or self.home
                places, failed = self._list_places(m.group("list"))
                if owner_place is None:
                    continue
                for place in places:
                    self._pair("friendly_contacts", owner_place, place, number, m.group(0), claimed_by=owner_place.ref)
                self._note_failures(number, failed, m.group(0))
                used.add(number)
            for m in MEMBER.finditer(line):
                owner_place = owner or self.home
                if owner_place is None:
                    continue
                name = m.group("assoc").strip()
                key = slug(name)
                self.draft.associations.setdefault(key, {"key": key, "name": name, "line": number})
                self._city(owner_place, number)
                self.draft.memberships.append({"city": owner_place.ref, "association": key, "status": "member",
                                               "claimed_by": owner_place.ref, "line": number,
                                               "text": m.group(0).strip()[:300]})
                used.add(number)
        return used

    def identify_subject(self, name: str) -> Place | None:
        """The city a paragraph is about ('Panevėžys is a member ...'): a place only one city in the world
        of 1,000+ inhabitants is called, or the --home-city."""
        if self.home and fold(name) in (fold(self.home.name), fold(self.home.as_written)):
            return self.home
        city = self.resolver.resolve(CityRef(name, None))
        if city.resolved and city.country:
            return Place(name, city.country, name, city.geonames_id, city.latitude, city.longitude)
        return None

    def _list_places(self, text: str) -> tuple[list[Place], list[str]]:
        """'Lünen (Germany), Goes (the Netherlands), ... Mytishi and Kaliningrad (Russia)' -> places."""
        places, failed = [], []
        for m in re.finditer(r"\s*(?:and\s+)?(?P<names>[^(),]+?(?:,\s*[^(),]+?)*)\s*\((?P<country>[^()]+)\)"
                             r"\s*(?:,|(?=and\s)|$)", text):
            for name in re.split(r"\s*,\s*|\s+and\s+", m.group("names")):
                if not name.strip():
                    continue
                place = self.identify(name, m.group("country"))
                (places.append(place) if place else failed.append(f"{name} ({m.group('country')})"))
        return places, failed

    def _note_failures(self, number: int, failed: list[str], text: str) -> None:
        for item in failed:
            self.draft.unread.append({"line": number, "text": item, "reason": "not identified as a place"})

    def _bullets(self, lines: list[str], used: set[int]) -> set[int]:
        found: set[int] = set()
        for number, line in enumerate(lines, 1):
            if number in used:
                continue
            m = BULLET.match(line)
            if not m or "," not in m.group("body"):
                continue
            name, country = split_reference(m.group("body"))
            if not country_code(country or ""):
                continue  # a bullet of prose, not a place
            place = self.identify(name, country)
            found.add(number)
            if place is None:
                self.draft.unread.append({"line": number, "text": line.strip(), "reason": "not identified as a place"})
                continue
            self._pair("partnerships", self.home, place, number, line)
        return found


def extract_document(path: str | Path, home_city: str | None = None) -> Draft:
    """The draft of a partner page, with the project's resolver."""
    return Extractor().extract(path, home_city)
