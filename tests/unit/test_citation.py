"""References a reviewer can use: `kg cite`'s BibTeX and CSL JSON parse, CITATION.cff says what the software
says of itself, and `kg --version` names the data release."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import bibtexparser
import yaml
from click.testing import CliRunner

from kg.analysis.citation import SOFTWARE, bibtex, csl_json, reference_data, software_reference
from kg.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = [software_reference(),
              {"key": "hekman-twincities-2026", "kind": "dataset", "title": "Twin towns & sister cities {2026}",
               "attribution": "English Wikipedia contributors; © OpenStreetMap contributors", "year": "2026",
               "url": "https://github.com/Hekman/twincities", "revision": "sha256:f80001d24e537b98",
               "retrieved": "2026-11-23", "licence": "CC BY-SA 4.0 (Wikipedia text); coordinates ODbL"},
              {"key": "seed-001-ostrava", "kind": "document", "title": "Partner cities of Ostrava_100%",
               "attribution": "City of Ostrava", "retrieved": "2026-11-23"}]
EVERY_TABLE = {"geonames": 3, "geoboundaries": 1, "countries_states_cities": 2, "municipal_registers": 1}


def test_the_bibtex_parses_with_every_field_intact():
    entries = {e["ID"]: e for e in bibtexparser.loads(bibtex(REFERENCES)).entries}
    assert set(entries) == {"twinning-kg", "hekman-twincities-2026", "seed-001-ostrava"}
    hekman = entries["hekman-twincities-2026"]
    assert hekman["title"] == r"Twin towns \& sister cities \{2026\}" and hekman["urldate"] == "2026-11-23"
    assert hekman["version"] == "sha256:f80001d24e537b98" and hekman["year"] == "2026"
    assert entries["seed-001-ostrava"]["title"] == r"Partner cities of Ostrava\_100\%"
    assert "year" not in entries["seed-001-ostrava"]  # undated: the retrieval day is urldate, never the year
    assert entries["seed-001-ostrava"]["author"] == "{City of Ostrava}"  # an organisation, one name
    assert hekman["url"] == "https://github.com/Hekman/twincities" and "howpublished" not in hekman


def test_the_csl_json_is_a_list_of_typed_items():
    items = {item["id"]: item for item in json.loads(csl_json(REFERENCES))}
    assert {item["type"] for item in items.values()} == {"software", "dataset", "webpage"}
    hekman = items["hekman-twincities-2026"]
    assert hekman["issued"] == {"date-parts": [[2026]]} and hekman["accessed"] == {"date-parts": [[2026, 11, 23]]}
    assert hekman["URL"] == "https://github.com/Hekman/twincities" and hekman["author"][0]["literal"]


def test_citation_cff_says_what_the_software_says_of_itself():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["title"] == SOFTWARE["title"] and cff["license"] == SOFTWARE["licence"]
    assert cff["version"] == version("twinning-kg") and cff["authors"][0]["name"] == SOFTWARE["attribution"]


def test_the_version_names_the_data_release():
    shown = CliRunner().invoke(cli, ["--version"]).output
    assert re.fullmatch(r"kg, version \S+; data release sha256:[0-9a-f]{16}\n", shown), shown


def test_the_place_tables_and_outlines_are_cited_each_with_a_url():
    references = reference_data(EVERY_TABLE)
    assert [r["key"] for r in references] == ["countries-states-cities-database", "geoboundaries", "geonames",
                                              "insee-cog", "istat-comuni", "natural-earth"]
    assert all(r["url"] and r["licence"] for r in references)
    entries = {e["ID"]: e for e in bibtexparser.loads(bibtex(references)).entries}
    assert entries["geoboundaries"]["ENTRYTYPE"] == "article" and entries["geoboundaries"]["year"] == "2020"
    assert entries["geoboundaries"]["doi"] == "10.1371/journal.pone.0231866"
    assert entries["geonames"]["note"] == "Licence: CC BY 4.0" and all(e["url"] for e in entries.values())
    assert [r["key"] for r in reference_data({})] == ["natural-earth"]  # a graph with no gazetteer place


def test_the_csl_json_renders_with_citeproc():
    """citeproc-py reads the items and formats a bibliography: a malformed item (a bad date, a wrong type)
    fails here, not in a reader's reference manager."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(csl_json(REFERENCES + reference_data(EVERY_TABLE)))
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source,
                                              formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("Runfola" in entry and "2020" in entry for entry in rendered)
    assert any("GeoNames" in entry for entry in rendered)
