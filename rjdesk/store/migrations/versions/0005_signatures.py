"""signatures: each staff account signs its own changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:00:00

An account's public signing key is shared (``app_user.signing_key``, every one it has had in
``user_signing_key``) and its private key travels sealed under its password
(``app_user.sealed_signing_key``). Accounts from before get a pair at their next sign-in. The
groups of changes each signed (``sync_signature``) are local: bundles carry them. Changes logged
before this revision are signed by no one and refused elsewhere, so publish (sync) every
workstation before upgrading it.
"""

import sqlalchemy as sa
from alembic import op

from rjdesk.store import capture

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('app_user', sa.Column('signing_key', sa.Text(), nullable=True))
    op.add_column('app_user', sa.Column('sealed_signing_key', sa.Text(), nullable=True))
    op.create_table('user_signing_key',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                            name=op.f('fk_user_signing_key_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_signing_key'))
    )
    op.create_index(op.f('ix_user_signing_key_user_id'), 'user_signing_key', ['user_id'],
                    unique=False)
    op.execute("""CREATE TABLE sync_signature (
        origin VARCHAR(36) NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        author VARCHAR(36) NOT NULL,
        signature TEXT NOT NULL,
        PRIMARY KEY (origin, first_seq))""")
    capture.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    capture.uninstall(bind)
    op.execute("DROP TABLE sync_signature")
    op.drop_index(op.f('ix_user_signing_key_user_id'), table_name='user_signing_key')
    op.drop_table('user_signing_key')
    op.execute("ALTER TABLE app_user DROP COLUMN sealed_signing_key")
    op.execute("ALTER TABLE app_user DROP COLUMN signing_key")
    capture.install(bind)
