"""Renderers for extraction results: the JSON contract, an ACLED-style CSV, a terminal table."""

from __future__ import annotations

import csv
import io
import json

from observatory.records import Event, ExtractionResult

from observatory.store.export import ACLED_COLUMNS
from observatory.store.export import acled_row as _acled_row_dict


def to_json(result: ExtractionResult, *, indent: int | None = 2) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def acled_row(event: Event, result: ExtractionResult) -> dict[str, object]:
    return _acled_row_dict(event.model_dump(mode="json"), result.article.id, result.article.url or "")


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
