#!/usr/bin/env python3
"""Ingest throughput into SQLite and PostgreSQL, and event-query latency on 100,000 events.

usage: python bench/ingest.py CORPUS.jsonl [--limit N] [--events N] [--pg URL | --no-pg]

1. end to end: N articles of the corpus through `Store.ingest_article` (extraction, storage,
   merge), into a fresh SQLite file and a fresh PostgreSQL database: articles/s;
2. the store alone: the same articles, extracted once beforehand, written and merged:
   articles/s and reports/s, so the store's share of the cost is visible;
3. queries: a store filled with --events synthetic events (default 100,000); p50/p95 of the
   filters `observatory events` offers, in process, and the wall time of the CLI itself.

PostgreSQL is the project's test server (scripts/pg-test-server) unless --pg names one.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract import load_texts  # bench/ is on sys.path when a bench script runs

ROOT = Path(__file__).resolve().parents[1]
QUERIES = {
    "no filter (page of 50)": {},
    "country": {"country": "Syria"},
    "country + type + since": {"country": "SY", "type": "Battles", "since": "2024-01-01"},
    "actor substring": {"actor": "shabaab"},
    "near 50 km": {"near": "35,38.5,50"},
    "date range": {"since": "2024-03-01", "until": "2024-03-31"},
}


def fresh_pg(base: str, name: str) -> str:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--pg", help="PostgreSQL server URL (default: start scripts/pg-test-server)")
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()

    from observatory.ingest import article_from_text
    from observatory.pipeline import get_extractor
    from observatory.store import EventFilter, open_store
    from observatory.store.synth import fill

    tmp = Path(tempfile.mkdtemp(prefix="obs-bench-"))
    engines = {"sqlite": lambda name: f"sqlite:///{tmp / (name + '.db')}"}
    if not args.no_pg:
        base = args.pg or subprocess.run([str(ROOT / "scripts" / "pg-test-server")], check=True,
                                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
        engines["postgresql"] = lambda name: fresh_pg(base, f"observatory_bench_{name}")

    articles = []
    for i, text in enumerate(load_texts(args.corpus, args.limit, None)):
        art, warnings = article_from_text(text, url=f"https://bench.test/{i}", check_language=False)
        articles.append((art, warnings))
    words = sum(len(a.text.split()) for a, _ in articles)
    print(f"corpus: {args.corpus} — {len(articles)} articles, {words:,} words")
    extractor = get_extractor()
    t = time.perf_counter()
    results = [extractor.extract(a, list(w)) for a, w in articles]
    extract_s = time.perf_counter() - t
    n_reports = sum(len(r.events) for r in results)
    print(f"extraction alone      : {len(articles) / extract_s:7.1f} articles/s ({n_reports} events)")

    for engine, url_for in engines.items():
        store = open_store(url_for("e2e"))
        store._extractor = extractor
        t = time.perf_counter()
        for art, warnings in articles:
            store.ingest_article(art, warnings)
        e2e = time.perf_counter() - t
        store = open_store(url_for("store"))
        t = time.perf_counter()
        for (art, warnings), res in zip(articles, results):
            store.add_extraction(art, res, warnings=warnings)
            store.merge_pending()
        only = time.perf_counter() - t
        print(f"{engine:10} ingest end to end : {len(articles) / e2e:7.1f} articles/s   "
              f"store alone: {len(articles) / only:7.1f} articles/s, {n_reports / only:7.1f} reports/s "
              f"({store.summary()['events']} events after merging)")

    for engine, url_for in engines.items():
        store = open_store(url_for("q"))
        t = time.perf_counter()
        fill(store, args.events)
        print(f"\n{engine}: {args.events:,} synthetic events written in {time.perf_counter() - t:.1f} s")
        print(f"  {'query':28} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for label, kw in QUERIES.items():
            flt = EventFilter(**kw)
            times = []
            for _ in range(30):
                t = time.perf_counter()
                total, _items = store.query_events(flt, limit=50)
                times.append((time.perf_counter() - t) * 1000)
            print(f"  {label:28} {total:8,} {statistics.median(times):8.1f} {pct(times, 0.95):8.1f}")
        t = time.perf_counter()
        store._stats(EventFilter(), 20)
        print(f"  stats, uncached              {'':8} {(time.perf_counter() - t) * 1000:8.1f}")
        exe = Path(sys.executable).with_name("observatory")
        t = time.perf_counter()
        subprocess.run([str(exe), "events", "--db", url_for("q") if engine == "sqlite" else store.url.replace(
            "postgresql+psycopg", "postgresql"), "--country", "Syria", "--format", "json", "--limit", "50"],
                       check=True, capture_output=True)
        print(f"  CLI `observatory events --country Syria --format json --limit 50`: "
              f"{time.perf_counter() - t:.2f} s wall (Python start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
