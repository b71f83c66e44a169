"""The named query library: every query has a header, its parameters and a test."""

from __future__ import annotations

from pathlib import Path

from kg.store.queries import all_named

QUERY_OF_COMMAND = {"country_cities": "test_named_query_country_cities",
                    "network_edges": "test_named_query_network_edges", "within_hops": "test_kielce_two_hops",
                    "shortest_chain": "test_path",
                    "common_partners": "test_common_partners", "cousin_cities": "test_cousins",
                    "city_search": "test_search_is_accent", "city_partners": "test_named_query_city_search",
                    "association_members": "test_named_query_city_search", "city_facts": "test_named_query_city"}


def test_every_named_query_has_a_header_and_a_test():
    graph_tests = (Path(__file__).parents[1] / "graph").glob("test_*.py")
    tested = "".join(path.read_text(encoding="utf-8") for path in graph_tests)
    for q in all_named():
        assert q.description and q.example, q.name
        # a query the commands run is tested through its command's test; the others by their own name
        assert QUERY_OF_COMMAND.get(q.name, q.name) in tested, f"no test for {q.name}"
        for param in q.params:
            assert f"${param}" in q.text, (q.name, param)
