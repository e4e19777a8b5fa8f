"""Alembic environment: the database URL comes from DATABASE_URL (or the default SQLite file)."""

from alembic import context
from sqlmodel import SQLModel

import engagement.models  # noqa: F401  (registers the tables)
from engagement.db import make_engine

target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    from engagement.db import database_url

    context.configure(url=database_url(), target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
