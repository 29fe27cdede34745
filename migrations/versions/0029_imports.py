"""Imports into the directory: the uploaded file is kept between its dry run and the import,
an organisation made by an import says so (approving it invites nobody), and places and
offers imported into an approved organisation wait for approval

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.Uuid(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                                name=op.f('fk_import_files_uploaded_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_files')),
        sa.UniqueConstraint('public_id', name=op.f('uq_import_files_public_id')),
    )
    op.create_index(op.f('ix_import_files_uploaded_by_id'), 'import_files',
                    ['uploaded_by_id'], unique=False)
    # Plain ADD COLUMN, not batch mode: SQLite's batch mode copies a table anew, and the
    # triggers that keep support_points' spatial index in step (0026) would be lost.
    op.add_column('organisations', sa.Column('imported_at', sa.DateTime(timezone=True),
                                             nullable=True))
    for table in ('support_points', 'offers'):
        op.add_column(table, sa.Column('awaiting_approval', sa.Boolean(),
                                       server_default=sa.false(), nullable=False))


def downgrade():
    # DROP COLUMN in place (SQLite 3.35 and newer too), for the triggers as above.
    for table in ('support_points', 'offers'):
        op.execute(f'ALTER TABLE {table} DROP COLUMN awaiting_approval')
    op.execute('ALTER TABLE organisations DROP COLUMN imported_at')
    op.drop_index(op.f('ix_import_files_uploaded_by_id'), table_name='import_files')
    op.drop_table('import_files')
