"""A Wikidata statements file is checked as strictly as every other input: items only of wikidata.org,
countries that exist, labels that hold text, the fetch's own record validated, TSV read as the SPARQL TSV
format writes it. No server: the loader's records are read back."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.loaders.wikidata import load_wikidata

ENTITY = "http://www.wikidata.org/entity/"


def sparql_json(path, rows, kg=None):
    variables = sorted({k for row in rows for k in row})
    doc = {"head": {"vars": variables},
           "results": {"bindings": [{k: {"type": "literal", "value": v} for k, v in row.items()} for row in rows]}}
    if kg is not None:
        doc["kg"] = kg
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


TARTU = {"item": ENTITY + "Q13972", "itemLabel": "Tartu", "itemCountry": "EE",
         "twin": ENTITY + "Q38511", "twinLabel": "Turku", "twinCountry": "FI"}


@pytest.mark.parametrize("change, field, message", [
    ({"item": "http://evil.example.com/entity/Q31487"}, "item", "not a Wikidata item"),
    ({"twinCountry": "XX"}, "twinCountry", "unknown country 'XX'"),
    ({"twinCountry": "Narnia"}, "twinCountry", "unknown country 'Narnia'"),
    ({"itemLabel": "   "}, "itemLabel", "a blank label"),
    ({"itemLabel": "T" * 100_000}, "itemLabel", "longer than 300 characters (100,000)"),
    ({"itemCoord": "Point(1.2.3 4)"}, "itemCoord", "not a point"),
])
def test_a_bad_statement_is_refused_with_its_row_and_field(tmp_path, change, field, message):
    path = sparql_json(tmp_path / "p190.json", [TARTU, {**TARTU, **change}])
    with pytest.raises(InputError) as refused:
        load_wikidata(path)
    problem = refused.value.problems[0]
    assert (problem.line, problem.field) == (2, field) and message in problem.message, problem


@pytest.mark.parametrize("record, field", [
    ({"endpoint": "javascript:alert(1)", "retrieved": "2026-11-30T10:00:00Z"}, "kg.endpoint"),
    ({"endpoint": "file:///etc/passwd"}, "kg.endpoint"),
    ({"endpoint": "https://query.wikidata.org/sparql", "retrieved": "soon-ish!!"}, "kg.retrieved"),
    ({"retrieved": "2999-01-01"}, "kg.retrieved"),
])
def test_what_the_fetch_recorded_is_checked_before_it_reaches_a_source(tmp_path, record, field):
    path = sparql_json(tmp_path / "p190.json", [TARTU], kg=record)
    with pytest.raises(InputError) as refused:
        load_wikidata(path)
    assert refused.value.problems[0].field == field


def test_malformed_bindings_are_one_problem_not_a_traceback(tmp_path):
    path = tmp_path / "p190.json"
    path.write_text(json.dumps({"results": {"bindings": [{"item": "Q1"}]}}), encoding="utf-8")
    with pytest.raises(InputError, match="not {variable: {value: text}}"):
        load_wikidata(path)


def test_tsv_and_json_of_one_response_read_the_same(tmp_path):
    """SPARQL TSV writes literals in Turtle syntax: a quote as \\" and a backslash as \\\\."""
    label = 'Say "hi" \\ ok'
    as_json = sparql_json(tmp_path / "p190.json", [{**TARTU, "itemLabel": label}])
    turtle = label.replace("\\", "\\\\").replace('"', '\\"')
    header = "?item\t?itemLabel\t?itemCountry\t?twin\t?twinLabel\t?twinCountry"
    row = "\t".join([f"<{TARTU['item']}>", f'"{turtle}"@en', '"EE"', f"<{TARTU['twin']}>", '"Turku"@en', '"FI"'])
    as_tsv = tmp_path / "p190.tsv"
    as_tsv.write_text(header + "\n" + row + "\n", encoding="utf-8")
    names = [next(iter(load_wikidata(p).pairs)).a.name for p in (as_json, as_tsv)]
    assert names == [label, label]


def test_a_big_file_is_read_again_not_held_and_a_change_in_between_is_said(tmp_path, monkeypatch):
    from kg.errors import KGError
    from kg.loaders import wikidata

    rows = [{**TARTU, "twin": ENTITY + f"Q{1000 + i}", "twinLabel": f"Town {i}", "start": f"{1990 + i}-01-01"}
            for i in range(5)]
    path = sparql_json(tmp_path / "p190.json", rows)
    held = load_wikidata(path)
    monkeypatch.setattr(wikidata, "KEEP_STATEMENTS", 2)  # this file counts as big
    streamed = load_wikidata(path)
    assert isinstance(held.pairs, list) and not isinstance(streamed.pairs, list)
    assert list(streamed.pairs) == held.pairs and list(streamed.pairs) == held.pairs  # each reading the same
    assert list(streamed.status_changes) == held.status_changes and len(streamed.status_changes) == 5
    assert streamed.city_refs() == list(dict.fromkeys(held.city_refs()))  # the distinct items, in order
    sparql_json(path, rows[:3])
    with pytest.raises(KGError, match="changed while it was loaded"):
        list(streamed.pairs)
