"""Network statistics and CSV safety on graphs built in memory."""

from __future__ import annotations

import networkx as nx

from kg.analysis.statistics import structure


def test_structure_of_an_empty_graph():
    s = structure(nx.Graph())
    assert (s["nodes"], s["edges"], s["transitivity"], s["degree_assortativity"]) == (0, 0, 0, None)
