"""CLI commands over the event store: ingest, watch, events, event, serve.

Registered on the main `observatory` app by `observatory.cli`.
"""

from __future__ import annotations

import re
import sys
import time
from enum import Enum
from typing import List, Optional

import typer

from observatory.cli import _crash, _fail, _parse_date, app
from observatory.errors import ConfigError, ObservatoryError

DB_HELP = "Database: a SQLite path or sqlite:///PATH, or postgresql://USER@HOST/DB (default: $OBSERVATORY_DB, else observatory.db in the data dir)."


def _store(db: str | None):
    from observatory.store import open_store

    return open_store(db)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True)


def _run(store, sources: list[str], published_default, command: str, quiet: bool = False):
    from observatory.ingest.runner import run_ingest

    started = time.perf_counter()
    with _progress() as bar:
        task = bar.add_task("ingesting", total=None, rate="")

        def tick(origin: str, status: str) -> None:
            done = bar.tasks[0].completed + 1
            rate = done / max(1e-6, time.perf_counter() - started)
            bar.update(task, advance=1, description=f"{status:>6} {origin[-50:]}", rate=f"{rate:.1f} reports/s")

        summary = run_ingest(store, sources, published_default=published_default, command=command,
                             progress=None if quiet else tick)
    return summary, time.perf_counter() - started


def _print_summary(summary, seconds: float, db_label: str) -> None:
    typer.echo(f"run {summary.run_id}: {summary.new} new, {summary.known} already known, {summary.failed} failed "
               f"({summary.seen} reports in {seconds:.1f} s); {len(summary.events)} event(s) touched; store {db_label}")
    for origin, reason in summary.failures[:50]:
        typer.echo(f"  failed {origin}: {reason}")
    if len(summary.failures) > 50:
        typer.echo(f"  ... and {len(summary.failures) - 50} more (observatory events --failures)")


@app.command()
def ingest(
    sources: List[str] = typer.Argument(..., help="Files, directories, JSONL files, RSS/Atom feeds (file or URL), URL lists or URLs."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    published_default: Optional[str] = typer.Option(None, "--published-default", help="Date YYYY-MM-DD for reports that carry none."),
) -> None:
    """Read reports, extract their events, store them and merge them with what is known.

    Example: observatory ingest examples/ feeds.txt https://example.org/rss --db events.db
    """
    from observatory.store.db import normalise_url, redact

    pub = _parse_date(published_default)
    try:
        store = _store(db)
        summary, seconds = _run(store, list(sources), pub, "ingest")
    except ObservatoryError as exc:
        _fail(exc)
        return
    except Exception as exc:  # noqa: BLE001
        _crash(exc)
        return
    _print_summary(summary, seconds, redact(normalise_url(db)))
    if summary.seen and summary.failed == summary.seen:
        raise typer.Exit(2)


_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)


def parse_every(value: str) -> float:
    """'15m' -> 900.0 seconds; '30s', '1h', '90' (seconds) too."""
    m = _EVERY.match(value)
    if not m:
        raise typer.BadParameter(f"'{value}' is not an interval like 30s, 15m or 1h")
    unit = (m.group(2) or "s")[0].lower()
    seconds = float(m.group(1)) * {"s": 1, "m": 60, "h": 3600}[unit]
    if seconds <= 0:
        raise typer.BadParameter("the interval must be more than 0")
    return seconds


@app.command()
def watch(
    feeds: str = typer.Argument(..., help="A file listing feed URLs or paths, one a line (# comments allowed); re-read every poll."),
    every: str = typer.Option("15m", "--every", help="Time between polls: 30s, 15m, 1h."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    polls: int = typer.Option(0, "--polls", help="Stop after this many polls (0: run until interrupted)."),
) -> None:
    """Poll feeds and ingest what is new; a failed poll is recorded and retried next time.

    Example: observatory watch feeds.txt --every 15m --db events.db
    """
    from pathlib import Path

    interval = parse_every(every)
    path = Path(feeds)
    try:
        store = _store(db)
    except ObservatoryError as exc:
        _fail(exc)
        return
    n = 0
    try:
        while True:
            n += 1
            try:
                specs = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                         if ln.strip() and not ln.lstrip().startswith("#")]
            except OSError as exc:
                typer.echo(f"poll {n}: cannot read {path} ({exc.strerror}); retrying in {every}", err=True)
                specs = []
            if specs:
                try:
                    summary, seconds = _run(store, specs, None, "watch", quiet=True)
                    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                    typer.echo(f"{stamp} poll {n}: {summary.new} new, {summary.known} known, {summary.failed} failed")
                    for origin, reason in summary.failures[:20]:
                        typer.echo(f"  failed {origin}: {reason}")
                except ObservatoryError as exc:
                    typer.echo(f"poll {n} failed: {exc}; retrying in {every}", err=True)
            if polls and n >= polls:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("stopped")


class EventsFormat(str, Enum):
    table = "table"
    json = "json"
    acled_csv = "acled-csv"
    ucdp_csv = "ucdp-csv"
    geojson = "geojson"
    parquet = "parquet"


def _filter(country, since, until, type_, actor, near):
    from pydantic import ValidationError

    from observatory.store import EventFilter

    try:
        return EventFilter(country=country, since=_parse_date(since), until=_parse_date(until), type=type_,
                           actor=actor, near=near)
    except ValidationError as exc:
        msg = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise typer.BadParameter(msg) from None


@app.command()
def events(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    country: Optional[str] = typer.Option(None, help="Country name, ISO3 or ISO2 code."),
    since: Optional[str] = typer.Option(None, help="First event date, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Last event date, YYYY-MM-DD."),
    type: Optional[str] = typer.Option(None, "--type", help="ACLED event type or sub-event type, e.g. Battles or 'Air/drone strike'."),
    actor: Optional[str] = typer.Option(None, help="Part of an actor's name (case-insensitive)."),
    near: Optional[str] = typer.Option(None, help="LAT,LON,KM: events within KM of a point."),
    format: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f", help="table, json, acled-csv, ucdp-csv, geojson or parquet."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (needed for parquet)."),
    limit: int = typer.Option(0, help="At most this many events (0: all; table shows 50 by default)."),
    failures: bool = typer.Option(False, "--failures", help="List the failed items of ingest runs instead."),
) -> None:
    """List stored events, filtered, in the formats analysts use.

    Example: observatory events --country Syria --since 2024-11-01 --type Battles --format acled-csv -o syria.csv
    """
    flt = _filter(country, since, until, type, actor, near)
    try:
        store = _store(db)
        if failures:
            for f in store.failures():
                typer.echo(f"run {f['run_id']}  {f['origin']}: {f['reason']}")
            return
        if format is EventsFormat.table:
            total, items = store.query_events(flt, limit=limit or 50)
            _events_table(total, items)
            return
        items = store.iter_events(flt)
        if limit:
            import itertools

            items = itertools.islice(items, limit)
        _export(items, format, output)
    except ObservatoryError as exc:
        _fail(exc)
    except BrokenPipeError:
        sys.stderr.close()
    except Exception as exc:  # noqa: BLE001
        _crash(exc)


def _export(items, format: EventsFormat, output: str | None) -> None:
    import json

    from observatory.store import export

    if format is EventsFormat.parquet:
        if not output:
            raise ConfigError("parquet is binary: give a file with --output events.parquet")
        n = export.write_parquet(items, output)
        typer.echo(f"{n} events written to {output}", err=True)
        return
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format is EventsFormat.json:
            fh.write("[")
            for i, e in enumerate(items):
                fh.write(("," if i else "") + "\n" + json.dumps(e, ensure_ascii=False))
            fh.write("\n]\n")
        elif format is EventsFormat.acled_csv:
            export.write_acled_csv(items, fh)
        elif format is EventsFormat.ucdp_csv:
            export.write_ucdp_csv(items, fh)
        else:
            export.write_geojson(items, fh)
    finally:
        if output:
            fh.close()


def _events_table(total: int, items: list[dict]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(items)} of {total} event(s)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("date", no_wrap=True)
    table.add_column("event", ratio=2)
    table.add_column("actors", ratio=5)
    table.add_column("place", ratio=2)
    table.add_column("deaths", justify="right", no_wrap=True)
    table.add_column("rep.", justify="right", no_wrap=True)
    table.add_column("id", no_wrap=True)
    for e in items:
        place = ", ".join(x for x in (e["location"], e["country"]) if x) or "?"
        actors = (e["actor1"] or "?") + (f" vs {e['actor2']}" if e["actor2"] else "")
        table.add_row(e["event_date"] or "?", e["sub_event_type"], actors, place, str(e["fatalities"]),
                      str(e["n_reports"]), e["event_id"])
    Console(markup=False).print(table)


@app.command()
def event(
    event_id: str = typer.Argument(..., help="An event id from `observatory events`."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the whole record as JSON."),
) -> None:
    """Show one event: every report, claim and figure with its evidence, and the merge history.

    Example: observatory event ev-cd7310d6c93f53
    """
    try:
        item = _store(db).get_event(event_id)
    except ObservatoryError as exc:
        _fail(exc)
        return
    if item is None:
        typer.echo(f"error: no event '{event_id}' in the store (list them with `observatory events`)", err=True)
        raise typer.Exit(2)
    if json_out:
        import json

        typer.echo(json.dumps(item, ensure_ascii=False, indent=2))
        return
    _event_view(item)


def _event_view(e: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(markup=False, highlight=False)
    con.print(f"{e['event_id']}  {e['event_type']} / {e['sub_event_type']}  {e['event_date'] or '?'}")
    con.print(f"  actors   {e['actor1'] or '-'} [{e['inter1']}]  vs  {e['actor2'] or '-'} [{e['inter2']}]")
    con.print(f"  place    {', '.join(x for x in (e['location'], e['admin1'], e['country']) if x)} "
              f"({e['latitude']}, {e['longitude']}; precision {e['geo_precision']})")
    con.print(f"  deaths   {e['fatalities']} (ACLED)  low {e['fatalities_low']} / best {e['fatalities_best']} / high "
              f"{'open' if e['fatalities_high'] is None else e['fatalities_high']}   sides: a {e['deaths_a']}, "
              f"b {e['deaths_b']}, civilians {e['deaths_civilians']}, unknown {e['deaths_unknown']}")
    if e.get("disagreements"):
        con.print("  sources disagree: " + "; ".join(f"{d['source']} says {d['fatalities_best']} ({d['published']})"
                                                   for d in e["disagreements"]))
    t = Table(title="reports", title_justify="left")
    for col in ("article", "outlet", "published", "why merged"):
        t.add_column(col, overflow="fold")
    for r in e["reports"]:
        t.add_row(r["article_id"], r["outlet"] or "", r["published"] or "", r["merge_reason"] or "")
    con.print(t)
    t = Table(title="figures and their evidence", title_justify="left")
    for col in ("source", "who", "what", "n", "evidence"):
        t.add_column(col, overflow="fold")
    for c in e["casualties"]:
        t.add_row(c["source"], c["actor"] or "?", c["kind"], str(c["best"]), c["evidence"]["text"])
    con.print(t)
    t = Table(title="history", title_justify="left")
    for col in ("at", "article", "deaths", "place", "change"):
        t.add_column(col, overflow="fold")
    for h in e["history"]:
        t.add_row(str(h["at"])[:19], h["article_id"] or "", str(h["fatalities"]), h["location"] or "", h["note"])
    con.print(t)


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the JSON API (docs at /docs) and the web dashboard.

    Example: observatory serve --db events.db --port 8000
    """
    try:
        from observatory.api.serve import serve as run_server

        _store(db)  # fail early with a clear message
        run_server(db, host=host, port=port)
    except ObservatoryError as exc:
        _fail(exc)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="JSONL files, directories, Parquet files (columns text, url, title, outlet, published), or any ingest source."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes here; dask: a Dask cluster."),
    workers: int = typer.Option(2, "--workers", min=1, help="Worker processes (local) or LocalCluster workers (dask)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="An existing Dask scheduler, tcp://HOST:PORT (dask engine)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    parquet_out: Optional[str] = typer.Option(None, "--parquet-out", help="Also write events (and failures.jsonl) here, one Parquet file per partition."),
    resume: bool = typer.Option(False, "--resume", help="Skip reports already stored (or already in --parquet-out)."),
    partition_size: int = typer.Option(32, "--partition-size", min=1, help="Reports per task sent to a worker."),
    published_default: Optional[str] = typer.Option(None, "--published-default", help="Date YYYY-MM-DD for reports that carry none."),
    no_store: bool = typer.Option(False, "--no-store", help="Write only --parquet-out, no database."),
) -> None:
    """Extract a large archive on worker processes or a Dask cluster, store it, then merge.

    Example: observatory batch archive/2019.jsonl archive/2020.jsonl --engine dask --workers 8 --db postgresql://obs@db/obs --resume
    """
    from pathlib import Path

    from observatory.batch import run_batch

    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask")
    pub = _parse_date(published_default)
    with _progress() as bar:
        task = bar.add_task("extracting", total=None, rate="")

        def tick(summary, total):
            done = summary.stored + summary.skipped + summary.failed
            rate = done / max(1e-6, summary.seconds)
            eta = f", ETA {((total - done) / rate):.0f} s" if total and rate else ""
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} reports/s{eta}")

        try:
            summary = run_batch(inputs, engine=engine.value, workers=workers, scheduler=scheduler,
                                db=None if no_store else (db or ""), parquet_out=Path(parquet_out) if parquet_out else None,
                                resume=resume, partition_size=partition_size, published_default=pub, progress=tick)
        except ObservatoryError as exc:
            _fail(exc)
            return
        except Exception as exc:  # noqa: BLE001
            _crash(exc)
            return
    rate = (summary.stored + summary.skipped + summary.failed) / max(1e-6, summary.seconds)
    typer.echo(f"batch ({engine.value}, {workers} worker(s)): {summary.stored} reports stored, {summary.skipped} skipped "
               f"(already done), {summary.failed} failed, {summary.events} event(s) merged; {summary.seconds:.1f} s, "
               f"{rate:.1f} reports/s, {summary.words / max(1e-6, summary.seconds):,.0f} words/s")
    for origin, reason in summary.failures[:30]:
        typer.echo(f"  failed {origin}: {reason}")
    if len(summary.failures) > 30:
        typer.echo(f"  ... and {len(summary.failures) - 30} more")
