"""Staff pick up a log's municipal follow-up; covering indexes for the logs of a period

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# What the figures count, after the day and id that lists and exports are ordered by.
FIGURES_COLUMNS = ('given_on', 'id', 'minutes', 'channel', 'outcome', 'support_point_id',
                   'municipal_service_id', 'postcode_area')


def upgrade():
    with op.batch_alter_table('assistance_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_handled_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('follow_up_handled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_assistance_logs_follow_up_handled_by_id_users'),
            'users', ['follow_up_handled_by_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_index('ix_assistance_logs_organisation_id')
        batch_op.drop_index('ix_assistance_logs_given_on')
        batch_op.create_index('ix_assistance_logs_organisation_period',
                              ['organisation_id', *FIGURES_COLUMNS])
        batch_op.create_index('ix_assistance_logs_period', list(FIGURES_COLUMNS))
        batch_op.create_index('ix_assistance_logs_follow_up',
                              ['outcome', 'follow_up_handled_at'])


def downgrade():
    with op.batch_alter_table('assistance_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_assistance_logs_follow_up')
        batch_op.drop_index('ix_assistance_logs_period')
        batch_op.drop_index('ix_assistance_logs_organisation_period')
        batch_op.create_index('ix_assistance_logs_given_on', ['given_on'])
        batch_op.create_index('ix_assistance_logs_organisation_id', ['organisation_id'])
        batch_op.drop_constraint(
            batch_op.f('fk_assistance_logs_follow_up_handled_by_id_users'), type_='foreignkey')
        batch_op.drop_column('follow_up_handled_by_id')
        batch_op.drop_column('follow_up_handled_at')
