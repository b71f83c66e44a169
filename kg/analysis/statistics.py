"""Network statistics with networkx's definitions, so figures compare with published ones.

The twinning network: cities as nodes, partnerships as undirected simple edges (a pair stated by several
sources counts once); friendly contacts are added on request. Isolated cities (no partnership of the chosen
kinds) are not nodes of it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.analysis.measures import all_measures, betweenness, shortest_path_measures
from kg.analysis.network import read_cities, read_pairs
from kg.records import PartnershipView
from kg.resolve.countries import continent_of
from kg.store.database import Database
from kg.store.queries import named
from kg.vocabulary import FRIENDLY_WITH, MEMBER_OF, PARTNER_OF

END_FIELDS = ("name", "country", "latitude", "longitude", "population")  # of each end, in an edge row: name_a, ...


def twinning_network(db: Database, view: PartnershipView) -> tuple[nx.Graph, list[dict]]:
    """The simple undirected graph of cities, and the edge rows it came from (a, b, relation, since_year and
    each end's `END_FIELDS` as name_a, ..., name_b, ...; the relationships the view reads), read as the views
    read the graph (`kg.analysis.network`)."""
    cities = read_cities(db, None)
    pairs = sorted(read_pairs(db, None, view),
                   key=lambda p: (p[0], p[1], p[2]["relation"]))
    rows = [{"a": a, "b": b, "relation": pair["relation"], "since_year": pair["since_year"],
             **{f"{field}_a": cities[a][field] for field in END_FIELDS},
             **{f"{field}_b": cities[b][field] for field in END_FIELDS}}
            for a, b, pair in pairs]
    graph = nx.Graph()
    for key in sorted({row[end] for row in rows for end in "ab"}):  # key order: sampled figures (betweenness,
        graph.add_node(key)                                        # communities) never depend on storage order
    for row in rows:
        for end in "ab":
            graph.add_node(row[end], **{field: row[f"{field}_{end}"] for field in END_FIELDS})
        graph.add_edge(row["a"], row["b"])
    return graph, rows


def structure(graph: nx.Graph, betweenness_sample: int | None = None, seed: int = 7,
              central: dict | None = None) -> dict[str, Any]:
    """Structural figures of a simple undirected graph (networkx definitions); betweenness exact (igraph)
    unless `betweenness_sample` sources are asked for, then with each estimate's standard error (`central`:
    the values already computed by `kg.analysis.measures.betweenness`)."""
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    degrees = [d for _, d in graph.degree()]
    components = list(nx.connected_components(graph)) if n else []
    try:
        assortativity = nx.degree_assortativity_coefficient(graph) if m else None
        if assortativity is not None and math.isnan(assortativity):
            assortativity = None
    except (ZeroDivisionError, ValueError):
        assortativity = None
    if central is None:
        central = betweenness(graph, betweenness_sample, seed) if n else {}
    name = lambda node: graph.nodes[node].get("name", node)  # noqa: E731
    return {
        "nodes": n,
        "edges": m,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "triangles": sum(nx.triangles(graph).values()) // 3,
        "transitivity": nx.transitivity(graph),
        "average_clustering": nx.average_clustering(graph) if n else 0.0,
        "degree_assortativity": assortativity,
        "mean_degree": (2 * m / n) if n else 0.0,
        "max_degree": max(degrees, default=0),
        "top_degree": [{"name": name(v), "country": graph.nodes[v].get("country"), "key": v, "degree": d}
                       for v, d in sorted(graph.degree(), key=lambda x: (-x[1], str(name(x[0]))))[:10]],
        **top_betweenness(graph, central, betweenness_sample),
    }


def top_betweenness(graph: nx.Graph, central: dict, betweenness_sample: int | None = None) -> dict[str, Any]:
    """The ten cities of highest betweenness (`central`: `kg.analysis.measures.betweenness`'s values), each
    with its standard error when sampled, and the sample size (None when exact)."""
    name = lambda node: graph.nodes[node].get("name", node)  # noqa: E731
    n = graph.number_of_nodes()
    return {
        "top_betweenness": [{"name": name(v), "country": graph.nodes[v].get("country"), "key": v,
                             "betweenness": round(b["value"], 6),
                             **({"standard_error": round(b["error"], 6)} if betweenness_sample else {})}
                            for v, b in sorted(central.items(), key=lambda x: (-x[1]["value"], str(x[0])))[:10]],
        "betweenness_sample": betweenness_sample if betweenness_sample and betweenness_sample < n else None,
    }


def geography(rows: list[dict]) -> dict[str, Any]:
    """Shares of same-country and same-continent pairs, partnerships between each two continents (both
    halves of the symmetric matrix, a pair within one continent on the diagonal), and pairs by the decade
    they were signed (distances are the measures' `proximity`)."""
    pairs = {(min(r["a"], r["b"]), max(r["a"], r["b"])): r for r in rows}.values()
    with_countries = [r for r in pairs if r["country_a"] and r["country_b"]]
    same_country = sum(r["country_a"] == r["country_b"] for r in with_countries)
    continents = [(continent_of(r["country_a"]), continent_of(r["country_b"])) for r in with_countries]
    known = [(x, y) for x, y in continents if x and y]
    decades = Counter((r["since_year"] // 10) * 10 for r in pairs if r["since_year"])
    between = Counter(known) + Counter((y, x) for x, y in known if x != y)
    order = sorted({x for pair in known for x in pair})
    return {
        "same_country_share": same_country / len(with_countries) if with_countries else None,
        "same_continent_share": sum(x == y for x, y in known) / len(known) if known else None,
        "continent_matrix": {x: {y: between[(x, y)] for y in order} for x in order},
        "continent_pairs_unknown": len(pairs) - len(known),
        "per_decade": {f"{d}s": decades[d] for d in sorted(decades)},
        "dated_partnerships": sum(decades.values()),
    }


def network_types(include_friendly: bool) -> list[str]:
    """The relationship types the network counts: partnerships, and friendly contacts on request."""
    return [PARTNER_OF, FRIENDLY_WITH] if include_friendly else [PARTNER_OF]


def network_stats(db: Database, view: PartnershipView | None = None, betweenness_sample: int | None = None,
                  network: tuple[nx.Graph, list[dict]] | None = None, measures: bool = True,
                  path_sample: int | None = None, on_phase: Callable[[str], None] | None = None) -> dict:
    """Every figure of `kg stats`, as one JSON-ready dict; `network` is a `twinning_network` already fetched.
    The network's figures count only the relationships the view reads (partnerships by default); the graph's
    totals all.
    `measures` adds paths, the degree fit, communities, proximity and population assortativity
    (`kg.analysis.measures`). Betweenness and paths are exact unless `betweenness_sample` or `path_sample`
    sources are asked for. `on_phase(label)` is told each phase as it begins."""
    said = on_phase or (lambda label: None)
    view = view or PartnershipView(tuple(network_types(False)))
    if network is None:
        said("Reading the network")
    graph, rows = network or twinning_network(db, view)
    said(f"Measuring {graph.number_of_nodes():,} cities and {graph.number_of_edges():,} links: shortest paths "
         "(exact), betweenness, communities" if measures else "Measuring betweenness")

    def other_figures() -> dict[str, Any]:  # worked out while the second process starts on the paths
        figures = structure(graph, betweenness_sample, central={})
        labels, relationships = db.counts()
        figures.update({
            "cities": labels.get("City", 0), "countries": labels.get("Country", 0),
            "associations": labels.get("Association", 0), "partnerships": relationships.get(PARTNER_OF, 0),
            "friendly_contacts": relationships.get(FRIENDLY_WITH, 0), "memberships": relationships.get(MEMBER_OF, 0),
        })
        figures["places_by_kind"] = {r["kind"]: r["places"] for r in db.read(named("city_kinds").text)}
        figures.update(geography(rows))
        if measures:
            figures.update(all_measures(graph, rows, paths={}))
        return figures

    if measures:
        central, path_figures, figures = shortest_path_measures(graph, betweenness_sample, path_sample,
                                                                meanwhile=other_figures)
        figures["paths"] = path_figures
    else:
        central, figures = betweenness(graph, betweenness_sample), other_figures()
    figures.update(top_betweenness(graph, central, betweenness_sample))
    figures["relationship_types"] = list(view.types)
    figures.update(view.filters())
    return figures
