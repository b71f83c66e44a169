"""`kg load ...`: every load validates first, then resolves and writes, and ends with a summary."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.records import Dataset
from kg.writer import WriteReport


def _quiet_option(function):
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")(function)


def _unresolved_option(function):
    return click.option("--unresolved-file", type=click.Path(dir_okay=False),
                        help="Write names the gazetteer could not place here [default: <name>.unresolved.csv "
                             "beside the input, when there are any].")(function)


def run_load(ctx: click.Context, parse: Callable[[], Dataset], *, label: str, quiet: bool, resolve: bool = True,
             unresolved_file: str | None = None, default_unresolved: Path | None = None,
             as_json: bool = False) -> WriteReport:
    """Validate (nothing written on error), then resolve and write with a progress bar; print the summary."""
    from kg.load import load_dataset

    obj = ctx.obj  # the kg.cli.Context
    show_bar = not quiet and sys.stderr.isatty()
    bar = click.progressbar(length=0, label=f"Writing {label}", file=sys.stderr) if show_bar else None

    def progress(n: int) -> None:
        if bar is not None:
            bar.length = max(bar.length or 0, bar.pos + n)
            bar.update(n)

    dataset, report = load_dataset(obj.db, parse, resolve=resolve, progress=progress)
    if bar is not None:
        bar.render_finish()
    target = Path(unresolved_file) if unresolved_file else default_unresolved
    if report.unresolved and target is not None:
        import csv

        with open(target, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "country", "key", "reason"])
            for c in report.unresolved:
                writer.writerow([c.name, c.country or "", c.key, c.reason or ""])
    if not quiet:
        summary = report.as_dict()
        if as_json:
            click.echo(json.dumps(summary, indent=2))
        else:
            s = summary["seconds"]
            click.echo(f"Loaded {label}: {summary['rows_read']} rows read, {summary['pairs_loaded']} pairs, "
                       f"{summary['cities']} cities ({summary['cities_created']} new, {summary['cities_merged']} "
                       f"merged), {summary['duplicates_collapsed']} duplicates collapsed, "
                       f"{summary['unresolved']} unresolved names, {summary['relationships_created']} new "
                       f"relationships; {s['total']:.1f} s (parse {s['parse']:.1f}, resolve {s['resolve']:.1f}, "
                       f"write {s['write']:.1f}).")
            if report.unresolved and target is not None:
                click.echo(f"Unresolved names written to {target}.")
    return report


@click.group()
def load() -> None:
    """Load data into the graph (validated first; re-running changes nothing).

    Example:

        kg load seeds
    """


@load.command("seeds")
@_quiet_option
@click.pass_context
def load_seeds(ctx: click.Context, quiet: bool) -> None:
    """Load the curated seed knowledge base (the five source documents, with provenance).

    Example:

        kg db clear --yes && kg load seeds
    """
    from kg.load import seed_files
    from loaders.curated_yaml import load_yaml

    def parse() -> Dataset:
        dataset = Dataset()
        for path in seed_files():  # all files validated before anything is written
            dataset.extend(load_yaml(path))
        return dataset

    run_load(ctx, parse, label="seed knowledge base", quiet=quiet)


@load.command("yaml")
@click.argument("file", type=click.Path(dir_okay=False))
@_quiet_option
@click.pass_context
def load_yaml_command(ctx: click.Context, file: str, quiet: bool) -> None:
    """Load one curated YAML file (format in the README).

    Example:

        kg load yaml my-city.yaml
    """
    from loaders.curated_yaml import load_yaml

    run_load(ctx, lambda: load_yaml(file), label=file, quiet=quiet)
