"""Facilitators set dialogues up: create from a template, edit, add statements and sessions,
open and close."""

import streamlit as st

from engagement.services import dialogues
from engagement.services.dialogues import TRANSITIONS, all_templates
from engagement.services.participation import public_text
from engagement.ukdates import uk_datetime, uk_local
from pages import _forms
from pages._ui import choose_dialogue, db, plain, require, run

user = require("facilitate")
st.title("Dialogues")

with st.expander("Create a new dialogue"):
    templates = all_templates()
    with st.form("create-dialogue"):
        key = st.selectbox("Start from template", list(templates),
                           format_func=lambda k: templates[k].title,
                           key=_forms.key("create", "template"))
        title = st.text_input("Title (leave empty to use the template's)",
                              key=_forms.key("create", "title"))
        slug = st.text_input("Short name for links", help="For example: insurance-2027",
                             key=_forms.key("create", "slug"))
        if st.form_submit_button("Create dialogue", type="primary"):
            created = run(lambda s: dialogues.create_dialogue(
                session=s, slug=slug.strip(), template=key, title=title.strip() or None, by=user,
            ), success="Dialogue created as a draft.")
            if created is not None:
                st.session_state["dialogue"] = created.id
                _forms.renew("create")
                st.rerun()

dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()
st.caption(f"Join code: **{dialogue.join_code}** · status: **{dialogue.status}**")
details, statements_tab, sessions_tab, consent_tab, status_tab = st.tabs(
    ["Details", "Statements", "Sessions", "Consent wording", "Open or close"]
)

with db() as session:
    # The texts people answered to, which can no longer change (the service's rule), and why.
    locks = dialogues.why_locked(session=session, dialogue_id=dialogue.id, by=user)
# Streamlit drops what a disabled field sends: a field locked by an answer that arrived while
# someone typed in it stays open for the run of their save, so that the service refuses the
# save in one line instead of the typed words vanishing under "Saved." It shows locked after.
drawn = st.session_state.setdefault("dialogue-locks-drawn", {})
was_locked, drawn[dialogue.id] = drawn.get(dialogue.id, locks), locks
said: set[str] = set()


def text_field(name: str, label: str, box=st.text_area, **options) -> str:
    """One text of the dialogue; shown but not editable when locked, the reason said just
    before the first field it locks."""
    why = locks.get(name)
    if why and why not in said:
        said.add(why)
        st.caption(why)
    return box(label, getattr(dialogue, name), disabled=bool(why) and name in was_locked,
               **options)


with details, st.form("edit-dialogue"):
    fields = {
        "title": text_field("title", "Title", st.text_input),
        "proposed_use": text_field("proposed_use", "The proposed use"),
        "question": text_field("question", "The question put to participants"),
        "briefing": text_field("briefing", "Briefing (Markdown: benefits and risks, balanced)",
                               height=300),
        "reflection_question": text_field("reflection_question",
                                          "Open question for reflections"),
    }
    st.markdown("**In Welsh (optional)**: participants who read in Welsh see these; where one "
                "is empty they see the English, with a note.")
    fields.update({
        "title_cy": text_field("title_cy", "Title in Welsh", st.text_input),
        "proposed_use_cy": text_field("proposed_use_cy", "The proposed use in Welsh"),
        "question_cy": text_field("question_cy", "The question in Welsh"),
        "briefing_cy": text_field("briefing_cy", "Briefing in Welsh (Markdown)", height=300),
        "reflection_question_cy": text_field("reflection_question_cy",
                                             "Open question for reflections in Welsh"),
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



def when(starts_at) -> str:
    return uk_datetime(starts_at) if starts_at else "any time"


def session_fields(form: str, row=None) -> dict:
    """The inputs of a session (empty to add one, or filled with ``row`` to change it)."""
    local = uk_local(row.starts_at) if row is not None and row.starts_at else None
    modes = ["online", "workshop"]
    return {
        "name": st.text_input("Session name", row.name if row else "",
                              key=_forms.key(form, "name")),
        "name_cy": st.text_input("Session name in Welsh (optional)",
                                 (row.name_cy or "") if row else "",
                                 key=_forms.key(form, "name_cy")),
        "mode": st.radio("Kind", modes, horizontal=True, key=_forms.key(form, "mode"),
                         index=modes.index(row.mode) if row else 0),
        "day": st.date_input("Date", value=local.date() if local else None, format="DD/MM/YYYY",
                             key=_forms.key(form, "day")),
        "at": st.time_input("Start time (UK time)", value=local.time() if local else None,
                            step=300, key=_forms.key(form, "at")),
        "location": st.text_input("Place (for workshops)", row.location if row else "",
                                  key=_forms.key(form, "place")),
    }


def save_session(s, fields: dict, **target):
    """Add a session (``dialogue_id``) or change one (``session_id``)."""
    save = dialogues.edit_session if "session_id" in target else dialogues.add_session
    return save(session=s, name=fields["name"], mode=fields["mode"],
                starts_at=dialogues.session_start(fields["day"], fields["at"]),
                location=fields["location"], name_cy=fields["name_cy"], by=user, **target)


with statements_tab:
    with st.form("add-seed"):
        text = st.text_input("New seed statement", max_chars=400, key=_forms.key("seed", "text"))
        text_cy = st.text_input("The same statement in Welsh (optional)", max_chars=400,
                                key=_forms.key("seed", "text_cy"))
        if st.form_submit_button("Add statement"):
            if run(lambda s: dialogues.add_seed_statement(session=s, dialogue_id=dialogue.id,
                                                          text=text, text_cy=text_cy, by=user),
                   success="Statement added.") is not None:
                _forms.renew("seed")
                st.rerun()
    with db() as session:
        rows = dialogues.statement_rows(session=session, dialogue_id=dialogue.id, by=user)
    st.caption(f"{len(rows)} statements. A seed statement can be changed or deleted until "
               "someone votes on it.")
    for item in rows:
        statement = item.statement
        with st.container(border=True):
            st.caption(f"S{statement.id} · {statement.origin} · {statement.status}"
                       + (f" ({statement.rejection_reason})" if statement.rejection_reason else ""))
            plain(public_text(statement))
            if statement.text_cy:
                st.caption("In Welsh:")
                plain(statement.text_cy)
            if statement.origin != "seed":
                continue
            if item.welsh_locked:
                st.caption(item.welsh_locked)
                continue
            with st.expander(f"Welsh for S{statement.id}"), \
                    st.form(f"statement-welsh-{statement.id}"):
                welsh = st.text_input("Its Welsh (empty removes it)", statement.text_cy or "",
                                      max_chars=400)
                if st.form_submit_button(f"Save the Welsh of S{statement.id}"):
                    if run(lambda s, i=statement.id, w=welsh: dialogues.set_statement_welsh(
                            session=s, statement_id=i, text_cy=w, by=user),
                           success="Saved.") is not None:
                        st.rerun()
            if item.locked:
                st.caption(item.locked)
                continue
            with st.expander(f"Change or delete S{statement.id}"):
                with st.form(f"edit-seed-{statement.id}"):
                    words = st.text_area("Wording", statement.text, max_chars=400,
                                         key=_forms.key(f"seed-{statement.id}", "text"))
                    if st.form_submit_button(f"Save statement S{statement.id}"):
                        if run(lambda s, i=statement.id, w=words: dialogues.edit_seed_statement(
                                session=s, statement_id=i, text=w, by=user),
                               success="Statement changed.") is not None:
                            st.rerun()
                if st.button(f"Delete statement S{statement.id}", key=f"del-seed-{statement.id}"):
                    if run(lambda s, i=statement.id: dialogues.delete_seed_statement(
                            session=s, statement_id=i, by=user),
                           success=f"Statement S{statement.id} deleted.") is not None:
                        st.rerun()

with sessions_tab:
    with db() as session:
        session_rows = dialogues.session_rows(session=session, dialogue_id=dialogue.id, by=user)
    for item in session_rows:
        row = item.row
        with st.container(border=True):
            st.write(f"**{row.name}** · {row.mode} · {when(row.starts_at)} · "
                     f"{row.location or 'online'}")
            if row.name_cy:
                st.caption("In Welsh:")
                plain(row.name_cy)
            with st.expander(f"Change or delete the session {row.name}"):
                with st.form(f"edit-session-{row.id}"):
                    fields = session_fields(f"session-{row.id}", row)
                    if st.form_submit_button(f"Save the session {row.name}"):
                        if run(lambda s, f=fields, i=row.id: save_session(s, f, session_id=i),
                               success="Session changed.") is not None:
                            st.rerun()
                if item.locked:
                    st.caption(item.locked)
                elif st.button(f"Delete the session {row.name}", key=f"del-session-{row.id}"):
                    if run(lambda s, i=row.id: dialogues.delete_session(
                            session=s, session_id=i, by=user),
                           success="Session deleted.") is not None:
                        st.rerun()
    with st.form("add-session"):
        st.caption("Leave the date and time empty for a session people join at any time.")
        fields = session_fields("add-session")
        if st.form_submit_button("Add session"):
            if run(lambda s: save_session(s, fields, dialogue_id=dialogue.id),
                   success="Session added.") is not None:
                _forms.renew("add-session")
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
        blocked = None
        if target == "reported":
            with db() as session:
                blocked = dialogues.why_not_reportable(session=session,
                                                       dialogue_id=dialogue.id, by=user)
        if blocked:
            st.caption(blocked)
        if st.button(labels[target], key=f"status-{target}", disabled=bool(blocked)):
            if run(lambda s, t=target: dialogues.set_status(
                session=s, dialogue_id=dialogue.id, status=t, by=user
            ), success=f"The dialogue is now {target}.") is not None:
                st.rerun()
