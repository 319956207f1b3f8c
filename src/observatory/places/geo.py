"""Small geographic helpers shared by the index builder and the run-time gazetteer."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
#: Size of a grid cell of the spatial index, in degrees.
CELL_DEG = 0.5
_COLS = int(360 / CELL_DEG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def cell_of(lat: float, lon: float) -> int:
    """The grid cell number of a point (cells are CELL_DEG square, row-major from -90/-180)."""
    row = min(int((lat + 90.0) / CELL_DEG), int(180 / CELL_DEG) - 1)
    col = int(((lon + 180.0) % 360.0) / CELL_DEG) % _COLS
    return row * _COLS + col


def cells_around(lat: float, lon: float, ring: int) -> list[int]:
    """Cell numbers of the square ring at distance ``ring`` cells around a point (ring 0 = its cell)."""
    row0 = int((lat + 90.0) / CELL_DEG)
    col0 = int(((lon + 180.0) % 360.0) / CELL_DEG)
    out: list[int] = []
    max_row = int(180 / CELL_DEG) - 1
    for dr in range(-ring, ring + 1):
        for dc in range(-ring, ring + 1):
            if max(abs(dr), abs(dc)) != ring:
                continue
            row = row0 + dr
            if 0 <= row <= max_row:
                out.append(row * _COLS + (col0 + dc) % _COLS)
    return out


def to_xyz(lat: float, lon: float) -> tuple[float, float, float]:
    """Unit-sphere coordinates (for KD-tree nearest-neighbour search)."""
    p, l = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(l), math.cos(p) * math.sin(l), math.sin(p))


def chord_to_km(chord: float) -> float:
    """Great-circle distance for a chord length on the unit sphere."""
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))
