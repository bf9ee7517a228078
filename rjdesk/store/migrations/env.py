"""Alembic environment: run against the connection RJ Desk hands over (never a URL of its own)."""

from alembic import context
from sqlalchemy import Column, Index
from sqlalchemy.schema import SchemaItem

from rjdesk.domain.base import LOCAL_TABLES, Base


def include_object(obj: SchemaItem, name: str | None, type_: str, reflected: bool,
                   compare_to: SchemaItem | None) -> bool:
    """The search tables are raw SQL of their own (migration 0001), not models: leave them be."""
    owner = obj.table if isinstance(obj, (Index, Column)) else None
    table = owner.name if owner is not None else name
    return not (table in LOCAL_TABLES - {"local_setting"} or str(table).startswith("offender_fts"))

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True, include_object=include_object)
with context.begin_transaction():
    context.run_migrations()
