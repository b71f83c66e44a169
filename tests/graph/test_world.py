"""Read on the world graph, loaded once for the module (the seeds and the three world sources): every row
cited, one place one node, parts, sources' agreement, suggestions; last, the round trip through a dump, which
gives the graph back whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import TwinningGraph
from kg.resolve.resolver import Resolver
from kg.resolve.sample import two_place_nodes
from tests.helpers import round_trip

WORLD_ROWS = Path(__file__).resolve().parents[2] / "kg" / "data" / "world" / "twin_cities_raw.csv"


ONE_PLACE_EACH = {
    "gn:2780547": "Ebensee am Traunsee is Ebensee on the Traunsee",
    "gn:2787315": "Sankt Vith and St. Vith are the German and short forms of Saint-Vith",
    "gn:2814131": "Waren (Müritz) and Waren an der Müritz are Waren's official and long names",
    "gn:2929804": "Erbach an der Donau: the dataset's plain 'Erbach' has its coordinates",
}


@pytest.fixture(scope="module")
def resolver():
    return Resolver()


@pytest.mark.slow
def test_world_every_valid_row_is_cited_and_the_summary_adds_up(world_db):
    db, report, _ = world_db
    cited = {s for r in db.read("MATCH ()-[r:PARTNER_OF]->() RETURN r.sources AS s") for s in r["s"]
             if s.startswith("twin_cities_raw.csv:")}
    set_aside = {f"twin_cities_raw.csv:{p.line}" for p in report.same_place}
    with open(WORLD_ROWS, encoding="utf-8") as handle:
        rows = {f"twin_cities_raw.csv:{i}" for i, _ in enumerate(handle, 1) if i > 1}
    assert cited | set_aside == rows and not cited & set_aside
    summary = report.as_dict()
    assert summary["rows_read"] == (summary["new_pair_relationships"] + summary["statements_on_existing_relationships"]
                                    + summary["invalid_rows"] + summary["same_place_rows"])
    york_dijon = db.read("MATCH (a:City {name: 'York', country: 'GB'})-[r:PARTNER_OF]-(b:City {name: 'Dijon'}) "
                         "RETURN r.sources AS s, r.claims AS c, a.key AS york, b.key AS dijon")[0]
    assert sorted(s for s in york_dijon["s"] if s.startswith("twin_cities_raw")) == [
        "twin_cities_raw.csv:7285", "twin_cities_raw.csv:9047"]
    assert {f"{york_dijon[side]}@hekman-twincities-2026" for side in ("york", "dijon")} <= set(york_dijon["c"])
    unclaimed = db.read("MATCH ()-[r:PARTNER_OF]->() WHERE 'hekman-twincities-2026' IN r.source_ids "
                        "AND none(c IN r.claims WHERE c ENDS WITH '@hekman-twincities-2026') RETURN count(r) AS n")
    assert unclaimed[0]["n"] == 0


@pytest.mark.slow
def test_world_no_node_holds_two_places_and_prague_is_prague(world_db, run_kg):
    db, _, _ = world_db
    resolver = Resolver()
    from kg.loaders.world import load_italian, load_world

    refs = list(dict.fromkeys(load_world().city_refs() + load_italian().city_refs()))
    suspects = dict(two_place_nodes(resolver, {ref: resolver.resolve(ref) for ref in refs}))
    assert set(suspects) <= set(ONE_PLACE_EACH), {k: v for k, v in suspects.items() if k not in ONE_PLACE_EACH}
    prague = json.loads(run_kg("city", "Prague", "--format", "json").output)
    assert prague["city"]["name"] == "Prague" and prague["city"]["kind"] == "city"
    assert not [a for a in prague["city"]["aliases"] if any(ch.isdigit() for ch in a) or "–" in a]
    assert {p["name"] for p in prague["parts"]} >= {"Prague 6", "Prague 1"}
    mainz = db.read("MATCH (c:City {key: 'gn:2874225'}) RETURN c.name AS name, c.aliases AS aliases")[0]
    assert mainz["name"] == "Mainz" and not any("Kostheim" in a for a in mainz["aliases"])
    assert db.read("MATCH (c:City {key: 'gn:2761369'}) RETURN c.name AS n")[0]["n"] == "Vienna"


@pytest.mark.slow
def test_world_asking_about_parts(world_db, run_kg):
    own = json.loads(run_kg("partners", "Tokyo", "--format", "json").stdout)  # the city; stderr names the prefecture
    with_parts = json.loads(run_kg("partners", "Tokyo", "--with-parts", "--format", "json").stdout)
    assert len(with_parts) > len(own) and all(r["via"] is None for r in with_parts[:len(own)])
    assert {r["via"] for r in with_parts if r["via"]} >= {"Adachi", "Shinjuku"}
    table = run_kg("city", "Tokyo").stdout
    assert "kind: city" in table and "districts: " in table and "Adachi" in table
    adachi = run_kg("city", "Adachi, JP").output
    assert "kind: district" in adachi and "part of: Tokyo (gn:1850147)" in adachi
    parts = json.loads(run_kg("query", "city_parts", "-p", "key=gn:1850147", "--format", "json").output)
    assert len(parts) >= 15 and all(p["partnerships"] >= 1 for p in parts)
    both = json.loads(run_kg("query", "reciprocated_pairs", "-p", "source=hekman-twincities-2026", "-p", "limit=5000",
                             "--format", "json").output)
    assert 1000 < len(both) < 5000 and any({r["city"], r["partner"]} == {"York", "Dijon"} for r in both)
    kinds = json.loads(run_kg("stats", "--format", "json").output)["places_by_kind"]
    assert set(kinds) == {"city", "district", "municipality", "county", "region"} and kinds["district"] > 300
    tameside = run_kg("city", "iso:GB-TAM")  # every key form is a key, not a name to search
    assert tameside.exit_code == 0 and tameside.output.startswith("Tameside, United Kingdom (iso:GB-TAM)")


@pytest.mark.slow
def test_world_three_sources_every_statement_cited_where_they_agree(world_db, run_kg, tmp_path):
    db, _, reports = world_db
    total = db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n, "
                    "sum(CASE WHEN size(r.sources) >= size(r.source_ids) > 0 THEN 1 ELSE 0 END) AS cited")[0]
    assert total["n"] >= 33_000 and total["cited"] == total["n"]  # the union; each with its statements
    # A Coruña - Mariglianella: stated by all three, with a citation from each file and both sides' claims
    row = db.read("MATCH (a:City {name: 'A Coruña'})-[r:PARTNER_OF]-(b:City {name: 'Mariglianella'}) "
                  "RETURN r.source_ids AS ids, r.sources AS cited, r.claims AS claims")[0]
    assert sorted(row["ids"]) == ["hekman-twincities-2026", "italian-wikipedia-twinnings", "wikidata-p190-2016"]
    assert {c.split(":")[0] for c in row["cited"]} == {"twin_cities_raw.csv", "italian_twinnings.csv",
                                                       "wikidata_p190_relations.tsv"}
    assert len([c for c in row["claims"] if c.endswith("@wikidata-p190-2016")]) == 2  # each side's statement
    figures = json.loads(run_kg("sources", "--format", "json").stdout)
    assert figures["pairs"] == total["n"] and set(figures["by_source_count"]) == {"1", "2", "3"}
    per_source = {s["source"]: s for s in figures["sources"]}
    assert per_source["italian-wikipedia-twinnings"]["pairs"] == reports["it-wikipedia"].pairs
    assert 0 < per_source["wikidata-p190-2016"]["confirmed"] < per_source["wikidata-p190-2016"]["pairs"]
    three = json.loads(run_kg("query", "pairs_by_source_count", "-p", "min_sources=3", "-p", "limit=100000",
                              "--format", "json").stdout)
    assert len(three) == figures["by_source_count"]["3"] and all(r["source_count"] == 3 for r in three)
    alone = json.loads(run_kg("query", "single_source_pairs", "-p", "source=italian-wikipedia-twinnings", "-p",
                              "limit=100000", "--format", "json").stdout)
    assert alone and all(r["statements"][0].startswith("italian_twinnings.csv:") for r in alone)
    assert len(alone) == per_source["italian-wikipedia-twinnings"]["pairs"] - per_source[
        "italian-wikipedia-twinnings"]["confirmed"]
    stats = json.loads(run_kg("stats", "--min-sources", "3", "--format", "json").stdout)
    assert stats["edges"] == len(three) and stats["min_sources"] == 3
    exported = run_kg("export", "csv", "--country", "EE", "--min-sources", "2", "-o", "-")
    assert exported.exit_code == 0 and 0 < len(exported.stdout.splitlines()) - 1 < len(
        run_kg("export", "csv", "--country", "EE", "-o", "-").stdout.splitlines()) - 1
    assert run_kg("report", "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / "source_overlap.png").stat().st_size > 10_000
    assert "## Where the sources agree" in (tmp_path / "report.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_world_wikidata_items_scored_on_the_labelled_sample(world_db, resolver):
    """The sample's Wikidata names, scored where the load placed their items: never on a wrong place,
    and the context places more of them than their labels alone."""
    from kg.resolve.sample import score

    db, _, _ = world_db
    placed = {r["q"]: r["key"] for r in db.read("MATCH (c:City) UNWIND c.wikidata_ids AS q "
                                                "RETURN q, c.key AS key")}
    twice = db.read("MATCH (c:City) UNWIND c.wikidata_ids AS q WITH q, count(*) AS n WHERE n > 1 RETURN q")
    assert twice == []
    in_graph = score(resolver, placed=placed, sources={"wikidata"})
    alone = score(resolver, sources={"wikidata"})
    assert in_graph.wrong == [] and in_graph.names >= 70
    assert in_graph.recall >= 0.95 and in_graph.recall > alone.recall + 0.05, (in_graph.missed, alone.missed)


def test_world_one_place_one_node(world_db, run_kg):
    """On the world graph: Wikidata items on their places (Vienna's, Amsterdam's two items), every
    countryless node with its reason, no QID on two nodes, Tartu's rural parish not the city."""
    from kg.store.queries import read_query

    db, _, _ = world_db
    figures = db.read(read_query("merge_quality"))[0]
    assert figures["countryless_without_reason"] == 0
    assert figures["countryless_with_partner"] / figures["cities_with_partner"] <= 0.017  # 1.62 %; 7.3 % at first
    assert figures["partnerships_touching_countryless"] / figures["partnerships"] <= 0.02  # 8.3 % before
    assert figures["wikidata_items_on_places"] / figures["wikidata_items"] >= 0.92  # 82.6 % before
    assert figures["wd_doubles"] == figures["wd_doubles_disputed"]  # a double only where two namesakes dispute it
    # Wenzhou's "Union County": Illinois by the English lists' point, New Jersey by Wikidata's row: unsettled
    unions = db.read("MATCH (:City {key: 'gn:1791388'})-[:PARTNER_OF]-(u:City) WHERE u.name STARTS WITH 'Union' "
                     "RETURN u.key AS key, u.resolved AS resolved ORDER BY key")
    assert unions == [{"key": "name:US:union", "resolved": False}, {"key": "wd:Q502459", "resolved": False}]
    assert db.read("MATCH (c:City) UNWIND c.wikidata_ids AS q WITH q, count(*) AS n WHERE n > 1 RETURN q") == []
    vienna = json.loads(run_kg("partners", "Vienna, AT", "--format", "json").output)
    assert len(vienna) >= 15 and all(row["key"] for row in vienna)
    assert len(json.loads(run_kg("partners", "Amsterdam, NL", "--format", "json").output)) >= 20
    assert {"Q727", "Q9899"} <= set(db.read("MATCH (c:City {key: 'gn:2759794'}) RETURN c.wikidata_ids AS q")[0]["q"])
    tartu = run_kg("city", "Tartu", "--format", "json")  # answers without asking "which Tartu?"
    assert tartu.exit_code == 0 and json.loads(tartu.stdout)["city"]["key"] == "gn:588335"
    parish = db.read("MATCH (c:City) WHERE 'Q1266078' IN c.wikidata_ids RETURN c.key AS key, c.kind AS kind, "
                     "c.country AS country")  # on the English lists' node of the parish, or its own
    assert len(parish) == 1 and parish[0]["key"] != "gn:588335"
    assert {k: parish[0][k] for k in ("kind", "country")} == {"kind": "municipality", "country": "EE"}


def test_world_namesakes_are_partners_and_unplaced_names_say_why(world_db, run_kg):
    """Towns twinned with their namesakes abroad are partners, not one place; the only rows set aside as one
    place name one town twice; an item the gazetteer lacks is on the one unplaced node of its name and
    country sharing its partner; no boundary name keeps the table's language tag; Almería is the Spanish
    city; `kg city` and `kg partners` say why a city is on no gazetteer place."""
    from kg.store.queries import read_query

    db, english, _ = world_db
    for town, namesake in (("Ostend, BE", "name:AR:ostende"), ("Westerlo, BE", "name:US:westerlo"),
                           ("Ringsted, DK", "name:US:ringsted")):
        partners = json.loads(run_kg("partners", town, "--format", "json").stdout)
        assert namesake in {row["key"] for row in partners}, town
        assert next(row for row in partners if row["key"] == namesake)["unplaced"]
    assert "gn:3372965" in {row["key"] for row in json.loads(run_kg("partners", "gn:2267254", "--format",
                                                                      "json").stdout)}  # the two Lagoas
    assert {p.values[0] for p in english.same_place} == {"Stryi", "Dobřany"}
    assert db.read(read_query("merge_quality"))[0]["unplaced_doubles"] == 0
    assert db.read("MATCH (c:City) WHERE c.name ENDS WITH ' nor' RETURN count(c) AS n")[0]["n"] == 0
    assert "Q507761" in db.read("MATCH (c:City {key: 'name:ML:karakoro'}) RETURN c.wikidata_ids AS q")[0]["q"]
    assert len(json.loads(run_kg("partners", "Almería, ES", "--format", "json").stdout)) >= 10
    assert "not placed: no country, and no such place" in run_kg("city", "wd:Q803990").stdout
    told = run_kg("partners", "wd:Q803990")
    assert "is on no gazetteer place: no country" in told.stderr and "Rimini" in told.stdout
    ulricehamn = db.read("MATCH (c:City {key: 'wd:Q382808'}) RETURN c.country AS country, c.resolved AS placed")
    assert ulricehamn == [{"country": "SE", "placed": False}]  # the place is in doubt, not the country


def test_world_points_are_evidence(world_db, resolver):
    """No node the gazetteer did not place keeps a point outside its country (its overseas territories
    included), or a point that several differently named such nodes share (a geocoder's placeholder)."""
    from kg.resolve.countries import stated_countries

    db, _, _ = world_db
    rows = db.read("MATCH (c:City) WHERE NOT c.resolved AND c.latitude IS NOT NULL "
                   "RETURN c.key AS key, c.name_folded AS name, c.country AS country, c.latitude AS lat, "
                   "c.longitude AS lon")
    outside = [r["key"] for r in rows if r["country"]  # Réunion is France's, St Peter (Virgin Islands) the US's
               and not any(resolver.gazetteer.has_country_near(r["lat"], r["lon"], 30.0, code)
                           for code in stated_countries(r["country"]))]
    assert outside == []
    names_at: dict = {}
    for r in rows:
        names_at.setdefault((round(r["lat"], 3), round(r["lon"], 3)), set()).add(r["name"])
    assert [point for point, names in names_at.items() if len(names) >= 3] == []
    assert not any(r["lat"].is_integer() and r["lon"].is_integer() for r in rows)
    noted = db.read("MATCH (c:City) UNWIND c.discrepancies AS d WITH d WHERE d CONTAINS 'a placeholder' "
                    "RETURN d ORDER BY d LIMIT 1")  # the set-aside point, cited with the source line
    assert noted and noted[0]["d"].startswith("twin_cities_raw.csv:")


def test_world_names_people_recognise(world_db, run_kg):
    """The display name is the spelling most sources use when the gazetteer lists it for the place; the
    gazetteer's own name stays an alias and every spelling finds it."""
    db, _, _ = world_db
    vinnytsia = db.read("MATCH (c:City {key: 'gn:689558'}) RETURN c.name AS name, c.aliases AS aliases")[0]
    assert vinnytsia["name"] == "Vinnytsia" and "Vinnytsya" in vinnytsia["aliases"]
    found = json.loads(run_kg("search", "Vinnytsya", "--format", "json").output)
    assert found and found[0]["name"] == "Vinnytsia"
    assert db.read("MATCH (c:City {key: 'gn:2761369'}) RETURN c.name AS n")[0]["n"] == "Vienna"  # not "Wien"


@pytest.mark.slow
def test_world_suggestions_rank_hidden_partnerships_above_every_baseline(world_db, run_kg, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    db, _, _ = world_db
    partners = {row["key"] for row in TwinningGraph(database=db).partners("Kielce")
                if row["relation"] == "PARTNER_OF"}
    found = json.loads(run_kg("suggest", "Kielce", "--top", "20", "--format", "json").stdout)["suggestions"]
    assert len(found) == 20 and not {row["key"] for row in found} & partners
    assert sum(bool(row["common_partners"]) for row in found) >= 10  # the network's own structure speaks
    result = run_kg("evaluate", "suggest", "--repeats", "1", "--cities", "60", "--format", "json")
    methods = {row["method"]: row for row in json.loads(result.stdout)["methods"]}
    assert methods["model"]["auc"] >= 0.90
    assert methods["model"]["auc"] > max(row["auc"] for name, row in methods.items() if name != "model")
    assert 0.4 < methods["random"]["auc"] < 0.6
    # the 20 best-connected cities take few of the model's slots (9.2 % before the popularity cap)
    assert methods["model"]["hub_share"] <= 0.046 < methods["preferential_attachment"]["hub_share"]
    kyoto = json.loads(run_kg("suggest", "Kyoto", "--format", "json").stdout)["suggestions"]
    assert "Saint Petersburg" not in {row["name"] for row in kyoto}  # first on Kyoto's list before the cap


@pytest.mark.slow
def test_world_round_trip_gives_the_graph_back_whole(world_db, run_kg, tmp_path):
    """The module's last test: the seeds and the three world sources, exported, cleared, imported and
    exported again, give the same dump (and the module's graph back)."""
    first, second, records = round_trip(run_kg, tmp_path)
    assert first == second
    assert sum("relationship" in r for r in records) > 40000
    assert {r.get("node") for r in records} >= {"City", "Country", "Source", "Association", "Project"}
