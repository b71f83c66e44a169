"""Connection settings, read from the environment names Neo4j's own tools use."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USERNAME = "neo4j"
# A local-development default shared by `kg server start` and docker-compose.yml; set NEO4J_PASSWORD to change it.
DEFAULT_PASSWORD = "twinning-kg"
DEFAULT_DATABASE = "neo4j"
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settings:
    """Where the graph lives and how to log in. `safe_uri` is what may be printed."""

    uri: str = DEFAULT_URI
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> "Settings":
        """Settings from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE; non-None overrides win."""
        env = os.environ if env is None else env
        settings = cls(
            uri=env.get("NEO4J_URI") or DEFAULT_URI,
            username=env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
            password=env.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
            database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            timeout=float(env.get("KG_TIMEOUT") or DEFAULT_TIMEOUT),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings

    @property
    def safe_uri(self) -> str:
        """The URI with any user:password part removed, safe to print or log."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))

    def __repr__(self) -> str:  # never show the password, even in a traceback or a debugger
        return (f"Settings(uri={self.safe_uri!r}, username={self.username!r}, password='***', "
                f"database={self.database!r}, timeout={self.timeout})")


def cache_root() -> Path:
    """Where the Neo4j jars, server homes and the gazetteer index live; KG_CACHE_DIR overrides the user cache dir."""
    return Path(os.environ.get("KG_CACHE_DIR") or platformdirs.user_cache_dir("twinning-kg"))
