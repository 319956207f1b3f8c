"""A self-contained HTML report of an evaluation: tables and inline SVG plots, no external files.

:func:`render_html` returns one HTML document: the overall metrics, breakdowns by event
type and by country, the confusion matrix, a map of gold points against extracted points
(plain longitude/latitude, a faint graticule, a line from each gold point to the point we
coded), histograms of distance and fatality errors, and the worst examples. Every string
from the data is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

from observatory.evaluate.report import OVERALL_ROWS
from observatory.evaluate.scoring import BREAKDOWN_KEYS, NO_EVENT, RowScore

__all__ = ["distance_bins", "fatality_bins", "map_svg", "render_html"]

GOLD_COLOUR, OURS_COLOUR, LINE_COLOUR = "#1f77b4", "#e6550d", "#888"
MAX_POINTS = 6000
DISTANCE_EDGES: tuple[float, ...] = (1, 5, 25, 100, 500, 2000)

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 12px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}td.l{text-align:left;max-width:420px}
.muted{color:#777;font-size:12px}.ex{border:1px solid #e3e3e3;border-radius:6px;padding:8px 12px;margin:10px 0}
.ex p{margin:4px 0 8px}svg{background:#fff;border:1px solid #e5e5e5;border-radius:4px}
.legend span{display:inline-block;margin-right:14px}.dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px;vertical-align:middle}
"""


def _pct(v: Any) -> str:
    return "–" if v is None else f"{100 * v:.1f}%"


def _num(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:g}" if isinstance(v, (int, float)) else escape(str(v))


def _heat(frac: float) -> str:
    """Background colour for a fraction 0..1 (white to blue)."""
    f = max(0.0, min(1.0, frac))
    r, g = int(255 - 170 * f), int(255 - 120 * f)
    return f"rgb({r},{g},255)"


# ---------------------------------------------------------------------- tables
def _overall_table(m: dict[str, Any]) -> str:
    rows = []
    for key, label in OVERALL_ROWS:
        if key in m and m.get(f"{key}_n", m["n"]):
            rows.append(f"<tr><td>{escape(label)}</td><td>{_pct(m[key])}</td><td>{m.get(f'{key}_n', m['n'])}</td></tr>")
    for key, label in (("fatalities_mae", "fatalities MAE (miss = 0)"), ("fatalities_mae_detected", "fatalities MAE (detected)"),
                       ("distance_km_median", "median distance, km"), ("mean_events", "events per row"),
                       ("errors", "failed extractions"), ("skipped_empty", "rows without text (skipped)"),
                       ("seconds", "seconds"), ("rows_per_second", "rows per second")):
        if key in m:
            rows.append(f"<tr><td>{escape(label)}</td><td>{_num(m[key])}</td><td></td></tr>")
    return "<table><tr><th>metric</th><th>score</th><th>rows</th></tr>" + "".join(rows) + "</table>"


def _breakdown_table(groups: dict[str, dict[str, Any]], first: str, top: int | None = None) -> str:
    heads = ("n", "detected", "type", "sub-type", "actors", "country", "admin1", "≤25 km", "date", "deaths")
    out = [f"<table><tr><th>{escape(first)}</th>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>"]
    for label, m in list(groups.items())[:top]:
        cells = "".join(f"<td>{_pct(m.get(k))}</td>" for k in BREAKDOWN_KEYS)
        out.append(f"<tr><td>{escape(label)}</td><td>{m['n']}</td>{cells}</tr>")
    return "".join(out) + "</table>"


def _confusion_table(confusion: dict[str, dict[str, int]]) -> str:
    if not confusion:
        return "<p class=muted>no rows</p>"
    cols = sorted({c for row in confusion.values() for c in row}, key=lambda c: (c == NO_EVENT, c))
    out = ["<table><tr><th>gold \\ ours</th>" + "".join(f"<th>{escape(c)}</th>" for c in cols) + "</tr>"]
    for g, row in confusion.items():
        total = sum(row.values()) or 1
        cells = "".join(
            f"<td style=\"background:{_heat(row.get(c, 0) / total)}\">{row.get(c, '') or ''}</td>" for c in cols)
        out.append(f"<tr><td>{escape(g)}</td>{cells}</tr>")
    return "".join(out) + "</table>"


def _examples(worst: Sequence[dict[str, Any]]) -> str:
    out = []
    for ex in worst:
        gold, ours = ex.get("gold") or {}, ex.get("ours") or {}
        rows = "".join(
            f"<tr><td>{f}</td><td class=l>{escape(str(gold.get(f, '–')))}</td>"
            f"<td class=l>{escape(str(ours.get(f, '–'))) if ours else '(no event)'}</td></tr>"
            for f in ("type", "actors", "place", "coords", "date", "fatalities"))
        err = f"<p class=muted>error: {escape(ex['error'])}</p>" if ex.get("error") else ""
        wrong = escape(", ".join(ex.get("wrong") or []) or "–")
        out.append(f"<div class=ex><b>row {escape(str(ex['row']))}</b> <span class=muted>wrong: {wrong}; "
                   f"{ex.get('n_events', 0)} events extracted</span><p>{escape(ex['text'])}</p>{err}"
                   f"<table><tr><th>field</th><th>gold</th><th>ours</th></tr>{rows}</table></div>")
    return "".join(out) or "<p class=muted>none</p>"


# ---------------------------------------------------------------------- plots
def _points(scores: Sequence[RowScore]) -> list[tuple[float, float, float | None, float | None, str]]:
    out = []
    for s in scores:
        g = s.gold
        if g.latitude is None or g.longitude is None:
            continue
        ev = s.event or {}
        lat, lon = ev.get("latitude"), ev.get("longitude")
        out.append((g.latitude, g.longitude, lat, lon, s.row_id))
    return out[:MAX_POINTS]


def _grid_step(span: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 15, 30, 45):
        if span / step <= 10:
            return step
    return 60


def map_svg(scores: Sequence[RowScore], width: int = 960) -> str:
    """An equirectangular SVG map: gold points, our points, and the error lines between them.

    The frame fits the gold points; lines to our points outside it run off the edge."""
    pts = _points(scores)
    # the frame fits the gold points; our points far outside it leave lines that run off the edge
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    if not lats:
        return "<p class=muted>no coordinates to plot</p>"
    lat0, lat1, lon0, lon1 = min(lats), max(lats), min(lons), max(lons)
    pad_lat, pad_lon = max(0.5, (lat1 - lat0) * 0.06), max(0.5, (lon1 - lon0) * 0.06)
    lat0, lat1 = max(-90.0, lat0 - pad_lat), min(90.0, lat1 + pad_lat)
    lon0, lon1 = max(-180.0, lon0 - pad_lon), min(180.0, lon1 + pad_lon)
    height = 520
    scale = min(width / (lon1 - lon0), height / (lat1 - lat0))
    # widen the shorter range so both axes share one scale
    extra_lon = (width / scale - (lon1 - lon0)) / 2
    extra_lat = (height / scale - (lat1 - lat0)) / 2
    lon0, lon1, lat0, lat1 = lon0 - extra_lon, lon1 + extra_lon, lat0 - extra_lat, lat1 + extra_lat

    def x(lon: float) -> float:
        return round((lon - lon0) * scale, 1)

    def y(lat: float) -> float:
        return round((lat1 - lat) * scale, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="gold and extracted points">']
    step = _grid_step(max(lon1 - lon0, lat1 - lat0))
    g = math.ceil(lon0 / step) * step
    while g <= lon1:
        parts.append(f'<line x1="{x(g)}" y1="0" x2="{x(g)}" y2="{height}" stroke="#ddd" stroke-width="0.6"/>'
                     f'<text x="{x(g) + 2}" y="{height - 4}" font-size="9" fill="#999">{g:g}°</text>')
        g += step
    g = math.ceil(lat0 / step) * step
    while g <= lat1:
        parts.append(f'<line x1="0" y1="{y(g)}" x2="{width}" y2="{y(g)}" stroke="#ddd" stroke-width="0.6"/>'
                     f'<text x="2" y="{y(g) - 2}" font-size="9" fill="#999">{g:g}°</text>')
        g += step
    for la, lo, ola, olo, _ in pts:
        if ola is not None and olo is not None:
            parts.append(f'<line x1="{x(lo)}" y1="{y(la)}" x2="{x(olo)}" y2="{y(ola)}" '
                         f'stroke="{LINE_COLOUR}" stroke-width="0.7" stroke-opacity="0.6"/>')
    for la, lo, ola, olo, rid in pts:
        if ola is not None and olo is not None:
            parts.append(f'<circle cx="{x(olo)}" cy="{y(ola)}" r="2.2" fill="{OURS_COLOUR}" fill-opacity="0.75">'
                         f'<title>ours, row {escape(rid)}</title></circle>')
    for la, lo, _, _, rid in pts:
        parts.append(f'<circle cx="{x(lo)}" cy="{y(la)}" r="2.2" fill="{GOLD_COLOUR}" fill-opacity="0.75">'
                     f'<title>gold, row {escape(rid)}</title></circle>')
    outside = sum(1 for _, _, ola, olo, _ in pts if ola is not None and olo is not None
                  and not (lat0 <= ola <= lat1 and lon0 <= olo <= lon1))
    if outside:
        parts.append(f'<text x="{width - 6}" y="14" font-size="11" text-anchor="end" fill="#555">'
                     f'{outside} of our points lie outside this frame</text>')
    parts.append("</svg>")
    return "".join(parts)


def distance_bins(scores: Sequence[RowScore]) -> tuple[list[str], list[int]]:
    """Counts of distance errors in log-like bins (km), plus rows where we gave no point."""
    labels = ["<1"] + [f"{a:g}–{b:g}" for a, b in zip(DISTANCE_EDGES, DISTANCE_EDGES[1:])] + [f"≥{DISTANCE_EDGES[-1]:g}",
                                                                                               "no point"]
    counts = [0] * len(labels)
    for s in scores:
        if s.gold.latitude is None or s.gold.longitude is None:
            continue
        if s.distance_km is None:
            counts[-1] += 1
            continue
        i = sum(1 for e in DISTANCE_EDGES if s.distance_km >= e)
        counts[i] += 1
    return labels, counts


def fatality_bins(scores: Sequence[RowScore]) -> tuple[list[str], list[int]]:
    """Counts of signed fatality errors (ours − gold) on detected rows."""
    labels = ["≤−10", "−9…−2", "−1", "0", "+1", "+2…+9", "≥+10"]
    counts = [0] * len(labels)
    for s in scores:
        if not s.detected or s.gold.fatalities is None or s.event is None:
            continue
        key = "fatalities_best" if s.gold.source_format == "ucdp" else "fatalities"
        d = int(s.event.get(key) or 0) - s.gold.fatalities
        i = 0 if d <= -10 else 1 if d <= -2 else 2 if d == -1 else 3 if d == 0 else 4 if d == 1 else 5 if d <= 9 else 6
        counts[i] += 1
    return labels, counts


def bars_svg(labels: Sequence[str], counts: Sequence[int], *, colour: str, xlabel: str, width: int = 520) -> str:
    """A simple vertical bar chart as inline SVG."""
    height, left, bottom, top = 220, 36, 36, 14
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(counts) if counts and max(counts) > 0 else 1
    bw = plot_w / max(1, len(counts))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#999"/>']
    for i, (label, c) in enumerate(zip(labels, counts)):
        h = plot_h * c / peak
        x0 = left + i * bw + 3
        parts.append(f'<rect x="{x0:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 6:.1f}" height="{h:.1f}" '
                     f'fill="{colour}"><title>{escape(label)}: {c}</title></rect>')
        parts.append(f'<text x="{x0 + (bw - 6) / 2:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="10" '
                     f'text-anchor="middle" fill="#333">{c}</text>')
        parts.append(f'<text x="{x0 + (bw - 6) / 2:.1f}" y="{top + plot_h + 14}" font-size="10" '
                     f'text-anchor="middle" fill="#555">{escape(label)}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" font-size="11" text-anchor="middle" '
                 f'fill="#555">{escape(xlabel)}</text></svg>')
    return "".join(parts)


# ---------------------------------------------------------------------- page
def render_html(metrics: dict[str, Any], scores: Sequence[RowScore]) -> str:
    """The whole report as one self-contained HTML document."""
    meta = metrics.get("meta", {})
    title = f"Observatory evaluation: {meta.get('gold', '')}"
    notes = "".join(f"<li>{escape(n)}</li>" for n in meta.get("notes", []))
    d_labels, d_counts = distance_bins(scores)
    f_labels, f_counts = fatality_bins(scores)
    sub = (f"{metrics['n']} rows, format {escape(str(meta.get('format', '?')))}, "
           f"{_num(metrics.get('seconds'))} s, {meta.get('workers', 1)} workers; reference date: "
           f"{escape(str(meta.get('reference_date', '')))}")
    if meta.get("sample") is not None:
        sub += f"; random sample (seed {escape(str(meta['sample']))})"
    body = [
        f"<h1>{escape(title)}</h1><p class=muted>{sub}</p>",
        f"<h2>Overall</h2>{_overall_table(metrics)}<ul class=muted>{notes}</ul>",
        f"<h2>By event type (gold)</h2>{_breakdown_table(metrics.get('by_event_type', {}), 'event type')}",
        f"<h2>By country (top 30 by rows)</h2>{_breakdown_table(metrics.get('by_country', {}), 'country', 30)}",
        f"<h2>Confusion matrix of event types</h2><p class=muted>rows: gold; columns: the event we matched "
        f"({NO_EVENT}: nothing extracted)</p>{_confusion_table(metrics.get('confusion', {}))}",
        "<h2>Map: gold vs extracted points</h2><p class=legend>"
        f"<span><i class=dot style=\"background:{GOLD_COLOUR}\"></i>gold</span>"
        f"<span><i class=dot style=\"background:{OURS_COLOUR}\"></i>ours</span>"
        "<span class=muted>grey lines join each gold point to the point we coded (longitude/latitude, "
        "no basemap)</span></p>" + map_svg(scores),
        "<h2>Errors</h2><div>" + bars_svg(d_labels, d_counts, colour=GOLD_COLOUR, xlabel="distance error, km")
        + " " + bars_svg(f_labels, f_counts, colour=OURS_COLOUR, xlabel="fatalities: ours − gold (detected rows)")
        + "</div>",
        f"<h2>Worst examples</h2>{_examples(metrics.get('worst') or [])}",
        "<p class=muted>Gold data credit: ACLED, www.acleddata.com; UCDP Georeferenced Event Dataset "
        "(Sundberg &amp; Melander 2013), as applicable.</p>",
    ]
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n")
