"""People and organisations have a language: their e-mails are written in it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABLES = ('users', 'organisations')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False,
                                          server_default='nl'))
            batch_op.create_check_constraint('language', "language IN ('nl', 'en')")


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint('language', type_='check')
            batch_op.drop_column('language')
