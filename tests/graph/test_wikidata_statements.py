"""Wikidata's P190 statements with their qualifiers and references, from a recorded response in the Query
Service's JSON results format (tests/data/wikidata/statements.json, hand-made): years, ends, reference URLs
and GeoNames identity reach the graph (issue 30)."""

from __future__ import annotations

from pathlib import Path

STATEMENTS = Path(__file__).resolve().parents[1] / "data" / "wikidata" / "statements.json"


def test_statements_bring_their_years_ends_references_and_geonames_identity(run_kg, empty_db, tmp_path):
    result = run_kg("load", "wikidata", str(STATEMENTS), "--report-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    rows = empty_db.read("MATCH (a:City)-[r:PARTNER_OF]->(b:City) RETURN a.key AS a, b.key AS b, r.since AS since, "
                         "r.since_year AS year, r.status AS status, r.status_since AS status_since, "
                         "r.sources AS sources, r.dates AS dates")
    pairs = {frozenset((r["a"], r["b"])): r for r in rows}
    kielce_vinnytsia = pairs[frozenset(("gn:769250", "gn:689558"))]  # both by their GeoNames IDs
    assert kielce_vinnytsia["year"] == 1997 and kielce_vinnytsia["since"] == "1997"
    cited = " ".join(kielce_vinnytsia["sources"])
    assert "https://www.kielce.eu/en/partner-cities.html" in cited and "https://www.vmr.gov.ua/twin-cities" in cited
    ostrava_katowice = pairs[frozenset(("gn:3068799", "gn:3096472"))]  # Katowice by label, country and point
    assert ostrava_katowice["since"] == "1960-05-09"
    narva_ivangorod = pairs[frozenset(("gn:590031", "gn:555624"))]
    assert (narva_ivangorod["status"], narva_ivangorod["status_since"]) == ("ended", "2022-03-01")
    # each side's statement keeps its own date with its citation (Narva says 1991, Ivangorod 1993)
    assert sorted(d.split("|")[0] for d in narva_ivangorod["dates"]) == ["1991", "1993-06-12"]
    assert any("statements.json:7" in d for d in narva_ivangorod["dates"])
    how = {r["key"]: r["how"] for r in empty_db.read(
        "MATCH (c:City) WHERE c.wikidata_resolution IS NOT NULL RETURN c.key AS key, c.wikidata_resolution AS how")}
    assert how["gn:769250"] == how["gn:590031"] == "geonames"
    uppsala = empty_db.read("MATCH (c:City) WHERE 'Q25326' IN c.wikidata_ids RETURN c.key AS key, c.country AS cc")
    assert uppsala[0]["cc"] == "SE" and uppsala[0]["key"].startswith("gn:")  # its GeoNames ID is unknown here
    unlabelled = empty_db.read("MATCH (c:City) WHERE 'Q999999991' IN c.wikidata_ids RETURN c.key AS key")
    assert unlabelled == [{"key": "wd:Q999999991"}]  # no label, no identity: its own item, never guessed
    # a missing label (the service gives the QID back) with a GeoNames ID: that place, named as the gazetteer
    # names it, and the QID is no spelling of it
    turku = empty_db.read("MATCH (c:City) WHERE 'Q38511' IN c.wikidata_ids RETURN c.key AS key, c.name AS name, "
                          "coalesce(c.aliases, []) + coalesce(c.spellings, []) AS spellings")
    assert turku[0]["key"] == "gn:633679" and turku[0]["name"] == "Turku"
    assert not any("Q38511" in s for s in turku[0]["spellings"])
