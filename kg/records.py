"""The validated records every loader produces and the writer consumes.

Loaders parse and validate; the resolver turns each `CityRef` into a `ResolvedCity`; `kg.store.writer` writes.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kg.errors import KGError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)  # hundreds of thousands per large load
class CityRef:
    """A city as a source names it: its name, country (alpha-2) and what else helps to place it."""

    name: str
    country: str | None
    as_written: str | None = None  # the source's own spelling, when it differs
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None  # curated data may pin the place
    wikidata_id: str | None = None
    homonym: int = 0  # 1: not the place this name most likely means, but the next one ("Nienburg - Nienburg")
    area: tuple[str, ...] = ()  # where the source sets it within its country, narrowest first: (province, region)
    region: str | None = None  # the first-level region its country field names ("Azores" of "Azores, Portugal")
    point_note: str | None = None  # why the source's point was not kept (a placeholder shared by other names)


@dataclass(frozen=True)
class ResolvedCity:
    """Where a name was placed: the node's key and name, country, kind and how it was placed (or why not)."""
    key: str
    name: str
    country: str | None
    resolved: bool
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    aliases: tuple[str, ...] = ()
    wikidata_id: str | None = None
    reason: str | None = None  # why it could not be resolved
    # how it was placed: pinned, name, qualifier, prefix, part, nearby, unique-name, subdivision, boundary
    method: str | None = None
    kind: str = "city"  # city, district, municipality, county or region (kg.resolve.places)
    parent: ResolvedCity | None = None  # the city a district is part of
    discrepancy: str | None = None  # where the source contradicts itself (a country vs its coordinates)


@dataclass(frozen=True, slots=True)  # hundreds of thousands per large load
class Citation:
    """Where a fact was read: the source's key and a citation such as `001_97950afbaa3c8235.txt:3`."""

    source_id: str
    where: str


@dataclass
class SourceInfo:
    """A source of statements: a document or a dataset, with what a citation needs: where it comes from
    (`url`), which version (`revision`: the upstream commit, or the content hash of the files when upstream
    tags none), when it was taken (`retrieved`, ISO date), the year of its data, its licence and attribution."""
    key: str
    title: str
    kind: str = "document"
    file: str | None = None
    url: str | None = None
    licence: str | None = None
    attribution: str | None = None
    claimed_by: str | None = None
    revision: str | None = None
    retrieved: str | None = None
    year: str | None = None


@dataclass
class CityFacts:
    """What a source says about a city itself (population, web site, region, ...)."""

    city: CityRef
    citation: Citation
    population: int | None = None
    population_year: int | None = None
    population_text: str | None = None
    region: str | None = None
    website: str | None = None
    description: str | None = None
    discrepancies: list[str] = field(default_factory=list)
    curated: bool = False  # curated facts set the display name; datasets only fill gaps


@dataclass(slots=True)  # hundreds of thousands per large load
class Pair:
    """A PARTNER_OF or FRIENDLY_WITH statement between two cities."""

    a: CityRef
    b: CityRef
    relation: str
    citation: Citation
    claimed_by: list[CityRef | str] = field(default_factory=list)
    since: str | None = None
    since_year: int | None = None
    renewed: list[int] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    kind: str | None = None
    status: str | None = None


@dataclass(slots=True)  # hundreds of thousands per large load
class StatusChange:
    """A partnership suspended, ended or resumed (`status`) from `since` ('2022', '2022-03' or '2022-03-23'),
    as a cited source reports it (`url`, when the citation is a web page)."""

    a: CityRef
    b: CityRef
    status: str
    since: str
    citation: Citation
    url: str | None = None


@dataclass
class Membership:
    """A city's membership of an association, with its citation and claimant."""
    city: CityRef
    association: str  # Association key
    status: str
    citation: Citation
    claimed_by: list[CityRef | str] = field(default_factory=list)
    note: str | None = None


@dataclass
class AssociationInfo:
    """An association of cities, as a source describes it."""
    key: str
    name: str
    citation: Citation
    acronym: str | None = None
    founded: str | None = None
    website: str | None = None
    areas: list[str] = field(default_factory=list)
    description: str | None = None
    secretariat: CityRef | None = None
    grew_from: str | None = None  # Project key


@dataclass
class ProjectInfo:
    """A cooperation project and its participating cities."""
    key: str
    name: str
    citation: Citation
    acronym: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    programme: str | None = None
    budget_eur: float | None = None
    eu_share: float | None = None
    status: str | None = None
    partner_count: int | None = None
    description: str | None = None
    participants: list[tuple[CityRef, str | None, Citation]] = field(default_factory=list)


@dataclass
class EventInfo:
    """An event a source records (a signing, a meeting), with its city and date."""
    key: str
    name: str
    citation: Citation
    date: str | None = None
    description: str | None = None
    city: CityRef | None = None
    project: str | None = None


@dataclass
class FormInfo:
    """A form of twinning as a source defines it (partnership, friendly contact, ...)."""
    key: str
    name: str
    definition: str
    expressed_as: str
    citation: Citation


class Restream(Generic[T]):
    """A big file's records, read again from the file each time they are iterated, so a load never holds
    them all: the validating pass gives `len()`. A file that changed in between is said, not half read."""

    def __init__(self, read: Callable[[], Iterator[T]], count: int, file: str):
        self.read, self.count, self.file = read, count, file

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        seen = 0
        for record in self.read():
            seen += 1
            yield record
        if seen != self.count:
            raise KGError(f"{self.file} changed while it was loaded ({self.count} records validated, {seen} "
                          "read again): load it again.")


class StatementRows:
    """A file's valid statements of one source as numbers, kept by its validating pass so that writing them
    never reads the file again: each statement's two ends (indexes into `PairStream.refs`), the line it starts
    on, and the date it gives, if any (an index into its distinct dates). Four bytes a number: about 12 MB for
    1,000,000 statements, 16 MB when they are dated."""

    def __init__(self, relation: str, first_claims: bool):
        self.relation, self.first_claims = relation, first_claims  # first_claims: each row's first end claims it
        self.first, self.second, self.line = array("I"), array("I"), array("I")
        self.dates: list[tuple[str | None, int | None]] = [(None, None)]  # (since, since_year); 0: no date
        self.date: array | None = None  # per statement, its index in `dates`; None while no statement has one
        self._date_numbers: dict[tuple[str, int | None], int] = {}

    def add(self, first: int, second: int, line: int, since: str | None = None,
            since_year: int | None = None) -> None:
        """One more statement, in the file's order."""
        if since is not None:
            if self.date is None:
                self.date = array("I", bytes(4 * len(self.line)))
            number = self._date_numbers.setdefault((since, since_year), len(self.dates))
            if number == len(self.dates):
                self.dates.append((since, since_year))
            self.date.append(number)
        elif self.date is not None:
            self.date.append(0)
        self.first.append(first)
        self.second.append(second)
        self.line.append(line)

    def repeats(self) -> int:
        """How many statements name two names an earlier statement named, in either order (a repeat is a
        statement too: kept, and counted)."""
        import numpy as np

        first = np.frombuffer(self.first, dtype=np.uint32).astype(np.int64)
        second = np.frombuffer(self.second, dtype=np.uint32).astype(np.int64)
        pairs = (np.minimum(first, second) << 32) | np.maximum(first, second)
        return len(pairs) - len(np.unique(pairs))

    def since(self, number: int) -> tuple[str | None, int | None]:
        """Statement `number`'s (since, since_year), or (None, None)."""
        return self.dates[self.date[number]] if self.date is not None else (None, None)

    def __len__(self) -> int:
        return len(self.line)


class PairStream(Restream[Pair]):
    """A big file's statements, read again from the file each time they are iterated: a load holds the
    distinct names in memory (`refs`, from the validating pass), never every row as a `Pair`. A file of one
    source (`source_id`) also keeps its statements as numbers (`rows`): the writer cites each end and writes
    every statement without reading the file again."""

    def __init__(self, read: Callable[[], Iterator[Pair]], count: int, refs: list[CityRef], file: str,
                 source_id: str | None = None, cite_as: str = "", rows: StatementRows | None = None):
        super().__init__(read, count, file)
        self.refs = refs
        self.source_id, self.cite_as, self.rows = source_id, cite_as, rows

    def statement_rows(self) -> StatementRows:
        """The statements kept as numbers (a file of one source), else `KGError`."""
        if self.rows is None or self.source_id is None:
            raise KGError(f"{self.file}: its statements were not kept as rows")
        return self.rows

    def mentions(self, wanted: Iterable[CityRef]) -> list[tuple[str, CityRef]]:
        """(citation, end) for every statement naming one of `wanted`, in the file's order, a row's first end
        before its second (as a pass over the statements meets them)."""
        rows = self.statement_rows()
        index = {ref: i for i, ref in enumerate(self.refs)}
        numbers = {index[ref] for ref in wanted}
        found = []
        if numbers:
            for first, second, line in zip(rows.first, rows.second, rows.line):
                if first in numbers:
                    found.append((f"{self.cite_as}:{line}", self.refs[first]))
                if second in numbers:
                    found.append((f"{self.cite_as}:{line}", self.refs[second]))
        return found

    def pair(self, number: int) -> Pair:
        """Statement `number` (0 the file's first) as the `Pair` a pass over the file yields."""
        rows = self.statement_rows()
        a, b = self.refs[rows.first[number]], self.refs[rows.second[number]]
        since, since_year = rows.since(number)
        return Pair(a=a, b=b, relation=rows.relation,
                    citation=Citation(self.source_id or "", f"{self.cite_as}:{rows.line[number]}"),
                    claimed_by=[a] if rows.first_claims else [], since=since, since_year=since_year)


@dataclass
class Dataset:
    """Everything one load writes, validated as a whole before the first write."""

    sources: list[SourceInfo] = field(default_factory=list)
    cities: list[CityFacts] = field(default_factory=list)
    pairs: list[Pair] | PairStream = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    associations: list[AssociationInfo] = field(default_factory=list)
    projects: list[ProjectInfo] = field(default_factory=list)
    events: list[EventInfo] = field(default_factory=list)
    forms: list[FormInfo] = field(default_factory=list)
    status_changes: list[StatusChange] | Restream[StatusChange] = field(default_factory=list)
    rows_read: int = 0
    duplicates: int = 0
    rejected: list = field(default_factory=list)  # Problems skipped with --skip-invalid
    # the parse steps of the data whose partnerships place this dataset's Wikidata items, instead of the
    # graph's: a shipped source placed among the other shipped ones is placed alike whatever the graph holds
    placed_among: tuple[Callable[[], "Dataset"], ...] = ()

    def city_refs(self, with_status_changes: bool = True) -> list[CityRef]:
        """Every city the dataset names; a status change's two ends only name a partnership to look up, so
        `with_status_changes=False` leaves them out (they never make a node)."""
        refs: list[CityRef] = [c.city for c in self.cities]
        if isinstance(self.pairs, PairStream):
            refs += self.pairs.refs
        else:
            for p in self.pairs:
                refs += [p.a, p.b]
        refs += [m.city for m in self.memberships]
        for a in self.associations:
            if a.secretariat:
                refs.append(a.secretariat)
        for pr in self.projects:
            refs += [ref for ref, _, _ in pr.participants]
        refs += [e.city for e in self.events if e.city]
        if with_status_changes and not isinstance(self.status_changes, Restream):  # a stream's: its pairs' ends
            for change in self.status_changes:
                refs += [change.a, change.b]
        return refs

    def claimant_refs(self) -> list[CityRef]:
        """The cities that claim statements (a streamed file's claimants are its rows' own ends)."""
        pairs: list[Pair] = [] if isinstance(self.pairs, PairStream) else self.pairs
        claims = [c for pair in pairs for c in pair.claimed_by] + [c for m in self.memberships for c in m.claimed_by]
        return [c for c in claims if isinstance(c, CityRef)]

    def extend(self, other: "Dataset") -> None:
        """Add another dataset's records to this one."""
        for name in ("sources", "cities", "pairs", "memberships", "associations", "projects", "events",
                     "forms", "status_changes", "rejected"):
            getattr(self, name).extend(getattr(other, name))
        self.rows_read += other.rows_read
        self.duplicates += other.duplicates


@dataclass(frozen=True)
class PartnershipView:
    """Which relationships a question reads, as one value from the API to the store: those of `types`, stated
    by at least `min_sources` sources; with `active_only` none suspended or ended; with `as_of` (a year) those
    signed by then (or undated) and not ended before it. `cypher/fragments/pair_in_view.cypher` reads it."""

    types: tuple[str, ...]
    min_sources: int = 1
    active_only: bool = False
    as_of: int | None = None

    @property
    def narrowed(self) -> bool:
        """Does it leave some of the relationships of its types out (so a city may be left with none)?"""
        return self.min_sources > 1 or self.active_only or self.as_of is not None

    def of_types(self, types: tuple[str, ...] | list[str]) -> PartnershipView:
        """The same view of other relationship types."""
        return PartnershipView(tuple(types), self.min_sources, self.active_only, self.as_of)

    def filters(self) -> dict:
        """The query parameters of the filter (without the types)."""
        return {"min_sources": self.min_sources, "active_only": self.active_only, "as_of": self.as_of}
