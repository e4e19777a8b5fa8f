"""The accessibility statement: in the app, open to a participant who is not signed in, linked
from the navigation of every role, and naming the deployment's own organisation and contacts."""

from __future__ import annotations

import ast
from datetime import UTC, datetime

import pytest

from engagement.accessibility import SETTINGS, Organisation
from tests.app.helpers import ROOT, TIMEOUT, new_app, ok, texts

STATEMENT = "pages/accessibility.py"


def _navigation(user_id: int | None):
    at = new_app()
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    ok(at.run(timeout=TIMEOUT))
    return {info["script_path"].removeprefix(str(ROOT) + "/"): info["page_name"]
            for info in at._registered_pages.values()}


def test_a_participant_reaches_the_statement_and_reads_it(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    assert _navigation(None).get(STATEMENT) == "Accessibility"
    at.switch_page(STATEMENT)
    ok(at.run(timeout=TIMEOUT))
    assert [t.value for t in at.title] == ["Accessibility statement for Genomics dialogue"]
    headings = [h.value for h in at.header]
    for wanted in ("How accessible this service is", "Feedback and contact information",
                   "Enforcement procedure", "Compliance status",
                   "Non-compliance with the accessibility regulations"):
        assert wanted in headings
    page = texts(at).replace("\\", "")
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "partially compliant" in page and "Welsh" in page
    assert "accessibility@example.org" in page


def test_every_role_has_the_statement_in_its_navigation(seeded):
    from engagement.actors import SYSTEM_CLI
    from engagement.services import staff

    with seeded.db() as session:
        admin = staff.create_user(session=session, username="ada", password="tulip-42-Oak",
                                  role="admin", by=SYSTEM_CLI)
        evaluator = staff.create_user(session=session, username="eve", password="lamp-kettle-7",
                                      role="evaluator", by=SYSTEM_CLI)
        ids = {"participant": None, "facilitator": seeded.facilitator_id,
               "board": seeded.board_id, "admin": admin.id, "evaluator": evaluator.id}
    for role, user_id in ids.items():
        navigation = _navigation(user_id)
        assert len(navigation) >= 3, (role, navigation)
        assert navigation.get(STATEMENT) == "Accessibility", (role, navigation)


def test_the_navigation_offers_the_statement_unconditionally():
    """Added to the section every visitor gets, not behind a role check: the entry script's
    st.navigation call takes the participant section, which lists the statement."""
    source = (ROOT / "streamlit_app.py").read_text()
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and getattr(node.func, "attr", "") == "app_pages"]
    assert calls
    offered = [[a.value for a in call.args if isinstance(a, ast.Constant)] for call in calls]
    assert ["Take part", "You said, we did", "Accessibility"] in offered


def test_the_organisation_and_contacts_come_from_the_deployment(seeded, monkeypatch):
    name = "Health *Board* of [Wales](http://x.invalid)"
    monkeypatch.setenv("ENGAGEMENT_ORGANISATION", name)
    monkeypatch.setenv("ENGAGEMENT_ACCESSIBILITY_EMAIL", "help@nhs.example")
    monkeypatch.setenv("ENGAGEMENT_ACCESSIBILITY_PHONE", " ")
    at = new_app()
    at.switch_page(STATEMENT)
    page = texts(ok(at.run(timeout=TIMEOUT)))
    # Shown exactly as configured, never as markdown: every special character is escaped.
    assert r"Health \*Board\* of \[Wales\]\(http" in page
    read = page.replace("\\", "")
    assert name in read
    assert "help@nhs.example" in read and "accessibility@example.org" not in read
    assert "020 7946 0000" in read  # blank: the default stands


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_each_setting_has_its_variable(name):
    field, default = SETTINGS[name]
    assert getattr(Organisation.from_environment({}), field) == default
    assert getattr(Organisation.from_environment({name: "Set here"}), field) == "Set here"
