"""ICVC: classes, sessions, victim speakers, enrollments, attendance, days off

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:06:30.804162
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('icvc_class',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('facilitator', sa.String(length=120), nullable=False),
    sa.Column('location', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('sessions_required', sa.Integer(), nullable=False),
    sa.Column('excused_counts', sa.Boolean(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_icvc_class_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_class'))
    )
    with op.batch_alter_table('icvc_class', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_icvc_class_site_id'), ['site_id'], unique=False)

    op.create_table('icvc_day_off',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('class_id', sa.String(length=36), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['icvc_class.id'], name=op.f('fk_icvc_day_off_class_id_icvc_class')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_day_off'))
    )
    with op.batch_alter_table('icvc_day_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_icvc_day_off_class_id'), ['class_id'], unique=False)

    op.create_table('icvc_enrollment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('class_id', sa.String(length=36), nullable=False),
    sa.Column('offender_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('enrolled', 'waitlisted', 'completed', 'withdrawn', 'transferred', name='enrollmentstatus', native_enum=False, length=40), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('certificate_number', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['class_id'], ['icvc_class.id'], name=op.f('fk_icvc_enrollment_class_id_icvc_class')),
    sa.ForeignKeyConstraint(['offender_id'], ['offender.id'], name=op.f('fk_icvc_enrollment_offender_id_offender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_enrollment')),
    sa.UniqueConstraint('certificate_number', name=op.f('uq_icvc_enrollment_certificate_number')),
    sa.UniqueConstraint('class_id', 'offender_id', name=op.f('uq_icvc_enrollment_class_id'))
    )
    with op.batch_alter_table('icvc_enrollment', schema=None) as batch_op:
        batch_op.create_index('ix_icvc_enrollment_class_status', ['class_id', 'status', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_icvc_enrollment_offender_id'), ['offender_id'], unique=False)

    op.create_table('icvc_session',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('class_id', sa.String(length=36), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('topic', sa.Enum('orientation', 'property_crime', 'assault', 'robbery', 'hate_and_bias', 'gang_violence', 'sexual_assault', 'child_abuse', 'domestic_violence', 'impaired_driving', 'homicide', 'closing', name='crimetopic', native_enum=False, length=40), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['icvc_class.id'], name=op.f('fk_icvc_session_class_id_icvc_class')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_session'))
    )
    with op.batch_alter_table('icvc_session', schema=None) as batch_op:
        batch_op.create_index('ix_icvc_session_class_date', ['class_id', 'held_on'], unique=False)
        batch_op.create_index('ix_icvc_session_date', ['held_on'], unique=False)

    op.create_table('icvc_attendance',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('enrollment_id', sa.String(length=36), nullable=False),
    sa.Column('mark', sa.Enum('present', 'absent', 'excused', 'late', name='attendancemark', native_enum=False, length=40), nullable=False),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.Column('marked_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['icvc_enrollment.id'], name=op.f('fk_icvc_attendance_enrollment_id_icvc_enrollment')),
    sa.ForeignKeyConstraint(['session_id'], ['icvc_session.id'], name=op.f('fk_icvc_attendance_session_id_icvc_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_attendance')),
    sa.UniqueConstraint('session_id', 'enrollment_id', name=op.f('uq_icvc_attendance_session_id'))
    )
    with op.batch_alter_table('icvc_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_icvc_attendance_enrollment_id'), ['enrollment_id'], unique=False)

    op.create_table('icvc_speaker',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['icvc_session.id'], name=op.f('fk_icvc_speaker_session_id_icvc_session')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_icvc_speaker_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icvc_speaker')),
    sa.UniqueConstraint('session_id', 'volunteer_id', name=op.f('uq_icvc_speaker_session_id'))
    )
    with op.batch_alter_table('icvc_speaker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_icvc_speaker_volunteer_id'), ['volunteer_id'], unique=False)

    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speaker_consent_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('speaker_screened_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_column('speaker_screened_on')
        batch_op.drop_column('speaker_consent_on')

    with op.batch_alter_table('icvc_speaker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_icvc_speaker_volunteer_id'))

    op.drop_table('icvc_speaker')
    with op.batch_alter_table('icvc_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_icvc_attendance_enrollment_id'))

    op.drop_table('icvc_attendance')
    with op.batch_alter_table('icvc_session', schema=None) as batch_op:
        batch_op.drop_index('ix_icvc_session_date')
        batch_op.drop_index('ix_icvc_session_class_date')

    op.drop_table('icvc_session')
    with op.batch_alter_table('icvc_enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_icvc_enrollment_offender_id'))
        batch_op.drop_index('ix_icvc_enrollment_class_status')

    op.drop_table('icvc_enrollment')
    with op.batch_alter_table('icvc_day_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_icvc_day_off_class_id'))

    op.drop_table('icvc_day_off')
    with op.batch_alter_table('icvc_class', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_icvc_class_site_id'))

    op.drop_table('icvc_class')
