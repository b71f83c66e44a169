"""A value as the text of one table or CSV cell, for the terminal and for exports alike."""

from __future__ import annotations

import json
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as one table or CSV cell: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def safe_csv_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading apostrophe."""
    text = cell(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
