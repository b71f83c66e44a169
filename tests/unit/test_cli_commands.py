"""The CLI's shape without a server: help texts, options, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import click
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
               if not command.help or "Example:" not in command.help]
    assert missing == []


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
