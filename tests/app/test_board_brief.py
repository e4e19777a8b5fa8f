"""The brief page for board members and evaluators (issue 14, item 1): the version in force
with its downloads, earlier versions with what changed and why and no download, and each
decision beside the version it cited, its findings in words (item 2)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.models import AuditEvent, User
from engagement.services import decisions, moderation, participation, staff
from tests.app.helpers import (
    JOIN_CODE,
    PASSWORD,
    SEEDS,
    TIMEOUT,
    click,
    errors,
    new_app,
    ok,
    staff_on,
    texts,
)

QUOTE = "Independent auditors should check every data request"
INTERNAL_KEY = re.compile(r"\bS\d+\b|\bgroup:|\btheme:|\bG\d+\b|\bT\d+\b")


def _join(session, seeded, *, quote: bool) -> int:
    pid = participation.join(session=session, join_code=JOIN_CODE,
                             session_id=seeded.session_id).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=quote,
                               notify=False)
    return pid


@pytest.fixture
def two_versions(seeded):
    """Version 1 quoted an author who then withdrew; a decision cites version 1; version 2
    is in force. Returns the evaluator's id."""
    with seeded.db() as session:
        fran = session.get(User, seeded.facilitator_id)
        bob = session.get(User, seeded.board_id)
        author = _join(session, seeded, quote=True)
        statement = participation.add_statement(session=session, participant_id=author,
                                                text=QUOTE)
        moderation.moderate(session=session, statement_ids=[statement.id],
                            decision="accepted", by=fran)
        for n in range(14):
            pid = _join(session, seeded, quote=False)
            for sid in range(1, len(SEEDS) + 1):
                agree = (n % 2 == 0) == (sid % 2 == 0)
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id, value="agree")
        brief = versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id,
                                        by=fran, acknowledge_open=True, analysis_checked=True)
        decisions.record_decision(session=session, dialogue_id=seeded.dialogue_id,
                                  outcome="defer", rationale="We want an audit first.",
                                  findings=list(decisions.available_findings(
                                      versions.brief_data(brief))), by=bob)
        participation.withdraw(session=session, participant_id=author)
        assert versions.current_brief(session=session, dialogue_id=seeded.dialogue_id
                                      ).version == 2
        evaluator = staff.create_user(session=session, username="eve", password=PASSWORD,
                                      role="evaluator", by=SYSTEM_CLI)
        return evaluator.id


def _brief_page(user_id: int | None):
    at = new_app()
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    ok(at.run(timeout=TIMEOUT))
    at.switch_page("pages/board_brief.py")
    return ok(at.run(timeout=TIMEOUT))


@pytest.mark.parametrize("who", ["board", "evaluator"])
def test_the_brief_page_shows_versions_downloads_and_decisions(seeded, two_versions, who):
    at = _brief_page(seeded.board_id if who == "board" else two_versions)
    shown = texts(at)
    assert "Version 2, in force" in shown
    downloads = [b.label for b in at.button if b.label.startswith("Download")]
    assert downloads == ["Download PDF", "Download HTML", "Download Markdown"]  # v2 only
    assert not at.get("download_button")  # no file goes with the page
    assert [e.proto.label for e in at.get("expander")] == ["Version 1, replaced"]
    assert "Why it was replaced: a participant withdrew; re-issued without their data." in shown
    assert "Earlier versions cannot be downloaded." in shown
    assert "No decision cites this version." in shown  # version 2
    assert "We want an audit first." in shown  # beside version 1
    assert QUOTE not in shown  # as the withdrawal left it
    findings = [line for block in (e.value for e in at.text) for line in block.splitlines()
                if line.startswith("• ") and "of the brief" in line]
    assert findings, shown
    for line in findings:
        assert not INTERNAL_KEY.search(line), line
        assert "from version 1 of the brief" in line
    assert any(line.startswith(f"• {versions.WITHDRAWN_STATEMENT}") for line in findings)


def test_the_brief_page_is_not_offered_to_anyone_signed_out(seeded, two_versions):
    at = ok(new_app().run(timeout=TIMEOUT))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/board_brief.py")
    assert "We want an audit first." not in texts(at)


def _exports(seeded, action: str = "brief.exported") -> list[AuditEvent]:
    with seeded.db() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(("page", "who"), [("pages/board_brief.py", "board"),
                                           ("pages/facilitator_brief.py", "facilitator")])
def test_a_brief_s_file_is_made_only_on_the_click_by_the_auditing_use_case(
        seeded, two_versions, page, who):
    """The page hands over no file: the click runs versions.download_brief (authorised and
    audited first; tests/integration/test_use_case_gates.py) and only then offers the file
    to save. Before, the bytes went to the browser with the page, and the audit was a
    callback that could refuse only after the file was out."""
    at = staff_on(seeded.board_id if who == "board" else seeded.facilitator_id, page)
    labels = [b.label for b in at.button if b.label.startswith("Download")]
    assert labels == ["Download PDF", "Download HTML", "Download Markdown"], labels  # v2's
    assert not at.get("download_button") and not _exports(seeded)
    click(at, "Download Markdown")
    assert not errors(at)
    [saved] = at.get("download_button")
    assert saved.proto.label == "Save brief-test-dialogue-v2.md" and saved.proto.url
    # the button that appeared is said aloud (the page's status region), not only drawn
    assert any("brief-test-dialogue-v2.md is ready. Choose Save brief-test-dialogue-v2.md"
               in h.proto.body for h in at.get("html")), "the new button is announced"
    [row] = _exports(seeded)
    assert json.loads(row.detail) == {"format": "md", "version": 2}


@pytest.fixture
def one_version(seeded) -> int:
    """Version 1 is in force, quoting an author; returns the author's participant id."""
    with seeded.db() as session:
        fran = session.get(User, seeded.facilitator_id)
        author = _join(session, seeded, quote=True)
        statement = participation.add_statement(session=session, participant_id=author,
                                                text=QUOTE)
        moderation.moderate(session=session, statement_ids=[statement.id],
                            decision="accepted", by=fran)
        for n in range(14):
            pid = _join(session, seeded, quote=False)
            for sid in (*range(1, len(SEEDS) + 1), statement.id):
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if (n + sid) % 2 else "disagree")
        versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id, by=fran,
                                acknowledge_open=True, analysis_checked=True)
    return author


@pytest.mark.parametrize(("page", "who"), [("pages/board_brief.py", "board"),
                                           ("pages/facilitator_brief.py", "facilitator")])
def test_a_download_refused_on_the_click_is_one_line_in_the_page_and_nothing_to_save(
        seeded, one_version, page, who):
    """The brief is replaced between the page's load and the click (a withdrawal re-issues
    it): the click is for the version the person saw, which the use case refuses. Before,
    Streamlit ran the file's maker off the page run: the browser showed Streamlit's own
    "Failed to generate file" and the server logged a traceback."""
    at = staff_on(seeded.board_id if who == "board" else seeded.facilitator_id, page)
    assert "Download PDF" in [b.label for b in at.button]  # drawn for version 1
    with seeded.db() as session:
        participation.withdraw(session=session, participant_id=one_version)
    click(at, "Download PDF")  # ok(): no exception in the page
    assert errors(at) == ["Version 1 of this brief has been replaced by version 2. "
                          "Use version 2 instead."]
    assert not at.get("download_button") and not _exports(seeded)  # nothing made, or saved
    click(at, "Download PDF")  # now drawn for version 2, the one in force
    assert not errors(at) and len(_exports(seeded)) == 1
    assert at.get("download_button")[0].proto.label == "Save brief-test-dialogue-v2.pdf"


@pytest.fixture
def outbox_of_one(seeded) -> None:
    """A decision is recorded: one participant asked to be told the outcome, by e-mail."""
    with seeded.db() as session:
        fran = session.get(User, seeded.facilitator_id)
        for n in range(14):
            pid = participation.join(session=session, join_code=JOIN_CODE,
                                     session_id=seeded.session_id).participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=n == 0,
                                       email="ann@example.org" if n == 0 else None)
            for sid in range(1, len(SEEDS) + 1):
                agree = sid < 3 or n % 2 == 0  # two agreed by all: findings to cite
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
        brief = versions.sign_off_brief(session=session, dialogue_id=seeded.dialogue_id,
                                        by=fran, analysis_checked=True, acknowledge_open=True)
        offered = list(decisions.available_findings(versions.brief_data(brief)))
        assert offered, "the brief offers no finding to cite"
        decisions.record_decision(session=session, dialogue_id=seeded.dialogue_id,
                                  outcome="approve", rationale="Go ahead.",
                                  findings=offered[:1], by=session.get(User, seeded.board_id))


def test_the_outbox_s_addresses_are_made_into_a_file_only_on_the_click(
        seeded, outbox_of_one):
    """The outbox CSV holds participants' e-mail addresses: the page hands over no file and
    records no export on a mere view; the click runs the auditing use case. Before, every
    view of the page ran the export (an "outbox.exported" row each time) and sent the
    addresses with the page."""
    at = staff_on(seeded.facilitator_id, "pages/facilitator_brief.py")
    assert "1 message(s) waiting in the outbox." in texts(at)
    assert not at.get("download_button") and not _exports(seeded, "outbox.exported")
    click(at, "Export the outbox (CSV)")
    assert not errors(at) and len(_exports(seeded, "outbox.exported")) == 1
    [saved] = at.get("download_button")
    assert saved.proto.label == "Save outbox-test-dialogue.csv" and saved.proto.url


def test_an_outbox_export_refused_on_the_click_is_one_line_in_the_page(
        seeded, outbox_of_one, monkeypatch):
    """A facilitator whose role is taken away after the page loaded: the click's use case
    refuses, in one line, and nothing is offered (require() ran before the role went, as on
    a run already under way; the use case checks the account as stored now)."""
    from engagement.services import notify

    real = notify.export_outbox_csv

    def role_taken_first(**kwargs):
        with seeded.db() as session:
            staff.change_role(session=session, user_id=seeded.facilitator_id, role="board",
                              by=SYSTEM_CLI)
        return real(**kwargs)

    at = staff_on(seeded.facilitator_id, "pages/facilitator_brief.py")
    assert "1 message(s) waiting in the outbox." in texts(at)
    monkeypatch.setattr(notify, "export_outbox_csv", role_taken_first)
    click(at, "Export the outbox (CSV)")
    [refusal] = errors(at)
    assert "\n" not in refusal and not at.get("download_button")
    assert not _exports(seeded, "outbox.exported")
