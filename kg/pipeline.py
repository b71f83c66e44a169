"""A load, end to end: parse and validate (loader) -> resolve -> write, with timings and a report."""

from __future__ import annotations

import time
from collections.abc import Callable

from kg.store.database import Database
from kg.records import Dataset
from kg.resolve.resolver import Resolver
from kg.store.schema import install_schema
from kg.store.writer import GraphWriter, WriteReport


def load_dataset(db: Database, parse: Callable[[], Dataset], *, resolve: bool = True,
                 resolver: Resolver | None = None, batch_size: int = 5000,
                 progress: Callable[[int], None] | None = None,
                 on_phase: Callable[[str, int], None] | None = None) -> tuple[Dataset, WriteReport]:
    """Validate everything first (nothing is written if `parse` raises), then resolve and write.

    `on_phase(label, total)` announces each phase and `progress(n)` reports n more items done in it
    (resolved names, then written rows, one call per committed batch).
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
    return dataset, report
