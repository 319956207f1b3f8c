"""Shared fixtures: the example reports, and one extractor for the whole session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def example_names() -> list[str]:
    return sorted(p.name[: -len(".expected.json")] for p in EXAMPLES.glob("*.expected.json"))


def load_meta(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.meta.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def extract_example():
    """extract_example(name) -> ExtractionResult, cached per session."""
    from observatory.ingest import read_article
    from observatory.pipeline import extract_article

    cache: dict[str, object] = {}

    def run(name: str):
        if name not in cache:
            meta = load_meta(name)
            article, warnings = read_article(
                EXAMPLES / f"{name}.txt", published=dt.date.fromisoformat(meta["published"]),
                outlet=meta.get("outlet"), title=meta.get("title"), url=meta.get("url"))
            cache[name] = extract_article(article, warnings)
        return cache[name]

    return run


# ---- databases: a fresh SQLite file, or a real PostgreSQL server emptied per test -------------

def _postgres_url() -> str:
    """The test server's URL: $OBSERVATORY_TEST_PG_URL, or start scripts/pg-test-server (make test does)."""
    import os
    import subprocess

    url = os.environ.get("OBSERVATORY_TEST_PG_URL")
    if url:
        return url
    out = subprocess.run([str(ROOT / "scripts" / "pg-test-server")], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"could not start the PostgreSQL test server:\n{out.stderr}")
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def postgres_url():
    """A database of this test session's own on the server, so parallel runs never meet."""
    import os

    import psycopg

    base = _postgres_url()
    name = f"observatory_test_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty event store: a new SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from observatory.store import open_store

    url = request.getfixturevalue("postgres_url")
    open_store(url).delete_everything()
    return url
