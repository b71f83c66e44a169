"""Loaders without a server: edge lists, Wikidata, curated YAML; property-based checks of parsing."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli.main import cli
from kg.errors import InputError
from kg.loaders.curated_yaml import load_yaml
from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
from kg.loaders.seeds import seed_files
from kg.loaders.wikidata import load_wikidata
from kg.resolve.countries import country_code
from kg.resolve.dates import parse_since
from kg.resolve.names import fold

BAD = Path(__file__).parents[1] / "data" / "bad"




CITY = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "," not in s and '"' not in s)


DOCS = Path(str(resources.files("kg.data") / "seeds" / "documents"))


DATA = Path(__file__).parents[1] / "data"


WORLD = Path(__file__).resolve().parents[2] / "kg" / "data" / "world"  # the shipped copies of the world data



def test_slow_server_gives_one_line_within_the_timeout():
    """A port that accepts connections but never speaks Bolt."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["--timeout", "2", "db", "status"],
                                    env={"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "secret-pw-1"})
        elapsed = time.monotonic() - started
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert f"127.0.0.1:{port}" in result.output and "secret-pw-1" not in result.output
    assert elapsed < 20


@given(st.text())
def test_fold_is_idempotent_and_plain(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert set(folded) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert folded == folded.strip() and "  " not in folded


@given(st.text(max_size=60))
@settings(deadline=None)  # the first call reads pycountry's translations (about a second)
def test_country_code_never_raises_and_returns_a_code(text):
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())


@given(st.dates(min_value=__import__("datetime").date(800, 1, 1), max_value=__import__("datetime").date.today()))
def test_parse_since_reads_every_written_form_of_a_date(date):
    assert parse_since(f"{date.day}.{date.month}.{date.year}") == (date.isoformat(), date.year)
    assert parse_since(f"{date.day}. {date.month}. {date.year}") == (date.isoformat(), date.year)
    assert parse_since(date.isoformat()) == (date.isoformat(), date.year)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CITY, st.sampled_from(["PL", "Poland", "DE", "Narnia", ""]), CITY,
                               st.sampled_from(["UA", "Ukraine", "EE"])), max_size=12))
def test_edge_csv_either_loads_or_names_each_bad_line(tmp_path, rows):
    path = tmp_path / "pairs.csv"
    lines = ["city1,country1,city2,country2"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        dataset = load_edge_csv(path, CsvOptions(columns=CsvColumns()))
    except InputError as exc:
        assert exc.problems and all(p.line and 2 <= p.line <= len(lines) + 1 for p in exc.problems)
        return
    assert dataset.rows_read == len(rows)
    assert len(dataset.pairs) == len(rows) and dataset.duplicates < max(len(rows), 1)  # every row a statement
    assert all(p.a.country in ("PL", "DE") and p.b.country in ("UA", "EE") for p in dataset.pairs)


def test_seed_yaml_files_are_valid_yaml_with_a_source():
    for path in seed_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["source"]["file"] in {p.name for p in DOCS.iterdir()}


@pytest.mark.parametrize("text, code", [
    ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"), ("Northern Ireland", "GB"),
    ("England, United Kingdom", "GB"),
    ("Georgia (country)", "GE"), ("Moldavia", "MD"), ("Kosovo", "XK"), ("Russia", "RU"), ("USA", "US"),
    ("USA - Pennsylvania", "US"), ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("Republic of Ireland", "IE"),
    ("the Netherlands", "NL"), ("Türkiye", "TR"), ("Grece", "GR"), ("Narnia", None), ("", None),
    # the sources' own languages, from pycountry's translations
    ("Deutschland", "DE"), ("Česko", "CZ"), ("Polska", "PL"), ("España", "ES"), ("Österreich", "AT"),
    ("Hrvatska", "HR"), ("Suomi", "FI"), ("Sverige", "SE"), ("Norge", "NO"), ("Danmark", "DK"),
    ("République française", "FR"), ("Minnesota", None), ("Rhode Island", None)])
def test_country_names_to_alpha2(text, code):
    assert country_code(text) == code


def test_csv_loader_options_and_duplicates():
    options = CsvOptions(columns=CsvColumns("from", "from_cc", "to", "to_cc"), delimiter=";")
    dataset = load_edge_csv(DATA / "csv" / "partners_semicolon.csv", options)
    assert dataset.rows_read == 4 and dataset.duplicates == 1 and len(dataset.pairs) == 4  # a repeat is kept
    assert [(p.a.country, p.b.country) for p in dataset.pairs] == [("PL", "UA"), ("PL", "DE"), ("DE", "PL"),
                                                                   ("DE", "PL")]


def test_a_big_files_cities_are_cited_as_a_pass_over_its_statements_would(tmp_path, resolver):
    """The writer cites a streamed file's ends from where its validating pass saw them: the city rows and
    the districts' rows are those a pass over the statements gives (spellings in order, every statement on a
    district and on a point that contradicts the country)."""
    from dataclasses import replace

    from kg.store.writer import GraphWriter

    listing = tmp_path / "big.csv"
    listing.write_text("city1,country1,lat1,lon1,city2,country2\n"
                       "Kielce,PL,,,Prague 6,CZ\n"
                       "Valga,ES,57.7833,26.0333,Kielce,PL\n"
                       "Praha 6,CZ,,,Valga,ES\n"
                       "Prague,CZ,,,Prague 6,CZ\n"
                       "Praha,CZ,,,Valga,ES\n", encoding="utf-8")
    columns = CsvColumns(lat1="lat1", lon1="lon1")
    dataset = load_edge_csv(listing, CsvOptions(columns=columns, source_key="big"))
    resolved = {ref: resolver.resolve(ref) for ref in dataset.city_refs()}
    assert any(city.discrepancy for city in resolved.values()) and any(city.parent for city in resolved.values())
    writer = GraphWriter(None, resolver.places)
    streamed = writer._place_rows(dataset, resolved)
    listed = writer._place_rows(replace(dataset, pairs=list(dataset.pairs)), resolved)
    assert streamed == listed
    district = next(part for part in streamed[1] if part["sources"])
    assert district["sources"] == ["big.csv:2", "big.csv:4", "big.csv:5"]


def test_a_big_files_kept_rows_give_back_each_statement_as_a_pass_over_the_file_reads_it(tmp_path):
    """The numbers an edge list's validating pass keeps (two name indexes, a line, a date) are its valid
    statements: each one, rebuilt, equals the Pair a pass over the file yields (ends, homonym, citation,
    date, claimant), rows set aside left out."""
    listing = tmp_path / "kept.csv"
    listing.write_text("city1,country1,city2,country2,year\n"
                       "Kielce,PL,Vinnytsia,UA,1993\n"
                       "Nienburg,DE,Nienburg,DE,\n"
                       "Atlantis,XX,Kielce,PL,\n"
                       "\n"
                       "Vinnytsia,UA,Kielce,PL,1991-05-01\n", encoding="utf-8")
    dataset = load_edge_csv(listing, CsvOptions(columns=CsvColumns(since="year"), first_column_claims=True,
                                                skip_invalid=True, source_key="kept"))
    stream = dataset.pairs
    rebuilt = [stream.pair(n) for n in range(len(stream))]
    assert rebuilt == list(stream) and len(rebuilt) == 3
    assert [(p.citation.where, p.b.homonym, p.since, p.claimed_by[0].name) for p in rebuilt] == [
        ("kept.csv:2", 0, "1993", "Kielce"), ("kept.csv:3", 1, None, "Nienburg"),
        ("kept.csv:6", 0, "1991-05-01", "Vinnytsia")]


def test_csv_with_the_wrong_delimiter_says_so():
    with pytest.raises(InputError) as info:
        load_edge_csv(DATA / "csv" / "partners_semicolon.csv",
                      CsvOptions(columns=CsvColumns("from", "from_cc", "to", "to_cc"), delimiter=","))
    assert "delimiter ';'" in str(info.value) and ":1:" in str(info.value)


@pytest.mark.parametrize("name", ["p190_sample.json", "p190_sample.csv", "p190_sample.tsv"])
def test_wikidata_sparql_formats_read_the_same(name):
    dataset = load_wikidata(DATA / "wikidata" / name)
    statements = sorted((p.a.wikidata_id, p.b.wikidata_id, p.a.name, p.b.country) for p in dataset.pairs)
    assert statements == [("Q2090", "Q31487", "Nuremberg", "PL"), ("Q64", "Q90", "Berlin", "FR"),
                          ("Q90", "Q220", "Paris", "IT"), ("Q90", "Q64", "Paris", "DE")]
    berlin = next(p.a for p in dataset.pairs if p.a.wikidata_id == "Q64")
    assert (round(berlin.latitude, 2), round(berlin.longitude, 2)) == (52.52, 13.38)


def test_wikidata_statements_read_the_same_from_the_services_json_and_tsv():
    """The Query Service's two downloads of one response (RDF terms in the TSV: "..."@en,
    "..."^^<type>, <uri>) give the same statements, dates, references and GeoNames IDs."""
    def statements(name):
        dataset = load_wikidata(DATA / "wikidata" / name)
        return ([(p.a.wikidata_id, p.b.wikidata_id, p.a.name, p.b.name, p.a.geonames_id, p.b.geonames_id,
                  p.b.country, p.b.latitude, p.since, p.citation.where.partition(" ")[2]) for p in dataset.pairs],
                [(c.a.wikidata_id, c.b.wikidata_id, c.status, c.since, c.url) for c in dataset.status_changes])
    from_json, from_tsv = statements("statements.json"), statements("statements.tsv")
    assert from_json == from_tsv and len(from_json[0]) == 8
    assert ("Q1330", "Q588", "Ostrava", "Katowice", 3068799, None, "PL", 50.25, "1960-05-09", "") in from_json[0]
    ended = [change for change in from_json[1] if change[2] == "ended"]
    assert ended == [("Q173214", "Q200713", "ended", "2022-03-01", "https://www.narva.ee/en/partner-cities")]
    assert ("Q173214", "Q200713", "active", "1991", "https://www.narva.ee/en/partner-cities") in from_json[1]


def test_seed_sources_say_when_they_were_taken_and_which_text_they_are():
    """Every Source records its retrieval; a seed's revision is its document's content hash."""
    for path in seed_files():
        source = load_yaml(path).sources[0]
        document = (DOCS / source.file).read_bytes()
        assert source.retrieved == "2026-11-23"
        assert source.revision == "sha256:" + hashlib.sha256(document).hexdigest()[:16]


def test_a_users_file_says_when_it_was_taken(tmp_path):
    """A CSV or Wikidata file's Source has a retrieval day: the one given, the fetch's own, or the
    file's modification day; and its content hash as the revision."""
    edges = tmp_path / "pairs.csv"
    edges.write_text("city1,country1,city2,country2\nKielce,PL,Vinnytsia,UA\n", encoding="utf-8")
    os.utime(edges, (1_700_000_000, 1_700_000_000))  # 2023-11-14 UTC
    given = load_edge_csv(edges, CsvOptions(columns=CsvColumns(), retrieved="2024-05-01")).sources[0]
    assert given.retrieved == "2024-05-01"
    assert given.revision == "sha256:" + hashlib.sha256(edges.read_bytes()).hexdigest()[:16]
    assert load_edge_csv(edges, CsvOptions(columns=CsvColumns())).sources[0].retrieved == "2023-11-14"
    fetched = tmp_path / "p190.json"
    doc = json.loads((DATA / "wikidata" / "statements.json").read_text(encoding="utf-8"))
    fetched.write_text(json.dumps({**doc, "kg": {"retrieved": "2026-11-30T10:00:00Z"}}), encoding="utf-8")
    assert load_wikidata(fetched).sources[0].retrieved == "2026-11-30"
    assert load_wikidata(fetched, retrieved="2026-01-02").sources[0].retrieved == "2026-01-02"


def test_a_retrieval_date_that_is_no_date_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source:\n  key: bad\n  title: Bad\n  retrieved: 2026-02-30\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml:2: source.retrieved: expected the day the data was taken"):
        load_yaml(bad)


def test_wikidata_bare_qid_pairs_from_the_2016_crawl(tmp_path):
    relations = WORLD / "wikidata_p190_relations.tsv"
    sample = tmp_path / "relations.tsv"
    sample.write_text("".join(relations.read_text().splitlines(keepends=True)[:500]))
    dataset = load_wikidata(sample, WORLD / "wikidata_p190_names.tsv")
    assert dataset.rows_read == 500 and len(dataset.pairs) == 500  # every row a cited statement, repeats too
    assert all(p.a.wikidata_id.startswith("Q") and p.a.name and not p.a.name.startswith("Q") for p in dataset.pairs)


def test_bad_wikidata_rows_are_refused_with_their_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Q1\tQ2\nQ3\tnot-a-qid\n")
    with pytest.raises(InputError) as info:
        load_wikidata(bad)
    assert "bad.tsv:2" in str(info.value)


def test_invisible_bidirectional_text_is_refused_in_every_loader(tmp_path):
    from kg.errors import InputError
    from kg.loaders.curated_yaml import load_yaml
    from kg.loaders.wikidata import load_wikidata

    yaml_file = tmp_path / "bidi.yaml"
    yaml_file.write_text('source: {key: bidi, title: Bidi}\ncities:\n  - {name: "\u202edrowssap", country: PL}\n',
                         encoding="utf-8")
    with pytest.raises(InputError, match=r"bidi.yaml:3: cities.name: contains the bidirectional control U\+202E"):
        load_yaml(yaml_file)
    sparql = tmp_path / "p190.csv"
    sparql.write_text("item,itemLabel,twin,twinLabel\nhttp://www.wikidata.org/entity/Q1,\u2066Kielce,"
                      "http://www.wikidata.org/entity/Q2,Vinnytsia\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"p190.csv:2: itemLabel: contains the bidirectional control U\+2066"):
        load_wikidata(sparql)


def test_a_repeated_wikidata_statement_is_cited_not_dropped(tmp_path):
    """The 2016 file states four statements twice; each line is a citation of its own."""
    relations, names = tmp_path / "relations.tsv", tmp_path / "names.tsv"
    relations.write_text("Q1\tQ2\nQ2\tQ1\nQ1\tQ2\n", encoding="utf-8")
    names.write_text("Q1\tKielce\nQ2\tVinnytsia\n", encoding="utf-8")
    dataset = load_wikidata(relations, names)
    assert dataset.rows_read == 3 and len(dataset.pairs) == 3 and dataset.duplicates == 1
    assert [p.citation.where for p in dataset.pairs] == ["relations.tsv:1", "relations.tsv:2", "relations.tsv:3"]


def test_an_unreadable_record_is_reported_on_the_line_it_starts(tmp_path):
    """A 10 MB quoted field on line 3 was reported on line 2 (where the last good record ended);
    a record spanning lines is cited where it starts."""
    spanning = tmp_path / "spanning.csv"
    spanning.write_text('city1,country1,city2,country2\nKielce,Poland,"Lub\nlin",Poland\nNarva,Estonia,Ivangorod,Russia\n',
                        encoding="utf-8")
    with pytest.raises(InputError) as refused:  # a line break is no part of a name: refused where it starts
        load_edge_csv(spanning, CsvOptions(columns=CsvColumns()))
    assert "spanning.csv:2: city2: contains the control character U+000A" in str(refused.value)
    huge = tmp_path / "huge.csv"
    huge.write_text('city1,country1,city2,country2\nKielce,Poland,Lublin,Poland\nKielce,Poland,"' + "x" * 200_000
                    + '",Poland\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_edge_csv(huge, CsvOptions(columns=CsvColumns()))
    assert "huge.csv:3: unreadable CSV (the record starting on this line)" in str(refused.value)


def test_the_python_api_refuses_a_retrieval_day_the_cli_refuses():
    """`retrieved` is checked by the loader, not the CLI: a day that is no date, or after today, is refused
    through the API as through `kg load wikidata --retrieved`."""
    from click.testing import CliRunner

    from kg.api import wikidata_file
    from kg.cli.main import cli
    from kg.errors import KGError

    sample = str(DATA / "wikidata" / "p190_sample.json")
    for day in ("not-a-date", "2024-02-30", "2999-01-01"):
        with pytest.raises(KGError, match="`retrieved` must be a day by today"):
            wikidata_file(sample, retrieved=day)()
    assert wikidata_file(sample, retrieved="2024-02-03")().sources[0].retrieved == "2024-02-03"
    result = CliRunner().invoke(cli, ["--uri", "bolt://127.0.0.1:1", "load", "wikidata", sample,
                                      "--retrieved", "2999-01-01"])
    assert result.exit_code == 1 and "--retrieved must be a day by today" in result.output, result.output
