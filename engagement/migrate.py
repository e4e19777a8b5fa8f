"""Bring a database schema to the newest migration (used by `init-db` and `make run`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from engagement.db import ROOT, database_url, make_engine


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url or database_url())
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    engine = make_engine(url or database_url())
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
