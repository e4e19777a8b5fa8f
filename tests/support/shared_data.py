"""Data sets kept in ``shared/`` beside the repository (Pol.is exports, the PII and themes dev
sets; never copied into it).

The folder is ``SHARED_DATA`` when set, else looked for beside the repository and beside each
folder above it, so that a git worktree (for example /work/wt/NAME, with the data at
/work/shared) finds it too. Missing locally, the tests that read it skip; under ``CI=true`` they
fail, so a CI run without the data cannot pass by skipping everything that checks it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.backends import in_ci

REPO = Path(__file__).resolve().parents[2]


def _shared_folder() -> Path:
    if os.environ.get("SHARED_DATA"):
        return Path(os.environ["SHARED_DATA"])
    for folder in REPO.parents:
        if (folder / "shared").is_dir():
            return folder / "shared"
    return REPO.parent / "shared"


SHARED = _shared_folder()
POLIS_OPEN_DATA = SHARED / "polis-open-data"


def shared_path(name: str) -> Path:
    return SHARED / name


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


require = need


def folder_names(path: Path) -> list[str]:
    """The names of the sub-folders of ``path`` (none when it is missing)."""
    return sorted(p.name for p in path.iterdir() if p.is_dir()) if path.is_dir() else []


def as_params(names: list[str]) -> list:
    """``names`` as test parameters; when there are none, one parameter ``None`` for a test
    to hand to :func:`missing` (an empty parametrisation would skip silently, even in CI)."""
    return list(names) or [pytest.param(None, id="no-data")]


def polis_conversations() -> list[str]:
    """Folder names of the Pol.is conversations; one placeholder name when the data is
    missing, so that a parametrized test runs (and skips, or fails under CI) instead of
    being silently collected as nothing."""
    return folder_names(POLIS_OPEN_DATA) or ["(missing)"]


def polis_folder(name: str) -> Path:
    return need(POLIS_OPEN_DATA / name)
