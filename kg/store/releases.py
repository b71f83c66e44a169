"""What changed between two releases of the graph: two `kg export json` dumps compared as they stream.

Both dumps list nodes by label and key and relationships by type and ends (`kg.store.dump`), so one pass
over each, side by side, finds every partnership or friendly contact added or removed, every change of a
pair's status, every city renamed, and every Wikidata item placed on another node (a `wd:` item that now
sits on its GeoNames place). Memory holds one line of each file and the Wikidata items' places.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.store.dump import DumpCheck, read_records
from kg.vocabulary import PAIR_RELATIONS

CHANGE_COLUMNS = ["change", "what", "key", "other", "old", "new"]


def release_changes(old: str | Path, new: str | Path) -> Iterator[dict]:
    """Every change from the `old` dump to the `new` one, in the dumps' order: cities renamed, then pairs
    added, removed or whose status changed, then Wikidata items placed on another node. Both files are first
    checked whole as `kg import json` checks a dump (header and version, every record, the closing counts):
    a cut-off or foreign file is refused, never read as a release that lost its tail."""
    for path in (Path(old), Path(new)):
        check = DumpCheck(str(path))
        for line, record in read_records(path):
            check.check(line, record)
        check.finish()
    old_items: dict[str, str] = {}
    new_items: dict[str, str] = {}
    old_nodes, new_nodes = _nodes(Path(old), old_items), _nodes(Path(new), new_items)
    for key, before, after in _joined(old_nodes, new_nodes):
        if before and after and before.get("name") != after.get("name"):
            yield _row("renamed", "City", key, None, before.get("name"), after.get("name"))
    for (kind, a, b), before, after in _joined(_pairs(Path(old)), _pairs(Path(new))):
        was, now = _status(before), _status(after)
        if was != now:
            change = "added" if was is None else "removed" if now is None else "status"
            yield _row(change, kind, a, b, was, now)
    for qid in sorted(set(old_items) & set(new_items), key=lambda q: int(q[1:]) if q[1:].isdigit() else 0):
        if old_items[qid] != new_items[qid]:
            yield _row("re-placed", "Wikidata item", qid, None, old_items[qid], new_items[qid])


def _status(properties: dict | None) -> str | None:
    """A pair's status in a release: None when the release has no such pair (no recorded change: active)."""
    return None if properties is None else properties.get("status") or "active"


def _row(change: str, what: str, key: str, other: str | None, old: Any, new: Any) -> dict:
    return {"change": change, "what": what, "key": key, "other": other, "old": old, "new": new}


def _nodes(path: Path, items: dict[str, str]) -> Iterator[tuple[str, dict]]:
    """(key, properties) of every City, in the dump's order; each Wikidata item's node into `items`."""
    for _, record in read_records(path):
        if isinstance(record, dict) and record.get("node") == "City":
            properties = record.get("properties") or {}
            for qid in properties.get("wikidata_ids") or ([properties["wikidata_id"]]
                                                         if properties.get("wikidata_id") else []):
                items[qid] = properties["key"]
            yield properties["key"], properties


def _pairs(path: Path) -> Iterator[tuple[tuple[str, str, str], dict]]:
    """((type, a, b), properties) of every partnership and friendly contact, in the dump's order."""
    for _, record in read_records(path):
        if isinstance(record, dict) and record.get("relationship") in PAIR_RELATIONS:
            yield (record["relationship"], record["start"][1], record["end"][1]), record.get("properties") or {}


def _joined(left: Iterator[tuple[Any, dict]], right: Iterator[tuple[Any, dict]]
            ) -> Iterator[tuple[Any, dict | None, dict | None]]:
    """A merge join of two sorted streams: (key, left's value or None, right's value or None)."""
    sentinel: tuple = (None, None)
    a, b = next(left, sentinel), next(right, sentinel)
    last_a = last_b = None
    while a[0] is not None or b[0] is not None:
        if a[0] is not None and last_a is not None and a[0] < last_a or \
                b[0] is not None and last_b is not None and b[0] < last_b:
            raise KGError("A dump is not in the order `kg export json` writes (by label and key, by type and "
                          "ends): export it again to compare it.")
        if b[0] is None or (a[0] is not None and a[0] < b[0]):
            yield a[0], a[1], None
            last_a, a = a[0], next(left, sentinel)
        elif a[0] is None or b[0] < a[0]:
            yield b[0], None, b[1]
            last_b, b = b[0], next(right, sentinel)
        else:
            yield a[0], a[1], b[1]
            last_a, last_b = a[0], b[0]
            a, b = next(left, sentinel), next(right, sentinel)
