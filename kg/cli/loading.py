"""`kg load ...`: every load validates first, then resolves and writes, and ends with a summary."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import refuse_overwrite, to_json
from kg.cli.progress import ProgressBars
from kg.errors import KGError, LoadInterrupted
from kg.records import Dataset
from kg.settings import reports_root
from kg.vocabulary import PAIR_RELATIONS, PARTNER_OF

if TYPE_CHECKING:
    from kg.api import WriteReport

WORLD_SOURCE_NAMES = ("en-wikipedia", "it-wikipedia", "wikidata")  # kg.loaders.world.WORLD_SOURCES, in its order


def _day(ctx, param, value):
    """A retrieval day as YYYY-MM-DD text (the loader refuses one after today)."""
    return None if value is None else value.date().isoformat()


retrieved_option = click.option(
    "--retrieved", type=click.DateTime(formats=["%Y-%m-%d"]), callback=_day, metavar="YYYY-MM-DD",
    help="The day the data was taken, stored on its Source for citations [default: the time `kg fetch "
         "wikidata` recorded in a file it fetched, else the file's modification day].")


def load_options(function):
    """The options every `kg load` command shares: where its side files go, and how it reports."""
    options = [
        click.option("--report-dir", type=click.Path(file_okay=False), default=None,
                     help="Folder for NAME.unresolved.csv and NAME.rejected.csv (checked writable before "
                          "anything is loaded) [default: $KG_REPORT_DIR, else reports/ in the user data "
                          "folder; the summary names it]."),
        click.option("--unresolved-file", type=click.Path(dir_okay=False),
                     help="Write the names the gazetteer could not place here instead [default: "
                          "<report dir>/<input name>.unresolved.csv, when there are any]."),
        click.option("--force", is_flag=True, expose_value=False, help="Overwrite the --unresolved-file if it exists.",
                     callback=lambda ctx, _param, value: ctx.meta.__setitem__("force", value)),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print the summary as JSON on standard output (messages go to standard error)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def side_file_paths(report_dir: str | None, stem: str, unresolved_file: str | None,
                    inputs: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """Where the unresolved names and rejected rows will go, checked writable before the load starts: a
    load that wrote the graph must never fail afterwards on its review files, nor overwrite its input."""
    folder = Path(report_dir) if report_dir else reports_root()
    unresolved = Path(unresolved_file) if unresolved_file else folder / f"{stem}.unresolved.csv"
    rejected = folder / f"{stem}.rejected.csv"
    for review in (unresolved, rejected):
        if any(review.resolve() == Path(source).resolve() for source in inputs):
            raise KGError(f"{review} is the file being loaded: the review file would overwrite it; nothing was "
                          "loaded. Choose another --unresolved-file or --report-dir.")
    for target in dict.fromkeys((folder, unresolved.parent)):
        try:
            target.mkdir(parents=True, exist_ok=True)
            tempfile.TemporaryFile(dir=target).close()  # the real test: root passes os.access everywhere
        except OSError as exc:
            raise KGError(f"Cannot write the load's review files to {target}/ ({exc.strerror or exc}); nothing "
                          "was loaded. Choose a writable folder with --report-dir.") from None
    return unresolved, rejected


def run_load(obj: Context, parse: Callable[[], Dataset], *, label: str, stem: str, quiet: bool,
             resolve: bool = True, unresolved_file: str | None = None, as_json: bool = False,
             report_dir: str | None = None, inputs: tuple[str, ...] = ()) -> WriteReport:
    """Validate (nothing written on error), then resolve and write with a progress bar; print the summary.

    Names left unresolved go to `<report dir>/<stem>.unresolved.csv` and rows set aside to
    `<report dir>/<stem>.rejected.csv`, each only when there are any (the pipeline writes them).
    """
    unresolved_path, rejected_path = side_file_paths(report_dir, stem, unresolved_file, inputs)
    refuse_overwrite(unresolved_file, click.get_current_context().meta.get("force", False))
    bars = ProgressBars(enabled=not quiet and sys.stderr.isatty())
    try:
        report = obj.graph.load(parse, resolve=resolve, progress=bars.advance, on_phase=bars.phase,
                                unresolved_file=unresolved_path, rejected_file=rejected_path)
    except KeyboardInterrupt:  # before the load began: nothing written
        raise LoadInterrupted(writing=False) from None
    finally:
        bars.finish()
    for warning in report.warnings:
        click.echo(f"Warning: {warning} (the graph holds the whole load).", err=True)
    if as_json:
        click.echo(to_json(report.as_dict()))
    elif not quiet:
        echo_summary(label, report)
    return report


def echo_summary(label: str, report: WriteReport) -> None:
    """The load summary in sentences: what was read, written, set aside, and where the files are."""
    summary = report.as_dict()
    s = summary["seconds"]
    click.echo(f"Loaded {label}: {summary['rows_read']:,} rows read, {summary['pairs_loaded']:,} pairs, "
               f"{summary['cities']:,} cities ({summary['cities_created']:,} new, {summary['cities_merged']:,} "
               f"merged), {summary['unresolved']:,} unresolved names, {summary['relationships_created']:,} new "
               f"relationships in all (partnerships and contacts, cities' countries and the rest); "
               f"{s['total']:.1f} s (parse {s['parse']:.1f}, resolve {s['resolve']:.1f}, write {s['write']:.1f}).")
    if summary["statements"]:
        click.echo(f"Statements: {summary['new_pair_relationships']:,} new partnerships or contacts + "
                   f"{summary['statements_on_existing_relationships']:,} cited on an existing one (of them "
                   f"{summary['repeated_statements']:,} repeats within this input) + {summary['invalid_rows']:,} "
                   f"invalid + {summary['same_place_rows']:,} whose two ends are one place.")
    if summary["status_changes"]:
        click.echo(f"Status changes: {summary['status_changes']} recorded on their partnerships.")
    if summary["homonyms_unsettled"]:
        click.echo(f"Homonyms: {summary['homonyms_unsettled']} statements named a place of the same name as "
                   "Wikidata's partner; they stand on the name left unresolved, with both reasons.")
    if summary["nodes_merged"]:
        click.echo(f"Merged: {summary['nodes_merged']:,} Wikidata items an earlier load left on nodes of their own "
                   "are now on the place this load found, with every citation they held.")
    if summary["cities_by_kind"]:
        click.echo("Places by kind: " + ", ".join(f"{kind} {n:,}" for kind, n in summary["cities_by_kind"].items())
                   + ".")
    if summary["resolved_by"]:
        click.echo("Resolved by " + ", ".join(f"{method} {n:,}" for method, n in summary["resolved_by"].items())
                   + " (see docs/entity-resolution.md).")
    if report.unresolved_file:
        click.echo(f"Unresolved names written to {report.unresolved_file}.")
    if report.rejected_file:
        parts = [f"{report.invalid} invalid rows"] if report.invalid else []
        parts += [f"{len(report.same_place)} rows whose two ends are one place"] if report.same_place else []
        click.echo(f"{' and '.join(parts)} set aside; reasons written to {report.rejected_file}.")


@click.group()
def load() -> None:
    """Load data into the graph (validated first; re-running changes nothing).

    \b
    Example:
        kg load seeds
    """


@load.command("seeds")
@load_options
@pass_context
def load_seeds(obj: Context, **report) -> None:
    """Load the curated seed knowledge base (the five source documents, with provenance).

    \b
    Example:
        kg db clear --yes && kg load seeds
    """
    from kg.api import seed_documents

    run_load(obj, seed_documents(), label="seed knowledge base", stem="seeds", **report)


@load.command("yaml")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--skip-invalid", is_flag=True,
              help="Load the valid entries; write the rejected ones to NAME.rejected.csv in the report folder.")
@load_options
@pass_context
def load_yaml_command(obj: Context, file: str, skip_invalid: bool, **report) -> None:
    """Load one curated YAML file (format in docs/loading.md).

    \b
    Example:
        kg load yaml my-city.yaml
    """
    from kg.api import yaml_file

    run_load(obj, yaml_file(file, skip_invalid), label=file, stem=Path(file).name, inputs=(file,), **report)


@load.command("world")
@click.option("--source", "sources", multiple=True, type=click.Choice(WORLD_SOURCE_NAMES),
              help="Load only this source (repeatable) [default: all three, in the order listed].")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Load only the first N statements of each source (a quick look).")
@load_options
@pass_context
def load_world_command(obj: Context, sources, limit, report_dir, unresolved_file, quiet, as_json) -> None:
    """Load the world's twinning network shipped with the project, from three sources, each cited on every
    partnership it states: English Wikipedia's lists (en-wikipedia, 26,114 pairs, CC BY-SA 4.0), Italian
    Wikipedia's twinnings of Italian municipalities (it-wikipedia, 4,582, CC BY-SA) and Wikidata's P190
    statements of 2016 (wikidata, 34,182, CC0). Names are resolved against GeoNames; Wikidata items, which
    carry a label only, by their partners in the other shipped sources, loaded or not: any order of `--source`
    loads gives the same graph.

    \b
    Examples:
        kg load world --report-dir review/
        kg load world --source it-wikipedia --source wikidata
    """
    from kg.api import world_sources

    chosen = world_sources(sources, limit)
    reports = {}
    for name, label, parse in chosen:
        own_file = unresolved_file
        if unresolved_file and len(chosen) > 1:
            path = Path(unresolved_file)
            own_file = str(path.with_name(f"{path.stem}-{name}{path.suffix}"))
        try:
            reports[name] = run_load(obj, parse, label=label, stem=f"world-{name}", quiet=quiet or as_json,
                                     report_dir=report_dir, unresolved_file=own_file)
        except LoadInterrupted as stopped:  # the sources loaded before this one stay in the graph: say so
            raise LoadInterrupted(stopped.writing, [dict((n, lbl) for n, lbl, _ in chosen)[done]
                                                    for done in reports]) from None
    if as_json:
        click.echo(to_json({"sources": {name: r.as_dict() for name, r in reports.items()},
                            "total": total_of(reports.values())}))
    elif not quiet and len(reports) > 1:
        total = total_of(reports.values())
        click.echo(f"World, {len(reports)} sources: {total['statements']:,} statements, "
                   f"{total['pairs_loaded']:,} pairs within the sources, "
                   f"{total['new_pair_relationships']:,} new relationships; "
                   f"{total['seconds']:.1f} s. See where they agree: kg sources")


def total_of(reports) -> dict:
    """The sums over several loads' summaries."""
    summaries = [r.as_dict() for r in reports]
    keys = ("rows_read", "statements", "pairs_loaded", "new_pair_relationships", "cities_created", "unresolved")
    total = {k: sum(s[k] for s in summaries) for k in keys}
    total["seconds"] = round(sum(s["seconds"].get("total", 0.0) for s in summaries), 3)
    return total


@load.command("csv")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--city1", default="city1", show_default=True, help="Column of the first city.")
@click.option("--country1", default="country1", show_default=True, help="Column of the first city's country.")
@click.option("--city2", default="city2", show_default=True, help="Column of the second city.")
@click.option("--country2", default="country2", show_default=True, help="Column of the second city's country.")
@click.option("--lat1", help="Latitude column of the first city.")
@click.option("--lon1", help="Longitude column of the first city.")
@click.option("--lat2", help="Latitude column of the second city.")
@click.option("--lon2", help="Longitude column of the second city.")
@click.option("--since", "since_col", help="Column with the year (or date) signed.")
@click.option("--delimiter", help="Field delimiter [default: sniffed from the header: , ; tab |].")
@click.option("--relation", type=click.Choice(PAIR_RELATIONS), default=PARTNER_OF,
              show_default=True, help="Relationship type of every row.")
@click.option("--no-resolve", is_flag=True, help="Keep names as given (countries still normalised).")
@click.option("--skip-invalid", is_flag=True,
              help="Load the valid rows; write the rejected ones to NAME.rejected.csv in the report folder.")
@click.option("--source-key", help="The Source's identity, e.g. survey-a-2019; citations then read "
                                   "<key>:<line> [default: the file name and a hash of its content].")
@click.option("--source-title", help="Title of the source, for citations [default: the file name].")
@click.option("--licence", help="Licence of the data, stored on its Source node.")
@retrieved_option
@load_options
@pass_context
def load_csv_command(obj: Context, file, city1, country1, city2, country2, lat1, lon1, lat2, lon2, since_col,
                     delimiter, relation, no_resolve, skip_invalid, source_key, source_title, licence, retrieved,
                     **report) -> None:
    """Load an edge list: one partnership per row (validated whole before anything is written).

    \b
    Example:
        kg load csv pairs.csv --city1 from --country1 from_cc --city2 to --country2 to_cc --delimiter ';'
    """
    from kg.api import csv_file

    if delimiter == "\\t" or delimiter == "tab":
        delimiter = "\t"
    columns = {"city1": city1, "country1": country1, "city2": city2, "country2": country2, "lat1": lat1,
               "lon1": lon1, "lat2": lat2, "lon2": lon2, "since": since_col}
    parse = csv_file(file, columns, delimiter=delimiter, relation=relation, skip_invalid=skip_invalid,
                     source_key=source_key, cite_as=source_key, source_title=source_title, licence=licence,
                     retrieved=retrieved)
    run_load(obj, parse, label=file, stem=Path(file).name,
             resolve=not no_resolve, inputs=(file,), **report)


@load.command("wikidata")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--names", type=click.Path(dir_okay=False), help="QID<TAB>label file, for bare QID pairs.")
@retrieved_option
@load_options
@pass_context
def load_wikidata_command(obj: Context, file, names, retrieved, **report) -> None:
    """Load Wikidata P190 statements: SPARQL results (JSON/CSV/TSV) of the query in docs/loading.md, or bare
    `QID<TAB>QID` pairs with --names. Each statement is its subject's own claim.

    \b
    Example:
        kg fetch wikidata -o p190.json && kg load wikidata p190.json
    """
    from kg.api import wikidata_file

    run_load(obj, wikidata_file(file, names, retrieved), label=file, stem=Path(file).name,
             inputs=tuple(filter(None, (file, names))), **report)
