"""Data sets kept in ``shared/`` beside the repository (never copied into it).

The folder is looked for beside the repository and beside each folder above it, so that a
git worktree (for example /work/wt/NAME, with the data at /work/shared) finds it too.
Under CI a missing data set fails the test instead of skipping it (tests/support/backends.py
in_ci): a skipped test would hide that the check never ran.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.backends import in_ci

REPO = Path(__file__).resolve().parents[2]


def shared_path(name: str) -> Path:
    """The first ``shared/<name>`` beside the repository or a folder above it (the one beside
    the repository when there is none)."""
    for folder in REPO.parents:
        candidate = folder / "shared" / name
        if candidate.exists():
            return candidate
    return REPO.parent / "shared" / name


def require(path: Path) -> Path:
    """``path`` when it exists; otherwise skip the test, or fail it under CI."""
    if not path.exists():
        message = f"no data at {path}"
        if in_ci():
            pytest.fail(message + " (CI must have it)")
        pytest.skip(message)
    return path


POLIS_OPEN_DATA = shared_path("polis-open-data")


def polis_conversations() -> list[str]:
    """Folder names of the Pol.is conversations; one placeholder name when the data is
    missing, so that a parametrized test runs (and skips, or fails under CI) instead of
    being silently collected as nothing."""
    if not POLIS_OPEN_DATA.is_dir():
        return ["(missing)"]
    return sorted(p.name for p in POLIS_OPEN_DATA.iterdir() if p.is_dir())


def polis_folder(name: str) -> Path:
    return require(POLIS_OPEN_DATA / name)
