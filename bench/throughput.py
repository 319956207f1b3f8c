#!/usr/bin/env python3
"""Batch throughput against the limit of this design: plain spaCy on one core.

usage: python bench/throughput.py CORPUS.jsonl [--limit N] [--partition-size N] [--text-field F]

In one run, on the same texts:
  1. plain spaCy `nlp.pipe` (the installed model, all its components) in this process, on
     one core: the most a spaCy-based extractor can do per core;
  2. the full Observatory pipeline through the batch engines, with the same task as
     `observatory batch` (`observatory.batch.work.extract_partition`): the local engine
     with 1 and 2 worker processes, and Dask (a LocalCluster) with 1 and 2 workers.
Workers load their models before the clock starts (as in a long batch, where start-up
is amortised). Prints articles/s, words/s, the ratio to plain spaCy per core, the 1 -> 2
worker scaling factor and the peak memory (RSS) of each worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from extract import load_texts  # bench/ is on sys.path when a bench script runs

# one core means one thread: no BLAS pool in the plain-spaCy baseline either (set before numpy loads)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def measured_partition(items: list[dict]) -> list[dict]:
    """The batch task, plus this worker's pid and peak RSS on the first entry."""
    from observatory.batch.work import extract_partition

    out = extract_partition(items)
    if out:
        out[0]["_worker"] = (os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def run_engine(kind: str, workers: int, parts: list[list[dict]]) -> tuple[float, dict[int, float], int]:
    from observatory.batch.engines import DaskEngine, LocalEngine

    engine = DaskEngine(workers, task=measured_partition) if kind == "dask" else LocalEngine(workers, measured_partition)
    engine.start()
    try:
        # warm up: every worker loads its models before the clock starts
        for i in range(workers * 2):
            engine.submit(("warm", i), parts[i % len(parts)][:1])
        for _ in engine.results():
            pass
        rss: dict[int, float] = {}
        events = 0
        t = time.perf_counter()
        for i, part in enumerate(parts):
            engine.submit(i, part)
        for _key, _part, output in engine.results():
            if output is None:
                raise RuntimeError("a worker died during the benchmark")
            for res in output:
                if "_worker" in res:
                    pid, mb = res["_worker"]
                    rss[pid] = max(rss.get(pid, 0.0), mb)
                if res["result"]:
                    events += len(res["result"]["events"])
        return time.perf_counter() - t, rss, events
    finally:
        engine.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--partition-size", type=int, default=8)
    ap.add_argument("--text-field")
    ap.add_argument("--engines", default="local,dask")
    args = ap.parse_args()

    from observatory.ingest import article_from_text
    from observatory.nlp import load_model

    texts = load_texts(args.corpus, args.limit, args.text_field)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {args.corpus} — {len(texts)} articles, {words:,} words; {os.cpu_count()} cores; "
          f"partitions of {args.partition_size}")

    nlp = load_model()
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    plain = time.perf_counter() - t
    del nlp
    plain_wps = words / plain
    print(f"{'plain spaCy nlp.pipe, 1 core':34} {len(texts) / plain:8.1f} articles/s {plain_wps:9,.0f} words/s")

    items = []
    for text in texts:
        art, warnings = article_from_text(text, check_language=False)
        items.append({"origin": art.id, "article": art.model_dump(mode="json"),
                      "warnings": [w.model_dump(mode="json") for w in warnings]})
    parts = [items[i:i + args.partition_size] for i in range(0, len(items), args.partition_size)]

    for kind in args.engines.split(","):
        speeds = {}
        for workers in (1, 2):
            seconds, rss, events = run_engine(kind, workers, parts)
            wps = words / seconds
            speeds[workers] = wps
            per_core = wps / workers / plain_wps
            print(f"{f'observatory, {kind} engine, {workers} worker(s)':34} {len(texts) / seconds:8.1f} articles/s "
                  f"{wps:9,.0f} words/s  {per_core:.2f} of plain spaCy per core; {events} events; "
                  f"peak RSS per worker {', '.join(f'{mb:.0f} MB' for mb in rss.values())}")
        print(f"{'':34} scaling 1 -> 2 workers: {speeds[2] / speeds[1]:.2f}x   (targets: >= 0.70 per core, >= 1.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
