"""The gazetteer's fallback matchers: compound parts, consonant skeletons, fuzzy names.

A mixin of :class:`~observatory.places.gazetteer.Gazetteer`; ``lookup`` calls these in
turn when exact and normalised matching found nothing in the wanted country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .geo import haversine_km
from .models import Candidate, Place
from .normalize import loose_key, normalize_name
from .vocab import FACILITY_NORMS, prominence, split_parts

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import _Context

#: A later part of a compound this close to the place the first part names is its district.
PART_NEAR_KM = 30.0
#: Smallest fuzzy ratio (0-100) against a place's own or curated name, and against other
#: alternate names (often foreign-language or historical, so held to a stricter bar).
FUZZY_MIN = 85
FUZZY_MIN_ALT = 92
#: Smallest fuzzy ratio of a consonant-skeleton match (the skeleton alone is too coarse).
LOOSE_MIN = 70
LOOSE_MIN_ALT = 80
#: A skeleton match on another alternate name (GeoNames lists many stray ones) ranks lower.
LOOSE_ALT_MALUS = 0.15

Hit = tuple[int, str, str]  # (place_id, stored name, kind)


class MatchingMixin:
    """Fallback matchers; expects the attributes and helpers of ``Gazetteer``."""

    _fuzzy_cache: dict[str, tuple[list[str], list[int], list[str]]]
    _loose_cache: dict[str, dict[str, list[tuple[int, str, str, str]]]]

    if TYPE_CHECKING:  # provided by Gazetteer
        def _q(self, sql: str, args: Any = ()) -> list[tuple]: ...
        def joined(self, select: str, where: str, args: Any = ()) -> list[tuple]: ...
        def _place(self, place_id: int) -> Place | None: ...
        def nearest(self, lat: float, lon: float, *, iso2: str | None = None,
                    max_km: float = 250.0) -> Place | None: ...
        def _exact_hits(self, text: str, cc: str | None) -> tuple[list[tuple[Hit, str]], bool]: ...
        def _forms(self, text: str) -> list[tuple[str, str]]: ...
        def _candidate(self, pid: int, stored: str, kind: str, query: str, ctx: "_Context", pref: str = "",
                       rule: str | None = None, quality: float | None = None) -> Candidate | None: ...

    # ------------------------------------------------------------------ compounds
    def _part_candidates(self, text: str, ctx: "_Context") -> list[Candidate | None]:
        """Candidates for the parts of a compound name.

        ACLED writes a city and its district as "Mogadishu-Wadajir", "Kabul - Police
        District 5", "Athens-Central Athens". The first part that names a place is the
        anchor (its most prominent candidate); a later part found within
        ``PART_NEAR_KM`` of it is the district meant and ranks first, one found far
        away ranks low, and the anchor itself stays a candidate ("Kabul").
        """
        parts = split_parts(text)
        if len(parts) < 2:
            return []
        found: list[list[Place]] = []
        stored: dict[int, tuple[str, str]] = {}
        for part in parts:
            hits, local = self._exact_hits(part, ctx.iso2)
            places = []
            for (pid, name, kind), _ in (hits if local else []):
                p = self._place(pid)
                if p is not None:
                    places.append(p)
                    stored.setdefault(pid, (name, kind))
            found.append(places)
        first = next((i for i, ps in enumerate(found) if ps), None)
        if first is None:
            return []
        anchor = max(found[first], key=lambda p: prominence(p.feature, p.population))
        scored: list[tuple[Place, float, int]] = []
        district_found = False
        for i, places in enumerate(found):
            for p in places:
                quality = 0.7 - 0.05 * i
                if i > first:
                    d = haversine_km(anchor.latitude, anchor.longitude, p.latitude, p.longitude)
                    district_found |= d <= PART_NEAR_KM
                    quality = 0.8 if d <= PART_NEAR_KM else quality - 0.2
                scored.append((p, quality, i))
        out: list[Candidate | None] = []
        for p, quality, i in scored:
            if district_found and i == first:
                quality -= 0.3   # the district of the city is more precise than the city
            name, kind = stored[p.place_id]
            out.append(self._candidate(p.place_id, name, kind, text, ctx, rule="part", quality=quality))
        return out

    # ------------------------------------------------------------------ skeletons
    def _loose_table(self, iso2: str) -> dict[str, list[tuple[int, str, str, str]]]:
        """loose key -> [(place_id, stored name, kind, norm)] for the names of one country."""
        if iso2 not in self._loose_cache:
            rows = self.joined("n.place_id, n.name, n.kind, n.norm", "p.iso2 = ? AND n.kind NOT IN ('demonym', 'code')",
                               [iso2])
            table: dict[str, list[tuple[int, str, str, str]]] = {}
            for pid, name, kind, norm in rows:
                key = loose_key(norm)
                if len(key) >= 3:
                    table.setdefault(key, []).append((pid, name, kind, norm))
            self._loose_cache[iso2] = table
        return self._loose_cache[iso2]

    def _loose_candidates(self, text: str, ctx: "_Context") -> list[Candidate | None]:
        """Same consonant skeleton in the same country, confirmed by a fuzzy ratio ≥ LOOSE_MIN
        (≥ LOOSE_MIN_ALT against alternate names)."""
        if not ctx.iso2:
            return []
        from rapidfuzz import fuzz

        table = self._loose_table(ctx.iso2)
        for form, pref in self._forms(text):
            norm = normalize_name(form)
            key = loose_key(norm)
            if len(norm) < 5 or len(key) < 3:
                continue
            out: list[Candidate | None] = []
            for pid, name, kind, snorm in table.get(key, ()):
                ratio = fuzz.ratio(norm, snorm)
                if ratio >= (LOOSE_MIN_ALT if kind == "alt" else LOOSE_MIN):
                    out.append(self._candidate(pid, name, kind, text, ctx, pref, rule="loose",
                                               quality=0.6 + 0.2 * (ratio - LOOSE_MIN) / (100 - LOOSE_MIN)
                                               - (LOOSE_ALT_MALUS if kind == "alt" else 0.0)))
            if out:
                return out
        return []

    # ------------------------------------------------------------------ fuzzy
    def _fuzzy_candidates(self, text: str, ctx: "_Context") -> list[Candidate | None]:
        """Guarded fuzzy matching (see ``Gazetteer.lookup``)."""
        from rapidfuzz import fuzz, process

        norm = normalize_name(text)
        if len(norm) < 5:
            return []
        out: list[Candidate | None] = []
        words = set(norm.split())
        iso2 = ctx.iso2
        if iso2 is None and ctx.near is not None:
            here = self.nearest(*ctx.near)
            iso2 = here.iso2 if here else None
        if iso2 and (words & FACILITY_NORMS or "air base" in norm):
            norms, ids, _ = self._fuzzy_choices(iso2, facilities=True)
            for choice, ratio, i in process.extract(norm, norms, scorer=fuzz.ratio, score_cutoff=75, limit=10):
                out.append(self._candidate(ids[i], choice, "alt", text, ctx, rule="fuzzy",
                                           quality=0.4 + 0.4 * (ratio - 75) / 25))
        if not out:
            norms, ids, kinds = self._fuzzy_choices(ctx.iso2)
            for choice, ratio, i in process.extract(norm, norms, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN,
                                                    limit=20):
                if kinds[i] == "alt" and ratio < FUZZY_MIN_ALT:
                    continue
                out.append(self._candidate(ids[i], choice, "alt", text, ctx, rule="fuzzy",
                                           quality=0.5 + 0.35 * (ratio - FUZZY_MIN) / (100 - FUZZY_MIN)))
        return out

    def _fuzzy_choices(self, iso2: str | None, *, facilities: bool = False) -> tuple[list[str], list[int], list[str]]:
        """Normalised Latin-script names to fuzzy-match against, their place ids and name
        kinds (cached per country)."""
        key = f"{iso2 or '*'}:{'f' if facilities else 'a'}"
        if key not in self._fuzzy_cache:
            if iso2 is None:
                rows = self._q("SELECT norm, place_id, 'name' FROM prominent_names")
            else:
                where = "p.iso2 = ? AND p.feature = 'facility'" if facilities else "p.iso2 = ?"
                rows = sorted(set(self.joined("n.norm, n.place_id, n.kind",
                                              f"{where} AND n.kind NOT IN ('demonym', 'code')", [iso2])))
            rows = [r for r in rows if r[0].isascii()]
            self._fuzzy_cache[key] = ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
        return self._fuzzy_cache[key]
