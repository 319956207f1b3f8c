#!/usr/bin/env python3
"""Death tolls against a hand-coded truth: does each report's main event get its figure?

usage: python bench/casualties.py [REPORTS.jsonl] [TRUTH.json] [--show N]

Runs the extractor on every report of the merge corpus (`tests/corpus/merge/` by default)
and compares the `fatalities` of each report's main event (the first event of the article:
the one its lede tells) with `fatalities_by_report` in the truth: the ACLED figure the report
alone supports. A report with no event counts as 0 dead. Prints the exact-match share and
every miss with the figures the extractor found, so a rule change shows what it fixed and
what it broke.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "merge"


def truth_figures(path: Path) -> dict[str, int]:
    """id_hint -> the ACLED fatality figure that report alone supports."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    for ev in truth["events"].values():
        out.update(ev.get("fatalities_by_report", {}))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", type=Path, nargs="?", default=CORPUS / "reports.jsonl")
    ap.add_argument("truth", type=Path, nargs="?", default=CORPUS / "truth.json")
    ap.add_argument("--quiet", action="store_true", help="only the score line")
    args = ap.parse_args()

    from observatory.ingest.text import article_from_text
    from observatory.pipeline import get_extractor

    expected = truth_figures(args.truth)
    rows = [json.loads(line) for line in args.reports.read_text(encoding="utf-8").splitlines() if line.strip()]
    extractor = get_extractor()
    hits, misses = 0, []
    t0 = time.perf_counter()
    for row in rows:
        hint = row["id_hint"]
        if hint not in expected:
            continue
        art, warnings = article_from_text(row["text"], published=dt.date.fromisoformat(row["published"]),
                                          outlet=row.get("outlet"), title=row.get("title"), url=row.get("url"))
        result = extractor.extract(art, warnings)
        got = result.events[0].fatalities if result.events else 0
        if got == expected[hint]:
            hits += 1
            continue
        figures = []
        if result.events:
            figures = [f"{c.best}{'?' if c.qualifier == 'vague' else ''} {c.kind} ({c.source}: {c.evidence.text!r})"
                       for c in result.events[0].casualties if c.kind == "killed"]
        misses.append((hint, expected[hint], got, figures))
    total = hits + len(misses)
    if not args.quiet:
        for hint, want, got, figures in misses:
            print(f"MISS {hint}: truth {want}, got {got}")
            for f in figures:
                print(f"      {f}")
    print(f"fatalities exact: {hits}/{total} = {hits / total:.3f}  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
