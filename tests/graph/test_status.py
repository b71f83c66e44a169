"""Partnerships that change: suspended, ended and resumed, each change cited, and what --active-only leaves out."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import graph_snapshot

SHIPPED = Path(__file__).resolve().parents[2] / "kg" / "data" / "status" / "partnership_status_2022.yaml"

PARTNERSHIPS = """\
source: {key: test-partners, title: "Three partnerships"}
partnerships:
  - {a: "Coventry, GB", b: "Volgograd, RU", since: 1944}
  - {a: "Coventry, GB", b: "Dresden, DE", since: 1959}
  - {a: "Oxford, GB", b: "Perm, RU", since: 1995}
"""

CHANGES = """\
source: {key: test-status, title: "Changes of status"}
status_changes:
  - {a: "Volgograd, RU", b: "Coventry, GB", status: suspended, since: 2022-03, url: "https://example.org/a"}
  - {a: "Oxford, GB", b: "Perm, RU", status: suspended, since: 2022-03-04}
  - {a: "Oxford, GB", b: "Perm, RU", status: active, since: 2024}
  - {a: "Coventry, GB", b: "Perm, RU", status: ended, since: 2022}
"""


def load(run_kg, tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run_kg("load", "yaml", str(path))


def test_changes_are_cited_the_latest_decides_and_active_only_leaves_out_the_rest(run_kg, empty_db, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load(run_kg, tmp_path, "partners.yaml", PARTNERSHIPS).exit_code == 0
    result = load(run_kg, tmp_path, "changes.yaml", CHANGES)
    assert result.exit_code == 0, result.output
    assert "Status changes: 3 recorded" in result.stdout
    assert "changes.yaml:6: no partnership between Coventry, GB and Perm, RU" in result.stderr
    partners = {r["name"]: r for r in json.loads(run_kg("partners", "Coventry, GB", "--format", "json").stdout)}
    assert partners["Volgograd"]["status"] == "suspended since 2022-03" and partners["Dresden"]["status"] is None
    assert partners["Volgograd"]["status_changes"] == ["2022-03|suspended|changes.yaml:3|https://example.org/a"]
    oxford = json.loads(run_kg("partners", "Oxford, GB", "--format", "json").stdout)[0]
    assert oxford["status"] == "active since 2024" and len(oxford["status_changes"]) == 2  # resumed
    hops = json.loads(run_kg("hops", "Coventry, GB", "--max", "1", "--active-only", "--format", "json").stdout)
    assert [r["name"] for r in hops["cities"]] == ["Dresden"]
    assert json.loads(run_kg("stats", "--active-only", "--format", "json").stdout)["edges"] == 2
    assert json.loads(run_kg("stats", "--format", "json").stdout)["edges"] == 3
    exported = run_kg("export", "csv", "--country", "GB", "--active-only", "-o", "-").stdout
    assert "Dresden" in exported and "Perm" in exported and "Volgograd" not in exported
    changes = json.loads(run_kg("query", "status_changes_between", "-p", "from_year=2022", "-p", "to_year=2022",
                                "--format", "json").stdout)
    assert [(c["city_a"], c["city_b"], c["status"], c["status_now"]) for c in changes] == [
        ("Coventry", "Volgograd", "suspended", "suspended"), ("Oxford", "Perm", "suspended", "active")]
    before = graph_snapshot(empty_db)
    assert load(run_kg, tmp_path, "changes.yaml", CHANGES).exit_code == 0
    assert graph_snapshot(empty_db) == before  # a re-run changes nothing


def test_a_bad_status_or_date_names_the_file_line_and_field_and_writes_nothing(run_kg, empty_db, tmp_path,
                                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = CHANGES.replace("status: ended", "status: paused").replace("since: 2024", "since: spring 2024")
    result = load(run_kg, tmp_path, "bad.yaml", bad)
    assert result.exit_code == 1
    assert "bad.yaml" in result.stderr and "status_changes.status" in result.stderr and "'paused'" in result.stderr
    assert "line 6" in result.stderr or ":6" in result.stderr
    assert "status_changes.since" in result.stderr
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_the_shipped_changes_parse_and_each_cites_a_web_page():
    from kg.loaders.curated_yaml import CuratedYamlLoader

    changes = CuratedYamlLoader(SHIPPED).load().status_changes
    assert len(changes) >= 3 and all(c.url and c.url.startswith("https://") for c in changes)
    coventry = next(c for c in changes if c.a.name == "Coventry")
    assert (coventry.b.name, coventry.status, coventry.since) == ("Volgograd", "suspended", "2022-03")
