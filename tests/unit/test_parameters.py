"""Parameters from the command line are typed and checked before they reach Neo4j. No server."""

from __future__ import annotations

import pytest

from kg.api import check_seed
from kg.cli.parameters import parse_param
from kg.errors import QueryError


@pytest.mark.parametrize("text, expected", [
    ("with_parts=true", ("with_parts", True)), ("active=false", ("active", False)), ("limit=25", ("limit", 25)),
    ("lat=50.87", ("lat", 50.87)), ("key=gn:769250", ("key", "gn:769250")), ("none=null", ("none", None)),
    ("ids=[1, 2]", ("ids", [1, 2])), ("names=[Kielce, 'Lublin']", ("names", ["Kielce", "Lublin"])),
    ("name=Saint-Denis 93", ("name", "Saint-Denis 93")),
])
def test_values_are_typed(text, expected):
    assert parse_param(text) == expected


@pytest.mark.parametrize("text, message", [
    ("limit=99999999999999999999", "Parameter limit: 99999999999999999999 is out of the range of a Neo4j integer"),
    ("x=" + "9" * 400 + ".5", "Parameter x: 9999"),
    ("no-equals", "must be key=value"), ("1x=2", "Bad parameter name"),
])
def test_values_neo4j_cannot_take_are_refused_by_name(text, message):
    with pytest.raises(QueryError, match=message):
        parse_param(text)


@pytest.mark.parametrize("seed", [-1, 2 ** 32, True, 1.5])
def test_a_seed_out_of_numpys_range_is_refused(seed):
    with pytest.raises(QueryError, match="seed must be a whole number"):
        check_seed(seed)
