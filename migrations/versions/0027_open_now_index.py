""""Who is open now?" read from one index: the weekday, opening and closing time and the
support point, so the few points open at night or at lunchtime are found without reading the
table

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03 12:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_opening_periods_open_at', 'opening_periods',
                    ['weekday', 'opens', 'closes', 'support_point_id'], unique=False)
    op.drop_index('ix_opening_periods_weekday_opens', table_name='opening_periods')


def downgrade():
    op.create_index('ix_opening_periods_weekday_opens', 'opening_periods',
                    ['weekday', 'opens'], unique=False)
    op.drop_index('ix_opening_periods_open_at', table_name='opening_periods')
