"""Cross-report merging: is this report's event one we already hold, and what do all the
reports of one event say together?

Pure functions over contract-event dicts (the JSON that `observatory extract` prints), so
the rules can be tested and explained without a database.

Two events are the same real-world event when every one of these holds:
  - same country (when both name one);
  - compatible types: the same event type, or two kinds of violence that reports often
    label differently (a battle told as shelling, an attack on civilians told as a
    strike), or a protest told as a riot;
  - dates: both precise to the day -> at most `DAY_WINDOW` days apart (a second strike on
    the same town two days later is another event); otherwise within `LOOSE_WINDOW`;
  - places: within a distance that grows with the places' imprecision (25 km for two
    towns, 50 km when one is "near" a town, 100 km for a region), or the same named
    location when coordinates are missing;
  - actors: not in conflict. Two named, non-generic actors on either side that share
    nothing make them different events.
  - two differently named towns more than 3 km apart, each precise (geo_precision 1), are
    two places: same-day strikes on neighbouring towns are separate events;
  - different event types merge only on the same day at the same precisely named town;
  - a report that names no place at all joins an event only when it is the one candidate
    of that country, date window and sub-event type sharing a named actor.
Among the candidates that pass, the highest score wins; one article's events never merge
with each other (the extractor has already decided they are distinct).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass

from observatory.taxonomy import interaction

DAY_WINDOW = 1
LOOSE_WINDOW = 3
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
DEMONSTRATIONS = {"Protests", "Riots"}
GENERIC_PREFIXES = ("Unidentified", "Civilians", "Protesters", "Rioters")
KM_BY_PRECISION = {1: 25.0, 2: 50.0, 3: 100.0}
MIN_SCORE = 1.5
DISTINCT_TOWNS_KM = 3.0  # two differently named towns further apart than this are two places


@dataclass(frozen=True)
class Decision:
    score: float
    reason: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def named_actors(event: dict) -> set[str]:
    """The specific actors of an event (generic ones like 'Civilians (Syria)' say little)."""
    names = {event.get("actor1"), event.get("actor2"), *event.get("assoc_actor_1", []), *event.get("assoc_actor_2", [])}
    return {n for n in names if n and not n.startswith(GENERIC_PREFIXES)}


def type_score(a: dict, b: dict) -> float:
    ta, tb = a.get("event_type"), b.get("event_type")
    if ta == tb:
        return 1.0 if a.get("sub_event_type") == b.get("sub_event_type") else 0.8
    if ta in VIOLENT and tb in VIOLENT:
        return 0.5
    if ta in DEMONSTRATIONS and tb in DEMONSTRATIONS:
        return 0.6
    return 0.0


def max_km(a: dict, b: dict) -> float:
    worst = max(a.get("geo_precision") or 3, b.get("geo_precision") or 3)
    return KM_BY_PRECISION.get(worst, 100.0)


def same_event(report: dict, candidate: dict, *, report_published: dt.date | None = None,
               candidate_published: dt.date | None = None) -> Decision | None:
    """How well REPORT (one article's event) matches CANDIDATE (a canonical event), or None."""
    reasons = []
    ca, cb = report.get("country"), candidate.get("country")
    if ca and cb and ca != cb:
        return None
    ts = type_score(report, candidate)
    if ts == 0.0:
        return None
    reasons.append("same type" if report.get("event_type") == candidate.get("event_type")
                   else f"compatible types ({report.get('event_type')} / {candidate.get('event_type')})")

    da = as_date(report.get("event_date")) or report_published
    db = as_date(candidate.get("event_date")) or candidate_published
    if da is None or db is None:
        return None
    precise = report.get("time_precision") == 1 and candidate.get("time_precision") == 1 \
        and report.get("event_date") and candidate.get("event_date")
    window = DAY_WINDOW if precise else LOOSE_WINDOW
    days = abs((da - db).days)
    if days > window:
        return None
    reasons.append(f"{days} day(s) apart" if days else "same date")

    cross_type = report.get("event_type") != candidate.get("event_type")
    if cross_type and (days or max(report.get("geo_precision") or 3, candidate.get("geo_precision") or 3) > 1):
        return None  # a battle told as shelling: only on the same day at the same named town
    limit = max_km(report, candidate)
    if None not in (report.get("latitude"), report.get("longitude"), candidate.get("latitude"), candidate.get("longitude")):
        km = haversine_km(report["latitude"], report["longitude"], candidate["latitude"], candidate["longitude"])
        if km > limit:
            return None
        if (km > DISTINCT_TOWNS_KM and report.get("geo_precision") == 1 and candidate.get("geo_precision") == 1
                and report.get("location") != candidate.get("location")):
            return None  # two different towns, each named precisely: two events
        place_score = 1.0 - km / (limit * 1.25)
        reasons.append(f"{km:.0f} km apart (limit {limit:.0f})")
    elif report.get("location") and report.get("location") == candidate.get("location"):
        place_score = 0.8
        reasons.append(f"same place name {report['location']}")
    elif not report.get("location") and not report.get("latitude"):
        if report.get("sub_event_type") != candidate.get("sub_event_type"):
            return None
        place_score = 0.0  # no place in the report: only actors, type and date can tie it (see unplaced_match)
        reasons.append("report names no place")
    else:
        return None

    ra, rb = named_actors(report), named_actors(candidate)
    shared = ra & rb
    if ra and rb and not shared:
        return None
    if place_score == 0.0 and not shared:
        return None
    actor_score = len(shared) / len(ra | rb) if shared else 0.3
    if shared:
        reasons.append("shared actors: " + ", ".join(sorted(shared)))
    date_score = 1.0 - days / (window + 1)
    score = ts + date_score + place_score + actor_score
    if score < MIN_SCORE:
        return None
    return Decision(round(score, 3), "; ".join(reasons))


# ---- reconciling the reports of one event ------------------------------------------------


@dataclass
class Report:
    """One report of an event: the article's contract event and when the article appeared."""

    article_id: str
    outlet: str | None
    published: dt.date | None
    event: dict


def _majority(values: list, fallback=None):
    """The most common non-empty value; ties go to the earliest report."""
    counts: dict = {}
    for v in values:
        if v not in (None, "", []):
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return fallback
    best = max(counts.values())
    return next(v for v in values if counts.get(v) == best)


def _figure_source(report: Report, event: dict) -> str:
    """Who stands behind a report's death toll: the casualty claims' source, else the outlet."""
    sources = [c.get("source") for c in event.get("casualties", []) if c.get("kind") == "killed" and c.get("source")]
    return _majority(sources) or report.outlet or report.article_id


def reconcile(reports: list[Report]) -> dict:
    """The canonical event fields that the reports together support.

    Figures: each source's newest toll supersedes its older ones (tolls rise as bodies are
    found); across sources, ACLED's `fatalities` is the most conservative toll of the newest
    reporting day, UCDP-style low/high span every source's newest figures and best is their
    median. Sources that disagree are listed in `disagreements`.
    """
    ordered = sorted(reports, key=lambda r: (r.published or dt.date.min, r.article_id))
    evs = [r.event for r in ordered]
    first = evs[0]
    out: dict = {}
    out["event_type"] = _majority([e["event_type"] for e in evs])
    out["sub_event_type"] = _majority([e["sub_event_type"] for e in evs if e["event_type"] == out["event_type"]])
    dated = [e for e in evs if e.get("event_date")]
    if dated:
        best_prec = min(e.get("time_precision") or 3 for e in dated)
        out["event_date"] = _majority([e["event_date"] for e in dated if (e.get("time_precision") or 3) == best_prec])
        out["time_precision"] = best_prec
    else:
        out["event_date"], out["time_precision"] = None, first.get("time_precision")
    for side in ("1", "2"):
        actor = _majority([e.get(f"actor{side}") for e in evs])
        out[f"actor{side}"] = actor
        out[f"inter{side}"] = next((e.get(f"inter{side}") for e in evs if e.get(f"actor{side}") == actor), None)
        assoc: list[str] = []
        for e in evs:
            assoc += [a for a in e.get(f"assoc_actor_{side}", []) if a not in assoc and a != actor]
        out[f"assoc_actor_{side}"] = assoc
    out["interaction"] = interaction(out["inter1"], out["inter2"])
    out["civilian_targeting"] = any(e.get("civilian_targeting") for e in evs)
    # place: the most precise; among equals the most often named, then the newest
    placed = [e for e in evs if e.get("latitude") is not None]
    if placed:
        prec = min(e.get("geo_precision") or 3 for e in placed)
        top = [e for e in placed if (e.get("geo_precision") or 3) == prec]
        name = _majority([e.get("location") for e in reversed(top)])
        where = next((e for e in reversed(top) if e.get("location") == name), top[-1])
    else:
        where = first
    for key in ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision"):
        out[key] = where.get(key)
    # figures
    newest: dict[str, tuple[Report, dict]] = {}
    for r in ordered:
        if (r.event.get("fatalities_best") or 0) > 0 or r.event.get("fatalities"):
            newest[_figure_source(r, r.event)] = (r, r.event)
    if newest:
        figs = list(newest.values())
        last_day = max(r.published or dt.date.min for r, _ in figs)
        out["fatalities"] = min(e.get("fatalities") or 0 for r, e in figs if (r.published or dt.date.min) == last_day)
        out["fatalities_low"] = min(e.get("fatalities_low") or 0 for _, e in figs)
        bests = sorted(e.get("fatalities_best") or 0 for _, e in figs)
        out["fatalities_best"] = int(statistics.median_low(bests))
        highs = [e.get("fatalities_high") for _, e in figs]
        out["fatalities_high"] = None if any(h is None for h in highs) else max(highs)
        distinct = {e.get("fatalities_best") for _, e in figs}
        out["disagreements"] = ([{"source": s, "article_id": r.article_id, "fatalities": e.get("fatalities"),
                                  "fatalities_best": e.get("fatalities_best"),
                                  "published": r.published.isoformat() if r.published else None}
                                 for s, (r, e) in newest.items()] if len(distinct) > 1 else [])
    else:
        out.update(fatalities=0, fatalities_low=0, fatalities_best=0, fatalities_high=0, disagreements=[])
    sources: list[str] = []
    for e in evs:
        sources += [s for s in e.get("sources", []) if s not in sources]
    out["sources"] = sources
    out["notes"] = max((e.get("notes") or "" for e in evs), key=len)
    conf = [e.get("confidence") or 0.5 for e in evs]
    out["confidence"] = round(min(0.99, max(conf) + 0.05 * (len(evs) - 1)), 3)
    out["n_reports"] = len(evs)
    return out


def deaths_by_side(event: dict, casualties: list[dict]) -> dict[str, float | int]:
    """UCDP's deaths_a / deaths_b / deaths_civilians / deaths_unknown from the killed claims.

    One report's source may give a side's dead in parts ("44 HTS members and 16 members of
    allied groups"): the parts of one (report, source, side) add up, except a smaller "at
    least N" beside a bigger figure, which is usually a subset ("including at least four
    officers"). Across reports and sources, each side takes the largest such sum.
    """
    sides = {"a": event.get("actor1"), "b": event.get("actor2")}
    parts: dict[tuple, list[dict]] = {}
    for c in casualties:
        if c.get("kind") != "killed" or not c.get("actor"):
            continue
        actor = c["actor"]
        side = ("civ" if actor.startswith("Civilians") else
                "a" if actor == sides["a"] else "b" if actor == sides["b"] else None)
        if side:
            parts.setdefault((c.get("article_id"), c.get("source"), side), []).append(c)
    best_by_side = {"a": 0, "b": 0, "civ": 0}
    for (_article, _source, side), claims in parts.items():
        top = max(c.get("best") or 0 for c in claims)
        total = sum(c.get("best") or 0 for c in claims
                    if not (c.get("qualifier") == "at_least" and (c.get("best") or 0) < top))
        best_by_side[side] = max(best_by_side[side], total)
    a, b, civ = best_by_side["a"], best_by_side["b"], best_by_side["civ"]
    best = event.get("fatalities_best") or 0
    return {"deaths_a": a, "deaths_b": b, "deaths_civilians": civ, "deaths_unknown": max(0, best - a - b - civ)}
