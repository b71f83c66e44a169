"""`kg db ...`: the schema, the server's status and counts, and emptying the graph."""

from __future__ import annotations

import sys

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import echo_rows, format_option, to_json
from kg.cli.progress import ProgressBars


# -- db -------------------------------------------------------------------------------------------
@click.group()
def db() -> None:
    """The database: schema, status, clear.

    \b
    Example:
        kg db init && kg db status
    """


@db.command("init")
@pass_context
def db_init(obj: Context) -> None:
    """Install the schema's uniqueness constraints and indexes (idempotent).

    \b
    Example:
        kg db init
    """
    rows = obj.graph.init_schema()
    click.echo(f"Schema installed: {len(rows)} constraints on {obj.settings.safe_uri}.")


@db.command("status")
@format_option
@pass_context
def db_status(obj: Context, fmt) -> None:
    """Server address and version, and counts by label and relationship type.

    \b
    Example:
        kg db status --format json
    """
    status = obj.graph.status()
    if fmt == "json":
        click.echo(to_json(status))
        return
    rows = [{"kind": "label", "name": k, "count": v} for k, v in status["labels"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in status["relationships"].items()]
    if fmt == "table":
        click.echo(f"{status['version']} at {status['uri']}, database {status['database']}")
    echo_rows(rows, fmt, ["kind", "name", "count"])


@db.command("clear")
@click.option("--yes", is_flag=True, help="Really delete every node and relationship.")
@pass_context
def db_clear(obj: Context, yes: bool) -> None:
    """Empty the graph (refuses without --yes). The schema stays.

    Relationships go first, then nodes, 10,000 per transaction: bounded memory on any graph, with a
    progress bar on a terminal. Interrupted, it can simply be run again.

    \b
    Example:
        kg db clear --yes
    """
    if not yes:
        raise click.ClickException("This deletes every node and relationship; run again with --yes.")
    bars = ProgressBars(enabled=sys.stderr.isatty())
    try:
        deleted = obj.graph.clear(on_phase=bars.phase, progress=bars.advance)
    finally:
        bars.finish()
    click.echo(f"Deleted {deleted} nodes from {obj.settings.safe_uri}.")
