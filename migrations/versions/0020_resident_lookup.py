"""Keyed hashes of a resident's e-mail address and phone number, to find their records

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 16:10:00

"""
import sqlalchemy as sa
from alembic import op

from partnernet.models.types import field_cipher, lookup_hash

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

referrals = sa.table('referrals', sa.column('id', sa.Integer),
                     sa.column('resident_email', sa.Text), sa.column('resident_phone', sa.Text),
                     sa.column('resident_email_hash', sa.String),
                     sa.column('resident_phone_hash', sa.String))


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resident_phone_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('resident_email_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_referrals_resident_phone_hash'), ['resident_phone_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_resident_email_hash'), ['resident_email_hash'], unique=False)
    cipher = field_cipher()  # the keys of the app that migrates
    connection = op.get_bind()

    def plain(token):
        return cipher.decrypt(token.encode('ascii')).decode('utf-8') if token else None

    rows = connection.execute(sa.select(referrals.c.id, referrals.c.resident_email,
                                        referrals.c.resident_phone)).all()
    for row_id, email, phone in rows:
        connection.execute(sa.update(referrals).where(referrals.c.id == row_id).values(
            resident_email_hash=lookup_hash('email', plain(email)),
            resident_phone_hash=lookup_hash('phone', plain(phone))))


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_resident_email_hash'))
        batch_op.drop_index(batch_op.f('ix_referrals_resident_phone_hash'))
        batch_op.drop_column('resident_email_hash')
        batch_op.drop_column('resident_phone_hash')
