"""The local Neo4j server the CLI starts and stops."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def local_server(name: str = "default", port: int = 7687, password: str | None = None,
                 home: str | Path | None = None, **options: Any):
    """A local Neo4j instance (`kg.store.server.LocalServer`): its own home folder, port and password."""
    from kg.store.server import LocalServer

    given: dict[str, Any] = {"password": password} if password else {}
    return LocalServer(name=name, port=port, home=Path(home) if home else None, **given, **options)
