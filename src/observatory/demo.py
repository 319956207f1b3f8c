"""`python -m observatory.demo EXAMPLES_DIR OUT.csv`: extract every bundled example
(with its `.meta.json` sidecar) and show one line per event; used by `make demo`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from observatory.errors import ObservatoryError
from observatory.ingest import read_article
from observatory.output import to_csv
from observatory.pipeline import extract_article


def run(folder: Path, out: Path) -> int:
    console = Console()
    results, failed = [], 0
    table = Table(title=f"Events in {folder}/", show_lines=False)
    for col in ("report", "date", "sub-event type", "actor 1", "actor 2", "place", "deaths"):
        table.add_column(col, overflow="fold", justify="right" if col == "deaths" else "left")
    for path in sorted(folder.glob("*.txt")):
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
        try:
            article, warnings = read_article(path, published=published, outlet=meta.get("outlet"),
                                             title=meta.get("title"), url=meta.get("url"))
            result = extract_article(article, warnings)
        except ObservatoryError as exc:
            console.print(f"[red]failed[/red] {path.name}: {exc}")
            failed += 1
            continue
        results.append(result)
        for e in result.events:
            table.add_row(path.stem.split("_")[0], e.event_date or "?", e.sub_event_type, e.actor1 or "-",
                          e.actor2 or "-", ", ".join(x for x in (e.location, e.country) if x) or "?",
                          str(e.fatalities))
    console.print(table)
    out.write_text(to_csv(results), encoding="utf-8")
    console.print(f"{sum(len(r.events) for r in results)} events from {len(results)} reports written to {out}"
                  + (f"; {failed} failed" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2])))
