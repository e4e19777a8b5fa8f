"""Sign-off, brief formats, decisions, notifications and withdrawal after a brief."""

import json
import socket

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy import inspect
from sqlmodel import func, select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.brief.render import to_html, to_markdown, to_pdf
from engagement.demo import load_demo
from engagement.errors import Conflict, InvalidInput
from engagement.models import AnalysisSnapshot, Brief, Decision, Notification, Participant
from engagement.services import decisions, notify, participation, staff
from engagement.services._lookup import dialogue_by_slug


@pytest.fixture
def demo(session):
    summary = load_demo(session=session, participants_per_dialogue=(60, 60))
    facilitator = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                                    role="facilitator", by=SYSTEM_CLI)
    board = staff.create_user(session=session, username="bea", password="lamp-kettle-7",
                              role="board", by=SYSTEM_CLI)
    dialogue = dialogue_by_slug(session, "insurance")
    return summary, dialogue, facilitator, board


def _join(session, code="INSURE", *, quote=True, notify_me=False, email=None):
    pid = participation.join(session=session, join_code=code).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=quote,
                               notify=notify_me, email=email)
    return pid


def test_sign_off_freezes_snapshot_and_every_format_renders(session, demo):
    _, dialogue, facilitator, _ = demo
    with pytest.raises(Conflict):
        versions.require_current_brief(session=session, dialogue_id=dialogue.id)
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    snapshot = session.get(AnalysisSnapshot, brief.snapshot_id)
    assert snapshot.published_at is not None and brief.signed_off_by == "user:fran"
    data = versions.brief_data(brief)
    assert data["summary"]["sentences"]
    for sentence in data["summary"]["sentences"]:
        assert sentence["citations"]
    assert data["snapshot"]["fingerprint"] == snapshot.fingerprint
    markdown = to_markdown(data)
    assert "Governance brief" in markdown and snapshot.fingerprint in markdown
    assert "<h2>Opinion groups</h2>" in to_html(data)
    assert to_pdf(data).startswith(b"%PDF")
    # what the pages use: the same drawings through the service; an unknown format refused
    assert versions.render_brief(data, "md") == markdown
    assert versions.render_brief(data, "html") == to_html(data)
    assert versions.render_brief(data, "pdf").startswith(b"%PDF")
    for bad in ("docx", "", None, "PDF"):
        with pytest.raises(InvalidInput):
            versions.render_brief(data, bad)


def test_participant_words_are_quoted_only_with_consent(session):
    # 200 people a dialogue: enough reflections for themes of 10 or more authors to quote
    load_demo(session=session, participants_per_dialogue=(200, 200))
    facilitator = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                                    role="facilitator", by=SYSTEM_CLI)
    dialogue = dialogue_by_slug(session, "insurance")
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    data = versions.brief_data(brief)
    quoted = {q["id"] for t in data["themes"]["themes"] for q in t["quotes"]}
    assert quoted, "nothing quoted: the check below would pass on nothing"
    from engagement.models import Consent, Reflection
    for ref in quoted:
        assert ref.startswith("R")
        reflection = session.get(Reflection, int(ref[1:]))
        consent = session.exec(select(Consent).where(
            Consent.participant_id == reflection.participant_id)).first()
        assert consent.quote


def test_decision_needs_findings_and_explains_departures(session, demo):
    _, dialogue, facilitator, board = demo
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    offered = decisions.available_findings(versions.brief_data(brief))
    with pytest.raises(InvalidInput, match="finding"):
        decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                                  rationale="Need more evidence.", findings=[], by=board)
    view = decisions.participant_view(session=session, dialogue_id=dialogue.id, by=board)
    against = {"support": "reject", "oppose": "approve"}.get(view.leaning)
    if against:
        with pytest.raises(InvalidInput, match="explanation"):
            decisions.record_decision(session=session, dialogue_id=dialogue.id,
                                      outcome=against, rationale="Because.",
                                      findings=list(offered)[:1], by=board)
    first = decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                                      rationale="We need more evidence.",
                                      findings=list(offered)[:2], by=board)
    second = decisions.record_decision(session=session, dialogue_id=dialogue.id,
                                       outcome="approve_with_conditions",
                                       rationale="With an independent list.",
                                       findings=list(offered)[:1], by=board,
                                       explanation="Participants were divided.")
    assert (first.version, second.version) == (1, 2)
    stored = session.get(Decision, first.id)
    assert stored.outcome == "defer" and json.loads(stored.findings) == list(offered)[:2]


def test_outcome_goes_to_the_outbox_without_smtp(session, demo, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    _, dialogue, facilitator, board = demo
    _join(session, notify_me=True, email="someone@example.org")
    _join(session, notify_me=False)
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    offered = list(decisions.available_findings(versions.brief_data(brief)))
    decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                              rationale="More evidence first.", findings=offered[:1], by=board)
    waiting = notify.outbox(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert [m.email for m in waiting] == ["someone@example.org"]
    csv_text = notify.export_outbox_csv(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert "someone@example.org" in csv_text


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def test_outcome_is_sent_by_smtp_when_configured(session, demo, monkeypatch):
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(port))
        _, dialogue, facilitator, board = demo
        pid = _join(session, notify_me=True, email="told@example.org")
        brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id,
                                         by=facilitator, acknowledge_open=True,
                                         analysis_checked=True)
        offered = list(decisions.available_findings(versions.brief_data(brief)))
        decisions.record_decision(session=session, dialogue_id=dialogue.id, outcome="defer",
                                  rationale="More evidence first.", findings=offered[:1],
                                  by=board)
    finally:
        controller.stop()
    assert [rcpt for rcpt, _ in inbox.messages] == [["told@example.org"]]
    assert "More evidence first." in inbox.messages[0][1]
    sent = session.exec(select(Notification).where(Notification.participant_id == pid)).one()
    assert sent.status == "sent" and "@" not in sent.email  # the address is deleted once used


def test_withdrawal_supersedes_the_brief_and_leaves_no_trace(session, demo):
    _, dialogue, facilitator, _ = demo
    participant = session.exec(
        select(Participant).where(Participant.dialogue_id == dialogue.id)
    ).first()
    pid = participant.id
    first = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    participation.withdraw(session=session, participant_id=pid)

    session.refresh(first)
    assert first.status == "superseded" and "withdrew" in first.superseded_reason
    current = versions.current_brief(session=session, dialogue_id=dialogue.id)
    assert current.version == 2 and current.signed_off_by == "system:withdrawal"
    assert versions.issued_by(current) == (
        "re-issued automatically after a participant withdrew (not signed off by anyone)")
    assert "Re-issued automatically after a participant withdrew" in to_markdown(
        versions.brief_data(current))
    assert session.get(AnalysisSnapshot, first.snapshot_id).stale
    # Re-issued by the withdrawal itself, a system actor made in code, not by a person.
    assert session.get(AnalysisSnapshot, current.snapshot_id).created_by == "system:withdrawal"
    new_keys = {p["key"] for p in json.loads(
        session.get(AnalysisSnapshot, current.snapshot_id).result)["participants"]}
    assert pid not in new_keys
    assert session.exec(select(func.count(Brief.id))).one() == 2
    # No row anywhere still refers to the participant.
    inspector = inspect(session.get_bind())
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] == "participant":
                column = fk["constrained_columns"][0]
                count = session.exec(
                    select(func.count()).select_from(sa.table(table, sa.column(column)))
                    .where(sa.column(column) == pid)
                ).one()
                assert count == 0, f"{table}.{column} still refers to the participant"
