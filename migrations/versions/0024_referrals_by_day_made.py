"""The figures count requests by the day they were made: an index on referrals.created_at

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 03:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_created_at', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_created_at')
