"""The named query library: every query has a header, its parameters and a test."""

from __future__ import annotations

from pathlib import Path

from kg.store.queries import all_named

QUERY_OF_COMMAND = {"country_cities": "test_named_query_country_cities",
                    "network_edges": "test_named_query_network_edges", "within_hops": "test_kielce_two_hops",
                    "shortest_chain": "test_path",
                    "common_partners": "test_common_partners", "cousin_cities": "test_cousins",
                    "city_search": "test_search_is_accent", "city_partners": "test_named_query_city_search",
                    "association_members": "test_named_query_city_search", "city_facts": "test_named_query_city",
                    "country_cities_ranked": "test_a_country_lists_its_cities_and_partner_countries",
                    "country_partner_countries": "test_a_country_lists_its_cities_and_partner_countries"}


def test_every_named_query_has_a_header_and_a_test():
    graph_tests = (Path(__file__).parents[1] / "graph").glob("test_*.py")
    tested = "".join(path.read_text(encoding="utf-8") for path in graph_tests)
    for q in all_named():
        assert q.description and q.example, q.name
        # a query the commands run is tested through its command's test; the others by their own name
        assert QUERY_OF_COMMAND.get(q.name, q.name) in tested, f"no test for {q.name}"
        for param in q.params:
            assert f"${param}" in q.text, (q.name, param)


def test_the_view_condition_is_written_once_and_put_in_every_query_that_names_it():
    """Which partnerships a view keeps (active_only, as_of) is one condition in cypher/fragments, spliced
    into each query that names it: none states it again, none is left with the bare name."""
    from kg.store.queries import named, read_query

    root = Path(__file__).parents[2] / "cypher"
    naming = [p for p in root.rglob("*.cypher") if "pair_in_view(r)" in p.read_text(encoding="utf-8")
              and p.parent.name != "fragments"]
    assert {p.stem for p in naming} >= {"within_hops", "network_edges", "subgraph_pairs", "subgraph_structure"}
    for path in root.rglob("*.cypher"):
        if path.parent.name != "fragments":
            assert "status_since, '9999'" not in path.read_text(encoding="utf-8"), path.name
    for path in naming:
        text = read_query(path.stem) if path.parent.name == "reads" else named(path.stem).text
        assert "pair_in_view" not in text and "$as_of" in text and "$active_only" in text, path.name
