"""The decision register: the board records its decision, the findings it rests on and, where
it departs from what participants said, why."""

import streamlit as st

from engagement import permissions
from engagement.brief import versions
from engagement.services import dashboard, decisions
from engagement.services.decisions import OUTCOME_LABELS
from engagement.ukdates import uk_datetime
from pages import _forms
from pages._ui import choose_dialogue, db, plain, require, run

user = require("view_board")
st.title("Decision register")
dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()

with db() as session:
    brief = versions.current_brief(session=session, dialogue_id=dialogue.id)
    history = decisions.decisions_of(session=session, dialogue_id=dialogue.id, by=user)
    leaning = dashboard.participant_leaning(session=session, dialogue_id=dialogue.id, by=user)

if not history:
    st.info("No decision has been recorded for this dialogue yet.")
for decision in history:
    with st.expander(f"Version {decision.version}: {OUTCOME_LABELS[decision.outcome]} · "
                     f"{decision.recorded_by} · {uk_datetime(decision.recorded_at)}",
                     expanded=decision is history[0]):
        st.markdown("**Rationale**")
        plain(decision.rationale)
        st.markdown("**Findings it rests on**")
        plain("\n".join(f"• {finding}"
                         for finding in decisions.cited_findings(decision, current=brief)))
        if decision.departure_explanation:
            st.markdown("**Where it departs from what participants said, and why**")
            plain(decision.departure_explanation)

if not permissions.allowed(user.role, "decide"):
    st.caption("Your role can read the register but not record decisions.")
    st.stop()
if brief is None:
    st.info("A facilitator must sign off the brief before the board can record a decision.")
    st.stop()

st.header("Record a decision" if not history else "Record a new version of the decision")
st.caption(f"{leaning.caption} A decision that goes against a clear leaning must explain why.")
offered = decisions.available_findings(versions.brief_data(brief))
form = f"decision-{dialogue.id}"  # its widgets are renewed (emptied) after a decision is recorded
with st.form(form):
    outcome = st.radio("Decision", list(OUTCOME_LABELS), format_func=OUTCOME_LABELS.get,
                       index=None, key=_forms.key(form, "outcome"))
    rationale = st.text_area("Rationale (shown on the public results page)",
                             key=_forms.key(form, "rationale"))
    findings = st.multiselect("Findings from the brief that the decision rests on",
                              list(offered), format_func=offered.get,
                              key=_forms.key(form, "findings"))
    explanation = st.text_area(
        "Where the decision departs from what participants said, explain why "
        "(required in that case)", key=_forms.key(form, "explanation"))
    if st.form_submit_button("Record the decision", type="primary"):
        if run(lambda s: decisions.record_decision(
            session=s, dialogue_id=dialogue.id, outcome=outcome, rationale=rationale,
            findings=findings, by=user, explanation=explanation or None,
        ), success="Decision recorded.") is not None:
            _forms.renew(form)  # a failed attempt keeps what was typed, to be corrected
            st.rerun()
