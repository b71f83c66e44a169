"""Exports for researchers' own tools (GraphML, GEXF, CSV) and a lossless JSON dump with its import.

GraphML and GEXF take a view's networkx graph, with attributes cleaned to what each format allows (no None,
lists joined with "; ", no reserved names). The JSON dump holds every node and relationship with all
properties, sorted, so export -> clear -> import -> export gives the same file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.store.database import Database
from kg.store.queries import read_query, write_query
from kg.errors import InputError, Problem, QueryError
from kg.vocabulary import LABELS, RELATIONSHIP_TYPES
from kg.cells import safe_csv_cell

FORMAT_NAME, FORMAT_VERSION = "twinning-kg", 1
KEY_OF_LABEL = {label: ("code" if label == "Country" else "key") for label in LABELS}


def clean_for_file(graph: nx.MultiGraph, gexf: bool = False) -> nx.MultiGraph:
    """A copy whose attributes GraphML/GEXF accept: None dropped, lists joined, dicts as JSON text."""
    def clean(data: dict) -> dict:
        out = {}
        for key, value in data.items():
            if value is None:
                continue
            if gexf and key in ("id", "pid", "label"):
                key = f"{key}_"
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(v) for v in value)
            elif isinstance(value, dict):
                value = json.dumps(value, ensure_ascii=False, sort_keys=True)
            out[key] = value
        return out

    copy = nx.MultiGraph()
    for node, data in graph.nodes(data=True):
        attributes = clean(data)
        if gexf:
            attributes["label"] = str(data.get("name") or node)
        copy.add_node(str(node), **attributes)
    for a, b, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(str(a), str(b), key=key, **clean(data))
    return copy


def write_view(graph: nx.MultiGraph, fmt: str, path: str | Path) -> Path:
    """Write a view's graph as graphml, gexf or csv (one row per relationship)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(clean_for_file(graph), path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(clean_for_file(graph, gexf=True), path, encoding="utf-8")
    elif fmt == "csv":
        columns = ["name1", "country1", "key1", "name2", "country2", "key2", "relation", "since", "areas", "sources"]
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for a, b, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), e[2].get("relation", ""))):
                na, nb = graph.nodes[a], graph.nodes[b]
                writer.writerow([safe_csv_cell(v) for v in (
                    na.get("name"), na.get("country"), a, nb.get("name"), nb.get("country"), b,
                    data.get("relation"), data.get("since"), data.get("areas"), data.get("sources"))])
    else:
        raise QueryError(f"Unknown export format {fmt!r}: use graphml, gexf or csv.")
    return path


# -- the lossless JSON dump ------------------------------------------------------------------------
def export_json(db: Database) -> dict[str, Any]:
    """Every node and relationship with all properties, in a stable order."""
    nodes = db.read(read_query("dump_nodes"))
    rels = db.read(read_query("dump_relationships"))
    node_rows = sorted(({"label": n["labels"][0], "properties": n["props"]} for n in nodes),
                       key=lambda n: (n["label"], str(n["properties"].get(KEY_OF_LABEL.get(n["label"], "key")))))
    rel_rows = sorted(({"type": r["type"], "start": [r["a_label"], r["a"]], "end": [r["b_label"], r["b"]],
                        "properties": r["props"]} for r in rels),
                      key=lambda r: (r["type"], r["start"], r["end"], json.dumps(r["properties"], sort_keys=True)))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "nodes": node_rows, "relationships": rel_rows}


def dump_json(data: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return path


def validate_dump(data: Any, file: str) -> list[Problem]:
    """Everything wrong with a dump, before anything is written (labels and types against the whitelist)."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        return [Problem(file, None, "format", f"not a {FORMAT_NAME} JSON export")]
    if data.get("version") != FORMAT_VERSION:
        return [Problem(file, None, "version", f"unsupported version {data.get('version')!r}")]
    keys: set[tuple[str, Any]] = set()
    for i, node in enumerate(data.get("nodes") or []):
        label = node.get("label") if isinstance(node, dict) else None
        if label not in KEY_OF_LABEL:
            problems.append(Problem(file, None, f"nodes[{i}].label", f"unknown label {label!r}"))
            continue
        props = node.get("properties")
        if not isinstance(props, dict) or props.get(KEY_OF_LABEL[label]) in (None, ""):
            problems.append(Problem(file, None, f"nodes[{i}].properties", f"missing {KEY_OF_LABEL[label]}"))
            continue
        keys.add((label, props[KEY_OF_LABEL[label]]))
    for i, rel in enumerate(data.get("relationships") or []):
        if not isinstance(rel, dict) or rel.get("type") not in RELATIONSHIP_TYPES:
            problems.append(Problem(file, None, f"relationships[{i}].type",
                                    f"unknown relationship type {rel.get('type') if isinstance(rel, dict) else rel!r}"))
            continue
        for end in ("start", "end"):
            ref = rel.get(end)
            if not (isinstance(ref, list) and len(ref) == 2 and (ref[0], ref[1]) in keys):
                problems.append(Problem(file, None, f"relationships[{i}].{end}", f"no such node in the file: {ref!r}"))
        if not isinstance(rel.get("properties"), dict):
            problems.append(Problem(file, None, f"relationships[{i}].properties", "expected an object"))
    return problems


def import_json(db: Database, path: str | Path, batch_size: int = 5000) -> dict[str, int]:
    """Restore a dump: validated whole first, then nodes and relationships in batched MERGEs."""
    path = Path(path)
    from kg.files import read_text

    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError([Problem(str(path), exc.lineno, None, f"malformed JSON: {exc.msg}")]) from None
    problems = validate_dump(data, str(path))
    if problems:
        raise InputError(problems)
    from kg.store.schema import install_schema

    install_schema(db)
    by_label: dict[str, list[dict]] = {}
    for node in data["nodes"]:
        key = KEY_OF_LABEL[node["label"]]
        by_label.setdefault(node["label"], []).append({"key": node["properties"][key], "props": node["properties"]})
    for label, rows in sorted(by_label.items()):  # label from the whitelist above, never raw input
        db.write_batches(write_query("import_nodes").format(label=label, key=KEY_OF_LABEL[label]), rows,
                         batch_size=batch_size)
    by_shape: dict[tuple[str, str, str], list[dict]] = {}
    for rel in data["relationships"]:
        shape = (rel["type"], rel["start"][0], rel["end"][0])
        by_shape.setdefault(shape, []).append({"a": rel["start"][1], "b": rel["end"][1], "props": rel["properties"]})
    for (rel_type, a_label, b_label), rows in sorted(by_shape.items()):
        text = write_query("import_relationships").format(a_label=a_label, a_key=KEY_OF_LABEL[a_label],
                                                           b_label=b_label, b_key=KEY_OF_LABEL[b_label])
        db.write_batches(text, rows, batch_size=batch_size, type=rel_type)
    return {"nodes": len(data["nodes"]), "relationships": len(data["relationships"])}
