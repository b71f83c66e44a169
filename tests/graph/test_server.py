"""The local server, the connection settings, the schema, `kg db`, and any Neo4j through routing URIs."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from click.testing import CliRunner

from kg.cli.main import cli


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
    assert [r["name"] for r in json.loads(hops.stdout)["cities"]] == ["Vinnytsya"]
    status = CliRunner().invoke(cli, ["db", "status", "--format", "json"], env=env)
    assert json.loads(status.output)["uri"].startswith("neo4j://127.0.0.1:")
    written = CliRunner().invoke(cli, ["cypher", "--write", "MERGE (s:Source {key: 'routing-check'}) RETURN s.key AS k",
                                       "--format", "json"], env=env)
    assert written.exit_code == 0 and json.loads(written.stdout) == [{"k": "routing-check"}]
    assert "Done: labels added 1, nodes created 1, properties set 1." in written.stderr
    seeded_db.write("MATCH (s:Source {key: 'routing-check'}) DELETE s")
