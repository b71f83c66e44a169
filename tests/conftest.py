"""A real Neo4j for the tests, in this order: NEO4J_URI if set; a testcontainers Neo4j when a Docker
engine answers; else the project's own local server on a test port with its own home folder.

Safety (as in neomodel's own suite): the fixture refuses to run against a database that already holds
data it did not create, unless KG_TEST_ALLOW_RESET=1 says it may be emptied.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import pytest

from kg.settings import Settings
from kg.store.database import Database

NEO4J_IMAGE = "neo4j:5.26.30-community"
TEST_PASSWORD = "kg-test-password"
DATA = Path(__file__).parent / "data"
# one local test server per checkout, so two checkouts' test runs never share (and empty) one database
CHECKOUT = hashlib.sha1(str(Path(__file__).resolve().parents[1]).encode()).hexdigest()[:8]


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else the next free port above it."""
    for port in range(preferred, preferred + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {preferred}-{preferred + 199}")


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


def _empty(settings: Settings) -> bool:
    with Database(settings) as db:
        return db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


@pytest.fixture(scope="session")
def neo4j_settings():
    """Settings for a real server; yields once per test session."""
    if os.environ.get("NEO4J_URI"):
        settings = Settings.from_env()
        if not _empty(settings) and os.environ.get("KG_TEST_ALLOW_RESET") != "1":
            pytest.exit(f"The database at {settings.safe_uri} already holds data; the tests empty it. Point "
                        "NEO4J_URI at a scratch database, or set KG_TEST_ALLOW_RESET=1 to allow it.", returncode=2)
        yield settings
        return
    if _docker_answers():
        try:
            from testcontainers.community.neo4j import Neo4jContainer
        except ImportError:  # testcontainers before the community namespace
            from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(NEO4J_IMAGE, password=TEST_PASSWORD) as container:
            yield Settings(uri=container.get_connection_url(), username="neo4j", password=TEST_PASSWORD)
        return
    from kg.store.server import LocalServer

    server = LocalServer(name=f"pytest-{CHECKOUT}", port=7697, password=TEST_PASSWORD)
    was_running = server.pid() is not None
    if was_running:
        server.port = server.configured_port() or server.port
    else:
        server.port = int(os.environ.get("KG_TEST_PORT") or free_port(7697))
    server.start()
    yield Settings(uri=server.uri, password=TEST_PASSWORD)
    if not was_running and os.environ.get("KG_TEST_KEEP_SERVER") != "1":
        server.stop()


@pytest.fixture(scope="session")
def session_db(neo4j_settings):
    with Database(neo4j_settings) as db:
        from kg.store.schema import install_schema

        install_schema(db)
        yield db


_STATE = {"seeded": False}


@pytest.fixture
def empty_db(session_db):
    """An empty graph (schema installed); the test may write."""
    session_db.clear()
    _STATE["seeded"] = False
    yield session_db
    _STATE["seeded"] = False


@pytest.fixture
def seeded_db(session_db):
    """The seed knowledge base, loaded once and shared by tests that only read."""
    if not _STATE["seeded"]:
        from kg.loaders.seeds import parse_seeds
        from kg.pipeline import load_dataset

        session_db.clear()
        load_dataset(session_db, parse_seeds)
        _STATE["seeded"] = True
    yield session_db


@pytest.fixture(scope="module")
def world_db(session_db):
    """The world's three sources and the seeds, loaded once for a module's checks, which leave it as they found
    it: (database, the English lists' load report, every load report by source name)."""
    from kg.loaders.seeds import parse_seeds
    from kg.loaders.world import WORLD_SOURCES
    from kg.pipeline import load_dataset

    session_db.clear()
    _STATE["seeded"] = False
    reports = {source.name: load_dataset(session_db, source.parse)[1] for source in WORLD_SOURCES}
    load_dataset(session_db, parse_seeds)
    yield session_db, reports["en-wikipedia"], reports
    session_db.clear()
    _STATE["seeded"] = False


@pytest.fixture
def cli_env(neo4j_settings, tmp_path):
    """Environment for CliRunner: the test server, and a cache dir shared with the session."""
    return {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
            "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}


@pytest.fixture
def run_kg(cli_env):
    """Invoke the CLI in-process against the test server: run_kg('hops', 'Kielce') -> Result."""
    from click.testing import CliRunner

    from kg.cli.main import cli

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), env=cli_env, input=input, catch_exceptions=False)

    return run


@pytest.fixture
def graph(seeded_db):
    from kg.api import TwinningGraph

    return TwinningGraph(database=seeded_db)


def pytest_collection_modifyitems(items):
    """Mark every test that uses a server `neo4j` (through the session's fixture, or a server of its own
    under tests/graph: a killed load, a tight memory limit), so that `pytest -m "not neo4j"` is the fast loop
    with no server."""
    for item in items:
        if "neo4j_settings" in getattr(item, "fixturenames", ()) or "graph" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.neo4j)
