"""Engines: which database, how to connect, and bringing its schema up to date.

The database is chosen by, in order: the `--db URL` of a command, the OBSERVATORY_DB
environment variable, and the default SQLite file `<data dir>/observatory.db`.

SQLite is opened in WAL mode with a busy timeout, and write transactions start with
`BEGIN IMMEDIATE`, so two processes ingesting into one file queue for the write lock
instead of failing half-way. PostgreSQL URLs (`postgresql://...`) use psycopg 3.
"""

from __future__ import annotations

import functools
from pathlib import Path

from observatory import settings
from observatory.errors import ConfigError

HEAD = "0001"  # the newest migration; opening a store at an older revision upgrades it


def default_url() -> str:
    value = settings.get("db")
    if value:
        return value
    return f"sqlite:///{settings.data_dir() / 'observatory.db'}"


def normalise_url(url: str | None) -> str:
    """Accept what users type: a bare path means SQLite; postgres:// means psycopg 3."""
    url = (url or "").strip() or default_url()
    if "://" not in url:
        path = Path(url).expanduser()
        return f"sqlite:///{path.resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql", "postgresql+psycopg2"):
        return "postgresql+psycopg://" + rest
    if scheme in ("postgresql+psycopg", "sqlite", "sqlite+pysqlite"):
        return url
    raise ConfigError(f"unsupported database URL '{scheme}://...': use a SQLite path or sqlite:///PATH, "
                      f"or postgresql://USER@HOST/DB")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message helper must not raise
        return url.split("@")[-1]


@functools.lru_cache(maxsize=16)
def engine_for(url: str):
    """One engine per URL and process (engines pool their connections)."""
    from sqlalchemy import create_engine, event

    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.is_dir():
                raise ConfigError(f"cannot create the database {path}: the folder {parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            immediate = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    return engine


def current_revision(engine) -> str | None:
    with engine.connect() as conn:
        return _revision_on(conn)


def migrate(engine) -> None:
    """Bring the schema to HEAD with alembic (only imported when there is work to do)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect().execution_options(write=True) as conn:
        cfg.attributes["connection"] = conn
        if conn.dialect.name == "postgresql":
            # two processes opening a fresh database at once: one migrates, the other waits
            with conn.begin():
                conn.exec_driver_sql("SELECT pg_advisory_lock(73401)")
        try:
            if _revision_on(conn) != HEAD:
                command.upgrade(cfg, "head")
                conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_unlock(73401)")
                conn.commit()


def _revision_on(conn) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def connect_checked(url: str | None):
    """An engine for URL with an up-to-date schema, or a ConfigError that says what failed."""
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    full = normalise_url(url)
    engine = engine_for(full)
    try:
        if current_revision(engine) != HEAD:
            migrate(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError(f"cannot open the database {redact(full)}: {reason}") from exc
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ConfigError(f"database {redact(full)} cannot be used: {reason}") from exc
    return engine
