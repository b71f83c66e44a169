"""Rows to the terminal: table, JSON or CSV, chosen by one shared `--format` option."""

from __future__ import annotations

import csv
import io
import json

import click

from kg.cells import cell, safe_csv_cell

FORMATS = ("table", "json", "csv")


def format_option(function):
    """`--format table|json|csv` (table by default) for every read command."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(function)


def render_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_csv_cell(row.get(c)) for c in columns])
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    texts = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(t[i]) for t in texts))) for i, c in enumerate(columns)]
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(clip(t, w).ljust(w) for t, w in zip(row, widths)).rstrip() for row in texts]
    return "\n".join(lines)


def echo_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    click.echo(render_rows(rows, fmt, columns))
