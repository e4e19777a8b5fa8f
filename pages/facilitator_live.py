"""Live participation counts per dialogue and session (from the disclosure gate)."""

import streamlit as st

from engagement.services.counts import live_view, shown
from pages._ui import choose_dialogue, require, require_in_fragment, run

user = require("view_counts")
st.title("Live counts")
dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()


@st.fragment(run_every=10)
def counts_table(dialogue_id: int) -> None:
    viewer = require_in_fragment("view_counts")  # every refresh: a sign-in can end meanwhile
    view = run(lambda s: live_view(session=s, dialogue_id=dialogue_id, by=viewer))
    if view is None:
        return
    whole = view.whole
    # Sized to their words and wrapped onto the next line when the page is narrow: a value
    # such as "not shown", or a long session name, is never cut short.
    with st.container(horizontal=True, wrap=True):
        for label, value in (("Participants", shown(whole.participants)),
                             ("Votes", str(whole.votes)),
                             ("Statements to moderate", shown(whole.statements_pending)),
                             ("Withdrawn", shown(whole.withdrawn))):
            st.metric(label, value, width="content", border=True)
    # One small table per session (the whole dialogue first), two columns wide: a phone shows
    # it without a sideways scroll (axe: a scrolling region must take the keyboard focus).
    for r in (whole, *view.sessions):
        st.table(
            [
                {"Count": "Session", "Number": r.label},
                {"Count": "Participants", "Number": shown(r.participants)},
                {"Count": "Votes", "Number": str(r.votes)},
                {"Count": "Statements pending", "Number": shown(r.statements_pending)},
                {"Count": "Positions before", "Number": shown(r.positions_before)},
                {"Count": "Positions after", "Number": shown(r.positions_after)},
                {"Count": "Withdrawn", "Number": shown(r.withdrawn)},
            ],
            hide_index=True,
        )
    st.caption(f"Updates every 10 seconds. Counts of fewer than {view.minimum} people, and "
               "counts that would give one away by subtraction, are not shown.")


counts_table(dialogue.id)
