"""The Robinson projection of the maps, without matplotlib: where a geo view places its nodes."""

from __future__ import annotations

import numpy as np

MAP_CENTRE = 10  # central meridian: Europe, where most partnerships are, in the middle
ROBINSON_ASPECT = 0.5072  # height / width of the Robinson world (basemap's xmax, ymax for lon_0 = 10)


def robinson_xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude to the Robinson plane of `world_map`, as shares of its width and height
    (0 at the left and at the top). Straight from pyproj (basemap's own dependency), the same plane
    as `kg.analysis.maps.world_map`: a view needs no matplotlib, which takes a second to import."""
    import pyproj

    robinson = pyproj.Proj(proj="robin", lon_0=MAP_CENTRE)
    left, _ = robinson(MAP_CENTRE - 180, 0)  # the world's edge; the projection is symmetric about the centre
    right = -left
    _, top = robinson(MAP_CENTRE, 90)
    lon = (np.asarray(lon, dtype=float) - (MAP_CENTRE - 180)) % 360 + (MAP_CENTRE - 180)
    x, y = robinson(lon, np.asarray(lat, dtype=float))
    return (np.asarray(x) - left) / (right - left), (top - np.asarray(y)) / (2 * top)
