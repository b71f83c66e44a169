"""What a call may ask for (relationship names, years, seeds), how a bare name is settled, and the row
lists the API returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.errors import QueryError
from kg.records import PartnershipView
from kg.vocabulary import RELATION_CHOICES

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


def partnership_view(rels: tuple[str, ...] | list[str] | None, default: tuple[str, ...] = DEFAULT_HOP_RELS,
                     min_sources: int = 1, active_only: bool = False, as_of: int | None = None) -> PartnershipView:
    """The one filter value a question passes to the store, from the API's arguments, each checked:
    relationship names (`default` when none), `min_sources` a count of sources, `as_of` a year."""
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 1:
        raise QueryError(f"min_sources must be 1 or more, got {min_sources!r}.")
    return PartnershipView(tuple(relationship_types(rels, default)), min_sources, bool(active_only),
                           check_as_of(as_of))


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

    def __init__(self, rows: list[dict], city: Mapping[str, Any], model, partnerships: int):
        super().__init__(rows)
        self.city, self.model, self.partnerships = city, model, partnerships

    def as_dict(self) -> dict:
        """The city, its suggestions and the model they came from, JSON-ready."""
        return {"city": {k: self.city.get(k) for k in ("name", "country", "key")}, "suggestions": list(self),
                "model": {"path": str(self.model.path), "fit_seconds": round(self.model.fit_seconds, 1),
                          "seed": self.model.seed, "partnerships": self.partnerships}}
