"""``gazetteer stats``: what the built-in index and the import store hold."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from .build import index_path
from .store import imports_path, is_store

__all__ = ["index_stats"]


def _counts(con: sqlite3.Connection, schema: str) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """(by source, by country) counts of places and names in one database."""
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: {"places": 0, "names": 0})
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: {"places": 0, "names": 0})
    for source, n in con.execute(f"SELECT source, count(*) FROM {schema}.places GROUP BY source"):
        by_source[source]["places"] += n
    for source, n in con.execute(f"SELECT p.source, count(*) FROM {schema}.names n JOIN {schema}.places p "
                                 "ON p.id = n.place_id GROUP BY p.source"):
        by_source[source]["names"] += n
    for iso2, n in con.execute(f"SELECT iso2, count(*) FROM {schema}.places GROUP BY iso2"):
        by_country[iso2]["places"] += n
    for iso2, n in con.execute(f"SELECT p.iso2, count(*) FROM {schema}.names n JOIN {schema}.places p "
                               "ON p.id = n.place_id GROUP BY p.iso2"):
        by_country[iso2]["names"] += n
    return dict(by_source), dict(by_country)


def index_stats(path: Path | None = None) -> dict[str, Any]:
    """What the gazetteer holds.

    Keys: ``index_path``, ``index_bytes``, ``built_at``, ``fingerprint``, ``places``,
    ``names``; ``imports_path``, ``imports_bytes``, ``imported_places``,
    ``imported_names``, ``confirmed`` (built-in places that imported coded data used);
    ``by_source`` (source -> {"places", "names"}, built-in and imported, biggest first);
    ``by_country`` (ACLED-style country name -> {"iso2", "places", "names",
    "imported"}, most places first); ``imports`` (one entry per imported file). Builds
    the index first if it is missing.
    """
    from .gazetteer import Gazetteer

    path = Path(path) if path is not None else index_path()
    gaz = Gazetteer(path, imports=False)  # builds the index if needed
    gaz.close()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
        names = dict((iso2, name) for iso2, name in con.execute("SELECT iso2, name FROM countries"))
        src_b, cty_b = _counts(con, "main")
        src_i: dict[str, dict[str, int]] = {}
        cty_i: dict[str, dict[str, int]] = {}
        store = imports_path(path)
        out: dict[str, Any] = {
            "index_path": str(path), "index_bytes": path.stat().st_size, "built_at": meta.get("built_at", ""),
            "fingerprint": meta.get("fingerprint", ""),
            "places": sum(v["places"] for v in src_b.values()), "names": sum(v["names"] for v in src_b.values()),
            "imports_path": str(store) if is_store(store) else "",
            "imports_bytes": store.stat().st_size if is_store(store) else 0,
            "imported_places": 0, "imported_names": 0, "confirmed": 0,
        }
        imports: list[dict[str, Any]] = []
        if is_store(store):
            con.execute("ATTACH DATABASE ? AS imp", (f"file:{store}?mode=ro",))
            src_i, cty_i = _counts(con, "imp")
            out["imported_places"] = sum(v["places"] for v in src_i.values())
            out["imported_names"] = sum(v["names"] for v in src_i.values())
            (out["confirmed"],) = con.execute("SELECT count(*) FROM imp.confirmed").fetchone()
            for row in con.execute("SELECT file_name, fmt, rows, places_added, names_added, skipped, confirmed, "
                                   "reasons, imported_at, path FROM imp.imports ORDER BY imported_at"):
                keys = ("file", "fmt", "rows", "places_added", "names_added", "skipped", "confirmed", "reasons",
                        "imported_at", "path")
                entry = dict(zip(keys, row))
                entry["reasons"] = json.loads(entry["reasons"] or "{}")
                imports.append(entry)
    finally:
        con.close()
    by_source = {**src_b, **src_i}
    out["by_source"] = dict(sorted(by_source.items(), key=lambda kv: -kv[1]["places"]))
    by_country: dict[str, dict[str, Any]] = {}
    for iso2 in set(cty_b) | set(cty_i):
        b, i = cty_b.get(iso2, {"places": 0, "names": 0}), cty_i.get(iso2, {"places": 0, "names": 0})
        by_country[names.get(iso2, iso2)] = {"iso2": iso2, "places": b["places"] + i["places"],
                                             "names": b["names"] + i["names"], "imported": i["places"]}
    out["by_country"] = dict(sorted(by_country.items(), key=lambda kv: (-kv[1]["places"], kv[0])))
    out["imports"] = imports
    return out
