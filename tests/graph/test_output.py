"""Output users can trust: one-line failures for files that cannot be written, `-o -`, JSON that parses,
free Cypher writes, and names that match several places."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

BAD = Path(__file__).parents[1] / "data" / "bad"


@pytest.mark.parametrize("args", [
    ["render", "--country", "EE", "-o", "/proc/kg/view.html"],
    ["export", "gexf", "--country", "EE", "-o", "/proc/kg/ee.gexf"],
    ["export", "json", "-o", "/proc/kg/dump.jsonl"],
    ["report", "-o", "/proc/kg/report"],
    ["export", "json", "-o", "/dev/full"],
    ["export", "csv", "--country", "EE", "-o", "/dev/full"],
])
def test_an_output_that_cannot_be_written_is_one_line(args, run_kg, seeded_db):
    result = run_kg(*args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1, result.output
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)  # written to, never replaced


def test_dash_writes_exports_to_standard_output(run_kg, seeded_db):
    rows = list(csv.DictReader(io.StringIO(run_kg("export", "csv", "--country", "EE", "-o", "-").stdout)))
    assert rows and {"name1", "renewed", "claimed_by"} <= set(rows[0])
    dump = run_kg("export", "json", "-o", "-")
    lines = [json.loads(line) for line in dump.stdout.splitlines()]
    assert lines[0]["format"] == "twinning-kg" and "total" in lines[-1]
    assert "Wrote standard output" in dump.stderr and not Path("-").exists()
    graphml = run_kg("export", "graphml", "--country", "EE", "-o", "-").stdout
    assert graphml.startswith("<?xml") and "<graphml" in graphml


def test_partners_as_of_a_year_leave_out_those_signed_later(run_kg, seeded_db):
    every = json.loads(run_kg("partners", "Ostrava", "--format", "json").stdout)
    then = json.loads(run_kg("partners", "Ostrava", "--as-of", "1975", "--format", "json").stdout)
    assert 0 < len(then) < len(every)
    assert all(row["since"] is None or int(str(row["since"])[:4]) <= 1975 for row in then)
    assert run_kg("partners", "Ostrava", "--as-of", "99").exit_code == 2  # a year out of range is a usage error


def test_tables_name_a_document_by_its_key_and_json_by_its_file(run_kg, seeded_db):
    """A seed's file is named by its content hash: tables and CSV cite the document by its source key and line,
    JSON by the file as stored."""
    table = run_kg("partners", "Kielce").output
    assert "seed-000-vinnytsia:" in table and "000_338dc196583c97ae" not in table
    rows = json.loads(run_kg("partners", "Kielce", "--format", "json").stdout)
    assert any(c.startswith("000_338dc196583c97ae.txt:") for row in rows for c in row["sources"])
    shown = run_kg("city", "Kielce").output
    assert "seed-000-vinnytsia:" in shown and "000_338dc196583c97ae.txt:" not in shown
    assert "seed-000-vinnytsia:" in run_kg("path", "Kielce", "Lublin").output


def test_every_row_names_its_city_by_key(run_kg, seeded_db, tmp_path):
    """Stable keys in every output: the partners' rows, the relationship CSV, GraphML and the node table,
    which carries the ids and how each city was placed."""
    partners = json.loads(run_kg("partners", "Kielce", "--format", "json").stdout)
    keys = ("gn:", "name:", "wd:", "iso:", "geob:", "part:")
    assert partners and all(row["key"].startswith(keys) for row in partners)
    assert {"Vinnytsia", "Vinnytsya"} & {row["name"] for row in partners}
    hops = json.loads(run_kg("hops", "Kielce", "--max", "1", "--format", "json").stdout)["cities"]
    assert hops and all(row["key"] for row in hops)
    rows = list(csv.DictReader(io.StringIO(run_kg("export", "csv", "Kielce", "-o", "-").stdout)))
    assert rows and all(row["key1"] and row["resolved1"] in ("True", "False") for row in rows)
    nodes = tmp_path / "nodes.csv"
    assert run_kg("export", "nodes", "Kielce", "-o", str(nodes)).exit_code == 0
    table = list(csv.DictReader(nodes.open(encoding="utf-8")))
    assert list(table[0]) == ["key", "name", "country", "country_alpha3", "country_name", "continent", "latitude",
                              "longitude", "population", "place_kind", "degree", "in_selection", "resolved",
                              "resolution", "geonames_id", "wikidata_ids"]
    kielce = next(row for row in table if row["name"] == "Kielce")
    assert (kielce["key"], kielce["geonames_id"], kielce["country"], kielce["continent"]) == (
        "gn:769250", "769250", "PL", "Europe")
    assert kielce["country_alpha3"] == "POL" and kielce["in_selection"] == "true"
    assert int(kielce["degree"]) == sum("gn:769250" in (row["key1"], row["key2"]) for row in rows) >= 1
    assert kielce["resolved"] == "true"
    import pandas

    frame = pandas.read_csv(nodes)  # the node table as pandas (and R's read.csv) reads it
    assert list(frame.columns) == list(table[0]) and len(frame) == len(table)
    assert frame["degree"].dtype.kind == "i" and frame["latitude"].dtype.kind == "f"
    assert frame.set_index("key").loc["gn:769250", "name"] == "Kielce"
    graphml = run_kg("export", "graphml", "Kielce", "-o", "-").stdout
    assert 'attr.name="resolution"' in graphml and 'attr.name="geonames_id"' in graphml


def test_load_json_summary_parses_even_with_rows_set_aside(run_kg, empty_db, tmp_path):
    result = run_kg("load", "csv", str(BAD / "unknown_country.csv"), "--skip-invalid", "--json",
                    "--report-dir", str(tmp_path))
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["invalid_rows"] == 1 and summary["pairs_loaded"] == 2


def test_cypher_write_runs_bulk_statements_and_shows_what_changed(run_kg, empty_db):
    result = run_kg("cypher", "--write", "UNWIND range(1, 3) AS i CALL (i) { CREATE (:Source {key: 'k' + i}) } "
                                         "IN TRANSACTIONS OF 1 ROWS")
    assert result.exit_code == 0, result.output
    assert "Done: labels added 3, nodes created 3, properties set 3." in result.output
    assert empty_db.read("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 3
    removed = run_kg("cypher", "--write", "MATCH (s:Source) DELETE s", "--format", "json")
    assert json.loads(removed.stdout) == [] and "Done: nodes deleted 3." in removed.stderr
    refused = run_kg("cypher", "CREATE (:Source {key: 'x'})")
    assert refused.exit_code == 1 and empty_db.read("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 0


def test_a_name_of_several_places_is_listed_or_the_clear_choice_is_said(run_kg, empty_db, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text('city1,country1,city2,country2\n"Coventry, Rhode Island",US,Kielce,PL\n'
                     '"Coventry, New York",US,Tartu,EE\nFrankfurt am Main,DE,Kielce,PL\n'
                     'Frankfurt (Oder),DE,Tartu,EE\n', encoding="utf-8")
    assert run_kg("load", "csv", str(pairs), "--quiet", "--report-dir", str(tmp_path)).exit_code == 0
    coventry = run_kg("partners", "Coventry, US")
    assert coventry.exit_code == 1 and "matches 2 cities" in coventry.output
    assert "Coventry, New York" in coventry.output and "Coventry, US (gn:" in coventry.output
    frankfurt = run_kg("partners", "Frankfurt", "--format", "json")
    assert frankfurt.exit_code == 0 and json.loads(frankfurt.stdout)[0]["name"] == "Kielce"
    assert '"Frankfurt" is taken as Frankfurt am Main, DE' in frankfurt.stderr
    assert "Frankfurt (Oder), DE" in frankfurt.stderr
    view = run_kg("render", "Frankfurt", "-o", str(tmp_path / "frankfurt.html"))
    assert view.exit_code == 0 and view.stderr.count("is taken as") == 1  # a view names its city once


def test_an_unresolved_name_says_where_the_name_exists(run_kg, empty_db, tmp_path):
    pairs = tmp_path / "uk.csv"
    pairs.write_text("city1,country1,city2,country2\nUppsala,UK,Kielce,PL\n", encoding="utf-8")
    assert run_kg("load", "csv", str(pairs), "--report-dir", str(tmp_path)).exit_code == 0
    with open(tmp_path / "uk.csv.unresolved.csv", encoding="utf-8") as handle:
        reasons = {row["name"]: row["reason"] for row in csv.DictReader(handle)}
    assert reasons["Uppsala"] == "no place of that name in GB; a place of that name exists in SE"
    assert run_kg("city", "name:GB:uppsala").output.startswith("Uppsala, United Kingdom (name:GB:uppsala)")


def test_members_of_a_graph_without_associations_says_so(run_kg, empty_db):
    result = run_kg("members", "City Twins Association")
    assert result.exit_code == 1 and "the graph holds no associations yet" in result.output
    assert "Known ones: \n" not in result.output and "Known ones: ." not in result.output


@pytest.mark.parametrize("statement", [
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "SHOW TRANSACTIONS", "CALL dbms.components()",
    "MATCH (c:City) SET c.x = 1", "MATCH (c) DETACH DELETE c", "UNWIND [1] AS i CALL (i) { RETURN i AS j } "
    "IN TRANSACTIONS RETURN j", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"])
def test_free_cypher_without_write_runs_reading_clauses_only(statement, run_kg, seeded_db):
    """A read transaction stops writes, not administration commands (TERMINATE TRANSACTIONS ended a running
    load) nor procedures that act: each is refused before it runs, naming the clause."""
    from tests.helpers import graph_snapshot

    before = graph_snapshot(seeded_db)
    result = run_kg("cypher", statement)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "reads unless --write" in result.output or "give --write" in result.output, result.output
    assert graph_snapshot(seeded_db) == before
    assert run_kg("cypher", "CALL db.labels() YIELD label RETURN label ORDER BY label").exit_code == 0


def test_free_cypher_caps_tables_and_streams_csv_and_json_lines(run_kg, seeded_db):
    table = run_kg("cypher", "UNWIND range(1, 1500) AS i RETURN i")
    assert table.exit_code == 0 and "Showing the first 1,000 rows" in table.stderr
    assert table.stdout.strip().splitlines()[-1].strip() == "1000"
    streamed = run_kg("cypher", "UNWIND range(1, 1500) AS i RETURN i", "--format", "csv")
    assert streamed.stdout.splitlines() == ["i"] + [str(i) for i in range(1, 1501)] and not streamed.stderr
    lines = run_kg("cypher", "UNWIND range(1, 3) AS i RETURN i, 'x' + i AS s", "--format", "jsonl").stdout
    assert [json.loads(line) for line in lines.splitlines()] == [{"i": i, "s": f"x{i}"} for i in (1, 2, 3)]
    capped = run_kg("cypher", "UNWIND range(1, 10) AS i RETURN i", "--format", "csv", "--limit", "4")
    assert capped.stdout.splitlines() == ["i", "1", "2", "3", "4"] and "Showing the first 4 rows" in capped.stderr


def test_free_cypher_ends_at_its_timeout_and_refuses_impossible_arguments(run_kg, seeded_db):
    slow = run_kg("cypher", "UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 99 RETURN count(i) AS n",
                  "--timeout", "0.5")
    assert slow.exit_code == 1 and "Traceback" not in slow.output
    for args, text in ((["cypher", "RETURN $n", "-p", "n=" + "9" * 5000], "(5,000 digits) is out of the range"),
                       (["cypher", "RETURN 1", "--timeout", "inf"], "Invalid value for '--timeout'"),
                       (["--timeout", "inf", "db", "status"], "The timeout must be a positive number of seconds up to"),
                       (["server", "start", "--port", "99999"], "Invalid value for '--port'")):
        result = run_kg(*args)
        assert result.exit_code != 0 and text in result.output and "Traceback" not in result.output, result.output


def test_a_closed_pipe_ends_the_command_quietly(cli_env, seeded_db):
    """`kg ... | head` stops reading: the command ends without a message (as SIGPIPE would end it)."""
    import subprocess
    import sys

    kg = [sys.executable, "-c", "from kg.cli.main import cli; cli()"]
    result = subprocess.run(" ".join(kg[:2]) + " '" + kg[2] + "' cypher 'UNWIND range(1, 200000) AS i RETURN i' "
                            "--format jsonl | head -n 1", shell=True, capture_output=True, text=True,
                            env={**__import__("os").environ, **cli_env}, timeout=120)
    assert result.stdout == '{"i": 1}\n' and result.stderr == "", result.stderr


@pytest.mark.parametrize("argv, phase", [(["stats", "--format", "json"], "Reading the network"),
                                         (["export", "csv", "--country", "PL", "-o", "-"], "Reading the selection"),
                                         (["suggest", "Kielce", "--format", "json", "--refit"],
                                          "Fitting the suggestion model")])
def test_long_work_says_its_phase_on_a_terminal_and_nothing_to_a_pipe(cli_env, seeded_db, argv, phase):
    """On a terminal, standard error shows the phase the job is in; the result on standard output is the same
    JSON either way, and with standard error piped nothing but the result is printed."""
    import os
    import pty
    import subprocess
    import sys

    env = {**os.environ, **cli_env}
    main, secondary = pty.openpty()
    on_terminal = subprocess.run([sys.executable, "-m", "kg", *argv], stdout=subprocess.PIPE, stderr=secondary,
                                 env=env, timeout=300)
    os.close(secondary)
    said = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: all read
            break
        if not chunk:
            break
        said += chunk
    os.close(main)
    piped = subprocess.run([sys.executable, "-m", "kg", *argv], capture_output=True, env=env, timeout=300)
    assert on_terminal.returncode == piped.returncode == 0
    assert phase in said.decode("utf-8", "replace")
    assert phase not in piped.stderr.decode() and phase not in piped.stdout.decode()
    if argv[0] == "export":  # CSV, the same bytes either way
        assert on_terminal.stdout == piped.stdout and on_terminal.stdout.startswith(b"name1,country1,key1")
        return
    first, second = json.loads(on_terminal.stdout), json.loads(piped.stdout)
    if argv[0] == "suggest":  # the model's fit time differs between the two runs; the suggestions do not
        first, second = first["suggestions"], second["suggestions"]
    assert first == second
