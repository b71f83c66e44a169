"""Network views generated from the graph: tooltips, layouts, selections, the node limit."""

from __future__ import annotations

import json
import re


def test_tooltips_are_plain_text_with_facts(graph, tmp_path):
    report = graph.render(str(tmp_path / "o.html"), city="Ostrava", hops=1)
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert report.nodes == 13 and report.edges == 12
    assert "Signed: 2015-11-13" in page and "Areas: science, technology and technique, culture" in page
    assert "Sources: 001_97950afbaa3c8235.txt:26" in page and "Population: 184,021" in page


def test_geo_layout_and_association_view(run_kg, seeded_db, tmp_path):
    out = tmp_path / "cta.html"
    result = run_kg("render", "--association", "City Twins Association", "--layout", "geo", "-o", str(out))
    assert result.exit_code == 0 and "15 nodes, 21 relationships, geo layout" in result.output
    page = out.read_text(encoding="utf-8")
    assert '"physics": false' in page and "association membership (MEMBER_OF)" in page
    positions = {m[0]: (float(m[1]), float(m[2])) for m in
                 re.findall(r'"label": "([^"]+)"[^}]*?"x": (-?[\d.]+), "y": (-?[\d.]+)', page)}
    assert positions["Tornio"][1] < positions["Frankfurt (Oder)"][1]  # north is up
    assert positions["Narva"][0] > positions["Frankfurt (Oder)"][0]  # east is right


def test_max_nodes_guard_says_what_it_dropped(run_kg, seeded_db, tmp_path):
    out = tmp_path / "all.html"
    result = run_kg("render", "-o", str(out), "--max-nodes", "10")
    assert result.exit_code == 0
    assert "nodes and" in result.output and "left out" in result.output
    page = out.read_text(encoding="utf-8")
    assert "left out (raise max_nodes to include them)" in page
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    drawn = {n["id"] for n in nodes}
    assert len(drawn) == 10 and edges and all({e["from"], e["to"]} <= drawn for e in edges)
    degree = {r["key"]: r["degree"] for r in seeded_db.read(
        "MATCH (c:City) RETURN c.key AS key, COUNT { (c)-[:PARTNER_OF|FRIENDLY_WITH]-() } AS degree")}
    assert min(degree[k] for k in drawn) >= max(d for k, d in degree.items() if k not in drawn)  # the best-connected


def test_one_selection_at_a_time(run_kg, seeded_db, tmp_path):
    result = run_kg("render", "Kielce", "--country", "PL", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "Choose one of" in result.output


def test_each_country_of_a_view_has_its_own_colour_and_the_rest_are_other(graph):
    """The view of Kielce's three-hop neighbourhood: its most frequent countries each get a distinct palette
    colour, far apart (no two near-identical blues), and the rest one grey "other countries" entry."""
    import itertools

    from kg.views.render import OTHER_COLOUR, PALETTE, ViewOptions, node_entries

    view = graph.view_graph("Kielce", 3)
    nodes, legend = node_entries(view, ViewOptions(title="t"), None)
    countries = {d.get("country") for _, d in view.nodes(data=True) if d.get("kind") != "association"}
    assert len(countries) > len(PALETTE)  # enough countries to need "other"
    coloured = {name: colour for name, colour in legend.items() if colour != OTHER_COLOUR}
    assert len(coloured) == len(set(coloured.values())) == len(PALETTE)
    assert legend["other countries"] == OTHER_COLOUR
    rgb = lambda h: [int(h[i:i + 2], 16) for i in (1, 3, 5)]  # noqa: E731
    assert min(sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b))) ** 0.5
               for a, b in itertools.combinations(coloured.values(), 2)) > 50
    by_country = {d.get("country"): n["color"] for n, (_, d) in zip(nodes, view.nodes(data=True))
                  if d.get("kind") != "association"}
    assert by_country["PL"] != by_country["UA"] != by_country["LT"]
