"""Data safety: a failed import leaves the graph as it was, dumps of any size read back, a clear that always
clears, sources told apart by their content, review files decided before writing and safe to open."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.helpers import graph_snapshot

BAD = Path(__file__).parents[1] / "data" / "bad"

DUMPS = {
    "dump_nested_property.jsonl": ["dump_nested_property.jsonl:3: properties.nested:",
                                   "City name:EE:nested-town: no property 'nested' in the model"],
    "dump_oversized_text.jsonl": ["dump_oversized_text.jsonl:3: properties.description:",
                                  "longer than 100,000 characters (100,001)"],
    "dump_out_of_range.jsonl": [  # what every loader refuses, and what Neo4j or the driver would fail on
        "dump_out_of_range.jsonl:2: properties.latitude: City name:EE:far-north: 1000000000000000000000000000000 "
        "(a int) is not a valid value",
        "dump_out_of_range.jsonl:3: properties.population: City name:EE:huge: 9223372036854775808 (a int)",
        "dump_out_of_range.jsonl:4: properties.name: City name:EE:long: name is longer than 300 characters (40,000)",
        "dump_out_of_range.jsonl:5: properties.latitude: City name:EE:pole: latitude 95 is outside -90..90",
        "dump_out_of_range.jsonl:6: properties.name: City name:EE:blank: name is blank",
        "dump_out_of_range.jsonl:7: properties.name: City name:EE:bidi: name contains the bidirectional control U+202E",
        "dump_out_of_range.jsonl:8: properties.name: City name:EE:nul: name contains the control character U+0000",
        "dump_out_of_range.jsonl:9: properties.kind: City name:EE:ship: kind 'spaceship' is not one of city",
        "dump_out_of_range.jsonl:10: properties.population: City name:EE:few: population -5 is outside 0..1e+08",
        "dump_out_of_range.jsonl:11: properties.budget_eur: Project big-project: 10000000000000000000000000 (a int)"],
    "dump_impossible_partnership.jsonl": [
        "dump_impossible_partnership.jsonl:4: properties.status: PARTNER_OF name:EE:few - name:EE:pole: status "
        "'exploded' is not one of active, suspended, ended",
        "dump_impossible_partnership.jsonl:4: properties.since_year: PARTNER_OF name:EE:few - name:EE:pole: "
        "since_year -40000 is not a year",
        "dump_impossible_partnership.jsonl:4: properties.since: PARTNER_OF name:EE:few - name:EE:pole: since "
        "'soon-ish!!' is not a date"],
    "dump_wrong_types.jsonl": ["dump_wrong_types.jsonl:4: properties.population: City name:EE:typed-town: 'many' "
                               "(a str) is not a valid value",
                               "dump_wrong_types.jsonl:4: properties.aliases: City name:EE:typed-town: ['a', 1] (a "
                               "list) is not a valid value",
                               "dump_wrong_types.jsonl:5: relationship: the model has no City-[:PARTNER_OF]->Country"],
    "dump_impossible_values.jsonl": [  # an integer Neo4j cannot hold, NaN, a City without a name, repeats
        "dump_impossible_values.jsonl:2: properties.population: City name:EE:big-town: 1000000000000000000000000000000 "
        "(a int) is not a valid",
        "dump_impossible_values.jsonl:3: properties.latitude: City name:EE:nan-town: nan (a float) is not a valid "
        "value of City.latitude",
        "dump_impossible_values.jsonl:3: properties.longitude: City name:EE:nan-town: inf (a float)",
        "dump_impossible_values.jsonl:4: properties.name: a City must have a name",
        "dump_impossible_values.jsonl:5: properties.key: City 'name:EE:big-town' is on line 2 already",
        "dump_impossible_values.jsonl:7: relationship: the same PARTNER_OF is on line 6 already"],
    "dump_cut_off.jsonl": ["dump_cut_off.jsonl: no closing line: the file is cut off"],
}


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_a_bad_dump_is_refused_whole_and_the_graph_stays_as_it_was(name, run_kg, seeded_db):
    before = graph_snapshot(seeded_db)
    result = run_kg("import", "json", str(BAD / name))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nothing was written" in result.output
    for text in DUMPS[name]:
        assert text in result.output, (text, result.output)
    assert graph_snapshot(seeded_db) == before  # not even the valid first node


def test_a_dump_larger_than_the_whole_file_limit_reads_back(run_kg, seeded_db, tmp_path, monkeypatch):
    """Import streams its file: the 200 MiB limit on files read whole does not apply (shrunk here to 1 KiB)."""
    import kg.files

    monkeypatch.setattr(kg.files, "MAX_FILE_BYTES", 1024)
    dump = tmp_path / "seeds.jsonl"
    assert run_kg("export", "json", "-o", str(dump)).exit_code == 0
    assert dump.stat().st_size > 50 * 1024
    before = graph_snapshot(seeded_db)
    assert run_kg("db", "clear", "--yes").exit_code == 0
    result = run_kg("import", "json", str(dump))
    assert result.exit_code == 0, result.output
    assert graph_snapshot(seeded_db) == before
    nodes = len(before[0])
    assert f"the graph gained {nodes:,} nodes" in result.output
    again = run_kg("import", "json", str(dump))  # the summary counts what the graph gained: nothing
    assert again.exit_code == 0 and "the graph gained 0 nodes and 0 relationships" in again.output
    assert graph_snapshot(seeded_db) == before


def test_a_version_1_dump_still_imports(run_kg, empty_db, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "twinning-kg", "version": 1, "nodes": [
        {"label": "City", "properties": {"key": "name:PL:a", "name": "A"}},
        {"label": "City", "properties": {"key": "name:PL:b", "name": "B"}}], "relationships": [
        {"type": "PARTNER_OF", "start": ["City", "name:PL:a"], "end": ["City", "name:PL:b"],
         "properties": {"sources": ["x.csv:2"]}}]}, indent=1))
    result = run_kg("import", "json", str(old))
    assert result.exit_code == 0, result.output
    assert empty_db.read("MATCH (:City {name: 'A'})-[r:PARTNER_OF]->(:City {name: 'B'}) RETURN r.sources AS s") \
        == [{"s": ["x.csv:2"]}]


@pytest.fixture(scope="module")
def tight_server():
    """A server of our own whose transactions may use 32 MiB at most."""
    from kg.store.server import LocalServer
    from tests.conftest import CHECKOUT, free_port

    server = LocalServer(name=f"pytest-tight-{CHECKOUT}", port=free_port(7711), password="kg-tight-password",
                         settings={"db.memory.transaction.max": "32m"})
    server.stop()  # a leftover from an interrupted run would keep its old settings
    server.start()
    yield server
    server.stop()


def test_clear_empties_a_dense_graph_whatever_the_transaction_memory(tight_server):
    """300 nodes with 44,850 relationships: deleting them node by node (the old clear) exceeds 32 MiB."""
    from kg.settings import Settings
    from kg.store.database import Database

    with Database(Settings(uri=tight_server.uri, password="kg-tight-password")) as db:
        db.write("UNWIND range(1, 300) AS i CREATE (:City {key: 'name:XX:' + i, name: toString(i)})")
        with db.driver.session() as session:
            session.run("MATCH (a:City), (b:City) WHERE a.key < b.key CALL (a, b) { CREATE (a)-[:PARTNER_OF]->(b) }"
                        " IN TRANSACTIONS OF 5000 ROWS").consume()
        phases = []
        deleted = db.clear(on_phase=lambda label, total: phases.append((label, total)))
        assert deleted == 300 and db.counts() == ({}, {})
        assert phases == [("Deleting relationships", 44850), ("Deleting nodes", 300)]


def _pairs_file(folder: Path, rows: list[str]) -> Path:
    folder.mkdir()
    path = folder / "pairs.csv"
    path.write_text("city1,country1,city2,country2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_two_files_of_one_name_are_two_sources(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = _pairs_file(tmp_path / "d1", ["Tartu,EE,Kielce,PL"])
    b = _pairs_file(tmp_path / "d2", ["Narva,EE,Kielce,PL"])
    assert run_kg("load", "csv", str(a), "--source-title", "Survey A (2019)", "--licence", "CC0").exit_code == 0
    assert run_kg("load", "csv", str(b), "--source-title", "Survey B (2024)").exit_code == 0
    assert run_kg("load", "csv", str(a), "--source-title", "Survey A (2019)", "--licence", "CC0").exit_code == 0
    sources = empty_db.read("MATCH (s:Source) RETURN s.title AS title, s.licence AS licence ORDER BY title")
    assert sources == [{"title": "Survey A (2019)", "licence": "CC0"}, {"title": "Survey B (2024)", "licence": None}]
    cited = empty_db.read("MATCH (:City {name: 'Tartu'})-[r:PARTNER_OF]-() MATCH (s:Source) "
                          "WHERE s.key IN r.source_ids RETURN s.title AS title")
    assert cited == [{"title": "Survey A (2019)"}]
    keyed = _pairs_file(tmp_path / "d3", ["Valga,EE,Kielce,PL"])
    assert run_kg("load", "csv", str(keyed), "--source-key", "survey-c").exit_code == 0
    rows = empty_db.read("MATCH (:City {name: 'Valga'})-[r:PARTNER_OF]-() RETURN r.source_ids AS ids, r.sources AS s")
    assert rows == [{"ids": ["survey-c"], "s": ["survey-c:2"]}]


def test_review_files_go_where_they_can_be_written_or_the_load_does_not_start(run_kg, empty_db, tmp_path,
                                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = run_kg("load", "csv", str(BAD / "formula_names.csv"), "--skip-invalid", "--report-dir", "/proc/kg")
    assert bad.exit_code == 1 and "Cannot write the load's review files to /proc/kg/" in bad.output
    assert "--report-dir" in bad.output and "Traceback" not in bad.output
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    full = run_kg("load", "csv", str(BAD / "formula_names.csv"), "--skip-invalid", "--unresolved-file", "/dev/full")
    assert full.exit_code == 0, full.output
    assert "Warning: could not write /dev/full" in full.stderr and "the graph holds the whole load" in full.stderr
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 3


def test_review_files_are_spreadsheet_safe_and_hold_the_rejected_rows(run_kg, empty_db, tmp_path):
    result = run_kg("load", "csv", str(BAD / "formula_names.csv"), "--skip-invalid", "--report-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"reasons written to {tmp_path}/formula_names.csv.rejected.csv" in result.output
    with open(tmp_path / "formula_names.csv.unresolved.csv", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert "'=HYPERLINK(\"http://x.example\")" in names and "'@cmd" in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)
    with open(tmp_path / "formula_names.csv.rejected.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:4] == [str(BAD / "formula_names.csv"), "3", "country2", "unknown country 'XX'"]
    assert rows[1][4:] == ["'+SUM(A1:A2)", "PL", "Narnia", "XX"]


def test_an_interrupted_load_says_the_graph_holds_part_of_it(run_kg, empty_db, tmp_path, monkeypatch):
    """Ctrl-C during the writing phase (raised from the progress callback, as a signal would arrive)."""
    from kg.cli.progress import ProgressBars

    begun: list[str] = []
    original_phase = ProgressBars.phase

    def phase(self, label, total):
        begun.append(label)
        original_phase(self, label, total)

    def interrupt(self, n):
        if "Writing" in begun:
            raise KeyboardInterrupt

    monkeypatch.setattr(ProgressBars, "phase", phase)
    monkeypatch.setattr(ProgressBars, "advance", interrupt)
    monkeypatch.chdir(tmp_path)
    result = run_kg("load", "world", "--limit", "2000")
    assert result.exit_code == 130
    assert "the graph holds part of this load. Run the same command again to complete it" in result.stderr
    assert "Aborted!" not in result.output
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert run_kg("load", "world", "--limit", "2000", "--quiet").exit_code == 0
    complete = graph_snapshot(empty_db)
    empty_db.clear()
    assert run_kg("load", "world", "--limit", "2000", "--quiet").exit_code == 0
    assert graph_snapshot(empty_db) == complete


def test_export_refuses_up_front_what_its_import_would_refuse(run_kg, seeded_db, tmp_path):
    """Never a dump that its own import refuses: a date, a property the model lacks, an extra label and NaN
    are named in one line and no file is written; once they are gone, the dump round-trips."""
    latitude = seeded_db.read("MATCH (c:City {key: 'gn:769250'}) RETURN c.latitude AS lat")[0]["lat"]
    assert run_kg("cypher", "--write", "MATCH (c:City {key: 'gn:769250'}) SET c.visited = date('2024-05-01'), "
                  "c.note = 'see README', c:Capital, c.latitude = 0.0 / 0.0").exit_code == 0
    dump = tmp_path / "twinning.jsonl"
    result = run_kg("export", "json", "-o", str(dump))
    assert result.exit_code == 1 and "Traceback" not in result.output and not dump.exists()
    assert len(result.output.strip().splitlines()) == 1
    for text in ("City:Capital", "City.visited (date", "City.note (string", "City.latitude is NaN"):
        assert text in result.output, (text, result.output)
    assert run_kg("cypher", "--write", "MATCH (c:City {key: 'gn:769250'}) REMOVE c.visited, c.note, c:Capital "
                  "SET c.latitude = $lat", "-p", f"lat={latitude}").exit_code == 0
    assert run_kg("export", "json", "-o", str(dump)).exit_code == 0
    before = graph_snapshot(seeded_db)
    assert run_kg("db", "clear", "--yes").exit_code == 0
    assert run_kg("import", "json", str(dump)).exit_code == 0 and graph_snapshot(seeded_db) == before


def test_one_bad_node_breaks_no_command(run_kg, seeded_db, tmp_path):
    """A City without a name and a NaN coordinate (written by hand) made `kg suggest`, `kg hops` and
    `kg render` fail and put NaN, which is not JSON, into `kg city`, `kg cypher` and `kg stats`."""
    longitude = seeded_db.read("MATCH (c:City {key: 'gn:769250'}) RETURN c.longitude AS lon")[0]["lon"]
    seeded_db.write("MATCH (k:City {key: 'gn:769250'}) CREATE (:City {key: 'name:PL:nameless'})"
                    "-[:PARTNER_OF {sources: ['by hand'], source_ids: ['by-hand']}]->(k) SET k.longitude = 0.0 / 0.0")
    strict = dict(parse_constant=lambda name: pytest.fail(f"{name} in JSON output"))
    try:
        for args in (["hops", "Kielce", "--max", "2", "--format", "json"], ["city", "Kielce", "--format", "json"],
                     ["cypher", "MATCH (c:City) RETURN c.key AS key, c.longitude AS lon", "--format", "json"],
                     ["stats", "--format", "json"], ["suggest", "Lublin", "--format", "json"]):
            result = run_kg(*args)
            assert result.exit_code == 0, (args, result.output)
            json.loads(result.stdout, **strict)
        assert run_kg("render", "Kielce", "-o", str(tmp_path / "kielce.html")).exit_code == 0
        assert run_kg("render", "Kielce", "--layout", "geo", "-o", str(tmp_path / "geo.html")).exit_code == 0
    finally:
        seeded_db.write("MATCH (x:City {key: 'name:PL:nameless'}) DETACH DELETE x")
        seeded_db.write("MATCH (k:City {key: 'gn:769250'}) SET k.longitude = $lon", lon=longitude)


def test_graphml_parses_whatever_characters_the_graph_holds(run_kg, seeded_db, tmp_path):
    """A name with a bidi control, a tab, a bell or a NUL (written by hand: every loader refuses
    them) made `kg export graphml` write XML that networkx could not parse."""
    import networkx as nx

    seeded_db.write("MATCH (k:City {key: 'gn:769250'}) "
                    "CREATE (:City {key: 'name:PL:odd', name: 'Odd\\u202e\\t\\u0007'})"
                    "-[:PARTNER_OF {sources: ['by hand'], source_ids: ['by-hand']}]->(k)")
    try:
        path = tmp_path / "kielce.graphml"
        assert run_kg("export", "graphml", "Kielce", "-o", str(path)).exit_code == 0
        graph = nx.read_graphml(path)
        assert graph.nodes["name:PL:odd"]["name"] == "Odd\u202e\t\ufffd"  # the bell alone is not XML
    finally:
        seeded_db.write("MATCH (x:City {key: 'name:PL:odd'}) DETACH DELETE x")


def test_ctrl_c_during_an_import_says_what_to_do(run_kg, seeded_db, tmp_path, monkeypatch):
    """Ctrl-C during `kg import json` printed only "Aborted!"."""
    from kg.api import TwinningGraph

    dump = tmp_path / "seeds.jsonl"
    assert run_kg("export", "json", "-o", str(dump)).exit_code == 0

    def interrupted(self, path):
        raise KeyboardInterrupt

    monkeypatch.setattr(TwinningGraph, "import_json", interrupted)
    result = run_kg("import", "json", str(dump))
    assert result.exit_code == 1 and "run the same import again to complete it" in result.output.lower()


def test_closing_after_an_interrupted_write_shows_nothing(neo4j_settings, monkeypatch):
    """After Ctrl-C mid-write the driver's close sometimes failed its own bookkeeping with an
    AssertionError traceback; the interruption was reported already, so closing says nothing more."""
    from kg.store.database import Database

    db = Database(neo4j_settings)
    real_close = db.driver.close

    def failing_close():
        real_close()
        raise AssertionError("a connection still in use")

    monkeypatch.setattr(db.driver, "close", failing_close)
    db.close()  # no traceback


EXPORT_REFUSALS = {  # what a graph may hold, written by hand, that the import of its dump would refuse
    "CREATE (:City {name: 'No Key'})": "properties: missing key",
    "CREATE (:City {key: 'name:EE:empty', name: ''})": "a City must have a name",
    "MATCH (k:City {key: 'gn:769250'}) CREATE (:Source {key: 'by-hand'})-[:PARTNER_OF]->(k)":
        "the model has no Source-[:PARTNER_OF]->City",
    "MATCH (a:City {key: 'gn:769250'}), (b:City {key: 'gn:689558'}) CREATE (a)-[:PARTNER_OF]->(b)":
        "the same PARTNER_OF is on line",  # stored from Vinnytsia's key (the smaller): this is the pair again
    "MATCH (k:City {key: 'gn:769250'}) SET k.description = $long": "longer than 100,000 characters (110,000)",
    "MATCH (k:City {key: 'gn:769250'}) SET k.latitude = 1e308": "latitude 1e+308 is outside -90..90",
    "MATCH (k:City {key: 'gn:769250'}) SET k.longitude = 1.0 / 0.0": "City.longitude",
}


@pytest.mark.parametrize("statement", list(EXPORT_REFUSALS))
def test_export_refuses_every_graph_its_import_would_refuse(statement, run_kg, seeded_db, tmp_path):
    """The export checks every record as the import will: no file, nothing on a pipe, one line naming it."""
    before = graph_snapshot(seeded_db)
    kielce = seeded_db.read("MATCH (k:City {key: 'gn:769250'}) RETURN k.description AS d, k.latitude AS lat, "
                            "k.longitude AS lon")[0]
    seeded_db.write("CALL () { " + statement + " }", long="x" * 110_000)
    try:
        dump = tmp_path / "twinning.jsonl"
        result = run_kg("export", "json", "-o", str(dump))
        assert result.exit_code == 1 and "Traceback" not in result.output and not dump.exists(), result.output
        assert EXPORT_REFUSALS[statement] in result.output, result.output
        piped = run_kg("export", "json", "-o", "-")
        assert piped.exit_code == 1 and piped.stdout == ""
    finally:
        seeded_db.write("MATCH (c:City) WHERE c.key IS NULL OR c.key = 'name:EE:empty' DETACH DELETE c")
        seeded_db.write("MATCH (s:Source {key: 'by-hand'}) DETACH DELETE s")
        seeded_db.write("MATCH (:City {key: 'gn:769250'})-[r:PARTNER_OF]->(:City {key: 'gn:689558'}) DELETE r")
        seeded_db.write("MATCH (k:City {key: 'gn:769250'}) SET k.description = $d, k.latitude = $lat, "
                        "k.longitude = $lon", **kielce)
    assert graph_snapshot(seeded_db) == before


def test_a_partnership_dumped_the_other_way_round_imports_as_every_load_stores_it(run_kg, empty_db, tmp_path):
    """PARTNER_OF is stored once per pair, from the smaller key: a dump that writes it the other way imports
    in the stored direction, so a later load of the same pair adds a citation, not a second relationship."""
    dump = tmp_path / "reversed.jsonl"
    records = [{"format": "twinning-kg", "version": 2},
               {"node": "City", "properties": {"key": "name:EE:alpha", "name": "Alpha"}},
               {"node": "City", "properties": {"key": "name:EE:beta", "name": "Beta"}},
               {"relationship": "PARTNER_OF", "start": ["City", "name:EE:beta"], "end": ["City", "name:EE:alpha"],
                "properties": {"sources": ["hand.csv:1"], "source_ids": ["hand"]}},
               {"total": {"nodes": 2, "relationships": 1}}]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run_kg("import", "json", str(dump)).exit_code == 0
    stored = empty_db.read("MATCH (a:City)-[:PARTNER_OF]->(b:City) RETURN a.key AS a, b.key AS b")
    assert stored == [{"a": "name:EE:alpha", "b": "name:EE:beta"}]
    both_ways = records[:4] + [{"relationship": "PARTNER_OF", "start": ["City", "name:EE:alpha"],
                                "end": ["City", "name:EE:beta"], "properties": {}},
                               {"total": {"nodes": 2, "relationships": 2}}]
    dump.write_text("".join(json.dumps(r) + "\n" for r in both_ways), encoding="utf-8")
    result = run_kg("import", "json", str(dump))
    assert result.exit_code == 1 and "the same PARTNER_OF is on line 4 already" in result.output


def test_an_output_file_is_never_overwritten_without_force(run_kg, seeded_db, tmp_path):
    """`--unresolved-file README.md` once replaced the README: every output the user names is written only
    when new, or with --force."""
    precious = tmp_path / "README.md"
    precious.write_text("keep me\n", encoding="utf-8")
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("city1,country1,city2,country2\nNowhereville,XX,Kielce,PL\n", encoding="utf-8")
    for args in (["load", "csv", str(pairs), "--unresolved-file", str(precious)],
                 ["export", "nodes", "-o", str(precious)], ["render", "Kielce", "-o", str(precious)],
                 ["extract", str(pairs), "-o", str(precious)]):
        result = run_kg(*args)
        assert result.exit_code == 1 and "exists: choose another file, or give --force" in result.output, args
        assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert run_kg("export", "nodes", "-o", str(precious), "--force").exit_code == 0
    assert precious.read_text(encoding="utf-8").startswith("key,name,country")


def test_a_world_load_interrupted_in_its_second_source_says_the_first_is_loaded(run_kg, empty_db, tmp_path,
                                                                                 monkeypatch):
    """Ctrl-C while the second source is still being read: "nothing was loaded" would be false, since the
    first source is written; the message names it."""
    from kg.cli.progress import ProgressBars

    made = []
    original = ProgressBars.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    def phase(self, name, *args, **kwargs):
        if len(made) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(ProgressBars, "__init__", counted)
    monkeypatch.setattr(ProgressBars, "phase", phase)
    result = run_kg("load", "world", "--limit", "200", "--report-dir", str(tmp_path))
    assert result.exit_code == 130 and "nothing of this source was loaded" in result.stderr
    assert "The graph holds what was loaded before it: English Wikipedia" in result.stderr, result.stderr
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] > 0


def test_the_library_says_whether_an_interrupted_load_had_begun_to_write(empty_db):
    """Whether a load had begun to write is the pipeline's to say, not read off a progress display: Ctrl-C
    while names are resolved leaves nothing, while statements are written part of the load."""
    from kg.api import TwinningGraph, seed_documents
    from kg.errors import LoadInterrupted

    graph = TwinningGraph(database=empty_db)
    for stop_in, writing in (("Resolving names", False), ("Writing", True)):
        phases: list[str] = []

        def interrupt(n, phases=phases, stop_in=stop_in):
            if phases and phases[-1].startswith(stop_in):
                raise KeyboardInterrupt

        with pytest.raises(LoadInterrupted) as stopped:
            graph.load(seed_documents(), progress=interrupt, on_phase=lambda label, total, p=phases: p.append(label))
        assert stopped.value.writing is writing
        held = empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        assert (held > 0) is writing  # a committed batch before the interruption, or nothing at all
