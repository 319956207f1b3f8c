"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

    articles        every report, as ingested (id = hash of the normalised text)
    reports         one event as one article told it (the extractor's contract event, kept
                    whole as JSON), linked to the canonical event it was merged into
    claims          every claim and casualty figure of a report, with its span and source
    events          canonical events: one per real-world event, recomputed from its reports
    event_history   the figures and place of an event after each report that changed them
    actors, places  what the events name, for listing and lookups
    ingest_runs     one row per ingest/batch command; failures: what could not be read, and why

The tables change only through migrations (`observatory/store/migrations`); this module
is the current shape that the queries use.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, SmallInteger, String, Table, Text, UniqueConstraint)

metadata = MetaData()

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(32), nullable=False),
    Column("sources", JSON, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("new", Integer, nullable=False, default=0),
    Column("known", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="running"),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", Date, index=True),
    Column("language", String(8), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("origin", Text),
    Column("warnings", JSON, nullable=False, default=list),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("event_date", Date),
    Column("time_precision", SmallInteger),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text),
    Column("assoc_actor_1", JSON, nullable=False, default=list),
    Column("inter1", SmallInteger),
    Column("actor2", Text),
    Column("assoc_actor_2", JSON, nullable=False, default=list),
    Column("inter2", SmallInteger),
    Column("interaction", SmallInteger),
    Column("civilian_targeting", Boolean, nullable=False, default=False),
    Column("country", String(80)),
    Column("iso3", String(3)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", SmallInteger),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("fatalities_low", Integer, nullable=False, default=0),
    Column("fatalities_best", Integer, nullable=False, default=0),
    Column("fatalities_high", Integer),
    Column("sources", JSON, nullable=False, default=list),
    Column("notes", Text, nullable=False, default=""),
    Column("confidence", Float, nullable=False, default=0.5),
    Column("n_reports", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # the second column lets counts and sums by day, country, type and actor read the index alone
    Index("ix_events_date", "event_date", "fatalities"),
    Index("ix_events_iso3_date", "iso3", "event_date", "fatalities"),
    Index("ix_events_country", "country", "fatalities"),
    Index("ix_events_type", "event_type", "fatalities"),
    Index("ix_events_type_date", "event_type", "event_date"),
    Index("ix_events_iso3_type", "iso3", "event_type", "event_date"),
    Index("ix_events_iso3_sub_type", "iso3", "sub_event_type", "event_date"),
    Index("ix_events_sub_type", "sub_event_type", "event_date"),
    Index("ix_events_actor1", "actor1", "fatalities"),
    Index("ix_events_actor2", "actor2"),
    Index("ix_events_latlon", "latitude", "longitude"),
)

event_actors = Table(  # every actor of an event (both sides and associated): the actor filter
    "event_actors", metadata,
    Column("event_id", String(40), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor", Text, primary_key=True),
    Index("ix_event_actors_actor", "actor", "event_id"),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(64), nullable=False),  # the event_id the extractor gave inside the article
    Column("event_id", String(40), ForeignKey("events.id", ondelete="SET NULL"), index=True),  # NULL until merged
    Column("published", Date),
    Column("payload", JSON, nullable=False),  # the contract event as the article told it
    Column("merge_reason", Text),
    Column("merge_score", Float),
    Column("merged_at", DateTime(timezone=True)),
    UniqueConstraint("article_id", "local_id", name="uq_reports_article_local"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # claim | casualty
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("actor", Text),
    Column("casualty_kind", String(16)),
    Column("low", Integer),
    Column("best", Integer),
    Column("high", Integer),
    Column("qualifier", Text),
)

event_history = Table(
    "event_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(40), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("article_id", String(32)),
    Column("fatalities", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("note", Text, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("name", Text, primary_key=True),
    Column("inter", SmallInteger),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("country", String(80)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", SmallInteger),
    UniqueConstraint("name", "country", "admin1", name="uq_places_name"),
)
