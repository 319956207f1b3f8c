"""``observatory geocode``: resolve one place name, using the text around it, and say why.

:func:`geocode` is the gazetteer's full resolution of a mention, with the rule that
chose the winner and the ``geo_precision`` ACLED would give it:

1. the country: ``country`` if given, else the country the context names most;
2. a relative name ("10 km east of Aleppo", "near Sarmada") resolves its reference
   place, at precision 2;
3. hints from the context: an ACLED-style admin hint after the name ("(Ketou,
   Plateau)"), admin1 units named in the text ("in Idlib countryside"), places named
   in relative phrases ("10 km east of Aleppo"); the first nearby town found is the
   point of reference that ranks same-name candidates;
4. the gazetteer's candidates for the name (:meth:`Gazetteer.lookup`); the best one is
   chosen unless it is only a fuzzy or skeleton match that contradicts the admin1
   hint, or lies in another country than the one wanted;
5. a region phrase ("southern Idlib", "Aleppo countryside") resolves to its admin1
   (precision 3) or its town (precision 2);
6. otherwise the fall-backs, as ACLED codes an unknown village: the nearest named
   town (precision 2), then the admin2 (precision 2), then the admin1 (precision 3).

Precision of a chosen place: settlements, districts and facilities 1; regions and
admin2 units 2; admin1 units 3; anything reached through a relative phrase 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .context import dominant_country, parse_region, parse_relative, read_hints
from .models import Candidate, Place
from .normalize import normalize_name
from .vocab import split_bracket

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import Gazetteer

__all__ = ["geocode", "GeocodeResult", "precision_of"]

_WEAK_RULES = ("fuzzy", "loose")
_PRECISION = {"city": 1, "town": 1, "village": 1, "district": 1, "facility": 1, "region": 2, "admin2": 2,
              "admin1": 3}


class GeocodeResult(BaseModel):
    """The candidates for a name, the one chosen, and why."""

    query: str
    country: str | None = None
    """ISO alpha-2 code of the country searched (given, or read from the context)."""
    candidates: list[Candidate] = Field(default_factory=list)
    chosen: Candidate | None = None
    rule: str = "not found"
    """What chose the winner: "exact", "normalised", "alias", "part", "loose", "fuzzy"
    (how the name matched), "relative", "region", or "fallback:town" / "fallback:admin2"
    / "fallback:admin1"; "not found" if nothing was chosen."""
    geo_precision: int | None = None
    explanation: list[str] = Field(default_factory=list)


def precision_of(place: Place, *, relative: bool = False) -> int | None:
    """The ACLED geo_precision of an event placed at ``place`` (None for a country)."""
    if place.feature == "country":
        return None
    p = _PRECISION.get(place.feature, 1)
    return max(p, 2) if relative else p


def _describe(c: Candidate) -> str:
    p = c.place
    where = ", ".join(x for x in (p.admin2, p.admin1, p.country) if x)
    return f"{p.name} ({p.feature}, {where}; {p.latitude:.4f}, {p.longitude:.4f}; source {p.source})"


def geocode(name: str, *, country: str | None = None, context: str | None = None,
            limit: int = 10) -> GeocodeResult:
    """Resolve place ``name`` (see the module docstring); ``context`` is the text around it."""
    from .gazetteer import get_gazetteer

    gaz = get_gazetteer()
    query = " ".join(name.split())
    text = context or ""
    why: list[str] = []
    cc = gaz._iso2_of(country) if country else None
    if country and cc is None:
        why.append(f"country {country!r} is unknown; searching every country")
    elif cc:
        why.append(f"country: {cc} (given)")
    if cc is None and text:
        dom = dominant_country(gaz, text)
        if dom is not None:
            cc = dom[0]
            why.append(f"country: {cc}, the country the context names most ({dom[1]} mention(s))")
    result = GeocodeResult(query=query, country=cc, explanation=why)
    why = result.explanation  # pydantic copied the list
    if len(query) < 2:
        why.append("the name is empty")
        return result

    target, relative = query, False
    bracket = split_bracket(query)
    if bracket is not None and not gaz.lookup(query, country=cc, limit=1):
        target = bracket[0]
        text = f"{query} {text}"
        why.append(f"name with a qualifier: looking up {target!r}, reading {bracket[1]!r} as a hint")
    rel = parse_relative(target)
    if rel is not None:
        target, relative = rel.reference, True
        why.append(f"relative phrase {rel.phrase!r}: the event is placed at {rel.reference!r} (precision 2)")
    hints = read_hints(gaz, target if bracket is None else query, text, cc)
    if hints.admin1:
        why.append(f"admin1 hint: {hints.admin1} ({hints.admin1_why})")
    near, near_place = None, None
    for town, reason in hints.towns:
        c = _resolve(gaz, town, cc, hints.admin1)
        if c is not None:
            near, near_place = (c.place.latitude, c.place.longitude), c
            why.append(f"point of reference: {_describe(c)}, from the {reason}")
            break

    cands = gaz.lookup(target, country=cc, admin1=hints.admin1, near=near, limit=limit)
    result.candidates = cands
    if cands:
        top = cands[0]
        problem = _problem(top, cc, hints.admin1)
        if problem is None:
            result.chosen = top
            result.rule = "relative" if relative else top.rule
            result.geo_precision = precision_of(top.place, relative=relative)
            why.append(f"chosen: {_describe(top)}; matched {top.matched!r} by rule {top.rule!r}, score {top.score:.2f}"
                       + (f" (runner-up {cands[1].place.name}, {cands[1].score:.2f})" if len(cands) > 1 else ""))
            if top.place.feature == "country":
                why.append("a country is not a location: no geo_precision")
            return result
        why.append(f"best candidate {_describe(top)} rejected: {problem}")
    else:
        why.append(f"no place called {target!r}" + (f" in {cc}" if cc else ""))

    core = parse_region(target)
    if core is not None:
        unit = gaz.admin1(cc, core) if cc else None
        if unit is not None:
            return _fallback(result, gaz, unit, "region", 3, f"region phrase {target!r} of admin1 {unit.name}")
        found = _resolve(gaz, core, cc, hints.admin1)
        if found is not None:
            return _fallback(result, gaz, found.place, "region", 2, f"region phrase {target!r} around {core!r}")
    if hints.border:
        why.append(f"border phrase {hints.border!r}: no single place; falling back on the context")
    if near_place is not None:
        rule = "fallback:admin2" if near_place.place.feature == "admin2" else "fallback:town"
        return _fallback(result, gaz, near_place.place, rule, 2, "the nearest place the text names")
    if hints.admin1 and cc:
        unit = gaz.admin1(cc, hints.admin1)
        if unit is not None:
            return _fallback(result, gaz, unit, "fallback:admin1", 3, "the admin1 the text names")
    why.append("nothing chosen")
    return result


def _resolve(gaz: "Gazetteer", name: str, cc: str | None, admin1: str | None) -> Candidate | None:
    """The best non-fuzzy candidate for a hint name, in country ``cc``."""
    for c in gaz.lookup(name, country=cc, admin1=admin1, limit=3):
        if c.rule not in ("fuzzy",) and (cc is None or c.place.iso2 == cc) and c.place.feature != "country":
            return c
    return None


def _problem(top: Candidate, cc: str | None, admin1: str | None) -> str | None:
    """Why the best candidate must not be chosen, or None."""
    if cc and top.place.iso2 != cc:
        return f"it is in {top.place.country}, not {cc}"
    if top.rule in _WEAK_RULES and admin1 and top.place.admin1 and \
            normalize_name(top.place.admin1) != normalize_name(admin1):
        return f"a {top.rule} match in {top.place.admin1}, but the text says {admin1}"
    return None


def _fallback(result: GeocodeResult, gaz: "Gazetteer", place: Place, rule: str, precision: int,
              reason: str) -> GeocodeResult:
    """Choose ``place`` by a fall-back rule."""
    cand = next((c for c in result.candidates if c.place.place_id == place.place_id), None)
    if cand is None:
        cand = Candidate(place=place, score=0.0, rule=rule, matched=place.name)
        result.candidates = [cand, *result.candidates]
    result.chosen = cand
    result.rule = rule
    result.geo_precision = precision
    result.explanation.append(f"fallback: {_describe(cand)} — {reason} (precision {precision})")
    return result
