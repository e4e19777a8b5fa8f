"""Live participation counts per dialogue and session (from the disclosure gate)."""

import streamlit as st

from engagement.services.counts import live_view
from pages._ui import choose_dialogue, require, require_in_fragment, run

user = require("view_counts")
st.title("Live counts")
dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()


def shown(value: int | None) -> str:
    return "not shown" if value is None else str(value)


@st.fragment(run_every=10)
def counts_table(dialogue_id: int) -> None:
    viewer = require_in_fragment("view_counts")  # every refresh: a sign-in can end meanwhile
    view = run(lambda s: live_view(session=s, dialogue_id=dialogue_id, by=viewer))
    if view is None:
        return
    whole = view.whole
    cols = st.columns(4)
    cols[0].metric("Participants", shown(whole.participants))
    cols[1].metric("Votes", whole.votes)
    cols[2].metric("Statements to moderate", shown(whole.statements_pending))
    cols[3].metric("Withdrawn", shown(whole.withdrawn))
    st.dataframe(
        [
            {
                "Session": r.label,
                "Participants": shown(r.participants),
                "Votes": str(r.votes),
                "Statements pending": shown(r.statements_pending),
                "Positions before": shown(r.positions_before),
                "Positions after": shown(r.positions_after),
                "Withdrawn": shown(r.withdrawn),
            }
            for r in (whole, *view.sessions)
        ],
        hide_index=True,
    )
    st.caption(f"Updates every 10 seconds. Counts of fewer than {view.minimum} people, and "
               "counts that would give one away by subtraction, are not shown.")


counts_table(dialogue.id)
