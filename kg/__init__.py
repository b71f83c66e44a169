"""A knowledge graph of town twinning in Neo4j. `from kg import TwinningGraph` for notebooks."""

from kg.api import TwinningGraph

__all__ = ["TwinningGraph"]
