"""Withdrawal follows lineage: every output that used any contribution of the person (not only
the snapshot voter lists) is superseded or made stale, loses their words and entries, and the
public sees only the re-issued version (issue 12, item 1)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.brief.render import to_html
from engagement.cli import main
from engagement.demo import load_demo
from engagement.errors import Conflict
from engagement.models import (
    AnalysisSnapshot,
    Brief,
    Consent,
    Decision,
    ExportFile,
    Participant,
    Position,
    Reflection,
    Statement,
    StatementOrigin,
    Vote,
)
from engagement.services import decisions, moderation, participation, staff
from engagement.services._lookup import dialogue_by_slug


@pytest.fixture
def demo(session):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    facilitator = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                                    role="facilitator", by=SYSTEM_CLI)
    board = staff.create_user(session=session, username="bea", password="lamp-kettle-7",
                              role="board", by=SYSTEM_CLI)
    return dialogue_by_slug(session, "insurance"), facilitator, board


def _agreed_statement(session, dialogue, facilitator) -> Statement:
    """A participant's statement, accepted, that its author agreed to have quoted and that
    40 others agree with (so that the brief quotes it among the consensus)."""
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


def _quoted(session, brief: Brief, statement: Statement) -> str:
    text = participation.public_text(statement)
    assert text in to_html(versions.brief_data(brief)), "the brief does not quote it"
    return text


def _make_non_voter(session, participant_id: int) -> None:
    """The author keeps only their statement (and consent): no vote, position, reflection."""
    for model in (Vote, Position, Reflection):
        session.execute(delete(model).where(model.participant_id == participant_id))
    session.commit()


def _public_html(session, dialogue) -> str:
    """What the public page's download holds: the current brief as a web page."""
    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    return to_html(versions.brief_data(current)) if current else ""


def test_a_quoted_author_who_never_voted_is_withdrawn_from_the_public_brief(session, demo):
    dialogue, facilitator, _ = demo
    statement = _agreed_statement(session, dialogue, facilitator)
    author = statement.author_participant_id
    _make_non_voter(session, author)
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    text = _quoted(session, brief, statement)
    assert text in _public_html(session, dialogue)  # quoted although they never voted
    snapshot = session.get(AnalysisSnapshot, brief.snapshot_id)
    assert author not in {p["key"] for p in json.loads(snapshot.result)["participants"]}

    participation.withdraw(session=session, participant_id=author)

    session.refresh(brief)
    assert brief.status == "superseded"
    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    assert current is not None and current.version > brief.version
    assert text not in _public_html(session, dialogue)
    assert text not in current.data and text not in brief.data


def test_superseded_and_stale_outputs_lose_the_person_and_the_tombstone_its_pseudonym(
        session, demo):
    dialogue, facilitator, board = demo
    statement = _agreed_statement(session, dialogue, facilitator)
    first = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    pid, text = statement.author_participant_id, _quoted(session, first, statement)
    pseudonym = session.get(Participant, pid).pseudonym
    snapshot = session.get(AnalysisSnapshot, first.snapshot_id)
    assert pid in {p["key"] for p in json.loads(snapshot.result)["participants"]}
    offered = list(decisions.available_findings(versions.brief_data(first)))
    decision = decisions.record_decision(session=session, dialogue_id=dialogue.id,
                                         outcome="defer", rationale="More evidence first.",
                                         findings=offered, by=board)
    fingerprint = first.fingerprint
    # The findings' words are stored with the decision (issue 14 item 2): the withdrawal must
    # take the person's words out of them too.
    assert text in session.get(Decision, decision.id).cited_findings

    participation.withdraw(session=session, participant_id=pid)

    session.refresh(first)
    session.refresh(snapshot)
    assert first.status == "superseded" and "withdrew" in first.superseded_reason
    assert first.fingerprint == fingerprint and first in versions.briefs_of(
        session=session, dialogue_id=dialogue.id, by=facilitator)
    assert text not in first.data
    assert snapshot.stale
    assert pid not in {p["key"] for p in json.loads(snapshot.result)["participants"]}
    assert str(statement.id) not in {str(item.get("statement_key")) for item in
                                     json.loads(snapshot.result)["consensus"]}
    with pytest.raises(Conflict, match="^Version 1 of this brief has been replaced"):
        versions.download_brief(session=session, brief_id=first.id, fmt="html", by=facilitator)
    tombstone = session.get(Participant, pid)
    assert tombstone.withdrawn_at is not None and tombstone.pseudonym != pseudonym
    kept = session.get(Decision, decision.id)
    assert kept.rationale == "More evidence first."
    marked = json.loads(kept.withdrawn_findings)
    assert marked and all(f in json.loads(kept.findings) for f in marked)
    assert f"S{statement.id}" in marked
    shown = decisions.cited_findings(kept)
    assert any(decisions.WITHDRAWN_NOTE in f for f in shown)
    assert text not in kept.cited_findings and pseudonym not in kept.cited_findings
    assert any(f.startswith(versions.WITHDRAWN_STATEMENT) for f in shown)


def test_a_person_with_no_contribution_in_a_brief_leaves_it_current(session, demo):
    dialogue, facilitator, _ = demo
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    pid = participation.join(session=session, join_code=dialogue.join_code).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    participation.withdraw(session=session, participant_id=pid)
    session.refresh(brief)
    assert brief.status == "current"


def test_brief_files_are_rewritten_and_exports_removed_after_a_withdrawal(
        session, demo, db_url, tmp_path, capsys):
    dialogue, facilitator, _ = demo
    statement = _agreed_statement(session, dialogue, facilitator)
    first = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    pid, text = statement.author_participant_id, _quoted(session, first, statement)
    html = tmp_path / "brief.html"
    assert main(["--database-url", db_url, "brief", dialogue.slug, "--format", "html",
                 "--out", str(html)]) == 0
    assert main(["--database-url", db_url, "export-polis", dialogue.slug,
                 str(tmp_path / "polis")]) == 0
    assert text in html.read_text()
    assert (tmp_path / "polis" / "comments.csv").exists()
    session.expire_all()

    participation.withdraw(session=session, participant_id=pid)

    assert html.exists() and text not in html.read_text()
    assert "Version 2" in html.read_text()
    assert not (tmp_path / "polis" / "comments.csv").exists()
    rows = session.exec(select(ExportFile).order_by(ExportFile.id)).all()
    assert [(r.kind, r.removed_at is not None) for r in rows] == [
        ("brief", True), ("polis", True), ("brief", False)]


def test_withdrawal_keeps_no_consent_or_lineage_row_of_the_person(session, demo):
    dialogue, facilitator, _ = demo
    versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                            acknowledge_open=True, analysis_checked=True)
    pid = session.exec(select(Consent.participant_id).limit(1)).first()
    from engagement.models import Lineage

    assert session.exec(select(Lineage).where(Lineage.participant_id == pid)).first()
    participation.withdraw(session=session, participant_id=pid)
    assert session.exec(select(Lineage).where(Lineage.participant_id == pid)).first() is None
