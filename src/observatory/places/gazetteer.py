"""The run-time gazetteer: name look-up, country and admin1 resolution, nearest place.

It only reads the SQLite index written by :mod:`observatory.places.build` (built
automatically, with a one-line note on stderr, the first time it is missing or out of
date). Opening it reads the small ``countries`` table; everything else is queried
on demand and cached.
"""

from __future__ import annotations

import functools
import math
import re
import sqlite3
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .build import build_index, data_fingerprint, index_path
from .geo import CELL_DEG, cells_around, haversine_km
from .matching import MatchingMixin
from .models import POPULATED, Candidate, Place
from .normalize import fold_ascii, normalize_name, strip_generic
from .store import CODED_SOURCES, confirm_key, ensure_current, imports_path, is_store, read_meta
from .vocab import (ADMIN_WORDS, FACILITY_WORDS, KIND_WORDS, NOT_PLACES, SETTLEMENT_WORDS, prominence,
                    split_suffix)

__all__ = ["Gazetteer", "get_gazetteer", "reset_gazetteer", "ADMIN_WORDS", "SETTLEMENT_WORDS",
           "FACILITY_WORDS", "NOT_PLACES"]

_PLACE_COLS = "id, name, iso2, admin1, admin2, lat, lon, feature, population, source"
#: Name kinds that ``lookup`` and ``is_candidate`` ignore (they only serve ``country``).
_COUNTRY_ONLY_KINDS = ("demonym", "code")
#: score bonus of a place the curated tables name, over its uncurated namesakes
CURATED_BONUS = 0.5
_KIND_RANK = {"name": 0, "curated-alias": 1, "ascii": 2, "alt": 3, "demonym": 4, "code": 5}
#: Score malus of a place matched only by an alternate name (often a historical name) when a
#: settlement of the same country has that name as its own, unless the first is more than
#: ALT_DOMINANCE times as populous (see ``Gazetteer._scored``).
ALT_PENALTY = 0.25
ALT_DOMINANCE = 100
_SITES = (*POPULATED, "facility")
#: Score bonus of a place that imported human-coded conflict data used (``coded_weight``):
#: of two same-name villages, the one where coders placed events before is more likely.
CODED_BONUS = 0.2

_BRACKET = re.compile(r"^(.*?)\s*[\(\[][^()\[\]]+[\)\]]\s*$")
_LOCK = threading.Lock()
_INSTANCE: "Gazetteer | None" = None


class Gazetteer(MatchingMixin):
    """Offline place look-up over the built index and the import store. Cheap to create;
    thread-safe.

    ``imports`` is the import store to attach (default: ``gazetteer-imports.sqlite`` next
    to the index, if it exists; ``False``: none). Queries go through two temporary
    views, ``gplaces`` and ``gnames``, over the built-in and imported tables.
    """

    def __init__(self, path: Path | None = None, *, auto_build: bool = True,
                 imports: Path | bool | None = None) -> None:
        path = Path(path) if path is not None else index_path()
        if auto_build:
            self._ensure_index(path)
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.RLock()
        self.imports_path: Path | None = None
        if imports is not False:
            store = imports_path(path) if imports in (None, True) else Path(imports)  # type: ignore[arg-type]
            ensure_current(store)
            if is_store(store):
                self._con.execute("ATTACH DATABASE ? AS imp", (f"file:{store}?mode=ro",))
                self.imports_path = store
        self._make_views()
        self._countries: dict[str, tuple[str, str, int]] = {}
        self._iso3: dict[str, str] = {}
        for iso2, iso3, name, pid in self._con.execute("SELECT iso2, iso3, name, place_id FROM countries"):
            self._countries[iso2] = (iso3, name, pid)
            self._iso3[iso3] = iso2
        self._fuzzy_cache: dict[str, tuple[list[str], list[int]]] = {}
        self._loose_cache: dict[str, dict[str, list[tuple[int, str, str, str]]]] = {}
        self._confirmed: set[str] | None = None
        self._place = lru_cache(maxsize=200_000)(self._load_place)
        self._is_candidate = lru_cache(maxsize=200_000)(self._is_candidate_uncached)

    def _make_views(self) -> None:
        cols = "id, name, iso2, admin1, admin2, lat, lon, feature, population, source, ext_id, cell"
        if self.imports_path is not None:
            self._con.executescript(
                f"CREATE TEMP VIEW gplaces AS SELECT {cols} FROM main.places UNION ALL SELECT {cols} FROM imp.places;"
                "CREATE TEMP VIEW gnames AS SELECT norm, place_id, name, kind FROM main.names "
                "UNION ALL SELECT norm, place_id, name, kind FROM imp.names;")
        else:
            self._con.executescript(f"CREATE TEMP VIEW gplaces AS SELECT {cols} FROM main.places;"
                                    "CREATE TEMP VIEW gnames AS SELECT norm, place_id, name, kind FROM main.names;")

    def coded_weight(self, place: Place) -> float:
        """0..1: whether human-coded conflict data (imported ACLED/UCDP) used this place.

        1 for a place imported from such data, or a built-in place that an import
        confirmed (same name within a few km); else 0.
        """
        if place.source.startswith(CODED_SOURCES):
            return 1.0
        if self.imports_path is None:
            return 0.0
        if self._confirmed is None:
            self._confirmed = {k for (k,) in self._q("SELECT key FROM imp.confirmed")}
        key = confirm_key(place.iso2, place.name, place.latitude, place.longitude)
        return 1.0 if key in self._confirmed else 0.0

    # ------------------------------------------------------------------ set-up
    @staticmethod
    def _ensure_index(path: Path) -> None:
        """Build the index if it is missing or was built from other data or code."""
        if path.exists():
            if read_meta(path, "fingerprint") == data_fingerprint():
                return
            print(f"observatory: gazetteer index {path.name} is out of date; rebuilding (about 30 s) ...",
                  file=sys.stderr)
        else:
            print(f"observatory: building the gazetteer index {path} (once, about 30 s) ...", file=sys.stderr)
        build_index(path, force=True)

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    def joined(self, select: str, where: str, args: Iterable[object] = ()) -> list[tuple]:
        """``SELECT select FROM names n JOIN places p ... WHERE where`` over the built-in
        index and the import store (one query per database: a join through the UNION ALL
        views would not use their indexes)."""
        schemas = ("main", "imp") if self.imports_path is not None else ("main",)
        args = list(args)
        sql = " UNION ALL ".join(f"SELECT {select} FROM {s}.places p JOIN {s}.names n ON n.place_id = p.id "
                                 f"WHERE {where}" for s in schemas)
        return self._q(sql, args * len(schemas))

    def _q(self, sql: str, args: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, tuple(args)).fetchall()

    # ------------------------------------------------------------------ places
    def _make_place(self, row: tuple) -> Place:
        pid, name, iso2, admin1, admin2, lat, lon, feature, population, source = row
        iso3, country, _ = self._countries.get(iso2, ("", iso2, 0))
        return Place(place_id=pid, name=name, country=country, iso2=iso2, iso3=iso3, admin1=admin1,
                     admin2=admin2, latitude=lat, longitude=lon, feature=feature,
                     population=population or 0, source=source)

    def _load_place(self, place_id: int) -> Place | None:
        rows = self._q(f"SELECT {_PLACE_COLS} FROM gplaces WHERE id=?", (place_id,))
        return self._make_place(rows[0]) if rows else None

    def place(self, place_id: int) -> Place | None:
        """The place with this id."""
        return self._place(place_id)

    # ------------------------------------------------------------------ countries
    def _iso2_of(self, country: str | None) -> str | None:
        """ISO alpha-2 of a country given as alpha-2, alpha-3 or name (None if unknown)."""
        if not country:
            return None
        c = country.strip()
        if c.upper() in self._countries and len(c) == 2:
            return c.upper()
        if len(c) == 3 and c.upper() in self._iso3:
            return self._iso3[c.upper()]
        p = self.country(c)
        return p.iso2 if p else None

    def country_by_iso2(self, iso2: str) -> Place | None:
        """The country place for an ISO alpha-2 code ("SY")."""
        entry = self._countries.get(iso2.strip().upper())
        return self._place(entry[2]) if entry else None

    def country(self, text: str) -> Place | None:
        """The country meant by a name, demonym or code: "Syria", "Syrian", "SY", "SYR", "DRC"."""
        t = text.strip()
        if not t:
            return None
        if len(t) in (2, 3) and t.isupper():
            iso2 = t if len(t) == 2 else self._iso3.get(t)
            if iso2 and iso2 in self._countries:
                return self.country_by_iso2(iso2)
        if t.casefold().startswith("the "):
            t = t[4:]
        rows = self._q("SELECT n.place_id, n.kind FROM main.names n JOIN main.places p ON p.id = n.place_id "
                       "WHERE n.norm = ? AND p.feature = 'country'", (normalize_name(t),))  # never imported
        if not rows:
            return None
        rows.sort(key=lambda r: _KIND_RANK.get(r[1], 9))
        return self._place(rows[0][0])

    # ------------------------------------------------------------------ admin1
    def admin1(self, iso2: str, name: str) -> Place | None:
        """The admin1 unit of country ``iso2`` called ``name`` in any known spelling.

        ``admin1("SY", "Idlib")`` and ``admin1("SY", "Idleb Governorate")`` both give the
        unit named "Idleb" (ACLED's spelling).
        """
        cc = self._iso2_of(iso2)
        if cc is None or not name.strip():
            return None
        words = name.split()
        tries = [name] + ([" ".join(w)] if (w := split_suffix(words, ADMIN_WORDS)) else [])
        for t in tries:
            rows = self._q("SELECT n.place_id, n.kind FROM main.names n JOIN main.places p ON p.id = n.place_id "
                           "WHERE n.norm = ? AND p.feature = 'admin1' AND p.iso2 = ?",
                           (normalize_name(t), cc))  # admin1 units are never imported
            if rows:
                rows.sort(key=lambda r: _KIND_RANK.get(r[1], 9))
                return self._place(rows[0][0])
        return None

    # ------------------------------------------------------------------ nearest
    def nearest(self, lat: float, lon: float, *, iso2: str | None = None,
                max_km: float = 250.0) -> Place | None:
        """The nearest populated place to a point (optionally within one country)."""
        cc = self._iso2_of(iso2) if iso2 else None
        feats = ",".join(f"'{f}'" for f in POPULATED)
        best: tuple[float, tuple] | None = None
        km_per_cell = CELL_DEG * 111.0 * max(0.2, math.cos(math.radians(lat)))
        max_ring = max(1, int(max_km / km_per_cell) + 1)
        for ring in range(0, max_ring + 1):
            if best is not None and best[0] < (ring - 1) * km_per_cell:
                break
            cells = cells_around(lat, lon, ring)
            sql = (f"SELECT {_PLACE_COLS} FROM gplaces WHERE cell IN ({','.join('?' * len(cells))}) "
                   f"AND feature IN ({feats})")
            args: list[object] = list(cells)
            if cc:
                sql += " AND iso2 = ?"
                args.append(cc)
            for row in self._q(sql, args):
                d = haversine_km(lat, lon, row[5], row[6])
                if best is None or d < best[0]:
                    best = (d, row)
        if best is None or best[0] > max_km:
            return None
        return self._make_place(best[1])

    # ------------------------------------------------------------------ candidates
    def is_candidate(self, name: str) -> bool:
        """Fast test: is ``name`` (exactly or normalised) a known place name?

        Used to scan capitalised n-grams in text. Common non-place words (days,
        months, news agencies, titles, "The") are always False.
        """
        return self._is_candidate(name.strip())

    def _is_candidate_uncached(self, name: str) -> bool:
        if len(name) < 3 or name.casefold() in NOT_PLACES:
            return False
        norm = normalize_name(name)
        if len(norm) < 3:
            return False
        rows = self._q("SELECT kind FROM gnames WHERE norm = ?", (norm,))
        return any(k not in _COUNTRY_ONLY_KINDS for (k,) in rows)

    def _hits(self, norm: str) -> list[tuple[int, str, str]]:
        """(place_id, stored name, kind) for a normalised name, without country-only kinds."""
        rows = self._q("SELECT place_id, name, kind FROM gnames WHERE norm = ?", (norm,))
        return [r for r in rows if r[2] not in _COUNTRY_ONLY_KINDS]

    def lookup(self, name: str, *, country: str | None = None, admin1: str | None = None,
               near: tuple[float, float] | None = None, limit: int = 10) -> list[Candidate]:
        """Places that ``name`` may refer to, best first.

        Matching, each step only if the one before found nothing in ``country``:

        1. exact/normalised/alias look-up of the whole name; then of the name without a
           trailing admin word ("Idlib province"), settlement or kind word ("Aleppo
           city", "Jobar suburb"), without a leading generic word ("Qaryat ..."), and
           without a bracketed qualifier ("Nameless Hills (Agdam Region)");
        2. the parts of a compound ("Mogadishu-Wadajir", "Kabul - Police District 5"):
           the specific part near the place the first part names, else that place;
        3. within ``country`` only, the consonant skeleton (:func:`loose_key`:
           "Surobi" = "Sarobi", "Elenovka" = "Olenivka"), checked by a fuzzy ratio;
        4. a guarded fuzzy match (names of 5+ characters, ratio ≥ 85 against a place's
           own or curated names, ≥ 92 against other alternate names, within ``country``
           if given; garbled facility names such as "al-Naib airport" are compared with
           the facilities of ``country``).

        Ranking combines match quality, prominence (feature and population), the
        ``country`` (``iso2``, ``iso3`` or name), the ``admin1`` hint, the distance to
        ``near`` (lat, lon) and whether imported coded data used the place.
        """
        text = " ".join(name.split())
        if len(text) < 2:
            return []
        cc = self._iso2_of(country)
        ctx = _Context(self, cc, admin1, near)
        hits, local = self._exact_hits(text, cc)
        cands: list[Candidate | None] = []
        if local:
            cands = self._scored(hits, text, ctx)
        elif self._is_country_word(text):
            return []  # a demonym or country code ("Syrian", "US") is not a location
        else:
            cands = (self._part_candidates(text, ctx) or self._loose_candidates(text, ctx)
                     or self._fuzzy_candidates(text, ctx))
            if not cands and hits:  # only other countries have the name
                cands = self._scored(hits, text, ctx)
        best: dict[int, Candidate] = {}
        for c in cands:
            if c is not None and (c.place.place_id not in best or c.score > best[c.place.place_id].score):
                best[c.place.place_id] = c
        return sorted(best.values(), key=lambda c: (-c.score, -c.place.population, c.place.place_id))[:limit]

    def _forms(self, text: str) -> list[tuple[str, str]]:
        """The forms of a name tried in turn by exact matching, with their preference."""
        words = text.split()
        forms = [(text, "")]
        for vocab, pref in ((ADMIN_WORDS, "admin"), (SETTLEMENT_WORDS, "settlement"), (KIND_WORDS, "settlement")):
            core = split_suffix(words, vocab)
            if core:
                forms.append((" ".join(core), pref))
        generic = strip_generic(normalize_name(text))
        if generic:
            forms.append((generic, ""))
        bracket = _BRACKET.match(text)
        if bracket and bracket.group(1).strip():
            forms.append((bracket.group(1).strip(), ""))
        return forms

    def _exact_hits(self, text: str, cc: str | None) -> tuple[list[tuple[tuple[int, str, str], str]], bool]:
        """Exact/normalised/alias hits as ((place_id, stored name, kind), preference).

        Tried in turn: the forms of :meth:`_forms` ("Idlib province": preference
        "admin"; "Aleppo city": "settlement"). The first form with hits in country
        ``cc`` wins; the flag says whether there was one (else the hits, if any, are all
        in other countries).
        """
        foreign: list[tuple[tuple[int, str, str], str]] = []
        for form, pref in self._forms(text):
            hits = [(h, pref) for h in self._hits(normalize_name(form))]
            local = [h for h in hits if cc is None or self._in_country(h[0][0], cc)]
            if local:
                return local, True
            foreign = foreign or hits
        return foreign, False

    def _is_country_word(self, text: str) -> bool:
        rows = self._q("SELECT kind FROM gnames WHERE norm = ?", (normalize_name(text),))
        return any(k in _COUNTRY_ONLY_KINDS for (k,) in rows)

    def _in_country(self, place_id: int, iso2: str) -> bool:
        p = self._place(place_id)
        return p is not None and p.iso2 == iso2

    def _scored(self, hits: list[tuple[tuple[int, str, str], str]], text: str,
                ctx: "_Context") -> list[Candidate | None]:
        """Candidates for exact/normalised/alias hits. A place found only through an
        alternate name (often a historical or foreign-language name) is ranked below
        places that carry the name as their own, in the same country."""
        own: dict[str, int] = {}  # iso2 -> largest population of a place with the name as its own
        for (pid, _, kind), _ in hits:
            p = self._place(pid)
            if p is not None and kind in ("name", "curated-alias") and p.feature in _SITES:
                own[p.iso2] = max(own.get(p.iso2, 0), p.population, 1)
        # the curated tables list places that matter in conflicts: among namesakes, the one
        # they name ("Opytne" by Avdiivka, not the Opytne near Bakhmut) is meant
        vouched = {pid for (pid, stored, kind), _ in hits if kind == "curated-alias" or _curated_near(self._place(pid), stored)}
        out: list[Candidate | None] = []
        for (pid, stored, kind), pref in hits:
            c = self._candidate(pid, stored, kind, text, ctx, pref)
            if (c is not None and kind == "alt" and c.place.iso2 in own
                    and c.place.population < ALT_DOMINANCE * own[c.place.iso2]):
                c = c.model_copy(update={"score": round(c.score - ALT_PENALTY, 4)})
            if c is not None and (pid in vouched or c.place.source.startswith("curated")) \
                    and c.place.feature not in ("country", "admin1"):
                # a near-point or province hint in the text says more than the curated prior
                bonus = CURATED_BONUS if ctx.near is None and not ctx.admin1_norms else CURATED_BONUS / 4
                c = c.model_copy(update={"score": round(c.score + bonus, 4)})
            out.append(c)
        return out

    def _candidate(self, pid: int, stored: str, kind: str, query: str, ctx: "_Context",
                   pref: str = "", rule: str | None = None, quality: float | None = None) -> Candidate | None:
        place = self._place(pid)
        if place is None:
            return None
        if rule is None:
            if stored.casefold() == query.casefold() or fold_ascii(stored) == fold_ascii(query):
                rule, quality = "exact", 1.0  # "Tillaberi" is Tillabéri written without its accent
            elif kind == "curated-alias":
                rule, quality = "alias", 0.95
            else:
                rule, quality = "normalised", 0.9
        score = (quality or 0.0) + ctx.score(place) - (0.02 if kind == "alt" else 0.0)
        if pref == "admin" and place.feature in ("admin1", "admin2"):
            score += 0.4
        elif pref == "settlement" and place.feature in POPULATED:
            score += 0.3
        return Candidate(place=place, score=round(score, 4), rule=rule, matched=stored)


@functools.lru_cache(maxsize=1)
def _curated_points() -> dict[str, list[tuple[str, float, float]]]:
    """Normalised name -> (iso2, lat, lon) of every settlement in the curated tables. A
    GeoNames place the build merged a curated row into keeps only its own names, so the
    ranking finds the curated twin by name and distance (a few hundred rows, read once)."""
    from observatory.places.sources import read_curated, split_list

    out: dict[str, list[tuple[str, float, float]]] = {}
    for table in ("supplement.csv", "contact_lines.csv"):
        for row in read_curated(table):
            for n in [row["name"], *split_list(row.get("aliases", ""))]:
                out.setdefault(normalize_name(n), []).append((row["iso2"].upper(), float(row["lat"]), float(row["lon"])))
    return out


def _curated_near(place: Place | None, stored: str) -> bool:
    """Whether a curated row names PLACE (by STORED, the name it matched) within 10 km."""
    if place is None:
        return False
    return any(iso2 == place.iso2 and haversine_km(lat, lon, place.latitude, place.longitude) <= 10.0
               for iso2, lat, lon in _curated_points().get(normalize_name(stored), ()))


class _Context:
    """The ranking context of one look-up: country, admin1 hint, point of reference."""

    def __init__(self, gaz: Gazetteer, iso2: str | None, admin1: str | None,
                 near: tuple[float, float] | None) -> None:
        self.gaz = gaz
        self.iso2 = iso2
        self.near = near
        self.admin1_norms: set[str] = set()
        if admin1:
            self.admin1_norms.add(normalize_name(admin1))
            unit = gaz.admin1(iso2, admin1) if iso2 else None
            if unit is not None:
                self.admin1_norms.add(normalize_name(unit.name))

    def score(self, place: Place) -> float:
        """Context part of a candidate's score."""
        s = 0.5 * prominence(place.feature, place.population)
        if self.iso2:
            s += 0.6 if place.iso2 == self.iso2 else -0.6
        if self.admin1_norms and place.admin1 and normalize_name(place.admin1) in self.admin1_norms:
            s += 0.5
        if self.near is not None:
            d = haversine_km(self.near[0], self.near[1], place.latitude, place.longitude)
            s += 0.6 * math.exp(-d / 50.0)
        if place.feature not in ("country", "admin1"):
            s += CODED_BONUS * self.gaz.coded_weight(place)
        return s


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer over the default index (built on first use if missing)."""
    global _INSTANCE
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer()
    return _INSTANCE


def reset_gazetteer() -> None:
    """Forget the shared gazetteer (tests; after a rebuild or a data-dir change)."""
    global _INSTANCE
    with _LOCK:
        if _INSTANCE is not None:
            _INSTANCE.close()
        _INSTANCE = None
