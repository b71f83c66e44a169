"""Issue 9: bad input refused clearly with nothing written, crash recovery, concurrency, injection, timeouts."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli.main import cli
from kg.resolve.countries import country_code
from kg.resolve.dates import parse_since
from kg.errors import InputError
from kg.resolve.names import fold
from loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
from tests.helpers import graph_snapshot

BAD = Path(__file__).parent / "data" / "bad"

# file -> (extra arguments, what the one-line-per-problem message must say)
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
}


def test_the_corpus_has_a_test_per_file():
    files = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert files == set(CORPUS) | {"duplicate_rows.csv"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_input_is_refused_clearly_and_nothing_is_written(name, run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
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
    result = run_kg("load", "csv", str(BAD / "duplicate_rows.csv"))
    assert result.exit_code == 0 and "2 pairs" in result.output and "2 repeats within this input" in result.output
    assert "2 new relationships + 2 cited on an existing one" in result.output
    rows = empty_db.read("MATCH (:City {name: 'Kielce'})-[r:PARTNER_OF]-() RETURN r.sources AS s")
    assert [sorted(r["s"]) for r in rows] == [["duplicate_rows.csv:2", "duplicate_rows.csv:3", "duplicate_rows.csv:4"]]
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 2


def test_skip_invalid_loads_the_valid_rows_and_lists_the_rest(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("load", "csv", str(BAD / "unknown_country.csv"), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "1 invalid rows set aside" in result.output
    rejected = (tmp_path / "unknown_country.csv.rejected.csv").read_text()
    assert "unknown_country.csv,4,country1,unknown country 'Narnia'" in rejected
    assert empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN count(r) AS n")[0]["n"] == 2


def test_skip_invalid_on_yaml_drops_bad_entries_whole(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
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


def test_slow_server_gives_one_line_within_the_timeout():
    """A port that accepts connections but never speaks Bolt."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["--timeout", "2", "db", "status"],
                                    env={"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "secret-pw-1"})
        elapsed = time.monotonic() - started
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert f"127.0.0.1:{port}" in result.output and "secret-pw-1" not in result.output
    assert elapsed < 20


# -- property-based tests ----------------------------------------------------------------------------
@given(st.text())
def test_fold_is_idempotent_and_plain(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert set(folded) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert folded == folded.strip() and "  " not in folded


@given(st.text(max_size=60))
def test_country_code_never_raises_and_returns_a_code(text):
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())


@given(st.dates(min_value=__import__("datetime").date(800, 1, 1), max_value=__import__("datetime").date.today()))
def test_parse_since_reads_every_written_form_of_a_date(date):
    assert parse_since(f"{date.day}.{date.month}.{date.year}") == (date.isoformat(), date.year)
    assert parse_since(f"{date.day}. {date.month}. {date.year}") == (date.isoformat(), date.year)
    assert parse_since(date.isoformat()) == (date.isoformat(), date.year)


CITY = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "," not in s and '"' not in s)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CITY, st.sampled_from(["PL", "Poland", "DE", "Narnia", ""]), CITY,
                               st.sampled_from(["UA", "Ukraine", "EE"])), max_size=12))
def test_edge_csv_either_loads_or_names_each_bad_line(tmp_path, rows):
    path = tmp_path / "pairs.csv"
    lines = ["city1,country1,city2,country2"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        dataset = load_edge_csv(path, CsvOptions(columns=CsvColumns()))
    except InputError as exc:
        assert exc.problems and all(p.line and 2 <= p.line <= len(lines) + 1 for p in exc.problems)
        return
    assert dataset.rows_read == len(rows)
    assert len(dataset.pairs) == len(rows) and dataset.duplicates < max(len(rows), 1)  # every row a statement
    assert all(p.a.country in ("PL", "DE") and p.b.country in ("UA", "EE") for p in dataset.pairs)


# -- crash recovery and concurrency -------------------------------------------------------------------
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


def test_a_load_killed_mid_way_and_run_again_ends_in_the_same_graph(crash_server):
    from kg.store.database import Database
    from kg.errors import ConnectionFailed
    from kg.pipeline import load_dataset
    from kg.settings import Settings
    from loaders.world import load_world

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
    from kg.pipeline import load_dataset
    from loaders.world import load_world

    monkeypatch.chdir(tmp_path)
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
    assert [r["name"] for r in empty_db.read("MATCH (c:City)-[:MEMBER_OF]->(:Association "
                                             "{key: 'union-of-the-baltic-cities'}) RETURN c.name AS name")] == ["Gdańsk"]
    assert run_kg("load", "seeds").exit_code == 0  # the seeds define it: one node, named properly
    rows = empty_db.read("MATCH (a:Association {key: 'union-of-the-baltic-cities'})<-[:MEMBER_OF]-(c) "
                         "RETURN a.name AS a, collect(c.name) AS members")
    assert rows == [{"a": "Union of the Baltic Cities", "members": rows[0]["members"]}]
    assert sorted(rows[0]["members"]) == ["Gdańsk", "Panevėžys"]
