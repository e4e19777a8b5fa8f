"""lineage of derived outputs, export file register, withdrawn findings of decisions

Revision ID: 0009_lineage
Revises: 0004
Create Date: 2026-12-02 15:40:00

Snapshots and briefs made before lineage was kept have no lineage rows: a withdrawal treats
them as having used everyone's contributions (engagement/services/lineage.py).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009_lineage'
down_revision: str | None = '0008_signin'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lineage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dialogue_id', sa.Integer(), nullable=False),
        sa.Column('output_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('output_id', sa.Integer(), nullable=False),
        sa.Column('part', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('contribution_kind', sqlmodel.sql.sqltypes.AutoString(length=16),
                  nullable=False),
        sa.Column('contribution_id', sa.Integer(), nullable=True),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], ),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('lineage', schema=None) as batch_op:
        batch_op.create_index('ix_lineage_output', ['output_kind', 'output_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lineage_dialogue_id'), ['dialogue_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_lineage_participant_id'), ['participant_id'],
                              unique=False)

    op.create_table(
        'export_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dialogue_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('brief_id', sa.Integer(), nullable=True),
        sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('removed_reason', sqlmodel.sql.sqltypes.AutoString(length=200),
                  nullable=True),
        sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], ),
        sa.ForeignKeyConstraint(['brief_id'], ['brief.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_file_dialogue_id'), ['dialogue_id'],
                              unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_findings', sa.Text(), nullable=False,
                                      server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_findings')
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_file_dialogue_id'))
    op.drop_table('export_file')
    with op.batch_alter_table('lineage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lineage_participant_id'))
        batch_op.drop_index(batch_op.f('ix_lineage_dialogue_id'))
        batch_op.drop_index('ix_lineage_output')
    op.drop_table('lineage')
