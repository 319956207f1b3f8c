"""`observatory evaluate`: read gold rows, extract in parallel, score, report.

:func:`run_evaluation` is the whole command. Extraction runs in a
``ProcessPoolExecutor`` (``workers`` processes, forked on Linux; each loads the extractor
once, on its first chunk, unless it inherited it loaded) or, with ``workers=1``, in this process. Rows whose
text and reference date are identical (UCDP codes several events from one headline) are
extracted once. A row whose extraction fails (a non-English note, any exception) is
recorded with the error and counts as not detected; the run goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from observatory.evaluate.readers import GoldRow, read_gold
from observatory.evaluate.scoring import RowScore, aggregate, score_row

__all__ = ["REFERENCE_DATE_RULES", "extract_chunk", "run_evaluation", "select_rows", "start_pool"]

#: How each format's reference date (the extractor's ``published``) is chosen.
REFERENCE_DATE_RULES: dict[str, str] = {
    "acled": "the row's timestamp (upload time); none when the export has no timestamp",
    "acled-old": "the row's timestamp if the export has one, else none (relative dates stay unresolved)",
    "ucdp": "the first source_date on or after date_start, else date_end (an upper bound for date_acc: "
            "headlines rarely carry a date)",
}
#: What a result of :func:`extract_chunk` holds per text: (key index, events, error, seconds).
ChunkResult = list[tuple[int, list[dict[str, Any]], str | None, float]]
Task = tuple[int, str, dt.date | None, str]


def select_rows(rows: Iterable[GoldRow], *, limit: int | None = None, sample: int | None = None) -> list[GoldRow]:
    """The rows to score: the first LIMIT, or (with SAMPLE, a seed) LIMIT drawn at random.

    The sample is ``random.Random(sample).sample(all_rows, limit)``, returned in file
    order; the same file, limit and seed always give the same rows. SAMPLE without LIMIT
    scores every row.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    if sample is None or limit is None:
        out = []
        for row in rows:
            if limit is not None and len(out) >= limit:
                break
            out.append(row)
        return out
    everything = list(rows)
    if limit >= len(everything):
        return everything
    picked = random.Random(sample).sample(everything, limit)
    return sorted(picked, key=lambda r: r.index)


def _extract_one(text: str, published: dt.date | None, name: str) -> tuple[list[dict[str, Any]], str | None]:
    from observatory.errors import ObservatoryError
    from observatory.ingest import article_from_text
    from observatory.pipeline import extract_article

    try:
        article, warnings = article_from_text(text, name=name, published=published)
        result = extract_article(article, warnings)
    except ObservatoryError as exc:
        return [], f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - a failed row is recorded, the run goes on
        return [], f"{type(exc).__name__}: {exc}"
    return [e.model_dump(mode="json") for e in result.events], None


def extract_chunk(chunk: Sequence[Task]) -> ChunkResult:
    """Extract a chunk of (key, text, published, name) tasks; runs in a worker process."""
    out: ChunkResult = []
    for key, text, published, name in chunk:
        t = time.perf_counter()
        events, error = _extract_one(text, published, name)
        out.append((key, events, error, time.perf_counter() - t))
    return out


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of WORKERS extraction processes, started now.

    On Linux the workers are forked (and started here, before any progress-bar thread
    exists); elsewhere they are spawned. Forking also keeps ``python -m observatory``
    safe: a spawned child would re-run the ``__main__`` module.
    """
    import multiprocessing
    import os

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
    pool.submit(os.getpid).result()  # with fork, the first submit starts every worker
    return pool


def _run_tasks(tasks: list[Task], pool: ProcessPoolExecutor | None, workers: int,
               on_done: Callable[[ChunkResult], None]) -> None:
    """Run TASKS in chunks on POOL (in this process when POOL is None), calling ON_DONE per chunk."""
    if not tasks:
        return
    size = max(1, min(16, math.ceil(len(tasks) / (max(1, workers) * 4))))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    if pool is None:
        for chunk in chunks:
            on_done(extract_chunk(chunk))
        return

    def failed(chunk: Sequence[Task], message: str) -> ChunkResult:
        return [(key, [], message, 0.0) for key, *_ in chunk]

    pending: dict[Future, Sequence[Task]] = {}
    queue = list(reversed(chunks))
    broken: str | None = None
    while queue or pending:
        while queue and len(pending) < workers * 3 and broken is None:
            chunk = queue.pop()
            try:
                pending[pool.submit(extract_chunk, chunk)] = chunk
            except BrokenProcessPool as exc:
                broken = f"BrokenProcessPool: {exc}"
                queue.append(chunk)
        if broken is not None:
            while queue:
                on_done(failed(queue.pop(), broken))
            if not pending:
                break
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            chunk = pending.pop(fut)
            try:
                on_done(fut.result())
            except BrokenProcessPool as exc:
                broken = f"BrokenProcessPool: {exc}"
                on_done(failed(chunk, broken))
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                on_done(failed(chunk, f"{type(exc).__name__}: {exc}"))


def _progress(console: Any, total: int):
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Rows per second."""

        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} rows/s" if speed else "- rows/s", style="progress.data.speed")

    return Progress(TextColumn("[bold]evaluating"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                    transient=False)


def run_evaluation(
    gold_path: str | Path,
    *,
    fmt: str | None = None,
    limit: int | None = None,
    sample: int | None = None,
    workers: int = 1,
    json_out: str | Path | None = None,
    predictions_out: str | Path | None = None,
    html_out: str | Path | None = None,
    console: Any = None,
    show_progress: bool = True,
    show_report: bool = True,
) -> dict[str, Any]:
    """Score the extractor against the human-coded rows at GOLD_PATH; return the metrics.

    FMT: "acled", "acled-old", "ucdp" or None (detect). LIMIT/SAMPLE: see :func:`select_rows`.
    WORKERS: extraction processes. JSON_OUT: the metrics as JSON; PREDICTIONS_OUT: JSONL,
    one ``{"row": id, "events": [...]}`` line per scored row (plus ``"error"`` when the
    extraction failed); HTML_OUT: a self-contained HTML report. CONSOLE: a rich Console for
    the progress bar and the report (default: a new one on stdout).
    Raises :class:`observatory.errors.InputError` for an unreadable gold file.
    """
    from observatory.evaluate.report import print_report, worst_examples

    if console is None and (show_progress or show_report):
        from rich.console import Console
        console = Console()
    started = time.perf_counter()
    reader = read_gold(gold_path, fmt)
    rows = select_rows(reader, limit=limit, sample=sample)

    keys: dict[tuple[str, dt.date | None], int] = {}
    row_key: list[int] = []
    tasks: list[Task] = []
    for row in rows:
        k = (row.text, row.published)
        if k not in keys:
            keys[k] = len(tasks)
            tasks.append((len(tasks), row.text, row.published, f"row {row.row_id}"))
        row_key.append(keys[k])
    weight = [0] * len(tasks)
    for k in row_key:
        weight[k] += 1

    results: dict[int, tuple[list[dict[str, Any]], str | None, float]] = {}
    progress = _progress(console, len(rows)) if show_progress and console is not None else None
    task_id = progress.add_task("rows", total=len(rows)) if progress else None

    def on_done(chunk: ChunkResult) -> None:
        for key, events, error, seconds in chunk:
            results[key] = (events, error, seconds)
            if progress is not None:
                progress.advance(task_id, weight[key])

    workers = max(1, int(workers))
    pool = start_pool(workers) if workers > 1 and len(tasks) > 1 else None
    try:
        if progress is not None:
            with progress:
                _run_tasks(tasks, pool, workers, on_done)
        else:
            _run_tasks(tasks, pool, workers, on_done)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    extract_seconds = time.perf_counter() - started

    from observatory.evaluate.compare import Resolver
    resolver = Resolver()
    scores: list[RowScore] = []
    for row, k in zip(rows, row_key):
        events, error, seconds = results.get(k, ([], "not extracted", 0.0))
        scores.append(score_row(row, events, resolver=resolver, error=error, seconds=seconds / weight[k]))

    metrics = aggregate(scores)
    metrics["seconds"] = round(time.perf_counter() - started, 3)
    metrics["extract_seconds"] = round(extract_seconds, 3)
    metrics["rows_per_second"] = round(len(rows) / extract_seconds, 3) if extract_seconds > 0 else None
    metrics["skipped_empty"] = reader.skipped_empty
    metrics["meta"] = {
        "gold": str(reader.path), "format": reader.format, "limit": limit, "sample": sample,
        "workers": workers, "unique_texts": len(tasks),
        "rows_read": reader.rows_read if (sample is not None or limit is None) else None,
        "reference_date": REFERENCE_DATE_RULES[reader.format],
        "notes": _notes(reader.format, metrics),
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    metrics["worst"] = worst_examples(scores)

    if predictions_out is not None:
        _write_predictions(Path(predictions_out), scores, results, row_key)
    if json_out is not None:
        Path(json_out).write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if html_out is not None:
        from observatory.evaluate.html import render_html
        Path(html_out).write_text(render_html(metrics, scores), encoding="utf-8")
    if show_report and console is not None:
        print_report(metrics, console)
    return metrics


def _notes(fmt: str, metrics: dict[str, Any]) -> list[str]:
    notes = ["accuracies are fractions of the rows where the gold has the field; a missed event counts "
             "as wrong; <metric>_n gives the denominator",
             "actor_acc is strict (case, punctuation, accents and ACLED period suffixes folded); "
             "actor_acc_alias maps both sides through the actor knowledge base"]
    if metrics.get("sub_event_type_acc") is None:
        notes.append("sub_event_type_acc is null: this export has no gold sub-event types")
    if fmt == "acled-old":
        notes.append("old ACLED event types are mapped to the current taxonomy; a sub-event type is gold "
                     "only where the old type fixes it; Riots/Protests is split by the inter codes")
    if fmt == "ucdp":
        notes.append("UCDP has no ACLED event type: state-based and non-state violence accept Battles or "
                     "Explosions/Remote violence; one-sided accepts Violence against civilians or "
                     "Explosions/Remote violence")
        notes.append("UCDP sides are compared member by member (comma-separated coalitions); strict "
                     "actor_acc is low by construction (UCDP names like 'Government of Syria', 'IS'); "
                     "actor_acc_alias counts all state forces of a country as one side")
        notes.append("fatalities compare our fatalities_best with UCDP best; geo_precision maps "
                     "where_prec 1->1, 2->2, 3-7->3")
    return notes


def _write_predictions(path: Path, scores: Sequence[RowScore], results: dict, row_key: Sequence[int]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for s, k in zip(scores, row_key):
            events, error, _ = results.get(k, ([], "not extracted", 0.0))
            line: dict[str, Any] = {"row": s.row_id, "events": events}
            if error:
                line["error"] = error
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
