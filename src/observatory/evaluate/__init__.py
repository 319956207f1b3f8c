"""Evaluation against human coders: score the extractor on ACLED and UCDP exports.

    from observatory.evaluate import run_evaluation
    metrics = run_evaluation("acled_export.csv", limit=300, sample=1, workers=2,
                             json_out="metrics.json", html_out="report.html")

Modules: :mod:`~observatory.evaluate.readers` (gold rows from ACLED/UCDP CSVs),
:mod:`~observatory.evaluate.compare` (name keys, distances, alias-aware look-ups),
:mod:`~observatory.evaluate.scoring` (per-row scores and aggregates),
:mod:`~observatory.evaluate.runner` (parallel extraction, outputs),
:mod:`~observatory.evaluate.report` (console report) and
:mod:`~observatory.evaluate.html` (HTML report with inline SVG plots).
Importing this package loads no model; the extractor is loaded when rows are extracted.
"""

from observatory.evaluate.readers import GoldRow, read_gold
from observatory.evaluate.runner import run_evaluation
from observatory.evaluate.scoring import RowScore, aggregate, score_row

__all__ = ["GoldRow", "RowScore", "aggregate", "read_gold", "run_evaluation", "score_row"]
