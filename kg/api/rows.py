"""The rows `TwinningGraph`'s questions return, as typed dicts: what each key holds, for the CLI's tables and
JSON and for a notebook's type checker. Each is the RETURN of the named query the method runs (cypher/)."""

from __future__ import annotations

from typing import Any, TypedDict


class CityMatch(TypedDict, total=False):
    """A city a name or key stands for (`find_city`; find_city.cypher, city_by_key.cypher)."""

    key: str
    name: str
    country: str | None
    population: int | None
    kind: str
    resolved: bool
    unresolved_reason: str | None
    exact: bool
    qualified: bool
    degree: int


class AssociationMatch(TypedDict):
    """An association a name, acronym or key stands for (`find_association`)."""

    key: str
    name: str
    acronym: str | None


class PartnerRow(TypedDict):
    """One partner or friendly contact of a city, with what the sources say of it (`partners`)."""

    name: str
    country: str | None
    relation: str
    since: str | None
    renewed: list[str] | None
    areas: list[str] | None
    kind: str | None
    sources: list[str]
    claimed_by: list[str] | None
    key: str
    status: str | None
    status_changes: list[str]
    via: str | None  # the district whose partner it is, when asked with its districts
    unplaced: str | None  # why the partner is on no gazetteer place
    latitude: float | None
    longitude: float | None


class MemberRow(TypedDict):
    """One member of an association (`members`)."""

    name: str
    country: str | None
    status: str
    note: str | None
    sources: list[str]
    key: str


class CityFacts(TypedDict):
    """Everything the graph holds of one city (`city`; city_facts.cypher and form_conflicts.cypher)."""

    city: dict[str, Any]  # the node's properties
    country_name: str | None
    part_of: dict[str, str] | None
    parts: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    form_conflicts: list[dict[str, Any]]


class HopRow(TypedDict):
    """A city within N hops, at its minimum distance, with one path to it (`hops`)."""

    name: str
    country: str | None
    hops: int
    via: list[str]
    key: str


PathStep = TypedDict("PathStep", {  # "from" is a keyword: the functional form
    "step": int, "from": str, "from_country": str | None, "relation": str, "to": str, "to_country": str | None,
    "since": str | None, "sources": list[str], "from_key": str, "to_key": str})
PathStep.__doc__ = "One link of the shortest chain between two cities (`path`)."


class CommonPartner(TypedDict):
    """A city partnered with both of two cities (`common`)."""

    name: str
    country: str | None
    relation_a: str
    relation_b: str
    key: str


class Cousin(TypedDict):
    """A city two hops away and not partnered directly, with the partners in between (`cousins`)."""

    name: str
    country: str | None
    shared: int
    via: list[str]
    key: str


class SearchHit(TypedDict):
    """A city whose name or other names begin with the text searched (`search`)."""

    name: str
    country: str | None
    key: str
    kind: str
    degree: int
    population: int | None


class NamedQuery(TypedDict):
    """A query of the library (`queries`)."""

    name: str
    description: str
    params: str


class GraphStatus(TypedDict):
    """Where the graph is and what it holds (`status`)."""

    uri: str
    database: str
    version: str
    labels: dict[str, int]
    relationships: dict[str, int]
