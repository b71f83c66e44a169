"""The Python API for notebooks and scripts: `TwinningGraph` mirrors the CLI and returns plain rows.

    >>> from kg import TwinningGraph
    >>> g = TwinningGraph()                       # connects from NEO4J_URI, NEO4J_PASSWORD, ...
    >>> g.hops("Kielce", max_hops=2)[:2]          # [{'name': 'Vinnytsia', 'country': 'UA', 'hops': 1, ...}]
    >>> G = g.to_networkx(g.hops_subgraph("Kielce", 2))   # any result as a networkx graph
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Generator
from functools import partial
from pathlib import Path
from typing import Any, cast

from kg.analysis.citation import bibtex, csl_json  # noqa: F401  (the references `kg cite` writes)
from kg.errors import AmbiguousCity, KGError, QueryError, UnknownCity
from kg.records import Dataset
from kg.resolve.countries import country_code
from kg.resolve.names import fold
from kg.settings import Settings
from kg.store.database import Database
from kg.store.queries import all_named, named, read_query
from kg.store.writer import WriteReport
from kg.vocabulary import (
    PLACE_KINDS,
    RELATION_CHOICES,
    city_reference,
    is_city_key,
    split_reference,
)

log = logging.getLogger("kg")
DEFAULT_HOP_RELS = ("partner", "friendly")
MAX_HOPS = 6


def relationship_types(rels: tuple[str, ...] | list[str] | None, default=DEFAULT_HOP_RELS) -> list[str]:
    """Whitelist user-given relationship names ('partner', 'PARTNER_OF', ...) to types."""
    result = []
    for rel in rels or default:
        name = rel.strip().lower()
        if name in RELATION_CHOICES:
            result.append(RELATION_CHOICES[name])
        elif rel.upper() in RELATION_CHOICES.values():
            result.append(rel.upper())
        else:
            raise QueryError(f"Unknown relationship {rel!r}: use one of {', '.join(RELATION_CHOICES)}.")
    return list(dict.fromkeys(result))


ADMINISTRATIVE_KINDS = ("municipality", "county", "region")


def clearly_meant(candidates: list[dict], factor: int = 5) -> dict | None:
    """The place a bare name means, or None: the only town among administrative bodies of its name ("Tokyo"
    is the city, not the prefecture), else the candidate with `factor` times the population of every other
    (a place without a known population, an unresolved name, is never ruled out by size)."""
    towns = [r for r in candidates if r.get("kind") not in ADMINISTRATIVE_KINDS]
    if len(towns) == 1:
        return towns[0]
    if any(r["population"] is None for r in candidates):
        return None
    ranked = sorted(candidates, key=lambda r: -r["population"])
    return ranked[0] if ranked[0]["population"] >= factor * ranked[1]["population"] else None


def check_as_of(as_of: int | None) -> int | None:
    """A year to see the network as it stood (partnerships signed by then, or undated, and not ended before
    it), or None; a clear refusal for a year no partnership can date from."""
    if as_of is None:
        return None
    from kg.resolve.dates import EARLIEST_YEAR

    if not isinstance(as_of, int) or not EARLIEST_YEAR <= as_of <= 2100:
        raise QueryError(f"as_of must be a year from {EARLIEST_YEAR} to 2100, got {as_of!r}.")
    return as_of


def check_seed(seed: int) -> None:
    """A seed numpy and scikit-learn take: a whole number from 0 to 2**32 - 1."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 32:
        raise QueryError(f"seed must be a whole number from 0 to {2 ** 32 - 1:,}, got {seed!r}.")


class QueryRows(list):
    """The rows of a named query, and whether its `limit` cut any."""

    def __init__(self, rows: list[dict], truncated: bool = False):
        super().__init__(rows)
        self.truncated = truncated


class Hops(list):
    """The rows of `TwinningGraph.hops`: a list, with how many cities there were in all and the limit."""

    def __init__(self, rows: list[dict], total: int, limit: int):
        super().__init__(rows)
        self.total, self.limit = total, limit

    @property
    def truncated(self) -> bool:
        """Did the limit leave cities out?"""
        return len(self) < self.total

    def as_dict(self) -> dict:
        """The cities, the total found and the limit, JSON-ready."""
        return {"cities": list(self), "total": self.total, "limit": self.limit, "truncated": self.truncated}


class Suggestions(list):
    """The rows of `TwinningGraph.suggest`: a list, with the city asked about and the model that ranked them."""

    def __init__(self, rows: list[dict], city: dict, model, partnerships: int):
        super().__init__(rows)
        self.city, self.model, self.partnerships = city, model, partnerships

    def as_dict(self) -> dict:
        """The city, its suggestions and the model they came from, JSON-ready."""
        return {"city": {k: self.city.get(k) for k in ("name", "country", "key")}, "suggestions": list(self),
                "model": {"path": str(self.model.path), "fit_seconds": round(self.model.fit_seconds, 1),
                          "seed": self.model.seed, "partnerships": self.partnerships}}


class TwinningGraph:
    """The twinning knowledge graph in Neo4j, one method per question."""

    def __init__(self, settings: Settings | None = None, database: Database | None = None, **overrides: Any):
        self.db = database or Database(settings or Settings.from_env(**overrides))

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> "TwinningGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- naming things -------------------------------------------------------------------------
    def find_city(self, text: str) -> dict:
        """'Valga', 'Valga, EE', 'Valga, Estonia' or a key ('gn:587876') -> one city row, or a clear error."""
        text = text.strip()
        if is_city_key(text):
            rows = self.db.read(named("city_by_key").text, key=text)
            if not rows:
                raise UnknownCity(f"No city with key {text} in the graph.")
            return rows[0]
        name, tail = split_reference(text)
        country = country_code(tail) if tail else None
        if tail and not country:  # "St. Cloud, Minnesota": the comma is part of the name
            name = text
        rows = self.db.read(named("find_city").text, folded=fold(name), country=country)
        if not rows:
            where = f" in {country}" if country else ""
            raise UnknownCity(f'No city named "{name}"{where} in the graph. Try `kg search {name[:4]}`.')
        candidates = [r for r in rows if r["exact"] or r["qualified"]] or rows
        if len(candidates) == 1:
            return candidates[0]
        chosen = clearly_meant(candidates)
        names = [f"{city_reference(r['name'], r['country'])} ({r['key']})" for r in candidates]
        if chosen is None:
            raise AmbiguousCity(text, names)
        others = "; ".join(n for n, r in zip(names, candidates) if r is not chosen)
        log.warning('"%s" is taken as %s, the town or by far the largest of the places it names; the others: %s. '
                    'Add the country or a key to choose another.', text,
                    city_reference(chosen["name"], chosen["country"]),
                    others)
        return chosen

    def find_association(self, text: str) -> dict:
        """An association by name, acronym or key, or a clear error listing the known ones."""
        rows = self.db.read(named("find_association").text, text=text)
        if not rows:
            known = [r["name"] for r in self.db.read(read_query("association_names"))]
            if not known:
                raise KGError(f'No association matches "{text}": the graph holds no associations yet '
                              "(`kg load seeds` brings the City Twins Association).")
            raise KGError(f'No association matches "{text}". Known ones: ' + ", ".join(known))
        return rows[0]

    # -- questions -----------------------------------------------------------------------------
    def partners(self, city: str, with_parts: bool = False) -> list[dict]:
        """Partners and friendly contacts of a city, with since, renewed, areas and sources; with `with_parts`,
        its districts' partners too, each with the district in `via`."""
        c = self.find_city(city)
        return self.db.read(named("city_partners").text, key=c["key"], with_parts=with_parts)

    def members(self, association: str) -> list[dict]:
        """An association's members, with status and sources."""
        a = self.find_association(association)
        return self.db.read(named("association_members").text, key=a["key"])

    def city(self, city: str) -> dict:
        """All facts about one city, with sources and recorded discrepancies."""
        c = self.find_city(city)
        facts = self.db.read(named("city_facts").text, key=c["key"])[0]
        facts["form_conflicts"] = self.db.read(named("form_conflicts").text, city=c["key"], limit=1000)
        return facts

    def hops(self, city: str, max_hops: int = 2, rels: list[str] | tuple[str, ...] | None = None,
             limit: int = 0, active_only: bool = False, as_of: int | None = None) -> "Hops":
        """Cities within `max_hops` (1-6), each once with its minimum distance and one path, sorted by hops,
        then name; at most `limit` of them (0: all). The result's `total` and `truncated` say what a limit cut
        (the search always runs to the end: the total is exact)."""
        from kg.store.traversal import within_hops

        if not 1 <= int(max_hops) <= MAX_HOPS:
            raise QueryError(f"max_hops must be between 1 and {MAX_HOPS}, got {max_hops}.")
        if int(limit) < 0:
            raise QueryError(f"limit must be 0 (no limit) or more, got {limit}.")
        found = within_hops(self.db, self.find_city(city), int(max_hops), relationship_types(rels), active_only,
                            check_as_of(as_of))
        kept = found[:limit] if limit else found
        return Hops([{k: r[k] for k in ("name", "country", "hops", "via", "key")} for r in kept],
                    total=len(found), limit=int(limit))

    def path(self, a: str, b: str, rels: list[str] | tuple[str, ...] | None = None) -> list[dict]:
        """The shortest chain between two cities (partnerships only unless `rels` says more)."""
        ca, cb = self.find_city(a), self.find_city(b)
        if ca["key"] == cb["key"]:
            raise QueryError("Both names are the same city.")
        return self.db.read(named("shortest_chain").text, a=ca["key"], b=cb["key"],
                            types=relationship_types(rels, default=("partner",)))

    def common(self, a: str, b: str, rels: list[str] | tuple[str, ...] | None = None) -> list[dict]:
        """Cities partnered with both `a` and `b`."""
        ca, cb = self.find_city(a), self.find_city(b)
        return self.db.read(named("common_partners").text, a=ca["key"], b=cb["key"],
                            types=relationship_types(rels))

    def cousins(self, city: str, rels: list[str] | tuple[str, ...] | None = None) -> list[dict]:
        """Cousin cities: two partnership hops away, not partnered directly."""
        c = self.find_city(city)
        return self.db.read(named("cousin_cities").text, key=c["key"],
                            types=relationship_types(rels, default=("partner",)))

    def search(self, text: str, limit: int = 25) -> list[dict]:
        """Cities whose name or other names begin with `text` (accents, case and punctuation ignored): text
        that folds to nothing ("%", "?") matches nothing, rather than every city."""
        prefix = fold(text)
        if not prefix:
            raise QueryError(f"Search for letters or digits: {text[:40]!r} has none.")
        return self.db.read(named("city_search").text, prefix=prefix, limit=limit)

    def queries(self) -> list[dict]:
        """The named queries of the library, with what each answers and its parameters."""
        return [{"name": q.name, "description": q.description, "params": ", ".join(q.params)}
                for q in all_named()]

    def query(self, name: str, **params: Any) -> "QueryRows":
        """Run a named query with parameters; the header's `(default ...)` values fill the rest. A query that
        takes a `limit` returns at most that many rows (0: all) and says whether it cut any (`truncated`)."""
        q = named(name)
        defaults = q.defaults
        wanted = set(q.params)
        unknown = set(params) - wanted
        if unknown:
            raise QueryError(f"Query {name} takes {', '.join(sorted(wanted)) or 'no parameters'}; "
                             f"unknown: {', '.join(sorted(unknown))}.")
        values = {k: defaults[k] for k in wanted if k not in params and k in defaults}
        values.update(params)
        missing = wanted - set(values)
        if missing:
            raise QueryError(f"Query {name} needs {', '.join(sorted(missing))} (-p name=value).")
        limit = values.get("limit")
        if "limit" not in wanted or limit is None:
            return QueryRows(self.db.read(q.text, **values))
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise QueryError(f"limit must be a whole number of rows, 0 for all (got {limit!r}).")
        rows = self.db.read(q.text, **{**values, "limit": limit + 1 if limit else 2 ** 62})
        return QueryRows(rows[:limit] if limit else rows, truncated=bool(limit) and len(rows) > limit)

    def cypher(self, text: str, params: dict[str, Any] | None = None, write: bool = False
               ) -> tuple[list, list, dict]:
        """Free Cypher: (column names, rows, counters of what it changed); reading clauses only unless
        `write=True` (then one auto-commit query)."""
        return self.db.run_free(text, params or {}, write=write)

    def cypher_rows(self, text: str, params: dict[str, Any] | None = None, timeout: float | None = 60.0
                    ) -> tuple[list[str], Generator[dict, None, None]]:
        """Free read-only Cypher as a stream: (column names, an iterator of rows), for answers of any size;
        reading clauses only, ended by the server after `timeout` seconds. Close the iterator when leaving
        rows unread."""
        if timeout is not None and not (0 < timeout <= 86_400):
            raise QueryError(f"timeout must be between 0 and 86,400 seconds, got {timeout}.")
        return self.db.stream_free(text, params or {}, timeout)

    # -- the database --------------------------------------------------------------------------
    def init_schema(self) -> list[dict]:
        """Install the schema's constraints and indexes (idempotent); the constraints the server then has."""
        from kg.store.schema import install_schema

        return install_schema(self.db)

    def status(self) -> dict:
        """Where the graph is (no credentials), the server's version, and counts by label and type."""
        labels, types = self.db.counts()
        return {"uri": self.db.settings.safe_uri, "database": self.db.settings.database,
                "version": self.db.server_version(), "labels": labels, "relationships": types}

    def clear(self, on_phase=None, progress=None) -> int:
        """Delete every node and relationship in bounded batches (the schema stays); how many nodes went."""
        return self.db.clear(on_phase=on_phase, progress=progress)

    def load(self, parse: Callable[[], Dataset], *, resolve: bool = True, progress=None, on_phase=None,
             unresolved_file: str | Path | None = None, rejected_file: str | Path | None = None) -> WriteReport:
        """Validate what `parse` returns (a loader's records), resolve its names and write it: see
        `kg.pipeline.load_dataset`. Nothing is written when `parse` raises."""
        from kg.pipeline import load_dataset

        _, report = load_dataset(self.db, parse, resolve=resolve, progress=progress, on_phase=on_phase,
                                 unresolved_file=unresolved_file, rejected_file=rejected_file)
        return report

    # -- the network as a whole ------------------------------------------------------------------
    def stats(self, friendly: bool = False, betweenness_sample: int | None = None, min_sources: int = 1,
              active_only: bool = False, as_of: int | None = None, path_sample: int | None = None) -> dict:
        """The figures of `kg stats` (see `kg.analysis.statistics`), of the links `min_sources` sources state
        (and, with `active_only`, neither suspended nor ended; with `as_of`, signed by that year or undated and
        not ended before it). Betweenness and path lengths are exact unless `betweenness_sample` or
        `path_sample` sources are asked for (then each estimate comes with its standard error)."""
        from kg.analysis.statistics import network_stats

        if betweenness_sample is not None and betweenness_sample < 1:
            raise QueryError(f"betweenness_sample must be 1 or more sources, got {betweenness_sample}.")
        if path_sample is not None and path_sample < 2:
            raise QueryError(f"path_sample must be 2 or more sources, got {path_sample}.")
        return network_stats(self.db, include_friendly=friendly, betweenness_sample=betweenness_sample,
                             min_sources=min_sources, active_only=active_only, as_of=check_as_of(as_of),
                             path_sample=path_sample)

    def sources(self) -> dict:
        """Where the sources agree (see `kg.analysis.agreement`): per source, by number of sources."""
        from kg.analysis.agreement import source_agreement

        return source_agreement(self.db)

    def partnership_map(self, path: str | Path, country: str | None = None) -> list[Path]:
        """The partnerships (of `country`'s cities, or all) on the world's outlines as `kg report` draws them:
        the PNG and a PDF beside it (`path` without its suffix); a country's map has an inset framed on it."""
        from kg.analysis.maps import partnership_map
        from kg.analysis.statistics import network_types, twinning_network
        from kg.resolve.countries import country_name

        code = self._country(country) if country else None
        graph, rows = twinning_network(self.db, network_types(False))
        title = f"Partnerships of cities in {country_name(code)}" if code else "The partnerships on a world map"
        return partnership_map(graph, rows, Path(path), title, code)

    def cite(self, min_sources: int = 1, country: str | None = None) -> list[dict]:
        """What the graph (or the relationships `min_sources` sources state, or those touching a city of
        `country`) rests on: the software, then every source they cite, each with what a
        reference needs (title, attribution, year, URL, revision, retrieval date, licence), then the place
        tables and map outlines its places and figures rest on; in a stable order (software, sources by key,
        reference data by key)."""
        from kg.analysis.citation import reference_data, software_reference

        code = self._country(country) if country else None
        rows = self.db.read(read_query("cited_sources"), country=code, min_sources=int(min_sources))
        used = self.db.read(read_query("cited_places"), country=code, min_sources=int(min_sources))
        return [software_reference()] + sorted(rows, key=lambda r: r["key"]) + reference_data(used[0] if used else {})

    def suggest(self, city: str, top: int = 10, countries: list[str] | tuple[str, ...] = (),
                exclude_countries: list[str] | tuple[str, ...] = (), max_km: float | None = None,
                kinds: list[str] | tuple[str, ...] = (), seed: int = 0, refit: bool = False) -> "Suggestions":
        """Cities not yet partnered with `city`, best first, each with its score and reasons (see
        `kg.analysis.suggest`). The model is fitted on first use for this exact graph and kept in the cache.

            >>> g.suggest("Kielce", top=3, exclude_countries=["PL"])[0]["reasons"]
        """
        from kg.analysis.network_arrays import read_network
        from kg.analysis.suggest import Filters, fitted_model, suggestions

        if top < 1:
            raise QueryError(f"top must be 1 or more, got {top}.")
        if max_km is not None and not (math.isfinite(max_km) and max_km > 0):
            raise QueryError(f"max_km must be a distance above 0, got {max_km}.")
        check_seed(seed)
        unknown = set(kinds) - set(PLACE_KINDS)
        if unknown:
            raise QueryError(f"Unknown kind {sorted(unknown)[0]!r}: use one of {', '.join(PLACE_KINDS)}.")
        start = self.find_city(city)
        filters = Filters(frozenset(map(self._country, countries)), frozenset(map(self._country, exclude_countries)),
                          max_km, frozenset(kinds))
        net = read_network(self.db)
        model = fitted_model(net, seed, refit)
        rows = suggestions(net, model, net.cities.index[start["key"]], top, filters)
        return Suggestions(rows, start, model, len(net.edges))

    def evaluate_suggest(self, holdout: float = 0.1, repeats: int = 5, seed: int = 0, cities: int = 200,
                         k: int = 10, on_repeat: Callable[[int], None] | None = None) -> dict:
        """Hide `holdout` of the partnerships `repeats` times; the model and the baselines' AUC, precision@k
        and recall@k (mean and spread): see `kg.analysis.evaluation`."""
        from kg.analysis.evaluation import evaluate
        from kg.analysis.network_arrays import read_network

        if not 0 < holdout < 1:
            raise QueryError(f"holdout must be between 0 and 1 (a share), got {holdout}.")
        if repeats < 1 or cities < 1 or k < 1:
            raise QueryError("repeats, cities and k must be 1 or more.")
        check_seed(seed)
        net = read_network(self.db)
        if len(net.edges) < 50:
            raise QueryError(f"The graph has {len(net.edges)} partnerships: too few to hide some and learn from "
                             "the rest. Load more first, e.g. `kg load world`.")
        return evaluate(net, holdout, repeats, seed, cities, k, on_repeat)

    @staticmethod
    def _country(text: str) -> str:
        code = country_code(text)
        if not code:
            raise QueryError(f"Unknown country {text!r}: use an ISO code such as PL, or a name.")
        return code

    def report(self, folder: str | Path, friendly: bool = False, country: str | None = None) -> Path:
        """report.md with its plots and maps (a second map of `country`'s partnerships if given), from one
        fetch of the network; the Markdown file."""
        from kg.analysis.agreement import source_agreement
        from kg.analysis.report import write_report
        from kg.analysis.statistics import network_stats, network_types, twinning_network

        network = twinning_network(self.db, network_types(friendly))
        figures = network_stats(self.db, include_friendly=friendly, network=network)
        code = self._country(country) if country else None
        return write_report(network, figures, folder, source_agreement(self.db), code)

    def export_json(self, path) -> dict[str, int]:
        """The lossless dump of the whole graph (JSON lines, streamed), written to `path` or an open text
        stream; what it holds."""
        from kg.store.dump import export_dump, write_dump

        return write_dump(self.db, path) if hasattr(path, "write") else export_dump(self.db, path)

    def export_view(self, graph, fmt: str, path: str | Path) -> Path:
        """A selection (`view_graph`) as GraphML, GEXF or CSV."""
        from kg.analysis.exchange import write_view

        return write_view(graph, fmt, path)

    def import_json(self, path: str | Path) -> dict[str, int]:
        """Restore a dump that `export_json` wrote (validated whole before anything is written)."""
        from kg.store.dump import import_dump

        return import_dump(self.db, path)

    # -- subgraphs -----------------------------------------------------------------------------
    def to_networkx(self, keys: list[str] | None = None, rels: list[str] | tuple[str, ...] | None = None,
                    min_sources: int = 1, keep: frozenset[str] = frozenset(), active_only: bool = False,
                    as_of: int | None = None):
        """The cities with `keys` (or all cities) and the relationships among them, as a networkx MultiGraph;
        with `min_sources` > 1 only the links that many sources state, and the cities that have one (or are
        in `keep`)."""
        from kg.analysis.network import fetch_subgraph

        return fetch_subgraph(self.db, keys, relationship_types(rels, default=("partner", "friendly", "member")),
                              min_sources, keep, active_only, check_as_of(as_of))

    def hops_subgraph(self, city: str, max_hops: int = 2, rels: list[str] | tuple[str, ...] | None = None,
                      active_only: bool = False, as_of: int | None = None) -> list[str]:
        """The keys of a city and every city within `max_hops`: feed to `to_networkx` or `render`."""
        c = self.find_city(city)
        return [c["key"]] + [r["key"] for r in self.hops(c["key"], max_hops, rels, active_only=active_only,
                                                          as_of=as_of)]

    # -- views -----------------------------------------------------------------------------------
    def view_graph(self, city: str | None = None, hops: int = 2, association: str | None = None,
                   country: str | None = None, rels: list[str] | tuple[str, ...] | None = None, min_sources: int = 1,
                   active_only: bool = False, as_of: int | None = None):
        """The networkx graph behind a view (`kg.views.selection`): a city's neighbourhood, an association's
        members, a country's cities with their partners abroad, or (no selection) the whole graph; with
        `min_sources` > 1, only the links that many sources state."""
        from kg.views import selection

        types = relationship_types(rels, default=("partner", "friendly"))
        if city:
            keys = self.hops_subgraph(city, hops, rels, active_only, as_of)
            return selection.neighbourhood(self.db, keys, types, min_sources, active_only, check_as_of(as_of))
        if association:
            return selection.members(self.db, self.find_association(association)["key"], min_sources, active_only,
                                     check_as_of(as_of))
        if country:
            return selection.country(self.db, self._country(country), types, min_sources, active_only,
                                     check_as_of(as_of))
        return selection.whole(self.db, types, 10**9, min_sources, active_only, check_as_of(as_of))[0]

    def render(self, output: str, city: str | None = None, hops: int = 2, association: str | None = None,
               country: str | None = None, rels: list[str] | tuple[str, ...] | None = None,
               max_nodes: int = 2000, layout: str = "auto", colour_by: str = "country", size_by: str = "degree",
               title: str | None = None, min_sources: int = 1, active_only: bool = False,
               as_of: int | None = None):
        """Write an interactive, self-contained HTML view; returns a `ViewReport` (what was drawn, dropped)."""
        from kg.views import selection
        from kg.views.render import ViewOptions, build_html, limit_nodes, write_page

        start = self.find_city(city)["key"] if city else None  # named once: a choice among places said once
        if start or association or country:
            graph = self.view_graph(start, hops, association, country, rels, min_sources, active_only, as_of)
            graph, dropped_nodes, dropped_edges = limit_nodes(graph, max_nodes, {start} if start else set())
        else:
            types = relationship_types(rels, default=("partner", "friendly"))
            graph, dropped_nodes, dropped_edges = selection.whole(self.db, types, max_nodes, min_sources, active_only,
                                                                  check_as_of(as_of))
        if title is None:
            title = (f"{city}: cities within {hops} hops" if city else f"{association}: members" if association
                     else f"{country}: cities and their partners" if country else "The twinning network")
        note = None if not dropped_nodes else (
            f"Showing the {graph.number_of_nodes()} best-connected nodes: {dropped_nodes} nodes and "
            f"{dropped_edges} relationships left out (raise max_nodes to include them).")
        page, report = build_html(graph, ViewOptions(title=title, layout=layout, colour_by=colour_by,
                                                     size_by=size_by, note=note))
        report.path = str(write_page(page, output))
        report.dropped_nodes, report.dropped_edges = dropped_nodes, dropped_edges
        return report


# -- What needs no database: the sources a load reads, the tables fetched once, the local server ----------
# The CLI reaches loaders, resolution tables and the server through these alone (tests/unit/test_architecture).

def data_release() -> str:
    """The shipped data's release: a content hash over every file under kg/data (the world sources, the seed
    documents, the status changes), so a figure can be tied to the exact data it came from."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    pending = [resources.files("kg.data")]
    files = []
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append(entry)
            elif not entry.name.endswith((".py", ".pyc")):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"


def release_changes(old: str | Path, new: str | Path):
    """What changed between two `kg export json` dumps, streamed: pairs added or removed, status changes,
    cities renamed, Wikidata items placed on another node (`kg.store.releases`)."""
    from kg.store.releases import release_changes as changes

    return changes(old, new)


def seed_documents() -> Callable[[], Dataset]:
    """The parse step of the curated seed knowledge base (the five source documents)."""
    from kg.loaders.seeds import parse_seeds

    return parse_seeds


def yaml_file(path: str | Path, skip_invalid: bool = False) -> Callable[[], Dataset]:
    """The parse step of one curated YAML file (format in docs/loading.md)."""
    from kg.loaders.curated_yaml import load_yaml

    return partial(load_yaml, str(path), skip_invalid)


def csv_file(path: str | Path, columns: dict[str, Any] | None = None, **options: Any) -> Callable[[], Dataset]:
    """The parse step of an edge list: `columns` names the file's columns (city1, country1, city2, country2,
    lat1, lon1, lat2, lon2, since), `options` are `kg.loaders.edge_csv.CsvOptions`' (delimiter, relation, ...)."""
    from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv

    csv_options = CsvOptions(columns=CsvColumns(**(columns or {})), **options)
    return partial(load_edge_csv, str(path), csv_options)


def wikidata_file(path: str | Path, names: str | Path | None = None, retrieved: str | None = None
                  ) -> Callable[[], Dataset]:
    """The parse step of Wikidata P190 statements: SPARQL results, or bare QID pairs with a `names` file;
    `retrieved` the day the data was taken (YYYY-MM-DD)."""
    from kg.loaders.wikidata import load_wikidata

    return partial(load_wikidata, str(path), str(names) if names else None, retrieved=retrieved)


def world_sources(names: tuple[str, ...] | list[str] = (), limit: int | None = None) -> list[tuple[str, str, Callable]]:
    """(name, label, parse step) of the shipped world sources, in their usual order (Wikidata's items are
    placed by the others' partners, loaded or not, so any order gives one graph); all of them, or those
    `names`."""
    from kg.loaders.world import WORLD_SOURCES

    chosen = [s for s in WORLD_SOURCES if not names or s.name in names]
    return [(s.name, s.label, partial(cast(Callable[[int | None], Dataset], s.parse), limit)) for s in chosen]


def extract_partner_page(document: str | Path, home_city: str | None = None):
    """A municipal partner page read into a draft of the curated YAML format (`kg.loaders.extract`)."""
    from kg.loaders.extract import extract_document

    return extract_document(str(document), home_city)


def fetch_wikidata(output: str | Path, endpoint: str | None = None, page_size: int | None = None,
                   progress: Callable[[int], None] | None = None,
                   on_wait: Callable[[float], None] | None = None) -> int:
    """Wikidata's P190 statements with their start and end times, references and the ends' GeoNames IDs,
    paged from the Query Service into `output` (resumable; see `kg.loaders.wikidata_fetch`); the bytes
    written."""
    from kg.loaders.wikidata_fetch import PAGE_SIZE, WIKIDATA_ENDPOINT
    from kg.loaders.wikidata_fetch import fetch_wikidata as fetch

    return fetch(Path(output), endpoint or WIKIDATA_ENDPOINT, page_size or PAGE_SIZE, progress, on_wait=on_wait)


def fetch_boundaries() -> tuple[int, Path]:
    """The administrative boundary table, fetched once and cached: (boundaries, where)."""
    from kg.resolve.boundaries import Boundaries

    return len(Boundaries.load()), Boundaries.cache_path()


def fetch_features() -> tuple[int, int, Path]:
    """GeoNames' feature codes, fetched once and cached: (places, sections of cities, where)."""
    from kg.resolve.features import cache_path, load_codes

    codes = load_codes()
    return len(codes), sum(code == "PPLX" for code in codes.values()), cache_path()


def fetch_anchors() -> tuple[int, Path]:
    """The countries-states-cities table's Wikidata items, fetched once and cached: (items, where)."""
    from kg.resolve.anchors import Anchors

    return len(Anchors.load()), Anchors.cache_path()


def fetch_tables() -> list[tuple[str, int, Path]]:
    """Every table the resolver needs, fetched once and cached (a load refuses to run without one):
    (table, entries, where) for the boundaries, the feature codes and the countries-states-cities items."""
    boundaries, where_boundaries = fetch_boundaries()
    places, _, where_features = fetch_features()
    items, where_anchors = fetch_anchors()
    return [("administrative boundaries", boundaries, where_boundaries),
            ("GeoNames feature codes", places, where_features),
            ("countries-states-cities Wikidata items", items, where_anchors)]


def local_server(name: str = "default", port: int = 7687, password: str | None = None,
                 home: str | Path | None = None, **options: Any):
    """A local Neo4j instance (`kg.store.server.LocalServer`): its own home folder, port and password."""
    from kg.store.server import LocalServer

    given: dict[str, Any] = {"password": password} if password else {}
    return LocalServer(name=name, port=port, home=Path(home) if home else None, **given, **options)
