"""temporary passwords: an account whose password an administrator reset must change it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 17:00:00

``app_user.must_change_password`` is shared like the rest of the account: a reset made at one
workstation asks for a new password at whichever the person signs in next. The capture
triggers are made again so the new column is logged.
"""

import sqlalchemy as sa
from alembic import op

from rjdesk.store import capture

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('app_user', sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    capture.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    capture.uninstall(bind)
    op.execute("ALTER TABLE app_user DROP COLUMN must_change_password")
    capture.install(bind)
