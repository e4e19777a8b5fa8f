"""Welsh and English: dialogue texts, seed statements and consent wording in Welsh; the
language a participant reads in.

Revision ID: 0012_welsh
Revises: 0011_cited_findings
Create Date: 2026-12-02 18:45:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012_welsh'
down_revision: str | None = '0011_cited_findings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> Welsh text columns ("" when not written)
_WELSH_TEXT = {
    'dialogue': ('proposed_use_cy', 'question_cy', 'briefing_cy', 'reflection_question_cy'),
    'statement': ('text_cy',),
    'consent_wording': ('report_cy', 'quote_cy', 'notify_cy'),
}


def upgrade() -> None:
    with op.batch_alter_table('dialogue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_cy', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
    for table, columns in _WELSH_TEXT.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.Text(), nullable=False,
                                              server_default=''))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2),
                                      nullable=False, server_default='en'))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('language')
    for table, columns in _WELSH_TEXT.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column)
    with op.batch_alter_table('dialogue', schema=None) as batch_op:
        batch_op.drop_column('title_cy')
