"""hours rollups: the reparative hours added up by triggers, for the dashboard at state scale

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 18:00:00

Two local tables (``store/rollups.py``), counted once from the entries already there, then kept
by triggers on ``reparative_hours``.
"""

from alembic import op

from rjdesk.store import rollups

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    rollups.install(bind)
    rollups.rebuild(bind)


def downgrade() -> None:
    rollups.uninstall(op.get_bind())
