"""The questions (hops, path, common, cousins, partners, search) and the named queries on the seed data."""

from __future__ import annotations

import json

import pytest

V = "Vinnytsya"  # GeoNames' name; the page's "Vinnytsia" is an alias


def cli_json(run_kg, *args):
    result = run_kg(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    return answer["cities"] if args[0] == "hops" else answer


def test_kielce_two_hops(run_kg, seeded_db):
    rows = cli_json(run_kg, "hops", "Kielce", "--max", "2")
    assert [(r["name"], r["country"], r["hops"]) for r in rows] == [
        ("Vinnytsya", "UA", 1), ("Bat Yam", "IL", 2), ("Birmingham", "US", 2), ("Bursa", "TR", 2),
        ("Panevėžys", "LT", 2), ("Peterborough", "GB", 2)]
    assert rows[0]["via"] == ["Kielce", "Vinnytsya"]
    assert rows[4]["via"] == ["Kielce", "Vinnytsya", "Panevėžys"]


def test_hops_three_reaches_panevezys_partners_and_friends_once_each(run_kg, seeded_db):
    rows = cli_json(run_kg, "hops", "Kielce", "--max", "3")
    third = {r["name"] for r in rows if r["hops"] == 3}
    assert len(third) == 17 and {"Lublin", "Chengdu", "Ferizaj"} <= third
    assert len({r["name"] for r in rows}) == len(rows) and "Kielce" not in {r["name"] for r in rows}
    only_partners = cli_json(run_kg, "hops", "Kielce", "--max", "3", "--rel", "partner")
    assert {r["name"] for r in only_partners if r["hops"] == 3} == third - {
        "Chengdu", "Ivano-Frankivsk", "Szarvas", "Ramla", "Ozurgeti", "Lecce", "Ferizaj"}


def test_membership_counts_as_hops_only_when_asked(run_kg, seeded_db):
    default = cli_json(run_kg, "hops", "Imatra", "--max", "2")
    assert [r["name"] for r in default] == ["Svetogorsk"]
    with_members = cli_json(run_kg, "hops", "Imatra", "--max", "2", "--rel", "partner", "--rel", "member")
    names = {r["name"]: r["hops"] for r in with_members}
    assert names["Svetogorsk"] == 1 and names["Narva"] == 2 and names["Cieszyn"] == 2
    assert next(r for r in with_members if r["name"] == "Narva")["via"] == ["Imatra", "City Twins Association", "Narva"]


def test_hops_says_when_its_limit_cuts_the_answer(run_kg, seeded_db):
    whole = cli_json(run_kg, "hops", "Kielce", "--max", "3", "--limit", "0")
    cut = run_kg("hops", "Kielce", "--max", "3", "--limit", "5", "--format", "json")
    answer = json.loads(cut.stdout)
    assert answer["cities"] == whole[:5] and answer["total"] == len(whole) > 5
    assert answer["truncated"] is True and answer["limit"] == 5
    assert f"Showing the first 5 of {len(whole)} cities" in cut.stderr
    table = run_kg("hops", "Kielce", "--max", "3", "--limit", str(len(whole)))
    assert "Showing the first" not in table.stderr and len(table.stdout.splitlines()) == len(whole) + 2


def test_a_named_query_says_when_its_limit_cuts_the_answer(run_kg, seeded_db):
    """`kg query` said nothing when its limit cut the rows; --limit takes another, 0 all."""
    cut = run_kg("query", "most_connected", "-p", "limit=2", "--format", "json")
    assert len(json.loads(cut.stdout)) == 2 and "Showing the first 2 rows" in cut.stderr
    everything = json.loads(run_kg("query", "most_connected", "--limit", "0", "--format", "json").stdout)
    assert len(everything) > 2
    whole = run_kg("query", "most_connected", "--limit", str(len(everything)), "--format", "json")
    assert len(json.loads(whole.stdout)) == len(everything) and "Showing" not in whole.stderr
    typed = run_kg("cypher", "RETURN $flag AS flag, $n + 1 AS n", "-p", "flag=true", "-p", "n=41", "--format", "json")
    assert json.loads(typed.stdout) == [{"flag": True, "n": 42}]


def test_hops_rejects_a_depth_outside_1_to_6(run_kg, seeded_db):
    result = run_kg("hops", "Kielce", "--max", "7")
    assert result.exit_code == 2 and "1<=x<=6" in result.output.replace(" ", "")


def test_path(run_kg, seeded_db):
    rows = cli_json(run_kg, "path", "Kielce", "Lublin")
    assert [(r["step"], r["from"], r["to"]) for r in rows] == [
        (1, "Kielce", "Vinnytsya"), (2, "Vinnytsya", "Panevėžys"), (3, "Panevėžys", "Lublin")]
    assert rows[2]["sources"] == ["000_338dc196583c97ae.txt:17"]
    none = run_kg("path", "Narva", "Bursa")
    assert none.exit_code == 1 and "No chain" in none.output


def test_common_partners(run_kg, seeded_db):
    rows = cli_json(run_kg, "common", "Kielce", "Bursa")
    assert [(r["name"], r["country"]) for r in rows] == [("Vinnytsya", "UA")]
    assert cli_json(run_kg, "common", "Vinnytsia", "Panevezys") == []


def test_cousins(run_kg, seeded_db):
    rows = cli_json(run_kg, "cousins", "Kielce")
    assert [(r["name"], r["shared"], r["via"]) for r in rows] == [
        ("Bat Yam", 1, [V]), ("Birmingham", 1, [V]), ("Bursa", 1, [V]), ("Panevėžys", 1, [V]),
        ("Peterborough", 1, [V])]


def test_search_is_accent_and_case_insensitive_prefix(run_kg, seeded_db):
    assert [(r["name"], r["country"]) for r in cli_json(run_kg, "search", "KO")][:2] == [
        ("Kolding", "DK"), ("Košice", "SK")]  # then places whose other names start so (Coventry: "Koventri")
    assert [r["name"] for r in cli_json(run_kg, "search", "Winnyzja")] == ["Vinnytsya"]  # GeoNames' German name
    assert [r["name"] for r in cli_json(run_kg, "search", "ceský")] == ["Český Těšín"]
    assert [r["name"] for r in cli_json(run_kg, "search", "uralsk")] == ["Oral"]


def test_named_query_country_pair_counts(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "country_pair_counts", "-p", "limit=5")
    assert rows == [{"country_a": "CZ", "country_b": "PL", "partnerships": 2},
                    {"country_a": "CZ", "country_b": "US", "partnerships": 2},
                    {"country_a": "DE", "country_b": "PL", "partnerships": 2},
                    {"country_a": "LT", "country_b": "RU", "partnerships": 2},
                    {"country_a": "BG", "country_b": "LT", "partnerships": 1}]


def test_named_query_most_connected(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "most_connected", "-p", "limit=3")
    assert [(r["name"], r["partners"], r["friendly"]) for r in rows] == [
        ("Ostrava", 12, 0), ("Panevėžys", 11, 7), ("Vinnytsya", 6, 0)]


def test_named_queries_city_kinds_city_parts_reciprocated_pairs(run_kg, seeded_db):
    assert cli_json(run_kg, "query", "city_kinds") == [{"kind": "city", "places": 52, "resolved": 52}]
    kielce = cli_json(run_kg, "search", "Kielce")[0]["key"]
    assert cli_json(run_kg, "query", "city_parts", "-p", f"key={kielce}") == []  # the seeds name no district
    assert cli_json(run_kg, "query", "city_by_key", "-p", f"key={kielce}")[0]["name"] == "Kielce"
    both = cli_json(run_kg, "query", "reciprocated_pairs")
    assert [({r["city"], r["partner"]}, r["source_ids"]) for r in both] == [
        ({"Panevėžys", V}, ["seed-000-vinnytsia"])]  # each city's own page lists the other
    assert cli_json(run_kg, "query", "reciprocated_pairs", "-p", "source=seed-001-ostrava") == []


def test_named_query_one_sided_claims(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "one_sided_claims")
    assert len(rows) == 5 + 10 + 7 + 12
    claimants = {r["claimed_by"] for r in rows}
    assert claimants == {"Vinnytsya", "Panevėžys", "Ostrava"}
    assert not any({r["claimed_by"], r["partner"]} == {"Vinnytsya", "Panevėžys"} for r in rows)


def test_named_query_partnerships_by_year(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "partnerships_by_year")
    assert [(r["year"], r["partnerships"]) for r in rows] == [
        (1957, 1), (1960, 1), (1971, 1), (1976, 1), (1996, 1), (2001, 3), (2008, 1), (2012, 2), (2015, 1)]
    assert [r["year"] for r in cli_json(run_kg, "query", "partnerships_by_year", "-p", "since=2010")] == [2012, 2015]


def test_named_query_find_city_and_find_association(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "find_city", "-p", "folded=valga", "-p", "country=EE")
    assert [(r["name"], r["country"]) for r in rows] == [("Valga", "EE")]
    rows = cli_json(run_kg, "query", "find_association", "-p", "text=UBC")
    assert rows[0]["key"] == "union-of-the-baltic-cities"


def test_named_query_city_search_partners_members_facts(graph):
    assert [r["name"] for r in graph.query("city_search", prefix="pane")] == ["Panevėžys"]
    kielce = graph.find_city("Kielce")["key"]
    assert [r["name"] for r in graph.query("city_partners", key=kielce)] == ["Vinnytsya"]
    assert len(graph.query("association_members", key="city-twins-association")) == 14
    facts = graph.query("city_facts", key=kielce)[0]
    assert facts["city"]["population"] == 200000 and facts["country_name"] == "Poland"


def test_named_queries_label_and_relationship_counts(graph, seeded_db):
    labels = {r["label"]: r["count"] for r in graph.query("label_counts")}
    types = {r["type"]: r["count"] for r in graph.query("relationship_counts")}
    assert labels == {"Association": 2, "City": 52, "Country": 27, "Event": 5, "Project": 1, "Source": 5,
                      "TwinningForm": 3}
    assert types["PARTNER_OF"] == 35 and types["FRIENDLY_WITH"] == 7 and types["MEMBER_OF"] == 15


def test_named_query_country_cities(run_kg, seeded_db):
    rows = cli_json(run_kg, "query", "country_cities", "-p", "country=EE", "-p", "types=[PARTNER_OF]")
    names = {r["name"] for r in seeded_db.read("MATCH (c:City) WHERE c.key IN $keys RETURN c.name AS name",
                                               keys=[r["key"] for r in rows])}
    assert names == {"Narva", "Ivangorod", "Valga", "Valka", "Rakvere", "Panevėžys"}


def test_named_query_network_edges(graph):
    rows = graph.query("network_edges", types=["PARTNER_OF"])
    assert len(rows) == 35
    katowice = next(r for r in rows if "Katowice" in (r["name_a"], r["name_b"]))
    assert katowice["since_year"] == 1960 and {katowice["country_a"], katowice["country_b"]} == {"CZ", "PL"}


def test_queries_lists_the_library(run_kg):
    rows = cli_json(run_kg, "queries")
    assert {"within_hops", "shortest_chain", "one_sided_claims"} <= {r["name"] for r in rows}


def test_query_with_a_wrong_parameter_is_one_clear_line(run_kg, seeded_db):
    result = run_kg("query", "most_connected", "-p", "limt=3")
    assert result.exit_code == 1 and "unknown: limt" in result.output
    result = run_kg("query", "no_such_query")
    assert result.exit_code == 1 and "kg queries" in result.output


def test_free_cypher_is_read_only_unless_write(run_kg, empty_db):
    refused = run_kg("cypher", "CREATE (:City {key: 'name:XX:x', name: 'X'})")
    assert refused.exit_code == 1
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    allowed = run_kg("cypher", "CREATE (c:City {key: $k, name: 'X'}) RETURN c.key AS key", "-p", "k=name:XX:x",
                     "--write")
    assert allowed.exit_code == 0 and "name:XX:x" in allowed.output
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 1


@pytest.mark.parametrize("method, args, cli_args", [
    ("hops", ("Kielce", 2), ("hops", "Kielce", "--max", "2")),
    ("path", ("Kielce", "Lublin"), ("path", "Kielce", "Lublin")),
    ("common", ("Kielce", "Bursa"), ("common", "Kielce", "Bursa")),
    ("cousins", ("Kielce",), ("cousins", "Kielce")),
    ("search", ("ko",), ("search", "ko")),
    ("members", ("CTA",), ("members", "CTA")),
])
def test_the_api_answers_the_same_as_the_cli(graph, run_kg, method, args, cli_args):
    api_rows = getattr(graph, method)(*args)
    cli_rows = cli_json(run_kg, *cli_args)
    keys = cli_rows[0].keys()
    assert [{k: r[k] for k in keys} for r in api_rows] == cli_rows


def test_api_pulls_a_result_into_networkx(graph):
    keys = graph.hops_subgraph("Kielce", 2)
    g = graph.to_networkx(keys)
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "city") == 7
    assert [d["name"] for _, d in g.nodes(data=True) if d["kind"] == "association"] == ["Union of the Baltic Cities"]
    assert {g.nodes[n]["name"] for n in g.neighbors(graph.find_city("Vinnytsia")["key"])} == {
        "Kielce", "Panevėžys", "Peterborough", "Birmingham", "Bursa", "Bat Yam"}


def test_form_conflicts_show_where_sources_disagree(run_kg, empty_db, tmp_path, monkeypatch):
    """Panevėžys' own page calls Ramla a friendly contact; a list that calls it a partnership disagrees."""
    monkeypatch.chdir(tmp_path)
    assert run_kg("load", "seeds", "--quiet").exit_code == 0
    listing = tmp_path / "list.csv"
    listing.write_text("city1,country1,city2,country2\nRamla,IL,Panevėžys,LT\n", encoding="utf-8")
    assert run_kg("load", "csv", str(listing), "--quiet").exit_code == 0
    rows = cli_json(run_kg, "query", "form_conflicts")
    assert [(r["city"], r["other"], r["partner_sources"], r["friendly_sources"]) for r in rows] == [
        ("Ramla", "Panevėžys", ["list.csv:2"], ["000_338dc196583c97ae.txt:17"])]
    shown = run_kg("city", "Ramla")
    assert ("SOURCES DISAGREE on the form of the link with Panevėžys: a partnership in list.csv:2, a friendly "
            "contact in seed-000-vinnytsia:17") in shown.output
    facts = json.loads(run_kg("city", "Ramla", "--format", "json").stdout)
    assert len(facts["form_conflicts"]) == 1
