"""Vote blocks: ranges of a dialogue's votes kept as columns, for a fast analysis read on
SQLite; triggers on the vote table delete a block whenever one of its votes changes or is
deleted (engagement/columnar.py). On PostgreSQL the table stays empty and has no triggers.

Revision ID: 0014_vote_blocks
Revises: 0013_session_welsh
Create Date: 2026-12-03 23:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014_vote_blocks'
down_revision: str | None = '0013_session_welsh'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A changed or deleted vote deletes the block holding it (and, for a vote moved to another
# dialogue or id, the block holding its new place).
_SQLITE_TRIGGERS = {
    "vote_block_on_update": (
        "CREATE TRIGGER vote_block_on_update AFTER UPDATE ON vote BEGIN "
        "DELETE FROM vote_block WHERE (dialogue_id = OLD.dialogue_id AND after_id < OLD.id "
        "AND OLD.id <= upto_id) OR (dialogue_id = NEW.dialogue_id AND after_id < NEW.id "
        "AND NEW.id <= upto_id); END"),
    "vote_block_on_delete": (
        "CREATE TRIGGER vote_block_on_delete AFTER DELETE ON vote BEGIN "
        "DELETE FROM vote_block WHERE dialogue_id = OLD.dialogue_id AND after_id < OLD.id "
        "AND OLD.id <= upto_id; END"),
}


def upgrade() -> None:
    op.create_table('vote_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('after_id', sa.BigInteger(), nullable=False),
    sa.Column('upto_id', sa.BigInteger(), nullable=False),
    sa.Column('vote_count', sa.BigInteger(), nullable=False),
    sa.Column('id_sum', sa.BigInteger(), nullable=False),
    sa.Column('value_id_sum', sa.BigInteger(), nullable=False),
    sa.Column('last_change', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('participant_ids', sa.LargeBinary(), nullable=False),
    sa.Column('statement_ids', sa.LargeBinary(), nullable=False),
    sa.Column('vote_values', sa.LargeBinary(), nullable=False),
    sa.Column('first_at', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dialogue_id', 'after_id')
    )
    if op.get_bind().dialect.name == "sqlite":
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('vote_block')
