"""`import-polis` loads only what an import needs: the brief and the analysis (scikit-learn,
scipy.stats, matplotlib, nltk, WeasyPrint) cost 2.3 s of CPU at start-up, about a tenth of a
5 M-vote import (docs/benchmarks.md, 2026-12-03). Checked in a fresh interpreter, as this
test process has long since imported them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "scipy.stats", "matplotlib", "nltk", "weasyprint", "textblob")
PROBE = (
    "import sys\n"
    "import engagement.cli.polis, engagement.interop.polis\n"
    "from engagement.cli import main\n"
    f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    "print('sqlalchemy' in sys.modules)\n"
)


def test_the_polis_import_command_leaves_the_analysis_and_the_brief_unimported():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    heavy, database = done.stdout.splitlines()
    assert database == "True"  # the probe did load the import's own modules
    assert heavy == ""
