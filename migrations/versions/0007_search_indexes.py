"""Indexes for the directory search: the box as one index range, and filters that drive it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_support_points_latitude', table_name='support_points')
    op.drop_index('ix_support_points_longitude', table_name='support_points')
    op.create_index('ix_support_points_location', 'support_points', ['latitude', 'longitude'])
    op.create_index('ix_offer_topics_topic_id', 'offer_topics', ['topic_id', 'offer_id'])
    op.create_index('ix_offer_languages_code', 'offer_languages', ['code', 'offer_id'])
    op.create_index('ix_opening_periods_weekday_opens', 'opening_periods', ['weekday', 'opens'])


def downgrade():
    op.drop_index('ix_opening_periods_weekday_opens', table_name='opening_periods')
    op.drop_index('ix_offer_languages_code', table_name='offer_languages')
    op.drop_index('ix_offer_topics_topic_id', table_name='offer_topics')
    op.drop_index('ix_support_points_location', table_name='support_points')
    op.create_index('ix_support_points_longitude', 'support_points', ['longitude'])
    op.create_index('ix_support_points_latitude', 'support_points', ['latitude'])
