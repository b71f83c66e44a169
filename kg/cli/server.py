"""`kg server ...`: the local Neo4j from Maven jars, for machines without Docker."""

from __future__ import annotations

import time

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import echo_rows, format_option
from kg.settings import Settings


# -- server ---------------------------------------------------------------------------------------
@click.group()
def server() -> None:
    """A local Neo4j 5.26 without Docker (jars from Maven Central, Java 17).

    \b
    Example:
        kg server start --port 7687
    """


def _server_options(function):
    function = click.option("--port", type=click.IntRange(1, 65535), default=None,
                            help="Bolt port [default: port of NEO4J_URI, else 7687].")(function)
    function = click.option("--name", default="default", show_default=True,
                            help="Instance name: each has its own home folder.")(function)
    function = click.option("--home", type=click.Path(file_okay=False), default=None,
                            help="Home folder [default: <user cache>/twinning-kg/instances/NAME].")(function)
    return function


def _local_server(settings: Settings, name: str, port: int | None, home: str | None):
    from urllib.parse import urlsplit

    if port is None:
        port = urlsplit(settings.uri).port or 7687
    from kg.api import local_server

    return local_server(name=name, port=port, password=settings.password, home=home)


@server.command("start")
@_server_options
@click.option("--heap", default="768m", show_default=True, help="Java heap size.")
@click.option("--password", help="The initial password, set on first start [default: NEO4J_PASSWORD or "
                                 "kg --password]; give the same one to later commands.")
@pass_context
def server_start(obj: Context, name, port, home, heap, password) -> None:
    """Start the local server and wait until Bolt answers (a no-op when it already runs).

    The password is NEO4J_PASSWORD (or kg --password, or --password here), set on first start.

    \b
    Examples:
        kg server start && kg db status
        kg server start --password s3cret-pass && NEO4J_PASSWORD=s3cret-pass kg db status
    """
    srv = _local_server(obj.settings, name, port, home)
    if password:
        srv.password = password
    srv.heap = heap
    started = time.perf_counter()
    info = srv.start(echo=lambda m: click.echo(m, err=True))
    if info["already_running"]:
        click.echo(f"Neo4j {info['version']} already running: pid {info['pid']}, {info['uri']}")
    else:
        click.echo(f"Neo4j {info['version']} started in {time.perf_counter() - started:.1f} s: "
                   f"pid {info['pid']}, {info['uri']} (home {info['home']})")


@server.command("stop")
@_server_options
@pass_context
def server_stop(obj: Context, name, port, home) -> None:
    """Stop the local server cleanly.

    \b
    Example:
        kg server stop
    """
    srv = _local_server(obj.settings, name, port, home)
    click.echo("Stopped." if srv.stop() else "Not running.")


@server.command("status")
@_server_options
@format_option
@pass_context
def server_status(obj: Context, name, port, home, fmt) -> None:
    """Is the local server running? Prints pid, port, version and home.

    \b
    Example:
        kg server status --format json
    """
    info = _local_server(obj.settings, name, port, home).status()
    if fmt == "table":
        state = f"running, pid {info['pid']}" if info["running"] else "not running"
        click.echo(f"Neo4j {info['version']} (local): {state}; port {info['port']}; home {info['home']}")
    else:
        echo_rows([info], fmt)
