"""Renderers for extraction results: the JSON contract, an ACLED-style CSV, a terminal table."""

from __future__ import annotations

import csv
import io
import json

from observatory.records import Event, ExtractionResult

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso3", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    # Observatory's additions, after ACLED's own columns
    "fatalities_low", "fatalities_best", "fatalities_high", "confidence", "article_id", "article_url",
)


def to_json(result: ExtractionResult, *, indent: int | None = 2) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def acled_row(event: Event, result: ExtractionResult) -> dict[str, object]:
    return {
        "event_id_cnty": event.event_id, "event_date": event.event_date or "",
        "year": event.event_date[:4] if event.event_date else "", "time_precision": event.time_precision or "",
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "", "assoc_actor_1": "; ".join(event.assoc_actor_1), "inter1": event.inter1 or 0,
        "actor2": event.actor2 or "", "assoc_actor_2": "; ".join(event.assoc_actor_2), "inter2": event.inter2 or 0,
        "interaction": event.interaction or 0,
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso3": event.iso3 or "", "country": event.country or "", "admin1": event.admin1 or "",
        "admin2": event.admin2 or "", "location": event.location or "",
        "latitude": "" if event.latitude is None else f"{event.latitude:.4f}",
        "longitude": "" if event.longitude is None else f"{event.longitude:.4f}",
        "geo_precision": event.geo_precision or "", "source": "; ".join(event.sources),
        "notes": event.notes, "fatalities": event.fatalities,
        "fatalities_low": event.fatalities_low, "fatalities_best": event.fatalities_best,
        "fatalities_high": "" if event.fatalities_high is None else event.fatalities_high,
        "confidence": event.confidence, "article_id": result.article.id, "article_url": result.article.url or "",
    }


def to_csv(results: list[ExtractionResult], *, header: bool = True) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    for result in results:
        for event in result.events:
            writer.writerow(acled_row(event, result))
    return buf.getvalue()


def render_table(result: ExtractionResult, console) -> None:
    """A readable terminal view (rich): one panel per event, then the warnings."""
    from rich.markup import escape
    from rich.table import Table

    title = result.article.title or result.article.id
    console.print(f"[bold]{escape(title)}[/bold]  published {result.article.published or '?'}  "
                  f"outlet {escape(result.article.outlet or '?')}  — {len(result.events)} event(s)")
    for i, e in enumerate(result.events, 1):
        t = Table(show_header=False, box=None, pad_edge=False, title=f"[bold cyan]{i}. {escape(e.event_type)} / "
                  f"{escape(e.sub_event_type)}[/bold cyan]", title_justify="left")
        t.add_column(style="dim", no_wrap=True)
        t.add_column()
        place = ", ".join(x for x in (e.location, e.admin2, e.admin1, e.country) if x) or "?"
        if e.latitude is not None:
            place += f"  ({e.latitude:.4f}, {e.longitude:.4f}; precision {e.geo_precision})"
        rows = [
            ("date", f"{e.event_date or '?'} (precision {e.time_precision})"),
            ("actor 1", f"{e.actor1 or '-'} [inter {e.inter1}]" + (f" with {', '.join(e.assoc_actor_1)}" if e.assoc_actor_1 else "")),
            ("actor 2", f"{e.actor2 or '-'} [inter {e.inter2}]"),
            ("place", place),
            ("fatalities", f"{e.fatalities} (ACLED)  low {e.fatalities_low} / best {e.fatalities_best} / high "
                           f"{'open' if e.fatalities_high is None else e.fatalities_high}"),
        ]
        for c in e.casualties:
            rows.append(("", f"{c.best} {c.kind}: {c.actor or 'all sides'} ({c.qualifier}) per {c.source} — "
                             f"“{c.evidence.text}”"))
        rows.append(("sources", ", ".join(e.sources)))
        rows.append(("confidence", f"{e.confidence:.2f}"))
        for k, v in rows:
            t.add_row(escape(k), escape(str(v)))
        console.print(t)
    for w in result.warnings:
        console.print(f"[yellow]warning[/yellow] [{escape(w.kind)}] {escape(w.message)}")
