"""initial schema: sites, people, volunteers, staff, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 04:06:49.887034
"""

import sqlalchemy as sa
from alembic import op

SEARCH_SCHEMA = [
    # Local, derived from offender: what the index matches on, plus the list's keyset order and
    # filters, so a search sorts its matches without touching the offender table.
    """CREATE TABLE offender_search (
        rowid INTEGER PRIMARY KEY,
        offender_id VARCHAR(36) NOT NULL UNIQUE,
        site_id VARCHAR(36) NOT NULL,
        sort_name VARCHAR(250) NOT NULL,
        listed BOOLEAN NOT NULL,
        body TEXT NOT NULL)""",
    # Covering: a search for a very common fragment walks this in name order (store/search.py).
    """CREATE INDEX ix_offender_search_order
        ON offender_search (sort_name, offender_id, listed, site_id, body)""",
    """CREATE VIRTUAL TABLE offender_fts USING fts5(
        body, content='offender_search', content_rowid='rowid', tokenize='trigram')""",
    # offender -> offender_search
    """CREATE TRIGGER offender_search_ai AFTER INSERT ON offender BEGIN
        INSERT INTO offender_search (offender_id, site_id, sort_name, listed, body)
        VALUES (new.id, new.site_id, new.sort_name, new.merged_into_id IS NULL, new.search_text);
    END""",
    """CREATE TRIGGER offender_search_au
        AFTER UPDATE OF search_text, sort_name, site_id, merged_into_id ON offender BEGIN
        UPDATE offender_search SET site_id = new.site_id, sort_name = new.sort_name,
            listed = new.merged_into_id IS NULL, body = new.search_text
        WHERE offender_id = new.id;
    END""",
    """CREATE TRIGGER offender_search_ad AFTER DELETE ON offender BEGIN
        DELETE FROM offender_search WHERE offender_id = old.id;
    END""",
    # offender_search -> offender_fts (the external-content pattern of the FTS5 manual)
    """CREATE TRIGGER offender_fts_ai AFTER INSERT ON offender_search BEGIN
        INSERT INTO offender_fts (rowid, body) VALUES (new.rowid, new.body);
    END""",
    """CREATE TRIGGER offender_fts_au AFTER UPDATE OF body ON offender_search BEGIN
        INSERT INTO offender_fts (offender_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        INSERT INTO offender_fts (rowid, body) VALUES (new.rowid, new.body);
    END""",
    """CREATE TRIGGER offender_fts_ad AFTER DELETE ON offender_search BEGIN
        INSERT INTO offender_fts (offender_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
    END""",
]

SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS offender_fts_ad",
    "DROP TRIGGER IF EXISTS offender_fts_au",
    "DROP TRIGGER IF EXISTS offender_fts_ai",
    "DROP TRIGGER IF EXISTS offender_search_ad",
    "DROP TRIGGER IF EXISTS offender_search_au",
    "DROP TRIGGER IF EXISTS offender_search_ai",
    "DROP TABLE IF EXISTS offender_fts",
    "DROP TABLE IF EXISTS offender_search",
]


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity_id'), ['entity_id'], unique=False)

    op.create_table('local_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_setting'))
    )
    op.create_table('site',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('institution', 'community_supervision_center', 'pp_office', 'central_office', name='sitekind', native_enum=False, length=40), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('district', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('code', name=op.f('uq_site_code'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('administrator', 'institution_staff', 'volunteer_coordinator', 'pp_officer', 'board_coordinator', 'victim_services', 'central_office', name='role', native_enum=False, length=40), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_app_user_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('offender',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('doc_number', sa.String(length=8), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('middle_name', sa.String(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('incarcerated', 'supervised', 'discharged', name='offenderstatus', native_enum=False, length=40), nullable=False),
    sa.Column('projected_release_date', sa.Date(), nullable=True),
    sa.Column('housing_unit', sa.String(length=40), nullable=False),
    sa.Column('merged_into_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('sort_name', sa.String(length=250), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['offender.id'], name=op.f('fk_offender_merged_into_id_offender')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_offender_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offender')),
    sa.UniqueConstraint('doc_number', name=op.f('uq_offender_doc_number'))
    )
    with op.batch_alter_table('offender', schema=None) as batch_op:
        batch_op.create_index('ix_offender_dob', ['date_of_birth'], unique=False)
        batch_op.create_index('ix_offender_release', ['projected_release_date'], unique=False)
        batch_op.create_index('ix_offender_site_sort', ['site_id', 'sort_name', 'id', 'doc_number'], unique=False)
        batch_op.create_index('ix_offender_sort', ['sort_name', 'id', 'doc_number'], unique=False)

    op.create_table('volunteer',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('background_check_on', sa.Date(), nullable=True),
    sa.Column('background_check_expires', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('sort_name', sa.String(length=250), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_volunteer_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer'))
    )
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_site_sort', ['site_id', 'sort_name', 'id'], unique=False)

    op.create_table('offender_transfer',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('offender_id', sa.String(length=36), nullable=False),
    sa.Column('from_site_id', sa.String(length=36), nullable=False),
    sa.Column('to_site_id', sa.String(length=36), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_site_id'], ['site.id'], name=op.f('fk_offender_transfer_from_site_id_site')),
    sa.ForeignKeyConstraint(['offender_id'], ['offender.id'], name=op.f('fk_offender_transfer_offender_id_offender')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['app_user.id'], name=op.f('fk_offender_transfer_recorded_by_id_app_user')),
    sa.ForeignKeyConstraint(['to_site_id'], ['site.id'], name=op.f('fk_offender_transfer_to_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offender_transfer'))
    )
    with op.batch_alter_table('offender_transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offender_transfer_offender_id'), ['offender_id'], unique=False)

    op.create_table('volunteer_role',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.Enum('board_member', 'victim_speaker', 'project_supervisor', name='volunteerrole', native_enum=False, length=40), nullable=False),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_volunteer_role_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_role')),
    sa.UniqueConstraint('volunteer_id', 'role', name=op.f('uq_volunteer_role_volunteer_id'))
    )
    op.create_table('volunteer_training',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_volunteer_training_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_training'))
    )
    with op.batch_alter_table('volunteer_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_training_volunteer_id'), ['volunteer_id'], unique=False)

    # The people search index (see rjdesk/store/search.py).
    for statement in SEARCH_SCHEMA:
        op.execute(statement)


def downgrade() -> None:
    for statement in SEARCH_DROP:
        op.execute(statement)
    with op.batch_alter_table('volunteer_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_training_volunteer_id'))

    op.drop_table('volunteer_training')
    op.drop_table('volunteer_role')
    with op.batch_alter_table('offender_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offender_transfer_offender_id'))

    op.drop_table('offender_transfer')
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_site_sort')

    op.drop_table('volunteer')
    with op.batch_alter_table('offender', schema=None) as batch_op:
        batch_op.drop_index('ix_offender_sort')
        batch_op.drop_index('ix_offender_site_sort')
        batch_op.drop_index('ix_offender_release')
        batch_op.drop_index('ix_offender_dob')

    op.drop_table('offender')
    op.drop_table('app_user')
    op.drop_table('site')
    op.drop_table('local_setting')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
