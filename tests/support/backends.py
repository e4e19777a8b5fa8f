"""The database backends integration tests run on."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def backend_params() -> list:
    """Parameters 'sqlite' and 'postgres' (marked ``postgres``), for ``indirect`` use with the
    ``db_backend`` or ``empty_db_url`` fixtures."""
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
