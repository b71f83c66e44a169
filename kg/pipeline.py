"""A load, end to end: parse and validate (loader) -> resolve -> write, with timings, a report, and the
files a researcher reviews afterwards: the names left unresolved and the rows set aside, each with why."""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kg.cells import safe_csv_cell
from kg.errors import GraphChanged, LoadInterrupted
from kg.records import CityRef, Dataset, ResolvedCity
from kg.resolve.anchors import shared_anchors
from kg.resolve.context import PartnerContext, place_items
from kg.resolve.resolver import Resolver
from kg.store.database import Database
from kg.store.queries import read_query
from kg.store.schema import install_schema
from kg.store.writer import GraphWriter, NodeMerge, WriteReport, merge_nodes, unsettle_homonyms
from kg.vocabulary import PARTNER_OF, wikidata_key


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
    which files it wrote). Ctrl-C becomes `LoadInterrupted`, which says whether the writing had begun.
    """
    steps = _LoadSteps()
    try:
        return steps.run(db, parse, resolve, resolver, batch_size, progress, on_phase, unresolved_file,
                         rejected_file)
    except KeyboardInterrupt:
        raise LoadInterrupted(writing=steps.writing) from None


class _LoadSteps:
    """One load's steps, and whether it has begun to write its statements (for an interrupted load)."""

    writing = False

    def run(self, db: Database, parse: Callable[[], Dataset], resolve: bool, resolver: Resolver | None,
            batch_size: int, progress: Callable[[int], None] | None, on_phase: Callable[[str, int], None] | None,
            unresolved_file: str | Path | None, rejected_file: str | Path | None) -> tuple[Dataset, WriteReport]:
        """Parse, resolve, write, in that order (`load_dataset`'s arguments)."""
        started = time.perf_counter()
        dataset = parse()
        parsed = time.perf_counter()
        db.verify()
        install_schema(db)
        resolver = resolver or Resolver(enabled=resolve)
        merges = place_by_context(db, dataset, resolver) if resolve else []
        resolved, claimants = resolve_cities(dataset, resolver, on_phase, progress if on_phase else None)
        resolved_at = time.perf_counter()
        writer = GraphWriter(db, resolver.gazetteer, batch_size=batch_size)
        self.writing = True
        report = writer.write(dataset, resolved, progress=progress, on_phase=on_phase, claimants=claimants)
        _check_every_statement_written(report)
        report.nodes_merged = sum(merge.refused is None for merge in merges)
        report.homonyms_unsettled = unsettle_homonyms(db) if resolve else 0
        done = time.perf_counter()
        report.seconds = {"parse": parsed - started, "resolve": resolved_at - parsed, "write": done - resolved_at,
                          "total": done - started}
        _write_side_files(report, dataset, unresolved_file, rejected_file)
        return dataset, report


def _check_every_statement_written(report: WriteReport) -> None:
    """The server wrote every pair statement the load sent: one that found a city gone (the graph cleared by
    another client while the load ran) is said, rather than counted as loaded. The write queries count what
    they wrote, so this reads nothing of the graph."""
    lost = report.statements - report.statements_written
    if lost > 0:
        raise GraphChanged(f"The graph lost cities this load wrote while it ran (cleared or changed by another "
                           f"client, e.g. `kg db clear`): {lost:,} of its {report.statements:,} statements found "
                           "an end gone and were not written. Run the load again once nothing else writes to "
                           "the graph.")


def resolve_cities(dataset: Dataset, resolver: Resolver, on_phase: Callable[[str, int], None] | None = None,
                   progress: Callable[[int], None] | None = None) -> tuple[dict[CityRef, ResolvedCity],
                                                                         dict[CityRef, str]]:
    """Every city the dataset names, resolved once (the only place a load resolves), and the keys of the
    claiming cities it names nowhere else (a curated file's home city claims its statements)."""
    refs = list(dict.fromkeys(dataset.city_refs()))
    if on_phase:
        on_phase("Resolving names", len(refs))
    resolved = {}
    for i, ref in enumerate(refs, 1):
        resolved[ref] = resolver.resolve(ref)
        if progress and i % 1000 == 0:
            progress(1000)
    if progress and len(refs) % 1000:
        progress(len(refs) % 1000)
    claimants = {ref: resolver.resolve(ref).key for ref in dataset.claimant_refs() if ref not in resolved}
    return resolved, claimants


def place_by_context(db: Database, dataset: Dataset, resolver: Resolver) -> list[NodeMerge]:
    """Wikidata items that come with a label only are placed by their row in the countries-states-cities
    table, else by their partners (`kg.resolve.context`): those of the datasets the loader names
    (`Dataset.placed_among`: the shipped sources, so the graph is the same whatever the order of loads), else
    the graph's partnerships from other sources. An item an earlier load left on a node of its own and this
    one places elsewhere brings that node along (merged into the place, unless the two are partners or in two
    countries: then it stays where it was, with the reason). The resolver then takes those decisions; returns
    the merges."""
    refs = {ref.wikidata_id: ref for ref in dataset.city_refs() if ref.wikidata_id}
    if not refs:
        return []
    if dataset.placed_among:
        context = context_of(db, [parse() for parse in dataset.placed_among], resolver)
        context.add_holders(db.stream(read_query("item_holders")))
    else:
        rows = db.stream(read_query("partner_context"), exclude=[source.key for source in dataset.sources])
        context = PartnerContext.from_rows(rows)
    apart = context.left_apart(refs)
    statements = [(p.a.wikidata_id, p.b.wikidata_id) for p in dataset.pairs if p.a.wikidata_id and p.b.wikidata_id]
    bare = any(ref.country is None and ref.latitude is None and ref.geonames_id is None for ref in refs.values())
    anchors = shared_anchors() if resolver.enabled and bare else None  # the table only places bare items
    placements = place_items(refs, statements, context, resolver, anchors)
    merges = merge_nodes(db, [NodeMerge(wikidata_key(qid), placements[qid].key) for qid in sorted(apart)
                              if placements[qid].key != wikidata_key(qid)])
    for merge in merges:
        if merge.refused:
            qid = merge.old.split(":", 1)[1]
            placements[qid] = replace(context.nodes[merge.old], wikidata_id=qid, method=None, reason=(
                f"placed on {merge.new} by this load, but {merge.refused}"))
    resolver.pin_items(placements)
    return merges


def context_of(db: Database, datasets: list[Dataset], resolver: Resolver) -> PartnerContext:
    """The cities and partnerships `datasets` would write, as `partner_context.cypher` reads them from a graph
    that holds them: each node with every name it would be searched by, and its partners."""
    context = PartnerContext()
    for dataset in datasets:
        resolved, _ = resolve_cities(dataset, resolver)
        partners: dict[str, set[str]] = defaultdict(set)
        for pair in dataset.pairs:
            a, b = resolved[pair.a].key, resolved[pair.b].key
            if pair.relation == PARTNER_OF and a != b:
                partners[a].add(b)
                partners[b].add(a)
        # a district's city has a row of its own, though no reference may name it
        by_key = {city.parent.key: city.parent for city in resolved.values() if city.parent is not None}
        by_key.update({city.key: city for city in resolved.values()})
        for row in GraphWriter(db, resolver.gazetteer).city_rows(dataset, resolved):
            context.add(by_key[row["key"]], row["search_names"], partners.get(row["key"], ()), row["wikidata_ids"])
    return context


def _write_side_files(report: WriteReport, dataset: Dataset, unresolved_file, rejected_file) -> None:
    """The review files, after the graph is written: a file that cannot be written is a warning on the
    report, never a failed load (the graph already holds it)."""
    wanted = []
    if unresolved_file and report.unresolved:
        wanted.append(("unresolved_file", Path(unresolved_file), lambda p: write_unresolved(p, report)))
    if rejected_file and (dataset.rejected or report.same_place):
        wanted.append(("rejected_file", Path(rejected_file),
                       lambda p: write_rejected(p, dataset.rejected + report.same_place)))
    for attribute, path, write in wanted:
        try:
            setattr(report, attribute, str(write(path)))
        except OSError as exc:
            report.warnings.append(f"could not write {path}: {exc.strerror or exc}")


def write_unresolved(path: Path, report: WriteReport) -> Path:
    """name, country, key, reason: one row per name the resolver could not place (spreadsheet-safe cells)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "country", "key", "reason"])
        for c in report.unresolved:
            writer.writerow([safe_csv_cell(v) for v in (c.name, c.country, c.key, c.reason)])
    return path


def write_rejected(path: Path, problems: list) -> Path:
    """file, line, field, reason, then the row's own values: invalid rows set aside and statements whose two
    ends were one place (spreadsheet-safe cells)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason", "row (its values as read)"])
        for p in problems:
            writer.writerow([safe_csv_cell(v) for v in (p.file, p.line, p.field, p.message, *p.values)])
    return path
