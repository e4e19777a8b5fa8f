"""Property test of the disclosure gate over every output path: random small dialogues (sizes
near the minimum, uneven sessions and opinion camps, votes over several days, withdrawals) go
through the brief (its data, Markdown and the HTML export), the public page, the dashboard for
everyone and for each session it offers, the live counts and the decision page. In each output,
no count of people is between 1 and the minimum - 1, and no two differ by 1 to minimum - 1.

The checker is generic: it collects every count of people from an output's structured form
(dicts, lists and dataclasses, by field name) and from its text (phrases such as "12 people",
"(12 voted)" and the tables' People columns), so a new output or field is covered."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel

import engagement.models  # noqa: F401
from engagement.brief import versions
from engagement.brief.render import to_markdown, write
from engagement.db import make_engine
from engagement.errors import Conflict
from engagement.services import dashboard, public
from engagement.services.counts import live_view
from engagement.services.room import room_view
from tests.support.small_dialogues import Plan, build, staff

# Fields that count people (or their votes' or texts' holders); inside the containers every
# whole number counts people.
PEOPLE_FIELDS = {"n", "size", "count", "n_seen", "total", "participants", "n_pairs",
                 "n_participants", "n_clustered", "moved_up", "moved_down", "unchanged",
                 "small_groups_people", "n_texts", "voters", "people", "withdrawn",
                 "positions_before", "positions_after"}
COUNT_CONTAINERS = {"by_session", "before_counts", "after_counts", "by_group", "bars"}
NOT_A_COUNT = r"(?<!at least )(?<!smaller than )(?<!fewer than )(?<!of at least )"
PHRASES = [re.compile(p, re.IGNORECASE) for p in (
    NOT_A_COUNT + r"\b(\d+) people\b", r"\b(\d+) (?:who )?voted\b", r"\b(\d+) texts\b",
    r"People who voted: (\d+)", r"Participants: (\d+)", r"placed in opinion groups: (\d+)",
    r"In the groups: (\d+)",
)]  # case-insensitive: "At least 5 people" states the minimum, not a count
COUNT_COLUMNS = {"People", "Participants"}


def counts_in_text(text: str) -> list[int]:
    found = [int(n) for pattern in PHRASES for n in pattern.findall(text)]
    header: list[str] | None = None
    for line in text.splitlines():  # Markdown tables
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(line) <= set("|- "):
            found += [int(c) for name, c in zip(header, cells, strict=False)
                      if (name in COUNT_COLUMNS or header[0] == "Theme" and name != "Theme")
                      and c.isdigit()]
    return found


def people_counts(node, counting: bool = False) -> list[int]:
    """Every count of people in a structured output (dataclasses, dicts, lists, text)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        node = dataclasses.asdict(node)
    if isinstance(node, str):
        return counts_in_text(node)
    if isinstance(node, dict) and {"label", "value"} <= set(node):  # a metric
        return counts_in_text(f"{node['label']}: {node['value']}")
    found: list[int] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list | tuple) else ()
    for key, value in items:
        if isinstance(value, bool) or value is None:
            continue
        counts_here = counting or key in PEOPLE_FIELDS
        if isinstance(value, int) and counts_here:
            found.append(value)
        elif isinstance(value, str) and counts_here and value.isdigit():
            found.append(int(value))
        elif isinstance(value, dict | list | tuple | str) or dataclasses.is_dataclass(value):
            found += people_counts(value, counting or key in COUNT_CONTAINERS)
    return found


def shares_of_few(node, minimum: int) -> list[tuple]:
    """Percentages beside the number they are of (a statement's voters) that stand for 1 to
    minimum - 1 people: a share of a known whole is a count in disguise."""
    found = []
    if isinstance(node, dict):
        seen = node.get("n_seen")
        for key in ("pct_agree", "pct_disagree"):
            pct = node.get(key)
            if isinstance(seen, int) and pct is not None:
                people = round(pct * seen / 100)
                if 0 < people < minimum or 0 < seen - people < minimum:
                    found.append((key, pct, seen))
        for value in node.values():
            found += shares_of_few(value, minimum)
    elif isinstance(node, list):
        for value in node:
            found += shares_of_few(value, minimum)
    return found


def assert_disclosed(output: str, counts: list[int], minimum: int) -> None:
    small = sorted({n for n in counts if 0 < n < minimum})
    assert not small, f"{output}: counts of fewer than {minimum} people: {small}"
    shown = sorted(set(counts))
    close = [(a, b) for a, b in zip(shown, shown[1:], strict=False) if b - a < minimum]
    assert not close, f"{output}: counts {close} differ by fewer than {minimum}"


def _html_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"src='[^']*'", "", page)))


def outputs(session: Session, dialogue_id: int, plan: Plan) -> dict[str, list[int]]:
    """Every output a person can see of this dialogue, as its counts of people."""
    fran = staff(session, "facilitator", "fran")
    bea = staff(session, "board", "bea")
    found: dict[str, list[int]] = {}
    try:
        brief = versions.sign_off_brief(session=session, dialogue_id=dialogue_id, by=fran,
                                        acknowledge_open=True, analysis_checked=True)
    except Conflict:
        brief = None  # the summary's check refused: nothing is published
    if brief is not None:
        data = json.loads(json.dumps(versions.brief_data(brief)))
        with tempfile.TemporaryDirectory() as folder:
            exported = write(data, "html", Path(folder) / "brief.html").read_text()
        found["brief"] = (people_counts(data) + counts_in_text(to_markdown(data))
                          + counts_in_text(_html_text(exported)))
        assert not shares_of_few(data, plan.minimum), shares_of_few(data, plan.minimum)
        found["public page"] = people_counts(
            public.public_results(session=session, dialogue_id=dialogue_id))
        found["decision page"] = people_counts(
            dashboard.participant_leaning(session=session, dialogue_id=dialogue_id, by=bea))
    for scope in dashboard.scopes(session=session, dialogue_id=dialogue_id, by=bea):
        view = dashboard.board_view(session=session, dialogue_id=dialogue_id,
                                    session_id=scope.session_id, by=bea)
        found[f"dashboard: {scope.name}"] = people_counts(view)
    found["live counts"] = people_counts(live_view(session=session, dialogue_id=dialogue_id,
                                                   by=fran))
    found["room screen"] = people_counts(room_view(session=session, dialogue_id=dialogue_id,
                                                   by=fran))
    return found


@st.composite
def plans(draw) -> Plan:
    minimum = draw(st.sampled_from([5, 6, 8, 10]))
    withdrawn = draw(st.integers(0, 3))
    sizes = draw(st.lists(st.integers(1, 2 * minimum + 2), min_size=1, max_size=3))
    if sum(sizes) < minimum + withdrawn:  # enough people stay for something to be shown
        sizes[0] += minimum + withdrawn - sum(sizes)
    people = sum(sizes)
    return Plan(
        minimum=minimum,
        sessions={f"Session {i + 1}": n for i, n in enumerate(sizes)},
        seed=draw(st.integers(0, 10_000)),
        camps=draw(st.integers(1, 3)),
        statements=draw(st.integers(4, 8)),
        vote_share=draw(st.floats(0.6, 1.0)),
        positions_share=draw(st.floats(0.5, 1.0)),
        reflections_share=draw(st.floats(0.0, 0.8)),
        days=draw(st.lists(st.integers(0, 3), min_size=people, max_size=people)),
        withdrawn=withdrawn,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans())
def test_no_output_shows_a_small_count_or_a_small_difference(plan):
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    try:
        with Session(engine, expire_on_commit=False) as session:
            dialogue = build(session, plan)
            found = outputs(session, dialogue.id, plan)
    finally:
        engine.dispose()
    event("brief published" if "brief" in found else "brief refused by its check")
    event(f"{sum(k.startswith('dashboard') for k in found)} dashboard view(s)")
    assert "live counts" in found and any(k.startswith("dashboard") for k in found)
    assert any(n > 0 for counts in found.values() for n in counts), found
    for output, counts in found.items():
        assert_disclosed(output, counts, plan.minimum)


def test_the_checker_finds_counts_in_every_form():
    """The checker itself: it must see counts in structures, phrases and tables."""
    text = ("Group A (12 people, 40% of those grouped) stood out. At least 5 people each. "
            "(7 voted)\n\n| Who | People |\n| --- | --- |\n| Everyone | 11 |\n")
    assert sorted(counts_in_text(text)) == [7, 11, 12]
    data = {"opinion": {"n_participants": 14, "groups": [{"size": 9, "id": 0}]},
            "shift": {"by_session": {"S1": {"n": 8, "mean_change": 0.5}}},
            "snapshot": {"id": 3}}
    assert sorted(people_counts(data)) == [8, 9, 14]
    view = dashboard.Metric("People who voted", "13")
    assert people_counts([view]) == [13]
