"""The readable evaluation report: rich tables on the console, and the worst examples.

:func:`worst_examples` picks the rows that went most wrong (as plain dicts, for the JSON
and the HTML too); :func:`print_report` prints the overall metrics, the breakdowns by
event type and by country, the event-type confusion matrix and those examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from observatory.evaluate.scoring import NO_EVENT, RowScore

__all__ = ["OVERALL_ROWS", "coding", "print_report", "worst_examples"]

#: (key, label) of the overall metrics, in report order.
OVERALL_ROWS: tuple[tuple[str, str], ...] = (
    ("detected", "event detected"),
    ("event_type_acc", "event type"),
    ("sub_event_type_acc", "sub-event type"),
    ("actor_acc", "actors (strict)"),
    ("actor_acc_alias", "actors (alias-aware)"),
    ("actor_any_acc", "at least one actor (strict)"),
    ("country_acc", "country"),
    ("admin1_acc", "admin1"),
    ("admin1_acc_gazetteer", "admin1 (gazetteer-aware)"),
    ("within_25km", "within 25 km"),
    ("date_acc", "date (exact day)"),
    ("fatalities_exact", "fatalities exact"),
    ("fatalities_in_range", "fatalities within low-high"),
    ("geo_precision_acc", "geo precision"),
)
EXCERPT = 320


def _place(d: dict[str, Any]) -> str:
    parts = [d.get("location"), d.get("admin1"), d.get("country")]
    return ", ".join(str(p) for p in parts if p) or "-"


def coding(source: dict[str, Any] | None) -> dict[str, Any] | None:
    """The fields shown side by side in examples, from a gold row or a contract event dict."""
    if source is None:
        return None
    date = source.get("event_date")
    return {
        "type": f"{source.get('event_type') or source.get('event_type_original') or '-'}"
                f" / {source.get('sub_event_type') or '-'}",
        "actors": " | ".join(str(a) for a in (source.get("actor1"), source.get("actor2")) if a) or "-",
        "place": _place(source),
        "coords": (f"{source['latitude']:.3f}, {source['longitude']:.3f}"
                   if source.get("latitude") is not None and source.get("longitude") is not None else "-"),
        "date": str(date)[:10] if date else "-",
        "fatalities": source.get("fatalities") if source.get("fatalities") is not None else "-",
    }


def worst_examples(scores: Sequence[RowScore], k: int = 10) -> list[dict[str, Any]]:
    """The K rows that went most wrong: most wrong fields first, then the largest distance.

    Rows where nothing was extracted fill at most a third of the list, so that wrong
    codings (more instructive) are shown too.
    """
    def rank(s: RowScore) -> tuple:
        return (-s.errors, -(s.distance_km or 0.0), s.gold.index)

    missed = sorted((s for s in scores if not s.detected), key=rank)
    coded = sorted((s for s in scores if s.detected and s.errors > 0), key=rank)
    n_missed = min(len(missed), max(k // 3, k - len(coded)))
    picked = sorted(missed[:n_missed] + coded[:k - n_missed], key=rank)
    out = []
    for s in picked:
        text = " ".join(s.gold.text.split())
        gold = s.gold.model_dump(mode="json")
        if s.gold.source_format == "ucdp":
            gold["event_date"] = (f"{s.gold.event_date}..{s.gold.event_date_end}"
                                  if s.gold.event_date_end and s.gold.event_date_end != s.gold.event_date
                                  else gold["event_date"])
        ours = dict(s.event) if s.event else None
        if ours is not None and s.gold.source_format == "ucdp":
            ours["fatalities"] = ours.get("fatalities_best")
        out.append({
            "row": s.row_id, "errors": s.errors,
            "text": text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…",
            "gold": coding(gold), "ours": coding(ours), "n_events": s.n_events, "error": s.error,
            "distance_km": round(s.distance_km, 1) if s.distance_km is not None else None,
            "wrong": [f for f in ("event_type", "actor", "country", "admin1", "within_25km", "date",
                                  "fatalities_exact") if getattr(s, f) is False],
        })
    return out


def _pct(value: Any) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def print_report(metrics: dict[str, Any], console: Any) -> None:
    """Print the report of an evaluation (the dict :func:`run_evaluation` returns)."""
    from rich.table import Table

    meta = metrics.get("meta", {})
    n = metrics["n"]
    console.print(f"\n[bold]Evaluation[/bold] of {n} rows from {meta.get('gold', '?')} "
                  f"({meta.get('format', '?')}) in {metrics.get('seconds', 0):.1f} s "
                  f"({metrics.get('rows_per_second') or 0:.1f} rows/s, {meta.get('workers', 1)} workers)")

    overall = Table(title="Overall", title_justify="left")
    overall.add_column("metric")
    overall.add_column("score", justify="right")
    overall.add_column("rows", justify="right")
    for key, label in OVERALL_ROWS:
        if key not in metrics:
            continue
        count = metrics.get(f"{key}_n", n)
        if count == 0 and key in ("actor_acc_alias", "admin1_acc_gazetteer", "fatalities_in_range"):
            continue
        overall.add_row(label, _pct(metrics[key]), str(count))
    extras = (("fatalities_mae", "fatalities MAE (miss = 0)"), ("fatalities_mae_detected", "fatalities MAE (detected)"),
              ("distance_km_median", "median distance, km"), ("mean_events", "events per row"),
              ("errors", "failed extractions"), ("skipped_empty", "rows without text (skipped)"))
    for key, label in extras:
        value = metrics.get(key)
        overall.add_row(label, "-" if value is None else f"{value:g}", "")
    console.print(overall)

    for title, key, top in (("By event type (gold)", "by_event_type", None), ("By country (top 15 by n)", "by_country", 15)):
        table = Table(title=title, title_justify="left")
        table.add_column(key.split("_", 1)[1].replace("_", " "))
        heads = ("n", "detected", "type", "sub-type", "actors", "country", "admin1", "≤25 km", "date", "deaths")
        for h in heads:
            table.add_column(h, justify="right")
        groups = list(metrics.get(key, {}).items())[:top]
        for label, m in groups:
            table.add_row(label, str(m["n"]), *(_pct(m[k]) for k in (
                "detected", "event_type_acc", "sub_event_type_acc", "actor_acc", "country_acc", "admin1_acc",
                "within_25km", "date_acc", "fatalities_exact")))
        console.print(table)

    confusion = metrics.get("confusion", {})
    if confusion:
        cols = sorted({c for row in confusion.values() for c in row}, key=lambda c: (c == NO_EVENT, c))
        table = Table(title="Confusion matrix (rows: gold type; columns: ours)", title_justify="left")
        table.add_column("gold \\ ours")
        for c in cols:
            table.add_column(_short(c), justify="right")
        for g, row in confusion.items():
            table.add_row(g, *(str(row.get(c, "")) for c in cols))
        console.print(table)

    worst = metrics.get("worst") or []
    if worst:
        console.print("[bold]Worst examples[/bold]")
        for ex in worst:
            table = Table(title=f"row {ex['row']}: {len(ex['wrong'])} wrong ({', '.join(ex['wrong']) or '-'})"
                          + (f"; error: {ex['error']}" if ex.get("error") else ""), title_justify="left",
                          caption=ex["text"], caption_justify="left", show_lines=False)
            table.add_column("field")
            table.add_column("gold")
            table.add_column(f"ours ({ex['n_events']} events)")
            gold, ours = ex["gold"] or {}, ex["ours"] or {}
            for field in ("type", "actors", "place", "coords", "date", "fatalities"):
                table.add_row(field, str(gold.get(field, "-")), str(ours.get(field, "-")) if ours else "(no event)")
            console.print(table)


def _short(label: str) -> str:
    return {"Explosions/Remote violence": "Explosions", "Violence against civilians": "VAC",
            "Strategic developments": "Strategic"}.get(label, label)
