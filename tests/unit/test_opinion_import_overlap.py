"""`analyse` imports the analysis package (numpy, scipy, scikit-learn: about 1.5 s of CPU)
in a thread while SQLite reads the votes, so the two overlap on two cores
(docs/benchmarks.md, "Sixth pass"). That needs the opinion service importable without the
analysis, and the thread to leave the package imported. Checked in a fresh interpreter, as
this test process has long since imported them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys, threading\n"
    "from engagement.services import opinion\n"
    "print(' '.join(m for m in ('sklearn', 'scipy', opinion.ANALYSIS_PACKAGE)"
    " if m in sys.modules))\n"
    "opinion._start_importing_analysis()\n"
    "importer = [t for t in threading.enumerate() if t.name == 'import the analysis']\n"
    "print(len(importer))\n"
    "importer[0].join(120)\n"
    "print('sklearn' in sys.modules, opinion.ANALYSIS_PACKAGE in sys.modules)\n"
    "opinion._start_importing_analysis()\n"
    "print(sum(t.name == 'import the analysis' for t in threading.enumerate()))\n"
)


def test_the_analysis_is_imported_in_a_thread_once_and_only_when_asked():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, check=True)
    loaded_first, threads, loaded_after, threads_again = done.stdout.splitlines()
    assert loaded_first == ""  # importing the service did not import the analysis
    assert threads == "1"
    assert loaded_after == "True True"
    assert threads_again == "0"  # already imported: no second thread
    assert done.stderr == ""
