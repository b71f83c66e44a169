"""The web explorer's answer times on the world graph: a city's page and a search, each as served (HTML and
JSON through the app, in process) beside the bare driver queries that fetch the same facts; p50 and p95 over
the best-connected cities and prefixes of their names. Targets: a city page under 100 ms at p95, a search
under 50 ms. Prints figures; asserts nothing.

    python -m bench.bench_web
"""

from __future__ import annotations

import time
from urllib.parse import quote

from bench.common import bench_database, ensure_world, percentiles
from kg.api import TwinningGraph
from kg.resolve.names import fold
from kg.store.queries import named


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    from fastapi.testclient import TestClient

    from kg.web.app import create_app

    db = bench_database()
    ensure_world(db, with_seeds=True)
    graph = TwinningGraph(database=db)
    cities = db.read("MATCH (c:City)-[r:PARTNER_OF]-() WITH c, count(r) AS d ORDER BY d DESC, c.key LIMIT 60 "
                     "RETURN c.key AS key, c.name AS name")
    client = TestClient(create_app(graph))
    for city in cities[:5]:  # warm the page cache and the query plans
        client.get(f"/city/{quote(city['key'], safe='')}")
    page, page_json, bare_city = [], [], []
    for city in cities:
        key, path = city["key"], quote(city["key"], safe="")
        page.append(timed(lambda path=path: client.get(f"/city/{path}").raise_for_status()))
        page_json.append(timed(lambda path=path: client.get(f"/api/city/{path}").raise_for_status()))
        bare_city.append(timed(lambda key=key: (db.read(named("city_facts").text, key=key),
                                                db.read(named("city_partners").text, key=key, with_parts=False,
                                                        active_only=False, as_of=None))))
    prefixes = [fold(city["name"])[:4] for city in cities if len(fold(city["name"])) >= 4]
    search, bare_search = [], []
    for prefix in prefixes:
        search.append(timed(lambda prefix=prefix: client.get("/api/search", params={"q": prefix, "limit": 10})
                            .raise_for_status()))
        bare_search.append(timed(lambda prefix=prefix: db.read(named("city_search").text, prefix=prefix, limit=10)))
    print(f"web explorer on {db.read('MATCH (c:City) RETURN count(c) AS n')[0]['n']:,} cities "
          f"({len(cities)} best-connected cities, {len(prefixes)} searches), milliseconds:")
    for label, samples in (("city page (HTML)", page), ("city page (JSON)", page_json),
                           ("  the bare driver queries for its facts", bare_city),
                           ("search (JSON, 10 rows)", search), ("  the bare driver query", bare_search)):
        figures = percentiles(samples)
        print(f"  {label}: p50 {figures['p50']}, p95 {figures['p95']} (n={figures['n']})")


if __name__ == "__main__":
    main()
