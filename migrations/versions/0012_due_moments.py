"""Every open referral has an owner and a due moment for its next step; due times per step;
team leads among staff

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OPEN_STATES = "('new', 'sent', 'accepted', 'declined', 'unreachable')"
STEPS = "('pick_up', 'send', 'answer', 'complete', 'send_elsewhere')"


def upgrade():
    op.create_table(
        'due_times',
        sa.Column('step', sa.String(length=20), nullable=False),
        sa.Column('working_days', sa.Integer(), nullable=False),
        sa.CheckConstraint(f"step IN {STEPS}", name=op.f('ck_due_times_step')),
        sa.CheckConstraint('working_days BETWEEN 1 AND 60',
                           name=op.f('ck_due_times_working_days_range')),
        sa.PrimaryKeyConstraint('step', name=op.f('pk_due_times')),
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_team_lead', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_response_due_at'))
        batch_op.alter_column('response_due_at', new_column_name='due_at')
    with op.batch_alter_table('referrals', schema=None) as batch_op:  # SQLite: after renaming
        batch_op.create_index(batch_op.f('ix_referrals_due_at'), ['due_at'], unique=False)
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_referrals_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_referrals_owner_id_users'), 'users', ['owner_id'],
                                    ['id'], ondelete='SET NULL')
        batch_op.add_column(sa.Column('overdue_count', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_check_constraint(batch_op.f('ck_referrals_overdue_count_not_negative'),
                                         'overdue_count >= 0')
    # Open referrals already there: the one who made them owns them, and a step without a due
    # moment is due now, so the next `escalate` tells somebody of each.
    op.execute(f"UPDATE referrals SET owner_id = created_by_id WHERE state IN {OPEN_STATES}")
    op.execute(f"UPDATE referrals SET due_at = CURRENT_TIMESTAMP "
               f"WHERE state IN {OPEN_STATES} AND due_at IS NULL")


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_referrals_overdue_count_not_negative'),
                                 type_='check')
        batch_op.drop_column('overdue_count')
        batch_op.drop_constraint(batch_op.f('fk_referrals_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_referrals_owner_id'))
        batch_op.drop_column('owner_id')
        batch_op.drop_index(batch_op.f('ix_referrals_due_at'))
        batch_op.alter_column('due_at', new_column_name='response_due_at')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_response_due_at'), ['response_due_at'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_team_lead')
    op.drop_table('due_times')
