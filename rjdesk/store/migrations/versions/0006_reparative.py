"""reparative work: projects, supervisors, hours, items made, recipients, deliveries

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:45:35

Every new table syncs (the capture triggers are installed again over the new tables); the
recipient's match key is local, derived from its name.
"""

import sqlalchemy as sa
from alembic import op

from rjdesk.store import capture

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reparative_item_type',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.Enum('each', 'pound', 'ton', 'page', 'volume', 'hour', name='unit', native_enum=False, length=40), nullable=False),
    sa.Column('produce', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_item_type'))
    )
    op.create_table('reparative_recipient',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('shelter', 'daycare', 'nursing_home', 'meals_on_wheels', 'hospital', 'victim', 'school', 'not_for_profit', 'other', name='recipienttype', native_enum=False, length=40), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('abbreviation', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=250), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('match_key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['reparative_recipient.id'], name=op.f('fk_reparative_recipient_merged_into_id_reparative_recipient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_recipient'))
    )
    with op.batch_alter_table('reparative_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_recipient_match_key'), ['match_key'], unique=False)

    op.create_table('reparative_delivery',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('slip_number', sa.String(length=30), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('recipient_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('prepared', 'delivered', 'received', 'cancelled', name='deliverystatus', native_enum=False, length=40), nullable=False),
    sa.Column('prepared_on', sa.Date(), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('delivered_by', sa.String(length=120), nullable=False),
    sa.Column('received_by', sa.String(length=120), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['reparative_recipient.id'], name=op.f('fk_reparative_delivery_recipient_id_reparative_recipient')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_reparative_delivery_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_delivery')),
    sa.UniqueConstraint('slip_number', name=op.f('uq_reparative_delivery_slip_number'))
    )
    with op.batch_alter_table('reparative_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_delivery_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index('ix_reparative_delivery_site', ['site_id', 'prepared_on'], unique=False)

    op.create_table('reparative_project',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('category', sa.Enum('sewing', 'woodwork', 'bicycles', 'knitting', 'garden', 'food', 'braille', 'animals', 'clean_up', 'other', name='projectcategory', native_enum=False, length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_reparative_project_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_project'))
    )
    with op.batch_alter_table('reparative_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_project_site_id'), ['site_id'], unique=False)

    op.create_table('reparative_delivery_line',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('delivery_id', sa.String(length=36), nullable=False),
    sa.Column('item_type_id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=True),
    sa.Column('quantity_ordered', sa.Float(), nullable=False),
    sa.Column('quantity_delivered', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['reparative_delivery.id'], name=op.f('fk_reparative_delivery_line_delivery_id_reparative_delivery')),
    sa.ForeignKeyConstraint(['item_type_id'], ['reparative_item_type.id'], name=op.f('fk_reparative_delivery_line_item_type_id_reparative_item_type')),
    sa.ForeignKeyConstraint(['project_id'], ['reparative_project.id'], name=op.f('fk_reparative_delivery_line_project_id_reparative_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_delivery_line')),
    sa.UniqueConstraint('delivery_id', 'item_type_id', 'project_id', name=op.f('uq_reparative_delivery_line_delivery_id'))
    )
    with op.batch_alter_table('reparative_delivery_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_delivery_line_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index('ix_reparative_delivery_line_item', ['item_type_id'], unique=False)

    op.create_table('reparative_hours',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('offender_id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('worked_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('status', sa.Enum('approved', 'pending', 'declined', name='hoursstatus', native_enum=False, length=40), nullable=False),
    sa.Column('entered_by', sa.String(length=36), nullable=False),
    sa.Column('decided_by', sa.String(length=36), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['offender_id'], ['offender.id'], name=op.f('fk_reparative_hours_offender_id_offender')),
    sa.ForeignKeyConstraint(['project_id'], ['reparative_project.id'], name=op.f('fk_reparative_hours_project_id_reparative_project')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_reparative_hours_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_hours')),
    sa.UniqueConstraint('offender_id', 'project_id', 'worked_on', name=op.f('uq_reparative_hours_offender_id'))
    )
    with op.batch_alter_table('reparative_hours', schema=None) as batch_op:
        batch_op.create_index('ix_reparative_hours_day', ['offender_id', 'worked_on', 'hours'], unique=False)
        batch_op.create_index('ix_reparative_hours_pending', ['status', 'site_id'], unique=False)
        batch_op.create_index('ix_reparative_hours_project', ['project_id', 'worked_on'], unique=False)
        batch_op.create_index('ix_reparative_hours_totals', ['site_id', 'worked_on', 'status', 'project_id', 'hours', 'offender_id'], unique=False)

    op.create_table('reparative_production',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=36), nullable=False),
    sa.Column('item_type_id', sa.String(length=36), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_type_id'], ['reparative_item_type.id'], name=op.f('fk_reparative_production_item_type_id_reparative_item_type')),
    sa.ForeignKeyConstraint(['project_id'], ['reparative_project.id'], name=op.f('fk_reparative_production_project_id_reparative_project')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_reparative_production_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_production')),
    sa.UniqueConstraint('project_id', 'item_type_id', 'made_on', name=op.f('uq_reparative_production_project_id'))
    )
    with op.batch_alter_table('reparative_production', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_production_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_reparative_production_stock', ['site_id', 'item_type_id', 'quantity'], unique=False)

    op.create_table('reparative_supervisor',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['reparative_project.id'], name=op.f('fk_reparative_supervisor_project_id_reparative_project')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_reparative_supervisor_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_supervisor')),
    sa.UniqueConstraint('project_id', 'volunteer_id', name=op.f('uq_reparative_supervisor_project_id'))
    )
    with op.batch_alter_table('reparative_supervisor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_supervisor_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('reparative_volunteer_hours',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('volunteer_id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('worked_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['reparative_project.id'], name=op.f('fk_reparative_volunteer_hours_project_id_reparative_project')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], name=op.f('fk_reparative_volunteer_hours_volunteer_id_volunteer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reparative_volunteer_hours')),
    sa.UniqueConstraint('volunteer_id', 'project_id', 'worked_on', name=op.f('uq_reparative_volunteer_hours_volunteer_id'))
    )
    with op.batch_alter_table('reparative_volunteer_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reparative_volunteer_hours_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reparative_volunteer_hours_volunteer_id'), ['volunteer_id'], unique=False)
    capture.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    capture.uninstall(bind)
    with op.batch_alter_table('reparative_volunteer_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reparative_volunteer_hours_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_reparative_volunteer_hours_project_id'))

    op.drop_table('reparative_volunteer_hours')
    with op.batch_alter_table('reparative_supervisor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reparative_supervisor_volunteer_id'))

    op.drop_table('reparative_supervisor')
    with op.batch_alter_table('reparative_production', schema=None) as batch_op:
        batch_op.drop_index('ix_reparative_production_stock')
        batch_op.drop_index(batch_op.f('ix_reparative_production_project_id'))

    op.drop_table('reparative_production')
    with op.batch_alter_table('reparative_hours', schema=None) as batch_op:
        batch_op.drop_index('ix_reparative_hours_totals')
        batch_op.drop_index('ix_reparative_hours_project')
        batch_op.drop_index('ix_reparative_hours_pending')
        batch_op.drop_index('ix_reparative_hours_day')

    op.drop_table('reparative_hours')
    with op.batch_alter_table('reparative_delivery_line', schema=None) as batch_op:
        batch_op.drop_index('ix_reparative_delivery_line_item')
        batch_op.drop_index(batch_op.f('ix_reparative_delivery_line_delivery_id'))

    op.drop_table('reparative_delivery_line')
    with op.batch_alter_table('reparative_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reparative_project_site_id'))

    op.drop_table('reparative_project')
    with op.batch_alter_table('reparative_delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_reparative_delivery_site')
        batch_op.drop_index(batch_op.f('ix_reparative_delivery_recipient_id'))

    op.drop_table('reparative_delivery')
    with op.batch_alter_table('reparative_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reparative_recipient_match_key'))

    op.drop_table('reparative_recipient')
    op.drop_table('reparative_item_type')
    capture.install(bind)
