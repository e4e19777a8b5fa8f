"""Welsh and English: a session's name in Welsh (NULL when not written: participants then see
the English name, with a note).

Revision ID: 0013_session_welsh
Revises: 0012_welsh
Create Date: 2026-12-03 01:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013_session_welsh'
down_revision: str | None = '0012_welsh'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_cy', sqlmodel.sql.sqltypes.AutoString(length=120),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('name_cy')
