"""A load, end to end: parse and validate (loader) -> resolve -> write, with timings, a report, and the
files a researcher reviews afterwards: the names left unresolved and the rows set aside, each with why."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

from kg.store.database import Database
from kg.records import Dataset
from kg.resolve.resolver import Resolver
from kg.store.schema import install_schema
from kg.store.writer import GraphWriter, WriteReport


def load_dataset(db: Database, parse: Callable[[], Dataset], *, resolve: bool = True,
                 resolver: Resolver | None = None, batch_size: int = 5000,
                 progress: Callable[[int], None] | None = None,
                 on_phase: Callable[[str, int], None] | None = None,
                 unresolved_file: str | Path | None = None,
                 rejected_file: str | Path | None = None) -> tuple[Dataset, WriteReport]:
    """Validate everything first (nothing is written if `parse` raises), then resolve and write.

    `on_phase(label, total)` announces each phase and `progress(n)` reports n more items done in it
    (resolved names, then written rows, one call per committed batch). Names left unresolved go to
    `unresolved_file` and rows set aside to `rejected_file`, each only when there are any (the report says
    which files it wrote).
    """
    started = time.perf_counter()
    dataset = parse()
    parsed = time.perf_counter()
    db.verify()
    install_schema(db)
    resolver = resolver or Resolver(enabled=resolve)
    writer = GraphWriter(db, resolver, batch_size=batch_size)
    resolved = writer.resolve_all(dataset, on_phase, progress if on_phase else None)
    resolved_at = time.perf_counter()
    report = writer.write(dataset, resolved, progress=progress, on_phase=on_phase)
    done = time.perf_counter()
    report.seconds = {"parse": parsed - started, "resolve": resolved_at - parsed, "write": done - resolved_at,
                      "total": done - started}
    if unresolved_file and report.unresolved:
        report.unresolved_file = str(write_unresolved(Path(unresolved_file), report))
    if rejected_file and (dataset.rejected or report.same_place):
        report.rejected_file = str(write_rejected(Path(rejected_file), dataset.rejected + report.same_place))
    return dataset, report


def write_unresolved(path: Path, report: WriteReport) -> Path:
    """name, country, key, reason: one row per name the resolver could not place."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "country", "key", "reason"])
        for c in report.unresolved:
            writer.writerow([c.name, c.country or "", c.key, c.reason or ""])
    return path


def write_rejected(path: Path, problems: list) -> Path:
    """file, line, field, reason: invalid rows set aside and statements whose two ends were one place."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason"])
        for p in problems:
            writer.writerow([p.file, p.line, p.field or "", p.message])
    return path
