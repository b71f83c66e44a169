"""Connection settings, read from the environment names Neo4j's own tools use."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from kg.errors import KGError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USERNAME = "neo4j"
# A local-development default shared by `kg server start` and docker-compose.yml; set NEO4J_PASSWORD to change it.
DEFAULT_PASSWORD = "twinning-kg"
DEFAULT_DATABASE = "neo4j"
DEFAULT_TIMEOUT = 10.0
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Settings:
    """Where the graph lives and how to log in. `safe_uri` is what may be printed."""

    uri: str = DEFAULT_URI
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE; non-None overrides win."""
        env = os.environ if env is None else env
        settings = cls(
            uri=env.get("NEO4J_URI") or DEFAULT_URI,
            username=env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
            password=env.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
            database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            timeout=_seconds(env.get("KG_TIMEOUT")),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return (replace(settings, **given) if given else settings).checked()

    def checked(self) -> "Settings":
        """These settings, or a `KGError` naming the value that cannot work (a port out of range, an
        unclosed IPv6 bracket, a scheme the driver does not know, a timeout that is not positive)."""
        try:
            parts = urlsplit(self.uri)
            parts.port  # noqa: B018 (raises on a port out of range)
        except ValueError as exc:
            raise KGError(f"Bad Neo4j URI {_without_login(self.uri)!r}: {exc}.") from None
        if parts.scheme not in URI_SCHEMES or not parts.hostname:
            raise KGError(f"Bad Neo4j URI {_without_login(self.uri)!r}: expected SCHEME://HOST[:PORT] with a "
                          f"scheme among {', '.join(URI_SCHEMES)}.")
        if not 0 < self.timeout <= 3600:  # inf and NaN too: a wait that never ends is no timeout
            raise KGError(f"The timeout must be a positive number of seconds up to 3,600, got {self.timeout:g}.")
        return self

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


def _without_login(uri: str) -> str:
    """A URI that may not parse, with any user:password@ part removed."""
    return re.sub(r"//[^/@]*@", "//", uri)


def _seconds(text: str | None) -> float:
    try:
        return float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        raise KGError(f"KG_TIMEOUT must be a number of seconds, got {text!r}.") from None


def cache_root() -> Path:
    """Where the Neo4j jars, server homes and the gazetteer index live; KG_CACHE_DIR overrides the user cache dir."""
    return Path(os.environ.get("KG_CACHE_DIR") or platformdirs.user_cache_dir("twinning-kg"))


def reports_root() -> Path:
    """Where a load's review files (unresolved names, rejected rows) go unless the user names a folder: never
    the current directory; KG_REPORT_DIR overrides a folder under the user data dir."""
    return Path(os.environ.get("KG_REPORT_DIR") or Path(platformdirs.user_data_dir("twinning-kg")) / "reports")
