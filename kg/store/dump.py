"""The lossless dump of the whole graph (`kg export json`) and its restore (`kg import json`), streamed both
ways so that any dump the tool writes, it reads back, whatever its size.

The dump is JSON lines: a header, one line per node (sorted by label and key), one per relationship (sorted
by type and ends), lists as sorted sets, and a closing line with the counts, so a cut-off file is refused
rather than half read:

    {"format": "twinning-kg", "version": 2}
    {"node": "City", "properties": {"key": "gn:769250", "name": "Kielce", ...}}
    {"relationship": "PARTNER_OF", "start": ["City", "gn:769250"], "end": ["City", "gn:689558"], "properties": {...}}
    {"total": {"nodes": 95, "relationships": 240}}

An import reads the file twice: a validating pass checks every line against the schema of record (labels,
types and their ends, property names and value types from `kg.store.models`, sizes) and writes nothing if
anything is wrong; the writing pass then MERGEs in batches. Version 1 dumps (one JSON document) still read.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TextIO, cast

from neo4j.exceptions import Neo4jError
from neomodel import ArrayProperty, BooleanProperty, FloatProperty, IntegerProperty, StringProperty

from kg.errors import InputError, KGError, Problem
from kg.files import read_text, text_lines
from kg.store.database import DEFAULT_BATCH_SIZE, Database
from kg.store.models import NODE_CLASSES
from kg.store.queries import read_query, write_query
from kg.values import value_problem
from kg.vocabulary import FRIENDLY_WITH, PARTNER_OF

FORMAT_NAME, FORMAT_VERSION = "twinning-kg", 2
KEY_OF_LABEL = {cls.__name__: ("code" if cls.__name__ == "Country" else "key") for cls in NODE_CLASSES}
MAX_ITEMS = 100_000  # items in one list property
UNDIRECTED = (PARTNER_OF, FRIENDLY_WITH)  # stored once per pair, from the smaller key to the larger
MAX_PROBLEMS = 100


# -- the schema of record, as the import checks it ---------------------------------------------------
INT64 = (-2 ** 63, 2 ** 63 - 1)  # what Neo4j stores as an integer


def _all_items(check: Callable[[Any], bool], value: Any) -> bool:
    """A list whose every item passes `check`."""
    return isinstance(value, list) and all(check(x) for x in value)


def _value_checks(properties: dict) -> dict[str, Callable[[Any], bool]]:
    """Property name -> a check of its value, from a neomodel class's declared properties: the declared type,
    integers Neo4j can hold, finite numbers (JSON's NaN and Infinity are no facts about a place)."""
    scalar: dict[type, Callable[[Any], bool]] = {
        StringProperty: lambda v: isinstance(v, str),
        IntegerProperty: lambda v: isinstance(v, int) and not isinstance(v, bool) and INT64[0] <= v <= INT64[1],
        FloatProperty: lambda v: (isinstance(v, float) and math.isfinite(v)
                                  or isinstance(v, int) and not isinstance(v, bool) and INT64[0] <= v <= INT64[1]),
        BooleanProperty: lambda v: isinstance(v, bool)}
    checks: dict[str, Callable[[Any], bool]] = {}
    for name, prop in properties.items():
        if isinstance(prop, ArrayProperty):
            item = scalar[type(prop.base_property)]
            checks[name] = partial(_all_items, item)
        else:
            checks[name] = scalar[type(prop)]
    return checks


def required_properties() -> dict[str, list[str]]:
    """The properties the model requires of each label (a City has a key and a name)."""
    return {cls.__name__: [name for name, prop in cls.defined_properties(rels=False, aliases=False).items()
                           if prop.required or getattr(prop, "unique_index", False)] for cls in NODE_CLASSES}


def _schema() -> tuple[dict[str, dict], dict[str, dict], set[tuple[str, str, str]]]:
    """Node property checks by label, relationship property checks by type, and the (type, start label, end
    label) shapes the model declares."""
    nodes: dict[str, dict] = {}
    rels: dict[str, dict] = {}
    shapes: set[tuple] = set()
    for cls in NODE_CLASSES:
        nodes[cls.__name__] = _value_checks(cls.defined_properties(rels=False, aliases=False))
        for definition in cls.defined_properties(aliases=False, properties=False, rels=True).values():
            rel_type, model = definition.definition["relation_type"], definition.definition["model"]
            other = definition._raw_class  # neomodel keeps the class (or its name) given to RelationshipTo/From
            other = other if isinstance(other, str) else other.__name__
            outgoing = definition.definition["direction"] == 1
            shapes.add((rel_type, cls.__name__, other) if outgoing else (rel_type, other, cls.__name__))
            rels.setdefault(rel_type, {}).update(_value_checks(model.defined_properties(rels=False, aliases=False)))
    return nodes, rels, shapes


# -- export --------------------------------------------------------------------------------------------
def export_dump(db: Database, path: str | Path) -> dict[str, int]:
    """Write the whole graph to `path`: a file through a temporary file renamed at the end, so a failed or
    refused export leaves no half dump; a device or a pipe only after a first pass found nothing the import
    would refuse."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8") as out:
            return write_dump(db, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False)
    try:
        with handle:
            counts = _write_checked(db, cast(TextIO, handle))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # a temporary file is private; the dump is an ordinary file
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return counts


VALUE_TYPES: dict[type, str] = {StringProperty: "STRING", IntegerProperty: "INTEGER", FloatProperty: "FLOAT",
                                BooleanProperty: "BOOLEAN"}


def _value_types(properties: dict) -> dict[str, set[str]]:
    """Property name -> the Cypher value types (`valueType()`) a dump carries for it."""
    types = {}
    for name, prop in properties.items():
        if isinstance(prop, ArrayProperty):
            item = VALUE_TYPES[type(prop.base_property)]
            types[name] = {f"LIST<{item} NOT NULL> NOT NULL", "LIST<NOTHING> NOT NULL"}
        else:
            base = VALUE_TYPES[type(prop)]
            types[name] = {f"{base} NOT NULL"} | ({"INTEGER NOT NULL"} if base == "FLOAT" else set())
    return types


def uncarried(db: Database) -> list[str]:
    """What the graph holds that a dump cannot carry, so that its import would refuse it: labels, types and
    properties outside the schema of record, values of other types (dates, points), NaN."""
    nodes = {cls.__name__: _value_types(cls.defined_properties(rels=False, aliases=False)) for cls in NODE_CLASSES}
    rels: dict[str, dict[str, set[str]]] = {}
    for cls in NODE_CLASSES:
        for definition in cls.defined_properties(aliases=False, properties=False, rels=True).values():
            model = definition.definition["model"]
            rels.setdefault(definition.definition["relation_type"], {}).update(
                _value_types(model.defined_properties(rels=False, aliases=False)))
    found = []
    for row in db.read(read_query("dump_contents")):
        owner, prop, count = row["owner"], row["property"], row["n"]
        where = f" (e.g. {row['example']})" if row["example"] else ""
        known = nodes if row["what"] == "node" else rels
        if len(owner) != 1 or owner[0] not in known:
            found.append(f"{count:,} {row['what']}(s) labelled {':'.join(owner) or 'nothing'}{where}")
        name = next((label for label in owner if label in known), None)
        value_type = (row["type"] or "").removesuffix(" NOT NULL").lower()
        if name is None or prop is None:
            continue
        if prop not in known[name]:
            found.append(f"{name}.{prop} ({value_type}, {count:,}x{where}), a property the model does not have")
        elif row["type"] not in known[name][prop]:
            found.append(f"{name}.{prop} as {value_type} ({count:,}x{where})")
        elif row["not_numbers"]:
            found.append(f"{name}.{prop} is NaN {row['not_numbers']:,}x{where}")
    return sorted(set(found))


def write_dump(db: Database, out: TextIO) -> dict[str, int]:
    """The dump's lines to `out` (a stream: standard output, a pipe), streamed from Neo4j in a stable order;
    the counts written. The graph is read twice: first checked whole as its import would check the dump
    (`DumpCheck`), then written, so nothing reaches a stream that its own import would refuse."""
    _refuse_uncarried(db)
    check = DumpCheck("the graph")
    for number, record in enumerate(_dump_records(db), 1):
        check.check(number, record)
    _refuse(check)
    counts = {"nodes": 0, "relationships": 0}
    for record in _dump_records(db):
        _write_line(out, record)
        for kind, plural in (("node", "nodes"), ("relationship", "relationships")):
            counts[plural] += kind in record
    return counts


def _write_checked(db: Database, out: TextIO) -> dict[str, int]:
    """As `write_dump`, in one pass, for a file that is thrown away when the check fails."""
    _refuse_uncarried(db)
    check = DumpCheck("the graph")
    for number, record in enumerate(_dump_records(db), 1):
        check.check(number, record)
        if not check.problems:
            _write_line(out, record)
    _refuse(check)
    return dict(check.counts)


def _refuse_uncarried(db: Database) -> None:
    problems = uncarried(db)
    if problems:
        raise KGError(f"The graph holds what a dump cannot carry, so nothing was exported: {'; '.join(problems[:5])}"
                      + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
                      + ". Remove it with a writing Cypher statement, or add it to the model (kg/store/models.py).")


def _refuse(check: "DumpCheck") -> None:
    """Refuse the export when the graph holds what the import of its dump would refuse, naming each."""
    try:
        check.finish()
    except InputError as exc:
        shown = "; ".join(f"{p.field or 'record'}: {p.message}" for p in exc.problems[:5])
        more = f"; and {len(exc.problems) - 5} more" if len(exc.problems) > 5 else ""
        raise KGError(f"The graph holds what the import of its dump would refuse, so nothing was exported: "
                      f"{shown}{more}. Correct it with a writing Cypher statement.") from None


def _dump_records(db: Database) -> Iterator[dict]:
    """The dump's records, header and closing line included, streamed in a stable order."""
    yield {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    counts = {"nodes": 0, "relationships": 0}
    for row in db.stream(read_query("dump_nodes")):
        counts["nodes"] += 1
        yield {"node": row["label"], "properties": _as_sets(row["props"])}
    for row in db.stream(read_query("dump_relationships")):
        counts["relationships"] += 1
        yield {"relationship": row["type"], "start": [row["a_label"], row["a"]], "end": [row["b_label"], row["b"]],
               "properties": _as_sets(row["props"])}
    yield {"total": counts}


def _as_sets(properties: dict) -> dict:
    """The properties with every list sorted: the graph's lists are sets (citations, aliases, years), grown
    in the order of the loads, so one graph gives one file whatever order built it."""
    return {name: sorted(value) if isinstance(value, list) else value for name, value in properties.items()}


def _write_line(out: TextIO, record: dict) -> None:
    out.write(json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n")


# -- reading a dump ---------------------------------------------------------------------------------
def read_records(path: Path) -> Iterator[tuple[int | None, Any]]:
    """(line number, parsed record) for every line of a dump, version 1 documents included."""
    lines = text_lines(path)
    first = next(lines, "")
    if first.strip() == "{" or '"nodes":' in first:  # version 1: one JSON document
        yield from _version_1_records(path)
        return
    for number, text in enumerate(itertools.chain([first], lines), 1):
        if text.strip():
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError([Problem(str(path), number, None, f"malformed JSON: {exc.msg}")]) from None


def _version_1_records(path: Path) -> Iterator[tuple[int | None, Any]]:
    """A version 1 dump (one JSON document, read whole) as the records of version 2."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError([Problem(str(path), exc.lineno, None, f"malformed JSON: {exc.msg}")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or data.get("version") != 1:
        raise InputError([Problem(str(path), 1, "format", f"not a {FORMAT_NAME} export")])
    yield 1, {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    nodes, rels = data.get("nodes") or [], data.get("relationships") or []
    for node in nodes:
        plain = {"node": node.get("label"), "properties": node.get("properties")} if isinstance(node, dict) else node
        yield None, plain
    for rel in rels:
        yield None, ({"relationship": rel.get("type"), "start": rel.get("start"), "end": rel.get("end"),
                      "properties": rel.get("properties")} if isinstance(rel, dict) else rel)
    yield None, {"total": {"nodes": len(nodes), "relationships": len(rels)}}


# -- the validating pass ------------------------------------------------------------------------------
class DumpCheck:
    """Checks a dump's records one at a time and remembers the node keys, so relationships' ends are
    checked against the file itself."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.node_checks, self.rel_checks, self.shapes = _schema()
        self.required = required_properties()
        self.keys: dict[tuple[str, Any], int | None] = {}  # (label, key) -> the line it was first on
        self.relationships: dict[tuple, int | None] = {}  # (type, start, end) -> the line it was first on
        self.counts = {"nodes": 0, "relationships": 0}
        self.header = self.ended = False

    def bad(self, line: int | None, field: str | None, message: str) -> None:
        """Record a problem (the first MAX_PROBLEMS)."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, line, field, message))

    def check(self, line: int | None, record: Any) -> None:
        """Check one record of the dump."""
        if not isinstance(record, dict):
            return self.bad(line, None, "expected a JSON object")
        if not self.header:
            self.header = True
            if record.get("format") != FORMAT_NAME or record.get("version") not in (1, FORMAT_VERSION):
                self.bad(line, "format", f"not a {FORMAT_NAME} export (version {FORMAT_VERSION})")
            return None
        if self.ended:
            return self.bad(line, None, "a record after the closing line")
        if "node" in record:
            return self._node(line, record)
        if "relationship" in record:
            return self._relationship(line, record)
        if "total" in record:
            self.ended = True
            if record["total"] != self.counts:
                self.bad(line, "total", f"the closing line counts {record['total']!r}, the file holds {self.counts!r}")
            return None
        return self.bad(line, None, "neither a node, a relationship nor the closing line")

    def finish(self) -> None:
        """After the last record: refuse a cut-off file or any problem."""
        if not self.ended:
            self.bad(None, None, "no closing line: the file is cut off (an export that did not finish?)")
        if self.problems:
            raise InputError(self.problems)

    def _node(self, line, record) -> None:
        label, props = record.get("node"), record.get("properties")
        self.counts["nodes"] += 1
        if label not in self.node_checks:
            return self.bad(line, "node", f"unknown label {label!r}")
        if self.counts["relationships"]:
            return self.bad(line, "node", "a node after the relationships (nodes come first)")
        key = KEY_OF_LABEL[label]
        if not isinstance(props, dict) or props.get(key) in (None, ""):
            named = f" (named {_shown(props.get('name'))})" if isinstance(props, dict) and props.get("name") else ""
            return self.bad(line, "properties", f"missing {key}: a {label}{named} without its key")
        for name in self.required[label]:
            if props.get(name) in (None, ""):
                self.bad(line, f"properties.{name}", f"a {label} must have a {name}")
        identity = (label, props[key]) if isinstance(props[key], (str, int)) else None
        if identity in self.keys:
            return self.bad(line, f"properties.{key}", f"{label} {props[key]!r} is on line {self.keys[identity]} "
                                                       "already: one node is written once")
        self._properties(line, props, self.node_checks[label], label, str(props[key]))
        if identity:
            self.keys[identity] = line
        return None

    def _relationship(self, line, record) -> None:
        rel_type, props = record.get("relationship"), record.get("properties")
        self.counts["relationships"] += 1
        if rel_type not in self.rel_checks:
            return self.bad(line, "relationship", f"unknown relationship type {rel_type!r}")
        ends = []
        for end in ("start", "end"):
            ref = record.get(end)
            if not (isinstance(ref, list) and len(ref) == 2 and isinstance(ref[1], (str, int))
                    and (ref[0], ref[1]) in self.keys):
                return self.bad(line, end, f"no such node in the file: {_shown(ref)}")
            ends.append(ref[0])
        first, last = tuple(record["start"]), tuple(record["end"])
        if rel_type in UNDIRECTED and str(first[1]) > str(last[1]):
            first, last = last, first  # one pair, whichever way the file wrote it
        identity = (rel_type, first, last)
        if identity in self.relationships:
            return self.bad(line, "relationship", f"the same {rel_type} is on line {self.relationships[identity]} "
                                                  "already: one relationship is written once")
        self.relationships[identity] = line
        if (rel_type, *ends) not in self.shapes:
            return self.bad(line, "relationship", f"the model has no {ends[0]}-[:{rel_type}]->{ends[1]}")
        if not isinstance(props, dict):
            return self.bad(line, "properties", "expected an object")
        self._properties(line, props, self.rel_checks[rel_type], rel_type, f"{first[1]} - {last[1]}")
        return None

    def _properties(self, line, props: dict, checks: dict, owner: str, which: str) -> None:
        """Names against the model, values of the declared type (no maps, no mixed lists) and within the
        rules of `kg.values` (ranges, choices, text a name can hold, lengths Neo4j can index)."""
        for name, value in props.items():
            field = f"properties.{name}"
            if name not in checks:
                self.bad(line, field, f"{owner} {which}: no property {name!r} in the model")
            elif not checks[name](value):
                self.bad(line, field, f"{owner} {which}: {_shown(value)} (a {type(value).__name__}) is not a valid "
                                      f"value of {owner}.{name}")
            elif isinstance(value, list) and len(value) > MAX_ITEMS:
                self.bad(line, field, f"{owner} {which}: more than {MAX_ITEMS:,} items")
            else:
                why = value_problem(owner, name, value)
                if why:
                    self.bad(line, field, f"{owner} {which}: {why}")


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


# -- import --------------------------------------------------------------------------------------------
def import_dump(db: Database, path: str | Path, batch_size: int = DEFAULT_BATCH_SIZE) -> dict[str, int]:
    """Restore a dump: the whole file validated first (nothing written if anything is wrong), then written
    in batched MERGEs, node labels and relationship ends filled from the model's own names only. Returns
    what the file holds (`nodes`, `relationships`) and what the graph gained (`nodes_created`,
    `relationships_created`: a node or relationship the graph had already is not counted)."""
    path = Path(path)
    check = DumpCheck(str(path))
    for line, record in read_records(path):
        check.check(line, record)
    check.finish()
    from kg.store.schema import install_schema

    install_schema(db)
    written, gained = 0, {"nodes_created": 0, "relationships_created": 0}
    try:
        for query, rows, params in _batches(read_records(path), batch_size):
            counters = db.write_batches(query, rows, batch_size=batch_size, **params)
            written += len(rows)
            for key in gained:
                gained[key] += counters.get(key, 0)
    except (KGError, Neo4jError) as exc:
        total = sum(check.counts.values())
        reason = getattr(exc, "message", None) or exc
        raise KGError(f"{reason}. The graph holds {written:,} of the dump's {total:,} records; run the same "
                      "import again to complete it (what is there is not written twice).") from None
    return {**check.counts, **gained}


def _batches(records: Iterator[tuple[int | None, Any]], size: int) -> Iterator[tuple[str, list[dict], dict]]:
    """(query, rows, parameters) batches of nodes of one label, then of relationships of one shape."""
    pending: dict[tuple, list[dict]] = {}

    def query_of(shape: tuple) -> tuple[str, dict]:
        if shape[0] == "node":
            label = shape[1]  # from the model's labels: the validating pass refused anything else
            return write_query("import_nodes").format(label=label, key=KEY_OF_LABEL[label]), {}
        _, rel_type, a_label, b_label = shape
        return (write_query("import_relationships").format(a_label=a_label, a_key=KEY_OF_LABEL[a_label],
                                                           b_label=b_label, b_key=KEY_OF_LABEL[b_label]),
                {"type": rel_type})

    for _, record in records:
        if "node" in record:
            label = record["node"]
            shape: tuple = ("node", label)
            row = {"key": record["properties"][KEY_OF_LABEL[label]], "props": record["properties"]}
        elif "relationship" in record:
            start, end = record["start"], record["end"]
            if record["relationship"] in UNDIRECTED and str(start[1]) > str(end[1]):
                start, end = end, start  # stored as every load stores a pair: from the smaller key
            shape = ("rel", record["relationship"], start[0], end[0])
            row = {"a": start[1], "b": end[1], "props": record["properties"]}
        else:
            continue
        if shape[0] == "rel":  # the nodes' last batches go before the first relationship
            for node_shape in [s for s in pending if s[0] == "node"]:
                query, params = query_of(node_shape)
                yield query, pending.pop(node_shape), params
        rows = pending.setdefault(shape, [])
        rows.append(row)
        if len(rows) >= size:
            query, params = query_of(shape)
            yield query, pending.pop(shape), params
    for shape, rows in pending.items():
        query, params = query_of(shape)
        yield query, rows, params
