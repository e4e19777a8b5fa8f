"""audit chain position, append-only audit triggers, withdrawal register

Revision ID: 0006_audit
Revises: 0004
Create Date: 2026-12-02 15:40:00

Existing audit events keep their plain SHA-256 hashes (they still verify, as a prefix: see
engagement/audit.py) and are numbered in id order. Triggers then refuse UPDATE, DELETE (and on
PostgreSQL TRUNCATE) of audit events.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_audit'
down_revision: str | None = '0005_authz'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END
$$
"""


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute("CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event"
                   " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event"
                   " FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")
    else:
        op.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event"
                   " BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)');"
                   " END")
        op.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
                   " BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)');"
                   " END")


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def upgrade() -> None:
    op.create_table('withdrawal_register',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('joined', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('withdrawal_register', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_register_participant_id'),
                              ['participant_id'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=False, server_default='0'))
    # Number the events written so far in the order they were chained.
    op.execute("UPDATE audit_event SET seq = (SELECT COUNT(*) FROM audit_event AS earlier"
               " WHERE earlier.id <= audit_event.id)")
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('seq')
    with op.batch_alter_table('withdrawal_register', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawal_register_participant_id'))
    op.drop_table('withdrawal_register')
