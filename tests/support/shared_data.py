"""The shared data sets beside the repository (``../shared``: Pol.is exports, the PII and
themes dev sets). Missing locally, the tests that read them skip; under ``CI=true`` they fail,
so a CI run without the data cannot pass by skipping everything that checks it.

``SHARED_DATA`` overrides the location (a git worktree sits one level deeper than the main
checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.backends import in_ci

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED_DATA") or REPO.parent / "shared")


def missing(path: Path) -> None:
    """Skip (locally) or fail (under CI) the current test because ``path`` is missing."""
    message = f"shared data missing: {path}"
    if in_ci():
        pytest.fail(f"{message} (CI is set: the shared data must be present)", pytrace=False)
    pytest.skip(message)


def need(path: Path) -> Path:
    """``path`` when it exists; else :func:`missing`."""
    if not path.exists():
        missing(path)
    return path


def folder_names(path: Path) -> list[str]:
    """The names of the sub-folders of ``path`` (none when it is missing)."""
    return sorted(p.name for p in path.iterdir() if p.is_dir()) if path.is_dir() else []


def as_params(names: list[str]) -> list:
    """``names`` as test parameters; when there are none, one parameter ``None`` for a test
    to hand to :func:`missing` (an empty parametrisation would skip silently, even in CI)."""
    return list(names) or [pytest.param(None, id="no-data")]
