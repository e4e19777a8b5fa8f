"""The board's dashboard through AppTest: what it draws passes the disclosure gate, and two
identical charts do not crash it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from engagement.models import User, Vote
from engagement.services import dialogues, participation
from tests.app.helpers import JOIN_CODE, SEEDS, TIMEOUT, new_app, ok, texts, widget

MINIMUM = 5
DAY = datetime(2026, 3, 2, 10, tzinfo=UTC)


def board(seeded):
    at = new_app()
    at.session_state["user_id"] = seeded.board_id
    at.session_state["last_seen"] = datetime.now(UTC)
    at.session_state["session_epoch"] = 0
    ok(at.run(timeout=TIMEOUT))
    at.switch_page("pages/board_dashboard.py")
    return ok(at.run(timeout=TIMEOUT))


def divided_on_the_first(i: int, sid: int) -> bool:
    return i % 2 == 0 if sid == 1 else sid == 2


def voters(seeded, n: int, *, session_id: int, pattern=divided_on_the_first,
           positions: bool = True, day: int = 0) -> None:
    """n people in a session vote on every seed statement (and give positions)."""
    with seeded.db() as session:
        fran = session.get(User, seeded.facilitator_id)
        dialogues.set_min_reporting_size(session=session, dialogue_id=seeded.dialogue_id,
                                         size=MINIMUM, by=fran)
        for i in range(n):
            pid = participation.join(session=session, join_code=JOIN_CODE,
                                     session_id=session_id).participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=False)
            for sid in range(1, len(SEEDS) + 1):
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if pattern(i, sid) else "disagree")
            if positions:
                for stage, support in (("pre", 2 + i % 2), ("post", 3 + i % 3)):
                    participation.record_position(session=session, participant_id=pid,
                                                  stage=stage, support=support, confidence=3)
            when = DAY + timedelta(days=day)
            for vote in session.exec(select(Vote).where(Vote.participant_id == pid)):
                vote.created_at = when
                session.add(vote)
            session.commit()


def second_session(seeded, name: str = "Workshop 2") -> int:
    with seeded.db() as session:
        fran = session.get(User, seeded.facilitator_id)
        return dialogues.add_session(session=session, dialogue_id=seeded.dialogue_id,
                                     name=name, by=fran).id


def small_differences(counts: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for a in counts for b in counts if 0 < abs(a - b) < MINIMUM]


def test_two_identical_division_charts_do_not_crash_the_dashboard(seeded):
    # Statements 1 and 3 are voted alike by everyone: their charts by group are identical.
    voters(seeded, 14, session_id=seeded.session_id, positions=False,
           pattern=lambda i, sid: (i + sid) % 2 == 0)
    at = board(seeded)
    assert "Where the groups differ most" in [h.value for h in at.header]
    charts = [e for e in at.get("plotly_chart")]
    assert len(charts) >= 3, "the map and at least two identical division charts are drawn"


def test_a_small_session_is_not_given_away_by_everyone_minus_the_other(seeded):
    # Sessions of 8 and 3 with a minimum of 5: everyone (11) minus the first (8) is 3.
    voters(seeded, 8, session_id=seeded.session_id)
    voters(seeded, 3, session_id=second_session(seeded), pattern=lambda i, sid: sid == 1)
    at = board(seeded)
    offered = widget(at.selectbox, "Whose votes").options
    assert "Evening online" not in offered and "Workshop 2" not in offered
    people = [int(n) for n in re.findall(r"Among (?:the )?(\d+) people", texts(at))]
    for table in at.dataframe:
        frame = table.value
        if "People" in frame.columns:
            people += [int(v) for v in frame["People"] if str(v).isdigit()]
    assert people, "the page shows how many gave their view"
    assert all(n >= MINIMUM for n in people), people
    assert not small_differences(people), people


def test_participation_over_time_and_the_map_caption_show_no_small_numbers(seeded):
    # 1, 2 and 4 people vote on three days, then 20 on a fourth, one of whom votes unlike
    # anyone else and sits alone on the map (the caption once said "1 people").
    for day, n in enumerate((1, 2, 4, 19)):
        voters(seeded, n, session_id=seeded.session_id, day=day, positions=False)
    voters(seeded, 1, session_id=seeded.session_id, day=3, positions=False,
           pattern=lambda i, sid: sid == 3)
    at = board(seeded)
    assert "Participation over time" in [h.value for h in at.header]
    said = [int(n) for n in re.findall(r"\b(\d+) people\b", texts(at))]
    assert said, "the page says how many people it describes"
    assert not [n for n in said if 0 < n < MINIMUM], said
    charts = at.get("vega_lite_chart")
    assert charts, "participation over time is drawn"
    plotted = [int(v) for chart in charts for v in _plotted_voters(chart)]
    assert plotted, "some day had enough people voting to draw"
    assert all(n >= MINIMUM for n in plotted), plotted
    assert not small_differences(plotted), plotted


def _plotted_voters(chart) -> list:
    """The 'People voting' values of a line chart drawn by st.line_chart (long form: one row
    per day and series, in Streamlit's generated colour and value columns)."""
    import pyarrow as pa

    values = []
    for dataset in chart.proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        colour = next(c for c in table.columns if c.startswith("color"))
        value = next(c for c in table.columns if c.startswith("value"))
        values += list(table[table[colour] == "People voting"][value])
    return values


def test_the_dashboard_draws_each_group_in_the_colour_the_brief_uses(seeded):
    """Map and division charts colour 'Group X' as the brief's charts do (one palette)."""
    import json

    from engagement.palette import group_colour

    voters(seeded, 14, session_id=seeded.session_id, positions=False)
    at = board(seeded)
    drawn: dict[str, set[str]] = {}
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if str(trace.get("name", "")).startswith("Group "):
                drawn.setdefault(trace["name"], set()).add(trace["marker"]["color"])
    assert drawn, "some chart draws a group"
    assert drawn == {name: {group_colour(name.removeprefix("Group "))} for name in drawn}
