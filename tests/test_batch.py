"""Batch extraction on local processes and on a real Dask LocalCluster: same results, faults survived."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from observatory.batch import run_batch
from observatory.store import open_store

CORPUS = Path(__file__).parent / "corpus" / "merge" / "reports.jsonl"
pytestmark = pytest.mark.slow

RAISE_TEXT = ("Gunmen killed three farmers in the village of Tsafe in Zamfara state on Monday, police said. "
              "POISON-RAISE")
KILL_TEXT = ("Two soldiers were killed when their patrol hit a roadside bomb near Afgooye on Tuesday, "
             "Somali officials said. POISON-KILL")


def small_corpus(tmp_path: Path, n: int = 10, extra: list[str] = ()) -> Path:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:n]
    for i, text in enumerate(extra):
        lines.append(json.dumps({"text": text, "url": f"https://faults.test/{i}", "outlet": "Fault wire",
                                 "published": "2024-06-19"}))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_events(url: str) -> list[dict]:
    total, items = open_store(url).query_events(limit=1000)
    for e in items:
        e.pop("updated_at")
    return sorted(items, key=lambda e: e["event_id"])


def test_dask_and_local_engines_store_the_same_events(tmp_path):
    corpus = small_corpus(tmp_path)
    local = f"sqlite:///{tmp_path / 'local.db'}"
    dask = f"sqlite:///{tmp_path / 'dask.db'}"
    a = run_batch([str(corpus)], engine="local", workers=2, db=local, partition_size=3)
    b = run_batch([str(corpus)], engine="dask", workers=2, db=dask, partition_size=3)
    assert a.stored == b.stored == 10 and a.failed == b.failed == 0
    ev_local, ev_dask = stored_events(local), stored_events(dask)
    assert len(ev_local) >= 5
    assert ev_local == ev_dask
    assert open_store(local).summary() == open_store(dask).summary()


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_raising_report_and_a_killed_worker(tmp_path, monkeypatch, engine):
    import cloudpickle

    import batch_faults

    cloudpickle.register_pickle_by_value(batch_faults)  # Dask workers need not find the tests folder
    flag = tmp_path / "killed.flag"
    monkeypatch.setenv("OBSERVATORY_TEST_KILL_FLAG", str(flag))
    corpus = small_corpus(tmp_path, 8, [RAISE_TEXT, KILL_TEXT])
    url = f"sqlite:///{tmp_path / 'faults.db'}"
    s = run_batch([str(corpus)], engine=engine, workers=2, db=url, partition_size=3,
                  task=batch_faults.faulty_partition)
    assert flag.exists(), "a worker was killed"
    assert s.failed == 1 and "blew up" in s.failures[0][1] and s.failures[0][0].endswith(":9")
    store = open_store(url)
    summary = store.summary()
    assert summary["articles"] == s.stored == 9  # 8 corpus reports + the bomb report whose worker died once
    assert summary["failures"] == 1
    # nothing twice: one row per article, one report per (article, event)
    from sqlalchemy import text

    with store.engine.connect() as conn:
        dup = conn.execute(text("SELECT count(*) FROM (SELECT article_id, local_id FROM reports "
                                "GROUP BY article_id, local_id HAVING count(*) > 1) d")).scalar()
        unmerged = conn.execute(text("SELECT count(*) FROM reports WHERE event_id IS NULL")).scalar()
    assert dup == 0 and unmerged == 0


def test_resume_skips_what_is_stored_and_cli_reports(tmp_path):
    corpus = small_corpus(tmp_path, 6)
    url = f"sqlite:///{tmp_path / 'r.db'}"
    run_batch([str(corpus)], engine="local", workers=1, db=url, partition_size=4)
    out = subprocess.run([sys.executable, "-m", "observatory", "batch", str(corpus), "--db", url, "--resume",
                          "--workers", "1", "--parquet-out", str(tmp_path / "pq")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "0 reports stored, 6 skipped" in out.stdout
    out = subprocess.run([sys.executable, "-m", "observatory", "batch", str(corpus), "--no-store",
                          "--parquet-out", str(tmp_path / "pq2"), "--workers", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "pq2")
    assert table.num_rows >= 3 and "article_id" in table.column_names
    ids = set()
    for f in (tmp_path / "pq2" / "_done").glob("part-*.ids"):
        ids |= set(f.read_text().split())
    assert len(ids) == 6


def test_a_directory_gives_its_parquet_files_and_its_other_reports(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from observatory.batch.runner import iter_items

    pq.write_table(pa.table({"text": ["Police said two men were arrested in Kano on Monday.", ""],
                             "published": ["2024-05-07", "2024-05-07"]}), tmp_path / "a.parquet")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Gunmen killed three farmers in Tsafe on Sunday, police said.",
                                                  "published": "2024-05-06"}) + "\n", encoding="utf-8")
    items = {i["origin"].rsplit("/", 1)[-1]: i for i in iter_items([str(tmp_path)])}
    assert set(items) == {"b.jsonl:1", "a.parquet:1", "a.parquet:2"}
    assert items["a.parquet:1"]["article"]["published"] == "2024-05-07"
    assert "no 'text'" in items["a.parquet:2"]["error"]
