"""The questions about the network as a whole: figures, agreement of sources, maps, citations, suggested
partners, the report, dumps and exports. Mixed into `TwinningGraph`, which holds the database (`self.db`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from kg.api.checks import Suggestions, check_seed, partnership_view
from kg.api.rows import CityMatch
from kg.errors import QueryError, UnknownCountry
from kg.resolve.countries import country_code
from kg.store.database import Database
from kg.store.queries import named, read_query
from kg.vocabulary import PLACE_KINDS


class NetworkQuestions:
    """`TwinningGraph`'s methods about the whole network (it provides `db` and `find_city`)."""

    db: Database
    find_city: Callable[[str], CityMatch]

    # -- the network as a whole ------------------------------------------------------------------
    def stats(self, friendly: bool = False, betweenness_sample: int | None = None, min_sources: int = 1,
              active_only: bool = False, as_of: int | None = None, path_sample: int | None = None,
              on_phase: Callable[[str], None] | None = None) -> dict:
        """The figures of `kg stats` (see `kg.analysis.statistics`), of the links `min_sources` sources state
        (and, with `active_only`, neither suspended nor ended; with `as_of`, signed by that year or undated and
        not ended before it). Betweenness and path lengths are exact unless `betweenness_sample` or
        `path_sample` sources are asked for (then each estimate comes with its standard error).
        `on_phase(label)` hears each phase as it begins (a progress line)."""
        from kg.analysis.statistics import network_stats

        if betweenness_sample is not None and betweenness_sample < 1:
            raise QueryError(f"betweenness_sample must be 1 or more sources, got {betweenness_sample}.")
        if path_sample is not None and path_sample < 2:
            raise QueryError(f"path_sample must be 2 or more sources, got {path_sample}.")
        view = partnership_view(None, ("partner", "friendly") if friendly else ("partner",), min_sources,
                                active_only, as_of)
        return network_stats(self.db, view, betweenness_sample=betweenness_sample, path_sample=path_sample,
                             on_phase=on_phase)

    def sources(self) -> dict:
        """Where the sources agree (see `kg.analysis.agreement`): per source, by number of sources."""
        from kg.analysis.agreement import source_agreement

        return source_agreement(self.db)

    def partnership_map(self, path: str | Path, country: str | None = None) -> list[Path]:
        """The partnerships (of `country`'s cities, or all) on the world's outlines as `kg report` draws them:
        the PNG and a PDF beside it (`path` without its suffix); a country's map has an inset framed on it."""
        from kg.analysis.maps import partnership_map
        from kg.analysis.statistics import twinning_network
        from kg.resolve.countries import country_name

        code = self._country(country) if country else None
        graph, rows = twinning_network(self.db, partnership_view(None, ("partner",)))
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
                kinds: list[str] | tuple[str, ...] = (), seed: int = 0, refit: bool = False,
                on_phase: Callable[[str], None] | None = None) -> "Suggestions":
        """Cities not yet partnered with `city`, best first, each with its score and reasons (see
        `kg.analysis.suggest`). The model is fitted on first use for this exact graph and kept in the cache:
        `g.suggest("Kielce", top=3, exclude_countries=["PL"])[0]["reasons"]` says why the best one ranks first.
        `on_phase(label)` hears each phase as it begins (a progress line)."""
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
        said = on_phase or (lambda label: None)
        said("Reading the network")
        net = read_network(self.db)
        said(f"Fitting the suggestion model on {len(net.edges):,} partnerships (once per graph; kept after)")
        model = fitted_model(net, seed, refit)
        said("Ranking the candidates")
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
            raise UnknownCountry(f"Unknown country {text!r}: use an ISO code such as PL, or a name.")
        return code

    def country(self, country: str, limit: int = 500, active_only: bool = False, as_of: int | None = None) -> dict:
        """A country (a code or a name): its cities with partnerships, the most partnered first (at most
        `limit`), and the countries its cities are partnered with; the country and each partner country with
        the point its twinned cities lie around (median latitude and longitude; None without one). With
        `active_only` or `as_of` (a year), only the partnerships in force now or then."""
        from kg.resolve.countries import country_name

        view = partnership_view(None, ("partner",), active_only=active_only, as_of=as_of)
        code = self._country(country)
        in_force = {"active_only": view.active_only, "as_of": view.as_of}
        cities = self.db.read(named("country_cities_ranked").text, country=code, limit=limit + 1, **in_force)
        partner_countries = self.db.read(named("country_partner_countries").text, country=code, **in_force)
        codes = sorted({code, *(row["country"] for row in partner_countries if row["country"])})
        points = {row["country"]: row for row in self.db.read(read_query("country_points"), codes=codes)}
        for row in partner_countries:
            row["latitude"], row["longitude"] = _point(points.get(row["country"]))
        latitude, longitude = _point(points.get(code))
        return {"country": {"code": code, "name": country_name(code), "latitude": latitude, "longitude": longitude},
                "cities": cities[:limit], "truncated": len(cities) > limit, "partner_countries": partner_countries,
                "as_of": view.as_of}

    def report(self, folder: str | Path, friendly: bool = False, country: str | None = None,
               on_phase: Callable[[str], None] | None = None) -> Path:
        """report.md with its plots and maps (a second map of `country`'s partnerships if given), from one
        fetch of the network; the Markdown file. `on_phase(label)` hears each phase as it begins."""
        from kg.analysis.agreement import source_agreement
        from kg.analysis.report import write_report
        from kg.analysis.statistics import network_stats, twinning_network

        view = partnership_view(None, ("partner", "friendly") if friendly else ("partner",))
        code = self._country(country) if country else None
        said = on_phase or (lambda label: None)
        said("Reading the network")
        network = twinning_network(self.db, view)
        figures = network_stats(self.db, view, network=network, on_phase=on_phase)
        said("Drawing the figures and maps")
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


def _point(row: dict | None) -> tuple[float | None, float | None]:
    """A row's latitude and longitude, or (None, None)."""
    return (row["latitude"], row["longitude"]) if row else (None, None)
