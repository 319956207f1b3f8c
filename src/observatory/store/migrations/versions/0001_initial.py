"""The first schema: articles, reports, claims, events, history, actors, places, runs, failures.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

This revision creates the tables of `observatory.store.schema` as they were when it was
written. RULE for the next schema change: first freeze the table definitions used here
(copy them into this file), then write revision 0002 with `op.add_column` & co.
"""
from alembic import op

from observatory.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    if bind.dialect.name == "postgresql":
        # the actor filter is a substring search: a trigram index serves it on PostgreSQL
        # (pg_trgm ships with postgresql-contrib; without the right to add it, we go on without)
        from sqlalchemy.exc import DBAPIError

        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                bind.exec_driver_sql("CREATE INDEX ix_events_actors_trgm ON events USING gin (actors_key gin_trgm_ops)")
        except DBAPIError:
            pass


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
