"""The disclosure gate, finding by finding: the brief in every format, the dashboard's and the
live counts' views, and the pages that must not apply small-cell rules of their own."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from engagement.actors import SYSTEM_CLI
from engagement.brief import evidence
from engagement.brief.render import to_html, to_markdown
from engagement.services import opinion
from tests.support.small_dialogues import Plan, build

ROOT = Path(__file__).resolve().parents[2]
GATE_MODULES = ("engagement.privacy.suppression", "engagement.disclosure")


def _brief(session, dialogue) -> tuple[dict, str]:
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id,
                                    params={"n_bootstrap": 4}, by=SYSTEM_CLI)
    data = json.loads(json.dumps(evidence.gather(session=session, dialogue=dialogue,
                                                 snapshot=snapshot)))
    return data, to_markdown(data)


def test_six_voters_with_a_minimum_of_ten_are_not_counted_in_the_brief(session):
    dialogue = build(session, Plan(minimum=10, sessions={"Online": 6}, vote_share=1.0))
    data, markdown = _brief(session, dialogue)
    assert "People who voted: 6" not in markdown
    assert "People who voted: not shown" in markdown
    assert data["opinion"]["n_participants"] is None
    assert "People who voted: 6" not in to_html(data)


SHIFT_ROW = re.compile(r"^\| (Everyone|Group \w+|Session: [^|]+?) \| (\d+|not shown) \|", re.M)


def test_one_session_is_not_everyone_minus_the_other_in_the_shift_table(session):
    # Sessions of 8 and 3 with a minimum of 5: "Everyone 11" beside "Workshop 1 8" gave 3.
    dialogue = build(session, Plan(minimum=5, sessions={"Workshop 1": 8, "Workshop 2": 3},
                                   vote_share=1.0, positions_share=1.0, seed=3))
    data, markdown = _brief(session, dialogue)
    rows = SHIFT_ROW.findall(markdown)
    assert rows and rows[0][0] == "Everyone", markdown
    people = [int(n) for _, n in rows if n.isdigit()]
    assert people, rows
    assert not [(a, b) for a in people for b in people if 0 < abs(a - b) < 5], rows
    assert "Workshop 1" not in data["shift"]["by_session"]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_page_imports_the_small_cell_rules():
    pages = sorted((ROOT / "pages").glob("*.py"))
    assert len(pages) >= 10, "the pages were found"
    offenders = {
        path.name: sorted(name for name in _imports(path)
                          if name.startswith(GATE_MODULES))
        for path in pages
    }
    assert not {k: v for k, v in offenders.items() if v}, offenders
