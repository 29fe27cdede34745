"""Each offer given at a support point (an HSDS service_at_location) has a stable UUID, so
the open data API can name it and find it again

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03 14:30:00

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

links = sa.table('offer_support_points', sa.column('offer_id', sa.Integer),
                 sa.column('support_point_id', sa.Integer), sa.column('public_id', sa.Uuid))


def upgrade():
    with op.batch_alter_table('offer_support_points', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.Uuid(), nullable=True))
    connection = op.get_bind()
    existing = connection.execute(sa.select(links.c.offer_id, links.c.support_point_id)).all()
    for offer_id, support_point_id in existing:
        connection.execute(links.update().where(
            links.c.offer_id == offer_id, links.c.support_point_id == support_point_id,
        ).values(public_id=uuid.uuid4()))
    with op.batch_alter_table('offer_support_points', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_offer_support_points_public_id'),
                                          ['public_id'])


def downgrade():
    with op.batch_alter_table('offer_support_points', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_offer_support_points_public_id'),
                                 type_='unique')
        batch_op.drop_column('public_id')
