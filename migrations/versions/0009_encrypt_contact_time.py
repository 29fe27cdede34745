"""A referral's preferred contact time is personal data: encrypted like the other fields

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:00:00

"""
import sqlalchemy as sa
from alembic import op

from partnernet.models.types import field_cipher

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

referrals = sa.table('referrals', sa.column('id', sa.Integer), sa.column('contact_time', sa.Text))


def _rewrite(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(referrals.c.id, referrals.c.contact_time)
                              .where(referrals.c.contact_time.is_not(None))).all()
    for row_id, value in rows:
        connection.execute(sa.update(referrals).where(referrals.c.id == row_id)
                           .values(contact_time=change(value)))


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.alter_column('contact_time', existing_type=sa.String(length=200),
                              type_=sa.Text(), existing_nullable=True)
    cipher = field_cipher()  # PARTNERNET_FIELD_KEY of the app that migrates
    _rewrite(lambda plain: cipher.encrypt(plain.encode('utf-8')).decode('ascii'))


def downgrade():
    cipher = field_cipher()
    _rewrite(lambda token: cipher.decrypt(token.encode('ascii')).decode('utf-8')[:200])
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.alter_column('contact_time', existing_type=sa.Text(),
                              type_=sa.String(length=200), existing_nullable=True)
