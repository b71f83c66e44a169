"""The measures papers on city networks report, so a figure here compares with a published one.

Exact unless a sample is asked for: paths (diameter, mean shortest path, the distribution of path lengths) of
the largest component and betweenness, by igraph's compiled core; the degree distribution (a power-law fit with
the `powerlaw` package and its comparison with a lognormal, the Gini coefficient, the rich-club coefficient);
Leiden communities of the largest component and how far they follow borders, against all its edges; distances of
partnerships against random pairs of the same cities; assortativity by log population.
"""

from __future__ import annotations

import contextlib
import functools
import math
import statistics
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import KGError
from kg.geo import distances_km
from kg.resolve.countries import continent_of

PATH_SOURCES = 300  # sources of the sampled mode, when asked for
RANDOM_PAIRS = 20000
RICH_CLUB_DEGREES = (5, 10, 20, 50)
MIN_FIT_NODES = 50  # a power-law fit on fewer cities says nothing
COMMUNITY_SEED = 7


def compiled(graph: nx.Graph):
    """The graph in igraph (a compiled core: exact paths and betweenness on the world graph in seconds), its
    vertices in key order so that seeded algorithms give the same answer for the same graph; returns the
    igraph graph and the node of each vertex."""
    import igraph as ig

    nodes = sorted(graph, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges() if a != b]), nodes


def largest_component(graph: nx.Graph) -> nx.Graph:
    """The largest connected component (of two as large, the one holding the smaller key) as a graph of its
    own."""
    if not graph.number_of_nodes():
        return graph
    components = sorted(nx.connected_components(graph), key=lambda c: min(map(str, c)))
    return graph.subgraph(max(components, key=len)).copy()


def path_lengths(graph: nx.Graph, sample: int | None = None, seed: int = 7) -> dict[str, Any]:
    """Shortest-path lengths between the city pairs of the largest component: exact, by breadth-first search
    from every city (igraph's `path_length_hist`, O(n m)); with `sample`, from that many random sources, the
    mean with its standard error (the spread of the sources' own means). Pairs are unordered: the
    distribution counts each pair of cities once; the diameter is the longest of those paths."""
    if graph.number_of_edges() == 0:
        return component_path_lengths(graph.number_of_nodes(), [], sample, seed)
    component, _ = compiled(largest_component(graph))
    return component_path_lengths(component.vcount(), component.get_edgelist(), sample, seed)


PARALLEL_MIN_NODES = 2000  # below this a second process costs more than it saves
SECOND_PROCESS_SHARE = 3  # the second process takes the paths and every 3rd source of betweenness: even halves


def shortest_path_measures(graph: nx.Graph, betweenness_sample: int | None = None, path_sample: int | None = None,
                           seed: int = 7, meanwhile: Callable[[], Any] = lambda: None
                           ) -> tuple[dict[Any, dict[str, float]], dict[str, Any], Any]:
    """`betweenness` and `path_lengths` together, both breadth-first searches from every city, shared between
    two processes on a large graph (igraph holds Python's lock while it runs, so threads would not overlap):
    the second takes the path lengths and a third of betweenness's sources, whose dependencies add up to the
    exact values (Brandes' sum over sources), while this one runs `meanwhile` (the other figures) and the
    rest of the sources. Returns betweenness, path lengths and what `meanwhile` returned; the same graph gives
    the same figures either way."""
    g, nodes = compiled(graph)
    if g.vcount() < PARALLEL_MIN_NODES or not graph.number_of_edges():
        return betweenness(graph, betweenness_sample, seed), path_lengths(graph, path_sample, seed), meanwhile()
    component, _ = compiled(largest_component(graph))
    n = g.vcount()
    exact = not betweenness_sample or betweenness_sample >= n
    theirs = list(range(0, n, SECOND_PROCESS_SHARE)) if exact else []
    with _second_process(component.vcount(), component.get_edgelist(), path_sample, seed, n, g.get_edgelist(),
                         theirs) as result:
        other = meanwhile()
        if exact:
            ours = [v for v in range(n) if v % SECOND_PROCESS_SHARE]
            partial = np.asarray(g.betweenness(directed=False, sources=ours, targets=range(n)))
            paths, dependencies = result()
            scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
            central = {node: {"value": float(v) * scale, "error": 0.0}
                       for node, v in zip(nodes, partial + np.asarray(dependencies))}
        else:
            central = betweenness(graph, betweenness_sample, seed)
            paths, _ = result()
    return central, paths, other


@contextlib.contextmanager
def _second_process(*args):
    """`paths_and_dependencies(*args)` in a second Python process (`python -m kg.analysis.worker`), its
    arguments sent before this returns (igraph then holds this process's lock, so nothing could be sent
    later); yields a function that waits for the result. A plain subprocess, not multiprocessing: a user's
    script is never imported again, whatever its shape."""
    import pickle
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "kg.analysis.worker"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(pickle.dumps(args))
    process.stdin.close()
    process.stdin = None  # sent: communicate() only reads

    def result():
        out, err = process.communicate()
        if process.returncode:
            last = (err.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
            raise KGError(f"The measures' second process failed (exit code {process.returncode}): {last}")
        return pickle.loads(out)

    try:
        yield result
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def paths_and_dependencies(n: int, edges: list[tuple[int, int]], path_sample: int | None, seed: int,
                            whole_n: int, whole_edges: list[tuple[int, int]], sources: list[int]):
    """The second process's share: the largest component's path lengths, and the betweenness dependencies
    of `sources` in the whole graph."""
    import igraph as ig

    paths = component_path_lengths(n, edges, path_sample, seed)
    if not sources:
        return paths, []
    whole = ig.Graph(n=whole_n, edges=whole_edges)
    return paths, whole.betweenness(directed=False, sources=sources, targets=range(whole_n))


def component_path_lengths(n: int, edges: list[tuple[int, int]], sample: int | None = None,
                           seed: int = 7) -> dict[str, Any]:
    """`path_lengths` of a connected graph given as its vertex count and edge list (what a second process
    receives)."""
    import igraph as ig

    empty: dict[str, Any] = {"largest_component_nodes": n, "diameter": 0, "mean": None, "median": None, "sources": 0,
             "sampled": False, "standard_error": None, "pairs": 0, "distribution": {}}
    if not edges:
        return empty
    component = ig.Graph(n=n, edges=edges)
    if sample and sample < n:
        sources = sorted(np.random.default_rng(seed).choice(n, sample, replace=False).tolist())
        lengths = np.asarray(component.distances(source=sources), dtype=float)
        per_source = [row[row > 0] for row in lengths]
        counts = np.bincount(np.concatenate(per_source).astype(int))
        means = [row.mean() for row in per_source]
        distribution = {k: int(v) for k, v in enumerate(counts) if k and v}  # ordered pairs from the sources
        found = {"sources": len(sources), "sampled": True,
                 "standard_error": round(statistics.stdev(means) / math.sqrt(len(means)), 4),
                 "diameter_note": "the longest path from the sampled sources: a lower bound"}
    else:
        histogram = component.path_length_hist(directed=False)
        distribution = {int(start): int(count) for start, _, count in histogram.bins() if count}
        found = {"sources": n, "sampled": False, "standard_error": 0.0}
    total = sum(distribution.values())
    mean = sum(k * v for k, v in distribution.items()) / total
    return {**empty, **found, "diameter": max(distribution), "mean": round(mean, 4),
            "median": _median(distribution, total), "pairs": total, "distribution": distribution}


def _median(distribution: dict[int, int], total: int) -> float:
    """The median of a histogram of whole numbers (the mean of the two middle values when the count is even)."""
    def at(position: int) -> int:
        seen = 0
        for value in sorted(distribution):
            seen += distribution[value]
            if seen > position:
                return value
        return max(distribution)
    return (at((total - 1) // 2) + at(total // 2)) / 2


def betweenness(graph: nx.Graph, sample: int | None = None, seed: int = 7) -> dict[Any, dict[str, float]]:
    """Each node's betweenness centrality, normalised as networkx's (2 / ((n-1)(n-2)) for an undirected graph):
    exact by Brandes' algorithm in igraph (O(n m)); with `sample`, estimated from that many random sources
    (each source's dependencies scaled by n / sample, Brandes & Pich 2007) with each estimate's standard
    error. Returns {node: {"value": ..., "error": ...}} (error 0 when exact)."""
    g, nodes = compiled(graph)
    n = g.vcount()
    if n < 3:
        return {node: {"value": 0.0, "error": 0.0} for node in nodes}
    scale = 2 / ((n - 1) * (n - 2))
    if not sample or sample >= n:
        exact = g.betweenness(directed=False)
        return {node: {"value": value * scale, "error": 0.0} for node, value in zip(nodes, exact)}
    sources = sorted(np.random.default_rng(seed).choice(n, sample, replace=False).tolist())
    every = list(range(n))
    per_source = np.array([g.betweenness(directed=False, sources=[s], targets=every) for s in sources])
    values = per_source.mean(axis=0) * n * scale
    errors = per_source.std(axis=0, ddof=1) * n * scale / math.sqrt(len(sources)) if len(sources) > 1 \
        else np.full(n, np.nan)
    return {node: {"value": float(v), "error": float(e)} for node, v, e in zip(nodes, values, errors)}


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


def communities(graph: nx.Graph, seed: int = COMMUNITY_SEED) -> dict[str, Any]:
    """Leiden communities (modularity, igraph, seeded) of the largest component, their modularity and sizes,
    and the share of each community's edges inside one country and inside one continent (the ten largest
    shown), beside the same shares over all the component's edges: the comparison a finding rests on. The
    smaller components are counted apart (each is trivially its own group)."""
    if graph.number_of_edges() == 0:
        return {"count": 0, "modularity": None, "sizes": [], "largest": []}
    component = largest_component(graph)
    found = leiden(graph, seed)
    country = nx.get_node_attributes(graph, "country")
    largest = []
    for members in found[:10]:
        edges = list(component.subgraph(members).edges())
        countries = Counter(country.get(v) for v in members)
        largest.append({"nodes": len(members), "edges": len(edges),
                        "top_countries": [c for c, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0] or ""))
                                          if c][:3],  # ties by country code: the same figures every run
                        **border_shares(edges, country)})
    inside = [e for members in found for e in component.subgraph(members).edges()]
    all_edges = list(component.edges())
    return {"algorithm": "Leiden (modularity), igraph", "seed": seed,
            "of_component_nodes": component.number_of_nodes(), "count": len(found),
            "modularity": round(nx.community.modularity(component, found), 4),
            "other_components": nx.number_connected_components(graph) - 1,
            "sizes": [len(c) for c in found[:20]],
            "edges_inside_communities": round(len(inside) / len(all_edges), 4),
            **{f"inside_communities_{k}": v for k, v in border_shares(inside, country).items()},
            **{f"component_{k}": v for k, v in border_shares(all_edges, country).items()},
            "largest": largest}


@functools.lru_cache(maxsize=2)
def leiden(graph: nx.Graph, seed: int = COMMUNITY_SEED) -> tuple[frozenset, ...]:
    """The Leiden communities of the largest component (Traag, Waltman & van Eck 2019; modularity, run until
    stable), largest first (ties by their smallest key); igraph's random numbers drawn from a generator seeded
    with `seed` alone, so the same graph gives the same communities. Kept for the same graph object: `kg report`
    maps what `kg stats` counted without a second run."""
    import random

    import igraph as ig

    g, nodes = compiled(largest_component(graph))
    ig.set_random_number_generator(random.Random(seed))
    try:
        membership = g.community_leiden(objective_function="modularity", n_iterations=-1).membership
    finally:
        ig.set_random_number_generator(random)
    groups: dict[int, set] = {}
    for node, group in zip(nodes, membership):
        groups.setdefault(group, set()).add(node)
    return tuple(sorted(map(frozenset, groups.values()), key=lambda members: (-len(members), min(map(str, members)))))


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
    """Kilometres between 20,000 random pairs of two different cities of the graph that have coordinates."""
    placed = [(d["latitude"], d["longitude"]) for _, d in graph.nodes(data=True)
              if located(d.get("latitude"), d.get("longitude"))]
    if len(placed) < 2:
        return np.zeros(0)
    coords = np.array(placed, dtype=float)
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(coords), size=RANDOM_PAIRS)
    b = (a + rng.integers(1, len(coords), size=RANDOM_PAIRS)) % len(coords)  # any other city, uniformly
    return distances_km(coords[a, 0], coords[a, 1], coords[b, 0], coords[b, 1])


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


def all_measures(graph: nx.Graph, rows: list[dict], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every measure of `kg stats` beyond the structure: paths (`path_lengths`, unless given), degree fit,
    communities, proximity, assortativity."""
    return {"paths": path_lengths(graph) if paths is None else paths, "degree_distribution": degree_distribution(graph),
            "communities": communities(graph), "proximity": proximity(graph, rows),
            "population_assortativity": population_assortativity(graph)}
