"""The layers of docs/architecture.md are contracts (pyproject.toml, [tool.importlinter]):
they hold for the code as it is, and an accident of the kinds issue 13 found breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def copy_of_the_code(tmp_path) -> Path:
    for name in ("engagement", "pages"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 7 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("path", "line", "broken"), [
    # issue 13: pages reached past the services
    ("pages/participate.py", "from engagement.models import Dialogue", "Pages call use cases"),
    ("pages/_ui/database.py", "from engagement.db import make_engine", "Pages call use cases"),
    ("pages/board_dashboard.py", "from engagement.disclosure import Release",
     "Pages call use cases"),
    ("pages/admin_staff.py", "import sqlmodel", "Pages call use cases"),
    # pure rules reaching the database or a use case
    ("engagement/brief/summary.py", "import sqlalchemy", "Pure rules reach no database"),
    # issue 13: the brief is one package, its pure parts below its use cases; pages call only
    # its use cases
    ("engagement/brief/render.py", "from engagement.brief import versions",
     "The brief: use cases above its pure parts"),
    ("engagement/brief/document.py", "from engagement import models",
     "The brief's pure parts reach no use case"),
    ("engagement/brief/summary.py", "from engagement.services import opinion",
     "The brief's pure parts reach no use case"),
    ("pages/public_results.py", "from engagement.brief.render import to_html",
     "Pages call use cases"),
    ("engagement/privacy/redaction.py", "from engagement import db", "Layers"),
    ("engagement/analysis/themes.py", "from engagement.brief import versions", "Layers"),
    ("engagement/disclosure/rules.py", "from engagement.privacy import redaction", "Layers"),
    # the domain calling a use case (withdrawal_register did, issue 13)
    ("engagement/withdrawal_register.py", "from engagement.services import participation",
     "Layers"),
    # Streamlit below the pages
    ("engagement/services/counts.py", "import streamlit", "No Streamlit"),
    # import cycles (issue 13: decisions and notify imported each other, and so did the dialogue
    # templates and the demo's material; services and interop did as packages)
    ("engagement/services/notify.py", "from engagement.services import decisions",
     "No import cycles"),
    ("engagement/services/outcomes.py", "from engagement.services import board_home",
     "No import cycles"),
    ("engagement/templates.py", "from engagement import demo_content", "Layers"),
    ("engagement/topics/insurance.py", "from engagement import demo_content", "Layers"),
    ("engagement/polis_format/read.py", "from engagement.interop import polis", "Layers"),
    ("pages/_ui/text.py", "from pages._ui import database", "No import cycles"),
])
def test_an_import_across_a_layer_breaks_a_contract(copy_of_the_code, path, line, broken):
    target = copy_of_the_code / path
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint(copy_of_the_code)
    assert result.returncode != 0
    failed = result.stdout.split("Broken contracts", 1)[1]
    assert broken in failed, result.stdout


def test_a_new_module_must_be_placed_in_a_layer(copy_of_the_code):
    (copy_of_the_code / "engagement" / "newcomer.py").write_text('"""Not in any layer."""\n')
    result = _lint(copy_of_the_code)
    assert result.returncode != 0
    assert "newcomer" in result.stdout
