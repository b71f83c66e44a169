"""Wikidata's P190 statements with their qualifiers and references, from a recorded response in the Query
Service's JSON results format (tests/data/wikidata/statements.json, hand-made): years, ends, reference URLs
and GeoNames identity reach the graph."""

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


def _statements(path, rows):
    import json

    entity = "http://www.wikidata.org/entity/"
    bindings = [{k: {"type": "literal", "value": v} for k, v in {
        "item": entity + a, "itemLabel": la, "itemCountry": ca, "twin": entity + b, "twinLabel": lb,
        "twinCountry": cb, **extra}.items()} for a, la, ca, b, lb, cb, extra in rows]
    path.write_text(json.dumps({"head": {"vars": []}, "results": {"bindings": bindings}}), encoding="utf-8")
    return path


NARVA = ("Q173432", "Narva", "EE")
IVANGOROD = ("Q155436", "Ivangorod", "RU")


def test_a_partnership_ended_and_signed_again_is_in_the_network_of_each_year_it_held(run_kg, empty_db, tmp_path):
    """Narva's statement runs 1970-1990, Ivangorod's from 2000: out in 1995, in in 1980 and 2010, active now;
    and the earliest start is `since` whichever file loads first."""
    later = _statements(tmp_path / "later.json", [(*IVANGOROD, *NARVA, {"start": "2000-01-01T00:00:00Z"})])
    earlier = _statements(tmp_path / "earlier.json", [(*NARVA, *IVANGOROD, {"start": "1970-01-01T00:00:00Z",
                                                                              "end": "1990-01-01T00:00:00Z"})])
    for path in (later, earlier):
        assert run_kg("load", "wikidata", str(path), "--report-dir", str(tmp_path), "--retrieved",
                      "2026-11-30").exit_code == 0
    from kg.api import TwinningGraph

    g = TwinningGraph(database=empty_db)
    assert [g.stats(as_of=year, )["edges"] for year in (1980, 1995, 2010)] == [1, 0, 1]
    pair = empty_db.read("MATCH ()-[r:PARTNER_OF]->() RETURN r.since AS since, r.status AS status, "
                         "r.status_since AS status_since")[0]
    assert pair == {"since": "1970", "status": "active", "status_since": "2000"}


def test_a_statement_that_ends_before_it_starts_is_refused(run_kg, empty_db, tmp_path):
    bad = _statements(tmp_path / "bad.json", [(*NARVA, *IVANGOROD, {"start": "2000-01-01T00:00:00Z",
                                                                      "end": "1990-05-01T00:00:00Z"})])
    result = run_kg("load", "wikidata", str(bad), "--report-dir", str(tmp_path))
    assert result.exit_code == 1 and "bad.json:1: end: ends (1990-05-01) before it starts (2000)" in result.output
    assert empty_db.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == 0
