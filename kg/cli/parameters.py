"""Parameters as the command line writes them (`-p key=value`), typed for Cypher: a CLI concern, so the
library takes plain Python values."""

from __future__ import annotations

import math
import re
from typing import Any

from kg.errors import QueryError


def parse_param(text: str) -> tuple[str, Any]:
    """'-p key=value', typed as a Cypher parameter: whole numbers Neo4j can hold become integers, decimals
    finite floats, true/false booleans, null None, [a, b] a list of such values; anything else a string.
    An integer out of range or a NaN is refused with the parameter's name."""
    if "=" not in text:
        raise QueryError(f"Parameter {text!r} must be key=value.")
    key, value = text.split("=", 1)
    key = key.strip()
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        raise QueryError(f"Bad parameter name {key[:40]!r}.")
    v = value.strip()
    if v.startswith("[") and v.endswith("]"):
        return key, [_typed(key, p.strip().strip("'\"")) for p in v[1:-1].split(",") if p.strip()]
    return key, _typed(key, v) if v in ("true", "false", "null") or re.fullmatch(r"-?\d+(\.\d*)?", v) else value


def _typed(key: str, v: str) -> Any:
    """One parameter value as its type (see `parse_param`)."""
    if v in ("true", "false"):
        return v == "true"
    if v == "null":
        return None
    if re.fullmatch(r"-?\d+", v):
        if len(v.lstrip("-")) > 19:  # longer than any 64-bit integer (and Python's own limit at 4,300 digits)
            shown = v if len(v) <= 30 else f"{v[:30]}... ({len(v):,} digits)"
            raise QueryError(f"Parameter {key}: {shown} is out of the range of a Neo4j integer (64 bits).")
        number = int(v)
        if not -2 ** 63 <= number < 2 ** 63:
            raise QueryError(f"Parameter {key}: {v[:30]} is out of the range of a Neo4j integer (64 bits).")
        return number
    if re.fullmatch(r"-?\d+\.\d*", v):
        if len(v) > 400:
            raise QueryError(f"Parameter {key}: {v[:30]}... ({len(v):,} characters) is not a number Neo4j holds.")
        real = float(v)
        if not math.isfinite(real):
            raise QueryError(f"Parameter {key}: {v[:30]} is not a finite number.")
        return real
    return v
