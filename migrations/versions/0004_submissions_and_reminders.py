"""One-time keys for create forms; the day a stale listing's coordinator was reminded

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submissions',
        sa.Column('key', sa.String(length=36), nullable=False),
        sa.Column('result_path', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_form_submissions')),
    )
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submissions_created_at'), ['created_at'],
                              unique=False)
    for table in ('support_points', 'offers'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('stale_reminder_on', sa.Date(), nullable=True))


def downgrade():
    for table in ('offers', 'support_points'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('stale_reminder_on')
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submissions_created_at'))
    op.drop_table('form_submissions')
