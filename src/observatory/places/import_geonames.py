"""GeoNames files for ``gazetteer import`` (see :mod:`observatory.places.importer`).

Column layouts (https://download.geonames.org/export/dump/readme.txt):

- dump (``XX.txt``, ``allCountries.txt``): geonameid, name, asciiname, alternatenames,
  latitude, longitude, feature class, feature code, country code, cc2, admin1 code,
  admin2 code, admin3 code, admin4 code, population, elevation, dem, timezone,
  modification date;
- ``admin1CodesASCII.txt`` / ``admin2Codes.txt``: code ("SY.09" / "SY.09.1234"), name,
  asciiname, geonameid;
- ``alternateNamesV2.txt``: alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .admin import clean_admin_name
from .readers import Source, iter_tsv

if TYPE_CHECKING:  # pragma: no cover
    from .importer import _Importer

_TICK = 20_000


def _builtin_ids(imp: "_Importer") -> set[str]:
    """geonameids of the places the built-in index has from GeoNames."""
    cached = getattr(imp, "_builtin_ids", None)
    if cached is None:
        rows = imp.gaz._q("SELECT ext_id FROM main.places WHERE source = 'geonames-cities500'")
        cached = {r[0] for r in rows if r[0]}
        setattr(imp, "_builtin_ids", cached)
    return cached


def codes(imp: "_Importer", src: Source, tick: Callable[[], None]) -> None:
    """Store admin1/admin2 code names, used to name the admin units of dump rows."""
    rows = []
    for i, row in enumerate(iter_tsv(src, 2)):
        if i % _TICK == 0:
            tick()
        imp.t.rows += 1
        code, name = row[0].strip(), row[1].strip()
        if not code or not name:
            imp.t.skip("empty code or name")
            continue
        rows.append((code, name))
    imp.con.executemany("INSERT OR REPLACE INTO geonames_codes VALUES (?,?)", rows)
    tick()


def _admin1_resolver(imp: "_Importer") -> Callable[[str, str, float, float], str | None]:
    """(country, admin1 code, lat, lon) -> the gazetteer's admin1 name."""
    names = dict(imp.con.execute("SELECT code, name FROM geonames_codes"))
    cache: dict[tuple[str, str], str | None] = {}

    def resolve(cc: str, code: str, lat: float, lon: float) -> str | None:
        key = (cc, code)
        if key in cache:
            return cache[key]
        raw = names.get(f"{cc}.{code}")
        if raw:
            unit = imp.gaz.admin1(cc, raw) or imp.gaz.admin1(cc, clean_admin_name(raw))
            cache[key] = unit.name if unit else clean_admin_name(raw)
            return cache[key]
        near = imp.gaz.nearest(lat, lon, iso2=cc, max_km=50)
        if near is None:
            return None
        cache[key] = near.admin1
        return near.admin1

    return resolve


def dump(imp: "_Importer", path: Path, src: Source, tick: Callable[[], None]) -> None:
    """Import the rows of a GeoNames dump."""
    from .importer import MAX_ALT_NAMES, geonames_feature, keep_alt

    builtin = _builtin_ids(imp)
    admin2_names = dict(imp.con.execute("SELECT code, name FROM geonames_codes"))
    admin1_of = _admin1_resolver(imp)
    source = f"geonames-import:{path.name}"
    for i, row in enumerate(iter_tsv(src, 15)):
        if i % _TICK == 0:
            tick()
        imp.t.rows += 1
        gid, name, ascii_name, alts, lat_s, lon_s, fclass, fcode, cc = row[:9]
        a1, a2 = row[10], row[11]
        if gid in builtin:
            imp.t.skip("in the built-in index")
            continue
        try:
            population = int(row[14] or 0)
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            imp.t.skip("bad coordinates or population")
            continue
        feature = geonames_feature(fclass, fcode, population)
        if feature is None:
            imp.t.skip("country or admin1 (built in)" if fclass == "A" else
                       "historical place" if fclass == "P" else
                       "feature class S (not a facility kind)" if fclass == "S" else f"feature class {fclass or '?'}")
            continue
        if cc not in imp.gaz._countries:
            imp.t.skip("unknown country")
            continue
        admin1 = admin1_of(cc, a1, lat, lon)
        admin2 = admin2_names.get(f"{cc}.{a1}.{a2}") if a2 else None
        if feature == "admin2" and fcode == "ADM2":
            admin2 = name
        names = [(ascii_name, "alt")]
        names += [(a, "alt") for a in alts.split(",")[:MAX_ALT_NAMES * 2] if a and keep_alt(a)][:MAX_ALT_NAMES]
        imp.add_place(key=f"geonames:{gid}", name=name, iso2=cc, admin1=admin1, admin2=admin2, lat=lat, lon=lon,
                      feature=feature, population=population, source=source, ext_id=gid, names=names)
    tick()


_SKIP_LANGS = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "tcid", "fr_1793"})


def alternate_names(imp: "_Importer", src: Source, tick: Callable[[], None]) -> None:
    """Add alternateNamesV2 names to the places imported from dumps."""
    from .importer import keep_alt

    imported = dict(imp.con.execute("SELECT ext_id, id FROM places WHERE source LIKE 'geonames-import:%'"))
    builtin = _builtin_ids(imp)
    pending: dict[int, list[tuple[str, str]]] = {}
    for i, row in enumerate(iter_tsv(src, 4)):
        if i % _TICK == 0:
            tick()
            for pid, names in pending.items():
                imp.add_names(pid, names)
            pending.clear()
        imp.t.rows += 1
        gid, lang, name = row[1], row[2].strip().lower(), row[3]
        pid = imported.get(gid)
        if pid is None:
            imp.t.skip("name of a built-in place" if gid in builtin else "name of a place not imported")
            continue
        if lang in _SKIP_LANGS or not keep_alt(name):
            imp.t.skip("code or link, not a name")
            continue
        pending.setdefault(pid, []).append((name, "alt"))
    for pid, names in pending.items():
        imp.add_names(pid, names)
    tick()
