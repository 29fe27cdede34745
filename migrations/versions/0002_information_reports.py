"""Information reports ("Something wrong here?"); an index for "which offers are given here?"

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:21:54.236410

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('information_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("subject IN ('organisation', 'support_point', 'offer')", name=op.f('ck_information_reports_subject')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_information_reports_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_information_reports'))
    )
    with op.batch_alter_table('information_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_information_reports_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('offer_support_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_support_points_support_point_id'), ['support_point_id'], unique=False)



def downgrade():
    with op.batch_alter_table('offer_support_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_support_points_support_point_id'))

    with op.batch_alter_table('information_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_information_reports_organisation_id'))

    op.drop_table('information_reports')
