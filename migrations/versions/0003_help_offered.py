"""Organisations say what help they give when they register

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:13:57.417768

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('help_offered', sa.Text(), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('help_offered')

