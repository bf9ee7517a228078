"""sync: the change log, its bookkeeping, conflict resolutions, and change capture

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 07:10:00

Rows already in the database become the baseline: they carry no change and reach other
workstations inside this workstation's snapshot, not as changes.
"""

import uuid

import sqlalchemy as sa
from alembic import op

from rjdesk.store import capture

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SYNC_SCHEMA = [
    # local: this workstation's id, keys, deployment, what it published
    "CREATE TABLE sync_state (key VARCHAR(60) PRIMARY KEY, value TEXT NOT NULL)",
    # every change this database holds, its own and applied; rowid = local order of arrival
    """CREATE TABLE sync_change (
        rowid INTEGER PRIMARY KEY,
        origin VARCHAR(36) NOT NULL,
        seq INTEGER NOT NULL,
        hlc INTEGER NOT NULL,
        tbl VARCHAR(40) NOT NULL,
        row_id VARCHAR(36) NOT NULL,
        op CHAR(1) NOT NULL CHECK (op IN ('i', 'u', 'd')),
        data TEXT NOT NULL,
        prior TEXT,
        UNIQUE (origin, seq))""",
    "CREATE INDEX ix_sync_change_row ON sync_change (tbl, row_id)",
    "CREATE INDEX ix_sync_change_hlc ON sync_change (hlc)",
    # bundles applied here (and this workstation's own, as published)
    """CREATE TABLE sync_applied (
        origin VARCHAR(36) NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        digest VARCHAR(64) NOT NULL,
        file TEXT NOT NULL,
        applied_at DATETIME NOT NULL,
        PRIMARY KEY (origin, first_seq))""",
    # derived from the change log alone, so every workstation finds the same set
    """CREATE TABLE sync_conflict (
        id VARCHAR(36) PRIMARY KEY,
        tbl VARCHAR(40) NOT NULL,
        row_id VARCHAR(36) NOT NULL,
        field VARCHAR(60) NOT NULL,
        kind VARCHAR(20) NOT NULL,
        winner_stamp VARCHAR(60) NOT NULL,
        winner_value TEXT,
        loser_stamp VARCHAR(60) NOT NULL,
        loser_value TEXT,
        found_at DATETIME NOT NULL)""",
    "CREATE INDEX ix_sync_conflict_row ON sync_conflict (tbl, row_id)",
    # files that failed verification, kept aside locally
    """CREATE TABLE sync_rejected (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        origin VARCHAR(36),
        reason VARCHAR(30) NOT NULL,
        message TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime FLOAT NOT NULL,
        kept_as TEXT NOT NULL,
        at DATETIME NOT NULL,
        UNIQUE (file, size, mtime))""",
]


def upgrade() -> None:
    for statement in SYNC_SCHEMA:
        op.execute(statement)
    op.create_table('conflict_resolution',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kept', sa.String(length=10), nullable=False),
    sa.Column('resolved_by', sa.String(length=40), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_resolution'))
    )
    op.get_bind().exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES ('workstation_id', ?)", (str(uuid.uuid4()),))
    capture.install(op.get_bind())


def downgrade() -> None:
    capture.uninstall(op.get_bind())
    op.drop_table('conflict_resolution')
    for table in ("sync_rejected", "sync_conflict", "sync_applied", "sync_change", "sync_state"):
        op.execute(f"DROP TABLE {table}")
