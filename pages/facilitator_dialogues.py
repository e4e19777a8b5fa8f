"""Facilitators set dialogues up: create from a template, edit, add statements and sessions,
open and close."""

from datetime import UTC, datetime, time

import streamlit as st

from engagement.services import dialogues
from engagement.services.dialogues import TRANSITIONS, all_templates
from engagement.services.participation import public_text
from pages._ui import choose_dialogue, db, plain, require, run

user = require("facilitate")
st.title("Dialogues")

with st.expander("Create a new dialogue"):
    templates = all_templates()
    with st.form("create-dialogue"):
        key = st.selectbox("Start from template", list(templates),
                           format_func=lambda k: templates[k].title)
        title = st.text_input("Title (leave empty to use the template's)")
        slug = st.text_input("Short name for links", help="For example: insurance-2027")
        if st.form_submit_button("Create dialogue", type="primary"):
            created = run(lambda s: dialogues.create_dialogue(
                session=s, slug=slug.strip(), template=key, title=title.strip() or None, by=user,
            ), success="Dialogue created as a draft.")
            if created is not None:
                st.session_state["dialogue"] = created.id
                st.rerun()

dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()
st.caption(f"Join code: **{dialogue.join_code}** · status: **{dialogue.status}**")
details, statements_tab, sessions_tab, consent_tab, status_tab = st.tabs(
    ["Details", "Statements", "Sessions", "Consent wording", "Open or close"]
)

with details, st.form("edit-dialogue"):
    fields = {
        "title": st.text_input("Title", dialogue.title),
        "proposed_use": st.text_area("The proposed use", dialogue.proposed_use),
        "question": st.text_area("The question put to participants", dialogue.question),
        "briefing": st.text_area("Briefing (Markdown: benefits and risks, balanced)",
                                 dialogue.briefing, height=300),
        "reflection_question": st.text_area("Open question for reflections",
                                            dialogue.reflection_question),
    }
    st.markdown("**In Welsh (optional)**: participants who read in Welsh see these; where one "
                "is empty they see the English, with a note.")
    fields.update({
        "title_cy": st.text_input("Title in Welsh", dialogue.title_cy),
        "proposed_use_cy": st.text_area("The proposed use in Welsh", dialogue.proposed_use_cy),
        "question_cy": st.text_area("The question in Welsh", dialogue.question_cy),
        "briefing_cy": st.text_area("Briefing in Welsh (Markdown)", dialogue.briefing_cy,
                                    height=300),
        "reflection_question_cy": st.text_area("Open question for reflections in Welsh",
                                               dialogue.reflection_question_cy),
    })
    if st.form_submit_button("Save changes", type="primary"):
        if run(lambda s: dialogues.update_dialogue(session=s, dialogue_id=dialogue.id, by=user,
                                                   changes=fields), success="Saved.") is not None:
            st.rerun()

with details, st.form("reporting-size"):
    size = st.number_input(
        "Minimum reporting size: no figure, chart or quote describes fewer people than this",
        min_value=dialogues.MIN_REPORTING_FLOOR, max_value=dialogues.MIN_REPORTING_CEILING,
        value=dialogue.min_reporting_size, step=1,
    )
    if st.form_submit_button("Save the minimum"):
        if run(lambda s: dialogues.set_min_reporting_size(
            session=s, dialogue_id=dialogue.id, size=int(size), by=user),
            success="Saved.") is not None:
            st.rerun()

with statements_tab:
    with st.form("add-seed", clear_on_submit=True):
        text = st.text_input("New seed statement", max_chars=400)
        text_cy = st.text_input("The same statement in Welsh (optional)", max_chars=400)
        if st.form_submit_button("Add statement"):
            if run(lambda s: dialogues.add_seed_statement(session=s, dialogue_id=dialogue.id,
                                                          text=text, text_cy=text_cy, by=user),
                   success="Statement added.") is not None:
                st.rerun()
    with db() as session:
        rows = dialogues.statements_of(session=session, dialogue_id=dialogue.id, by=user)
    st.caption(f"{len(rows)} statements")
    for statement in rows:
        with st.container(border=True):
            st.caption(f"S{statement.id} · {statement.origin} · {statement.status}"
                       + (f" ({statement.rejection_reason})" if statement.rejection_reason else ""))
            plain(public_text(statement))
            if statement.text_cy:
                st.caption("In Welsh:")
                plain(statement.text_cy)
    seeds = [r for r in rows if r.origin == "seed"]
    if seeds:
        with st.form("statement-welsh"):
            chosen = st.selectbox("Seed statement", seeds,
                                  format_func=lambda r: f"S{r.id}: {r.text[:80]}")
            welsh = st.text_input("Its Welsh (empty removes it)", max_chars=400)
            if st.form_submit_button("Save the Welsh"):
                if run(lambda s: dialogues.set_statement_welsh(
                        session=s, statement_id=chosen.id, text_cy=welsh, by=user),
                       success="Saved.") is not None:
                    st.rerun()

with sessions_tab:
    with db() as session:
        for row in dialogues.sessions_of(session=session, dialogue_id=dialogue.id):
            when = row.starts_at.strftime("%d %b %Y %H:%M") if row.starts_at else "any time"
            st.write(f"**{row.name}** · {row.mode} · {when} · {row.location or 'online'}")
    with st.form("add-session", clear_on_submit=True):
        name = st.text_input("Session name")
        mode = st.radio("Kind", ["online", "workshop"], horizontal=True)
        day = st.date_input("Date", value=None)
        hour = st.time_input("Start time", value=time(18, 0))
        location = st.text_input("Place (for workshops)")
        if st.form_submit_button("Add session"):
            starts = datetime.combine(day, hour, tzinfo=UTC) if day else None
            if run(lambda s: dialogues.add_session(
                session=s, dialogue_id=dialogue.id, name=name, mode=mode, starts_at=starts,
                location=location, by=user,
            ), success="Session added.") is not None:
                st.rerun()

with consent_tab:
    with db() as session:
        wording = dialogues.consent_wording(session=session, dialogue_id=dialogue.id)
    st.write(f"Version {wording.version} is in force. Changing the wording makes a new version; "
             "participants who agreed to an earlier version are asked again when they return.")
    with st.form("consent-wording"):
        report = st.text_area("Required: use of answers in the report", wording.report)
        quote = st.text_area("Optional: quoting participants' words", wording.quote)
        notify = st.text_area("Optional: being told the outcome", wording.notify)
        st.markdown("**In Welsh (optional)**")
        report_cy = st.text_area("Use of answers in the report, in Welsh", wording.report_cy)
        quote_cy = st.text_area("Quoting participants' words, in Welsh", wording.quote_cy)
        notify_cy = st.text_area("Being told the outcome, in Welsh", wording.notify_cy)
        if st.form_submit_button("Save as a new version"):
            if run(lambda s: dialogues.change_consent_wording(
                session=s, dialogue_id=dialogue.id, report=report, quote=quote, notify=notify,
                report_cy=report_cy, quote_cy=quote_cy, notify_cy=notify_cy,
                by=user), success="New consent version saved.") is not None:
                st.rerun()

with status_tab:
    st.write(f"This dialogue is **{dialogue.status}**.")
    labels = {"open": "Open for answers", "closed": "Close", "reported": "Mark as reported"}
    for target in sorted(TRANSITIONS[dialogue.status]):
        if st.button(labels[target], key=f"status-{target}"):
            if run(lambda s, t=target: dialogues.set_status(
                session=s, dialogue_id=dialogue.id, status=t, by=user
            ), success=f"The dialogue is now {target}.") is not None:
                st.rerun()
