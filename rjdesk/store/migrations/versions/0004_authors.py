"""authors: every logged change names the staff account that made it

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 13:00:00

Changes logged before this revision carry no author; other workstations refuse a bundle
holding one, so publish (sync) every workstation before upgrading it.
"""

from alembic import op

from rjdesk.store import capture

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE sync_change ADD COLUMN author VARCHAR(36)")
    capture.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    capture.uninstall(bind)
    op.execute("ALTER TABLE sync_change DROP COLUMN author")
    capture.install(bind)
