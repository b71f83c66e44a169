"""What a place name says about the kind of place it names, before any gazetteer is asked.

Sources name districts, counties and regions as well as cities, and write them in set forms: `Prague 6`,
`Budapest XXI – Csepel`, `Mitte (Berlin)`, `Tokyo – Adachi`, `Sector 3 (Bucharest)`, `Świdnica County`,
`Peine (district)`, `Świdnica (rural gmina)`, `Lviv Oblast`, `London Borough of Hackney`. `read_name` takes
such a name apart into the place's own name, its kind as the words state it, the larger place it names and
a district number, so that the resolver never places a name on a place of another kind.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.resolve.names import fold, split_qualifier
from kg.vocabulary import CITY, COUNTY, DISTRICT, MUNICIPALITY, REGION

# Every word that says what kind of place a name is, in one place: as it stands after (suffix) or before
# (prefix) a name or in a qualifier, in the languages of the data (read_name); the words the boundary tables'
# names carry (administrative_forms); and the local words of pycountry's subdivision names (LOCAL_KIND_WORDS).
_SUFFIX_KINDS = {
    COUNTY: "county|district|kreis|landkreis|powiat|raion|rayon|okres|okrug|shire|county borough|"
            "district council|county council|distrikt|gun",
    REGION: "region|province|provincia|prefecture|oblast|governorate|department|departement|state|voivodeship|"
            "canton|kanton|krai|kraj|autonomous community|autonomous region|regional unit|county municipality|"
            "capital region|metropolitan area",
    MUNICIPALITY: "district municipality|rural gmina|gmina|rural municipality|rural district|parish|commune|"
                  "kommune|kommun|novads|vald|"
                  "valsciaus|samtgemeinde|verbandsgemeinde|amt|township|municipal unit|urban-rural gmina",
    DISTRICT: "borough|ward|arrondissement|bezirk|stadtbezirk|stadtteil|ortsteil|quarter|quartier|neighbourhood|"
              "neighborhood|ku|gu",
    CITY: "municipality|city|town|city council|town council|municipal council|city municipality|urban municipality|"
          "si|shi",  # Korean and Japanese cities: "Cheongju-si", "Kōfu-shi"
}
_PREFIX_KINDS = {  # English, Italian Wikipedia's ("contea di Laois") and the German of Wikidata's 2016 labels
    COUNTY: "county of|district of|landkreis|kreis|powiat|contea di|contea del|contea della|county|bezirk|distrikt|"
            "rajon|kleingebiet|grafschaft|daira of",
    REGION: "province of|region of|prefecture of|state of|department of|canton of|provincia di|regione|"
            "dipartimento di|dipartimento del|dipartimento della|dipartimento dell'|cantone di|oblast' di|"
            "provinz|präfektur|prafektur|département de|département|departement|departamento de|departamento|kanton|"
            "regierungsbezirk|region|oblast|woiwodschaft|autonome gemeinschaft|autonome region|gouvernement|komitat",
    MUNICIPALITY: "gmina|commune of|municipality of the|verbandsgemeinde|samtgemeinde|obshtina|municipio de|"
                  "municipio|opština|opstina|verwaltungsamt|communauté de communes du|communauté de communes de|"
                  "communauté urbaine d’|communauté urbaine de",
    DISTRICT: "borough of|royal borough of|distretto di|distretto|quartiere londinese di|quartiere di|quartiere",
    CITY: "city of|town of|municipality of|comune di|city and county of|kota|ciudad de|municipiul|oraș|oraş|oras|"
          "stadt",
}
_SUFFIX = {kind: re.compile(rf"^(?P<base>.+?)[\s-]+(?:{words})$") for kind, words in _SUFFIX_KINDS.items()}
_PREFIX = {kind: re.compile(rf"^(?:{words})(?:\s+|(?<='))(?P<base>.+)$") for kind, words in _PREFIX_KINDS.items()}
# a German "(district)" is a Landkreis; "(rural gmina)" the commune around a Polish town of the same name
_QUALIFIER_KINDS = {
    "district": COUNTY, "county": COUNTY, "landkreis": COUNTY, "kreis": COUNTY, "powiat": COUNTY,
    "region": REGION, "province": REGION, "prefecture": REGION, "state": REGION, "oblast": REGION,
    "department": REGION, "canton": REGION,
    "rural gmina": MUNICIPALITY, "gmina": MUNICIPALITY, "municipality": MUNICIPALITY, "parish": MUNICIPALITY,
    "commune": MUNICIPALITY, "rural municipality": MUNICIPALITY,
    "borough": DISTRICT, "ward": DISTRICT, "city district": DISTRICT,
    "city": CITY, "town": CITY, "comune": MUNICIPALITY,
    "stadt": CITY, "distrikt": COUNTY, "provinz": REGION, "kanton": REGION, "gemeinde": MUNICIPALITY,
}
ADMIN_WORDS = ("district|county|region|province|municipality|oblast|prefecture|raion|rayon|governorate|department|"
                "state|borough|shire|council|kreis|landkreis|kommune|nor|gmina|powiat|city of|county of|gu|gun|si")
_ADMIN_SUFFIX = re.compile(rf"\s+({ADMIN_WORDS})$")
_ADMIN_PREFIX = re.compile(rf"^({ADMIN_WORDS})\s+")


def administrative_forms(name: str) -> list[str]:
    """The folded forms an administrative body's name takes, most specific first, so that the sources'
    'Rems-Murr (district)', 'Henrico County', 'Bayside, Victoria' meet the boundary tables' 'Rems-Murr-Kreis',
    'Henrico', 'Bærum nor', 'gmina Milicz', 'Kingston upon Hull, City of'.
    """
    return list(_administrative_forms(name))


@functools.lru_cache(maxsize=65536)  # a name tried in every country asks the same forms each time
def _administrative_forms(name: str) -> tuple[str, ...]:
    base = split_qualifier(name)[0]
    forms = [fold(name), fold(base)]
    stripped = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", fold(base)))
    forms.append(stripped)
    return tuple(f for f in dict.fromkeys(forms) if f)


# the words of the subdivisions' own languages that pycountry's names carry: "Lvivska oblast",
# "Bratislavský kraj", "Västra Götalands län", "Guangdong Sheng", "Viljandimaa"
LOCAL_KIND_WORDS = re.compile(r"\s+(oblast|oblys|kraj|lan|sheng|shi|zizhiqu|megye|maakond|zupanija|voivodship|"
                              r"vojvodina|province|region|county|prefecture|ken|do|provincia|regione|departement)$")
_ROMAN = "M{0,1}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_NUMBER = rf"(?:\d{{1,3}}|{_ROMAN})\.?"
# "Prague 6", "Budapest XIII", "Vienna 12 – Meidling", "Paris 13e", "Budapest XVI. District"
_NUMBERED = re.compile(rf"^(?P<parent>\D+?)\s+(?P<number>{_NUMBER})(?:e|er|th)?(?P<unit>\s+(?i:district|kerület|"
                       rf"kerulet|bezirk))?(?:\s+[-\u2013\u2014]\s+(?P<name>.+))?$")
# "Sector 3", "District 12", "Municipio XV", "Circoscrizione 6", "Arrondissement 4", with the city as qualifier
_NUMBERED_UNIT = re.compile(rf"^(?:sector|district|municipio|circoscrizione|arrondissement|bezirk|ward|distrito|"
                            rf"okrug|rione|municipality|distretto)\s+(?P<number>{_NUMBER})$", re.IGNORECASE)
# "XVIII distretto di Budapest", "13e arrondissement de Paris", "3rd district of Budapest"
_NUMBER_OF_CITY = re.compile(rf"^(?P<number>{_NUMBER})(?:e|er|st|nd|rd|th)?\s+(?:distretto|district|arrondissement|"
                             rf"bezirk|municipio)\s+(?:di|of|de|von)\s+(?P<parent>.+)$", re.IGNORECASE)
# "Tokyo – Adachi", "Joniškis – Žagarė", "Oberrieden / Mitte"; not "Fürstenberg/Havel", a town's own name
_JOINT = re.compile(r"\s+[-\u2013\u2014/]\s+")
_BOROUGH_OF = re.compile(r"^(?P<parent>.+?)\s+borough of\s+(?P<base>.+)$", re.IGNORECASE)  # London Borough of X


@dataclass(frozen=True)
class NameReading:
    """A name taken apart: `base` is the place's own name, `kind` what the words say it is (None: nothing),
    `parent` the larger place the name sets it in, `number` a district number, `qualifier` any other
    qualifier (a state after a comma, a river in brackets) that only says where to look."""

    base: str
    kind: str | None = None
    parent: str | None = None
    number: int | None = None
    joint: bool = False
    qualifier: str | None = None


def roman_or_int(text: str) -> int | None:
    """'13' -> 13, 'XIII' -> 13, 'XXIII.' -> 23; None for anything else."""
    text = text.strip(". ").upper()
    if text.isdigit():
        return int(text)
    if not text or not re.fullmatch(_ROMAN, text):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total or None


def kind_from_words(name: str) -> tuple[str | None, str]:
    """The kind a name's own words state, and the name without them: 'Lviv Oblast' -> ('region', 'Lviv');
    'City of Perth' -> ('city', 'Perth'); 'Kielce' -> (None, 'Kielce')."""
    text = name.strip()
    for table in (_SUFFIX, _PREFIX):
        for kind, pattern in table.items():
            m = pattern.match(text.lower())
            if m and fold(m.group("base")) and not (kind == CITY and len(fold(m.group("base"))) < 4):
                start = m.start("base")
                return kind, text[start:start + len(m.group("base"))].strip(" ,-")
    return None, text


@functools.lru_cache(maxsize=65536)  # a frozen reading; the rules read one name many times
def read_name(name: str) -> NameReading:
    """Take a source's place name apart (see the module docstring for the forms understood)."""
    text = " ".join(name.split())
    m = _BOROUGH_OF.match(text)
    if m:
        return NameReading(base=m.group("base"), kind=DISTRICT, parent=m.group("parent"))
    base, qualifier = split_qualifier(text)
    qualifier_kind = _QUALIFIER_KINDS.get(fold(qualifier)) if qualifier else None
    if qualifier_kind:
        return NameReading(base=base, kind=qualifier_kind)
    unit = _NUMBERED_UNIT.match(base)
    if unit and qualifier:
        return NameReading(base=base, kind=DISTRICT, parent=qualifier, number=roman_or_int(unit.group("number")))
    unit = _NUMBERED_UNIT.match(qualifier or "")
    if unit:  # "Praga (distretto 7)"
        number = roman_or_int(unit.group("number"))
        return NameReading(base=f"{base} {number}", kind=DISTRICT, parent=base, number=number)
    unit = _NUMBER_OF_CITY.match(base)
    if unit and roman_or_int(unit.group("number")) is not None:
        number = roman_or_int(unit.group("number"))
        parent = unit.group("parent").strip()
        return NameReading(base=f"{parent} {number}", kind=DISTRICT, parent=parent, number=number)
    numbered = _NUMBERED.match(base)
    if numbered and roman_or_int(numbered.group("number")) is not None:
        part, parent = numbered.group("name"), numbered.group("parent").strip()
        if not part and numbered.group("unit"):  # "Budapest XVI. District": the city's own numbering
            part = f"{parent} {numbered.group('number').rstrip('.')}"
        return NameReading(base=part or base, kind=DISTRICT, parent=parent,
                           number=roman_or_int(numbered.group("number")))
    if _JOINT.search(base):
        first, rest = (part.strip() for part in _JOINT.split(base, maxsplit=1))
        return NameReading(base=rest, parent=first, joint=True, qualifier=qualifier)
    kind, own = kind_from_words(base)
    if qualifier and text.rstrip().endswith(")"):  # "Csepel (Budapest)": a place named in brackets
        return NameReading(base=own, kind=kind, parent=qualifier)
    return NameReading(base=own, kind=kind, qualifier=qualifier)
