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
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
