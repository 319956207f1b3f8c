"""Front lines that held still for years, and which side held each place on them.

A ceasefire monitor's report ("the OSCE SMM observed 20 explosions near Opytne") names
no shooter. ACLED codes such fire to the side facing the place: fire observed near a
government-held village is the armed opposition's, fire near a village the opposition
holds is the government's. ``data/contact_lines.csv`` lists the places of each line with
the side that held them and the years the line held.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from observatory.places.normalize import normalize_name

__all__ = ["FrontPlace", "OPPOSITION", "on_line", "side_at"]

#: the armed opposition on each line (country ISO2 -> ACLED actor name); the government
#: side is that country's military forces of the event's date
OPPOSITION: dict[str, str] = {"UA": "NAF: United Armed Forces of Novorossiya"}
#: a place this close to a listed place of the same name is that place
NAME_KM = 12.0
#: a place this close to a listed place of another name shares its side
NEAR_KM = 2.5


@dataclass(frozen=True)
class FrontPlace:
    name: str
    iso2: str
    lat: float
    lon: float
    side: str  # "gov" | "ngca" | "" (no man's land)
    first: dt.date
    last: dt.date

    def held(self, when: dt.date | int) -> bool:
        """Whether the line held at WHEN (a date, or a year: any part of it)."""
        if isinstance(when, int):
            return self.first.year <= when <= self.last.year
        return self.first <= when <= self.last


def _day(value: str, *, end: bool) -> dt.date:
    """"2015" (the whole year) or "2022-02-23"."""
    value = value.strip()
    if len(value) == 4:
        return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
    return dt.date.fromisoformat(value)


@functools.lru_cache(maxsize=1)
def _places() -> tuple[dict[str, list[FrontPlace]], list[FrontPlace]]:
    from observatory.places.sources import read_curated, split_list

    by_name: dict[str, list[FrontPlace]] = {}
    every: list[FrontPlace] = []
    for row in read_curated("contact_lines.csv"):
        p = FrontPlace(row["name"], row["iso2"].upper(), float(row["lat"]), float(row["lon"]), row.get("side", ""),
                       _day(row["from"], end=False), _day(row["to"], end=True))
        every.append(p)
        for n in [row["name"], *split_list(row.get("aliases", ""))]:
            by_name.setdefault(normalize_name(n), []).append(p)
    return by_name, every


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def side_at(iso2: str | None, names: list[str], lat: float | None, lon: float | None,
            year: dt.date | int | None) -> str | None:
    """The side ("gov" or "ngca") that held the place called NAMES at (LAT, LON) at YEAR (a
    date or a year), or None when it lies on no listed line, in no man's land, or outside
    the time the line held."""
    if not iso2 or lat is None or lon is None or year is None:
        return None
    by_name, every = _places()
    found: FrontPlace | None = None
    for n in names:
        for p in by_name.get(normalize_name(n or ""), ()):
            if p.iso2 == iso2.upper() and _km(lat, lon, p.lat, p.lon) <= NAME_KM:
                found = p
                break
        if found:
            break
    if found is None:
        near = [(d, p) for p in every if p.iso2 == iso2.upper()
                for d in (_km(lat, lon, p.lat, p.lon),) if d <= NEAR_KM]
        found = min(near, key=lambda x: x[0])[1] if near else None
    if found is None or not found.side or not found.held(year):
        return None
    return found.side


def on_line(iso2: str | None, lat: float | None, lon: float | None, year: dt.date | int | None,
            km: float = 40.0) -> bool:
    """Whether a place (or, without coordinates, the country) lies on a listed line that held
    in YEAR: within KM of one of its places."""
    if not iso2 or year is None or iso2.upper() not in OPPOSITION:
        return False
    _, every = _places()
    rows = [p for p in every if p.iso2 == iso2.upper() and p.held(year)]
    if not rows:
        return False
    if lat is None or lon is None:
        return True
    return any(_km(lat, lon, p.lat, p.lon) <= km for p in rows)

