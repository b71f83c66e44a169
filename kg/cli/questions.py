"""The questions: partners, members, city, hops, path, common, cousins, search, the named queries and free Cypher."""

from __future__ import annotations

import itertools
import sys
from typing import Any

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import (
    document_named,
    echo_rows,
    format_option,
    render_rows,
    stream_rows,
    to_json,
    with_document_names,
)
from kg.cli.parameters import parse_param
from kg.cli.views import active_only_option, as_of_option
from kg.errors import KGError


# -- questions ------------------------------------------------------------------------------------
@click.command()
@click.argument("city")
@click.option("--with-parts", is_flag=True, help="Add the partners of the city's districts, marked with the district.")
@active_only_option
@as_of_option
@format_option
@pass_context
def partners(obj: Context, city: str, with_parts: bool, active_only: bool, as_of: int | None, fmt: str) -> None:
    """A city's partners and friendly contacts, with years, status (suspended, ended ... since when), areas
    and sources.

    CITY is "Name", "Name, CC" or "Name, Country" (accents and case do not matter). A district's
    partners are its own: `kg partners Tokyo` lists Tokyo's, `--with-parts` adds those of its wards.

    \b
    Example:
        kg partners "Panevezys, LT" --format json
        kg partners Tokyo --with-parts
        kg partners Kielce --as-of 1995
    """
    found = obj.graph.find_city(city)
    rows: list[Any] = list(obj.graph.partners(found["key"], with_parts=with_parts, active_only=active_only,
                                              as_of=as_of))
    if fmt == "json":
        rows = [{"name": r["name"], "country": r["country"], "key": r["key"], "relation": r["relation"],
                 "since": r["since"],
                 "renewed": r["renewed"], "areas": r["areas"], "sources": r["sources"], "kind": r["kind"],
                 "claimed_by": r["claimed_by"], "status": r["status"], "status_changes": r["status_changes"],
                 "unplaced": r["unplaced"], **({"via": r["via"]} if with_parts else {})} for r in rows]
    else:
        rows = with_document_names(rows, obj.graph.document_names())
        if found["resolved"] is False:  # said apart: the rows are the partners, a pipe reads only them
            click.echo(f"{found['name']} ({found['key']}) is on no gazetteer place: "
                       f"{found['unresolved_reason'] or 'no reason recorded'}", err=True)
    columns = ["name", "country", "key", "relation", "since", "status", "renewed", "areas", "sources", "unplaced"]
    echo_rows(rows, fmt, None if fmt == "json" else (["via", *columns] if with_parts else columns))


@click.command()
@click.argument("association")
@format_option
@pass_context
def members(obj: Context, association: str, fmt: str) -> None:
    """The cities in an association (by name, acronym or key), with member or cooperating status.

    \b
    Example:
        kg members "City Twins Association"
    """
    rows: list[Any] = list(obj.graph.members(association))
    if fmt == "json":
        rows = [{"name": r["name"], "country": r["country"], "key": r["key"], "status": r["status"],
                 "note": r["note"], "sources": r["sources"]} for r in rows]
    else:
        rows = with_document_names(rows, obj.graph.document_names())
    echo_rows(rows, fmt, None if fmt == "json" else ["name", "country", "key", "status", "sources"])


@click.command()
@click.argument("city")
@format_option
@pass_context
def city(obj: Context, city: str, fmt: str) -> None:
    """Everything known about one city, each fact with its source, and recorded discrepancies.

    \b
    Example:
        kg city Valka
    """
    facts = obj.graph.city(city)
    if fmt == "json":
        click.echo(to_json(facts))
        return
    c = facts["city"]
    documents = obj.graph.document_names()
    relations = with_document_names(facts["relations"], documents)
    if fmt == "csv":
        echo_rows(relations, fmt)
        return
    country = facts["country_name"] or c.get("country")
    click.echo(f"{c['name']}{f', {country}' if country else ''} ({c['key']})")
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
                         ("coordinates", f"{c['latitude']:.4f}, {c['longitude']:.4f}"
                          if c.get("latitude") is not None else None),
                         ("resolved", c.get("resolved")),
                         ("not placed", (c.get("unresolved_reason") or "no reason recorded")
                          if c.get("resolved") is False else None),
                         ("description", c.get("description"))):
        if value not in (None, [], ""):
            click.echo(f"  {label}: {'; '.join(map(str, value)) if isinstance(value, list) else value}")
    for d in c.get("discrepancies") or []:
        click.echo(f"  DISCREPANCY: {d}")
    for conflict in facts["form_conflicts"]:
        other = conflict["other"] if conflict["city"] == c["name"] else conflict["city"]
        partner, friendly = ("; ".join(document_named(s, documents) for s in conflict[side])
                             for side in ("partner_sources", "friendly_sources"))
        click.echo(f"  SOURCES DISAGREE on the form of the link with {other}: a partnership in {partner}, a "
                   f"friendly contact in {friendly}")
    click.echo("Relationships:")
    click.echo(render_rows(relations, "table",
                           ["relation", "direction", "other", "other_country", "status", "since", "sources"]))
    click.echo("Sources:")
    for s in facts["sources"]:
        click.echo(f"  {s['key']}: {s.get('title')}" + (f" ({s['licence']})" if s.get("licence") else ""))


REL_OPTION = click.option("--rel", "rels", multiple=True, type=click.Choice(["partner", "friendly", "member"]),
                          help="Relationship kinds that count (repeatable).")


@click.command()
@click.argument("city")
@click.option("--max", "max_hops", type=click.IntRange(1, 6), default=2, show_default=True,
              help="Largest number of hops (1-6).")
@click.option("--limit", type=click.IntRange(min=0), default=5000, show_default=True,
              help="Show at most this many cities (0: all); a cut is announced on standard error.")
@REL_OPTION
@click.option("--active-only", is_flag=True, help="Leave out partnerships suspended or ended.")
@as_of_option
@format_option
@pass_context
def hops(obj: Context, city: str, max_hops: int, limit: int, rels: tuple[str, ...], active_only: bool,
         as_of: int | None, fmt: str) -> None:
    """Cities within N hops, each once with its minimum distance and one path.

    By default partnerships and friendly contacts count as hops; add `--rel member` to let a shared
    association count (city -> association -> city is two hops).

    \b
    Example:
        kg hops Kielce --max 2
        kg hops Berlin --max 6 --limit 0 --format csv > berlin.csv
        kg hops "Coventry, GB" --active-only

    With --format json the answer is an object: {"cities": [...], "total": N, "limit": L, "truncated": ...}.
    """
    found = obj.graph.hops(city, max_hops, rels or None, limit=limit, active_only=active_only, as_of=as_of)
    rows = [{k: r[k] for k in ("name", "country", "key", "hops", "via")} for r in found]
    if found.truncated:
        click.echo(f"Showing the first {len(found)} of {found.total} cities within {max_hops} hops "
                   "(sorted by hops, then name); --limit 0 shows all.", err=True)
    if fmt == "json":
        click.echo(to_json({**found.as_dict(), "cities": rows}))
    else:
        echo_rows(rows, fmt, ["name", "country", "key", "hops", "via"])


@click.command()
@click.argument("a")
@click.argument("b")
@REL_OPTION
@format_option
@pass_context
def path(obj: Context, a: str, b: str, rels, fmt: str) -> None:
    """The shortest chain of partnerships between two cities (up to 8 steps).

    \b
    Example:
        kg path Narva Bursa
    """
    rows: list[Any] = list(obj.graph.path(a, b, rels or None))
    if not rows:
        raise KGError(f"No chain of at most 8 partnerships links {a} and {b}.")
    if fmt != "json":
        rows = with_document_names(rows, obj.graph.document_names())
    echo_rows(rows, fmt, None if fmt != "table" else
              ["step", "from", "from_country", "relation", "to", "to_country", "since", "sources"])


@click.command()
@click.argument("a")
@click.argument("b")
@REL_OPTION
@format_option
@pass_context
def common(obj: Context, a: str, b: str, rels, fmt: str) -> None:
    """Cities partnered with both A and B.

    \b
    Example:
        kg common Vinnytsia Panevezys
    """
    echo_rows(obj.graph.common(a, b, rels or None), fmt)


@click.command()
@click.argument("city")
@REL_OPTION
@format_option
@pass_context
def cousins(obj: Context, city: str, rels, fmt: str) -> None:
    """Cousin cities: two partnership hops away, not partnered directly.

    \b
    Example:
        kg cousins Kielce
    """
    echo_rows(obj.graph.cousins(city, rels or None), fmt)


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=25, show_default=True)
@format_option
@pass_context
def search(obj: Context, text: str, limit: int, fmt: str) -> None:
    """Find cities by the start of their name (accents and case do not matter).

    \b
    Example:
        kg search pane
    """
    echo_rows(obj.graph.search(text, limit), fmt)


@click.command()
@format_option
@pass_context
def queries(obj: Context, fmt: str) -> None:
    """List the named queries in the library (cypher/*.cypher).

    \b
    Example:
        kg queries
    """
    echo_rows(obj.graph.queries(), fmt)


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True,
              help="key=value (repeatable): numbers, true/false, null and [a,b] lists are typed.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="At most this many rows, for a query that takes a limit (0: all) [default: the query's].")
@format_option
@pass_context
def query(obj: Context, name: str, params: tuple[str, ...], limit: int | None, fmt: str) -> None:
    """Run a named query with parameters; a query with a `limit` says on stderr when it cut rows.

    \b
    Example:
        kg query most_connected -p limit=5
        kg query single_source_pairs -p source=wikidata-p190-2016 --limit 0
    """
    values = dict(parse_param(p) for p in params)
    if limit is not None:
        values["limit"] = limit
    rows = obj.graph.query(name, **values)
    if rows.truncated:
        click.echo(f"Showing the first {len(rows):,} rows (the query's limit); --limit N shows more, --limit 0 "
                   "all.", err=True)
    echo_rows(rows if fmt == "json" else with_document_names(rows, obj.graph.document_names()), fmt)


DEFAULT_ROW_CAP = 1_000  # rows a table or a JSON document holds unless --limit says otherwise


@click.command()
@click.argument("statement")
@click.option("-p", "--param", "params", multiple=True, help="key=value (repeatable).")
@click.option("--write", is_flag=True, help="Allow writes, as one auto-commit query (so CALL { ... } IN "
                                           "TRANSACTIONS works); prints what changed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "jsonl"]), default="table",
              show_default=True, help="Output format; csv and jsonl stream every row as it comes.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Rows shown at most (0: all) [default: 1,000 for table and json; csv and jsonl stream all].")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=86_400), default=60.0, show_default=True,
              help="Seconds a read may run before the server ends it.")
@pass_context
def cypher(obj: Context, statement: str, params: tuple[str, ...], write: bool, fmt: str, limit: int | None,
           timeout: float) -> None:
    """Run free Cypher: reading clauses only (no writes, no administration commands) unless --write.

    \b
    Examples:
        kg cypher "MATCH (c:City {country: \\$cc}) RETURN c.name AS name" -p cc=EE
        kg cypher "MATCH (a:City)-[:PARTNER_OF]-(b) RETURN a.key AS a, b.key AS b" --format csv > pairs.csv
        kg cypher --write "LOAD CSV WITH HEADERS FROM 'file:///notes.csv' AS row
            CALL (row) { MATCH (c:City {key: row.key}) SET c.note = row.note } IN TRANSACTIONS"
    """
    values = dict(parse_param(p) for p in params)
    if write:
        columns, rows, counters = obj.graph.cypher(statement, values, write=True)
        if rows or fmt != "table":
            echo_rows(rows, "json" if fmt == "jsonl" else fmt, columns)
        changed = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counters.items()) or "nothing changed"
        click.echo(f"Done: {changed}.", err=fmt != "table")
        return
    columns, stream = obj.graph.cypher_rows(statement, values, timeout=timeout)
    cap = limit if limit is not None else (0 if fmt in ("csv", "jsonl") else DEFAULT_ROW_CAP)
    try:
        if fmt in ("csv", "jsonl"):
            written = stream_rows(itertools.islice(stream, cap) if cap else stream, fmt, columns,
                                  sys.stdout)
            more = bool(cap) and next(stream, None) is not None
        else:
            taken = list(itertools.islice(stream, cap + 1) if cap else stream)
            more = bool(cap) and len(taken) > cap
            written = len(taken[:cap] if cap else taken)
            echo_rows(taken[:cap] if cap else taken, fmt, columns)
    finally:
        stream.close()  # ends the read transaction even when rows were left unread
    if more:
        click.echo(f"Showing the first {written:,} rows; --limit N shows more, --limit 0 all, --format csv or "
                   "jsonl streams them.", err=True)
