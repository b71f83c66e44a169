"""The measures papers on city networks report, so a figure here compares with a published one.

Paths (diameter, mean shortest path, the distribution of path lengths) of the largest component; the degree
distribution (a power-law fit with the `powerlaw` package and its comparison with a lognormal, the Gini
coefficient, the rich-club coefficient); Louvain communities and how far they follow borders; distances of
partnerships against random pairs of the same cities; assortativity by log population.
"""

from __future__ import annotations

import functools
import math
import statistics
import warnings
from collections import Counter
from typing import Any

import networkx as nx
import numpy as np

from kg.geo import distances_km
from kg.resolve.countries import continent_of

EXACT_PATHS_MAX_NODES = 2000  # above this, mean path length from sampled sources
PATH_SOURCES = 300
RANDOM_PAIRS = 20000
RICH_CLUB_DEGREES = (5, 10, 20, 50)
MIN_FIT_NODES = 50  # a power-law fit on fewer cities says nothing


def path_lengths(graph: nx.Graph, seed: int = 7) -> dict[str, Any]:
    """Diameter (exact, by networkx's bounding method) and shortest-path lengths of the largest component:
    from every node up to 2,000 nodes, else from 300 sampled sources (the standard error says how close)."""
    from scipy.sparse.csgraph import shortest_path

    if graph.number_of_edges() == 0:
        return {"largest_component_nodes": graph.number_of_nodes(), "diameter": 0, "mean": None, "median": None,
                "sources": 0, "sampled": False, "standard_error": None, "distribution": {}}
    component = graph.subgraph(max(nx.connected_components(graph), key=len)).copy()  # a view is slow to walk
    n = component.number_of_nodes()
    sampled = n > EXACT_PATHS_MAX_NODES
    sources = np.random.default_rng(seed).choice(n, PATH_SOURCES, replace=False) if sampled else np.arange(n)
    lengths = shortest_path(nx.to_scipy_sparse_array(component, format="csr"), unweighted=True, indices=sources)
    per_source = [row[row > 0] for row in lengths]
    every = np.concatenate(per_source).astype(int)
    counts = np.bincount(every)
    means = [row.mean() for row in per_source]
    return {
        "largest_component_nodes": n,
        "diameter": nx.diameter(component, usebounds=True),
        "mean": round(float(every.mean()), 3),
        "median": float(np.median(every)),
        "sources": len(sources), "sampled": sampled,
        "standard_error": round(statistics.stdev(means) / math.sqrt(len(means)), 4) if sampled else 0.0,
        "distribution": {int(k): int(v) for k, v in enumerate(counts) if k and v},
    }


def degree_distribution(graph: nx.Graph) -> dict[str, Any]:
    """Power-law fit (discrete, x_min by the KS method of Clauset, Shalizi & Newman), the log-likelihood
    ratio against a lognormal (R > 0 favours the power law; p its significance), Gini, rich club."""
    import powerlaw

    degrees = [d for _, d in graph.degree() if d > 0]
    result: dict[str, Any] = {"gini": gini(degrees), "rich_club": rich_club(graph)}
    if len(degrees) < MIN_FIT_NODES or len(set(degrees)) < 3:
        return result | {"power_law": None, "power_law_note": f"not fitted: fewer than {MIN_FIT_NODES} cities "
                                                               "or 3 distinct degrees"}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # powerlaw warns on every numerically tiny tail term
            fit = powerlaw.Fit(degrees, discrete=True, verbose=False)
            ratio, p = fit.distribution_compare("power_law", "lognormal")
    except (ValueError, ZeroDivisionError) as exc:  # a tail too short for the optimiser
        return result | {"power_law": None, "power_law_note": f"not fitted: {exc}"}
    return result | {"power_law": {
        "alpha": round(float(fit.power_law.alpha), 3), "alpha_sigma": round(float(standard_error(fit.power_law)), 3),
        "x_min": int(fit.power_law.xmin), "tail_nodes": int(sum(d >= fit.power_law.xmin for d in degrees)),
        "vs_lognormal_R": round(float(ratio), 3), "vs_lognormal_p": float(p),
        "preferred": ("power law" if ratio > 0 else "lognormal") if p < 0.1 else "neither (p >= 0.1)"}}


def standard_error(distribution) -> float:
    """The exponent's standard error: `standard_err` from powerlaw 2.0, `sigma` before."""
    return getattr(distribution, "standard_err", None) or distribution.sigma


def gini(values: list[int]) -> float | None:
    """The Gini coefficient: 0 when every city has as many partners, near 1 when a few have them all."""
    if not values or sum(values) == 0:
        return None
    ordered = np.sort(np.asarray(values, dtype=float))
    n = len(ordered)
    return round(float((2 * np.arange(1, n + 1) - n - 1) @ ordered / (n * ordered.sum())), 4)


def rich_club(graph: nx.Graph) -> dict[str, float]:
    """networkx's (unnormalised) rich-club coefficient at a few degrees: how densely the cities with more
    than k partners are tied among themselves."""
    if graph.number_of_edges() == 0:
        return {}
    simple = graph if type(graph) is nx.Graph else nx.Graph(graph)  # a copy of 22,000 nodes costs a second
    coefficients = nx.rich_club_coefficient(simple, normalized=False)
    return {str(k): round(coefficients[k], 4) for k in RICH_CLUB_DEGREES if k in coefficients}


def communities(graph: nx.Graph, seed: int = 7) -> dict[str, Any]:
    """Louvain communities (networkx, seeded), their modularity and sizes, and the share of each community's
    edges inside one country and inside one continent (the ten largest shown)."""
    if graph.number_of_edges() == 0:
        return {"count": 0, "modularity": None, "sizes": [], "largest": []}
    found = louvain(graph, seed)
    country = nx.get_node_attributes(graph, "country")
    largest = []
    for members in found[:10]:
        edges = list(graph.subgraph(members).edges())
        countries = Counter(country.get(v) for v in members)
        largest.append({"nodes": len(members), "edges": len(edges),
                        "top_countries": [c for c, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0] or ""))
                                          if c][:3],  # ties by country code: the same figures every run
                        **border_shares(edges, country)})
    inside = [e for members in found for e in graph.subgraph(members).edges()]
    return {"count": len(found), "modularity": round(nx.community.modularity(graph, found), 4),
            "sizes": [len(c) for c in found[:20]], "seed": seed,
            "edges_inside_communities": len(inside) / graph.number_of_edges(),
            **{f"inside_communities_{k}": v for k, v in border_shares(inside, country).items()},
            "largest": largest}


@functools.lru_cache(maxsize=2)
def louvain(graph: nx.Graph, seed: int = 7) -> tuple[frozenset, ...]:
    """Louvain communities, largest first (ties by their smallest key); kept for the same graph object, so
    `kg report` maps what `kg stats` counted without a second run."""
    found = nx.community.louvain_communities(graph, seed=seed)
    return tuple(sorted(map(frozenset, found), key=lambda members: (-len(members), min(map(str, members)))))


def border_shares(edges: list[tuple], country: dict) -> dict[str, float | None]:
    """Of the edges with both countries known: the share within one country, and within one continent."""
    known = [(country[a], country[b]) for a, b in edges if country.get(a) and country.get(b)]
    if not known:
        return {"same_country_share": None, "same_continent_share": None}
    continents = [(continent_of(a), continent_of(b)) for a, b in known]
    return {"same_country_share": round(sum(a == b for a, b in known) / len(known), 4),
            "same_continent_share": round(sum(a == b and a is not None for a, b in continents) / len(known), 4)}


def proximity(graph: nx.Graph, rows: list[dict], seed: int = 7) -> dict[str, Any]:
    """Great-circle distances of partnerships against 20,000 random pairs of the same cities: if proximity
    did not matter the two would match (two-sample Kolmogorov-Smirnov test)."""
    from scipy.stats import ks_2samp

    partners = edge_distances(rows)
    random_km = random_pair_distances(graph, seed)
    found: dict[str, Any] = {"partnerships": len(partners), "random_pairs": len(random_km)}
    if len(partners):
        found.update(median_km=round(float(np.median(partners)), 1), mean_km=round(float(np.mean(partners)), 1))
    if len(partners) < 2 or len(random_km) < 2:
        return found
    test = ks_2samp(partners, random_km)
    return {**found, "random_median_km": round(float(np.median(random_km)), 1),
            "share_within_500_km": round(float(np.mean(partners <= 500)), 4),
            "random_share_within_500_km": round(float(np.mean(random_km <= 500)), 4),
            "ks_statistic": round(float(test.statistic), 4), "ks_p": float(test.pvalue)}


def random_pair_distances(graph: nx.Graph, seed: int = 7) -> np.ndarray:
    """Kilometres between 20,000 random pairs of the graph's cities that have coordinates."""
    placed = [(d["latitude"], d["longitude"]) for _, d in graph.nodes(data=True)
              if located(d.get("latitude"), d.get("longitude"))]
    if len(placed) < 2:
        return np.zeros(0)
    coords = np.array(placed, dtype=float)
    a, b = np.random.default_rng(seed).integers(0, len(coords), size=(2, RANDOM_PAIRS))
    return distances_km(coords[a, 0], coords[a, 1], coords[b, 0], coords[b, 1])[a != b]


def located(latitude: float | None, longitude: float | None) -> bool:
    """Is this a point on the Earth (both coordinates finite numbers in range)?"""
    return (isinstance(latitude, (int, float)) and isinstance(longitude, (int, float))
            and -90 <= latitude <= 90 and -180 <= longitude <= 180)


def edge_distances(rows: list[dict]) -> np.ndarray:
    """Kilometres between the two cities of every pair with coordinates (each pair once; a point that is not
    a number, NaN written into the graph by hand, counts as none)."""
    pairs = {(min(r["a"], r["b"]), max(r["a"], r["b"])): r for r in rows}.values()
    placed = [r for r in pairs if located(*ends_of(r)[:2]) and located(*ends_of(r)[2:])]
    if not placed:
        return np.zeros(0)
    ends = np.array([ends_of(r) for r in placed], dtype=float)
    return distances_km(ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3])


def ends_of(row: dict) -> tuple:
    """An edge row's two points: (latitude_a, longitude_a, latitude_b, longitude_b)."""
    return row["latitude_a"], row["longitude_a"], row["latitude_b"], row["longitude_b"]


def population_assortativity(graph: nx.Graph) -> dict[str, Any]:
    """Do large cities twin with large ones? Newman's numeric assortativity of log population: the Pearson
    correlation of the values at the two ends of every partnership whose cities both have a population,
    each edge counted in both directions (networkx's function tabulates every distinct value: minutes here)."""
    population = nx.get_node_attributes(graph, "population")
    ends = np.log10([(population[a], population[b]) for a, b in graph.edges()
                     if (population.get(a) or 0) > 0 and (population.get(b) or 0) > 0]).reshape(-1, 2)
    if len(ends) < 2:
        return {"coefficient": None, "edges": len(ends)}
    both_ways = np.concatenate([ends, ends[:, ::-1]])
    coefficient = np.corrcoef(both_ways[:, 0], both_ways[:, 1])[0, 1]
    return {"coefficient": None if np.isnan(coefficient) else round(float(coefficient), 4), "edges": len(ends)}


def all_measures(graph: nx.Graph, rows: list[dict]) -> dict[str, Any]:
    """Every measure of `kg stats` beyond networkx's structure: paths, degree fit, communities, proximity,
    assortativity."""
    return {"paths": path_lengths(graph), "degree_distribution": degree_distribution(graph),
            "communities": communities(graph), "proximity": proximity(graph, rows),
            "population_assortativity": population_assortativity(graph)}
