"""AppTest fixtures: a migrated, seeded SQLite file per test (a fresh URL each time)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import streamlit as st

from tests.app.helpers import ROOT, Seeded, seed_database


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Seeded:
    """Migrate and seed once (argon2 and Alembic are slow); each test gets a copy."""
    folder = tmp_path_factory.mktemp("seed")
    return seed_database(f"sqlite:///{folder / 'template.db'}")


@pytest.fixture
def seeded(seeded_template, tmp_path, monkeypatch) -> Seeded:
    source = seeded_template.url.removeprefix("sqlite:///")
    target = tmp_path / "app.db"
    shutil.copyfile(source, target)
    data = dataclasses.replace(seeded_template, url=f"sqlite:///{target}")
    monkeypatch.setenv("DATABASE_URL", data.url)
    monkeypatch.chdir(ROOT)
    yield data
    st.cache_resource.clear()  # pages/_ui/database.py caches one engine per URL
