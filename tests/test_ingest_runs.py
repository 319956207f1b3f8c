"""Whole ingest runs through the CLI, as a user runs them: the merge corpus, kills, concurrency.

The corpus (tests/corpus/merge) is 56 reports written for the project: 27 real-world-style
events, most told by three outlets over several days, beside hard negatives on the same
days and places. Its truth.json was written by hand before the extractor saw the texts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from observatory.ingest.text import content_id
from observatory.store import open_store
from observatory.store.mergeeval import load_truth, score

CORPUS = Path(__file__).parent / "corpus" / "merge"
REPORTS = CORPUS / "reports.jsonl"
pytestmark = pytest.mark.slow


def observatory(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "observatory", *args], capture_output=True, text=True,
                          timeout=600, **kw)


def hints() -> dict[str, str]:
    """id_hint -> article id, computed from the texts the way ingest does."""
    import json

    out = {}
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["id_hint"]] = content_id(row["text"].replace("\r\n", "\n"))
    return out


def grouping(url: str) -> set[frozenset[str]]:
    """The store's partition of articles into canonical events."""
    store = open_store(url)
    groups: dict[str, set[str]] = {}
    for aid in hints().values():
        for ev in store.article_events(aid):
            groups.setdefault(ev, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> str:
    """One clean ingest of the corpus into SQLite: what every other run must end up equal to."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    out = observatory("ingest", str(REPORTS), "--db", url)
    assert out.returncode == 0, out.stderr
    assert "56 new, 0 already known, 0 failed" in out.stdout
    return url


def test_corpus_merges_into_events(reference):
    truth = load_truth(CORPUS / "truth.json")
    store = open_store(reference)
    ids = hints()
    predicted = {h: set(store.article_events(ids[h])) for h in truth}
    s = score(truth, predicted)
    print(f"merge precision {s.precision:.3f} recall {s.recall:.3f} ({s.pairs_correct}/{s.pairs_predicted} "
          f"predicted pairs right, {s.pairs_correct}/{s.pairs_true} true pairs found); wrong {s.wrong_merges}; "
          f"missed {s.missed_merges}")
    # figures measured when the merge rules were written: precision 0.912, recall 0.775; after
    # the extraction fixes of session 3 (datelines, reasons named after "in connection with",
    # fights "between" two armed sides): 1.000 and 1.000
    assert s.precision >= 0.95 and s.recall >= 0.9
    # the toll that rose over three days is kept with its history
    kharkiv = [e for e in store.query_events(limit=200)[1] if e["n_reports"] >= 2 and e["country"] == "Ukraine"]
    assert kharkiv, "the Kharkiv strike told by several outlets is one event"
    full = store.get_event(kharkiv[0]["event_id"])
    assert len(full["reports"]) == len(full["articles"]) >= 2
    assert all(r["merge_reason"] for r in full["reports"])


def test_second_ingest_changes_nothing(reference):
    before = open_store(reference).summary()
    out = observatory("ingest", str(REPORTS), "--db", reference)
    assert out.returncode == 0 and "0 new, 56 already known" in out.stdout
    after = open_store(reference).summary()
    assert before == after


def _wait_for_articles(url: str, n: int, proc: subprocess.Popen, timeout: float = 300) -> int:
    store = open_store(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("ingest finished before it could be killed")
        try:
            have = store.summary()["articles"]
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            have = 0
        if have >= n:
            return have
        time.sleep(0.05)
    raise AssertionError("ingest made no progress")


def test_sigkill_mid_ingest_then_rerun(reference, store_url):
    proc = subprocess.Popen([sys.executable, "-m", "observatory", "ingest", str(REPORTS), "--db", store_url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        had = _wait_for_articles(store_url, 12, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    store = open_store(store_url)
    mid = store.summary()
    assert 12 <= had <= mid["articles"] < 56, mid
    # consistent: every stored article is whole (all its reports and claims), nothing half-written
    out = observatory("ingest", str(REPORTS), "--db", store_url)
    assert out.returncode == 0, out.stderr
    assert f"{56 - mid['articles']} new, {mid['articles']} already known, 0 failed" in out.stdout
    assert store.summary() == open_store(reference).summary()
    assert grouping(store_url) == grouping(reference)


def test_two_ingests_into_one_sqlite_file_at_once(reference, tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    observatory("events", "--db", url)  # create the schema first, as a user's first command would
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-m", "observatory", "ingest", str(REPORTS), "--db", url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    store = open_store(url)
    ref = open_store(reference).summary()
    got = store.summary()
    assert got["articles"] == ref["articles"] == 56 and got["reports"] == ref["reports"] and got["claims"] == ref["claims"]
    # each article was stored by exactly one of the two processes
    new = [int(o[0].split(":")[1].split(" new")[0]) for o in outs]
    assert sum(new) == 56
    # merges ran in another order, so compare what matters: every report is in one event
    from sqlalchemy import text

    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports WHERE event_id IS NULL")).scalar() == 0
    assert abs(got["events"] - ref["events"]) <= 2, (got, ref)
