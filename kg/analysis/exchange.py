"""Exports for researchers' own tools: GraphML, GEXF and CSV of a view (the lossless JSON dump of the whole
graph is `kg.store.dump`).

GraphML and GEXF take a view's networkx graph, with attributes cleaned to what each format allows (no None,
lists joined with "; ", no reserved names).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx

from kg.cells import safe_csv_cell
from kg.errors import QueryError
from kg.resolve.countries import continent_of

NODE_COLUMNS = ("key", "name", "country", "continent", "latitude", "longitude", "population", "place_kind", "degree",
                "resolved", "resolution", "geonames_id", "wikidata_ids")


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: a control character (written into the graph by hand) becomes U+FFFD, so the
    file still parses."""
    return _NOT_XML.sub("\ufffd", text)


def clean_for_file(graph: nx.MultiGraph, gexf: bool = False) -> nx.MultiGraph:
    """A copy whose attributes GraphML/GEXF accept: None dropped, lists joined, dicts as JSON text, texts
    XML can hold."""
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
            out[key] = xml_text(value) if isinstance(value, str) else value
        return out

    copy = nx.MultiGraph()
    for node, data in graph.nodes(data=True):
        attributes = clean(data)
        attributes["label"] = xml_text(str(data.get("name") or node))  # what Gephi shows: the name, not the key
        copy.add_node(xml_text(str(node)), **attributes)
    for a, b, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(xml_text(str(a)), xml_text(str(b)), key=key, **clean(data))
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
        columns = ["name1", "country1", "key1", "resolved1", "name2", "country2", "key2", "resolved2", "relation",
                   "since", "renewed", "areas", "status", "sources", "claimed_by"]
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            edges = sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), e[2].get("relation", "")))
            for a, b, data in edges:
                na, nb = graph.nodes[a], graph.nodes[b]
                writer.writerow([safe_csv_cell(v) for v in (
                    na.get("name"), na.get("country"), a, na.get("resolved"), nb.get("name"), nb.get("country"), b,
                    nb.get("resolved"),
                    data.get("relation"), data.get("since"), data.get("renewed"), data.get("areas"),
                    data.get("status"), data.get("sources"), data.get("claimed_by"))])
    elif fmt == "nodes":
        write_node_table(graph, path)
    else:
        raise QueryError(f"Unknown export format {fmt!r}: use graphml, gexf, csv or nodes.")
    return path


def write_node_table(graph: nx.MultiGraph, path: Path) -> None:
    """One row per city of the view (`NODE_COLUMNS`), by key: what R or pandas join the relationships to,
    with `resolved` and `resolution` to keep only the places the gazetteer placed."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(NODE_COLUMNS)
        for node in sorted(n for n, data in graph.nodes(data=True) if data.get("kind") == "city"):
            data = {**graph.nodes[node], "degree": graph.degree(node),
                    "continent": continent_of(graph.nodes[node].get("country"))}
            writer.writerow([safe_csv_cell("; ".join(data.get(c) or []) if c == "wikidata_ids" else data.get(c))
                             for c in NODE_COLUMNS])
