"""The import store: places a user imported, kept apart from the built-in index.

``observatory gazetteer import`` writes to ``data_dir()/gazetteer-imports.sqlite``, a
second SQLite file next to the built-in index. The built-in index is rebuilt whenever
its fingerprint (curated tables, build code, package versions) changes, and a rebuild
writes a fresh file; keeping imports in their own file means a rebuild never loses
them. The run-time :class:`~observatory.places.gazetteer.Gazetteer` attaches this file
read-only and queries both through two temporary views (``gplaces``, ``gnames``).

Schema (version ``STORE_VERSION``)::

    places(id INTEGER PRIMARY KEY,            -- from IMPORT_ID_BASE up: never clashes with
           name, iso2, admin1, admin2, lat,   --   a built-in id
           lon, feature, population, source,  -- source: "acled-import:<file>", ...
           ext_id, cell,                      -- the same 12 columns as the built-in places
           key TEXT UNIQUE)                   -- dedup key: iso2|norm|lat|lon (2 decimals)
    names(norm, place_id, name, kind)         -- as in the built-in index
    place_sources(place_id, source, ext_id, events, PRIMARY KEY(place_id, source))
    confirmed(key TEXT PRIMARY KEY, source, events)
                                              -- built-in places that imported coded data
                                              --   used (key: see ``confirm_key``)
    geonames_codes(code TEXT PRIMARY KEY, name) -- admin1CodesASCII / admin2Codes rows
    imports(sha256, fmt, path, file_name, rows, places_added, names_added, skipped,
            confirmed, reasons, imported_at, PRIMARY KEY(sha256, fmt))
    meta(key PRIMARY KEY, value)              -- store_version, norm_version

Names are stored with their normalised key. When the normalisation code changes
(``norm_version``), :func:`refresh_norms` recomputes the keys in place, so imports
stay findable after an upgrade.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import sqlite3
from pathlib import Path

from .. import settings
from ..errors import ConfigError
from .normalize import normalize_uncached

STORE_VERSION = 1
IMPORTS_NAME = "gazetteer-imports.sqlite"
#: Imported place ids start here (built-in ids are consecutive from 1).
IMPORT_ID_BASE = 1_000_000_000
#: Sources of human-coded conflict locations (ranked up a little by the gazetteer).
CODED_SOURCES = ("acled-import", "ucdp-import")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, iso2 TEXT NOT NULL, admin1 TEXT, admin2 TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL, ext_id TEXT,
    cell INTEGER NOT NULL, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS names(norm TEXT NOT NULL, place_id INTEGER NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL, UNIQUE(place_id, norm));
CREATE TABLE IF NOT EXISTS place_sources(place_id INTEGER NOT NULL, source TEXT NOT NULL, ext_id TEXT,
    events INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(place_id, source));
CREATE TABLE IF NOT EXISTS confirmed(key TEXT PRIMARY KEY, source TEXT NOT NULL, events INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS geonames_codes(code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports(sha256 TEXT NOT NULL, fmt TEXT NOT NULL, path TEXT NOT NULL,
    file_name TEXT NOT NULL, rows INTEGER, places_added INTEGER, names_added INTEGER, skipped INTEGER,
    confirmed INTEGER, reasons TEXT, imported_at TEXT, PRIMARY KEY(sha256, fmt));
CREATE INDEX IF NOT EXISTS imp_names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS imp_places_cell ON places(cell);
CREATE INDEX IF NOT EXISTS imp_places_iso2 ON places(iso2, feature);
CREATE INDEX IF NOT EXISTS imp_places_ext ON places(source, ext_id);
"""


def imports_path(index: Path | None = None) -> Path:
    """The import store next to ``index`` (default: in ``data_dir()``)."""
    folder = Path(index).parent if index is not None else settings.data_dir()
    return folder / IMPORTS_NAME


def norm_version() -> str:
    """A hash of the normalisation code: stored names need new keys when it changes."""
    src = (importlib.resources.files("observatory.places") / "normalize.py").read_bytes()
    return hashlib.sha256(src).hexdigest()[:16]


def confirm_key(iso2: str, name: str, lat: float, lon: float) -> str:
    """Key of a built-in place in ``confirmed``: stable across rebuilds of the same data
    (raw name and rounded position, not the place id, which a rebuild may change)."""
    return f"{iso2}|{name}|{lat:.3f}|{lon:.3f}"


def place_key(iso2: str, norm: str, lat: float, lon: float) -> str:
    """Dedup key of an imported place: country, normalised name, position to ~1 km."""
    return f"{iso2}|{norm}|{lat:.2f}|{lon:.2f}"


def open_store(path: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the import store for writing."""
    path = Path(path) if path is not None else imports_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.executescript(_SCHEMA)
    row = con.execute("SELECT value FROM meta WHERE key='store_version'").fetchone()
    if row is None:
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)",
                        [("store_version", str(STORE_VERSION)), ("norm_version", norm_version())])
        con.commit()
    elif row[0] != str(STORE_VERSION):
        con.close()
        raise ConfigError(f"{path}: import store version {row[0]}, this Observatory reads {STORE_VERSION}; "
                          "move the file away and import again")
    refresh_norms(con)
    return con


def refresh_norms(con: sqlite3.Connection) -> bool:
    """Recompute the normalised keys of stored names if the normaliser changed.

    Returns True if it did. Runs inside ``con``'s transaction and commits.
    """
    row = con.execute("SELECT value FROM meta WHERE key='norm_version'").fetchone()
    current = norm_version()
    if row is not None and row[0] == current:
        return False
    con.create_function("obs_norm", 1, normalize_uncached, deterministic=True)
    con.execute("UPDATE OR IGNORE names SET norm = obs_norm(name)")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('norm_version', ?)", (current,))
    con.commit()
    return True


def ensure_current(path: Path) -> None:
    """Bring an existing store's name keys up to date (called before attaching it)."""
    if not path.exists():
        return
    try:
        con = sqlite3.connect(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if {"meta", "names"} <= tables:
                refresh_norms(con)
        finally:
            con.close()
    except sqlite3.Error:
        return  # read-only folder or a damaged file: attach what is there (or nothing)


def read_meta(path: Path, key: str) -> str | None:
    """The ``meta`` table's value for KEY in the SQLite file PATH (read-only); None if the
    file, the table or the key is missing or unreadable."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def is_store(path: Path) -> bool:
    """Whether ``path`` is an import store this code can attach."""
    return read_meta(path, "store_version") == str(STORE_VERSION)
