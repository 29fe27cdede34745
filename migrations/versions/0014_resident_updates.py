"""Residents may ask for e-mail updates on their request, and say whether they got the help
they needed (kept apart from the referral)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 10:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updates_language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('feedback_given_at', sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        'resident_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('offer_id', sa.Integer(), nullable=True),
        sa.Column('answer', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('given_on', sa.Date(), nullable=False),
        sa.CheckConstraint("answer IN ('yes', 'partly', 'no')",
                           name=op.f('ck_resident_feedback_answer')),
        sa.ForeignKeyConstraint(['offer_id'], ['offers.id'],
                                name=op.f('fk_resident_feedback_offer_id_offers'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_resident_feedback_organisation_id_organisations'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_feedback')),
    )
    with op.batch_alter_table('resident_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_feedback_organisation_id'),
                              ['organisation_id'], unique=False)


def downgrade():
    op.drop_table('resident_feedback')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('feedback_given_at')
        batch_op.drop_column('updates_language')
