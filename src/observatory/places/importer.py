"""``gazetteer import``: extend the gazetteer with GeoNames dumps and coded event data.

Imported places go to the import store (:mod:`observatory.places.store`), a SQLite
file beside the built-in index that survives rebuilds of the index; the gazetteer
attaches it and looks names up in both.

What each format contributes:

- **GeoNames** dumps: populated places (``P``), second- and lower-order administrative
  units (``A.ADM2``..``ADM5``), facilities (airports, bases, prisons, dams, crossings,
  camps, hospitals: ``S``), terrain and areas (``T``, ``L``, wadis), with their alternate
  names. Places that the built-in index already has (same geonameid) are skipped, as are
  countries and first-order units (built in). Admin1 names come from
  ``admin1CodesASCII.txt`` (beside the dump, given earlier, or else from the nearest
  built-in place), admin2 names from ``admin2Codes.txt``; ``alternateNamesV2`` adds names
  to the places imported from dumps.
- **ACLED** exports: every distinct (country, ``location``) at one position becomes a
  place with the coordinates the coders used. Only rows with ``geo_precision`` 1 (the
  named place itself) or 2 (the place named is the one whose coordinates were used for
  an event near it; in ACLED's own data these agree with the precision-1 coordinates of
  the same name) are used; precision 3 rows name a region whose coordinates are those of
  a capital, and are skipped.
- **UCDP** GED exports: ``where_coordinates`` ("Teir Maaleh village") without the kind
  word, alternatives split on "/", with ``where_prec`` 1 (exact) or 2 (within 25 km of
  the named place); 3 and above (districts, governorates, countries) are skipped.

A coded location that the built-in index already has (same normalised name, same
country, within ``CONFIRM_KM``) is not added again; it is recorded as *confirmed*, which
ranks that place above same-name places elsewhere. Importing the same file twice
changes nothing: places are keyed (geonameid, or country + name + position), names and
provenance rows are unique.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from pydantic import BaseModel, Field

from ..errors import InputError
from .build import CITY_POP, TOWN_POP, index_path, keep_alt_name
from .geo import cell_of, haversine_km
from .normalize import name_variants, normalize_name
from .readers import (ADMIN1, ADMIN2, ALTNAMES, DUMP, FORMATS, Source, detect_format, geonames_kind, iter_csv,
                      open_source)
from .store import IMPORT_ID_BASE, confirm_key, imports_path, open_store, place_key
from .vocab import FACILITY_NORMS, KIND_WORDS

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import Gazetteer

__all__ = ["import_file", "ImportReport"]

Progress = Callable[[int, int], None]
#: A coded location this close to a built-in place of the same name is that place.
CONFIRM_KM = 5.0
#: Rows of one (country, location) within this distance are one place.
CLUSTER_KM = 2.0
#: Most alternate names kept per GeoNames place (the dump lists up to hundreds).
MAX_ALT_NAMES = 40
_TICK = 20_000
_FACILITY_CODES = frozenset({
    "AIRB", "AIRF", "AIRH", "AIRP", "AIRQ", "MILB", "INSM", "PRN", "PRNJ", "DAM", "DAMSB", "BDG", "CMPRF",
    "CMP", "PSTB", "PSTC", "PSTP", "HSP", "HSPC", "HSPD", "PS", "PSH", "PSN", "RSTN", "PRT", "OILR", "OILT",
    "OILP", "OILJ", "FY", "CTRR", "MSQE", "BP", "GATE", "CSTM", "BLDG", "STDM", "UNIV",
})
_TERRAIN_CLASSES = frozenset({"T", "L"})
_WATER_CODES = frozenset({"WAD", "WADS", "WADB", "WADJ", "OAS"})
_REGION_WORDS = frozenset(normalize_name(w) for w in (
    "hills", "hill", "mountain", "mountains", "mount", "coast", "plain", "valley", "desert", "front", "region",
    "road", "highway", "border", "area", "forest", "island", "lake", "river", "sea", "waters", "gulf"))


class ImportReport(BaseModel):
    """What one ``import_file`` call did."""

    path: str
    fmt: str
    rows: int = 0
    places_added: int = 0
    names_added: int = 0
    skipped: int = 0
    reasons: dict[str, int] = Field(default_factory=dict)
    """Why rows were skipped (the counts add up to ``skipped``)."""
    confirmed: int = 0
    """Coded locations that matched a built-in place (not added again; ranked up)."""
    store: str = ""
    """The import store written to."""


@dataclass
class _Tally:
    rows: int = 0
    places: int = 0
    names: int = 0
    confirmed: int = 0
    reasons: Counter = field(default_factory=Counter)

    def skip(self, why: str, n: int = 1) -> None:
        self.reasons[why] += n


# ---------------------------------------------------------------------------- entry point
def import_file(path: str | Path, *, fmt: str | None = None, progress: Progress | None = None) -> ImportReport:
    """Import a GeoNames dump (or a folder of GeoNames files) or an ACLED/UCDP export.

    ``fmt`` is "geonames", "acled" or "ucdp"; guessed from the file when None. A folder
    imports every file in it that it recognises (GeoNames code tables first, then dumps,
    then alternate names, then CSV exports). ``progress(done, total)`` is called now and
    then with bytes read. Writes to ``gazetteer-imports.sqlite`` in ``data_dir()`` and
    resets the shared gazetteer so that the next look-up sees the new places.
    """
    from .gazetteer import Gazetteer, reset_gazetteer

    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    files = _plan(path, fmt)
    if not files:
        raise InputError(f"{path}: no GeoNames, ACLED or UCDP file recognised" + (f" as {fmt}" if fmt else ""))
    store = imports_path(index_path())
    gaz = Gazetteer(index_path(), imports=False)
    con = open_store(store)
    tally = _Tally()
    total = sum(f.stat().st_size for f, _ in files)
    base = 0
    try:
        importer = _Importer(con, gaz, tally)
        for f, kind in files:
            def tick(src: Source, _base: int = base) -> None:
                if progress is not None:
                    progress(min(total, _base + int(src.done * f.stat().st_size / max(src.total, 1))), total)
            before = (tally.rows, tally.places, tally.names, tally.confirmed, sum(tally.reasons.values()))
            with open_source(f) as src:
                importer.run(kind, f, src, lambda: tick(src))
            _record(con, f, kind, tally, before)
            base += f.stat().st_size
            if progress is not None:
                progress(base, total)
    finally:
        con.close()
        gaz.close()
    reset_gazetteer()
    used = sorted({k.split(":")[0] for _, k in files})
    return ImportReport(path=str(path), fmt="+".join(used), rows=tally.rows, places_added=tally.places,
                        names_added=tally.names, skipped=sum(tally.reasons.values()),
                        reasons=dict(tally.reasons.most_common()), confirmed=tally.confirmed, store=str(store))


def _plan(path: Path, fmt: str | None) -> list[tuple[Path, str]]:
    """The files to read, in order, each with its kind ("acled", "ucdp", "geonames:dump" ...)."""
    if path.is_dir():
        candidates = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    else:
        candidates = [path]
        if (fmt or detect_format(path)) == "geonames" and geonames_kind(path) == DUMP:
            # Code tables and alternate names beside a dump belong to it.
            candidates += sorted(p for p in path.parent.iterdir() if p.is_file() and p != path
                                 and geonames_kind(p) in (ADMIN1, ADMIN2, ALTNAMES))
    order = {f"geonames:{ADMIN1}": 0, f"geonames:{ADMIN2}": 1, f"geonames:{DUMP}": 2, f"geonames:{ALTNAMES}": 3,
             "acled": 4, "ucdp": 5}
    out: list[tuple[Path, str]] = []
    for p in candidates:
        kind = fmt or detect_format(p)
        if kind == "geonames":
            gk = geonames_kind(p)
            if gk is None:
                continue
            kind = f"geonames:{gk}"
        elif kind is None or (fmt is not None and p.suffix.lower() not in (".csv", ".zip", ".txt", ".tsv")):
            continue
        out.append((p, kind))
    return sorted(out, key=lambda t: (order.get(t[1], 9), t[0].name))


def _record(con: sqlite3.Connection, f: Path, kind: str, tally: _Tally, before: tuple[int, ...]) -> None:
    """Log one file's import in the ``imports`` table (one row per file content and kind)."""
    h = hashlib.sha256()
    with f.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    rows, places, names, confirmed, skipped = (tally.rows - before[0], tally.places - before[1],
                                               tally.names - before[2], tally.confirmed - before[3],
                                               sum(tally.reasons.values()) - before[4])
    con.execute("INSERT OR REPLACE INTO imports VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (h.hexdigest(), kind, str(f.resolve()), f.name, rows, places, names, skipped, confirmed,
                 json.dumps(dict(tally.reasons)), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
    con.commit()


# ---------------------------------------------------------------------------- writing
class _Importer:
    """Reads one file after another into the store."""

    def __init__(self, con: sqlite3.Connection, gaz: "Gazetteer", tally: _Tally) -> None:
        self.con = con
        self.gaz = gaz
        self.t = tally
        (top,) = con.execute("SELECT max(id) FROM places").fetchone()
        self.next_id = max(int(top or 0), IMPORT_ID_BASE) + 1
        self._admin1: dict[tuple[str, str], str | None] = {}
        self._country: dict[str, str | None] = {}

    # ------------------------------------------------------------------ helpers
    def country(self, name: str) -> str | None:
        """ISO2 for a country name, ISO3 or ISO2 (cached)."""
        if name not in self._country:
            self._country[name] = self.gaz._iso2_of(name) if name.strip() else None
        return self._country[name]

    def admin1(self, iso2: str, name: str) -> str | None:
        """The gazetteer's spelling of an admin1 name ("Idlib Governorate" -> "Idleb")."""
        name = name.strip()
        if not name:
            return None
        key = (iso2, name)
        if key not in self._admin1:
            unit = self.gaz.admin1(iso2, name)
            self._admin1[key] = unit.name if unit else name
        return self._admin1[key]

    def add_place(self, *, key: str, name: str, iso2: str, admin1: str | None, admin2: str | None,
                  lat: float, lon: float, feature: str, population: int, source: str, ext_id: str | None,
                  names: Iterable[tuple[str, str]], events: int = 0) -> int:
        """Insert a place (or find it by ``key``), its names and its provenance; returns its id."""
        row = self.con.execute("SELECT id FROM places WHERE key = ?", (key,)).fetchone()
        if row is None:
            pid = self.next_id
            self.next_id += 1
            self.con.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (pid, name, iso2, admin1, admin2, round(lat, 5), round(lon, 5), feature,
                              int(population or 0), source, ext_id, cell_of(lat, lon), key))
            self.t.places += 1
        else:
            pid = row[0]
        self.add_names(pid, [(name, "name"), *names])
        self.con.execute("INSERT OR REPLACE INTO place_sources VALUES (?,?,?,?)", (pid, source, ext_id, events))
        return pid

    def add_names(self, pid: int, names: Iterable[tuple[str, str]]) -> None:
        """Add names (surface form, kind) to an imported place, skipping ones it has."""
        rows = []
        for surface, kind in names:
            surface = surface.strip()
            norm = normalize_name(surface) if surface else ""
            if len(norm) > 1:
                rows.append((norm, pid, surface, kind))
        before = self.con.total_changes
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", rows)
        self.t.names += self.con.total_changes - before

    def builtin_twin(self, iso2: str, names: list[str], lat: float, lon: float) -> tuple[str, float, float] | None:
        """(name, lat, lon) of a built-in place with one of ``names`` within CONFIRM_KM."""
        best = None
        for n in names:
            for pid, _, _ in self.gaz._hits(normalize_name(n)):
                p = self.gaz.place(pid)
                if p is None or p.iso2 != iso2 or p.feature in ("country", "admin1"):
                    continue
                d = haversine_km(lat, lon, p.latitude, p.longitude)
                if d <= CONFIRM_KM and (best is None or d < best[0]):
                    best = (d, p)
        return (best[1].name, best[1].latitude, best[1].longitude) if best else None

    def imported_twin(self, iso2: str, norm: str, lat: float, lon: float) -> str | None:
        """Key of an imported place with this normalised name within CLUSTER_KM."""
        for key, plat, plon in self.con.execute(
                "SELECT p.key, p.lat, p.lon FROM names n JOIN places p ON p.id = n.place_id "
                "WHERE n.norm = ? AND p.iso2 = ?", (norm, iso2)):
            if haversine_km(lat, lon, plat, plon) <= CLUSTER_KM:
                return key
        return None

    # ------------------------------------------------------------------ dispatch
    def run(self, kind: str, path: Path, src: Source, tick: Callable[[], None]) -> None:
        """Import one open file of ``kind``."""
        from . import import_geonames

        if kind == "acled":
            self._coded(path, self._acled_rows(src, tick), "acled-import")
        elif kind == "ucdp":
            self._coded(path, self._ucdp_rows(src, tick), "ucdp-import")
        elif kind == f"geonames:{ADMIN1}" or kind == f"geonames:{ADMIN2}":
            import_geonames.codes(self, src, tick)
        elif kind == f"geonames:{DUMP}":
            import_geonames.dump(self, path, src, tick)
        elif kind == f"geonames:{ALTNAMES}":
            import_geonames.alternate_names(self, src, tick)
        self.con.commit()

    # ------------------------------------------------------------------ coded data
    def _acled_rows(self, src: Source, tick: Callable[[], None]) -> Iterable["_Coded | None"]:
        for i, r in enumerate(iter_csv(src)):
            if i % _TICK == 0:
                tick()
            self.t.rows += 1
            prec = (r.get("geo_precision") or "").strip()
            if prec not in ("1", "2"):
                self.t.skip(f"geo_precision {prec or 'missing'}")
                yield None
                continue
            location = (r.get("location") or "").strip()
            cc = self.country(r.get("country") or "") or self.country(r.get("iso3") or "")
            yield _Coded.make(self, location, [], cc, r.get("latitude"), r.get("longitude"), r.get("admin1") or "",
                              r.get("admin2") or "", r.get("event_id_cnty") or r.get("data_id") or "", int(prec))
        tick()

    def _ucdp_rows(self, src: Source, tick: Callable[[], None]) -> Iterable["_Coded | None"]:
        for i, r in enumerate(iter_csv(src)):
            if i % _TICK == 0:
                tick()
            self.t.rows += 1
            prec = (r.get("where_prec") or "").strip()
            if prec not in ("1", "2"):
                self.t.skip(f"where_prec {prec or 'missing'}")
                yield None
                continue
            names = ucdp_names(r.get("where_coordinates") or "")
            cc = self.country(r.get("country") or "")
            adm2 = (r.get("adm_2") or "").strip()
            for affix in ("Mintaqat ", "Markaz "):
                adm2 = adm2[len(affix):] if adm2.startswith(affix) else adm2
            adm2 = adm2[:-9].strip() if adm2.lower().endswith(" district") else adm2
            yield _Coded.make(self, names[0] if names else "", names[1:], cc, r.get("latitude"), r.get("longitude"),
                              r.get("adm_1") or "", adm2, r.get("id") or "", int(prec))
        tick()

    def _coded(self, path: Path, rows: Iterable["_Coded | None"], prefix: str) -> None:
        """Cluster coded rows by (country, name, position) and write one place per cluster."""
        clusters: dict[tuple[str, str], list[_Cluster]] = {}
        for row in rows:
            if row is None:
                continue
            group = clusters.setdefault((row.iso2, row.name), [])
            for c in group:
                if haversine_km(row.lat, row.lon, c.lat, c.lon) <= CLUSTER_KM:
                    c.add(row)
                    break
            else:
                group.append(_Cluster.start(row))
        source = f"{prefix}:{path.name}"
        for (iso2, name), group in sorted(clusters.items()):
            for c in group:
                self._write_cluster(iso2, name, c, source)

    def _write_cluster(self, iso2: str, name: str, c: "_Cluster", source: str) -> None:
        lat, lon = c.position()
        alts = sorted(c.alts)
        twin = self.builtin_twin(iso2, [name, *alts], lat, lon)
        if twin is not None:
            self.con.execute("INSERT OR REPLACE INTO confirmed VALUES (?,?,?)",
                             (confirm_key(iso2, *twin), source, c.events))
            self.t.confirmed += 1
            return
        norm = normalize_name(name)
        key = self.imported_twin(iso2, norm, lat, lon) or place_key(iso2, norm, lat, lon)
        admin1 = c.admin1.most_common(1)[0][0] if c.admin1 else None
        admin2 = c.admin2.most_common(1)[0][0] if c.admin2 else None
        names = [(v, "alt") for v in name_variants(name)] + [(a, "alt") for a in alts]
        self.add_place(key=key, name=name, iso2=iso2, admin1=admin1, admin2=admin2, lat=lat, lon=lon,
                       feature=coded_feature(name, admin2, c.min_prec), population=0, source=source,
                       ext_id=c.ext_id or None, names=names, events=c.events)


@dataclass
class _Coded:
    """One usable row of coded data."""

    iso2: str
    name: str
    alts: list[str]
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    ext_id: str
    prec: int

    @staticmethod
    def make(imp: _Importer, name: str, alts: list[str], iso2: str | None, lat: str | None, lon: str | None,
             admin1: str, admin2: str, ext_id: str, prec: int) -> "_Coded | None":
        """A checked row, or None (with the reason tallied)."""
        if len(normalize_name(name)) < 2:
            imp.t.skip("no location name")
            return None
        if iso2 is None:
            imp.t.skip("unknown country")
            return None
        try:
            la, lo = float(lat or ""), float(lon or "")
        except ValueError:
            imp.t.skip("bad coordinates")
            return None
        if not (-90 <= la <= 90 and -180 <= lo <= 180) or (la == 0 and lo == 0):
            imp.t.skip("bad coordinates")
            return None
        return _Coded(iso2, name, alts, la, lo, imp.admin1(iso2, admin1), admin2.strip() or None, ext_id, prec)


@dataclass
class _Cluster:
    """Rows of one name at one position."""

    lat: float
    lon: float
    positions: Counter
    admin1: Counter
    admin2: Counter
    alts: set[str]
    ext_id: str
    min_prec: int
    events: int = 1

    @staticmethod
    def start(row: _Coded) -> "_Cluster":
        return _Cluster(row.lat, row.lon, Counter({(row.lat, row.lon): 1}), Counter([row.admin1] if row.admin1 else []),
                        Counter([row.admin2] if row.admin2 else []), set(row.alts), row.ext_id, row.prec)

    def add(self, row: _Coded) -> None:
        self.positions[(row.lat, row.lon)] += 1
        if row.admin1:
            self.admin1[row.admin1] += 1
        if row.admin2:
            self.admin2[row.admin2] += 1
        self.alts.update(row.alts)
        self.min_prec = min(self.min_prec, row.prec)
        self.events += 1

    def position(self) -> tuple[float, float]:
        """The position the coders used most often."""
        return self.positions.most_common(1)[0][0]


def ucdp_names(where: str) -> list[str]:
    """Names in a UCDP ``where_coordinates`` ("Umm Ashba/Barqah village" -> ["Umm Ashba", "Barqah"])."""
    words = where.split()
    while len(words) > 1 and words[-1].casefold() in KIND_WORDS:
        words = words[:-1]
    return [p.strip() for p in " ".join(words).split("/") if len(p.strip()) >= 2]


def coded_feature(name: str, admin2: str | None, prec: int) -> str:
    """The feature of a coded location: a facility, a region, an admin2 or a village."""
    words = set(normalize_name(name).split())
    if words & FACILITY_NORMS:
        return "facility"
    if words & _REGION_WORDS:
        return "region"
    if admin2 and prec == 2 and normalize_name(admin2) == normalize_name(name):
        return "admin2"
    return "village"


def geonames_feature(fclass: str, fcode: str, population: int) -> str | None:
    """The gazetteer feature of a GeoNames row, or None if it is not imported."""
    if fclass == "P":
        if fcode in ("PPLH", "PPLCH"):
            return None
        if fcode == "PPLX":
            return "district"
        if fcode == "PPLC" or population >= CITY_POP:
            return "city"
        return "town" if population >= TOWN_POP else "village"
    if fclass == "A":
        return "admin2" if fcode in ("ADM2", "ADM3", "ADM4", "ADM5", "ADMD") else None
    if fclass == "S":
        return "facility" if fcode in _FACILITY_CODES else None
    if fclass in _TERRAIN_CLASSES or fcode in _WATER_CODES:
        return "region"
    return None


def keep_alt(name: str) -> bool:
    """Whether a GeoNames alternate name is worth importing."""
    return keep_alt_name(name)
