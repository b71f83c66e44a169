"""Distances and great circles on one sphere, through pyproj's `Geod`: the resolver's rules, the network
measures, the suggestions and the maps all measure the Earth the same way.

A sphere of the mean Earth radius, not the WGS 84 ellipsoid: the resolver's distance thresholds (a district
within 25 km of its city, ...) were set on it, and a figure that moved by the ellipsoid's 0.5 % would move
a borderline name across a threshold.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod

EARTH_RADIUS_M = 6_371_000.0
SPHERE = Geod(a=EARTH_RADIUS_M, f=0.0)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    return SPHERE.inv(lon1, lat1, lon2, lat2, return_back_azimuth=True)[2] / 1000.0


def distances_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances in kilometres, element by element, between points given in degrees; NaN where
    a point is missing."""
    if len(lat1) == 0:
        return np.zeros(0)
    _, _, metres = SPHERE.inv(np.asarray(lon1, dtype=float), np.asarray(lat1, dtype=float),
                              np.asarray(lon2, dtype=float), np.asarray(lat2, dtype=float), return_back_azimuth=True)
    return np.asarray(metres) / 1000.0


def great_circles(ends: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (degrees, one row per arc, `points` columns, both ends included) along the
    great circle of each row of `ends` (lat1, lon1, lat2, lon2)."""
    lon, lat = np.empty((len(ends), points)), np.empty((len(ends), points))
    for i, (lat1, lon1, lat2, lon2) in enumerate(np.asarray(ends, dtype=float)):
        arc = SPHERE.inv_intermediate(lon1, lat1, lon2, lat2, npts=points, initial_idx=0, terminus_idx=0,
                                      return_back_azimuth=True)
        lon[i], lat[i] = arc.lons, arc.lats
    return lon, lat
