"""The one module that writes to the graph: resolved records become batched `UNWIND ... MERGE` calls.

Every write MERGEs on a constraint-backed key, so each batch is idempotent; each batch is one managed
transaction (all of it or none of it). A load stopped half-way and run again ends in the same graph.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from kg.errors import KGError, Problem
from kg.records import CityRef, Dataset, Pair, PairStream, ResolvedCity
from kg.resolve.countries import continent_of, country_name
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import city_key_unresolved, fold
from kg.store.database import DEFAULT_BATCH_SIZE, Database, chunked
from kg.store.queries import read_query, write_query
from kg.vocabulary import KIND_PRECEDENCE, PAIR_RELATIONS, RESOLUTION_PRECEDENCE, has_own_point

# the parameters merge_cities.cypher decides a node's kind and resolution by, whatever the order of loads
PRECEDENCE = {"kind_rank": {kind: rank for rank, kind in enumerate(KIND_PRECEDENCE)},
              "resolution_rank": {method: rank for rank, method in enumerate(RESOLUTION_PRECEDENCE)}}

@dataclass
class WriteReport:
    """What a load did: counted from the records and from Neo4j's own counters."""

    rows_read: int = 0
    pairs: int = 0
    duplicates: int = 0
    invalid: int = 0
    cities: int = 0
    cities_created: int = 0
    relationships_created: int = 0
    pair_relationships_created: int = 0  # new PARTNER_OF / FRIENDLY_WITH
    statements: int = 0  # pair statements sent to be written (each row, repeats included)
    statements_written: int = 0  # of those, what the server says it wrote (fewer: a city went missing)
    status_changes: int = 0  # changes of a partnership's status recorded on it
    homonyms_unsettled: int = 0  # statements moved off a homonym that Wikidata contradicts
    nodes_merged: int = 0  # nodes an earlier load left apart, merged into the place this load found
    same_place: list[Problem] = field(default_factory=list)  # statements whose two ends are one place
    kinds: dict[str, int] = field(default_factory=dict)  # distinct cities by kind
    unresolved_file: str | None = None  # where the pipeline wrote the unresolved names, if any
    rejected_file: str | None = None  # where it wrote the rows set aside, if any
    warnings: list[str] = field(default_factory=list)  # side files that could not be written
    unresolved: list[ResolvedCity] = field(default_factory=list)
    resolved_by: dict[str, int] = field(default_factory=dict)  # distinct cities by how they were placed
    counters: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The report, JSON-ready."""
        return {"rows_read": self.rows_read, "pairs_loaded": self.pairs, "repeated_statements": self.duplicates,
                "statements": self.statements, "new_pair_relationships": self.pair_relationships_created,
                "statements_on_existing_relationships": self.statements - self.pair_relationships_created,
                "status_changes": self.status_changes, "homonyms_unsettled": self.homonyms_unsettled,
                "nodes_merged": self.nodes_merged,
                "invalid_rows": self.invalid, "same_place_rows": len(self.same_place),
                "cities": self.cities, "cities_created": self.cities_created,
                "cities_merged": self.cities - self.cities_created, "cities_by_kind": self.kinds,
                "relationships_created": self.relationships_created, "unresolved": len(self.unresolved),
                "resolved_by": self.resolved_by,
                "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}


class GraphWriter:
    """Writes a resolved `Dataset` in batches (the pipeline resolves; the gazetteer, when there is one, gives
    the placed cities' other names for search)."""

    def __init__(self, db: Database, gazetteer: Gazetteer | None, batch_size: int = DEFAULT_BATCH_SIZE):
        self.db, self.gazetteer, self.batch_size = db, gazetteer, batch_size

    def write(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity],
              progress: Callable[[int], None] | None = None,
              on_phase: Callable[[str, int], None] | None = None,
              claimants: dict[CityRef, str] | None = None) -> WriteReport:
        """Every record as batched MERGEs, in this order: sources, countries, cities and their districts'
        PART_OF, the pair statements (streamed), then associations, projects, memberships, events and forms.
        The pairs are read twice (a big file of one source: never, its validating pass kept its statements as
        numbers): once for what they say of their cities, once to write them, while the writes before them
        run in the background. `claimants` gives the keys of claiming cities the dataset names nowhere else."""
        self._claimants = claimants or {}
        report = WriteReport(rows_read=dataset.rows_read, duplicates=dataset.duplicates,
                             invalid=len({(p.file, p.line) for p in dataset.rejected}))
        city_rows, part_rows = self._place_rows(dataset, resolved)
        _count_places(report, city_rows, resolved)
        places = [WriteJob("merge_sources", source_rows(dataset)), WriteJob("merge_countries", country_rows(city_rows)),
                  WriteJob("merge_cities", city_rows, PRECEDENCE), WriteJob("merge_parts", part_rows, PRECEDENCE)]
        context = self._context_jobs(dataset, resolved)
        if on_phase:
            on_phase("Writing", sum(len(job.rows) for job in places + context) + len(dataset.pairs)
                     + len(dataset.status_changes))
        with BackgroundWrites(lambda job: self._write(job, report, progress)) as background:
            for job in places:  # in order, in the background: the first statements are built meanwhile
                background.submit(job)
            del places, city_rows, part_rows  # a row per city: gone once written
            self._write_pairs(dataset, resolved, report, background)
            for job in context:
                background.submit(job)
        if progress and report.same_place:
            progress(len(report.same_place))
        self._write_status_changes(dataset, resolved, report, progress)
        report.relationships_created = report.counters.get("relationships_created", 0)
        return report

    def _write(self, job: "WriteJob", report: WriteReport, progress) -> None:
        """One job's rows in batches (or its columns, in one transaction), its counters added to the report's."""
        if job.columns is not None:
            counts = self.db.write_columns(job.text(), job.columns, **job.params)
            if progress:
                progress(len(job.columns["a"] or ()))
        elif not job.rows:
            return
        else:
            counts = self.db.write_batches(job.text(), job.rows, batch_size=self.batch_size, progress=progress,
                                           **job.params)
        for k, v in counts.items():
            report.counters[k] = report.counters.get(k, 0) + v
        if job.query == "merge_cities":
            report.cities_created += counts.get("nodes_created", 0)
        if job.query in ("merge_pair", "merge_pair_lines"):
            report.pair_relationships_created += counts.get("relationships_created", 0)
            report.statements_written += counts.get("written", 0)

    def _claimant(self, resolved: dict[CityRef, ResolvedCity], claimant: CityRef | str) -> str:
        """The key of whoever claims a statement: a city, or an association (its key as given)."""
        if isinstance(claimant, str):
            return claimant
        return resolved[claimant].key if claimant in resolved else self._claimants[claimant]

    def _write_pairs(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity], report: WriteReport,
                     background: "BackgroundWrites") -> None:
        """Every pair statement in one streamed pass, a batch per relation handed to the background writer
        when full, while the next is built; a statement whose two ends are one place is set aside with why.
        Memory: a few batches, and one number per distinct pair."""
        stream = _kept_rows(dataset)
        if stream is not None:
            self._write_statement_rows(stream, resolved, report, background)
            return
        pending: dict[str, list[dict]] = {relation: [] for relation in PAIR_RELATIONS}
        numbers: dict[str, int] = {}
        distinct: set[int] = set()
        for p in dataset.pairs:
            a, b = sorted((resolved[p.a].key, resolved[p.b].key))
            if a == b:
                report.same_place.append(same_place_problem(p, resolved[p.a]))
                continue
            rows = pending[p.relation]
            rows.append(pair_row(a, b, p, [self._claimant(resolved, c) for c in p.claimed_by]))
            first, second = numbers.setdefault(a, len(numbers)), numbers.setdefault(b, len(numbers))
            distinct.add((first << 33) | (second << 1) | (p.relation != PAIR_RELATIONS[0]))
            report.statements += 1
            if len(rows) >= self.batch_size:
                background.submit(WriteJob("merge_pair", rows, relation=p.relation))
                pending[p.relation] = []
        for relation, rows in pending.items():
            background.submit(WriteJob("merge_pair", rows, relation=relation))
        report.pairs = len(distinct)

    def _write_statement_rows(self, stream: PairStream, resolved: dict[CityRef, ResolvedCity], report: WriteReport,
                              background: "BackgroundWrites") -> None:
        """A big file's statements, from the numbers its validating pass kept (`StatementRows`), in the file's
        order as `merge_pair_lines.cypher` columns: what `_write_pairs` writes from its rows, without reading
        the file again or building a row a statement, so the server, not Python, sets the pace. Numbering the keys
        in their order makes each pair's smaller number its smaller key."""
        import numpy as np

        rows = stream.statement_rows()
        keys = sorted({resolved[ref].key for ref in stream.refs})
        number = {key: n for n, key in enumerate(keys)}
        of_name = np.array([number[resolved[ref].key] for ref in stream.refs], dtype=np.int64)
        first = of_name[np.frombuffer(rows.first, dtype=np.uint32)]
        second = of_name[np.frombuffer(rows.second, dtype=np.uint32)]
        low, high = np.minimum(first, second), np.maximum(first, second)
        for n in np.flatnonzero(low == high).tolist():
            pair = stream.pair(n)
            report.same_place.append(same_place_problem(pair, resolved[pair.a]))
        kept = np.flatnonzero(low != high)
        report.statements = len(kept)
        report.pairs = len(np.unique((low[kept] << 32) | high[kept]))
        lines = np.frombuffer(rows.line, dtype=np.uint32)
        dates = np.frombuffer(rows.date, dtype=np.uint32) if rows.date is not None else None
        constants = {"source": stream.source_id, "cite_as": stream.cite_as}
        for start in range(0, len(kept), self.batch_size):
            chosen = kept[start:start + self.batch_size]
            columns: dict[str, list | None] = {
                "a": [keys[k] for k in low[chosen].tolist()], "b": [keys[k] for k in high[chosen].tolist()],
                "line": lines[chosen].tolist(),
                "claimant": [keys[k] for k in first[chosen].tolist()] if rows.first_claims else None,
                "since": None, "since_year": None}
            if dates is not None:
                dated = [rows.dates[d] for d in dates[chosen].tolist()]
                columns["since"], columns["since_year"] = [d[0] for d in dated], [d[1] for d in dated]
            background.submit(WriteJob("merge_pair_lines", [], params=constants, relation=rows.relation,
                                       columns=columns))

    def _write_status_changes(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity], report: WriteReport,
                              progress) -> None:
        """Each change onto its partnership, after every pair is written, a batch at a time (a crawl states
        hundreds of thousands); a change naming two cities that are not partners in the graph is reported,
        never attached to anything else."""
        for changes in chunked(dataset.status_changes, self.batch_size):
            rows = [{"a": resolved[c.a].key, "b": resolved[c.b].key, "where": c.citation.where,
                     "names": f"{c.a.name}, {c.a.country} and {c.b.name}, {c.b.country}",
                     "change": "|".join((c.since, c.status, c.citation.where, c.url or ""))} for c in changes]
            present = self.db.read(read_query("partnerships_present"), rows=rows)
            report.status_changes += sum(r["present"] for r in present)
            report.warnings += [f"{row['where']}: no partnership between {row['names']} in the graph, so its "
                                "status change is not recorded; load the partnership first"
                                for row, found in zip(rows, present) if not found["present"]]
            self._write(WriteJob("set_partnership_status", [r for r, p in zip(rows, present) if p["present"]]),
                        report, progress)

    def _context_jobs(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity]) -> list[WriteJob]:
        """Associations, projects, memberships, events and the forms of twinning."""
        key = lambda ref: resolved[ref].key  # noqa: E731
        return [
            WriteJob("merge_associations", [{
                "key": a.key, "source_ids": [a.citation.source_id], "sources": [a.citation.where],
                "secretariat": key(a.secretariat) if a.secretariat else None, "grew_from": a.grew_from,
                "props": facts(name=a.name, acronym=a.acronym, founded=a.founded, website=a.website, areas=a.areas,
                               description=a.description)} for a in dataset.associations]),
            WriteJob("merge_projects", [{
                "key": p.key, "source_ids": [p.citation.source_id],
                "props": facts(name=p.name, acronym=p.acronym, start_date=p.start_date, end_date=p.end_date,
                               programme=p.programme, budget_eur=p.budget_eur, eu_share=p.eu_share, status=p.status,
                               partner_count=p.partner_count, description=p.description),
                "participants": [{"city": key(ref), "role": role, "sources": [c.where], "source_ids": [c.source_id]}
                                 for ref, role, c in p.participants]} for p in dataset.projects]),
            WriteJob("merge_memberships", [{
                "city": key(m.city), "association": m.association, "status": m.status, "note": m.note,
                "sources": [m.citation.where], "source_ids": [m.citation.source_id],
                "claimed_by": [self._claimant(resolved, c) for c in m.claimed_by]} for m in dataset.memberships]),
            WriteJob("merge_events", [{
                "key": e.key, "source_ids": [e.citation.source_id], "sources": [e.citation.where],
                "city": key(e.city) if e.city else None, "project": e.project,
                "props": facts(name=e.name, date=e.date, description=e.description)} for e in dataset.events]),
            WriteJob("merge_forms", [{
                "key": f.key, "source_ids": [f.citation.source_id],
                "props": {"name": f.name, "definition": f.definition, "expressed_as": f.expressed_as}}
                for f in dataset.forms]),
        ]

    def city_rows(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity]) -> list[dict]:
        """The rows `merge_cities.cypher` would write for `dataset`'s cities (what placing by partners reads
        of data that is not in the graph)."""
        return self._place_rows(dataset, resolved)[0]

    def _place_rows(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity]) -> tuple[list[dict], list[dict]]:
        """The city rows and the districts' PART_OF rows, with what the pair statements say of them (one pass
        over the pairs, or over the statements a big file's validating pass kept): every city a pair names
        cites its source, and a district, or a city with a discrepancy, each statement."""
        rows = self._city_rows(dataset, resolved)
        parts: dict[str, dict] = {city.key: {"part": city.key, "city": city.parent.key, "basis": city.method,
                                             "sources": {}, "source_ids": {}}
                 for city in resolved.values() if city.parent is not None}
        stream = _kept_rows(dataset)
        mentions: Iterable[tuple[str, str, CityRef]]
        if stream is not None and stream.source_id is not None:
            # a big file of one source: each end cited once, in the order the statements first name it (as
            # the pass over the statements would), and only the ends cited per statement looked up where named
            for ref in stream.refs:
                self._cite_end(rows[resolved[ref].key], ref, stream.source_id)
            per_statement = [ref for ref in stream.refs if resolved[ref].discrepancy or resolved[ref].key in parts]
            mentions = ((where, stream.source_id, ref) for where, ref in stream.mentions(per_statement))
        else:
            mentions = ((p.citation.where, p.citation.source_id, ref) for p in dataset.pairs for ref in (p.a, p.b))
        for where, source_id, ref in mentions:
            city = resolved[ref]
            row = rows[city.key]
            if stream is None:
                self._cite_end(row, ref, source_id)
            if city.discrepancy:
                note = f"{where}: {city.discrepancy}"
                if note not in row["discrepancies"]:
                    row["discrepancies"].append(note)
            part = parts.get(city.key)
            if part is not None:  # dicts as ordered sets: a district may be named by many rows
                part["sources"][where] = part["source_ids"][source_id] = None
        for part in parts.values():
            part["sources"], part["source_ids"] = list(part["sources"]), list(part["source_ids"])
        for row in rows.values():
            row["spellings"] = list(row["spellings"])
            if row["latitude"] is not None and not has_own_point(row["key"]) and row["source_ids"]:
                row["point_source"] = min(row["source_ids"])
            row.pop("_listed", None)
            row.pop("_unlisted", None)
        # a value left out reads as null in merge_cities.cypher; a compact row per city holds a big load's
        # hundred thousand cities in a third less memory (lists stay: the query joins them)
        for key, row in rows.items():  # each row replaced as it goes: never two copies of every row
            rows[key] = {k: v for k, v in row.items() if v is not None}
        return list(rows.values()), list(parts.values())

    def _cite_end(self, row: dict, ref: CityRef, source_id: str) -> None:
        """A statement's end on its city's row: the source, and the source's spelling."""
        if source_id not in row["source_ids"]:
            row["source_ids"].append(source_id)
        self._add_spelling(row, ref, source_id)

    def _add_spelling(self, row: dict, ref: CityRef, source_id: str) -> None:
        """A source's spelling of a placed city, when the gazetteer lists it for that place ("Vinnytsia" for
        Vinnytsya): one voice per source for the name the node shows (`merge_cities.cypher`)."""
        if not row["geonames_id"] or self.gazetteer is None:
            return
        voice = f"{source_id}|{ref.name.strip()}"
        if voice in row["spellings"] or voice in row.setdefault("_unlisted", set()):
            return  # a city named by many statements: checked once per spelling and source
        listed = row.get("_listed")
        if listed is None:
            listed = row["_listed"] = {fold(row["name"]), *self.gazetteer.other_names(row["geonames_id"])}
        if fold(ref.name.strip()) in listed:
            row["spellings"][voice] = None
        else:
            row["_unlisted"].add(voice)

    def _city_rows(self, dataset: Dataset, resolved: dict[CityRef, ResolvedCity]) -> dict[str, dict]:
        """One row per distinct city key: identity and canonical name from the resolver, every source spelling
        kept as an alias, facts from the sources. A district's city gets a row too."""
        rows: dict[str, dict] = {}
        # a status change makes no node ("Atlantis, GR"): only the cities named elsewhere in the dataset
        named = set(dataset.city_refs(with_status_changes=False)) if dataset.status_changes else None
        for ref, city in resolved.items():
            if named is not None and ref not in named:
                continue
            if city.parent is not None:
                _city_row(rows, city.parent)
            row = _city_row(rows, city)
            if city.wikidata_id and city.wikidata_id not in row["wikidata_ids"]:
                row["wikidata_ids"].append(city.wikidata_id)
            for alias in (*city.aliases, ref.name.strip()):
                if alias not in row["aliases"] and alias != ref.wikidata_id:  # a QID is the label's absence
                    row["aliases"].append(alias)
        for facts in dataset.cities:
            self._add_facts(rows[resolved[facts.city].key], facts)
            self._add_spelling(rows[resolved[facts.city].key], facts.city, facts.citation.source_id)
        for row in rows.values():
            row["aliases"] = [a for a in row["aliases"] if a != row["name"]]
            names = [row["name"], *row["aliases"]]
            if row["geonames_id"] and self.gazetteer is not None:
                names += self.gazetteer.other_names(row["geonames_id"])  # "Praha", "Prag"
            row["search_names"] = list(dict.fromkeys(fold(n) for n in names))
        return rows

    @staticmethod
    def _add_facts(row: dict, facts) -> None:
        """A source's facts about a city. Curated files name an unresolved city; a resolved one keeps the
        gazetteer's name, and the curated spelling is one of its aliases."""
        if facts.curated:
            row["curated"] = True
            if not row["resolved"]:
                row["name"], row["name_folded"] = facts.city.name, fold(facts.city.name)
            if facts.population is not None:
                row["population"], row["population_year"] = facts.population, facts.population_year
        for name in ("population_text", "region", "website", "description"):
            if getattr(facts, name) is not None:
                row[name] = getattr(facts, name)
        row["discrepancies"] += [d for d in facts.discrepancies if d not in row["discrepancies"]]
        if facts.citation.source_id not in row["source_ids"]:
            row["source_ids"].append(facts.citation.source_id)
        row["sources"].append(facts.citation.where)


class BackgroundWrites:
    """Runs `write(job)` in one background thread, one job at a time and in order: while the server writes,
    Python reads and builds the next jobs. `submit` waits while `depth` jobs are unfinished, so at most that
    many are held; the first error is raised in the caller's thread."""

    def __init__(self, write: Callable[["WriteJob"], None], depth: int = 2):
        self.write, self.depth = write, depth
        self.pending: deque[Future[None]] = deque()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")

    def submit(self, job: "WriteJob") -> None:
        """Write a job in the background after those before it."""
        while len(self.pending) >= self.depth:
            self.pending.popleft().result()
        self.pending.append(self.pool.submit(self.write, job))

    def wait(self) -> None:
        """Wait for every job submitted; the first error, if any, is raised here."""
        while self.pending:
            self.pending.popleft().result()

    def __enter__(self) -> "BackgroundWrites":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        try:
            if exc_type is None:
                self.wait()
        finally:  # on an error, the jobs not begun are dropped and the one being written ends first: the
            # connection it holds is never closed under it
            self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class WriteJob:
    """One write query (`cypher/writes/<query>.cypher`), its rows (or `columns` of equal length, one
    transaction's worth, the query unwinding their indexes) and any further parameters; `relation`,
    for a pair, is written into the text as a static type (one of `PAIR_RELATIONS` only): Neo4j 5.26's MERGE
    of a dynamic type, `$($type)`, measured up to four times slower (100,000 pairs on an empty graph)."""

    query: str
    rows: list[dict]
    params: dict = field(default_factory=dict)
    relation: str | None = None
    columns: dict[str, list | None] | None = None

    def text(self) -> str:
        """The job's Cypher text."""
        text = write_query(self.query)
        if self.relation is None:
            return text
        if self.relation not in PAIR_RELATIONS:
            raise KGError(f"not a pair relation: {self.relation!r}")
        return text.replace("$($type)", self.relation)


def facts(**values) -> dict:
    """The properties a source gives, without the ones it leaves out."""
    return {k: v for k, v in values.items() if v is not None}


def source_rows(dataset: Dataset) -> list[dict]:
    """The Source nodes' rows."""
    return [{"key": s.key, "props": facts(**s.__dict__)} for s in dataset.sources]


def country_rows(city_rows: list[dict]) -> list[dict]:
    """The Country nodes' rows, one per country the cities name."""
    countries = sorted({r["country"] for r in city_rows if r.get("country")})
    return [{"code": c, "name": country_name(c), "continent": continent_of(c)} for c in countries]


def _count_places(report: WriteReport, city_rows: list[dict], resolved: dict[CityRef, ResolvedCity]) -> None:
    """Places by kind and by how they were placed, and the names left unresolved."""
    report.cities = len({r["key"] for r in city_rows})
    report.kinds = dict(Counter(r["kind"] for r in city_rows).most_common())
    report.unresolved = sorted({c.key: c for c in resolved.values() if not c.resolved}.values(),
                               key=lambda c: (c.country or "", c.name))
    placed_by = Counter(r.get("resolution") or "unknown" for r in city_rows if r["resolved"])
    report.resolved_by = dict(placed_by.most_common())


def _city_row(rows: dict[str, dict], city: ResolvedCity) -> dict:
    """The row of `city.key`, made on first sight from what the resolver says of it."""
    row = rows.get(city.key)
    if row is None:
        row = rows[city.key] = {
            "key": city.key, "name": city.name, "name_folded": fold(city.name), "country": city.country,
            "resolved": city.resolved, "resolution": city.method, "kind": city.kind,
            "geonames_id": city.geonames_id, "wikidata_id": city.wikidata_id, "wikidata_ids": [],
            "reason": city.reason,
            "wikidata_resolution": city.method if city.wikidata_id and city.resolved else None,
            "latitude": city.latitude, "longitude": city.longitude, "point_source": None,
            "population": city.population,
            "population_year": None, "population_text": None, "region": None, "website": None,
            "description": None, "aliases": [], "source_ids": [], "sources": [], "discrepancies": [],
            "spellings": {}, "curated": False}
    return row


def _kept_rows(dataset: Dataset) -> PairStream | None:
    """The dataset's statements when they are a big file of one source kept as numbers, else None."""
    pairs = dataset.pairs
    return pairs if isinstance(pairs, PairStream) and pairs.source_id and pairs.rows is not None else None


def same_place_problem(pair: Pair, city: ResolvedCity) -> Problem:
    """A statement whose two ends resolved to one place, for NAME.rejected.csv."""
    file, _, line = pair.citation.where.rpartition(":")
    return Problem(file or pair.citation.where, int(line) if line.isdigit() else None, "pair",
                   f"both ends ({pair.a.name}; {pair.b.name}) are one place: {city.name}, {city.country} "
                   f"({city.key})", (pair.a.name, pair.a.country or "", pair.b.name, pair.b.country or ""))


def pair_row(a: str, b: str, pair: Pair, claimed_by: list[str]) -> dict:
    """One PARTNER_OF/FRIENDLY_WITH row for city keys a < b. Empty and missing facts are left out (the query
    reads them as null or []): most world rows carry only their source, and a smaller row packs faster."""
    row = {"a": a, "b": b, "sources": [pair.citation.where], "source_ids": [pair.citation.source_id],
           "claimed_by": claimed_by, "claims": [f"{key}@{pair.citation.source_id}" for key in claimed_by],
           "since": pair.since, "since_year": pair.since_year, "renewed": pair.renewed,
           "dates": [f"{pair.since}|{pair.citation.where}"] if pair.since else [],
           "areas": pair.areas, "kind": pair.kind, "status": pair.status}
    return {k: v for k, v in row.items() if v is not None and v != []}


def unsettle_homonyms(db: Database) -> int:
    """Where Wikidata's statement of a partnership names one place and another source's statement a homonym
    of it in the same country (Cergy - Columbia: Maryland by Wikidata, South Carolina by a geocoded point),
    the other statement moves off that homonym onto the name left unresolved, with both reasons: a choice
    between homonyms made by a point or by size must agree with the other evidence. Returns how many moved."""
    rows = []
    for conflict in db.read(read_query("homonym_conflicts")):
        key = city_key_unresolved(conflict["name"], conflict["country"])
        reason = (f"{conflict['name']} names two places here: the source's statement was placed on "
                  f"{conflict['other_place']}, Wikidata's statement of the same partnership (with "
                  f"{conflict['city']}) names {conflict['wikidata_place']}; which one is not settled")
        first, second = sorted((conflict["city"], key))
        rows.append({**conflict, "key": key, "name_folded": fold(conflict["name"]), "reason": reason,
                     "first": first, "second": second})
    if rows:
        db.write_batches(write_query("unsettle_homonym_statements"), rows, batch_size=1)  # rows may share a node
    return len(rows)


@dataclass
class NodeMerge:
    """A node an earlier load left apart (`old`, a Wikidata item's own node) and the node a later load
    placed its item on (`new`); `refused` says why they stay two nodes, when they do."""

    old: str
    new: str
    refused: str | None = None


def merge_nodes(db: Database, merges: list[NodeMerge]) -> list[NodeMerge]:
    """Each `old` node into its `new` one, each merge one transaction: every relationship moves with its
    provenance (lists joined as sets, the earliest `since`, the claims rewritten to the new key), the old
    node's names become aliases, and the old node goes. Two nodes twinned with each other, or in two
    countries, are two places: left as they are, with the reason. Returns the merges, reasons filled in."""
    for merge in merges:
        merge.refused = db.in_one_transaction(partial(_merge_node, old=merge.old, new=merge.new))
    return merges


def _merge_node(tx, *, old: str, new: str) -> str | None:
    ends = tx.run(read_query("merge_ends"), old=old, new=new).single()
    if ends is None:
        return "one of the two nodes is not in the graph"
    if ends["twinned"]:
        return f"{old} and {new} are partners: two places of one name"
    countries = {ends["old"].get("country"), ends["new"].get("country")} - {None}
    if len(countries) > 1:
        return f"{old} is in {ends['old']['country']}, {new} in {ends['new']['country']}: two places"
    rewrite = {old: new}
    for rel in list(tx.run(read_query("node_relationships"), old=old, new=new, undirected=list(PAIR_RELATIONS))):
        props = joined_properties(rel["existing"] or {}, _rekeyed(rel["props"], rewrite))
        new_first = new < rel["other_key"] if rel["type"] in PAIR_RELATIONS else rel["outgoing"]
        tx.run(write_query("move_relationship"), new=new, other=rel["other"], existing_id=rel["existing_id"],
               new_first=new_first, type=rel["type"], props=props).consume()
    # the new node keeps its own identity and facts; it gains the old one's lists, and the item, country and
    # point it lacks
    point = ("latitude", "longitude", "point_source") if ends["new"].get("latitude") is None else ()
    gains = {name: value for name, value in ends["old"].items()
             if isinstance(value, list) or name in ("wikidata_id", "country") or name in point}
    props = joined_properties(ends["new"], gains)
    names = [*props.get("aliases", []), ends["old"]["name"], *ends["old"].get("aliases", [])]
    props["aliases"] = [a for a in dict.fromkeys(names) if a != props["name"]]
    tx.run(write_query("merge_node_into"), old=old, new=new, props=props).consume()
    return None


def joined_properties(kept: dict, moved: dict) -> dict:
    """`kept` with what `moved` adds: lists joined as ordered sets, the earliest `since` and `since_year`,
    any other value only where `kept` has none."""
    joined = dict(kept)
    for name, value in moved.items():
        have = joined.get(name)
        if have is None:
            joined[name] = value
        elif isinstance(have, list) and isinstance(value, list):
            joined[name] = have + [v for v in value if v not in have]
        elif name in ("since", "since_year") and value is not None:
            joined[name] = min(have, value)
    return joined


def _rekeyed(props: dict, rewrite: dict[str, str]) -> dict:
    """A relationship's properties with the merged node's key replaced in who claims it."""
    props = dict(props)
    if "claimed_by" in props:
        props["claimed_by"] = [rewrite.get(k, k) for k in props["claimed_by"]]
    if "claims" in props:  # "<claimant key>@<source key>"
        props["claims"] = [f"{rewrite.get(key, key)}{at}{source}"
                           for key, at, source in (claim.partition("@") for claim in props["claims"])]
    return props
