"""Alembic environment: run by `observatory.store.db.migrate` with a live connection.

Alembic's own command line works too (`alembic -x url=sqlite:///path.db upgrade head`
from this folder's parent with a config naming `observatory.store:migrations`).
"""

from alembic import context

from observatory.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the alembic CLI path
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("url")
    connection = create_engine(url).connect()

context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
