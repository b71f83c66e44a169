"""`kg render`: interactive network pages (pyvis), self-contained and offline."""

from __future__ import annotations

import time

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import force_option, refuse_overwrite

min_sources_option = click.option(
    "--min-sources", type=click.IntRange(1), default=1, show_default=True,
    help="Only links that at least this many sources state (see kg sources); cities left without one go too.")


active_only_option = click.option(
    "--active-only", is_flag=True,
    help="Leave out partnerships suspended or ended (a partnership with no recorded change counts as active).")


as_of_option = click.option(
    "--as-of", "as_of", type=click.IntRange(800, 2100), default=None, metavar="YEAR",
    help="The network as it stood in YEAR: partnerships signed by then (undated ones count) and not ended "
         "before it.")


def selection_options(function, default_rels: str = "partner, friendly"):
    """The selections shared by `kg render` and `kg export` (whose relationships default to `kg stats`')."""
    for option in reversed([
        click.argument("city", required=False),
        click.option("--hops", type=click.IntRange(1, 6), default=2, show_default=True,
                     help="With CITY: how many hops around it."),
        click.option("--association", help="Instead of CITY: an association's members (name, acronym or key)."),
        click.option("--country", help="Instead of CITY: a country's cities and their partners (code or name)."),
        click.option("--rel", "rels", multiple=True, type=click.Choice(["partner", "friendly", "member"]),
                     help=f"Relationship kinds to include (repeatable) [default: {default_rels}]."),
        min_sources_option,
        active_only_option,
        as_of_option,
    ]):
        function = option(function)
    return function


def check_selection(city, association, country) -> None:
    """At most one of CITY, --association and --country."""
    if sum(bool(x) for x in (city, association, country)) > 1:
        raise click.UsageError("Choose one of CITY, --association or --country (or none for the whole graph).")


@click.command()
@selection_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--max-nodes", type=click.IntRange(1, 100000), default=2000, show_default=True,
              help="Above this, keep the best-connected nodes and say what was left out.")
@click.option("--layout", type=click.Choice(["auto", "force", "geo", "spring"]), default="auto", show_default=True,
              help="auto: force layout up to 300 nodes, then fixed positions (geo when coordinates are known).")
@click.option("--colour-by", "--color-by", "colour_by", type=click.Choice(["country", "continent"]),
              default="country", show_default=True)
@click.option("--size-by", type=click.Choice(["degree", "population"]), default="degree", show_default=True)
@click.option("--title", help="Page title [default: says what is shown].")
@force_option
@pass_context
def render(obj: Context, city, hops, association, country, rels, min_sources, active_only, as_of, output, max_nodes,
           layout, colour_by, size_by, title, force) -> None:
    """Write an interactive network view: one self-contained HTML file that works offline.

    \b
    Example:
        kg render Kielce --hops 2 -o kielce.html
        kg render --association "City Twins Association" -o cta.html --layout geo
        kg render --country EE -o estonia.html --colour-by continent
        kg render --country IT --min-sources 2 -o italy-confirmed.html
        kg render --country GB --active-only -o gb-active.html
        kg render --country DE --as-of 1990 -o germany-1990.html
    """
    check_selection(city, association, country)
    refuse_overwrite(output, force)
    started = time.perf_counter()
    report = obj.graph.render(output, city=city, hops=hops, association=association, country=country,
                              rels=rels or None, max_nodes=max_nodes, layout=layout, colour_by=colour_by,
                              size_by=size_by, title=title, min_sources=min_sources, active_only=active_only,
                              as_of=as_of)
    if report.dropped_nodes:
        click.echo(f"Note: {report.dropped_nodes} nodes and {report.dropped_edges} relationships beyond "
                   f"--max-nodes {max_nodes} were left out (the least connected).", err=True)
    click.echo(f"Wrote {report.path}: {report.nodes} nodes, {report.edges} relationships, {report.layout} layout "
               f"({time.perf_counter() - started:.1f} s).")
