"""A pytest plugin for `python -m tests.tables`: records which boundary keys, listed countries and feature
ids the unit tests read from the full tables, into tests/data/tables/.seen.json."""

from __future__ import annotations

import json

import kg.resolve.boundaries as boundaries
import kg.resolve.features as features
from tests.tables import SEEN

_seen: dict = {"lookup": set(), "in_country": set(), "features": set()}
_lookup, _in_country = boundaries.Boundaries.lookup, boundaries.Boundaries.in_country


def _recorded_lookup(self, country, form):
    _seen["lookup"].add((country, form))
    return _lookup(self, country, form)


def _recorded_in_country(self, country):
    _seen["in_country"].add(country)
    return _in_country(self, country)


class _RecordedCodes(dict):
    def get(self, key, default=None):
        _seen["features"].add(key)
        return super().get(key, default)


def _recorded_codes(fetch: bool = True) -> dict:
    return _RecordedCodes(_load_codes(fetch))


_load_codes = features.load_codes
boundaries.Boundaries.lookup = _recorded_lookup
boundaries.Boundaries.in_country = _recorded_in_country
features._shared._load = _recorded_codes


def pytest_sessionfinish(session, exitstatus):
    SEEN.parent.mkdir(parents=True, exist_ok=True)
    SEEN.write_text(json.dumps({"lookup": sorted(_seen["lookup"]), "in_country": sorted(_seen["in_country"]),
                                "features": sorted(k for k in _seen["features"] if k is not None)}), encoding="utf-8")
