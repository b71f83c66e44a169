"""`kg stats`, `kg report`, `kg export`, `kg import`: figures and files for researchers' own tools."""

from __future__ import annotations

import json

import click

from kg.cli_views import check_selection, selection_options
from kg.output import echo_rows, format_option


@click.command()
@click.option("--friendly", is_flag=True, help="Count friendly contacts as edges too.")
@click.option("--betweenness-sample", type=int, default=None,
              help="Sources sampled for betweenness [default: exact up to 2,000 nodes, else 64].")
@format_option
@click.pass_obj
def stats(obj, friendly: bool, betweenness_sample: int | None, fmt: str) -> None:
    """Network statistics: size, components, clustering, assortativity, geography, decades.

    Example:

        kg stats --format json
    """
    from kg.analytics import network_stats

    figures = network_stats(obj.db, include_friendly=friendly, betweenness_sample=betweenness_sample)
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    scalar = [{"figure": k, "value": v} for k, v in figures.items() if not isinstance(v, (list, dict))]
    scalar += [{"figure": f"distance_km_{k}", "value": v} for k, v in figures["distance_km"].items()]
    echo_rows(scalar, fmt)
    if fmt == "table":
        click.echo("\nTop cities by degree:")
        echo_rows(figures["top_degree"], fmt, ["name", "country", "degree"])
        click.echo("\nTop cities by betweenness:")
        echo_rows(figures["top_betweenness"], fmt, ["name", "country", "betweenness"])
        click.echo("\nPartnerships signed per decade:")
        echo_rows([{"decade": k, "partnerships": v} for k, v in figures["per_decade"].items()], fmt)


@click.command()
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False), help="Folder to write.")
@click.option("--friendly", is_flag=True, help="Count friendly contacts as edges too.")
@click.pass_obj
def report(obj, folder: str, friendly: bool) -> None:
    """Write the figures as report.md with PNG plots (degree distribution, distances, decades, country pairs).

    Example:

        kg report -o report/
    """
    from kg.analytics import network_stats
    from kg.report import write_report

    figures = network_stats(obj.db, include_friendly=friendly)
    path = write_report(obj.db, figures, folder, include_friendly=friendly)
    click.echo(f"Wrote {path} and its plots.")


@click.command("export")
@click.argument("fmt", type=click.Choice(["graphml", "gexf", "csv", "json"]))
@selection_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.pass_obj
def export(obj, fmt, city, hops, association, country, rels, output) -> None:
    """Export the graph (or a selection, as for `kg render`) for Gephi, networkx, spreadsheets; `json` is a
    lossless dump of the whole graph that `kg import json` restores.

    Example:

        kg export gexf --country EE -o estonia.gexf
        kg export json -o twinning.json
    """
    from kg.exchange import dump_json, export_json, write_view

    if fmt == "json":
        if city or association or country:
            raise click.UsageError("json exports the whole graph (a lossless dump); drop the selection.")
        data = export_json(obj.db)
        dump_json(data, output)
        click.echo(f"Wrote {output}: {len(data['nodes'])} nodes, {len(data['relationships'])} relationships.")
        return
    check_selection(city, association, country)
    graph = obj.graph.view_graph(city, hops, association, country, rels or None)
    write_view(graph, fmt, output)
    click.echo(f"Wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships.")


@click.command("import")
@click.argument("fmt", type=click.Choice(["json"]))
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_obj
def import_(obj, fmt, file) -> None:
    """Restore a `kg export json` dump (validated whole before anything is written).

    Example:

        kg db clear --yes && kg import json twinning.json
    """
    from kg.exchange import import_json

    counts = import_json(obj.db, file)
    click.echo(f"Imported {counts['nodes']} nodes and {counts['relationships']} relationships from {file}.")
