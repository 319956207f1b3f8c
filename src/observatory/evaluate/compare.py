"""Field comparisons for scoring: name normalisation, distances, and alias-aware look-ups.

The strict comparisons here use no knowledge base, so a score cannot flatter our own
alias tables:

- actors: case, accents and punctuation folded, and ACLED's period suffix (``(2000-)``,
  ``(2016-2024)``) removed wherever it stands in the name;
- admin1: the same folding, plus a leading Arabic article (``Al-``, ``Ar-``, ``Ash``...)
  and a trailing unit word (``Governorate``, ``Province``, ``State``...) dropped;
- countries: folded names, or equal ISO3 codes.

:class:`Resolver` adds the alias-aware figures beside them: both sides of an actor pair
mapped through ``observatory.actors.get_kb().resolve``, admin1 names through the
gazetteer, country names to ISO codes. It loads both lazily, on first use.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import Any

__all__ = ["Resolver", "actor_key", "actors_match", "admin1_key", "country_key", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
_PERIOD = re.compile(r"\(\s*\d{4}\s*[-–]\s*(?:\d{4})?\s*\)")
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = frozenset({"al", "ar", "as", "ad", "an", "at", "ash", "az", "ath", "adh", "el", "ed", "es", "en",
                       "et", "ez", "the"})
_ADMIN_WORDS = frozenset({
    "province", "governorate", "governate", "region", "oblast", "district", "state", "county",
    "wilaya", "wilayah", "muhafazah", "muhafazat", "raion", "rayon", "prefecture", "department",
    "division", "municipality", "territory", "provincia", "estado", "departamento", "regional",
})


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def actor_key(name: str | None) -> str:
    """The strict comparison key of an actor name ("" for none)."""
    if not name:
        return ""
    return fold(_PERIOD.sub(" ", name))


def actors_match(gold: list[frozenset[str]], ours: list[str]) -> bool:
    """Whether our actor keys match the gold sides, order-insensitive.

    GOLD is a list of sides (each the set of keys it accepts). Two gold sides: we must have
    both, one each (a pair of identical names must appear twice). One gold side: one of
    ours must match it. No gold side: true.
    """
    gold = [g for g in gold if g]
    ours = [o for o in ours if o]
    if not gold:
        return True
    if len(gold) == 1:
        return any(o in gold[0] for o in ours)
    if len(ours) < 2:
        return False
    a, b = gold[0], gold[1]
    for i in range(len(ours)):
        for j in range(len(ours)):
            if i != j and ours[i] in a and ours[j] in b:
                return True
    return False


def admin1_key(name: str | None) -> str:
    """The comparison key of an admin1 name: folded, article and unit word dropped, no spaces."""
    if not name:
        return ""
    words = fold(name).split()
    while len(words) > 1 and words[-1] in _ADMIN_WORDS:
        words = words[:-1]
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


def country_key(name: str | None) -> str:
    """The comparison key of a country name."""
    return fold(name or "")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km; correct across the antimeridian and near the poles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlam = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Resolver:
    """Alias-aware look-ups used beside the strict comparisons (KB and gazetteer, lazily).

    ``state_as_one``: map every state force of a country (military, police, government) to
    one key, as UCDP codes them all as "Government of X".
    """

    def __init__(self) -> None:
        self._kb: Any = None
        self._gaz: Any = None

    @property
    def kb(self) -> Any:
        """The actor knowledge base (loaded on first use)."""
        if self._kb is None:
            from observatory.actors import get_kb
            self._kb = get_kb()
        return self._kb

    @property
    def gazetteer(self) -> Any:
        """The gazetteer (opened on first use)."""
        if self._gaz is None:
            from observatory.places import get_gazetteer
            self._gaz = get_gazetteer()
        return self._gaz

    @functools.lru_cache(maxsize=4096)
    def country_iso2(self, name: str | None) -> str | None:
        """ISO2 code of a country name or code; None if unknown."""
        if not name:
            return None
        place = self.gazetteer.country(name)
        return place.iso2 if place else None

    @functools.lru_cache(maxsize=65536)
    def actor_key(self, name: str, iso2: str | None, year: int | None, state_as_one: bool = False) -> str:
        """The alias-aware key of an actor name: its canonical KB name, strict-normalised."""
        match = self.kb.resolve(name, country=iso2, year=year)
        if match is None:
            return actor_key(name)
        actor = match.actor
        if state_as_one and actor.country and (actor.kind in ("state", "police", "government") or actor.inter == 1):
            return f"state of {actor.country.lower()}"
        return actor_key(actor.name)

    @functools.lru_cache(maxsize=16384)
    def admin1_key(self, name: str, iso2: str | None) -> str:
        """The gazetteer-aware key of an admin1 name (its gazetteer spelling when known)."""
        place = self.gazetteer.admin1(iso2, name) if iso2 else None
        return admin1_key(place.admin1 or place.name) if place is not None else admin1_key(name)
