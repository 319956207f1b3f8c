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
