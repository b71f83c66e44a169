"""References for what a graph rests on: the software (CITATION.cff says the same) and the sources its
relationships cite, as BibTeX and as CSL JSON (what Zotero, Pandoc and citation.js read)."""

from __future__ import annotations

import json
import re
from importlib.metadata import version

SOFTWARE = {"key": "twinning-kg", "title": "Twinning knowledge graph: town twinning in Neo4j, with provenance",
            "attribution": "Twinning knowledge graph contributors", "licence": "MIT", "kind": "software",
            "url": None, "year": "2026"}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def software_reference() -> dict:
    """The software's own reference, at the installed version."""
    return {**SOFTWARE, "revision": version("twinning-kg")}


def bibtex(references: list[dict]) -> str:
    """One `@misc` entry per reference (a dataset or document: title, authors as one corporate name, year,
    URL, version, retrieval date and licence in `note`), special characters escaped."""
    entries = []
    for ref in references:
        fields = {"title": ref.get("title") or ref["key"], "author": ref.get("attribution"),
                  "year": ref.get("year") or (ref.get("retrieved") or "")[:4] or None,
                  "howpublished": ref.get("url"), "version": ref.get("revision"), "urldate": ref.get("retrieved"),
                  "note": f"Licence: {ref['licence']}" if ref.get("licence") else None}
        lines = [f"  {name} = {{{_braced(name, value)}}}," for name, value in fields.items() if value]
        entries.append("@misc{" + ref["key"] + ",\n" + "\n".join(lines) + "\n}")
    return "\n\n".join(entries) + "\n"


def _braced(field: str, value: str) -> str:
    escaped = _BIBTEX_SPECIAL.sub(r"\\\1", str(value))
    return "{" + escaped + "}" if field == "author" else escaped  # a corporate author is one name


def csl_json(references: list[dict]) -> str:
    """The references as CSL JSON items (type dataset, document or software)."""
    items = []
    for ref in references:
        item: dict = {"id": ref["key"], "type": _csl_type(ref.get("kind")), "title": ref.get("title") or ref["key"]}
        if ref.get("attribution"):
            item["author"] = [{"literal": ref["attribution"]}]
        year = ref.get("year") or (ref.get("retrieved") or "")[:4]
        if year:
            item["issued"] = {"date-parts": [[int(year)]]}
        if ref.get("retrieved"):
            item["accessed"] = {"date-parts": [[int(part) for part in ref["retrieved"].split("-")]]}
        for name, key in (("URL", "url"), ("version", "revision"), ("note", "licence")):
            if ref.get(key):
                item[name] = f"Licence: {ref[key]}" if key == "licence" else ref[key]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _csl_type(kind: str | None) -> str:
    return {"dataset": "dataset", "software": "software"}.get(kind or "", "document")
