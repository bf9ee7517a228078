"""Alembic environment: run against the connection RJ Desk hands over (never a URL of its own)."""

from alembic import context

from rjdesk.domain.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
