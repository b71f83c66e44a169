"""Loading into Neo4j: edge lists, Wikidata, the world data, bad input refused with nothing written, crash recovery."""

from __future__ import annotations

import json
import os
import threading
import time
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from tests.helpers import graph_snapshot

BAD = Path(__file__).parents[1] / "data" / "bad"


CORPUS = {
    "latin1_encoding.csv": ([], ["latin1_encoding.csv:3", "not valid UTF-8", "iconv"]),
    "binary_file.csv": ([], ["binary_file.csv", "binary file"]),
    "empty_file.csv": ([], ["empty_file.csv", "file is empty"]),
    "ragged_row.csv": ([], ["ragged_row.csv:2: row:", "has 3 fields, the header has 4"]),
    "wrong_delimiter.csv": (["--delimiter", ","], ["wrong_delimiter.csv:1", "missing column", "is the delimiter ';'"]),
    "missing_header.csv": ([], ["missing_header.csv:1", "missing column", "--city1"]),
    "unknown_country.csv": ([], ["unknown_country.csv:4: country1:", "unknown country 'Narnia'"]),
    "impossible_year.csv": (["--since", "year"], ["impossible_year.csv:2: year:", "impossible year 2999",
                                                  "impossible_year.csv:4: year:", "impossible year 12"]),
    "oversized_field.csv": ([], ["oversized_field.csv:3: city1:", "longer than 300 characters"]),
    "malformed.yaml": ([], ["malformed.yaml:", "malformed YAML"]),
    "unknown_field.yaml": ([], ["unknown_field.yaml:3: partnerships.sinse:", "unknown field"]),
    "yaml_impossible_year.yaml": ([], ["yaml_impossible_year.yaml:3: partnerships.since:", "impossible year 2999",
                                       "yaml_impossible_year.yaml:4: partnerships.since:", "no such date"]),
    "yaml_self_partnership.yaml": ([], ["yaml_self_partnership.yaml:3: partnerships.b:", "partnered with itself"]),
    "home_city_missing.yaml": ([], ["home_city_missing.yaml:2: source.home_city:", "no home city"]),
    "bidi_control.csv": ([], ["bidi_control.csv:3: city1:", "bidirectional control U+202E"]),
    "yaml_control_characters.yaml": ([], [  # the YAML loader let these in; the CSV loader did not
        "yaml_control_characters.yaml:3: partnerships.b: contains the bidirectional control U+202E",
        "yaml_control_characters.yaml:4: partnerships.b: contains the control character U+0009",
        "yaml_control_characters.yaml:5: partnerships.b: contains the control character U+0007",
        "yaml_control_characters.yaml:6: partnerships.b: contains the control character U+0000"]),
    "yaml_alias_bomb.yaml": ([], ["yaml_alias_bomb.yaml:4:", "aliases (*name) are not allowed"]),
    "yaml_deep_nesting.yaml": ([], ["yaml_deep_nesting.yaml: malformed YAML: nested deeper than any record"]),
    "yaml_impossible_status_date.yaml": ([], [
        "yaml_impossible_status_date.yaml:3: status_changes.since: no such date, or one after today: '2022-02-30'",
        "yaml_impossible_status_date.yaml:4: status_changes.since: no such date, or one after today: '2099-01'"]),
}
LOADED = {"duplicate_rows.csv", "formula_names.csv"}  # loads that succeed; tested below



def test_the_corpus_has_a_test_per_file():
    from tests.graph.test_safety import DUMPS

    files = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert files == set(CORPUS) | set(DUMPS) | LOADED


@pytest.fixture(scope="module")
def crash_server():
    """A server of our own that the test may kill (port 7699, its own home folder)."""
    from kg.store.server import LocalServer
    from tests.conftest import CHECKOUT, free_port

    server = LocalServer(name=f"pytest-crash-{CHECKOUT}", port=int(os.environ.get("KG_CRASH_PORT") or free_port(7699)),
                         password="kg-crash-password")
    server.start()
    yield server
    server.stop()


DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_input_is_refused_clearly_and_nothing_is_written(name, run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    extra, expected = CORPUS[name]
    kind = "yaml" if name.endswith(".yaml") else "csv"
    result = run_kg("load", kind, str(BAD / name), *extra)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "nothing was written" in result.output
    for text in expected:
        assert text in result.output, (text, result.output)
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_repeated_rows_are_one_relationship_citing_every_row(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "csv", str(BAD / "duplicate_rows.csv"))
    assert result.exit_code == 0 and "2 pairs" in result.output and "2 repeats within this input" in result.output
    assert "2 new partnerships or contacts + 2 cited on an existing one" in result.output
    rows = empty_db.read("MATCH (:City {name: 'Kielce'})-[r:PARTNER_OF]-() RETURN r.sources AS s")
    assert [sorted(r["s"]) for r in rows] == [["duplicate_rows.csv:2", "duplicate_rows.csv:3", "duplicate_rows.csv:4"]]
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 2


def test_skip_invalid_loads_the_valid_rows_and_lists_the_rest(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "csv", str(BAD / "unknown_country.csv"), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "1 invalid rows set aside" in result.output
    rejected = (tmp_path / "unknown_country.csv.rejected.csv").read_text()
    assert "unknown_country.csv,4,country1,unknown country 'Narnia'" in rejected
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 2


def test_an_alias_bomb_is_refused_at_once_with_a_short_message(run_kg, empty_db, tmp_path, monkeypatch):
    """422 bytes that PyYAML would expand to hundreds of megabytes: refused at the first alias, in one line."""
    import time

    monkeypatch.chdir(tmp_path)

    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    started = time.perf_counter()
    result = run_kg("load", "yaml", str(BAD / "yaml_alias_bomb.yaml"))
    assert result.exit_code == 1 and len(result.output) < 500 and time.perf_counter() - started < 10


def test_a_status_change_between_cities_that_are_not_partners_makes_no_city(run_kg, seeded_db, tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    changes = tmp_path / "changes.yaml"
    changes.write_text("source: {key: atlantis-news, title: News from Atlantis}\nstatus_changes:\n"
                       "  - {a: \"Atlantis, GR\", b: \"Kielce, PL\", status: ended, since: 2022}\n", encoding="utf-8")
    before = seeded_db.read("MATCH (c:City) RETURN count(c) AS n")[0]["n"]
    result = run_kg("load", "yaml", str(changes))
    assert result.exit_code == 0 and "no partnership between Atlantis, GR and Kielce, PL" in result.output
    assert seeded_db.read("MATCH (c:City) RETURN count(c) AS n")[0]["n"] == before
    seeded_db.write("MATCH (s:Source {key: 'atlantis-news'}) DETACH DELETE s")


def test_skip_invalid_on_yaml_drops_bad_entries_whole(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "yaml", str(BAD / "yaml_impossible_year.yaml"), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "2 invalid rows set aside" in result.output
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 0  # both entries were bad
    rejected = (tmp_path / "yaml_impossible_year.yaml.rejected.csv").read_text()
    assert "impossible year 2999" in rejected and "no such date" in rejected


def test_labels_and_types_from_options_are_whitelisted(run_kg, seeded_db):
    result = run_kg("hops", "Kielce", "--rel", "PARTNER_OF]->() DETACH DELETE n //")
    assert result.exit_code == 2  # click refuses anything outside the choices
    from kg.api import relationship_types
    from kg.errors import QueryError

    with pytest.raises(QueryError):
        relationship_types(["PARTNER_OF` DELETE"])


def test_parameters_are_never_formatted_into_queries(graph):
    name = "Kielce' OR 1=1 //"
    from kg.errors import UnknownCity

    with pytest.raises(UnknownCity):
        graph.partners(name)


def test_a_load_killed_mid_way_and_run_again_ends_in_the_same_graph(crash_server):
    from kg.errors import ConnectionFailed
    from kg.loaders.world import load_world
    from kg.pipeline import load_dataset
    from kg.settings import Settings
    from kg.store.database import Database

    settings = Settings(uri=crash_server.uri, password="kg-crash-password", timeout=5)
    parse = lambda: load_world(limit=3000)  # noqa: E731
    with Database(settings) as db:
        db.clear()
        load_dataset(db, parse, batch_size=300)
        expected = graph_snapshot(db)
        db.clear()
    batches = []

    def kill_after_three(n: int) -> None:
        batches.append(n)
        if len(batches) == 3:
            crash_server.kill()

    with Database(settings) as db, pytest.raises(ConnectionFailed):
        load_dataset(db, parse, batch_size=300, progress=kill_after_three)
    crash_server.start()
    with Database(settings) as db:
        partial = db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        assert 0 < partial  # the committed batches survived the crash
        load_dataset(db, parse, batch_size=300)
        assert graph_snapshot(db) == expected


def test_concurrent_questions_while_a_load_runs(run_kg, empty_db, tmp_path, monkeypatch):
    """Answers during a load are consistent snapshots: between the answer before and the answer after."""
    from kg.api import TwinningGraph
    from kg.loaders.world import load_world
    from kg.pipeline import load_dataset

    monkeypatch.chdir(tmp_path)

    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    assert run_kg("load", "seeds", "--quiet").exit_code == 0
    graph = TwinningGraph(database=empty_db)
    before = {r["key"] for r in graph.hops("Kielce", 2)}
    answers, errors = [], []
    done = threading.Event()

    def ask() -> None:
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline and len(answers) < 500:
            try:
                answers.append({r["key"] for r in graph.hops("Kielce", 2)})
            except Exception as exc:  # noqa: BLE001 (any error fails the test below)
                errors.append(repr(exc))

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for t in askers:
        t.start()
    try:
        load_dataset(empty_db, lambda: load_world(limit=4000), batch_size=500)
    finally:
        done.set()
        for t in askers:
            t.join()
    after = {r["key"] for r in graph.hops("Kielce", 2)}
    assert errors == [] and answers
    assert all(before <= answer <= after for answer in answers)


def test_nothing_is_dropped_when_an_association_is_defined_in_another_file(run_kg, empty_db, tmp_path):
    member_only = tmp_path / "member.yaml"
    member_only.write_text('source: {key: test-member-only, title: A membership only}\n'
                           'memberships:\n  - {city: "Gdańsk, PL", association: union-of-the-baltic-cities}\n',
                           encoding="utf-8")
    assert run_kg("load", "yaml", str(member_only)).exit_code == 0
    members = empty_db.read("MATCH (c:City)-[:MEMBER_OF]->(:Association {key: 'union-of-the-baltic-cities'}) "
                            "RETURN c.name AS name")
    assert [r["name"] for r in members] == ["Gdańsk"]
    assert run_kg("load", "seeds").exit_code == 0  # the seeds define it: one node, named properly
    rows = empty_db.read("MATCH (a:Association {key: 'union-of-the-baltic-cities'})<-[:MEMBER_OF]-(c) "
                         "RETURN a.name AS a, collect(c.name) AS members")
    assert rows == [{"a": "Union of the Baltic Cities", "members": rows[0]["members"]}]
    assert sorted(rows[0]["members"]) == ["Gdańsk", "Panevėžys"]


def test_load_csv_cli_with_named_columns(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "csv", str(DATA / "csv" / "partners_semicolon.csv"), "--city1", "from", "--country1",
                    "from_cc", "--city2", "to", "--country2", "to_cc", "--delimiter", ";")
    assert result.exit_code == 0, result.output
    assert "1 repeats within this input" in result.output
    rows = empty_db.read("MATCH (k:City {name: 'Kielce'})-[r:PARTNER_OF]-(p) RETURN p.name AS p ORDER BY p")
    assert [r["p"] for r in rows] == ["Gotha", "Peine (district)", "Vinnytsya"]


def test_no_resolve_keeps_names_and_normalises_countries(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "csv", str(DATA / "csv" / "partners_semicolon.csv"), "--city1", "from", "--country1",
                    "from_cc", "--city2", "to", "--country2", "to_cc", "--no-resolve")
    assert result.exit_code == 0, result.output
    keys = {r["key"] for r in empty_db.read("MATCH (c:City) RETURN c.key AS key")}
    assert keys == {"name:PL:kielce", "name:UA:vinnytsia", "name:DE:gotha", "name:DE:peine district"}


def test_wikidata_pair_stated_by_both_sides_is_one_relationship_claimed_by_both(run_kg, empty_db, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    assert run_kg("load", "wikidata", str(DATA / "wikidata" / "p190_sample.json")).exit_code == 0
    rows = empty_db.read("MATCH (a:City)-[r:PARTNER_OF]-(b:City) WHERE a.wikidata_id = 'Q64' "
                         "RETURN b.name AS b, b.wikidata_id AS qid, r.claimed_by AS claimed, r.sources AS sources, "
                         "a.key AS a_key, b.key AS b_key, a.geonames_id AS gid")
    assert len(rows) == 1 and rows[0]["qid"] == "Q90"
    assert sorted(rows[0]["claimed"]) == sorted([rows[0]["a_key"], rows[0]["b_key"]])
    assert len(rows[0]["sources"]) == 2 and rows[0]["gid"] == 2950159  # Berlin, placed in GeoNames


def test_fetch_wikidata_with_a_recorded_response(run_kg, tmp_path):
    """`kg fetch wikidata` against a loopback server that answers with a recorded response."""
    recorded = (DATA / "wikidata" / "p190_sample.json").read_bytes()

    class Recorded(SimpleHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            assert "P190" in body.replace("%3A", ":")
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(recorded)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), partial(Recorded, directory=str(tmp_path)))
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    out = tmp_path / "p190.json"
    result = run_kg("fetch", "wikidata", "-o", str(out), "--endpoint", f"http://127.0.0.1:{server.server_port}/sparql")
    thread.join(10)
    server.server_close()
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["results"]["bindings"][0]["item"]["value"].endswith("Q64")


@pytest.mark.slow
def test_world_load_merges_with_seeds_and_is_idempotent(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "world", "--source", "en-wikipedia", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["sources"]["en-wikipedia"]
    assert summary["rows_read"] == 26114 and summary["pairs_loaded"] > 24000
    assert summary["unresolved"] / summary["cities"] < 0.08
    assert sum(summary["resolved_by"].values()) + summary["unresolved"] == summary["cities"]
    assert summary["resolved_by"]["boundary"] > 300 and summary["resolved_by"]["subdivision"] > 100
    assert (tmp_path / "world-en-wikipedia.unresolved.csv").exists()
    assert (tmp_path / "world-en-wikipedia.rejected.csv").exists()
    assert run_kg("load", "seeds").exit_code == 0
    kielce = empty_db.read("MATCH (c:City {name: 'Kielce', country: 'PL'}) RETURN c.source_ids AS s, c.key AS key")
    assert len(kielce) == 1 and set(kielce[0]["s"]) >= {"hekman-twincities-2026", "seed-000-vinnytsia"}
    both = empty_db.read("MATCH (:City {name: 'Kielce'})-[r:PARTNER_OF]-(:City {key: 'gn:689558'}) "
                         "RETURN r.source_ids AS s")
    assert len(both) == 1 and set(both[0]["s"]) == {"hekman-twincities-2026", "seed-000-vinnytsia"}
    before = graph_snapshot(empty_db)
    again = run_kg("load", "world", "--source", "en-wikipedia", "--quiet")
    assert again.exit_code == 0 and graph_snapshot(empty_db) == before


def test_a_graph_cleared_while_a_load_writes_is_said_not_counted(empty_db):
    """Another client empties the graph while a load writes (as `kg db clear` does): the load says it lost
    what it wrote instead of reporting relationships the graph no longer holds."""
    from kg.errors import GraphChanged
    from kg.loaders.world import load_world
    from kg.pipeline import load_dataset

    phases, written = [], []

    def clear_midway(n: int) -> None:
        if phases[-1] == "Writing":
            written.append(n)
            if len(written) == 6:  # among the pair statements' batches, after the first were written
                empty_db.clear()

    with pytest.raises(GraphChanged, match=r"The graph lost cities this load wrote while it ran .*: [\d,]+ of "
                                           r"its [\d,]+ statements found an end gone"):
        load_dataset(empty_db, lambda: load_world(limit=3000), batch_size=300, progress=clear_midway,
                     on_phase=lambda label, total: phases.append(label))
    done = load_dataset(empty_db, lambda: load_world(limit=3000), batch_size=300)[1]
    assert done.pairs == empty_db.read("MATCH ()-[r:PARTNER_OF|FRIENDLY_WITH]->() RETURN count(r) AS n")[0]["n"]


def test_a_load_leaves_the_current_folder_as_it_was_and_says_where_its_review_files_went(
        run_kg, empty_db, tmp_path, monkeypatch):
    """Review files go to the report folder (KG_REPORT_DIR here; by default one under the user data folder),
    never into the folder the command runs in; the summary names where."""
    here, reports = tmp_path / "here", tmp_path / "reports"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("KG_REPORT_DIR", str(reports))
    result = run_kg("load", "csv", str(BAD / "unknown_country.csv"), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert list(here.iterdir()) == []
    assert f"reasons written to {reports / 'unknown_country.csv.rejected.csv'}" in result.output
    assert (reports / "unknown_country.csv.rejected.csv").exists()


def test_a_big_files_statements_written_from_its_kept_rows_are_those_written_from_its_pairs(empty_db, tmp_path):
    """An edge list's statements go to the server as columns built from the numbers its validating pass
    kept (no second read of the file, no row a statement): the graph and the counts are those the same
    statements give written one row each, for a first source (dated, repeated in both orders, one row's two
    ends one place) and a second one that claims and meets the first's partnerships."""
    from dataclasses import replace

    from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
    from kg.pipeline import load_dataset

    dated, claimed = tmp_path / "dated.csv", tmp_path / "claimed.csv"
    dated.write_text("city1,country1,city2,country2,year\n"
                     "Kielce,PL,Vinnytsia,UA,1993\n"
                     "Vinnytsia,UA,Kielce,PL,1991\n"
                     "Prague,CZ,Praha,CZ,\n"
                     "Lviv,UA,Wrocław,PL,\n", encoding="utf-8")
    claimed.write_text("city1,country1,city2,country2\n"
                       "Kielce,PL,Vinnytsia,UA\n"
                       "Wrocław,PL,Lviv,UA\n"
                       "Budapest,HU,Kielce,PL\n", encoding="utf-8")
    loads = [lambda: load_edge_csv(dated, CsvOptions(columns=CsvColumns(since="year"), source_key="dated")),
             lambda: load_edge_csv(claimed, CsvOptions(columns=CsvColumns(), first_column_claims=True,
                                                       source_key="claimed"))]
    assert loads[0]().pairs.rows is not None  # the statements are kept as numbers

    def listed(parse):
        """The same load, its statements a list of Pairs (written one row each)."""
        def parse_listed():
            dataset = parse()
            return replace(dataset, pairs=list(dataset.pairs))
        return parse_listed

    def written(as_rows: bool) -> tuple:
        empty_db.clear()
        reports = [load_dataset(empty_db, listed(parse) if as_rows else parse)[1] for parse in loads]
        counts = [(r.statements, r.pairs, r.pair_relationships_created, [p.line for p in r.same_place])
                  for r in reports]
        return graph_snapshot(empty_db), counts

    from_kept_rows, from_pairs = written(as_rows=False), written(as_rows=True)
    assert from_kept_rows == from_pairs
    assert from_kept_rows[1] == [(3, 2, 2, [4]), (3, 3, 1, [])]
    kielce = empty_db.read("MATCH (a:City {name: 'Kielce'})-[r:PARTNER_OF]-(:City {name: 'Vinnytsia'}) "
                           "RETURN a.key AS key, r.since AS since, r.sources AS sources, r.claims AS claims")
    assert kielce == [{"key": kielce[0]["key"], "since": "1991", "claims": [f"{kielce[0]['key']}@claimed"],
                       "sources": ["dated.csv:2", "dated.csv:3", "claimed.csv:2"]}]
