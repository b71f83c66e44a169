"""ISO 3166-2 subdivisions (pycountry) by the names the sources give them: the English or local name, the
name without its kind word, and the names pycountry's catalogues give in the sources' languages."""

from __future__ import annotations

from kg.resolve.names import fold
from kg.resolve.places import CITY, COUNTY, DISTRICT, LOCAL_KIND_WORDS, MUNICIPALITY, REGION, administrative_forms

_SUBDIVISIONS: dict[tuple[str, str], tuple[str, str, str]] = {}
_SUBDIVISION_OTHER_NAMES: dict[tuple[str, str], tuple[str, str, str]] = {}
_STEMS: dict[str, list[tuple[str, tuple[str, str, str]]]] = {}
SUBDIVISION_LANGUAGES = ("de", "fr", "es", "it", "pt", "pl", "nl")  # the sources' languages with Latin script


def subdivision_index(other_names: bool = False) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(country, folded name) -> (ISO 3166-2 code, name, kind), from pycountry; shared names left out. With
    `other_names`, also the names its catalogues give in the sources' languages ("Toskana", "Kalifornien")
    and the name without its local kind word ("Zhejiang" for "Zhejiang Sheng"): for names that state their
    kind, or come without a country, never before a town of the name ("Minya" is the city)."""
    if not _SUBDIVISIONS:
        import gettext

        import pycountry

        catalogues = [gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language],
                                          fallback=True).gettext for language in SUBDIVISION_LANGUAGES]
        seen: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
        other: dict[tuple[str, str], set[tuple[str, str, str]]] = {}  # only where the names themselves say nothing
        for sub in pycountry.subdivisions:
            entry = (sub.code, sub.name, subdivision_kind(sub.type, sub.parent_code))
            for form in administrative_forms(sub.name):
                seen.setdefault((sub.country_code, form), set()).add(entry)
            others = {form for name in {translate(sub.name) for translate in catalogues}
                      for form in administrative_forms(name)}
            for form in (others | {LOCAL_KIND_WORDS.sub("", fold(sub.name.split("[")[0]))}) - {""}:
                other.setdefault((sub.country_code, form), set()).add(entry)
        _SUBDIVISIONS.update({k: next(iter(v)) for k, v in seen.items() if len(v) == 1})
        _SUBDIVISION_OTHER_NAMES.update({k: next(iter(v)) for k, v in other.items() if len(v) == 1 and k not in seen})
        _SUBDIVISION_OTHER_NAMES.update(_SUBDIVISIONS)
    return _SUBDIVISION_OTHER_NAMES if other_names else _SUBDIVISIONS


def countries_with_subdivision(name: str) -> set[str]:
    """The countries that have a subdivision of the name, in any of its forms and the sources' languages
    ("Quebec": CA; "Izmir": TR): a qualifier naming one says where the place lies."""
    forms = set(administrative_forms(name))
    return {country for (country, form) in subdivision_index(other_names=True) if form in forms}


def subdivision_stems(country: str) -> list[tuple[str, tuple[str, str, str]]]:
    """(stem, (code, name, kind)) for a country's subdivisions: the folded name without its kind word."""
    if country not in _STEMS:
        import pycountry

        _STEMS[country] = [(LOCAL_KIND_WORDS.sub("", fold(sub.name.split("[")[0])),
                            (sub.code, sub.name, subdivision_kind(sub.type, sub.parent_code)))
                           for sub in pycountry.subdivisions.get(country_code=country) or ()]
    return _STEMS[country]



def subdivision_kind(kind: str, parent_code: str | None) -> str:
    """The place kind of an ISO 3166-2 subdivision type: 'London borough' -> district, 'Voivodeship' ->
    region, a second-level 'District' -> county, 'City' -> city."""
    words = kind.lower()
    if "borough" in words or "ward" in words:
        return DISTRICT
    if "city" in words or "town" in words:
        return CITY
    if "municipal" in words or "commune" in words or "parish" in words:
        return MUNICIPALITY
    return COUNTY if parent_code else REGION
