"""Ingest runs: sources -> articles -> extraction -> store -> merge, with a record of each run.

`run_ingest` is what `observatory ingest`, `observatory watch` and the API's upload call.
Every item is handled on its own: one that cannot be read or extracted is recorded in
the run's failures with its reason, and the run goes on. An article already in the store
(same content hash) is counted as known and not extracted again, so rerunning an
interrupted ingest finishes the job without doubling anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class RunSummary:
    run_id: int
    new: int = 0
    known: int = 0
    failed: int = 0
    events: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)

    @property
    def seen(self) -> int:
        return self.new + self.known + self.failed


def run_ingest(store, specs: Sequence[str], *, published_default: dt.date | None = None,
               command: str = "ingest", progress: Callable[[str, str], None] | None = None,
               fetcher=None) -> RunSummary:
    """Ingest every item of SPECS into STORE; PROGRESS(origin, status) is called after each."""
    from observatory.ingest.sources import iter_sources

    summary = RunSummary(store.start_run(command, list(specs)))
    status = "failed"
    try:
        for item in iter_sources(specs, published_default=published_default, fetcher=fetcher):
            if item.article is None:
                outcome_status, reason = "failed", item.error or "could not be read"
            else:
                try:
                    outcome = store.ingest_article(item.article, item.warnings, origin=item.origin,
                                                   run_id=summary.run_id)
                except Exception as exc:  # noqa: BLE001 - one bad report must not stop the run
                    outcome_status, reason = "failed", f"extraction failed: {type(exc).__name__}: {exc}"
                else:
                    outcome_status, reason = outcome.status, outcome.error
                    summary.events += [e for e in outcome.event_ids if e not in summary.events]
            if outcome_status == "failed":
                summary.failed += 1
                summary.failures.append((item.origin, reason or "failed"))
                store.record_failure(summary.run_id, item.origin, reason or "failed")
            elif outcome_status == "new":
                summary.new += 1
            else:
                summary.known += 1
            if progress:
                progress(item.origin, outcome_status)
        status = "done"
    finally:
        store.finish_run(summary.run_id, new=summary.new, known=summary.known, failed=summary.failed,
                         status=status)
    return summary
