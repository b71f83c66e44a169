"""Issue 2: settings, the server, the schema, `kg db`, the CLI skeleton."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources

import click
import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.settings import Settings


def test_settings_use_neo4j_tool_names_and_hide_the_password():
    s = Settings.from_env({"NEO4J_URI": "bolt://user:secret@db.example:7688", "NEO4J_USERNAME": "alice",
                           "NEO4J_PASSWORD": "pw-123", "NEO4J_DATABASE": "twins"})
    assert (s.username, s.password, s.database) == ("alice", "pw-123", "twins")
    assert s.safe_uri == "bolt://db.example:7688"
    assert "pw-123" not in repr(s) and "secret" not in repr(s)
    assert Settings.from_env({}, uri="neo4j://x:1").uri == "neo4j://x:1"


def test_db_status_reports_the_server_version_and_counts(run_kg, seeded_db, neo4j_settings):
    result = run_kg("db", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert re.fullmatch(r"Neo4j 5\.26\.\d+ community", status["version"])
    assert status["uri"] == neo4j_settings.safe_uri
    assert status["labels"]["City"] == seeded_db.read("MATCH (c:City) RETURN count(c) AS n")[0]["n"]
    assert status["relationships"]["PARTNER_OF"] > 0
    assert neo4j_settings.password not in result.output
    table = run_kg("db", "status")
    assert table.exit_code == 0 and "Neo4j 5.26" in table.output and "PARTNER_OF" in table.output


def test_unreachable_server_gives_one_clear_line_and_exit_1():
    result = CliRunner().invoke(cli, ["db", "status"], env={"NEO4J_URI": "bolt://127.0.0.1:9", "KG_TIMEOUT": "2",
                                                           "NEO4J_PASSWORD": "hunter2"})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bolt://127.0.0.1:9" in result.output and "kg server start" in result.output
    assert "hunter2" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_wrong_password_is_named_not_printed(neo4j_settings):
    result = CliRunner().invoke(cli, ["db", "status"], env={"NEO4J_URI": neo4j_settings.uri,
                                                           "NEO4J_PASSWORD": "wrong-password-x"})
    assert result.exit_code == 1
    assert "NEO4J_PASSWORD" in result.output and "wrong-password-x" not in result.output


def test_db_clear_refuses_without_yes_and_empties_with_it(run_kg, empty_db):
    empty_db.write("CREATE (:City {key: 'name:XX:test', name: 'Test'})")
    refused = run_kg("db", "clear")
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 1
    done = run_kg("db", "clear", "--yes")
    assert done.exit_code == 0
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_schema_cypher_shows_exactly_what_db_init_installs(run_kg, empty_db):
    assert run_kg("db", "init").exit_code == 0
    assert run_kg("db", "init").exit_code == 0  # idempotent
    text = (resources.files("cypher") / "schema.cypher").read_text()
    documented = set(re.findall(r"FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE", text))
    installed = {(r["label"], r["properties"][0]) for r in empty_db.read(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes[0] AS label, properties")}
    assert documented == installed
    documented_idx = set(re.findall(r"CREATE INDEX \w+ IF NOT EXISTS FOR \(n:(\w+)\) ON \(n\.(\w+)\)", text))
    documented_idx |= set(re.findall(r"FOR \(\)-\[r:(\w+)\]-\(\) ON \(r\.(\w+)\)", text))
    installed_idx = {(r["label"], r["properties"][0]) for r in empty_db.read(
        "SHOW INDEXES YIELD labelsOrTypes, properties, type, owningConstraint "
        "WHERE type = 'RANGE' AND owningConstraint IS NULL RETURN labelsOrTypes[0] AS label, properties")}
    assert documented_idx == installed_idx


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def test_every_command_has_help_with_an_example():
    missing = [" ".join(path) for path, command in _commands(cli)
               if not command.help or "Example:" not in command.help]
    assert missing == []


READ_COMMANDS = {("partners",), ("members",), ("city",), ("hops",), ("path",), ("common",), ("cousins",),
                 ("search",), ("queries",), ("query",), ("cypher",), ("db", "status"), ("server", "status")}


def test_read_commands_share_the_format_option():
    commands = dict(_commands(cli))
    for path in READ_COMMANDS:
        option = next(p for p in commands[path].params if p.name == "fmt")
        assert list(option.type.choices) == ["table", "json", "csv"] and option.default == "table"


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


def test_local_server_reports_running_when_the_fixture_started_it(neo4j_settings):
    import os

    from kg.store.server import LocalServer
    from tests.conftest import CHECKOUT

    name = f"pytest-{CHECKOUT}"
    if os.environ.get("NEO4J_URI") or LocalServer(name=name).pid() is None:
        pytest.skip("the tests use an external or containerised server")
    result = CliRunner().invoke(cli, ["server", "status", "--name", name, "--format", "json"])
    info = __import__("json").loads(result.output)[0]
    assert result.exit_code == 0 and info["running"] and info["uri"] == neo4j_settings.uri


def test_the_cli_works_through_a_routing_uri(seeded_db, neo4j_settings, cli_env):
    """neo4j:// (and neo4j+s:// for Aura) selects the driver's routing: the same commands work through it."""
    if not neo4j_settings.uri.startswith(("bolt://", "neo4j://")):
        pytest.skip(f"the test server's URI {neo4j_settings.uri} has no plain routing form")
    env = {**cli_env, "NEO4J_URI": "neo4j://" + neo4j_settings.uri.split("://", 1)[1]}
    hops = CliRunner().invoke(cli, ["hops", "Kielce", "--max", "1", "--format", "json"], env=env)
    assert hops.exit_code == 0, hops.output
    assert [r["name"] for r in json.loads(hops.output)] == ["Vinnytsya"]
    status = CliRunner().invoke(cli, ["db", "status", "--format", "json"], env=env)
    assert json.loads(status.output)["uri"].startswith("neo4j://127.0.0.1:")
    written = CliRunner().invoke(cli, ["cypher", "--write", "MERGE (s:Source {key: 'routing-check'}) RETURN s.key AS k",
                                       "--format", "json"], env=env)
    assert written.exit_code == 0 and json.loads(written.output) == [{"k": "routing-check"}]
    seeded_db.write("MATCH (s:Source {key: 'routing-check'}) DELETE s")
