"""`TwinningGraph`: the twinning knowledge graph in Neo4j, one method per question, plain rows back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kg.api.checks import MAX_HOPS, Hops, QueryRows, clearly_meant, partnership_view, relationship_types
from kg.api.network import NetworkQuestions
from kg.api.rows import (
    AssociationMatch,
    CityFacts,
    CityMatch,
    CommonPartner,
    Cousin,
    GraphStatus,
    MemberRow,
    NamedQuery,
    PartnerRow,
    PathStep,
    SearchHit,
)
from kg.errors import AmbiguousCity, QueryError, UnknownAssociation, UnknownCity
from kg.records import Dataset
from kg.resolve.countries import country_code
from kg.resolve.names import fold
from kg.settings import Settings
from kg.store.database import Database
from kg.store.queries import all_named, named, read_query
from kg.store.writer import WriteReport
from kg.vocabulary import city_reference, is_city_key, split_reference

if TYPE_CHECKING:
    from kg.api.search import NameIndex
    from kg.views.render import ViewReport

log = logging.getLogger("kg")


class TwinningGraph(NetworkQuestions):
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
    def find_city(self, text: str) -> CityMatch:
        """'Valga', 'Valga, EE', 'Valga, Estonia' or a key ('gn:587876') -> one city row, or a clear error."""
        text = text.strip()
        if is_city_key(text):
            rows = self.db.read(named("city_by_key").text, key=text)
            if not rows:
                raise UnknownCity(f"No city with key {text} in the graph.")
            return cast(CityMatch, rows[0])
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
            return cast(CityMatch, candidates[0])
        chosen = clearly_meant(candidates)
        names = [f"{city_reference(r['name'], r['country'])} ({_kind_of(r)}{r['key']})" for r in candidates]
        if chosen is None:
            raise AmbiguousCity(text, names)
        others = "; ".join(n for n, r in zip(names, candidates) if r is not chosen)
        log.warning('"%s" is taken as %s (%s%s), the town or by far the largest of the places it names; the '
                    'others: %s. Add the country or a key to choose another.', text,
                    city_reference(chosen["name"], chosen["country"]), _kind_of(chosen), chosen["key"], others)
        return cast(CityMatch, chosen)

    def find_association(self, text: str) -> AssociationMatch:
        """An association by name, acronym or key, or a clear error listing the known ones."""
        rows = self.db.read(named("find_association").text, text=text)
        if not rows:
            known = [r["name"] for r in self.db.read(read_query("association_names"))]
            if not known:
                raise UnknownAssociation(f'No association matches "{text}": the graph holds no associations yet '
                              "(`kg load seeds` brings the City Twins Association).")
            raise UnknownAssociation(f'No association matches "{text}". Known ones: ' + ", ".join(known))
        return cast(AssociationMatch, rows[0])

    # -- questions -----------------------------------------------------------------------------
    def partners(self, city: str, with_parts: bool = False, active_only: bool = False,
                 as_of: int | None = None) -> list[PartnerRow]:
        """Partners and friendly contacts of a city, with since, renewed, areas and sources; with `with_parts`,
        its districts' partners too, each with the district in `via`; with `active_only` or `as_of` (a year)
        only those in force now or then."""
        view = partnership_view(None, active_only=active_only, as_of=as_of)
        c = self.find_city(city)
        return cast(list[PartnerRow], self.db.read(named("city_partners").text, key=c["key"], with_parts=with_parts,
                                                   active_only=view.active_only, as_of=view.as_of))

    def document_names(self) -> dict[str, str]:
        """The source key of each cited document's file: a citation reads "<file>:<line>", and a seed's file
        is named by its content hash ("000_338dc196583c97ae.txt"), its key by what it is ("seed-000-vinnytsia")."""
        return {row["file"]: row["key"] for row in self.db.read(read_query("document_names"))}

    def members(self, association: str) -> list[MemberRow]:
        """An association's members, with status and sources."""
        a = self.find_association(association)
        return cast(list[MemberRow], self.db.read(named("association_members").text, key=a["key"]))

    def city(self, city: str) -> CityFacts:
        """All facts about one city, with sources and recorded discrepancies."""
        c = self.find_city(city)
        facts = self.db.read(named("city_facts").text, key=c["key"])[0]
        facts["form_conflicts"] = self.db.read(named("form_conflicts").text, city=c["key"], limit=1000)
        return cast(CityFacts, facts)

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
        found = within_hops(self.db, self.find_city(city), int(max_hops),
                            partnership_view(rels, active_only=active_only, as_of=as_of))
        kept = found[:limit] if limit else found
        return Hops([{k: r[k] for k in ("name", "country", "hops", "via", "key")} for r in kept],
                    total=len(found), limit=int(limit))

    def path(self, a: str, b: str, rels: list[str] | tuple[str, ...] | None = None) -> list[PathStep]:
        """The shortest chain between two cities (partnerships only unless `rels` says more)."""
        ca, cb = self.find_city(a), self.find_city(b)
        if ca["key"] == cb["key"]:
            raise QueryError("Both names are the same city.")
        return cast(list[PathStep], self.db.read(named("shortest_chain").text, a=ca["key"], b=cb["key"],
                                                 types=relationship_types(rels, default=("partner",))))

    def common(self, a: str, b: str, rels: list[str] | tuple[str, ...] | None = None) -> list[CommonPartner]:
        """Cities partnered with both `a` and `b`."""
        ca, cb = self.find_city(a), self.find_city(b)
        return cast(list[CommonPartner], self.db.read(named("common_partners").text, a=ca["key"], b=cb["key"],
                                                      types=relationship_types(rels)))

    def cousins(self, city: str, rels: list[str] | tuple[str, ...] | None = None) -> list[Cousin]:
        """Cousin cities: two partnership hops away, not partnered directly."""
        c = self.find_city(city)
        return cast(list[Cousin], self.db.read(named("cousin_cities").text, key=c["key"],
                                               types=relationship_types(rels, default=("partner",))))

    def search(self, text: str, limit: int = 25) -> list[SearchHit]:
        """Cities whose name or other names begin with `text` (accents, case and punctuation ignored): text
        that folds to nothing ("%", "?") matches nothing, rather than every city."""
        prefix = fold(text)
        if not prefix:
            raise QueryError(f"Search for letters or digits: {text[:40]!r} has none.")
        return cast(list[SearchHit], self.db.read(named("city_search").text, prefix=prefix, limit=limit))

    def name_index(self) -> "NameIndex":
        """`search` from memory, for a process that searches often (the web app's search as you type): the
        same rows, read again from the graph when its counts change."""
        from kg.api.search import NameIndex

        return NameIndex(self.db)

    def queries(self) -> list[NamedQuery]:
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

    def status(self) -> GraphStatus:
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

    # -- subgraphs -----------------------------------------------------------------------------
    def to_networkx(self, keys: list[str] | None = None, rels: list[str] | tuple[str, ...] | None = None,
                    min_sources: int = 1, keep: frozenset[str] = frozenset(), active_only: bool = False,
                    as_of: int | None = None):
        """The cities with `keys` (or all cities) and the relationships among them, as a networkx MultiGraph;
        with `min_sources` > 1 only the links that many sources state, and the cities that have one (or are
        in `keep`)."""
        from kg.analysis.network import fetch_subgraph

        view = partnership_view(rels, ("partner", "friendly", "member"), min_sources, active_only, as_of)
        return fetch_subgraph(self.db, keys, view, keep)

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

        view = partnership_view(rels, ("partner", "friendly"), min_sources, active_only, as_of)
        if city:
            keys = self.hops_subgraph(city, hops, rels, active_only, as_of)
            return selection.neighbourhood(self.db, keys, view)
        if association:
            return selection.members(self.db, self.find_association(association)["key"], view)
        if country:
            return selection.country(self.db, self._country(country), view)
        return selection.whole(self.db, view, 10**9)[0]

    def render(self, output: str, city: str | None = None, hops: int = 2, association: str | None = None,
               country: str | None = None, rels: list[str] | tuple[str, ...] | None = None,
               max_nodes: int = 2000, layout: str = "auto", colour_by: str = "country", size_by: str = "degree",
               title: str | None = None, min_sources: int = 1, active_only: bool = False,
               as_of: int | None = None):
        """Write an interactive, self-contained HTML view; returns a `ViewReport` (what was drawn, dropped)."""
        from kg.views.render import write_page

        page, report = self.view_html(city, hops, association, country, rels, max_nodes, layout, colour_by,
                                      size_by, title, min_sources, active_only, as_of)
        report.path = str(write_page(page, output))
        return report

    def partners_on_map(self, city: dict[str, Any], partners: list[dict[str, Any]]) -> dict[str, Any] | None:
        """Where a city (the `city` of `city()`) and its partners (rows of `partners()`) lie on the report's
        world map, as SVG coordinates of the outlines `map_outlines()` gives: arcs, dots, a frame around them
        (see `kg.views.citymap`); None when the city has no point."""
        from kg.views.citymap import partnership_map

        return partnership_map(city, partners)

    @staticmethod
    def map_outlines() -> Path:
        """The world's outlines under the maps, as a PNG in the cache (drawn once, offline)."""
        from kg.views.citymap import outlines_png

        return outlines_png()

    def view_html(self, city: str | None = None, hops: int = 2, association: str | None = None,
                  country: str | None = None, rels: list[str] | tuple[str, ...] | None = None,
                  max_nodes: int = 2000, layout: str = "auto", colour_by: str = "country", size_by: str = "degree",
                  title: str | None = None, min_sources: int = 1, active_only: bool = False,
                  as_of: int | None = None) -> tuple[str, ViewReport]:
        """The interactive view `render` writes, as the page's text and its `ViewReport` (no file): for a
        server that hands it out."""
        from kg.views import selection
        from kg.views.render import ViewOptions, build_html, limit_nodes

        start = self.find_city(city)["key"] if city else None  # named once: a choice among places said once
        if start or association or country:
            graph = self.view_graph(start, hops, association, country, rels, min_sources, active_only, as_of)
            graph, dropped_nodes, dropped_edges = limit_nodes(graph, max_nodes, {start} if start else set())
        else:
            view = partnership_view(rels, ("partner", "friendly"), min_sources, active_only, as_of)
            graph, dropped_nodes, dropped_edges = selection.whole(self.db, view, max_nodes)
        if title is None:
            title = (f"{city}: cities within {hops} hops" if city else f"{association}: members" if association
                     else f"{country}: cities and their partners" if country else "The twinning network")
        note = None if not dropped_nodes else (
            f"Showing the {graph.number_of_nodes()} best-connected nodes: {dropped_nodes} nodes and "
            f"{dropped_edges} relationships left out (raise max_nodes to include them).")
        page, report = build_html(graph, ViewOptions(title=title, layout=layout, colour_by=colour_by,
                                                     size_by=size_by, note=note))
        report.dropped_nodes, report.dropped_edges = dropped_nodes, dropped_edges
        return page, report


def _kind_of(row: dict) -> str:
    """A candidate's kind as a message names it beside its key: "the region " for Tokyo's prefecture, nothing
    for a city (two places of one name read apart: "Tokyo, JP (gn:1850147)", "Tokyo, JP (the region iso:JP-13)")."""
    kind = row.get("kind")
    return "" if kind in (None, "city") else f"the {kind} "
