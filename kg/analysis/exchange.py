"""Exports for researchers' own tools: GraphML, GEXF and CSV of a view, and its node table as CSV (with a
Frictionless data package describing it) or Parquet (the lossless JSON dump of the whole graph is
`kg.store.dump`).

GraphML and GEXF take a view's networkx graph, with attributes cleaned to what each format allows (no None,
lists joined with "; ", no reserved names). The node table reads right with pandas' and R's default readers:
no bare two-letter code that they take for "missing" stands alone (Namibia's NA has its alpha-3 NAM and its
name beside it; continents are names).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx

from kg.cells import safe_csv_cell
from kg.errors import QueryError
from kg.resolve.countries import continent_of, country_name

# column: (Table Schema type, description); the node table's columns in order
NODE_COLUMNS: dict[str, tuple[str, str]] = {
    "key": ("string", "the city's stable key (gn: GeoNames, wd: Wikidata, iso: ISO 3166-2, geob: geoBoundaries, "
                      "name: a name no gazetteer placed)"),
    "name": ("string", "the display name: the spelling most sources use"),
    "country": ("string", "ISO 3166-1 alpha-2 code (Namibia's is NA: read it as text, or use country_alpha3)"),
    "country_alpha3": ("string", "ISO 3166-1 alpha-3 code"),
    "country_name": ("string", "the country's common English name"),
    "continent": ("string", "continent name (GeoNames' continent of the country)"),
    "latitude": ("number", "WGS84 degrees"),
    "longitude": ("number", "WGS84 degrees"),
    "population": ("integer", "inhabitants, as the gazetteer gives them"),
    "place_kind": ("string", "city, municipality, district, county or region"),
    "degree": ("integer", "relationships of the exported kinds in this selection"),
    "in_selection": ("boolean", "true for the selection's own cities (a country's), false for partners it adds"),
    "resolved": ("boolean", "true when the name was placed on a gazetteer place"),
    "resolution": ("string", "how the name was placed (see docs/entity-resolution.md)"),
    "geonames_id": ("integer", "GeoNames id, when placed on a GeoNames place"),
    "wikidata_ids": ("string", "Wikidata QIDs of the place, separated by '; '"),
}
CONTINENT_NAMES = {"AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe", "NA": "North America",
                   "OC": "Oceania", "SA": "South America"}
DATA_LICENCES = [  # what a node table derives from: the place data and the sources' statements
    {"name": "CC-BY-4.0", "title": "GeoNames (places, ids, populations)", "path": "https://www.geonames.org/"},
    {"name": "CC-BY-SA-4.0", "title": "English and Italian Wikipedia text (the twinning lists)",
     "path": "https://creativecommons.org/licenses/by-sa/4.0/"},
    {"name": "CC0-1.0", "title": "Wikidata (P190 statements, QIDs)",
     "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
    {"name": "ODbL-1.0", "title": "OpenStreetMap coordinates and the countries-states-cities table",
     "path": "https://opendatacommons.org/licenses/odbl/1-0/"},
]


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
    """Write a view's graph as graphml, gexf, csv (one row per relationship), nodes (the node table as CSV,
    with its data package) or parquet (the node table)."""
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
    elif fmt == "parquet":
        write_node_parquet(graph, path)
    else:
        raise QueryError(f"Unknown export format {fmt!r}: use graphml, gexf, csv, nodes or parquet.")
    return path


def node_rows(graph: nx.MultiGraph) -> list[dict]:
    """One record per city of the view (`NODE_COLUMNS`), by key: what R or pandas join the relationships to.
    `in_selection` says which cities the selection asked for (`graph.graph["selection"]`, when the view adds
    partners around them), `resolved` and `resolution` which places the gazetteer placed."""
    import pycountry

    selection = graph.graph.get("selection")
    rows = []
    for node in sorted(n for n, data in graph.nodes(data=True) if data.get("kind") == "city"):
        data = graph.nodes[node]
        code = data.get("country")
        country = pycountry.countries.get(alpha_2=code) if code else None
        rows.append({
            "key": node, "name": data.get("name"), "country": code,
            "country_alpha3": country.alpha_3 if country else ("XKX" if code == "XK" else None),
            "country_name": country_name(code) if code else None,
            "continent": CONTINENT_NAMES.get(continent_of(code) or "") if code else None,
            "latitude": data.get("latitude"), "longitude": data.get("longitude"),
            "population": _integer(data.get("population")), "place_kind": data.get("place_kind"),
            "degree": graph.degree(node), "in_selection": selection is None or node in selection,
            "resolved": data.get("resolved"), "resolution": data.get("resolution"),
            "geonames_id": _integer(data.get("geonames_id")), "wikidata_ids": list(data.get("wikidata_ids") or []),
        })
    return rows


def _integer(value) -> int | None:
    return int(value) if isinstance(value, (int, float)) and value == value else None


def write_node_table(graph: nx.MultiGraph, path: Path) -> None:
    """The node table as CSV (booleans as true/false, lists joined with "; ", blanks for what is unknown),
    with `<name>.datapackage.json` beside it: a Frictionless data package whose Table Schema gives each
    column's type, meaning and missing value, and the data's licences."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(NODE_COLUMNS)
        for row in node_rows(graph):
            writer.writerow([safe_csv_cell(_csv_value(row[c])) for c in NODE_COLUMNS])
    package = {
        "profile": "tabular-data-package", "name": _package_name(path.stem),
        "title": "Twinning knowledge graph: node table", "licenses": DATA_LICENCES,
        "resources": [{
            "name": _package_name(path.stem), "path": path.name, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": name, "type": kind, "description": text}
                                  for name, (kind, text) in NODE_COLUMNS.items()],
                       "missingValues": [""], "primaryKey": ["key"]},
        }],
    }
    path.with_name(f"{path.stem}.datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return value


def _package_name(stem: str) -> str:
    """A Frictionless name: lower case letters, digits and - . _ only."""
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "nodes"


def write_node_parquet(graph: nx.MultiGraph, path: Path) -> None:
    """The node table as Parquet with typed columns: integers stay integers (nullable), booleans booleans,
    Wikidata ids a list of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}
    schema = pa.schema([pa.field(name, pa.list_(pa.string()) if name == "wikidata_ids" else types[kind],
                                 metadata={"description": text})
                        for name, (kind, text) in NODE_COLUMNS.items()])
    rows = node_rows(graph)
    table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    pq.write_table(table, path)
