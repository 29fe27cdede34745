"""Topics say which words name them and whether they concern the digital government, so the
directory can put help that names a topic ahead of loosely related help

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 19:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keywords', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('digital_government', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('digital_government')
        batch_op.drop_column('keywords')
