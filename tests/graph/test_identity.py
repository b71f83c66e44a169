"""Identity in the graph: canonical names whatever the order of loads, a row naming one place twice, kinds
(the world data's identities are checked in test_world.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import graph_snapshot

DATA = Path(__file__).parents[1] / "data"


def test_names_are_canonical_and_every_spelling_an_alias_whatever_the_order(run_kg, empty_db, tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("city1,country1,city2,country2\nPraha,CZ,Kielce,PL\n", encoding="utf-8")
    second.write_text("city1,country1,city2,country2\nprague,CZ,Bursa,TR\n", encoding="utf-8")
    for order in ((first, second), (second, first)):
        empty_db.clear()
        for path in order:
            assert run_kg("load", "csv", str(path), "-q").exit_code == 0
        node = empty_db.read("MATCH (c:City {key: 'gn:3067696'}) RETURN c.name AS name, c.aliases AS aliases")
        assert node[0]["name"] == "Prague" and set(node[0]["aliases"]) == {"Praha", "prague"}
    assert [r["name"] for r in json.loads(run_kg("search", "Prag", "--format", "json").output)] == ["Prague"]


def test_a_row_naming_one_place_twice_is_set_aside_and_homonyms_are_two_places(run_kg, empty_db, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "csv", str(DATA / "csv" / "same_place.csv"))
    assert result.exit_code == 0, result.output
    assert "2 new partnerships or contacts + 0 cited on an existing one" in result.output
    assert "1 rows whose two ends are one place" in result.output
    rejected = (tmp_path / "same_place.csv.rejected.csv").read_text(encoding="utf-8")
    assert 'same_place.csv,3,pair,"both ends (Kielce; Kielce) are one place: Kielce, PL' in rejected
    nienburgs = empty_db.read("MATCH (a:City)-[:PARTNER_OF]-(b:City) WHERE a.name STARTS WITH 'Nienburg' "
                              "AND a.key < b.key RETURN a.name AS a, b.name AS b")
    assert nienburgs == [{"a": "Nienburg", "b": "Nienburg/Saale"}]


def test_stats_and_city_show_kinds_on_the_seeds(run_kg, seeded_db):
    kinds = json.loads(run_kg("stats", "--format", "json").output)["places_by_kind"]
    assert kinds == {"city": 52}
    assert "kind: city" in run_kg("city", "Kielce").output


def test_two_orders_of_the_world_sources_give_byte_identical_dumps(run_kg, empty_db, tmp_path, monkeypatch):
    """Wikidata's items are placed among the shipped sources' partnerships whatever the graph holds, a point no
    gazetteer gives is the first source's by key, and the dump writes lists as sorted sets: loading Wikidata
    before or after the English lists gives one graph, byte for byte."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    dumps = []
    for order in (("en-wikipedia", "wikidata"), ("wikidata", "en-wikipedia")):
        empty_db.clear()
        for source in order:
            result = run_kg("load", "world", "--source", source, "--limit", "2500", "-q")
            assert result.exit_code == 0, result.output
        dump = tmp_path / f"{order[0]}-first.jsonl"
        assert run_kg("export", "json", "-o", str(dump)).exit_code == 0
        dumps.append(dump.read_bytes())
    holders = empty_db.read("MATCH (c:City) WHERE size(c.source_ids) = 2 RETURN count(c) AS n")[0]["n"]
    assert holders > 100  # the two sources meet on many nodes: the order had something to change
    assert dumps[0] == dumps[1]


def test_a_later_wikidata_load_merges_the_node_an_earlier_one_left_apart(run_kg, empty_db, tmp_path, monkeypatch):
    """An item with a label alone (Valga: towns in Estonia and elsewhere) on an empty graph is a node of its
    own; once another source twins Valga, EE with the item's partner, loading the statements again places
    the item there and brings its node along, citations and all: the graph then holds the nodes,
    relationships and citations the other order of loads gives (only `wikidata_resolution`, how an item was
    first placed, keeps its first answer), and a further run changes nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    pairs, names, csv_file = tmp_path / "pairs.tsv", tmp_path / "names.tsv", tmp_path / "estonia.csv"
    pairs.write_text("Q990000001\tQ990000002\n", encoding="utf-8")
    names.write_text("Q990000001\tValga\nQ990000002\tTartu\n", encoding="utf-8")
    csv_file.write_text("city1,country1,city2,country2\nValga,EE,Tartu,EE\n", encoding="utf-8")
    statements = ("load", "wikidata", str(pairs), "--names", str(names), "--retrieved", "2026-12-01")
    dumps = []
    for order in (("csv", "wikidata"), ("wikidata", "csv", "wikidata")):
        empty_db.clear()
        for step in order:
            result = run_kg(*statements) if step == "wikidata" else run_kg("load", "csv", str(csv_file))
            assert result.exit_code == 0, result.output
            if order[0] == "wikidata" and step == "wikidata" and "Merged" not in result.output:
                assert empty_db.read("MATCH (c:City {key: 'wd:Q990000001'}) RETURN c.name AS name") == \
                    [{"name": "Valga"}]  # left apart while nothing else names Valga
        if order[0] == "wikidata":
            assert "Merged: 1 Wikidata items" in result.output
        dump = tmp_path / f"{len(order)}.jsonl"
        assert run_kg("export", "json", "-o", str(dump)).exit_code == 0
        records = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
        for record in records:
            record.get("properties", {}).pop("wikidata_resolution", None)
        dumps.append(records)
    valga = empty_db.read("MATCH (v:City)-[r:PARTNER_OF]-(:City {key: 'gn:588335'}) RETURN v.key AS key, "
                          "v.wikidata_ids AS items, r.source_ids AS sources, r.claims AS claims")
    assert len(valga) == 1 and valga[0]["key"].startswith("gn:") and valga[0]["items"] == ["Q990000001"]
    assert len(valga[0]["sources"]) == 2 and not any(c.startswith("wd:") for c in valga[0]["claims"])
    assert empty_db.read("MATCH (c:City) WHERE c.key STARTS WITH 'wd:' RETURN c.key AS key") == []
    assert dumps[0] == dumps[1]
    before = graph_snapshot(empty_db)
    assert "Merged" not in run_kg(*statements).output
    assert graph_snapshot(empty_db) == before
