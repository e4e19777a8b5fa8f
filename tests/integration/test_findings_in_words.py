"""Findings in words, and stable (issue 14, item 2): a decision stores each finding it cites
with its words and the brief version it came from, shows words (never "S14", "group:A" or
"shift"), follows groups and themes from version to version by identity, and says when a
cited finding changed or disappeared in a later version."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.demo import load_demo
from engagement.models import (
    AnalysisSnapshot,
    Decision,
    Participant,
    Reflection,
    Statement,
    StatementOrigin,
)
from engagement.services import brief_history as history
from engagement.services import decisions, moderation, participation, staff
from engagement.services._lookup import dialogue_by_slug

# What a person must never be shown: a finding's internal reference.
INTERNAL_KEY = re.compile(r"\bS\d+\b|\bgroup:|\btheme:|^shift$|\bG\d+\b|\bT\d+\b")


@pytest.fixture
def demo(session):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    facilitator = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                                    role="facilitator", by=SYSTEM_CLI)
    board = staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    # education: the demo dialogue whose brief has themes at this size
    return dialogue_by_slug(session, "education"), facilitator, board


def _agreed_statement(session, dialogue, facilitator) -> Statement:
    """A quotable participant's statement that 40 others agree with (a consensus finding)."""
    statement = session.exec(select(Statement).where(
        Statement.dialogue_id == dialogue.id, Statement.origin == StatementOrigin.PARTICIPANT,
        Statement.status == "pending").order_by(Statement.id)).first()
    author = statement.author_participant_id
    participation.give_consent(session=session, participant_id=author, report=True,
                               quote=True, notify=False)
    moderation.moderate(session=session, statement_ids=[statement.id], decision="accepted",
                        by=facilitator)
    others = session.exec(select(Participant.id).where(
        Participant.dialogue_id == dialogue.id, Participant.id != author)).all()[:40]
    for pid in others:
        participation.cast_vote(session=session, participant_id=pid,
                                statement_id=statement.id, value="agree")
    return session.get(Statement, statement.id)


def _decide(session, dialogue, board, refs: list[str]) -> Decision:
    return decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                                     rationale="More evidence first.", findings=refs, by=board)


def test_a_decision_stores_and_shows_its_findings_in_words(session, demo):
    dialogue, facilitator, board = demo
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    data = versions.brief_data(brief)
    offered = decisions.available_findings(data)
    kinds = {ref.partition(":")[0] if ":" in ref else ref.rstrip("0123456789")
             for ref in offered}
    assert {"S", "group", "theme", "shift"} <= kinds, sorted(offered)
    decision = _decide(session, dialogue, board, list(offered))

    stored = json.loads(session.get(Decision, decision.id).cited_findings)
    assert [item["ref"] for item in stored] == list(offered)
    assert {item["version"] for item in stored} == {brief.version}
    assert {item["brief_id"] for item in stored} == {brief.id}
    shown = decisions.cited_findings(decision)
    assert len(shown) == len(offered) >= 4
    for line in shown:
        assert not INTERNAL_KEY.search(line), line
        assert f"from version {brief.version} of the brief" in line
    words = " ".join(shown)
    consensus = data["opinion"]["consensus"][0]
    assert consensus["text"] in words  # the statement
    assert f"Opinion group {data['opinion']['groups'][0]['letter']}:" in words  # its description
    assert f"“{data['themes']['themes'][0]['label']}”" in words  # the theme's name
    assert "support for the proposal" in words  # the shift sentence


def test_groups_and_themes_keep_their_identity_from_version_to_version(session, demo):
    dialogue, facilitator, board = demo
    first = versions.brief_data(versions.sign_off_brief(session=session,
                                                        dialogue_id=dialogue.id,
                                                        by=facilitator, acknowledge_open=True,
                                                        analysis_checked=True))
    groups = [g["identity"] for g in first["opinion"]["groups"]]
    themes = [t["identity"] for t in first["themes"]["themes"]]
    assert len(groups) >= 2 and len(set(groups)) == len(groups)
    assert len(themes) >= 2 and len(set(themes)) == len(themes)
    # One person (in the largest group, no words of their own) withdraws: a new version.
    wrote = set(session.exec(select(Statement.author_participant_id))) | set(
        session.exec(select(Reflection.participant_id)))
    largest = max(first["opinion"]["groups"], key=lambda g: g["size"] or 0)
    snapshot = session.get(AnalysisSnapshot, versions.current_brief(
        session=session, dialogue_id=dialogue.id).snapshot_id)
    member = next(p["key"] for p in json.loads(snapshot.result)["participants"]
                  if p["group"] == largest["id"] and p["key"] not in wrote)
    participation.withdraw(session=session, participant_id=member)
    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    assert current.version == 2
    second = versions.brief_data(current)
    # The same groups and themes are found again: they keep their identities (a re-run of
    # k-means may letter them differently; the identity does not follow the letter).
    assert sorted(g["identity"] for g in second["opinion"]["groups"]) == sorted(groups)
    assert sorted(t["identity"] for t in second["themes"]["themes"]) == sorted(themes)
    by_identity = {g["identity"]: g for g in first["opinion"]["groups"]}
    for group in second["opinion"]["groups"]:
        before = by_identity[group["identity"]]
        assert abs((group["size"] or 0) - (before["size"] or 0)) <= 1, (group, before)


def test_a_cited_finding_that_disappeared_later_says_so(session, demo):
    dialogue, facilitator, board = demo
    statement = _agreed_statement(session, dialogue, facilitator)
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    offered = decisions.available_findings(versions.brief_data(brief))
    ref = f"S{statement.id}"
    assert ref in offered and statement.text in offered[ref]
    group = next(r for r in offered if r.startswith("group:"))
    decision = _decide(session, dialogue, board, [ref, group, "shift"])
    assert statement.text in session.get(Decision, decision.id).cited_findings

    participation.withdraw(session=session, participant_id=statement.author_participant_id)

    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    assert current.version == brief.version + 1
    kept = session.get(Decision, decision.id)
    assert statement.text not in kept.cited_findings  # the withdrawal scrubbed the words
    shown = decisions.cited_findings(kept, current=current)
    assert len(shown) == 3
    for line in shown:
        assert not INTERNAL_KEY.search(line), line
    withdrawn_statement, group_line, shift_line = shown
    assert withdrawn_statement.startswith(versions.WITHDRAWN_STATEMENT)
    assert decisions.WITHDRAWN_NOTE in withdrawn_statement
    assert f"not among the findings of version {current.version}" in withdrawn_statement
    # The group is still there (same identity); the shift is measured on the same positions.
    assert "not among the findings" not in group_line
    assert f"version {current.version}" in group_line


def test_the_brief_history_lists_versions_changes_and_decisions(session, demo):
    dialogue, facilitator, board = demo
    statement = _agreed_statement(session, dialogue, facilitator)
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    offered = decisions.available_findings(versions.brief_data(brief))
    _decide(session, dialogue, board, [f"S{statement.id}"])
    participation.withdraw(session=session, participant_id=statement.author_participant_id)

    evaluator = staff.create_user(session=session, username="eve", password="tulip-42-Oak",
                                  role="evaluator", by=SYSTEM_CLI)
    found = history.brief_history(session=session, dialogue_id=dialogue.id, by=evaluator)
    assert found.current is not None and found.current.version == 2
    assert found.current.data is not None and found.current.decisions == ()
    (earlier,) = found.earlier
    assert earlier.version == 1 and earlier.data is None  # not downloadable
    assert "withdrew" in earlier.superseded
    # What changed, in words; the withdrawn statement is in neither version as they stand.
    assert "Participants: 60 before, 59 now." in earlier.changes, earlier.changes
    assert statement.text not in " ".join(earlier.changes)
    for change in earlier.changes:
        assert not INTERNAL_KEY.search(change), change
    assert statement.text not in " ".join(earlier.sentences)  # as the withdrawal left it
    (decision,) = earlier.decisions
    assert decision.outcome == "Defer" and len(decision.findings) == 1
    assert not INTERNAL_KEY.search(decision.findings[0])
    assert offered[f"S{statement.id}"] not in decision.findings[0]
