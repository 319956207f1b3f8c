#!/usr/bin/env python3
"""Throughput of the extraction pipeline against plain spaCy, on a JSONL corpus.

usage: python bench/extract.py CORPUS.jsonl [--limit N] [--text-field F]

Each line is a JSON object whose text is in `text`, `doc_text`, `notes` or --text-field.
In one run it measures plain spaCy `nlp.pipe` (the installed model, all its components)
and the full Observatory pipeline on the same texts, and prints articles/s, words/s,
the ratio of the two, peak memory, and the cold-start time of `observatory extract`
on the seed report. Runs on one core (one process).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "syria_aleppo_hts_offensive.txt"


def load_texts(path: Path, limit: int, field: str | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            text = row.get(field) if field else (row.get("text") or row.get("doc_text") or row.get("notes"))
            if text:
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_start() -> float:
    exe = Path(sys.executable).with_name("observatory")
    t = time.perf_counter()
    subprocess.run([str(exe), "extract", str(SEED), "--published", "2024-11-28", "--format", "json"],
                   check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--text-field")
    args = ap.parse_args()

    from observatory.ingest import article_from_text
    from observatory.nlp import load_model
    from observatory.pipeline import get_extractor

    texts = load_texts(args.corpus, args.limit, args.text_field)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {args.corpus} — {len(texts)} articles, {words:,} words")

    plain = load_model()
    t = time.perf_counter()
    for _ in plain.pipe(texts, batch_size=32):
        pass
    plain_s = time.perf_counter() - t
    del plain

    extractor = get_extractor()
    articles = []
    for text in texts:
        article, warnings = article_from_text(text, check_language=False)
        articles.append((article, warnings))
    events = failures = 0
    t = time.perf_counter()
    docs = extractor.nlp.pipe((a.text for a, _ in articles), batch_size=32)
    for (article, warnings), doc in zip(articles, docs):
        try:
            events += len(extractor.extract_doc(article, doc, list(warnings)).events)
        except Exception as exc:  # a benchmark counts failures instead of stopping
            failures += 1
            print(f"  failed on {article.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
    full_s = time.perf_counter() - t

    print(f"plain spaCy nlp.pipe : {len(texts) / plain_s:8.1f} articles/s {words / plain_s:10,.0f} words/s")
    print(f"observatory pipeline : {len(texts) / full_s:8.1f} articles/s {words / full_s:10,.0f} words/s "
          f"({events} events, {failures} failures)")
    print(f"ratio (pipeline / plain spaCy words/s): {plain_s / full_s:.2f}   target >= 0.70")
    print(f"peak memory (RSS): {peak_mb():.0f} MB")
    print(f"cold start, observatory extract on the seed: {cold_start():.2f} s   target < 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
