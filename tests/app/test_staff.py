"""Staff pages through AppTest: sign-in, facilitator pages, board pages and role refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from engagement.models import AuditEvent, Dialogue, DialogueSession, Statement, User
from engagement.services import participation, staff
from engagement.services.moderation import REJECTION_REASONS
from engagement.topics import all_templates
from tests.app.helpers import (
    JOIN_CODE,
    SEEDS,
    TIMEOUT,
    click,
    errors,
    flashes,
    new_app,
    ok,
    sign_in,
    texts,
    widget,
)

APPLY = "Apply to the selected statements"
FACILITATOR_PAGES = (
    "pages/facilitator_dialogues.py",
    "pages/facilitator_moderation.py",
    "pages/facilitator_live.py",
)


def page_names(at) -> list[str]:
    return sorted(info["page_name"] for info in at._registered_pages.values())


def navigation_for(user_id: int | None) -> list[str]:
    """The pages the app's own navigation offers: a browser session opening the home page."""
    at = new_app()
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    return page_names(ok(at.run(timeout=TIMEOUT)))


def visit(path: str, user_id: int | None = None):
    """A session asking for a page by its address (e.g. /facilitator_dialogues) on first load.

    AppTest resets Streamlit's legacy pages/ mode before every run, so the page file runs
    directly here, without streamlit_app.py: this exercises require(), each staff page's own
    guard. The real server's behaviour (the role navigation wins) is checked in tests/e2e.
    """
    at = new_app()
    if user_id is not None:
        at.session_state["user_id"] = user_id
        at.session_state["session_epoch"] = 0
        at.session_state["last_seen"] = datetime.now(UTC)
    at.switch_page(path)  # before the first run: the page is asked for by its URL name
    return ok(at.run(timeout=TIMEOUT))


def as_staff(user_id: int):
    """A signed-in staff browser session (the sign-in form itself is tested above)."""
    at = new_app()
    at.session_state["user_id"] = user_id
    at.session_state["session_epoch"] = 0
    at.session_state["last_seen"] = datetime.now(UTC)
    return ok(at.run(timeout=TIMEOUT))


def open_page(at, path: str):
    at.switch_page(path)
    return ok(at.run(timeout=TIMEOUT))


def participant_statements(seeded, texts_: list[str]) -> list[int]:
    """Participants send statements through the service, as the participant page does."""
    ids = []
    with seeded.db() as session:
        for text in texts_:
            joined = participation.join(session=session, join_code=JOIN_CODE,
                                        session_id=seeded.session_id)
            pid = joined.participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=False)
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=1, value="agree")
            ids.append(participation.add_statement(session=session, participant_id=pid,
                                                   text=text).id)
    return ids


# --- sign-in -------------------------------------------------------------------------------


def test_wrong_password_then_lockout_after_five_failures(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    for attempt in range(5):
        sign_in(at, "fran", "not the password")
        assert errors(at) == [staff.SIGN_IN_REFUSED], attempt
    sign_in(at, "fran")  # even the right password is refused while locked, in the same words
    assert errors(at) == [staff.SIGN_IN_REFUSED]
    assert "Dialogues" not in {i["page_name"] for i in at._registered_pages.values()}
    with seeded.db() as session:
        assert session.get(User, seeded.facilitator_id).locked_until is not None


def test_unknown_user_gets_the_same_message(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    sign_in(at, "nobody", "whatever it is")
    assert errors(at) == [staff.SIGN_IN_REFUSED]


def test_navigation_offers_each_role_its_pages(seeded):
    facilitating = {"Dialogues", "Moderation", "Live counts"}
    board = {"Board home", "Opinion groups"}
    public = navigation_for(None)
    assert {"Take part", "Staff sign-in"} <= set(public)
    assert not (facilitating | board | {"Sign out"}) & set(public)
    for_board = navigation_for(seeded.board_id)
    assert board | {"Take part", "Sign out"} <= set(for_board)
    assert not facilitating & set(for_board)
    assert facilitating | board | {"Sign out"} <= set(navigation_for(seeded.facilitator_id))


def test_sign_in_goes_to_the_role_home_then_sign_out(seeded):
    at = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    assert at.session_state["user_id"] == seeded.facilitator_id
    assert [t.value for t in at.title] == ["Dialogues"]
    open_page(at, "pages/staff_login.py")
    assert "You are signed in as fran (facilitator)." in texts(at).replace("*", "")
    click(at, "Sign out")
    assert "user_id" not in at.session_state
    assert [t.value for t in at.title] == ["Staff sign-in"]

    board = sign_in(ok(new_app().run(timeout=TIMEOUT)), "bob")
    assert [t.value for t in board.title] == ["Governance board"]


def test_idle_staff_are_signed_out(seeded):
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/staff_login.py")
    at.session_state["last_seen"] = datetime.now(UTC) - timedelta(minutes=31)
    ok(at.run(timeout=TIMEOUT))
    assert "user_id" not in at.session_state
    assert "You were signed out after 30 minutes without activity." in texts(at)


# --- role refusals ---------------------------------------------------------------------------

STAFF_PAGES = FACILITATOR_PAGES + ("pages/board_home.py", "pages/board_dashboard.py")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_signed_out_visitor_is_refused_staff_pages(seeded, path):
    at = visit(path)
    assert [w.value for w in at.warning] == [
        "Please sign in as a member of staff to see this page."]
    assert not at.title and not at.button and not at.selectbox
    assert [link.proto.label for link in at.get("page_link")] == ["Go to staff sign-in"]


@pytest.mark.parametrize("path", FACILITATOR_PAGES)
def test_board_member_cannot_see_facilitator_pages(seeded, path):
    assert "Dialogues" not in navigation_for(seeded.board_id)
    at = visit(path, seeded.board_id)
    if path.endswith("facilitator_live.py"):  # live counts are for the board too
        assert [t.value for t in at.title] == ["Live counts"]
        return
    assert errors(at) == ["Your role does not allow this page."]
    assert not at.title and not at.button and not at.selectbox


def test_signed_out_visitor_switching_after_the_app_ran_finds_no_such_page(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/facilitator_dialogues.py")


# --- facilitator pages -----------------------------------------------------------------------


def test_create_from_template_edit_seed_session_open_close(seeded):
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_dialogues.py")
    assert [t.value for t in at.title] == ["Dialogues"]

    # Create from a topic template.
    topic = next(key for key in all_templates() if key != "blank")
    template = widget(at.selectbox, "Start from template")
    assert all_templates()[topic].title in template.options
    template.set_value(topic)
    widget(at.text_input, "Short name for links").input("Bad Slug!")
    click(at, "Create dialogue")
    assert any("The short name must be" in e for e in errors(at))
    widget(at.text_input, "Short name for links").input("trial-2027")
    widget(at.text_input, "Title (leave empty to use the template's)").input("Trial dialogue")
    click(at, "Create dialogue")
    assert not errors(at)
    assert "Dialogue created as a draft." in flashes(at)
    picker = widget(at.selectbox, "Dialogue")
    assert picker.value is not None and "Trial dialogue (draft)" in picker.format_func(
        picker.value)
    with seeded.db() as session:
        created = session.exec(select(Dialogue).where(Dialogue.slug == "trial-2027")).one()
        seeds = session.exec(select(Statement).where(Statement.dialogue_id == created.id)).all()
    assert created.status == "draft" and created.title == "Trial dialogue"
    assert len(seeds) >= 1, "a topic template brings its seed statements"

    # Edit the briefing.
    briefing = widget(at.text_area, "Briefing (Markdown: benefits and risks, balanced)")
    briefing.set_value("## What is proposed\n\nA new briefing, **balanced**.")
    click(at, "Save changes")
    assert "Saved." in flashes(at)
    with seeded.db() as session:
        assert session.get(Dialogue, created.id).briefing.endswith("**balanced**.")

    # Raise the minimum reporting size (the widget itself stops values below 5).
    minimum = widget(at.number_input, "Minimum reporting size: no figure, chart or quote "
                                      "describes fewer people than this")
    assert minimum.value == 10
    minimum.set_value(15)
    click(at, "Save the minimum")
    with seeded.db() as session:
        assert session.get(Dialogue, created.id).min_reporting_size == 15

    # Add a seed statement (and refuse its duplicate).
    widget(at.text_input, "New seed statement").input("A brand new seed statement")
    click(at, "Add statement")
    assert "Statement added." in flashes(at)
    assert "A brand new seed statement" in [t.value for t in at.text]
    widget(at.text_input, "New seed statement").input("a brand NEW seed statement.")
    click(at, "Add statement")
    assert any("already has the statement" in e for e in errors(at))

    # Add a session.
    widget(at.text_input, "Session name").input("Leeds workshop")
    widget(at.radio, "Kind").set_value("workshop")
    widget(at.date_input, "Date").set_value(date(2027, 3, 4))
    widget(at.time_input, "Start time (UK time)").set_value(time(18, 0))
    widget(at.text_input, "Place (for workshops)").input("Leeds library")
    click(at, "Add session")
    assert "Session added." in flashes(at)
    assert any("Leeds workshop" in m and "4 March 2027, 18:00" in m for m in texts(at).split("\n"))
    with seeded.db() as session:
        row = session.exec(select(DialogueSession).where(
            DialogueSession.dialogue_id == created.id)).one()
    assert (row.name, row.mode, row.location) == ("Leeds workshop", "workshop", "Leeds library")

    # Open, then close.
    click(at, "Open for answers")
    assert "The dialogue is now open." in flashes(at)
    assert "This dialogue is open." in texts(at).replace("*", "")
    click(at, "Close")
    with seeded.db() as session:
        assert session.get(Dialogue, created.id).status == "closed"
    assert {"Open for answers", "Mark as reported"} <= {b.label for b in at.button}


def test_a_blank_dialogue_cannot_open_without_statements(seeded):
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_dialogues.py")
    widget(at.text_input, "Short name for links").input("empty-one")
    click(at, "Create dialogue")
    click(at, "Open for answers")
    assert errors(at) == ["Add at least one statement before opening the dialogue."]


def test_moderation_accepts_and_rejects_several_at_once(seeded):
    ids = participant_statements(seeded, ["First idea from a participant",
                                          "Second idea from a participant",
                                          "Call me on 07700 900123 about this",
                                          "Buy cheap things at my shop"])
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_moderation.py")
    assert "4 statement(s) waiting. Tick the ones to decide on together." in texts(at)
    # Personal details are already replaced by placeholders when the queue shows them.
    assert [t.value for t in at.tabs[0].text] == ["First idea from a participant",
                                          "Second idea from a participant",
                                          "Call me on [phone] about this",
                                          "Buy cheap things at my shop"]

    # Accept the first two together.
    at.checkbox(key=f"pick-{ids[0]}").check()
    at.checkbox(key=f"pick-{ids[1]}").check()
    ok(at.run(timeout=TIMEOUT))
    click(at, APPLY)
    assert "Decision recorded." in flashes(at)
    assert "2 statement(s) waiting" in texts(at)

    # Rejecting needs a reason; then reject the last two together with one.
    at.checkbox(key=f"pick-{ids[2]}").check()
    at.checkbox(key=f"pick-{ids[3]}").check()
    ok(at.run(timeout=TIMEOUT))
    widget(at.radio, "Decision").set_value("rejected")
    click(at, APPLY)
    assert errors(at) == ["Choose a reason from the moderation policy to reject a statement."]
    widget(at.radio, "Decision").set_value("rejected")
    widget(at.selectbox, "Reason for rejecting (required to reject)").set_value("personal_data")
    click(at, APPLY)
    assert "Nothing is waiting for moderation in this dialogue." in texts(at)

    with seeded.db() as session:
        rows = {s.id: s for s in session.exec(select(Statement).where(
            Statement.origin == "participant"))}
        events = session.exec(select(AuditEvent.action).where(
            AuditEvent.object_type == "statement")).all()
    assert [rows[i].status for i in ids] == ["accepted", "accepted", "rejected", "rejected"]
    assert [rows[i].rejection_reason for i in ids] == [None, None, "personal_data",
                                                       "personal_data"]
    assert all(rows[i].moderated_by == seeded.facilitator_id for i in ids)
    assert events.count("statement.accepted") == 2 and events.count("statement.rejected") == 2
    assert set(REJECTION_REASONS) >= {"personal_data"}


def test_moderation_with_nothing_selected_says_so(seeded):
    participant_statements(seeded, ["Something to moderate"])
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_moderation.py")
    click(at, APPLY)
    assert errors(at) == ["Select at least one statement."]


def test_live_counts_hide_small_numbers_of_people(seeded):
    participant_statements(seeded, ["One pending idea", "Another pending idea"])
    with seeded.db() as session:
        participant = participation.join(session=session, join_code=JOIN_CODE,
                                         session_id=seeded.session_id).participant
        participation.withdraw(session=session, participant_id=participant.id)
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_live.py")
    assert [t.value for t in at.title] == ["Live counts"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Participants": "not shown", "Votes": "2",
                       "Statements to moderate": "2", "Withdrawn": "not shown"}
    # One table per session, the whole dialogue first: count -> number.
    tables = [dict(zip(t.value["Count"], t.value["Number"], strict=True)) for t in at.table]
    assert [t["Session"] for t in tables] == ["Whole dialogue", "Evening online"]
    assert [t["Participants"] for t in tables] == ["not shown"] * 2
    assert [t["Votes"] for t in tables] == ["2", "2"]


def test_live_counts_show_enough_people(seeded):
    participant_statements(seeded, [f"Idea number {n} from a participant" for n in range(12)])
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_live.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == "12" and metrics["Votes"] == "12"
    assert metrics["Statements to moderate"] == "12"


# --- board pages -----------------------------------------------------------------------------


def test_board_home_lists_dialogues(seeded):
    at = as_staff(seeded.board_id)
    open_page(at, "pages/board_home.py")
    assert [t.value for t in at.title] == ["Governance board"]
    assert [s.value for s in at.header] == ["Test dialogue"]
    assert "Open: people are taking part now" in texts(at)


def test_board_dashboard_waits_for_enough_voters(seeded):
    participant_statements(seeded, ["Only a few people voted"])
    at = as_staff(seeded.board_id)
    open_page(at, "pages/board_dashboard.py")
    assert [t.value for t in at.title] == ["Opinion groups and consensus"]
    assert "Fewer than 10 people have voted here, so nothing is shown yet." in texts(at)


def test_board_dashboard_with_enough_voters(seeded):
    with seeded.db() as session:
        for n in range(14):
            pid = participation.join(session=session, join_code=JOIN_CODE,
                                     session_id=seeded.session_id).participant.id
            participation.give_consent(session=session, participant_id=pid, report=True,
                                       quote=False, notify=False)
            for sid in range(1, len(SEEDS) + 1):
                agree = (n % 2 == 0) == (sid % 2 == 0)
                participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                        value="agree" if agree else "disagree")
    at = as_staff(seeded.board_id)
    open_page(at, "pages/board_dashboard.py")
    assert "People who voted" in [m.label for m in at.metric]
    assert "Participation over time" in [h.value for h in at.header]


# --- pages added later: each runs cleanly for its audience and refuses others ---------------


def test_public_results_page_for_everyone(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    open_page(at, "pages/public_results.py")
    assert [t.value for t in at.title] == ["You said, we did"]
    assert "No results have been published yet." in texts(at)


def test_governance_brief_page_for_facilitators(seeded):
    at = as_staff(seeded.facilitator_id)
    open_page(at, "pages/facilitator_brief.py")
    assert [t.value for t in at.title] == ["Governance brief"]
    refused = visit("pages/facilitator_brief.py", seeded.board_id)
    assert errors(refused) == ["Your role does not allow this page."]
    assert not visit("pages/facilitator_brief.py").title


def test_decision_register_page_for_the_board(seeded):
    at = as_staff(seeded.board_id)
    open_page(at, "pages/board_decisions.py")
    assert [t.value for t in at.title] == ["Decision register"]
    assert "A facilitator must sign off the brief before the board can record a decision." \
        in texts(at) or "No decision has been recorded for this dialogue yet." in texts(at)
    signed_out = visit("pages/board_decisions.py")
    assert [w.value for w in signed_out.warning] == [
        "Please sign in as a member of staff to see this page."]
