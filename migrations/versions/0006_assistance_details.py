"""Assistance logs say which municipal service it was about and what got in the way

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 07:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OBSTACLES = ("letter_unclear", "form_hard", "no_digid", "no_device", "language",
             "website_broken")


def upgrade():
    op.create_table(
        'municipal_services',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name_nl', sa.String(length=120), nullable=False),
        sa.Column('name_en', sa.String(length=120), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_municipal_services')),
        sa.UniqueConstraint('code', name=op.f('uq_municipal_services_code')),
    )
    op.create_table(
        'assistance_log_obstacles',
        sa.Column('assistance_log_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.CheckConstraint("code IN (" + ", ".join(repr(code) for code in OBSTACLES) + ")",
                           name=op.f('ck_assistance_log_obstacles_code')),
        sa.ForeignKeyConstraint(['assistance_log_id'], ['assistance_logs.id'],
                                name=op.f('fk_assistance_log_obstacles_assistance_log_id_assistance_logs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('assistance_log_id', 'code',
                                name=op.f('pk_assistance_log_obstacles')),
    )
    with op.batch_alter_table('assistance_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipal_service_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_assistance_logs_municipal_service_id_municipal_services'),
            'municipal_services', ['municipal_service_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('assistance_logs', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_assistance_logs_municipal_service_id_municipal_services'),
            type_='foreignkey')
        batch_op.drop_column('municipal_service_id')
    op.drop_table('assistance_log_obstacles')
    op.drop_table('municipal_services')
