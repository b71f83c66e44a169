"""A knowledge graph of town twinning in Neo4j. `from kg import TwinningGraph` for notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import TwinningGraph

__all__ = ["TwinningGraph"]


def __getattr__(name: str) -> Any:
    """`kg.TwinningGraph` imported on first use, so that `kg --help` need not load the driver and numpy."""
    if name == "TwinningGraph":
        from kg.api import TwinningGraph

        return TwinningGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
