"""`kg stats`, `kg report`, `kg export`, `kg import`: figures and files for researchers' own tools."""

from __future__ import annotations

import sys
import tempfile
from functools import partial
from pathlib import Path

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import echo_rows, force_option, format_option, refuse_overwrite, to_json
from kg.cli.progress import PhaseTicker
from kg.cli.views import active_only_option, as_of_option, check_selection, min_sources_option, selection_options

MEASURE_SECTIONS = ("paths", "degree_distribution", "communities", "proximity", "population_assortativity")


@click.command()
@click.option("--friendly", is_flag=True, help="Count friendly contacts as edges too.")
@click.option("--betweenness-sample", type=click.IntRange(min=1), default=None, metavar="SOURCES",
              help="Estimate betweenness from this many random sources, each value with its standard error "
                   "[default: exact].")
@click.option("--path-sample", type=click.IntRange(min=2), default=None, metavar="SOURCES",
              help="Estimate path lengths from this many random sources, the mean with its standard error "
                   "[default: exact, every pair].")
@min_sources_option
@active_only_option
@as_of_option
@format_option
@pass_context
def stats(obj: Context, friendly: bool, betweenness_sample: int | None, path_sample: int | None, min_sources: int,
          active_only: bool, as_of: int | None, fmt: str) -> None:
    """Network statistics: size, components, clustering, assortativity, geography, decades; the diameter
    and path lengths, betweenness, the degree distribution's power-law fit, Leiden communities, proximity
    against random pairs and assortativity by population. Every measure is exact unless a sample is asked for.

    \b
    Examples:
        kg stats --format json
        kg stats --min-sources 2
        kg stats --active-only
        kg stats --as-of 1995
        kg stats --betweenness-sample 500 --path-sample 500    # estimates, with their errors
    """
    with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
        figures = obj.graph.stats(friendly=friendly, betweenness_sample=betweenness_sample, min_sources=min_sources,
                                  active_only=active_only, as_of=as_of, path_sample=path_sample,
                                  on_phase=ticker.phase)
    if fmt == "json":
        click.echo(to_json(figures))
        return
    scalar = [{"figure": k, "value": v} for k, v in figures.items() if not isinstance(v, (list, dict))]
    scalar += [{"figure": f"places_{kind}", "value": n} for kind, n in figures["places_by_kind"].items()]
    echo_rows(scalar + (measure_rows(figures) if fmt == "csv" else []), fmt)
    if fmt == "table":
        click.echo("\nTop cities by degree:")
        echo_rows(figures["top_degree"], fmt, ["name", "country", "degree"])
        sampled = figures.get("betweenness_sample")
        click.echo(f"\nTop cities by betweenness (estimated from {sampled} sampled sources, ± standard error):"
                   if sampled else "\nTop cities by betweenness (exact):")
        echo_rows(figures["top_betweenness"], fmt, ["name", "country", "key", "betweenness"]
                  + (["standard_error"] if sampled else []))
        click.echo(f"\nPartnerships between continents ({figures['continent_pairs_unknown']} with an end of "
                   "unknown continent left out):")
        echo_rows([{"continent": x, **row} for x, row in figures["continent_matrix"].items()], fmt)
        click.echo("\nPartnerships signed per decade:")
        echo_rows([{"decade": k, "partnerships": v} for k, v in figures["per_decade"].items()], fmt)
        click.echo("\nMeasures (see docs/statistics.md for how each is computed):")
        echo_rows(measure_rows(figures), fmt)


def measure_rows(figures: dict) -> list[dict]:
    """The scalar figures of the measures, one row each ('paths.diameter', 'communities.modularity', ...)."""
    rows = []
    for section in MEASURE_SECTIONS:
        for key, value in (figures.get(section) or {}).items():
            if isinstance(value, dict) and key in ("power_law", "rich_club"):
                rows += [{"figure": f"{section}.{key}.{k}", "value": v} for k, v in value.items()]
            elif not isinstance(value, (list, dict)):
                rows.append({"figure": f"{section}.{key}", "value": value})
    return rows


@click.command()
@format_option
@pass_context
def sources(obj: Context, fmt: str) -> None:
    """Where the sources agree: for each source the partnerships it states, the share another source
    confirms and the share both sides claim; the partnerships stated by 1, 2, 3 ... sources.

    \b
    Examples:
        kg sources
        kg query single_source_pairs -p source=wikidata-p190-2016
        kg query pairs_by_source_count -p min_sources=3
    """
    figures = obj.graph.sources()
    if fmt == "json":
        click.echo(to_json(figures))
        return
    rows = [{"source": s["source"], "pairs": s["pairs"], "confirmed": s["confirmed"],
             "confirmed_%": round(100 * s["confirmed_share"], 1), "both_sides": s["both_sides"],
             "both_sides_%": round(100 * s["both_sides_share"], 1)} for s in figures["sources"]]
    echo_rows(rows, fmt)
    if fmt == "table":
        click.echo(f"\nPartnerships by number of sources ({figures['pairs']} in all):")
        echo_rows([{"sources": n, "partnerships": count} for n, count in figures["by_source_count"].items()], fmt)
        click.echo("\nWhere each comes from (`kg cite` writes the references):")
        echo_rows([{k: s[k] for k in ("source", "url", "revision", "retrieved", "licence")}
                   for s in figures["sources"]], fmt)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["bibtex", "csl"]), default="bibtex", show_default=True,
              help="BibTeX, or CSL JSON (Zotero, Pandoc, citation.js).")
@click.option("--min-sources", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only what the relationships that many sources state rest on.")
@click.option("--country", help="Only what the relationships of this country's cities rest on (code or name).")
@pass_context
def cite(obj: Context, fmt: str, min_sources: int, country: str | None) -> None:
    """The references for what the graph (or a selection) rests on: this software and every source its
    relationships cite, with URL, version (upstream revision or content hash), retrieval date and licence.

    \b
    Examples:
        kg cite > references.bib
        kg cite --format csl --country PL > poland.json
        kg cite --min-sources 2
    """
    from kg.api import bibtex, csl_json

    references = obj.graph.cite(min_sources, country)
    click.echo(bibtex(references) if fmt == "bibtex" else csl_json(references), nl=False)


@click.command()
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False), help="Folder to write.")
@click.option("--friendly", is_flag=True, help="Count friendly contacts as edges too.")
@click.option("--country", help="Add a map of this country's partnerships (code or name).")
@force_option
@pass_context
def report(obj: Context, folder: str, friendly: bool, country: str | None, force: bool) -> None:
    """Write the figures as report.md with PNG plots (degree distribution and its fit, distances, decades,
    country pairs, path lengths, communities) and world maps of the partnerships (PNG and PDF).

    \b
    Example:
        kg report -o report/
        kg report -o report-pl/ --country PL
        kg report -o report/ --force        # write over an earlier report
    """
    refuse_overwrite(str(Path(folder) / "report.md"), force)
    with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
        path = obj.graph.report(folder, friendly=friendly, country=country, on_phase=ticker.phase)
    click.echo(f"Wrote {path} and its plots.")


@click.command("export")
@click.argument("fmt", type=click.Choice(["graphml", "gexf", "csv", "nodes", "parquet", "json"]))
@partial(selection_options, default_rels="partner, as kg stats counts")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The file to write; - writes to standard output.")
@force_option
@pass_context
def export(obj: Context, fmt, city, hops, association, country, rels, min_sources, active_only, as_of,
           output, force) -> None:
    """Export the graph (or a selection, as for `kg render`) for Gephi, networkx, spreadsheets; `csv` is one
    row per relationship, `nodes` one row per city (key, name, country as alpha-2, alpha-3 and name, continent,
    point, population, kind, degree, in_selection, resolved, resolution, GeoNames and Wikidata ids) with a
    Frictionless `<name>.datapackage.json` beside it, `parquet` the same table with typed columns; `json` is a
    lossless dump of the whole graph
    that `kg import json` restores. Partnerships only unless --rel says otherwise, so the exported graph is
    the one `kg stats` measures (`--rel partner --rel friendly` as `kg stats --friendly`).

    \b
    Example:
    \b
        kg export gexf --country EE -o estonia.gexf
        kg export json -o twinning.jsonl
        kg export csv Kielce -o - | head
        kg export nodes --country PL -o poland-cities.csv
        kg export parquet --country PL -o poland-cities.parquet
        kg export graphml --min-sources 2 -o confirmed.graphml
    """
    to_stdout = output == "-"
    refuse_overwrite(output, force)
    if fmt == "json":
        if city or association or country or min_sources > 1 or active_only or as_of:
            raise click.UsageError("json exports the whole graph (a lossless dump); drop the selection.")
        with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
            ticker.phase("Writing the whole graph as JSON lines")
            counts = obj.graph.export_json(sys.stdout if to_stdout else output)
        target = "standard output" if to_stdout else output
        click.echo(f"Wrote {target}: {counts['nodes']} nodes, {counts['relationships']} relationships.", err=to_stdout)
        return
    check_selection(city, association, country)
    rels = rels or ("partner",)
    with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
        ticker.phase("Reading the selection")
        graph = obj.graph.view_graph(city, hops, association, country, rels, min_sources, active_only, as_of)
        ticker.phase(f"Writing {graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} relationships "
                     f"as {fmt}")
        if to_stdout:
            with tempfile.TemporaryDirectory() as folder:
                written = obj.graph.export_view(graph, fmt, Path(folder) / f"export.{fmt}")
                sys.stdout.buffer.write(written.read_bytes())
        else:
            obj.graph.export_view(graph, fmt, output)
    target = "standard output" if to_stdout else output
    kinds = "members and their relationships" if association else " and ".join(RELATION_NAMES[r] for r in rels)
    click.echo(f"Wrote {target}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships "
               f"({kinds}).", err=to_stdout)


RELATION_NAMES = {"partner": "partnerships", "friendly": "friendly contacts", "member": "memberships"}


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@format_option
def diff(old: str, new: str, fmt: str) -> None:
    """What changed between two releases of the graph (two `kg export json` dumps): partnerships and
    friendly contacts added or removed, changes of status, cities renamed, Wikidata items placed on another
    node. Both files are read as they stream, side by side.

    \b
    Examples:
        kg export json -o before.jsonl && kg load world && kg export json -o after.jsonl
        kg diff before.jsonl after.jsonl --format csv > changes.csv
    """
    from collections import Counter

    from kg.api import release_changes

    rows = list(release_changes(old, new))
    echo_rows(rows, fmt, ["change", "what", "key", "other", "old", "new"])
    counts = Counter(row["change"] for row in rows)
    click.echo(f"{len(rows):,} changes: " + (", ".join(f"{n:,} {c}" for c, n in sorted(counts.items())) or "none"),
               err=True)


@click.command("import")
@click.argument("fmt", type=click.Choice(["json"]))
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def import_(obj: Context, fmt, file) -> None:
    """Restore a `kg export json` dump (validated whole before anything is written).

    \b
    Example:
        kg db clear --yes && kg import json twinning.json
    """
    try:
        with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
            ticker.phase(f"Checking {file} whole, then writing it")
            counts = obj.graph.import_json(file)
    except KeyboardInterrupt:
        raise click.ClickException("Interrupted: the graph may hold part of the dump (each batch is whole). Run "
                                   "the same import again to complete it; what is there is not written "
                                   "twice.") from None
    held = counts["nodes"] - counts["nodes_created"] + counts["relationships"] - counts["relationships_created"]
    click.echo(f"Imported {file}: {counts['nodes']:,} nodes and {counts['relationships']:,} relationships; the "
               f"graph gained {counts['nodes_created']:,} nodes and {counts['relationships_created']:,} "
               f"relationships" + (" (the others it held already)." if held else "."))


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, exists=True))
@click.option("--home-city", help='The city whose partner list this is, "Name, CC", when the text does not name it.')
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The draft YAML to write.")
@force_option
def extract(document: str, home_city: str | None, output: str, force: bool) -> None:
    """Read a municipal partner page into a draft in the curated YAML format, for review before loading.

    \b
    Example:
        kg extract partners.txt --home-city "Ostrava, CZ" -o draft.yaml && kg load yaml draft.yaml
    """
    from pathlib import Path

    from kg.api import extract_partner_page

    refuse_overwrite(output, force)
    draft = extract_partner_page(document, home_city)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(draft.as_yaml(), encoding="utf-8")
    click.echo(f"Wrote {output}: {len(draft.partnerships)} partnerships, {len(draft.friendly_contacts)} friendly "
               f"contacts, {len(draft.memberships)} memberships, {len(draft.cities)} cities; "
               f"{len(draft.unread)} lines listed as unread.")
    if "home_city" in draft.source:
        click.echo("The partner list's own city is not named in the text: set source.home_city in the draft, "
                   "or run again with --home-city; `kg load yaml` refuses the draft until then.", err=True)
