"""The web explorer (`kg serve`) on the seed knowledge base: search, a city's partners with their sources,
following a partner back, JSON twins described at /openapi.json, read-only under attack, escaped text, and
20 clients at once against the real server."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from kg.web.app import serving
from tests.helpers import graph_snapshot

KIELCE, VINNYTSYA = "gn:769250", "gn:689558"


@pytest.fixture
def client(seeded_db):
    from fastapi.testclient import TestClient

    from kg.api import TwinningGraph
    from kg.web.app import create_app

    with TestClient(create_app(TwinningGraph(database=seeded_db))) as test_client:
        yield test_client


def test_search_finds_a_city_and_its_page_lists_partners_with_their_sources(client):
    hits = client.get("/api/search", params={"q": "Kielc"}).json()
    assert hits[0]["key"] == KIELCE and hits[0]["country"] == "PL" and hits[0]["kind"] == "city"
    assert f'href="/city/{quote(KIELCE, safe="")}"' in client.get("/search", params={"q": "Kielc"}).text
    assert client.get("/api/search", params={"q": "Vinnytsia"}).json()[0]["key"] == VINNYTSYA  # an alias
    page = client.get(f"/city/{KIELCE}")
    assert page.status_code == 200 and "Vinnytsya" in page.text
    city = client.get(f"/api/city/{KIELCE}").json()
    (partner,) = [p for p in city["partners"] if p["key"] == VINNYTSYA]
    assert partner["sources"] and all(":" in source for source in partner["sources"])  # file:line
    assert all(source in page.text for source in partner["sources"])
    back = client.get(f"/api/city/{VINNYTSYA}").json()
    assert KIELCE in {p["key"] for p in back["partners"]}  # following the partner lists Kielce back


def test_a_path_an_association_the_sources_and_a_download(client):
    """From a city: the path to another with each link's sources, its association's members (followed from
    the city's page), the sources' table, and its partners as CSV a spreadsheet reads safely."""
    steps = client.get("/api/path", params={"a": KIELCE, "b": "Panevėžys"}).json()
    assert steps[0]["from_key"] == KIELCE and steps[-1]["to"] == "Panevėžys" and all(s["sources"] for s in steps)
    page = client.get("/path", params={"a": KIELCE, "b": "Panevėžys"}).text
    assert page.count("<li>") == len(steps) and f'href="/city/{quote(KIELCE, safe="")}"' in page
    frankfurt = client.get("/city/gn:2925535").text
    (link,) = re.findall(r'href="(/association/[^"]+)"', frankfurt)
    members = client.get("/api" + link).json()["members"]
    assert "gn:2925535" in {m["key"] for m in members} and all(m["sources"] for m in members)
    assert client.get(link).status_code == 200 and client.get("/association/no-such-body").status_code == 404
    sources = client.get("/api/sources").json()
    assert sources and all(row["pairs"] >= row["confirmed"] for row in sources)
    download = client.get(f"/api/city/{KIELCE}/partners.csv")
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert VINNYTSYA in {row["key"] for row in rows} and "attachment" in download.headers["content-disposition"]


def test_a_city_as_of_a_year_lists_the_partnerships_in_force_then(client):
    """Ostrava's partnerships signed 1957-2015: as of 1975 only those signed by then, as `kg partners
    --as-of` lists them; the page, its JSON and its CSV agree, and a year out of range is a page that says so."""
    ostrava = "gn:3068799"
    every = client.get(f"/api/city/{ostrava}").json()["partners"]
    then = client.get(f"/api/city/{ostrava}", params={"as_of": 1975}).json()["partners"]
    assert 0 < len(then) < len(every)
    assert all(p["since"] is None or int(str(p["since"])[:4]) <= 1975 for p in then)
    assert {p["key"] for p in every if p["since"] is not None and int(str(p["since"])[:4]) <= 1975} <= \
        {p["key"] for p in then}
    page = client.get(f"/city/{ostrava}", params={"as_of": 1975}).text
    assert f"in 1975 ({len(then)})" in page and "as_of=1975" in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/city/{ostrava}/partners.csv",
                                                      params={"as_of": 1975}).text)))
    assert {row["key"] for row in rows} == {p["key"] for p in then}
    refused = client.get(f"/city/{ostrava}", params={"as_of": "nineteen"})
    assert refused.status_code == 422 and "as_of" in refused.text and "<h1>" in refused.text
    assert client.get(f"/api/city/{ostrava}", params={"as_of": 3000}).status_code == 422


def test_a_citys_network_within_two_hops_is_a_page_that_needs_nothing_from_outside(client):
    page = client.get(f"/city/{KIELCE}").text
    assert f'href="/city/{quote(KIELCE, safe="")}/network"' in page
    view = client.get(f"/city/{KIELCE}/network")
    assert view.status_code == 200 and "Kielce: cities within 2 hops" in view.text
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', view.text)  # vis-network inline, no CDN
    cities = client.get(f"/api/city/{KIELCE}/network").json()["cities"]
    assert {c["key"] for c in cities if c["hops"] == 1} == {VINNYTSYA}
    drawn = [c["name"] in view.text or json.dumps(c["name"])[1:-1] in view.text for c in cities]  # JSON-escaped
    assert {c["name"] for c in cities if c["hops"] == 2} and all(drawn)
    assert client.get(f"/city/{KIELCE}/network", params={"hops": 3}).status_code == 422
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/city/{KIELCE}/network/cities.csv").text)))
    assert [row["key"] for row in rows] == [c["key"] for c in cities]


def test_a_citys_partners_are_on_its_map_each_linked_to_its_page(client):
    """One dot per partner with a point, linked to the partner's page, an arc to each; the outlines come from
    the app itself."""
    partners = client.get(f"/api/city/{KIELCE}").json()["partners"]
    with_point = {p["key"] for p in partners if p["latitude"] is not None}
    page = client.get(f"/city/{KIELCE}").text
    svg = page[page.index('<svg class="map"'):page.index("</svg>")]
    linked = {match.replace("%3A", ":") for match in re.findall(r'<a href="/city/([^"]+)"><circle', svg)}
    assert with_point and linked == with_point and svg.count('class="arc"') == len(with_point)
    assert '<image href="/map/outlines.png"' in svg
    outlines = client.get("/map/outlines.png")
    assert outlines.status_code == 200 and outlines.content.startswith(b"\x89PNG")


def test_suggested_partners_are_cities_not_yet_partnered_each_with_its_reasons(client):
    partners = {p["key"] for p in client.get(f"/api/city/{KIELCE}").json()["partners"]}
    found = client.get(f"/api/city/{KIELCE}/suggestions", params={"top": 5}).json()
    keys = [s["key"] for s in found["suggestions"]]
    assert found["city"]["key"] == KIELCE and len(keys) == 5 and not set(keys) & (partners | {KIELCE})
    assert all(s["reasons"] for s in found["suggestions"]) and "path" not in found["model"]
    page = client.get(f"/city/{KIELCE}/suggestions", params={"top": 5}).text
    assert all(f'href="/city/{quote(key, safe="")}"' in page for key in keys)
    assert f'href="/city/{quote(KIELCE, safe="")}/suggestions"' in client.get(f"/city/{KIELCE}").text
    assert client.get(f"/api/city/{KIELCE}/suggestions", params={"top": 0}).status_code == 422


def test_every_list_downloads_as_csv_with_the_rows_of_its_json(client):
    """A country's cities and partner countries, an association's members, a city's suggestions and the
    sources: each list of a JSON twin is also a CSV with the same rows, linked from its page."""
    frankfurt = client.get("/city/gn:2925535").text
    (association,) = re.findall(r'href="/association/([^"]+)"', frankfurt)
    for api, name in (("/api/country/PL", "cities"), ("/api/country/PL", "partner_countries"),
                      (f"/api/association/{association}", "members"),
                      (f"/api/city/{quote(KIELCE, safe='')}/suggestions", "suggestions")):
        listed = client.get(api).json()[name]
        download = client.get(f"{api}/{name}.csv")
        assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
        assert "attachment" in download.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(download.text)))
        assert listed and [row["name" if "name" in row else "country"] for row in rows] == \
            [str(item.get("name", item.get("country"))) for item in listed]
        assert f'href="{api}/{name}.csv"' in client.get(api.removeprefix("/api")).text
    bib = client.get("/api/cite.bib")
    assert bib.status_code == 200 and "@misc{twinning-kg," in bib.text
    assert "attachment" in bib.headers["content-disposition"]
    assert {entry["id"] for entry in json.loads(client.get("/api/cite.json").text)} and \
        'href="/api/cite.bib"' in client.get("/sources").text
    sources = list(csv.DictReader(io.StringIO(client.get("/api/sources.csv").text)))
    assert [row["source"] for row in sources] == [row["source"] for row in client.get("/api/sources").json()]


def test_a_country_lists_its_cities_and_partner_countries(client):
    """A city's page links its country; the country's page ranks its cities by partnerships and counts the
    countries they are partnered with, a partnership at home once, all adding up to its cities' rows."""
    kielce = client.get(f"/city/{KIELCE}").text
    assert 'href="/country/PL"' in kielce
    poland = client.get("/api/country/PL").json()
    assert (poland["country"]["code"], poland["country"]["name"]) == ("PL", "Poland")
    assert KIELCE in {c["key"] for c in poland["cities"]}
    counts = [c["partnerships"] for c in poland["cities"]]
    assert counts == sorted(counts, reverse=True)
    by_country = {row["country"]: row["partnerships"] for row in poland["partner_countries"]}
    abroad = sum(c["abroad"] for c in poland["cities"])
    assert sum(n for code, n in by_country.items() if code not in ("PL", None)) == abroad
    assert 2 * by_country.get("PL", 0) + abroad + by_country.get(None, 0) == sum(counts)  # a pair at home, once
    assert "UA" in {row["country"] for row in poland["partner_countries"]}  # Kielce - Vinnytsya
    page = client.get("/country/PL").text
    svg = page[page.index('<svg class="map"'):page.index("</svg>")]  # each partner country abroad, linked
    on_map = {row["country"] for row in poland["partner_countries"]
              if row["country"] not in ("PL", None) and row["latitude"] is not None}
    assert on_map and set(re.findall(r'<a href="/country/([A-Z]{2})"><circle', svg)) == on_map
    assert 48 < poland["country"]["latitude"] < 55 and 14 < poland["country"]["longitude"] < 25  # in Poland
    czechia = client.get("/api/country/CZ").json()  # Ostrava's partnerships were signed from 1957 to 2015
    then = client.get("/api/country/CZ", params={"as_of": 1975}).json()  # those in force in 1975
    assert then["as_of"] == 1975
    assert 0 < sum(c["partnerships"] for c in then["cities"]) < sum(c["partnerships"] for c in czechia["cities"])
    assert "in 1975" in client.get("/country/CZ", params={"as_of": 1975}).text
    assert client.get("/country/XX").status_code == 404 and client.get("/country/Poland").status_code == 404


def test_every_page_has_its_json_twin_in_the_openapi_description(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/", "/search", "/api/search", "/city/{key}", "/api/city/{key}", "/path", "/api/path",
            "/association/{key}", "/api/association/{key}", "/sources", "/api/sources",
            "/api/city/{key}/partners.csv", "/country/{code}", "/api/country/{code}", "/city/{key}/network",
            "/api/city/{key}/network", "/city/{key}/suggestions", "/api/city/{key}/suggestions"} <= paths
    assert client.get("/api/city/gn:1").status_code == 404 and "error" in client.get("/api/city/gn:1").json()
    assert client.get("/city/not-a-key").status_code == 404


def test_the_app_is_read_only_and_injection_changes_nothing(client, seeded_db):
    before = graph_snapshot(seeded_db)
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(f"/city/{KIELCE}").status_code == 405
        assert getattr(client, method)("/api/search?q=Kielce").status_code == 405
    attempts = ["') MATCH (n) DETACH DELETE n //", "Kielce' OR 1=1 --", "}) DETACH DELETE c RETURN 1 //",
                "$prefix", "\\u0027", "%00", "x" * 100]
    for text in attempts:
        assert client.get("/api/search", params={"q": text}).status_code in (200, 422)
        assert client.get("/search", params={"q": text}).status_code in (200, 422)
        assert client.get(f"/city/{quote(text, safe='')}").status_code == 404
    assert graph_snapshot(seeded_db) == before


def test_user_text_is_shown_as_text(run_kg, empty_db, tmp_path):
    from fastapi.testclient import TestClient

    from kg.api import TwinningGraph
    from kg.web.app import create_app

    hostile = "<img src=x onerror=alert(1)>"
    pairs = tmp_path / "hostile.csv"
    pairs.write_text(f'city1,country1,city2,country2\n"{hostile}",PL,Kielce,PL\n', encoding="utf-8")
    assert run_kg("load", "csv", str(pairs), "--quiet", "--report-dir", str(tmp_path)).exit_code == 0
    with TestClient(create_app(TwinningGraph(database=empty_db))) as client:
        kielce = client.get("/api/search", params={"q": "Kielce"}).json()[0]["key"]
        for page in (client.get(f"/city/{quote(kielce, safe='')}").text,
                     client.get("/search", params={"q": hostile}).text):
            assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_search_as_you_type_answers_as_the_named_query_and_sees_the_next_load(run_kg, empty_db, tmp_path):
    """The web app searches from memory (`TwinningGraph.name_index`): the same rows in the same order as the
    named query `city_search`, and a load in between is seen at the next search."""
    from kg.api import TwinningGraph

    graph = TwinningGraph(database=empty_db)
    index = graph.name_index()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("city1,country1,city2,country2\nKielce,PL,Vinnytsia,UA\nKielce,PL,Gotha,DE\n", encoding="utf-8")
    second.write_text("city1,country1,city2,country2\nKiel,DE,Vaasa,FI\n", encoding="utf-8")
    assert run_kg("load", "csv", str(first), "--quiet", "--report-dir", str(tmp_path)).exit_code == 0
    for prefix in ("kiel", "Kielce", "v", "winn", "go", "zz"):
        assert index.search(prefix, 10) == graph.search(prefix, 10)
    assert [hit["name"] for hit in index.search("kiel", 10)] == ["Kielce"]
    assert run_kg("load", "csv", str(second), "--quiet", "--report-dir", str(tmp_path)).exit_code == 0
    assert [hit["name"] for hit in index.search("kiel", 10)] == ["Kielce", "Kiel"]  # best connected first
    assert index.search("v", 10) == graph.search("v", 10)


def test_twenty_clients_at_once_all_answer(seeded_db):
    """200 requests from 20 threads against the app served by uvicorn, as `kg serve` runs it."""
    from kg.api import TwinningGraph
    from kg.web.app import create_app

    paths = [f"/city/{KIELCE}", f"/api/city/{VINNYTSYA}", "/api/search?q=Kiel", "/search?q=Pan", "/"]
    with serving(create_app(TwinningGraph(database=seeded_db))) as base:

        def ask(i: int) -> int:
            with urllib.request.urlopen(base + paths[i % len(paths)], timeout=30) as response:
                return response.status

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(ask, range(200)))
    assert statuses == [200] * 200


def test_every_page_is_served_by_the_app_itself(client):
    """No page refers to anything outside the app: scripts, styles and links are the app's own."""
    for path in ("/", f"/city/{KIELCE}", "/search?q=Kiel", "/sources", "/path"):
        page = client.get(path).text
        for reference in re.findall(r'(?:src|href)="([^"#][^"]*)"', page):  # not the in-page skip link
            assert reference.startswith("/") and not reference.startswith("//"), (path, reference)
            assert client.get(reference).status_code == 200, (path, reference)
    assert client.get("/docs").status_code == 404  # FastAPI's page loads its scripts from a CDN
