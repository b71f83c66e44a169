"""Rows to the terminal: table, JSON or CSV, chosen by one shared `--format` option."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import click
from wcwidth import wcswidth

from kg.cells import cell, safe_csv_cell

FORMATS = ("table", "json", "csv")


def format_option(function):
    """`--format table|json|csv` (table by default) for every read command."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(function)


force_option = click.option("--force", is_flag=True, help="Overwrite the output if it exists.")


def refuse_overwrite(path: str | None, force: bool) -> None:
    """An output file the user named is written only when it is new or `--force` says so: a typo in -o
    must never replace README.md or a day's work."""
    if path and path != "-" and not force and Path(path).is_file():  # a device (/dev/stdout) is no file to keep
        raise click.ClickException(f"{path} exists: choose another file, or give --force to overwrite it.")


def to_json(value: Any) -> str:
    """Standard JSON, as every `--format json` prints: NaN and infinities (a bad coordinate in the graph)
    become null, dates and other values their text."""
    return json.dumps(_standard(value), ensure_ascii=False, indent=2, default=str, allow_nan=False)


def stream_rows(rows: Iterable[dict], fmt: str, columns: list[str], out: IO[str]) -> int:
    """Write rows to `out` as they come, as CSV (a header, then one line a row) or JSON lines (one object a
    line): memory stays flat whatever the row count. Returns how many were written."""
    written = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_csv_cell(row.get(c)) for c in columns])
            written += 1
    else:
        for row in rows:
            out.write(json.dumps({c: _standard(row.get(c)) for c in columns}, ensure_ascii=False, default=str,
                                 allow_nan=False) + "\n")
            written += 1
    return written


def _standard(item: Any) -> Any:
    """A value JSON can hold: NaN and infinities as None, inside lists and maps too."""
    if isinstance(item, float) and not math.isfinite(item):
        return None
    if isinstance(item, dict):
        return {k: _standard(v) for k, v in item.items()}
    if isinstance(item, (list, tuple)):
        return [_standard(v) for v in item]
    return item


WHOLE_COLUMNS = ("key", "sources")  # identifiers: a cut one names nothing, so tables never cut them


def document_named(citation: Any, documents: Mapping[str, str]) -> Any:
    """A citation of a document ("000_338dc196583c97ae.txt:17") as its source key and line
    ("seed-000-vinnytsia:17"); any other citation as it is."""
    file, sep, line = str(citation).rpartition(":")
    return f"{documents[file]}:{line}" if sep and file in documents else citation


def with_document_names(rows: Iterable[Mapping[str, Any]], documents: Mapping[str, str]) -> list[dict[str, Any]]:
    """The rows with each citation of a document in a `sources` list named by its source key, for tables and
    CSV; JSON keeps the file as stored."""
    return [{**row, "sources": [document_named(c, documents) for c in row["sources"]]}
            if isinstance(row.get("sources"), list) else dict(row) for row in rows]


def render_rows(rows: Sequence[Mapping[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    """Rows as a table, JSON or CSV text."""
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        return to_json(rows)
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
    widths = [max(width(c), *(width(t[i]) for t in texts)) for i, c in enumerate(columns)]
    widths = [w if c in WHOLE_COLUMNS or c.endswith("_key") else min(60, w) for c, w in zip(columns, widths)]
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(clip(t, w), w) for t, w in zip(row, widths)).rstrip() for row in texts]
    return "\n".join(lines)


def width(text: str) -> int:
    """Columns `text` takes on a terminal: 2 for a CJK character or an emoji, 0 for a combining mark."""
    measured = wcswidth(text)
    return measured if measured >= 0 else len(text)  # -1: a control character somewhere


def clip(text: str, columns: int) -> str:
    """`text` cut to at most `columns` display columns, with an ellipsis when cut."""
    if width(text) <= columns:
        return text
    kept = ""
    for ch in text:
        if width(kept + ch) > columns - 1:
            break
        kept += ch
    return kept + "…"


def pad(text: str, columns: int) -> str:
    """Text padded to a display width (wide characters count twice)."""
    return text + " " * max(columns - width(text), 0)


def echo_rows(rows: Sequence[Mapping[str, Any]], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, JSON or CSV."""
    click.echo(render_rows(rows, fmt, columns))
