"""Scoring extracted events against one gold row, and aggregating row scores.

:func:`score_row` matches the gold event to the best extracted event (same event type
first, then the nearest coordinates, then the most shared actors) and scores each field.
A field the gold row lacks (no coordinates, no admin1, no sub-event type in an old
export) is None: that row is left out of that metric's denominator, and the metric's
``<name>_n`` key in :func:`aggregate` says over how many rows it was computed. Every other
row counts, and a row where nothing was extracted counts as wrong on every field.

Rules, field by field:

- event_type: our type is one the gold accepts (one type for current ACLED rows; see
  :mod:`observatory.evaluate.readers` for old exports and UCDP).
- sub_event_type: exact, where the gold has one.
- actor (strict): :func:`observatory.evaluate.compare.actors_match` on strict keys (UCDP
  sides split into their comma-separated members). ``actor_alias`` does the same on keys
  mapped through the actor KB (UCDP: all state forces of a country as one); ``actor_any``
  asks only that one gold actor be among ours.
- country: folded names or ISO3 equal (with a resolver: also the same ISO2 via the gazetteer).
- admin1: strict keys equal; ``admin1_gazetteer`` after mapping both through the gazetteer.
- distance_km: haversine between gold and our coordinates; within_25km: distance <= 25 km.
- date: our date equals the gold date (UCDP: falls within date_start..date_end).
- fatalities: exact equality (UCDP: our ``fatalities_best`` against ``best``) and absolute
  error, with a missed event taken as 0 deaths; UCDP also ``fatalities_in_range``
  (low <= ours <= high).
- geo_precision: exact (UCDP where_prec mapped to ACLED's scale, approximately).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from observatory.evaluate.compare import (
    Resolver, actor_key, actors_match, admin1_key, country_key, haversine_km,
)
from observatory.evaluate.readers import GoldRow

__all__ = ["BREAKDOWN_KEYS", "METRIC_FIELDS", "NO_EVENT", "RowScore", "aggregate", "best_event", "score_row"]

NO_EVENT = "(none)"
WITHIN_KM = 25.0

#: metric key in the aggregate -> RowScore field it averages.
METRIC_FIELDS: dict[str, str] = {
    "detected": "detected",
    "event_type_acc": "event_type",
    "sub_event_type_acc": "sub_event_type",
    "actor_acc": "actor",
    "actor_acc_alias": "actor_alias",
    "actor_any_acc": "actor_any",
    "country_acc": "country",
    "admin1_acc": "admin1",
    "admin1_acc_gazetteer": "admin1_gazetteer",
    "within_25km": "within_25km",
    "date_acc": "date",
    "fatalities_exact": "fatalities_exact",
    "fatalities_in_range": "fatalities_in_range",
    "geo_precision_acc": "geo_precision",
}
#: metrics left out of the aggregate when no row has them (no resolver; not UCDP).
OPTIONAL_METRICS: frozenset[str] = frozenset({"actor_acc_alias", "admin1_acc_gazetteer", "fatalities_in_range"})
#: the metrics shown in breakdowns (by event type, by country).
BREAKDOWN_KEYS: tuple[str, ...] = ("detected", "event_type_acc", "sub_event_type_acc", "actor_acc",
                                   "country_acc", "admin1_acc", "within_25km", "date_acc", "fatalities_exact")


class RowScore(BaseModel):
    """How the extraction of one gold row scored. None: the gold lacks the field."""

    row_id: str
    gold: GoldRow
    n_events: int = 0
    event: dict[str, Any] | None = None
    """The extracted event matched to the gold (contract form), None if none was found."""
    error: str | None = None
    """Why extraction failed (the row then counts as not detected)."""
    seconds: float = 0.0
    detected: bool = False
    event_type: bool = False
    sub_event_type: bool | None = None
    actor: bool = False
    actor_alias: bool | None = None
    actor_any: bool = False
    """At least one gold actor is among ours (strict keys): separates a missing side from wrong names."""
    country: bool | None = None
    admin1: bool | None = None
    admin1_gazetteer: bool | None = None
    distance_km: float | None = None
    within_25km: bool | None = None
    date: bool | None = None
    fatalities_exact: bool | None = None
    fatalities_abs_error: float | None = None
    fatalities_in_range: bool | None = None
    geo_precision: bool | None = None

    @property
    def errors(self) -> int:
        """How many scored fields are wrong (for ranking the worst examples)."""
        fields = ("event_type", "actor", "country", "admin1", "within_25km", "date", "fatalities_exact")
        return sum(1 for f in fields if getattr(self, f) is False) + (0 if self.detected else 1)


def _year(gold: GoldRow) -> int | None:
    d = gold.event_date or gold.published
    return d.year if d else None


def _gold_sides(gold: GoldRow, key=actor_key) -> list[frozenset[str]]:
    coalition = gold.source_format == "ucdp"
    sides = []
    for name in (gold.actor1, gold.actor2):
        if coalition:
            sides.append(frozenset(k for k in (key(p) for p in (name or "").split(",") if p.strip()) if k))
        else:
            sides.append(frozenset({key(name)}) if name and key(name) else frozenset())
    return sides


def _distance(gold: GoldRow, ev: dict[str, Any]) -> float | None:
    if gold.latitude is None or gold.longitude is None:
        return None
    lat, lon = ev.get("latitude"), ev.get("longitude")
    if lat is None or lon is None:
        return None
    return haversine_km(gold.latitude, gold.longitude, float(lat), float(lon))


def best_event(gold: GoldRow, events: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The extracted event that best matches the gold: same type, nearest, most shared actors."""
    if not events:
        return None
    sides = _gold_sides(gold)
    gold_keys = set().union(*sides) if sides else set()

    def rank(ev: dict[str, Any]) -> tuple:
        same_type = ev.get("event_type") in gold.event_type_options
        same_sub = gold.sub_event_type is not None and ev.get("sub_event_type") == gold.sub_event_type
        dist = _distance(gold, ev)
        shared = sum(1 for a in (ev.get("actor1"), ev.get("actor2")) if a and actor_key(a) in gold_keys)
        return (not same_type, not same_sub, round(dist) if dist is not None else float("inf"), -shared)

    return min(events, key=rank)


def _date_ok(gold: GoldRow, ours: str | None) -> bool | None:
    if gold.event_date is None:
        return None
    if not ours:
        return False
    try:
        d = dt.date.fromisoformat(ours[:10])
    except ValueError:
        return False
    end = gold.event_date_end or gold.event_date
    return gold.event_date <= d <= max(end, gold.event_date)


def score_row(gold: GoldRow, events: Sequence[dict[str, Any]], *, resolver: Resolver | None = None,
              error: str | None = None, seconds: float = 0.0) -> RowScore:
    """Score the events extracted from GOLD's text (contract dicts) against GOLD.

    Without a RESOLVER the alias-aware figures (``actor_alias``, ``admin1_gazetteer``) are
    None and countries are compared by name and ISO3 only.
    """
    ev = best_event(gold, events)
    s = RowScore(row_id=gold.row_id, gold=gold, n_events=len(events), event=ev, error=error, seconds=seconds)
    has_sub = gold.sub_event_type is not None
    has_coords = gold.latitude is not None and gold.longitude is not None
    has_admin1, has_country = bool(gold.admin1), bool(gold.country or gold.iso3)
    has_fat = gold.fatalities is not None
    ucdp = gold.source_format == "ucdp"
    if ev is None:
        s.sub_event_type = False if has_sub else None
        s.actor_alias = False if resolver else None
        s.country = False if has_country else None
        s.admin1 = False if has_admin1 else None
        s.admin1_gazetteer = False if has_admin1 and resolver else None
        s.within_25km = False if has_coords else None
        s.date = False if gold.event_date else None
        s.fatalities_exact = False if has_fat else None
        s.fatalities_abs_error = float(gold.fatalities) if has_fat else None
        s.fatalities_in_range = False if ucdp and has_fat else None
        s.geo_precision = False if gold.geo_precision is not None else None
        return s

    s.detected = True
    s.event_type = ev.get("event_type") in gold.event_type_options
    if has_sub:
        s.sub_event_type = ev.get("sub_event_type") == gold.sub_event_type
    ours = [ev.get("actor1"), ev.get("actor2")]
    sides, ours_keys = _gold_sides(gold), [actor_key(a) for a in ours if a]
    s.actor = actors_match(sides, ours_keys)
    s.actor_any = any(k in side for side in sides for k in ours_keys) or not any(sides)

    iso2 = resolver.country_iso2(gold.iso3 or gold.country) if resolver else None
    if resolver is not None:
        year = _year(gold)

        def alias(name: str) -> str:
            return resolver.actor_key(name, iso2, year, ucdp)

        s.actor_alias = actors_match(_gold_sides(gold, key=lambda n: alias(n) if n and n.strip() else ""),
                                     [alias(a) for a in ours if a])
    if has_country:
        same = bool(gold.country) and country_key(gold.country) == country_key(ev.get("country"))
        same = same or bool(gold.iso3 and ev.get("iso3") and gold.iso3.upper() == str(ev["iso3"]).upper())
        if not same and resolver is not None and ev.get("country"):
            same = iso2 is not None and resolver.country_iso2(ev.get("iso3") or ev.get("country")) == iso2
        s.country = same
    if has_admin1:
        ours_admin1 = ev.get("admin1")
        s.admin1 = bool(ours_admin1) and admin1_key(gold.admin1) == admin1_key(ours_admin1)
        if resolver is not None:
            ours_iso2 = resolver.country_iso2(ev.get("iso3") or ev.get("country")) if ours_admin1 else None
            s.admin1_gazetteer = bool(ours_admin1) and (
                resolver.admin1_key(gold.admin1, iso2) == resolver.admin1_key(ours_admin1, ours_iso2))
    if has_coords:
        s.distance_km = _distance(gold, ev)
        s.within_25km = s.distance_km is not None and s.distance_km <= WITHIN_KM
    s.date = _date_ok(gold, ev.get("event_date"))
    if has_fat:
        ours_fat = int(ev.get("fatalities_best" if ucdp else "fatalities") or 0)
        s.fatalities_exact = ours_fat == gold.fatalities
        s.fatalities_abs_error = float(abs(ours_fat - gold.fatalities))
        if ucdp:
            lo = gold.fatalities_low if gold.fatalities_low is not None else gold.fatalities
            hi = gold.fatalities_high if gold.fatalities_high is not None else gold.fatalities
            s.fatalities_in_range = lo <= ours_fat <= hi
    if gold.geo_precision is not None:
        s.geo_precision = ev.get("geo_precision") == gold.geo_precision
    return s


def _mean(values: Iterable[float | bool | None]) -> tuple[float | None, int]:
    vals = [float(v) for v in values if v is not None]
    return (sum(vals) / len(vals) if vals else None), len(vals)


def _summary(scores: Sequence[RowScore], keys: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(scores)}
    for key in keys:
        out[key], _ = _mean(getattr(s, METRIC_FIELDS[key]) for s in scores)
    return out


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def aggregate(scores: Sequence[RowScore]) -> dict[str, Any]:
    """The metrics of a run: overall figures, breakdowns and the event-type confusion matrix.

    Top-level numbers: ``n``; each key of :data:`METRIC_FIELDS` as a fraction with
    ``<key>_n``, the rows it was computed over (``n`` unless the gold lacks the field on
    some rows; when none has it the fraction is null, and :data:`OPTIONAL_METRICS` are
    left out); ``n_detected``; ``fatalities_mae`` (all rows
    with gold fatalities, a miss counted as 0) and ``fatalities_mae_detected``;
    ``distance_km_median``/``distance_km_mean`` (rows with both coordinates); ``errors``
    (failed extractions); ``mean_events`` (events extracted per row); ``seconds`` (sum of
    per-row extraction times; the runner replaces it with the wall time).
    Also ``by_event_type`` and ``by_country`` (gold label -> summary) and ``confusion``
    (gold type label -> our event type or "(none)" -> count).
    """
    n = len(scores)
    out: dict[str, Any] = {"n": n}
    for key, field in METRIC_FIELDS.items():
        value, count = _mean(getattr(s, field) for s in scores)
        if count == 0 and key in OPTIONAL_METRICS:
            continue
        out[key] = _round(value)
        out[f"{key}_n"] = count
    out["n_detected"] = sum(1 for s in scores if s.detected)
    out["fatalities_mae"] = _round(_mean(s.fatalities_abs_error for s in scores)[0])
    out["fatalities_mae_detected"] = _round(_mean(s.fatalities_abs_error for s in scores if s.detected)[0])
    dists = [s.distance_km for s in scores if s.distance_km is not None]
    out["distance_km_median"] = _round(statistics.median(dists)) if dists else None
    out["distance_km_mean"] = _round(statistics.fmean(dists)) if dists else None
    out["errors"] = sum(1 for s in scores if s.error)
    out["mean_events"] = _round(_mean(s.n_events for s in scores)[0])
    out["seconds"] = _round(sum(s.seconds for s in scores))

    by_type: dict[str, list[RowScore]] = defaultdict(list)
    by_country: dict[str, list[RowScore]] = defaultdict(list)
    confusion: dict[str, Counter] = defaultdict(Counter)
    for s in scores:
        label = s.gold.type_label
        by_type[label].append(s)
        by_country[s.gold.country or s.gold.iso3 or "(unknown)"].append(s)
        confusion[label][(s.event or {}).get("event_type") or NO_EVENT] += 1

    def table(groups: dict[str, list[RowScore]]) -> dict[str, dict[str, Any]]:
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return {k: {m: _round(v) for m, v in _summary(rows, BREAKDOWN_KEYS).items()} for k, rows in ordered}

    out["by_event_type"] = table(by_type)
    out["by_country"] = table(by_country)
    out["confusion"] = {g: dict(sorted(c.items())) for g, c in sorted(confusion.items())}
    return out
