"""Indexes built once and kept as pickles in the user cache dir (the gazetteer, the boundary table)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


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
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with open(partial, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return value
