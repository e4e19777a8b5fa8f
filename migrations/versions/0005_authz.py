"""staff session revocation: user.session_epoch

Revision ID: 0005_authz
Revises: 0004
Create Date: 2026-12-02 15:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005_authz'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A password reset or deactivation moves it on; sessions signed in before then end.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
