"""The read-only web explorer (`kg serve`): every page built on keys (`/city/gn:769250`) and served twice, as
HTML for people and as JSON under `/api/` for programs, both described at `/openapi.json`. It asks the graph
only through `TwinningGraph` (the named queries, parameters only: no Cypher is built from what a visitor
types), answers GET alone (any other method is 405), and escapes every text it shows (Jinja2 autoescape)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from kg.api import TwinningGraph
from kg.errors import KGError, QueryError, UnknownCity
from kg.vocabulary import is_city_key

SEARCH_LIMIT = 50  # rows a search returns at most


def create_app(graph: TwinningGraph | None = None) -> FastAPI:
    """The app over `graph` (default: the graph the environment names, as the CLI connects)."""
    graph = graph or TwinningGraph()
    app = FastAPI(title="Twinning knowledge graph", version=_version(),
                  description="Town twinning from the local Neo4j graph: every partnership with its sources. "
                              "Read-only; every page is also JSON under /api/.")
    environment = Environment(loader=PackageLoader("kg.web", "templates"), autoescape=select_autoescape(["html"]))
    templates = Jinja2Templates(env=environment)
    app.mount("/static", StaticFiles(directory=str(resources.files("kg.web") / "static")), name="static")

    @app.exception_handler(KGError)
    def refused(request: Request, exc: KGError) -> Any:
        """A question the graph cannot answer: 404 for an unknown city, 400 for a bad question."""
        status = 404 if isinstance(exc, UnknownCity) else 400
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"message": str(exc)}, status_code=status)

    @app.get("/", response_class=HTMLResponse, summary="Home: search the graph's cities")
    def home(request: Request) -> Any:
        return templates.TemplateResponse(request, "home.html", {"status": graph.status()})

    @app.get("/api/search", summary="Cities whose name, spelling, other name or key begins with q")
    def search_json(q: str = Query(min_length=1, max_length=100),
                    limit: int = Query(20, ge=1, le=SEARCH_LIMIT)) -> list[dict[str, Any]]:
        return [dict(row) for row in _search(graph, q, limit)]

    @app.get("/search", response_class=HTMLResponse, summary="Search results as a page")
    def search_page(request: Request, q: str = Query("", max_length=100)) -> Any:
        hits = _search(graph, q, SEARCH_LIMIT) if q.strip() else []
        return templates.TemplateResponse(request, "search.html", {"q": q, "hits": hits})

    @app.get("/api/city/{key}", summary="A city: its facts, and its partners with each statement's sources")
    def city_json(key: str) -> dict[str, Any]:
        return _city(graph, key)

    @app.get("/city/{key}", response_class=HTMLResponse, summary="A city as a page")
    def city_page(request: Request, key: str) -> Any:
        return templates.TemplateResponse(request, "city.html", _city(graph, key))

    return app


def _search(graph: TwinningGraph, text: str, limit: int) -> list[dict[str, Any]]:
    """Search hits; a key typed whole finds its city."""
    if is_city_key(text):
        try:
            found = graph.find_city(text.strip())
            return [{"name": found["name"], "country": found["country"], "key": found["key"],
                     "kind": found.get("kind"), "degree": None, "population": None}]
        except UnknownCity:
            return []
    try:
        return [dict(row) for row in graph.search(text, limit)]
    except QueryError:  # text of no letters or digits
        return []


def _city(graph: TwinningGraph, key: str) -> dict[str, Any]:
    """The facts and partners of the city with `key` (a key, never a name: pages have stable URLs)."""
    if not is_city_key(key):
        raise UnknownCity(f"{key[:80]!r} is not a city key (gn:..., wd:..., name:CC:...).")
    facts = graph.city(key)
    partners = graph.partners(key)
    return {"facts": dict(facts), "partners": [dict(row) for row in partners],
            "key": facts["city"].get("key"), "name": facts["city"].get("name")}


def _version() -> str:
    from importlib.metadata import version

    return version("twinning-kg")
