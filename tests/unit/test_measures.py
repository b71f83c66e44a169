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
    # pairs of cities: 4 at distance 1, 3 at 2, 2 at 3, 1 at 4 -> mean 20 / 10 = 2
    assert paths["distribution"] == {1: 4, 2: 3, 3: 2, 4: 1} and paths["pairs"] == 10
    assert (paths["diameter"], paths["mean"], paths["median"], paths["sampled"]) == (4, 2.0, 2.0, False)


def _small_world_with_islands(n: int = 400) -> nx.Graph:
    graph = nx.connected_watts_strogatz_graph(n, 6, 0.1, seed=1)
    graph.add_edges_from([(n + 1, n + 2), (n + 2, n + 3), (n + 5, n + 6)])  # two small components
    return graph


def test_paths_are_exact_by_default_and_match_networkx():
    graph = _small_world_with_islands()
    largest = graph.subgraph(max(nx.connected_components(graph), key=len))
    paths = measures.path_lengths(graph)
    assert paths["sampled"] is False and paths["largest_component_nodes"] == 400
    assert paths["mean"] == pytest.approx(nx.average_shortest_path_length(largest), abs=1e-4)
    assert paths["diameter"] == nx.diameter(largest)
    every = [d for a, row in nx.all_pairs_shortest_path_length(largest) for b, d in row.items() if a < b]
    assert paths["distribution"] == {k: every.count(k) for k in sorted(set(every))}
    assert paths["median"] == float(np.median(every))


def test_sampled_paths_say_so_and_their_error_covers_the_exact_mean():
    graph = nx.connected_watts_strogatz_graph(2500, 6, 0.1, seed=1)
    paths = measures.path_lengths(graph, sample=200)
    exact = measures.path_lengths(graph)["mean"]  # held to networkx's above
    assert paths["sampled"] and paths["sources"] == 200 and paths["standard_error"] > 0
    assert abs(paths["mean"] - exact) < 4 * paths["standard_error"] + 0.01
    assert "lower bound" in paths["diameter_note"]


def test_betweenness_is_exact_and_normalised_as_networkx():
    graph = _small_world_with_islands()
    expected = nx.betweenness_centrality(graph)
    found = measures.betweenness(graph)
    assert set(found) == set(graph)
    assert max(abs(found[v]["value"] - expected[v]) for v in graph) < 1e-9
    assert all(found[v]["error"] == 0.0 for v in graph)


def test_sampled_betweenness_gives_each_estimate_its_error():
    graph = _small_world_with_islands()
    expected = nx.betweenness_centrality(graph)
    found = measures.betweenness(graph, sample=150)
    hub = max(expected, key=expected.get)
    assert found[hub]["error"] > 0
    assert abs(found[hub]["value"] - expected[hub]) < 4 * found[hub]["error"]


def test_the_two_process_measures_equal_the_one_process_ones():
    """Above 2,000 cities betweenness and paths are shared with a second process: the same figures."""
    graph = _small_world_with_islands(measures.PARALLEL_MIN_NODES + 100)
    central, paths, _ = measures.shortest_path_measures(graph)
    alone = measures.betweenness(graph)
    assert max(abs(central[v]["value"] - alone[v]["value"]) for v in graph) < 1e-12
    assert paths == measures.path_lengths(graph)


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
    graph.add_edge(20, 21)  # a small component: counted apart, in no community
    graph.nodes[20]["country"] = graph.nodes[21]["country"] = "FR"
    found = measures.communities(graph)
    assert found["count"] == 2 and found["sizes"] == [6, 6] and found["other_components"] == 1
    component = graph.subgraph(range(16))
    assert found["modularity"] == pytest.approx(nx.community.modularity(component, [set(range(6)),
                                                                                    set(range(10, 16))]), abs=1e-4)
    assert found["inside_communities_same_country_share"] == 1.0
    assert found["edges_inside_communities"] == round(30 / 31, 4)
    assert found["component_same_country_share"] == round(30 / 31, 4)  # the comparison: all the component's edges
    assert found["largest"][0]["top_countries"] in (["PL"], ["DE"])


def test_leiden_finds_planted_communities_at_least_as_well_as_networkx_louvain():
    graph = nx.planted_partition_graph(8, 40, 0.3, 0.01, seed=4)
    found = measures.leiden(graph)
    louvain = nx.community.louvain_communities(graph, seed=7)
    assert nx.community.modularity(graph, found) >= nx.community.modularity(graph, louvain) - 1e-3
    assert sorted(map(len, found)) == [40] * 8


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
    """A community's top countries and the communities of one size come in one order, whatever the order
    Python's sets iterate in: ties broken by country code and by keys."""
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
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(3)}
    assert len(outputs) == 1, outputs
    assert json.loads(outputs.pop())["largest"][0]["top_countries"] == ["EE", "LT", "LV"]


def test_p_values_print_as_a_paper_prints_them():
    from kg.analysis.figures import p_value_text

    assert p_value_text(0.0) == "p < 1e-300" and p_value_text(1e-320) == "p < 1e-300"
    assert p_value_text(0.0321) == "p = 0.032" and p_value_text(4.12e-12) == "p = 4.1e-12"
