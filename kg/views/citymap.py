"""A city's partnerships on the world map, for a page: great-circle arcs and dots in the Robinson plane of the
report's maps, over the outlines `kg.analysis.maps.outline_image` draws once (`kg serve` hands them out at
/map/outlines.png). Numbers for a template that writes them as inline SVG: no matplotlib per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from kg.analysis.projection import ROBINSON_ASPECT, robinson_xy
from kg.geo import great_circles
from kg.settings import cache_root

WIDTH = 1000  # the map's width in SVG units; its height follows the projection
ARC_POINTS = 24


def outlines_png() -> Path:
    """The world's outlines as a PNG in the cache (drawn on first use: basemap takes seconds to start)."""
    path = cache_root() / "maps" / "robinson-outlines-2400.png"
    if not path.exists():
        from kg.analysis.maps import outline_image

        outline_image(path)
    return path


def partnership_map(city: dict[str, Any], partners: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The city's dot, its partners' dots and the arcs between, in SVG units; the partners left off for want of
    a point counted. None when the city itself has no point."""
    if city.get("latitude") is None or city.get("longitude") is None:
        return None
    placed = [p for p in partners if p.get("latitude") is not None and p.get("longitude") is not None]
    height = WIDTH * ROBINSON_ASPECT
    cx, cy = robinson_xy([city["longitude"]], [city["latitude"]])
    dots, arcs = [], []
    if placed:
        ends = np.array([(city["latitude"], city["longitude"], p["latitude"], p["longitude"]) for p in placed])
        lon, lat = great_circles(ends, ARC_POINTS)
        x, y = robinson_xy(lon.ravel(), lat.ravel())
        x, y = x.reshape(lon.shape) * WIDTH, y.reshape(lat.shape) * height
        for partner, xs, ys in zip(placed, x, y):
            arcs.append(_path(xs, ys))
            dots.append({"x": round(float(xs[-1]), 1), "y": round(float(ys[-1]), 1), "name": partner["name"],
                         "country": partner.get("country"), "key": partner["key"]})
    x0, y0 = float(cx[0]) * WIDTH, float(cy[0]) * height
    frame = _frame([x0, *(d["x"] for d in dots)], [y0, *(d["y"] for d in dots)], height)
    dot = round(frame[2] / 180, 2)  # dots the same size on the screen however near the frame
    return {"width": WIDTH, "height": round(height, 1), "x": round(x0, 1), "y": round(y0, 1), "arcs": arcs,
            "dots": dots, "frame": " ".join(f"{v:.1f}" for v in frame), "dot": dot, "city_dot": round(dot * 1.4, 2),
            "left_out": len({p["key"] for p in partners} - {p["key"] for p in placed})}


def _frame(xs: list[float], ys: list[float], height: float) -> tuple[float, float, float, float]:
    """The viewBox around the points with a margin, at least a sixth of the world wide and of the map's own
    proportions, inside the map: a city whose partners are all near is shown near, not as a dot on a globe."""
    west, east, north, south = min(xs), max(xs), min(ys), max(ys)
    width = max(WIDTH / 6, (east - west) * 1.2, (south - north) * 1.2 / ROBINSON_ASPECT)
    width = min(width, WIDTH)
    tall = width * ROBINSON_ASPECT
    left = min(max((west + east) / 2 - width / 2, 0), WIDTH - width)
    top = min(max((north + south) / 2 - tall / 2, 0), height - tall)
    return left, top, width, tall


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    """An SVG path along the points, lifted where the arc runs off one edge of the map and on at the other."""
    parts, previous = [], None
    for x, y in zip(xs, ys):
        move = previous is None or abs(x - previous) > WIDTH / 2
        parts.append(f"{'M' if move else 'L'}{x:.1f},{y:.1f}")
        previous = x
    return " ".join(parts)
