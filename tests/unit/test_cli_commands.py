"""The CLI's shape without a server: help texts, options, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.settings import Settings


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


READ_COMMANDS = {("partners",), ("members",), ("city",), ("hops",), ("path",), ("common",), ("cousins",),
                 ("search",), ("queries",), ("query",), ("cypher",), ("db", "status"), ("server", "status")}


def test_settings_use_neo4j_tool_names_and_hide_the_password():
    s = Settings.from_env({"NEO4J_URI": "bolt://user:secret@db.example:7688", "NEO4J_USERNAME": "alice",
                           "NEO4J_PASSWORD": "pw-123", "NEO4J_DATABASE": "twins"})
    assert (s.username, s.password, s.database) == ("alice", "pw-123", "twins")
    assert s.safe_uri == "bolt://db.example:7688"
    assert "pw-123" not in repr(s) and "secret" not in repr(s)
    assert Settings.from_env({}, uri="neo4j://x:1").uri == "neo4j://x:1"


def test_unreachable_server_gives_one_clear_line_and_exit_1():
    result = CliRunner().invoke(cli, ["db", "status"], env={"NEO4J_URI": "bolt://127.0.0.1:9", "KG_TIMEOUT": "2",
                                                           "NEO4J_PASSWORD": "hunter2"})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bolt://127.0.0.1:9" in result.output and "kg server start" in result.output
    assert "hunter2" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_every_command_has_help_with_an_example():
    missing = [" ".join(path) for path, command in _commands(cli)
               if not command.help or not ("Example:" in command.help or "Examples:" in command.help)]
    assert missing == []


def test_read_commands_share_the_format_option():
    commands = dict(_commands(cli))
    for path in READ_COMMANDS:
        option = next(p for p in commands[path].params if p.name == "fmt")
        assert list(option.type.choices)[:3] == ["table", "json", "csv"] and option.default == "table"
        assert set(option.type.choices) <= {"table", "json", "csv", "jsonl"}  # jsonl where rows stream


def test_python_dash_m_kg_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "hops" in result.stdout and "server" in result.stdout


def test_server_status_of_an_instance_that_is_not_running(tmp_path):
    result = CliRunner().invoke(cli, ["server", "status", "--home", str(tmp_path / "none"), "--format", "json"])
    assert result.exit_code == 0
    info = json.loads(result.output)[0]
    assert info["running"] is False and info["version"].startswith("5.26.")


def test_server_start_refuses_a_port_taken_by_another_program(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["server", "start", "--home", str(tmp_path / "h"), "--port", str(port)])
    assert result.exit_code == 1
    assert f"Port {port}" in result.output and "--port" in result.output


@pytest.mark.parametrize("options, expected", [
    (["--uri", "bolt://h:99999"], "Bad Neo4j URI 'bolt://h:99999': Port out of range"),
    (["--uri", "bolt://[::1"], "Bad Neo4j URI 'bolt://[::1': Invalid IPv6 URL"),
    (["--uri", "http://user:secret@h:7687"], "Bad Neo4j URI 'http://h:7687': expected SCHEME://HOST"),
    (["--timeout", "0"], "The timeout must be a positive number of seconds up to 3,600, got 0"),
    (["--timeout", "-1"], "The timeout must be a positive number of seconds up to 3,600, got -1"),
])
def test_bad_connection_settings_are_one_line(options, expected):
    result = CliRunner().invoke(cli, [*options, "db", "status"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == f"Error: {expected}" or expected in result.output, result.output
    assert "secret" not in result.output


def test_extract_creates_missing_folders_and_names_unwritable_ones(tmp_path):
    document = tmp_path / "page.txt"
    document.write_text("Partner cities of Kielce: Vinnytsia (Ukraine)\n", encoding="utf-8")
    made = CliRunner().invoke(cli, ["extract", str(document), "--home-city", "Kielce, PL",
                                    "-o", str(tmp_path / "new" / "dir" / "d.yaml")])
    assert made.exit_code == 0 and (tmp_path / "new" / "dir" / "d.yaml").exists()
    for target, reason in (("/dev/full", "No space left on device"), ("/proc/kg/d.yaml", "")):
        failed = CliRunner().invoke(cli, ["extract", str(document), "--home-city", "Kielce, PL", "-o", target])
        assert failed.exit_code == 1 and "Traceback" not in failed.output and reason in failed.output
        assert len(failed.output.strip().splitlines()) == 1, failed.output


def test_tables_align_wide_characters_by_display_width():
    from wcwidth import wcswidth

    from kg.cli.output import render_rows

    table = render_rows([{"name": "東京", "note": "🏙 twin"}, {"name": "Kielce", "note": "x"},
                         {"name": "Zürich", "note": "y"}], "table")
    lines = table.splitlines()
    note_column = [wcswidth(line[: line.index(n)]) for line, n in zip(lines[2:], ("🏙", "x", "y"))]
    assert len(set(note_column)) == 1, table


def test_tables_cut_long_text_but_never_a_key_or_a_citation():
    from kg.cli.output import render_rows, with_document_names

    citations = [f"twin_cities_raw.csv:{n}" for n in range(2000, 2010)] + ["000_338dc196583c97ae.txt:17"]
    rows = with_document_names([{"key": "name:US:westerlo", "note": "x" * 90, "sources": citations}],
                               {"000_338dc196583c97ae.txt": "seed-000-vinnytsia"})
    table = render_rows(rows, "table")
    assert "; ".join(citations[:-1] + ["seed-000-vinnytsia:17"]) in table and "000_338dc" not in table
    assert "x" * 59 + "…" in table and "x" * 60 not in table


def test_help_examples_keep_one_command_per_line():
    hops_help = CliRunner().invoke(cli, ["hops", "--help"]).output
    assert "\n      kg hops Kielce --max 2\n" in hops_help
    start_help = CliRunner().invoke(cli, ["server", "start", "--help"]).output
    assert "--password TEXT" in start_help


def test_driver_retries_stay_off_the_terminal_unless_verbose(capsys):
    import logging

    from kg.cli.context import show_driver_log

    show_driver_log(verbose=False)
    logging.getLogger("neo4j").warning("Transaction failed and will be retried in 0.94s ()")
    assert "retried" not in capsys.readouterr().err
    show_driver_log(verbose=True)
    logging.getLogger("neo4j").warning("Transaction failed and will be retried in 0.94s ()")
    assert "neo4j WARNING: Transaction failed and will be retried" in capsys.readouterr().err
    show_driver_log(verbose=False)
    for handler in list(logging.getLogger("neo4j").handlers):
        logging.getLogger("neo4j").removeHandler(handler)


@pytest.mark.parametrize("args, expected", [
    (["load", "world", "--limit", "0"], "Invalid value for '--limit'"),  # it loaded one row
    (["suggest", "Kielce", "--seed", "-1"], "Invalid value for '--seed'"),
    (["suggest", "Kielce", "--max-km", "nan"], "max_km must be a distance above 0"),
    (["stats", "--betweenness-sample", "-1"], "Invalid value for '--betweenness-sample'"),
    (["query", "most_connected", "-p", "limit=99999999999999999999"], "out of the range of a Neo4j integer"),
    (["search", "%"], "Search for letters or digits"),
])
def test_numbers_and_text_that_cannot_work_are_refused_before_the_server_is_asked(args, expected):
    result = CliRunner().invoke(cli, args, env={"NEO4J_URI": "bolt://127.0.0.1:9", "KG_TIMEOUT": "1"})
    assert result.exit_code in (1, 2) and expected in result.output and "Traceback" not in result.output


def test_a_review_file_never_overwrites_the_file_being_loaded(tmp_path):
    source = tmp_path / "pairs.csv"
    source.write_text("city1,country1,city2,country2\nKielce,Poland,Lublin,Poland\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "csv", str(source), "--unresolved-file", str(source)],
                                env={"NEO4J_URI": "bolt://127.0.0.1:9", "KG_TIMEOUT": "1"})
    assert result.exit_code == 1 and "the review file would overwrite it" in result.output
    assert source.read_text(encoding="utf-8").startswith("city1,country1")


def test_help_and_version_start_without_the_driver_or_numpy():
    """`kg --help` and `kg --version` answer without importing the driver, numpy or pandas (a second of a
    user's time on every call); `bench/bench_startup.py` prints how long they take."""
    import subprocess
    import sys

    probe = ("import sys\nfrom click.testing import CliRunner\nfrom kg.cli.main import cli\n"
             "for args in (['--help'], ['--version'], ['load', '--help']):\n"
             "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
             "print(sorted(m for m in ('neo4j', 'numpy', 'pandas') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
