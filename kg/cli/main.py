"""The `kg` command line: the group and its errors; each family of commands has its module here, every
command a thin wrapper that calls one `TwinningGraph` method and prints what it returns."""

from __future__ import annotations

import sys

import click

from kg.cli.context import Context, show_driver_log, show_library_warnings
from kg.errors import KGError, LoadInterrupted
from kg.settings import Settings

# the library names an argument by its parameter; the CLI says it as the option that sets it
OPTIONS = {"write": "--write", "password": "--password", "port": "--port", "home_city": "--home-city",
           "relation": "--relation", "delimiter": "--delimiter",
           "columns": "--city1/--country1/--city2/--country2"}
EXIT_CODES = {LoadInterrupted: 130}  # Ctrl-C, as a shell reports it; every other error of the project: 1


def error_line(exc: KGError) -> str:
    """The error as the CLI says it: its parameter as the option."""
    return exc.spoken(OPTIONS.get(exc.parameter, f"--{exc.parameter.replace('_', '-')}")) if exc.parameter \
        else str(exc)


class KGGroup(click.Group):
    """Turns the project's errors into one line and exit code 1: never a traceback for a user."""

    def invoke(self, ctx: click.Context):
        """Run the command; the project's errors become one line and an exit code."""
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"Error: {error_line(exc)}", err=True)
            sys.exit(next((code for kind, code in EXIT_CODES.items() if isinstance(exc, kind)), 1))
        except BrokenPipeError:  # `kg ... | head`: the reader has what it wanted; end quietly, as SIGPIPE would
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the closed pipe
            sys.exit(141)
        except OSError as exc:  # an output file or folder: read-only, missing, a full disk
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}.", err=True)
            sys.exit(1)
        except Exception as exc:
            said = driver_error(exc)
            if said is None:
                raise
            raise click.ClickException(said) from None


def driver_error(exc: Exception) -> str | None:
    """The driver's error as one line, None for any other. The driver is looked up only once a command has
    loaded it (`kg --help` never does: it starts in a fraction of a second)."""
    errors = sys.modules.get("neo4j.exceptions")
    if errors is None:
        return None
    if isinstance(exc, errors.Neo4jError):
        return f"Neo4j said: {exc.message or exc}"
    if isinstance(exc, errors.DriverError):
        return f"Neo4j driver error: {type(exc).__name__}: {exc}"
    return None


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`kg --version`: the software's version and the shipped data's release (a content hash)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from kg.release import data_release

    click.echo(f"kg, version {version('twinning-kg')}; data release {data_release()}")
    ctx.exit()


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", help="Bolt URI [env NEO4J_URI; default bolt://127.0.0.1:7687].")
@click.option("--username", help="User [env NEO4J_USERNAME; default neo4j].")
@click.option("--password", help="Password [env NEO4J_PASSWORD].")
@click.option("--database", help="Database [env NEO4J_DATABASE; default neo4j].")
@click.option("--timeout", type=float, help="Seconds to wait for the server [env KG_TIMEOUT; default 10].")
@click.option("--verbose", "-v", is_flag=True, help="Show the Neo4j driver's own log (retries, routing) on stderr.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda *a: show_version(*a),
              help="Show the version and the data release it ships, and exit.")
@click.pass_context
def cli(ctx: click.Context, uri, username, password, database, timeout, verbose) -> None:
    """A knowledge graph of town twinning in Neo4j: load, ask, view, export.

    \b
    Example:
        kg server start && kg load seeds && kg hops Kielce --max 2
    """
    show_library_warnings()
    show_driver_log(verbose)
    ctx.obj = Context(Settings.from_env(uri=uri, username=username, password=password, database=database,
                                        timeout=timeout))
    ctx.call_on_close(ctx.obj.close)


from kg.cli.analysis import cite, diff, export, extract, import_, report, sources, stats  # noqa: E402
from kg.cli.database import db  # noqa: E402
from kg.cli.fetch import fetch  # noqa: E402
from kg.cli.loading import load  # noqa: E402
from kg.cli.questions import city, common, cousins, cypher, hops, members, partners, path, queries, query, search  # noqa: E402
from kg.cli.serve import serve  # noqa: E402
from kg.cli.server import server  # noqa: E402
from kg.cli.suggest import evaluate, suggest  # noqa: E402
from kg.cli.views import render  # noqa: E402

for _command in (server, db, partners, members, city, hops, path, common, cousins, search, queries, query, cypher,
                 fetch, load, render, stats, sources, cite, report, export, import_, diff, extract, suggest,
                 evaluate, serve):
    cli.add_command(_command)
