"""What residents look for: searches per day, postcode area, topic and filters, counted without
the typed text and without anything per person

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 03:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('postcode_area', sa.String(length=4), nullable=False),
        sa.Column('topic', sa.String(length=40), nullable=False),
        sa.Column('filters', sa.String(length=120), nullable=False),
        sa.Column('searches', sa.Integer(), nullable=False),
        sa.Column('without_help_nearby', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_counts')),
        sa.UniqueConstraint('day', 'postcode_area', 'topic', 'filters',
                            name='uq_search_counts_key'),
    )
    with op.batch_alter_table('search_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_counts_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('search_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_counts_day'))
    op.drop_table('search_counts')
