"""The `kg` command: one module per command family over `kg.api.TwinningGraph`."""

from kg.cli.main import cli

__all__ = ["cli"]
