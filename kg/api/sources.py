"""What needs no database: the sources a load reads, the data release, the tables fetched once. The CLI
reaches loaders and resolution tables through these alone (tests/unit/test_architecture)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast

from kg.records import Dataset

# -- What needs no database: the sources a load reads, the tables fetched once, the local server ----------
# The CLI reaches loaders, resolution tables and the server through these alone (tests/unit/test_architecture).

def data_release() -> str:
    """The shipped data's release: a content hash over every file under kg/data (the world sources, the seed
    documents, the status changes), so a figure can be tied to the exact data it came from."""
    from kg.release import data_release as release

    return release()


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


def fetch_registers() -> tuple[int, Path]:
    """Italy's and France's municipal registers, fetched once and cached: (distinct names, where)."""
    from kg.resolve.registers import Registers

    return len(Registers.load()), Registers.cache_path()


def fetch_tables() -> list[tuple[str, int, Path]]:
    """Every table the resolver needs, fetched once and cached (a load refuses to run without one):
    (table, entries, where) for the boundaries, the feature codes, the countries-states-cities items and the
    municipal registers."""
    boundaries, where_boundaries = fetch_boundaries()
    places, _, where_features = fetch_features()
    items, where_anchors = fetch_anchors()
    names, where_registers = fetch_registers()
    return [("administrative boundaries", boundaries, where_boundaries),
            ("GeoNames feature codes", places, where_features),
            ("countries-states-cities Wikidata items", items, where_anchors),
            ("municipal registers (IT, FR) names", names, where_registers)]
