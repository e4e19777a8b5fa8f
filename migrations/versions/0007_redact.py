"""reflections are quoted only after a privacy review

Revision ID: 0007_redact
Revises: 0004
Create Date: 2026-12-02 15:40:00

Reflections written before this revision have not been reviewed, so they are not quoted until
a facilitator reviews them; those already kept out of quotes count as reviewed.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007_redact'
down_revision: str | None = '0006_audit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
    reflection = sa.table('reflection', sa.column('quotable', sa.Boolean()),
                          sa.column('reviewed_at'), sa.column('created_at'))
    op.execute(reflection.update().where(reflection.c.quotable == sa.false())
               .values(reviewed_at=reflection.c.created_at))


def downgrade() -> None:
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_column('reviewed_at')
