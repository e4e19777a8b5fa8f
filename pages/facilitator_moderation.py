"""The moderation queue: accept statements, or reject them for a reason from the policy."""

import streamlit as st

from engagement.services import moderation
from engagement.services.moderation import REJECTION_REASONS
from pages._ui import choose_dialogue, db, plain, require, run

user = require("moderate")
st.title("Moderation queue")
st.write("Participants' statements wait here until a facilitator accepts or rejects them.")

dialogue = choose_dialogue()
if dialogue is None:
    st.stop()
with db() as session:
    queue = moderation.pending(session=session, dialogue_id=dialogue.id)
if not queue:
    st.success("Nothing is waiting for moderation in this dialogue.")
    st.stop()

st.caption(f"{len(queue)} statement(s) waiting. Tick the ones to decide on together.")
selected = []
for statement in queue:
    with st.container(border=True):
        tick, body = st.columns([1, 12])
        if tick.checkbox(f"Select statement S{statement.id}", key=f"pick-{statement.id}",
                         label_visibility="collapsed"):
            selected.append(statement.id)
        with body:
            st.caption(f"S{statement.id} · sent {statement.created_at:%d %b %Y %H:%M}")
            plain(statement.text)

with st.form("decide"):
    decision = st.radio("Decision", ["accepted", "rejected"], horizontal=True,
                        format_func={"accepted": "Accept", "rejected": "Reject"}.get)
    reason = st.selectbox("Reason for rejecting (required to reject)", list(REJECTION_REASONS),
                          format_func=REJECTION_REASONS.get, index=None)
    if st.form_submit_button(f"Apply to {len(selected)} selected", type="primary"):
        done = run(lambda s: moderation.moderate(
            session=s, statement_ids=selected, decision=decision, by=user,
            reason=reason if decision == "rejected" else None,
        ), success="Decision recorded.")
        if done is not None:
            st.rerun()
