"""Live participation counts per dialogue and session."""

import streamlit as st

from engagement.services.counts import live_counts
from pages._ui import choose_dialogue, db, require

require("view_counts")
st.title("Live counts")
dialogue = choose_dialogue()
if dialogue is None:
    st.stop()


@st.fragment(run_every=10)
def counts_table(dialogue_id: int) -> None:
    with db() as session:
        rows = live_counts(session=session, dialogue_id=dialogue_id)
    whole = rows[0]
    cols = st.columns(4)
    cols[0].metric("Participants", whole.participants)
    cols[1].metric("Votes", whole.votes)
    cols[2].metric("Statements to moderate", whole.statements_pending)
    cols[3].metric("Withdrawn", whole.withdrawn)
    st.dataframe(
        [
            {
                "Session": r.label,
                "Participants": r.participants,
                "Votes": r.votes,
                "Statements pending": r.statements_pending,
                "Positions before": r.positions_before,
                "Positions after": r.positions_after,
                "Withdrawn": r.withdrawn,
            }
            for r in rows
        ],
        hide_index=True,
    )
    st.caption("Updates every 10 seconds.")


counts_table(dialogue.id)
