"""`observatory batch`: partition the input, extract on workers, store, then merge.

    inputs ─► partitions of N articles ─► engine (local processes | Dask) ─► driver
                                                            │ writes each finished partition:
                                                            ├─ store: articles, reports, claims (unmerged)
                                                            └─ Parquet: events + failures per partition
    after the last partition: the cross-report merge, in a fixed order (so engines agree)

The driver reads the input lazily and keeps a bounded number of partitions in flight, so
a backfill of millions of reports never sits in memory. With --resume, articles already
in the store (or in the Parquet folder's manifests) are skipped before they are sent.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from observatory.batch.work import Task, extract_partition


@dataclass
class BatchSummary:
    articles: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    words: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    run_id: int | None = None


def _parquet_items(path: Path, published_default) -> Iterator[dict]:
    """Rows of a Parquet file with `text` (or `html`), `url`, `title`, `outlet`, `published`."""
    import pyarrow.parquet as pq

    from observatory.errors import InputError
    from observatory.ingest.sources import parse_date
    from observatory.ingest.text import article_from_text

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one failed item
        yield {"origin": str(path), "error": f"{path}: not a readable Parquet file ({exc})"}
        return
    n = 0
    for batch in pf.iter_batches(batch_size=512):
        for row in batch.to_pylist():
            n += 1
            origin = f"{path}:{n}"
            text = row.get("text") or row.get("doc_text")
            if not isinstance(text, str) or not text.strip():
                yield {"origin": origin, "error": f"row {n} has no 'text' with a report in it"}
                continue
            try:
                art, warnings = article_from_text(
                    text, name=origin, published=parse_date(row.get("published") or row.get("date")) or published_default,
                    url=row.get("url"), title=row.get("title"), outlet=row.get("outlet"))
            except InputError as exc:
                yield {"origin": origin, "error": str(exc)}
                continue
            yield {"origin": origin, "article": art.model_dump(mode="json"),
                   "warnings": [w.model_dump(mode="json") for w in warnings]}


def iter_items(inputs: Sequence[str], published_default: dt.date | None = None) -> Iterator[dict]:
    """Every input item as plain data: {origin, article, warnings} or {origin, error}."""
    from observatory.ingest.sources import iter_sources

    plain: list[str] = []

    def flush():
        for item in iter_sources(plain, published_default=published_default):
            if item.article is None:
                yield {"origin": item.origin, "error": item.error or "could not be read"}
            else:
                yield {"origin": item.origin, "article": item.article.model_dump(mode="json"),
                       "warnings": [w.model_dump(mode="json") for w in item.warnings]}
        plain.clear()

    for spec in inputs:
        p = Path(spec)
        if p.suffix == ".parquet" and p.is_file():
            yield from flush()
            yield from _parquet_items(p, published_default)
            continue
        plain.append(spec)  # the ingest sources skip .parquet files inside directories ...
        if p.is_dir():  # ... which are read here
            yield from flush()
            for f in sorted(p.rglob("*.parquet")):
                yield from _parquet_items(f, published_default)
    yield from flush()


def count_items(inputs: Sequence[str]) -> int | None:
    """A cheap total for the progress bar: lines of JSONL, rows of Parquet, files of directories."""
    total = 0
    for spec in inputs:
        p = Path(spec)
        if p.is_file() and p.suffix in (".jsonl", ".ndjson"):
            with p.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif p.is_file() and p.suffix == ".parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(p).metadata.num_rows
        elif p.is_dir():
            total += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                         and not f.name.endswith((".meta.json", ".expected.json")))
        else:
            return None
    return total


class ParquetSink:
    """Events per partition under DIR (`part-N.parquet`: one Parquet dataset, readable with
    `pyarrow.parquet.read_table(DIR)` or `pandas.read_parquet(DIR)`); failures in
    `_failures.jsonl` and the manifests of articles done in `_done/`, which readers skip."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.manifests = self.folder / "_done"
        self.manifests.mkdir(parents=True, exist_ok=True)
        self.seq = len(list(self.manifests.glob("part-*.ids")))

    def done_ids(self) -> set[str]:
        ids: set[str] = set()
        for f in self.manifests.glob("part-*.ids"):
            ids |= set(f.read_text(encoding="utf-8").split())
        return ids

    def fail(self, origin: str, reason: str) -> None:
        with open(self.folder / "_failures.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"origin": origin, "reason": reason}) + "\n")

    def write(self, done: list[tuple[dict, dict]]) -> None:
        """DONE: (article json, result json) pairs of one partition."""
        from observatory.store.export import write_parquet

        self.seq += 1
        stem = self.folder / f"part-{self.seq:06d}"
        manifest = self.manifests / f"part-{self.seq:06d}.ids"
        events = []
        for art, result in done:
            for e in result["events"]:
                events.append({**e, "articles": [{"id": art["id"], "url": art.get("url")}]})
        write_parquet(events, str(stem) + ".parquet")
        # the manifest last: a partition counts as done only when its events are on disk
        tmp = manifest.with_suffix(".tmp")
        tmp.write_text("\n".join(a["id"] for a, _ in done) + "\n", encoding="utf-8")
        tmp.rename(manifest)


def run_batch(inputs: Sequence[str], *, engine: str = "local", workers: int = 2, scheduler: str | None = None,
              db: str | None = None, parquet_out: Path | None = None, resume: bool = False,
              partition_size: int = 32, published_default: dt.date | None = None,
              task: Task = extract_partition, progress: Callable[[BatchSummary, int | None], None] | None = None,
              merge: bool = True) -> BatchSummary:
    """Extract every input item on ENGINE and write the results to DB and/or PARQUET_OUT."""
    from observatory.batch.engines import DaskEngine, LocalEngine
    from observatory.errors import ConfigError

    if db is None and parquet_out is None:
        raise ConfigError("batch needs somewhere to write: --db URL and/or --parquet-out DIR")
    store = None
    if db is not None:
        from observatory.store import open_store

        store = open_store(db)
    sink = ParquetSink(parquet_out) if parquet_out else None
    done_before: set[str] = sink.done_ids() if (sink and resume and store is None) else set()
    summary = BatchSummary()
    total = count_items(inputs)
    if store is not None:
        summary.run_id = store.start_run("batch", list(inputs))
    started = time.perf_counter()

    def record_failure(origin: str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append((origin, reason))
        if store is not None:
            store.record_failure(summary.run_id, origin, reason)
        if sink is not None:
            sink.fail(origin, reason)

    def partitions() -> Iterator[list[dict]]:
        part: list[dict] = []
        seen: set[str] = set()

        def ready(chunk: list[dict]) -> list[dict]:
            if resume and store is not None:
                known = store.known_ids(it["article"]["id"] for it in chunk)
            else:
                known = done_before
            keep = []
            for it in chunk:
                aid = it["article"]["id"]
                if aid in known or aid in seen:  # already stored, or the same report twice in the input
                    summary.skipped += 1
                    continue
                seen.add(aid)
                keep.append(it)
            return keep

        for item in iter_items(inputs, published_default):
            summary.articles += 1
            if "error" in item:
                record_failure(item["origin"], item["error"])
                continue
            part.append(item)
            if len(part) >= partition_size:
                chunk = ready(part)
                part = []
                if chunk:
                    yield chunk
        if part and (chunk := ready(part)):
            yield chunk

    runner = DaskEngine(workers, scheduler, task) if engine == "dask" else LocalEngine(workers, task)
    runner.start()
    try:
        source = enumerate(partitions())
        max_in_flight = max(2, workers * 2)

        def refill() -> None:
            while runner.in_flight() < max_in_flight:
                nxt = next(source, None)
                if nxt is None:
                    return
                runner.submit(nxt[0], nxt[1])

        refill()
        while runner.in_flight():
            for key, part, output in runner.results():
                if output is None:
                    if len(part) > 1:  # find the report that kills workers: run them one by one
                        for i, item in enumerate(part):
                            runner.submit((key, i), [item])
                    else:
                        record_failure(part[0]["origin"], "the worker process died while extracting this report "
                                                          "(given up after retries)")
                else:
                    _write(output, part, store, sink, summary, record_failure)
                summary.seconds = time.perf_counter() - started
                if progress:
                    progress(summary, total)
                refill()
    finally:
        runner.close()
    if store is not None and merge:
        summary.events = len(store.merge_pending())
        store.finish_run(summary.run_id, new=summary.stored, known=summary.skipped, failed=summary.failed)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(output: list[dict], part: list[dict], store, sink, summary: BatchSummary,
           record_failure: Callable[[str, str], None]) -> None:
    """Store one finished partition: each article with its results, or its failure."""
    from observatory.records import Article, ExtractionResult, Warning

    by_id = {it["article"]["id"]: it for it in part}
    done = []
    for res in output:
        item = by_id[res["article_id"]]
        if res["error"]:
            record_failure(res["origin"], res["error"])
            continue
        summary.words += len(item["article"]["text"].split())
        if store is not None:
            article = Article.model_validate(item["article"])
            result = ExtractionResult.model_validate(res["result"])
            warnings = [Warning.model_validate(w) for w in item.get("warnings", [])]
            if store.add_extraction(article, result, origin=item["origin"], run_id=summary.run_id, warnings=warnings):
                summary.stored += 1
            else:
                summary.skipped += 1
        else:
            summary.stored += 1
        done.append((item["article"], res["result"]))
    if sink is not None:
        sink.write(done)
