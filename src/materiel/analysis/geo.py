"""Distances on the Earth, for `--near LAT,LON --km N`."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG): the great circle's error stays within 0.5%


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points in degrees (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    # min(): rounding may push `a` a hair past 1 for points at opposite ends of the Earth
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
