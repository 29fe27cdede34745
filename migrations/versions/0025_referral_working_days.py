"""Working days to first contact and to closing kept on each request, and indexes that hold
what the referral figures count, so a year of figures reads indexes, not every row and step

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 05:00:00

"""
import sqlalchemy as sa
from alembic import op

from partnernet.clock import working_days_between
from partnernet.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

CONTACT_STATES = ('accepted', 'unreachable', 'completed')
BATCH = 5000

referrals = sa.table('referrals', sa.column('id', sa.Integer),
                     sa.column('created_at', UTCDateTime), sa.column('closed_at', UTCDateTime),
                     sa.column('days_to_first_contact', sa.Integer),
                     sa.column('days_to_close', sa.Integer))
events = sa.table('referral_events', sa.column('referral_id', sa.Integer),
                  sa.column('at', UTCDateTime), sa.column('from_state', sa.String),
                  sa.column('to_state', sa.String), sa.column('reason', sa.String))


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_to_first_contact', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('days_to_close', sa.Integer(), nullable=True))
        batch_op.drop_index('ix_referrals_created_at')
        batch_op.drop_index('ix_referrals_closed_at')
        batch_op.drop_index('ix_referrals_state')
        batch_op.create_index('ix_referrals_made', ['created_at', 'source', 'state', 'topic_id', 'organisation_id', 'days_to_first_contact'], unique=False)
        batch_op.create_index('ix_referrals_closed', ['closed_at', 'state', 'outcome', 'days_to_close'], unique=False)
        batch_op.create_index('ix_referrals_open', ['state', 'due_at', 'overdue_count'], unique=False)
    _count_working_days(op.get_bind())


def _count_working_days(connection):
    """As Referral.count_working_days does for each step from now on."""
    contact = sa.or_(sa.and_(events.c.to_state.in_(CONTACT_STATES),
                             events.c.from_state.is_distinct_from(events.c.to_state)),
                     events.c.reason == 'contact_attempt')
    first_contact = (sa.select(events.c.referral_id, sa.func.min(events.c.at).label('at'))
                     .where(contact).group_by(events.c.referral_id).subquery())
    rows = connection.execute(
        sa.select(referrals.c.id, referrals.c.created_at, referrals.c.closed_at,
                  first_contact.c.at)
        .outerjoin(first_contact, first_contact.c.referral_id == referrals.c.id)).all()
    changes = [{'row_id': row_id,
                'first': working_days_between(made, contacted) if contacted else None,
                'close': working_days_between(made, closed) if closed else None}
               for row_id, made, closed, contacted in rows if contacted or closed]
    update = (sa.update(referrals).where(referrals.c.id == sa.bindparam('row_id'))
              .values(days_to_first_contact=sa.bindparam('first'),
                      days_to_close=sa.bindparam('close')))
    for start in range(0, len(changes), BATCH):
        connection.execute(update, changes[start:start + BATCH])


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_open')
        batch_op.drop_index('ix_referrals_closed')
        batch_op.drop_index('ix_referrals_made')
        batch_op.create_index('ix_referrals_state', ['state'], unique=False)
        batch_op.create_index('ix_referrals_closed_at', ['closed_at'], unique=False)
        batch_op.create_index('ix_referrals_created_at', ['created_at'], unique=False)
        batch_op.drop_column('days_to_close')
        batch_op.drop_column('days_to_first_contact')
