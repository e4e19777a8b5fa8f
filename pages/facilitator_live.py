"""Live participation counts per dialogue and session."""

import streamlit as st

from engagement.privacy.suppression import effective_minimum, suppress_cells
from engagement.services.counts import live_counts
from pages._ui import choose_dialogue, db, require, require_in_fragment

user = require("view_counts")
st.title("Live counts")
dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()


@st.fragment(run_every=10)
def counts_table(dialogue_id: int) -> None:
    viewer = require_in_fragment("view_counts")  # every refresh: a sign-in can end meanwhile
    with db() as session:
        rows = live_counts(session=session, dialogue_id=dialogue_id, by=viewer)
    columns = ("participants", "votes", "statements_pending", "positions_before",
               "positions_after", "withdrawn")
    # Counts of people below the reporting minimum are not shown, here as everywhere.
    people = {c: suppress_cells({r.label: getattr(r, c) for r in rows[1:]}, minimum=minimum)
              for c in columns if c != "votes"}
    whole = rows[0]

    def shown(column: str, row) -> str:
        value = getattr(row, column) if row is whole else people[column][row.label]
        if column != "votes" and row is whole and 0 < value < minimum:
            value = None
        return f"fewer than {minimum}" if value is None else str(value)

    cols = st.columns(4)
    cols[0].metric("Participants", shown("participants", whole))
    cols[1].metric("Votes", whole.votes)
    cols[2].metric("Statements to moderate", whole.statements_pending)
    cols[3].metric("Withdrawn", shown("withdrawn", whole))
    st.dataframe(
        [
            {
                "Session": r.label,
                "Participants": shown("participants", r),
                "Votes": str(r.votes),
                "Statements pending": shown("statements_pending", r),
                "Positions before": shown("positions_before", r),
                "Positions after": shown("positions_after", r),
                "Withdrawn": shown("withdrawn", r),
            }
            for r in rows
        ],
        hide_index=True,
    )
    st.caption(f"Updates every 10 seconds. Counts of fewer than {minimum} people are not shown.")


minimum = effective_minimum(dialogue.min_reporting_size)
counts_table(dialogue.id)
