"""Statistics, the report, exports and the JSON dump round trip on a real graph."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from kg.analysis.statistics import network_stats
from kg.records import PartnershipView
from tests.helpers import round_trip

STAT_KEYS = {"nodes", "edges", "components", "largest_component", "triangles", "transitivity", "average_clustering",
             "degree_assortativity", "mean_degree", "max_degree", "cities", "countries", "associations",
             "partnerships", "friendly_contacts", "memberships", "same_country_share", "same_continent_share",
             "continent_matrix",
             "top_degree", "top_betweenness", "per_decade", "paths", "degree_distribution",
             "communities", "proximity", "population_assortativity"}


def load_pairs(db, pairs, countries=None, coords=None, years=None):
    """Write a small graph of cities straight into Neo4j (keys 'name:XX:<n>')."""
    countries = countries or {}
    coords = coords or {}
    nodes = sorted({n for p in pairs for n in p})
    db.write("UNWIND $rows AS row CREATE (:City {key: row.key, name: row.name, country: row.cc, latitude: row.lat, "
             "longitude: row.lon})",
             rows=[{"key": f"name:XX:{n}", "name": str(n), "cc": countries.get(n, "XX"),
                    "lat": coords.get(n, (None, None))[0], "lon": coords.get(n, (None, None))[1]} for n in nodes])
    db.write("UNWIND $rows AS row MATCH (a:City {key: row.a}), (b:City {key: row.b}) "
             "CREATE (a)-[:PARTNER_OF {since_year: row.year}]->(b)",
             rows=[{"a": f"name:XX:{a}", "b": f"name:XX:{b}", "year": (years or {}).get((a, b))} for a, b in pairs])


def test_hand_computed_figures(empty_db):
    # a triangle 1-2-3 with a tail 3-4, and a separate pair 5-6
    load_pairs(empty_db, [(1, 2), (2, 3), (1, 3), (3, 4), (5, 6)],
               countries={1: "PL", 2: "PL", 3: "DE", 4: "FR", 5: "JP", 6: "US"},
               coords={1: (50.0, 20.0), 2: (50.0, 21.0)}, years={(1, 2): 1957, (2, 3): 1961, (3, 4): 2001})
    s = network_stats(empty_db)
    assert STAT_KEYS <= set(s)
    assert (s["nodes"], s["edges"], s["components"], s["largest_component"], s["triangles"]) == (6, 5, 2, 4, 1)
    assert s["max_degree"] == 3 and s["mean_degree"] == pytest.approx(10 / 6)
    # transitivity = 3 * triangles / connected triples = 3 / (1 + 1 + 3) = 0.6
    assert s["transitivity"] == pytest.approx(0.6)
    # clustering: nodes 1, 2 -> 1; node 3 -> 1/3; nodes 4, 5, 6 -> 0
    assert s["average_clustering"] == pytest.approx((1 + 1 + 1 / 3) / 6)
    assert s["same_country_share"] == pytest.approx(1 / 5)  # only 1-2 is domestic
    assert s["same_continent_share"] == pytest.approx(4 / 5)  # all but JP-US
    assert s["continent_matrix"] == {"AS": {"AS": 0, "EU": 0, "NA": 1}, "EU": {"AS": 0, "EU": 4, "NA": 0},
                                     "NA": {"AS": 1, "EU": 0, "NA": 0}} and s["continent_pairs_unknown"] == 0
    assert s["proximity"]["median_km"] == pytest.approx(71.5, abs=0.5)  # 1° of longitude at 50° N
    assert s["per_decade"] == {"1950s": 1, "1960s": 1, "2000s": 1}
    assert s["top_degree"][0]["name"] == "3" and s["top_betweenness"][0]["name"] == "3"


def test_figures_match_networkx_on_a_random_graph(empty_db):
    rng = random.Random(11)
    g = nx.gnm_random_graph(120, 300, seed=5)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    load_pairs(empty_db, [(a, b) for a, b in g.edges()], countries={n: rng.choice(["PL", "DE", "FR"]) for n in g})
    s = network_stats(empty_db)
    assert (s["nodes"], s["edges"]) == (g.number_of_nodes(), g.number_of_edges())
    assert s["transitivity"] == pytest.approx(nx.transitivity(g))
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(g))
    assert s["degree_assortativity"] == pytest.approx(nx.degree_assortativity_coefficient(g))
    assert s["triangles"] == sum(nx.triangles(g).values()) // 3
    assert s["components"] == nx.number_connected_components(g)
    exact = nx.betweenness_centrality(g)
    top = s["top_betweenness"][0]
    assert top["betweenness"] == pytest.approx(max(exact.values()), abs=1e-6)


def test_stats_cli_on_the_seeds(run_kg, seeded_db):
    result = run_kg("stats", "--format", "json")
    s = json.loads(result.output)
    assert STAT_KEYS <= set(s)
    assert (s["partnerships"], s["friendly_contacts"], s["memberships"], s["associations"]) == (35, 7, 15, 2)
    assert s["nodes"] == 44 and s["edges"] == 35  # 7 (Vinnytsia) + 10 (Panevėžys) + 13 (Ostrava) + 14 (pairs)
    assert s["paths"]["sampled"] is False and s["paths"]["diameter"] >= 2 and s["communities"]["count"] >= 2
    assert s["proximity"]["partnerships"] > 0 and "paths.diameter" in run_kg("stats").stdout
    with_friendly = json.loads(run_kg("stats", "--format", "json", "--friendly").output)
    assert (with_friendly["edges"], with_friendly["nodes"]) == (42, 51)  # 7 friendly contacts, 7 more cities


def test_report_writes_markdown_and_plots(run_kg, seeded_db, tmp_path):
    result = run_kg("report", "-o", str(tmp_path / "r"), "--country", "Poland")
    assert result.exit_code == 0
    names = {p.name for p in (tmp_path / "r").iterdir()}
    assert {"report.md", "degree_distribution.png", "distance_histogram.png",
            "country_pairs_heatmap.png", "path_lengths.png", "distance_vs_random.png", "communities_map.png",
            "partnerships_world.png", "partnerships_world.pdf", "partnerships_PL.png", "partnerships_PL.pdf"} <= names
    text = (tmp_path / "r" / "report.md").read_text()
    assert "| partnerships | 35 |" in text and "Ostrava" in text and "| diameter |" in text
    pngs = sorted((tmp_path / "r").glob("*.png"))
    for png in pngs:  # every figure has a vector file beside it
        assert png.with_suffix(".svg").exists() or png.with_suffix(".pdf").exists(), png.name
    assert run_kg("report", "-o", str(tmp_path / "again"), "--country", "Poland").exit_code == 0
    for path in sorted((tmp_path / "r").iterdir()):  # the same graph, the same bytes
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    # the seeds date a dozen partnerships: a sentence, not a plot that would look like a finding
    assert "partnerships_per_decade.png" not in names and "No plot of partnerships per decade: 12 of 35" in text


def test_the_report_plots_draw_the_known_answer(empty_db):
    """Germany has the most partnerships (5), then France (3) and Poland (3, one of them domestic); the
    small countries' single partnerships must not outrank them (the totals are sums, never overwritten)."""
    from kg.analysis.report import country_pair_matrix
    from kg.analysis.statistics import twinning_network

    pairs = [(1, 2), (1, 3), (1, 4), (5, 2), (5, 6), (6, 7), (8, 9), (10, 11)]
    countries = {1: "DE", 5: "DE", 2: "FR", 3: "FR", 4: "PL", 6: "PL", 7: "PL", 8: "MH", 9: "PW", 10: "VU", 11: "TV"}
    load_pairs(empty_db, pairs, countries=countries, years={(1, 2): 1957, (1, 3): 1961, (5, 2): 1965})
    graph, rows = twinning_network(empty_db, PartnershipView(("PARTNER_OF",)))
    top, matrix = country_pair_matrix(rows, size=3)
    assert top[0] == "DE" and set(top[1:]) == {"FR", "PL"}
    cell = dict(zip(top, matrix[top.index("DE")]))
    assert cell == {"DE": 0, "FR": 3, "PL": 2}
    assert matrix[top.index("PL")][top.index("PL")] == 1
    stats = network_stats(empty_db, network=(graph, rows))
    assert stats["per_decade"] == {"1950s": 1, "1960s": 2} and stats["partnerships"] == 8


def test_the_default_export_is_the_graph_kg_stats_measures(run_kg, seeded_db, tmp_path):
    """`kg export` takes partnerships only unless asked, as `kg stats` does, and says which."""
    stats = json.loads(run_kg("stats", "--format", "json").output)
    exported = run_kg("export", "graphml", "-o", str(tmp_path / "all.graphml"))
    g = nx.Graph(nx.read_graphml(tmp_path / "all.graphml"))
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    assert (g.number_of_nodes(), g.number_of_edges()) == (stats["nodes"], stats["edges"])
    assert "(partnerships)" in exported.output
    both = run_kg("export", "graphml", "--rel", "partner", "--rel", "friendly", "-o", str(tmp_path / "b.graphml"))
    friendly = json.loads(run_kg("stats", "--format", "json", "--friendly").output)
    g = nx.Graph(nx.read_graphml(tmp_path / "b.graphml"))
    assert g.number_of_edges() == friendly["edges"] and "(partnerships and friendly contacts)" in both.output


def test_graphml_and_gexf_open_in_networkx(run_kg, seeded_db, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"cta.{fmt}"
        result = run_kg("export", fmt, "--association", "CTA", "-o", str(out))
        assert result.exit_code == 0, result.output
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert g.number_of_nodes() == 15 and g.number_of_edges() == 21
        names = {d.get("name") for _, d in g.nodes(data=True)}
        assert {"Valka", "Słubice", "City Twins Association"} <= names
        statuses = {d.get("status") for _, _, d in g.edges(data=True)}
        assert {"member", "cooperating"} <= statuses
        labels = {d.get("label") for _, d in g.nodes(data=True)}
        assert labels == names  # Gephi shows the label: the name, never the key
        assert any(d.get("claimed_by") for _, _, d in g.edges(data=True))


def test_csv_export_neutralises_formulas(run_kg, empty_db, tmp_path):
    empty_db.write("CREATE (:City {key: 'name:PL:x', name: '=HYPERLINK(\"http://x\")', name_folded: 'hyperlink', "
                   "country: 'PL'})-[:PARTNER_OF {sources: ['@evil']}]->(:City {key: 'name:PL:y', name: '+SUM(A1)', "
                   "name_folded: 'sum a1', country: 'PL', latitude: -33.9})")
    out = tmp_path / "e.csv"
    assert run_kg("export", "csv", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "'=HYPERLINK" in text and "'@evil" in text and ",'+SUM(A1)," in text
    from kg.cells import safe_csv_cell

    assert safe_csv_cell(-33.9) == "-33.9" and safe_csv_cell("-cmd") == "'-cmd"  # numbers stay numbers


def test_round_trip_on_the_seeds(run_kg, empty_db, tmp_path):
    assert run_kg("load", "seeds").exit_code == 0
    first, second, records = round_trip(run_kg, tmp_path)
    assert first == second
    assert sum("node" in r for r in records) == 95 and any(r.get("relationship") == "GREW_FROM" for r in records)


def test_import_refuses_unknown_labels_before_writing(run_kg, empty_db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "twinning-kg", "version": 1,
                               "nodes": [{"label": "City", "properties": {"key": "name:PL:a", "name": "A"}},
                                         {"label": "City`) DETACH DELETE n //", "properties": {"key": "x"}}],
                               "relationships": []}))
    result = run_kg("import", "json", str(bad))
    assert result.exit_code == 1 and "unknown label" in result.output
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_cite_lists_the_sources_a_selection_rests_on(run_kg, seeded_db):
    """`kg cite` gives the software, the sources the graph's relationships cite and the place tables and
    outlines behind its places, as BibTeX and CSL JSON, in a stable order; a selection rests on fewer."""
    import bibtexparser

    whole = json.loads(run_kg("cite", "--format", "csl").output)
    ids = [item["id"] for item in whole]
    assert ids[0] == "twinning-kg" and len(ids) == len(set(ids)) > 3
    stored = {r["key"] for r in seeded_db.read("MATCH ()-[r]->() UNWIND r.source_ids AS key RETURN DISTINCT key")}
    reference = {"geonames", "natural-earth"}  # the seeds' cities are GeoNames places; every map's outlines
    assert set(ids[1:]) == stored | reference and ids[1:] == sorted(stored) + sorted(reference)
    confirmed = {item["id"] for item in json.loads(run_kg("cite", "--format", "csl", "--min-sources", "2").output)}
    assert confirmed < set(ids)
    entries = bibtexparser.loads(run_kg("cite", "--country", "PL").output).entries
    assert entries and {e["ID"] for e in entries} <= set(ids) and "geonames" in {e["ID"] for e in entries}
    whole_bib = {e["ID"]: e for e in bibtexparser.loads(run_kg("cite").output).entries}
    seed = whole_bib["seed-002-city-twins-association"]
    assert seed["author"] == "{MOT-AEBK}" and seed["year"] == "2007" and seed["url"] == "http://www.citytwins.net"


def test_the_node_table_reads_right_with_pandas_defaults_and_parquet_keeps_types(run_kg, empty_db, tmp_path):
    """Namibia's alpha-2 code and North America's continent code are both NA, which pandas' default reader
    takes for missing: the table carries the alpha-3 code, the country's name and continent names beside it,
    says which cities the selection asked for, and its Parquet twin keeps integers and booleans."""
    import pandas as pd
    import pyarrow.parquet as pq

    load_pairs(empty_db, [(1, 2), (2, 3), (3, 4)], countries={1: "NA", 2: "NA", 3: "US", 4: "PL"})
    empty_db.write("MATCH (c:City {key: 'name:XX:1'}) SET c.geonames_id = 3352136, c.population = 386219")
    assert run_kg("export", "nodes", "--country", "NA", "-o", str(tmp_path / "namibia.csv")).exit_code == 0
    table = pd.read_csv(tmp_path / "namibia.csv")
    assert len(table) == 3  # Namibia's two cities and their partner in the US
    assert table["country_alpha3"].tolist() == ["NAM", "NAM", "USA"] and table["country_name"].notna().all()
    assert table["continent"].tolist() == ["Africa", "Africa", "North America"]
    assert table["in_selection"].tolist() == [True, True, False] and table["degree"].dtype == "int64"
    package = json.loads((tmp_path / "namibia.datapackage.json").read_text())
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(table.columns) and package["resources"][0]["path"] == "namibia.csv"
    assert {f["name"]: f["type"] for f in fields}["geonames_id"] == "integer"
    assert run_kg("export", "parquet", "--country", "NA", "-o", str(tmp_path / "namibia.parquet")).exit_code == 0
    parquet = pq.read_table(tmp_path / "namibia.parquet")
    types = {f.name: str(f.type) for f in parquet.schema}
    assert types["geonames_id"] == "int64" and types["in_selection"] == "bool" and types["degree"] == "int64"
    rows = parquet.to_pylist()
    assert rows[0]["geonames_id"] == 3352136 and rows[0]["country"] == "NA" and rows[1]["geonames_id"] is None


def test_the_network_as_it_stood_in_a_year(run_kg, empty_db):
    """`--as-of YEAR` keeps partnerships signed by then (undated ones count) and not ended before."""
    from kg.api import TwinningGraph

    load_pairs(empty_db, [(1, 2), (2, 3), (1, 3), (3, 4), (5, 6)], years={(1, 2): 1957, (2, 3): 1961, (3, 4): 2001})
    empty_db.write("MATCH (:City {key: 'name:XX:1'})-[r:PARTNER_OF]->(:City {key: 'name:XX:3'}) "
                   "SET r.status = 'ended', r.status_since = '1999'")
    g = TwinningGraph(database=empty_db)
    assert g.stats(as_of=1960)["edges"] == 3  # 1-2 (1957), 1-3 and 5-6 (undated): 2-3 and 3-4 came later
    assert g.stats(as_of=2005)["edges"] == 4  # 1-3 ended in 1999
    assert g.stats()["edges"] == 5 and g.stats()["dated_partnerships"] == 3
    assert {r["name"] for r in g.hops("name:XX:1", max_hops=1, as_of=1960)} == {"2", "3"}
    assert {r["name"] for r in g.hops("name:XX:1", max_hops=1, as_of=2005)} == {"2"}
    shown = json.loads(run_kg("stats", "--as-of", "1960", "--format", "json").stdout)
    assert (shown["edges"], shown["as_of"]) == (3, 1960)
    exported = run_kg("export", "csv", "--as-of", "1960", "-o", "-").stdout.strip().splitlines()
    assert len(exported) == 1 + 3
    assert run_kg("stats", "--as-of", "12").exit_code == 2  # a year no partnership can date from
