"""boards and victim impact: boards, members, cases and their steps, meetings, hearings,
agreement tasks and their progress, court reports and victims' statements

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:05:05

Every new table syncs (the capture triggers are installed again over the new tables).
"""

import sqlalchemy as sa
from alembic import op

from rjdesk.store import capture

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('board',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_board_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board')),
    sa.UniqueConstraint('site_id', name=op.f('uq_board_site_id'))
    )
    op.create_table('board_case',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('offender_id', sa.String(length=36), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=False),
    sa.Column('court', sa.String(length=120), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=False),
    sa.Column('offense', sa.String(length=200), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('referred', 'scheduled', 'agreement', 'in_progress', 'completed', 'returned', name='casestatus', native_enum=False, length=40), nullable=False),
    sa.Column('status_on', sa.Date(), nullable=False),
    sa.Column('return_reason', sa.String(length=500), nullable=False),
    sa.Column('needs', sa.String(length=200), nullable=False),
    sa.Column('needs_notes', sa.Text(), nullable=False),
    sa.Column('harm', sa.Text(), nullable=False),
    sa.Column('agreement_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['offender_id'], ['offender.id'], name=op.f('fk_board_case_offender_id_offender')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_board_case_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_case'))
    )
    with op.batch_alter_table('board_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_case_offender_id'), ['offender_id'], unique=False)
        batch_op.create_index('ix_board_case_site', ['site_id', 'status', 'referred_on'], unique=False)

    op.create_table('board_meeting',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('board_id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.String(length=5), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('planned', 'held', 'cancelled', name='meetingstatus', native_enum=False, length=40), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], name=op.f('fk_board_meeting_board_id_board')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_board_meeting_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_meeting'))
    )
    with op.batch_alter_table('board_meeting', schema=None) as batch_op:
        batch_op.create_index('ix_board_meeting_board', ['board_id', 'held_on'], unique=False)

    op.create_table('board_member',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('board_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('trained_on', sa.Date(), nullable=True),
    sa.Column('chair_from', sa.Date(), nullable=True),
    sa.Column('chair_to', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], name=op.f('fk_board_member_board_id_board')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_board_member_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_member')),
    sa.UniqueConstraint('board_id', 'volunteer_id', name=op.f('uq_board_member_board_id'))
    )
    with op.batch_alter_table('board_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_member_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('court_report',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('offender_id', sa.String(length=36), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=False),
    sa.Column('court', sa.String(length=120), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='reportstatus', native_enum=False, length=40), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['offender_id'], ['offender.id'], name=op.f('fk_court_report_offender_id_offender')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_court_report_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_court_report'))
    )
    with op.batch_alter_table('court_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_court_report_offender_id'), ['offender_id'], unique=False)
        batch_op.create_index('ix_court_report_site', ['site_id', 'due_on'], unique=False)

    op.create_table('board_case_step',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('referred', 'scheduled', 'agreement', 'in_progress', 'completed', 'returned', name='casestatus', native_enum=False, length=40), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('by_user_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['board_case.id'], name=op.f('fk_board_case_step_case_id_board_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_case_step'))
    )
    with op.batch_alter_table('board_case_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_case_step_case_id'), ['case_id'], unique=False)

    op.create_table('board_hearing',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('purpose', sa.Enum('first', 'mid_term', 'closing', name='hearingpurpose', native_enum=False, length=40), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['board_case.id'], name=op.f('fk_board_hearing_case_id_board_case')),
    sa.ForeignKeyConstraint(['meeting_id'], ['board_meeting.id'], name=op.f('fk_board_hearing_meeting_id_board_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_hearing')),
    sa.UniqueConstraint('meeting_id', 'case_id', name=op.f('uq_board_hearing_meeting_id'))
    )
    with op.batch_alter_table('board_hearing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_hearing_case_id'), ['case_id'], unique=False)

    op.create_table('board_meeting_member',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['board_meeting.id'], name=op.f('fk_board_meeting_member_meeting_id_board_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['board_member.id'], name=op.f('fk_board_meeting_member_member_id_board_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_meeting_member')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_board_meeting_member_meeting_id'))
    )
    with op.batch_alter_table('board_meeting_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_meeting_member_member_id'), ['member_id'], unique=False)

    op.create_table('board_task',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('apology_letter', 'community_service', 'restitution', 'class_or_treatment', 'essay', 'dialogue', 'other', name='taskkind', native_enum=False, length=40), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('hours_required', sa.Float(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['board_case.id'], name=op.f('fk_board_task_case_id_board_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_task'))
    )
    with op.batch_alter_table('board_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_task_case_id'), ['case_id'], unique=False)

    op.create_table('victim_statement',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=250), nullable=False),
    sa.Column('acp', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('notify', sa.Enum('none', 'mail', 'phone', 'email', name='notify', native_enum=False, length=40), nullable=False),
    sa.Column('status', sa.Enum('given', 'declined', 'unreachable', name='statementstatus', native_enum=False, length=40), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=True),
    sa.Column('answered_by', sa.String(length=120), nullable=False),
    sa.Column('answered_relationship', sa.String(length=80), nullable=False),
    sa.Column('loss_medical_cents', sa.Integer(), nullable=False),
    sa.Column('loss_counseling_cents', sa.Integer(), nullable=False),
    sa.Column('loss_property_cents', sa.Integer(), nullable=False),
    sa.Column('loss_lost_wages_cents', sa.Integer(), nullable=False),
    sa.Column('loss_funeral_cents', sa.Integer(), nullable=False),
    sa.Column('loss_other_cents', sa.Integer(), nullable=False),
    sa.Column('loss_other_text', sa.String(length=200), nullable=False),
    sa.Column('injury', sa.Text(), nullable=False),
    sa.Column('psychological_harm', sa.Text(), nullable=False),
    sa.Column('welfare_change', sa.Text(), nullable=False),
    sa.Column('counseling_requested', sa.Boolean(), nullable=False),
    sa.Column('repair', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['court_report.id'], name=op.f('fk_victim_statement_report_id_court_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_victim_statement'))
    )
    with op.batch_alter_table('victim_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_victim_statement_report_id'), ['report_id'], unique=False)

    op.create_table('board_task_progress',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['board_task.id'], name=op.f('fk_board_task_progress_task_id_board_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_task_progress')),
    sa.UniqueConstraint('task_id', 'happened_on', name=op.f('uq_board_task_progress_task_id'))
    )
    with op.batch_alter_table('board_task_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_task_progress_task_id'), ['task_id'], unique=False)

    capture.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    capture.uninstall(bind)
    with op.batch_alter_table('board_task_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_task_progress_task_id'))

    op.drop_table('board_task_progress')
    with op.batch_alter_table('victim_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_victim_statement_report_id'))

    op.drop_table('victim_statement')
    with op.batch_alter_table('board_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_task_case_id'))

    op.drop_table('board_task')
    with op.batch_alter_table('board_meeting_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_meeting_member_member_id'))

    op.drop_table('board_meeting_member')
    with op.batch_alter_table('board_hearing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_hearing_case_id'))

    op.drop_table('board_hearing')
    with op.batch_alter_table('board_case_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_case_step_case_id'))

    op.drop_table('board_case_step')
    with op.batch_alter_table('court_report', schema=None) as batch_op:
        batch_op.drop_index('ix_court_report_site')
        batch_op.drop_index(batch_op.f('ix_court_report_offender_id'))

    op.drop_table('court_report')
    with op.batch_alter_table('board_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_member_volunteer_id'))

    op.drop_table('board_member')
    with op.batch_alter_table('board_meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_board_meeting_board')

    op.drop_table('board_meeting')
    with op.batch_alter_table('board_case', schema=None) as batch_op:
        batch_op.drop_index('ix_board_case_site')
        batch_op.drop_index(batch_op.f('ix_board_case_offender_id'))

    op.drop_table('board_case')
    op.drop_table('board')
    capture.install(bind)
