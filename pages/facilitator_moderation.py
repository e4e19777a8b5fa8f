"""The moderation queue: accept statements, or reject them for a reason from the policy; and
the privacy review of texts that might identify someone."""

import streamlit as st

from engagement.services import moderation
from engagement.services.moderation import REJECTION_REASONS
from engagement.services.participation import public_text
from engagement.ukdates import uk_datetime
from pages import _forms
from pages._ui import choose_dialogue, db, plain, require, run

LATEST = 50  # decisions listed for undoing: a long live day would otherwise make a long page
user = require("moderate")
st.title("Moderation queue")
st.write("Participants' statements wait here until a facilitator accepts or rejects them. "
         "Personal details have already been replaced by placeholders such as [name].")

dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()
with db() as session:
    queue = moderation.pending(session=session, dialogue_id=dialogue.id, by=user)
    review = moderation.privacy_review(session=session, dialogue_id=dialogue.id, by=user)
    decided = moderation.decided(session=session, dialogue_id=dialogue.id, by=user)
flagged = {item.id: item for item in review if item.kind == "statement"}

statements_tab, privacy_tab, decided_tab = st.tabs([f"Statements ({len(queue)})",
                                                    f"Privacy review ({len(review)})",
                                                    f"Decided ({len(decided)})"])

with statements_tab:
    if not queue:
        st.success("Nothing is waiting for moderation in this dialogue.")
    else:
        st.caption(f"{len(queue)} statement(s) waiting. Tick the ones to decide on together.")
    selected = []
    for statement in queue:
        with st.container(border=True):
            tick, body = st.columns([1, 12])
            if tick.checkbox(f"Select statement S{statement.id}", key=f"pick-{statement.id}",
                             label_visibility="collapsed"):
                selected.append(statement.id)
            with body:
                st.caption(f"S{statement.id} · sent {uk_datetime(statement.created_at)}")
                plain(public_text(statement))
                item = flagged.get(statement.id)
                if item and item.removed:
                    st.caption("Personal data removed: " + ", ".join(item.removed).lower())
                if item and item.risks:
                    st.warning("Might identify someone: " + "; ".join(item.risks))
                if statement.redacted_text and st.toggle(
                    "Show the original words for this review", key=f"orig-{statement.id}"
                ):
                    original = run(lambda s, i=statement.id: moderation.reveal_original(
                        session=s, statement_id=i, by=user))
                    if original is not None:
                        plain(original)
    if queue:
        with st.form("decide"):
            decision = st.radio("Decision", ["accepted", "rejected"], horizontal=True,
                                format_func={"accepted": "Accept", "rejected": "Reject"}.get,
                                key=_forms.key("decide", "decision"))
            reason = st.selectbox("Reason for rejecting (required to reject)",
                                  list(REJECTION_REASONS), format_func=REJECTION_REASONS.get,
                                  index=None, key=_forms.key("decide", "reason"))
            st.caption("Once decided, only the words with personal data removed are kept.")
            if st.form_submit_button("Apply to the selected statements", type="primary"):
                done = run(lambda s: moderation.moderate(
                    session=s, statement_ids=selected, decision=decision, by=user,
                    reason=reason if decision == "rejected" else None,
                ), success="Decision recorded.")
                if done is not None:
                    _forms.renew("decide")
                    st.rerun()

with privacy_tab:
    st.write("Texts that combine a rare condition or a relative with a place or a date could "
             "identify someone even without a name. Check each one. A reflection is quoted "
             "only after you have checked it here.")
    if not review:
        st.success("Nothing needs a privacy review.")
    for item in review:
        with st.container(border=True):
            st.caption(f"{item.kind.title()} {'S' if item.kind == 'statement' else 'R'}"
                       f"{item.id}")
            plain(item.text)
            if item.removed:
                st.caption("Personal data removed: " + ", ".join(item.removed).lower())
            for risk in item.risks:
                st.caption(f"• {risk}")
            if item.kind == "reflection":
                allow, refuse = st.columns(2)
                if allow.button("It may be quoted", key=f"quote-{item.id}"):
                    if run(lambda s, i=item.id: moderation.allow_quotes(
                        session=s, reflection_id=i, by=user),
                        success="This reflection may be quoted.") is not None:
                        st.rerun()
                if refuse.button("Never quote this reflection", key=f"noquote-{item.id}"):
                    if run(lambda s, i=item.id: moderation.keep_out_of_quotes(
                        session=s, reflection_id=i, by=user),
                        success="This reflection will not be quoted.") is not None:
                        st.rerun()
            if item.kind == "statement":
                st.caption("Decide on this statement in the Statements tab.")

with decided_tab:
    st.write(moderation.UNDO_CONSEQUENCE)
    if not decided:
        st.info("No statement of this dialogue has been accepted or rejected yet.")
    if len(decided) > LATEST:
        st.caption(f"The {LATEST} latest decisions are shown.")
    for statement in decided[:LATEST]:
        with st.container(border=True):
            outcome = (f"Rejected: {REJECTION_REASONS.get(statement.rejection_reason, '')}"
                       if statement.status == "rejected" else "Accepted")
            st.caption(f"S{statement.id} · {outcome} · decided "
                       f"{uk_datetime(statement.moderated_at)}")
            plain(public_text(statement))
            if st.button(f"Undo the decision on S{statement.id}", key=f"undo-{statement.id}"):
                if run(lambda s, i=statement.id: moderation.undo_decision(
                        session=s, statement_id=i, by=user),
                       success=f"S{statement.id} is back in the queue.") is not None:
                    st.rerun()
