"""The published measures on graphs whose answers are known by hand or by networkx's own functions."""

from __future__ import annotations

import json
import math
import os

import networkx as nx
import numpy as np
import pytest

from kg.analysis import measures


def test_paths_of_a_chain_of_five_cities():
    paths = measures.path_lengths(nx.path_graph(5))
    # ordered pairs: 8 at distance 1, 6 at 2, 4 at 3, 2 at 4 -> mean 40 / 20 = 2
    assert paths["distribution"] == {1: 8, 2: 6, 3: 4, 4: 2}
    assert (paths["diameter"], paths["mean"], paths["median"], paths["sampled"]) == (4, 2.0, 2.0, False)


def test_paths_are_sampled_above_two_thousand_cities_and_stay_close_to_the_exact_mean():
    graph = nx.connected_watts_strogatz_graph(2500, 6, 0.1, seed=1)
    paths = measures.path_lengths(graph)
    exact = nx.average_shortest_path_length(graph)
    assert paths["sampled"] and paths["sources"] == measures.PATH_SOURCES
    assert abs(paths["mean"] - exact) < 4 * paths["standard_error"] + 0.01


def test_gini_is_zero_when_equal_and_high_for_a_star():
    assert measures.gini([3, 3, 3, 3]) == 0
    star = [d for _, d in nx.star_graph(99).degree()]  # one hub of 99, 99 leaves of 1
    # sum over the sorted degrees of (2i - n - 1) x_i = -99 + 99 * 99 = 9702; n * sum = 100 * 198
    assert measures.gini(star) == pytest.approx(9702 / 19800, abs=1e-4)


def test_the_power_law_fit_recovers_the_exponent_of_a_sampled_power_law():
    rng = np.random.default_rng(3)
    degrees = np.floor((1 - rng.random(20000)) ** (-1 / 1.5)).astype(int)  # P(k) ~ k^-2.5 above 1
    fit = measures.degree_distribution(nx.expected_degree_graph(degrees, seed=3, selfloops=False))["power_law"]
    assert 2.2 < fit["alpha"] < 2.9 and fit["x_min"] >= 1 and fit["tail_nodes"] > 100


def test_two_national_clubs_are_two_communities_that_follow_the_border():
    graph = nx.Graph()
    for country, offset in (("PL", 0), ("DE", 10)):
        nodes = range(offset, offset + 6)
        graph.add_nodes_from(nodes, country=country)
        graph.add_edges_from((a, b) for a in nodes for b in nodes if a < b)
    graph.add_edge(0, 10)
    found = measures.communities(graph)
    assert found["count"] == 2 and found["sizes"] == [6, 6]
    assert found["modularity"] == pytest.approx(nx.community.modularity(graph, [set(range(6)), set(range(10, 16))]),
                                                abs=1e-4)
    assert found["inside_communities_same_country_share"] == 1.0 and found["edges_inside_communities"] == 30 / 31
    assert found["largest"][0]["top_countries"] in (["PL"], ["DE"])


def test_proximity_sees_partners_nearer_than_random_pairs():
    rng = np.random.default_rng(5)
    graph, rows = nx.Graph(), []
    for i in range(400):
        lat, lon = rng.uniform(-50, 60), rng.uniform(-170, 170)
        graph.add_node(2 * i, latitude=lat, longitude=lon)
        graph.add_node(2 * i + 1, latitude=lat + 0.5, longitude=lon + 0.5)  # each partner about 70 km away
        graph.add_edge(2 * i, 2 * i + 1)
        rows.append({"a": 2 * i, "b": 2 * i + 1, "latitude_a": lat, "longitude_a": lon,
                     "latitude_b": lat + 0.5, "longitude_b": lon + 0.5})
    found = measures.proximity(graph, rows)
    assert found["median_km"] < 100 < found["random_median_km"]
    assert found["share_within_500_km"] == 1.0 and found["ks_p"] < 1e-6


def test_population_assortativity_is_networkx_numeric_assortativity_of_log_population():
    graph = nx.gnm_random_graph(300, 900, seed=2)
    rng = np.random.default_rng(2)
    for v in graph:
        graph.nodes[v]["population"] = int(rng.choice([2_000, 15_000, 80_000, 400_000, 3_000_000]))
    logged = graph.copy()
    for v in logged:
        logged.nodes[v]["log_population"] = math.log10(logged.nodes[v]["population"])
    found = measures.population_assortativity(graph)
    assert found["edges"] == 900
    assert found["coefficient"] == pytest.approx(nx.numeric_assortativity_coefficient(logged, "log_population"),
                                                 abs=1e-4)


def test_communities_are_the_same_whatever_pythons_hash_seed():
    """Issue 27: `kg stats` gave another order of a community's top countries run to run (ties in a Counter
    filled from a set). Ties are now broken by country code and communities of one size by their keys."""
    import subprocess
    import sys

    program = (
        "import json, networkx as nx\n"
        "from kg.analysis.measures import communities\n"
        "g = nx.Graph()\n"
        "for club in range(4):\n"
        "    members = [f'gn:{club}{i}' for i in range(6)]\n"
        "    for i, a in enumerate(members):\n"
        "        g.add_node(a, country=['EE', 'LV', 'LT'][i % 3])\n"
        "        for b in members[:i]:\n"
        "            g.add_edge(a, b)\n"
        "g.add_edges_from([('gn:00', 'gn:10'), ('gn:10', 'gn:20'), ('gn:20', 'gn:30')])\n"
        "print(json.dumps(communities(g), sort_keys=True))\n")
    outputs = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outputs) == 1, outputs
    assert json.loads(outputs.pop())["largest"][0]["top_countries"] == ["EE", "LT", "LV"]
