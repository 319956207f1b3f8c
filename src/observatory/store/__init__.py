"""The event store: articles, reports, claims and canonical events in SQLite or PostgreSQL.

    open_store(url)       -> Store (schema migrated on first use)
    Store.ingest_article  extract, store and merge one article
    Store.query_events    filtered, paginated events; get_event / get_article with evidence
    EventFilter           the filters shared by the CLI, the API and exports
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observatory.store.filters import EventFilter
    from observatory.store.repo import IngestOutcome, Store

__all__ = ["EventFilter", "IngestOutcome", "Store", "open_store"]


def __getattr__(name: str):
    """Lazy: `observatory.store.export` and friends must not pay for SQLAlchemy's import."""
    if name == "EventFilter":
        from observatory.store.filters import EventFilter

        return EventFilter
    if name in ("Store", "IngestOutcome"):
        from observatory.store import repo

        return getattr(repo, name)
    raise AttributeError(name)


def open_store(url: str | None = None) -> "Store":
    """The store at URL (a SQLite path, sqlite:///PATH or postgresql://...; default: the data dir)."""
    from observatory.store.db import normalise_url

    return _open(normalise_url(url))


@functools.lru_cache(maxsize=16)
def _open(url: str) -> "Store":
    from observatory.store.db import connect_checked
    from observatory.store.repo import Store

    return Store(connect_checked(url), url)
