"""Referral flow: when a referral was sent and escalated, reasons and alternatives on events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_referrals_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_closed_at'), ['closed_at'], unique=False)
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('alternative', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_column('alternative')
        batch_op.drop_column('reason')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_closed_at'))
        batch_op.drop_index(batch_op.f('ix_referrals_offer_id'))
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('sent_at')
