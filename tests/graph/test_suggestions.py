"""`kg suggest` and `kg evaluate suggest` against a real Neo4j on the hand-made clubs (on the world graph:
test_world.py)."""

from __future__ import annotations

import json

import pytest

from kg.api import TwinningGraph
from kg.errors import QueryError
from kg.resolve.names import fold
from tests.helpers import hand_made_clubs


def write_clubs(db) -> None:
    """The hand-made clubs as City nodes and PARTNER_OF relationships (keys 'name:CC:Name')."""
    cities, pairs = hand_made_clubs()
    key = {row[0]: f"name:{row[2]}:{row[0]}" for row in cities}
    db.write("UNWIND $rows AS row CREATE (:City {key: row.key, name: row.name, name_folded: row.folded, "
             "country: row.cc, latitude: row.lat, longitude: row.lon, population: row.population, kind: row.kind})",
             rows=[{"key": key[r[0]], "name": r[1], "folded": fold(r[1]), "cc": r[2], "lat": r[3], "lon": r[4],
                    "population": r[5], "kind": r[6]} for r in cities])
    db.write("UNWIND $rows AS row MATCH (part:City {key: row.part}), (whole:City {key: row.whole}) "
             "CREATE (part)-[:PART_OF]->(whole)",
             rows=[{"part": key[r[0]], "whole": key[r[7]]} for r in cities if r[7]])
    db.write("UNWIND $rows AS row MATCH (a:City {key: row.a}), (b:City {key: row.b}) CREATE (a)-[:PARTNER_OF]->(b)",
             rows=[{"a": key[a], "b": key[b]} for a, b in pairs])


def test_suggest_names_the_known_partner_first_and_keeps_the_model(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    write_clubs(empty_db)
    first = run_kg("suggest", "Kielce", "--format", "json")
    assert first.exit_code == 0, first.output
    found = json.loads(first.stdout)
    assert found["city"]["key"] == "name:PL:Kielce"
    best = found["suggestions"][0]
    assert (best["name"], best["common_partners"]) == ("Lublin", ["Radom", "Rzeszów", "Tarnów"])
    assert "Fitted the suggestion model on 130 partnerships" in first.stderr
    assert found["model"]["path"].startswith(str(tmp_path))
    again = run_kg("suggest", "Kielce", "--top", "3")
    assert again.exit_code == 0 and "Fitted" not in again.stderr  # the kept model answers
    assert "1     Lublin" in again.stdout and "Why:" in again.stdout and "3 common partners" in again.stdout
    csv = run_kg("suggest", "Kielce", "--exclude-country", "Poland", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("rank,name,country,score,common_partners") and len(csv) == 11
    assert not any(",PL," in line for line in csv[1:])


def test_suggest_says_what_is_wrong_with_a_request(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    write_clubs(empty_db)
    unknown = run_kg("suggest", "Kielce", "--country", "Atlantis")
    assert unknown.exit_code == 1 and "Unknown country 'Atlantis'" in unknown.stderr
    assert "No city named" in run_kg("suggest", "Gotham").stderr
    assert "Invalid value for '--top'" in run_kg("suggest", "Kielce", "--top", "0").stderr
    evaluation = run_kg("evaluate", "suggest", "--holdout", "1.2")
    assert evaluation.exit_code == 2 and "Invalid value for '--holdout'" in evaluation.stderr
    for args in (["suggest", "Kielce", "--seed", "-1"], ["evaluate", "suggest", "--seed", "-1"],
                 ["suggest", "Kielce", "--max-km", "nan"], ["stats", "--betweenness-sample", "-1"]):
        result = run_kg(*args)  # a clear refusal, never a traceback or an empty answer
        assert result.exit_code in (1, 2) and "Traceback" not in result.output and "Error" in result.output, args
    graph = TwinningGraph(database=empty_db)
    with pytest.raises(QueryError, match="seed must be a whole number"):
        graph.suggest("Kielce", seed=-1)
    with pytest.raises(QueryError, match="max_km must be a distance above 0"):
        graph.suggest("Kielce", max_km=float("nan"))


def test_evaluate_suggest_prints_every_method_with_its_spread(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    write_clubs(empty_db)
    result = run_kg("evaluate", "suggest", "--repeats", "2", "--cities", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["partnerships"], figures["repeats"]) == (130, 2)
    methods = {row["method"]: row for row in figures["methods"]}
    assert methods["common_neighbours"]["auc"] > 0.9 and methods["model"]["auc"] > 0.9
    table = run_kg("evaluate", "suggest", "--repeats", "2", "--cities", "5").stdout
    assert "130 partnerships among 61 cities" in table and "adamic_adar" in table and "±" in table
