"""The admission gate: how many participants' script runs of this process compute at once."""

from __future__ import annotations

import os
from contextlib import nullcontext

import streamlit as st

from engagement.ops.gate import Gate

# How many participants' script runs of this process compute at once (0: no limit); the rest
# queue, votes first (engagement/ops/gate.py). Measured with bench/load.py, 300 participants on
# one process: vote p95 77 ms with 1, 227-250 ms with 2, 367 ms with 4, 411-628 ms with no
# gate; 1,000 participants: p95 1.0 s with 1, 5.6 s with 2, 12.2 s with none.
VOTE, PAGE = 0, 1
_RUNS = int(os.environ.get("ENGAGEMENT_CONCURRENT_RUNS", "1"))
_GATE = Gate(_RUNS) if _RUNS > 0 else None


def admitted(priority: int = PAGE):
    """Enter the process's gate for one script run or one callback (a context manager)."""
    return _GATE.admit(priority) if _GATE is not None else nullcontext()


def page_run():
    """The gate for a whole page run. Signed-in staff go straight in: they are few, and some of
    their runs are long (the dashboard's analysis), which must not hold a participant's place."""
    return nullcontext() if "user_id" in st.session_state else admitted(PAGE)
