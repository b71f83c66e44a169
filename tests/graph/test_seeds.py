"""The seed knowledge base: every fact of the five source documents, with its source."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from kg.resolve.names import fold
from tests.helpers import graph_snapshot

DOCS = Path(str(resources.files("kg.data") / "seeds" / "documents"))


def doc_line(citation: str) -> str:
    file, line = citation.rsplit(":", 1)
    return (DOCS / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]


def partner_rows(db, city_key):
    return db.read("MATCH (c:City {key: $k})-[r:PARTNER_OF|FRIENDLY_WITH]-(p:City) "
                   "RETURN p.name AS name, p.country AS country, type(r) AS rel, properties(r) AS r", k=city_key)


def key_of(db, name, country):
    rows = db.read("MATCH (c:City {name: $n, country: $c}) RETURN c.key AS key", n=name, c=country)
    assert len(rows) == 1, (name, country, rows)
    return rows[0]["key"]


VINNYTSIA_PARTNERS = {("Kielce", "PL"), ("Panevėžys", "LT"), ("Peterborough", "GB"), ("Birmingham", "US"),
                      ("Bursa", "TR"), ("Bat Yam", "IL")}


PANEVEZYS_PARTNERS = {("Lünen", "DE"), ("Goes", "NL"), ("Kalmar", "SE"), ("Lublin", "PL"), ("Kolding", "DK"),
                      ("Mytishchi", "RU"), ("Kaliningrad", "RU"), ("Gabrovo", "BG"), ("Rakvere", "EE"),
                      ("Daugavpils", "LV"), ("Vinnytsya", "UA")}  # GeoNames' name


PANEVEZYS_FRIENDLY = {("Chengdu", "CN"), ("Ivano-Frankivsk", "UA"), ("Szarvas", "HU"), ("Ramla", "IL"),
                      ("Ozurgeti", "GE"), ("Lecce", "IT"), ("Ferizaj", "XK")}


OSTRAVA = {  # partner: (country, since, renewed, population, population year, first area, last area)
    "Katowice": ("PL", "1960", [1996], 281711, 2021, "commercial industrial cooperation", "sport and tourism"),
    "Dresden": ("DE", "1971", [1995], 563311, 2022, "culture", "education"),
    "Split": ("HR", "1976", [], 160577, 2021, "culture", "safe transport in Europe"),
    "Piraeus": ("GR", "1996", [], 168151, 2021, "commercial industrial cooperation", "sport and tourism"),
    "Coventry": ("GB", "1957", [1990], 353200, 2016, "education", "environment"),
    "Košice": ("SK", "2001", [], 229040, 2021, "urbanism and urban renewal", "tourism"),
    "Miskolc": ("HU", "2001", [], 145248, 2023, "revitalization of industrial areas", "tourism"),
    "Pittsburgh": ("US", "2001", [], 300431, 2021, "revitalization of industrial areas", "ecology"),
    "Oral": ("KZ", "2008", [], 234169, 2019, "commercial", "small and medium business"),
    "Shreveport": ("US", "2015-11-13", [], 184021, 2021, "science", "culture"),
    "Gaziantep": ("TR", "2012-11-09", [], 1680723, 2022, "support for the development of economic relations",
                  "culture"),
    "Abomey": ("BJ", "2012-03-02", [], 67885, 2013, "urbanism and urban renewal", "sport"),
}


CTA_STATUS = {("Imatra", "FI"): "member", ("Svetogorsk", "RU"): "member", ("Narva", "EE"): "member",
              ("Ivangorod", "RU"): "member", ("Frankfurt (Oder)", "DE"): "member", ("Słubice", "PL"): "cooperating",
              ("Görlitz", "DE"): "member", ("Zgorzelec", "PL"): "cooperating", ("Tornio", "FI"): "member",
              ("Haparanda", "SE"): "member", ("Valka", "LV"): "member", ("Valga", "EE"): "member",
              ("Cieszyn", "PL"): "cooperating", ("Český Těšín", "CZ"): "cooperating"}


CTA_PAIRS = {frozenset(p) for p in [("Imatra", "Svetogorsk"), ("Narva", "Ivangorod"), ("Frankfurt (Oder)", "Słubice"),
                                    ("Görlitz", "Zgorzelec"), ("Tornio", "Haparanda"), ("Valka", "Valga"),
                                    ("Cieszyn", "Český Těšín")]}


def test_every_cited_line_names_the_cities_it_supports(seeded_db):
    """Each pair's citation points at a document line that names the partner as the document spells it."""
    rows = seeded_db.read("MATCH (a:City)-[r:PARTNER_OF|FRIENDLY_WITH]->(b:City) "
                          "RETURN a.name AS a, a.aliases AS a_aliases, b.name AS b, b.aliases AS b_aliases, "
                          "r.sources AS sources")
    assert rows
    for row in rows:
        for citation in row["sources"]:
            text = fold(doc_line(citation))
            names = lambda n, aliases: [fold(x) for x in [n, *aliases]]  # noqa: E731
            a_ok = any(n in text for n in names(row["a"], row["a_aliases"]))
            b_ok = any(n in text for n in names(row["b"], row["b_aliases"]))
            home_city_page = citation.startswith(("000_", "001_"))  # lists that do not name their own city
            assert b_ok or a_ok, (row, citation)
            assert (a_ok and b_ok) or home_city_page, (row, citation)


def test_document_000_vinnytsia_and_panevezys(seeded_db):
    vinnytsia = key_of(seeded_db, "Vinnytsya", "UA")
    rows = partner_rows(seeded_db, vinnytsia)
    assert {(r["name"], r["country"]) for r in rows if r["rel"] == "PARTNER_OF"} == VINNYTSIA_PARTNERS
    panevezys = key_of(seeded_db, "Panevėžys", "LT")
    rows = partner_rows(seeded_db, panevezys)
    assert {(r["name"], r["country"]) for r in rows if r["rel"] == "PARTNER_OF"} == PANEVEZYS_PARTNERS
    assert {(r["name"], r["country"]) for r in rows if r["rel"] == "FRIENDLY_WITH"} == PANEVEZYS_FRIENDLY
    both = next(r["r"] for r in rows if r["name"] == "Vinnytsya")
    assert sorted(both["sources"]) == ["000_338dc196583c97ae.txt:17", "000_338dc196583c97ae.txt:3"]
    assert sorted(both["claimed_by"]) == sorted([vinnytsia, panevezys])
    ubc = seeded_db.read("MATCH (c:City {key: $k})-[m:MEMBER_OF]->(a:Association) RETURN a.name AS a, m.status AS s, "
                         "m.sources AS src", k=panevezys)
    assert ubc == [{"a": "Union of the Baltic Cities", "s": "member", "src": ["000_338dc196583c97ae.txt:17"]}]


def test_document_000_city_facts_and_spellings(seeded_db):
    facts = {r["name"]: r for r in seeded_db.read(
        "MATCH (c:City) WHERE 'seed-000-vinnytsia' IN c.source_ids RETURN c.name AS name, c.population AS population, "
        "c.population_text AS text, c.region AS region, c.aliases AS aliases")}
    assert facts["Panevėžys"]["population"] == 107000 and "107 000 thousand" in facts["Panevėžys"]["text"]
    assert facts["Kielce"]["population"] == 200000 and "Świętokrzyskie" in facts["Kielce"]["region"]
    assert facts["Peterborough"]["population"] == 180000 and "Cambridgeshire" in facts["Peterborough"]["region"]
    assert facts["Birmingham"]["population"] == 242000 and "Alabama" in facts["Birmingham"]["region"]
    assert facts["Bursa"]["population"] == 1500000
    assert "Mytishi" in facts["Mytishchi"]["aliases"]


def test_document_001_ostrava_partners_with_dates_areas_and_populations(seeded_db):
    ostrava = key_of(seeded_db, "Ostrava", "CZ")
    rows = seeded_db.read(
        "MATCH (o:City {key: $k})-[r:PARTNER_OF]-(p:City) RETURN p.name AS name, p.country AS country, "
        "r.since AS since, r.since_year AS year, r.renewed AS renewed, r.areas AS areas, r.claimed_by AS claimed, "
        "p.population AS pop, p.population_year AS pop_year, p.website AS web", k=ostrava)
    assert {r["name"] for r in rows} == set(OSTRAVA)
    for r in rows:
        country, since, renewed, pop, pop_year, first, last = OSTRAVA[r["name"]]
        assert (r["country"], r["since"], r["renewed"], r["pop"], r["pop_year"]) == \
            (country, since, renewed, pop, pop_year), r
        assert r["areas"][0] == first and r["areas"][-1] == last
        assert r["year"] == int(since[:4]) and r["claimed"] == [ostrava]
    dresden = next(r for r in rows if r["name"] == "Dresden")
    assert dresden["web"] == "www.dresden.de"
    assert [a for a in next(r for r in rows if r["name"] == "Oral")["areas"]] == [
        "commercial", "economicscientific and technical cooperation", "environment", "sport", "tourism",
        "small and medium business"]
    assert seeded_db.read("MATCH (c:City {name: 'Oral'}) RETURN c.aliases AS a")[0]["a"] == ["Uralsk"]


def test_document_002_city_twins_association(seeded_db):
    members = seeded_db.read("MATCH (c:City)-[m:MEMBER_OF]->(:Association {key: 'city-twins-association'}) "
                             "RETURN c.name AS name, c.country AS country, m.status AS status")
    assert {(m["name"], m["country"]): m["status"] for m in members} == CTA_STATUS
    pairs = seeded_db.read("MATCH (a:City)-[r:PARTNER_OF {kind: 'cross_border_pair'}]->(b:City) "
                           "RETURN a.name AS a, b.name AS b, r.claimed_by AS claimed")
    assert {frozenset((p["a"], p["b"])) for p in pairs} == CTA_PAIRS
    assert all(p["claimed"] == ["city-twins-association"] for p in pairs)
    assoc = seeded_db.read("MATCH (a:Association {key: 'city-twins-association'})-[:SECRETARIAT_IN]->(c:City), "
                           "(a)-[:GREW_FROM]->(p:Project) RETURN a.founded AS founded, a.website AS web, "
                           "size(a.areas) AS areas, c.name AS secretariat, p.name AS project")[0]
    assert assoc == {"founded": "2006-12", "web": "www.citytwins.net", "areas": 9, "secretariat": "Imatra",
                     "project": "City Twins Co-operation Network"}
    spellings = {r["name"]: r["aliases"] for r in seeded_db.read(
        "MATCH (c:City) WHERE c.name IN ['Słubice', 'Český Těšín', 'Frankfurt (Oder)'] "
        "RETURN c.name AS name, c.aliases AS aliases")}
    assert spellings == {"Słubice": ["Slubice"], "Český Těšín": ["Cesky Tiesin"],
                         "Frankfurt (Oder)": ["Frankfurt(Oder)"]}


def test_valka_is_in_latvia_and_the_documents_claim_is_kept(run_kg, seeded_db):
    valka = seeded_db.read("MATCH (c:City {name: 'Valka'})-[:IN_COUNTRY]->(k:Country) "
                           "RETURN k.code AS code, c.discrepancies AS d")[0]
    assert valka["code"] == "LV"
    assert "Lithuania" in valka["d"][0] and "002_a01265dd8216c367.txt:38" in valka["d"][0]
    result = run_kg("city", "Valka")
    assert result.exit_code == 0 and "DISCREPANCY" in result.output and "Lithuania" in result.output


def test_document_003_forms_of_twinning(seeded_db):
    forms = {r["key"]: r["as"] for r in seeded_db.read(
        "MATCH (f:TwinningForm) RETURN f.key AS key, f.expressed_as AS as")}
    assert forms == {"formal-partnership": "PARTNER_OF", "joint-project": "TOOK_PART_IN a Project",
                     "informal-partnership": "FRIENDLY_WITH"}


def test_document_004_the_project(seeded_db):
    project = seeded_db.read("MATCH (p:Project {key: 'city-twins-cooperation-network'}) RETURN p {.*} AS p")[0]["p"]
    assert (project["start_date"], project["end_date"], project["budget_eur"], project["eu_share"],
            project["partner_count"]) == ("2003-12-31", "2007-03-30", 808536.81, 0.536, 9)
    assert "Interreg IIIC North" in project["programme"]
    participants = {r["name"] for r in seeded_db.read(
        "MATCH (c:City)-[:TOOK_PART_IN]->(:Project) RETURN c.name AS name")}
    assert participants == {"Imatra", "Svetogorsk", "Narva", "Ivangorod", "Słubice", "Tornio"}
    events = {r["name"]: (r["city"], r["date"]) for r in seeded_db.read(
        "MATCH (e:Event)-[:HELD_IN]->(c:City), (e)-[:PART_OF]->(:Project) "
        "RETURN e.name AS name, c.name AS city, e.date AS date")}
    assert events["CP3 cultural event"] == ("Słubice", "2005-10")
    assert events["Final conference"] == ("Imatra", "2006-12")
    assert events["Survey about knowledge of city twins"][0] == "Helsinki"


def test_every_fact_has_a_source_that_exists(seeded_db):
    bad = seeded_db.read(
        "MATCH ()-[r]->() WHERE type(r) <> 'IN_COUNTRY' AND (r.sources IS NULL OR size(r.sources) = 0 "
        "OR size(r.source_ids) = 0) RETURN type(r) AS t, count(*) AS n")
    assert bad == []
    sources = {r["k"] for r in seeded_db.read("MATCH (s:Source) RETURN s.key AS k")}
    cited = {s for r in seeded_db.read("MATCH ()-[r]->() UNWIND r.source_ids AS s RETURN DISTINCT s") for s in [r["s"]]}
    assert cited <= sources and len(sources) == 5


def test_countries_are_iso_codes_with_names(seeded_db):
    rows = {r["code"]: r["name"] for r in seeded_db.read("MATCH (k:Country) RETURN k.code AS code, k.name AS name")}
    assert rows["XK"] == "Kosovo" and rows["GB"] == "United Kingdom" and rows["LV"] == "Latvia"
    assert all(len(code) == 2 and code.isupper() for code in rows)


def test_loading_the_seeds_twice_changes_nothing(run_kg, empty_db):
    assert run_kg("load", "seeds").exit_code == 0
    first = graph_snapshot(empty_db)
    again = run_kg("load", "seeds")
    assert again.exit_code == 0 and "0 new relationships" in again.output
    assert graph_snapshot(empty_db) == first


def test_partners_json_shape(run_kg, seeded_db):
    result = run_kg("partners", "panevezys", "--format", "json")
    rows = json.loads(result.output)
    assert set(rows[0]) >= {"name", "country", "relation", "since", "renewed", "areas", "sources"}
    assert {r["relation"] for r in rows} == {"PARTNER_OF", "FRIENDLY_WITH"}
    assert len(rows) == 18


def test_members_json_shape(run_kg, seeded_db):
    rows = json.loads(run_kg("members", "City Twins Association", "--format", "json").output)
    assert {(r["name"], r["country"]): r["status"] for r in rows} == CTA_STATUS


@pytest.mark.parametrize("text", ["Panevėžys", "panevezys", "PANEVEZYS, LT", "Panevezys, Lithuania"])
def test_city_argument_forms(run_kg, seeded_db, text):
    result = run_kg("partners", text, "--format", "json")
    assert result.exit_code == 0 and len(json.loads(result.output)) == 18


def test_unknown_city_is_one_clear_line(run_kg, seeded_db):
    result = run_kg("partners", "Atlantis")
    assert result.exit_code == 1 and 'No city named "Atlantis"' in result.output


def test_ambiguous_city_lists_candidates(run_kg, empty_db):
    empty_db.write("CREATE (:City {key: 'name:ES:valga', name: 'Valga', name_folded: 'valga', country: 'ES', "
                   "search_names: ['valga']}), (:City {key: 'name:EE:valga', name: 'Valga', name_folded: 'valga', "
                   "country: 'EE', search_names: ['valga']})")
    result = run_kg("partners", "Valga")
    assert result.exit_code == 1
    assert "Valga, ES" in result.output and "Valga, EE" in result.output
    assert run_kg("partners", "Valga, EE").exit_code == 0


def test_a_bare_name_means_the_town_not_the_region_of_its_name(run_kg, empty_db):
    empty_db.write("CREATE (:City {key: 'iso:JP-13', name: 'Tokyo', name_folded: 'tokyo', country: 'JP', "
                   "kind: 'region', search_names: ['tokyo']}), (:City {key: 'gn:1850147', name: 'Tokyo', "
                   "name_folded: 'tokyo', country: 'JP', kind: 'city', population: 9733276, search_names: ['tokyo']})")
    result = run_kg("city", "Tokyo", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["city"]["key"] == "gn:1850147"
    assert "iso:JP-13" in result.stderr  # the other place of the name is named
