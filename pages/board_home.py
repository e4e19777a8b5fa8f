"""The governance board's home: each dialogue, where it stands, and where to go next. What a
card says comes from services/board_home.py (counts through the disclosure gate)."""

import streamlit as st

from engagement.services.board_home import board_overview
from pages._ui import require, run

user = require("view_board")
st.title("Governance board")
st.write(
    "Here you will find the evidence from each public dialogue: opinion groups, consensus, "
    "divisions, themes and how views moved, and the decisions recorded on it."
)
cards = run(lambda s: board_overview(session=s, by=user))
if cards is None:
    st.stop()
if not cards:
    st.info("No dialogues yet.")
for card in cards:
    with st.container(border=True):
        st.header(card.title)  # h2 under the page title: no level skipped
        if card.notice:
            st.warning(card.notice)
        # Our own wording, numbers and dates only (no participant text): safe as Markdown.
        st.markdown("\n".join(f"- {line}" for line in (card.status, card.participants,
                                                       card.brief, card.decision)))
        where = {"dialogue": card.slug}
        st.page_link("pages/board_dashboard.py", label="Opinion groups and consensus",
                     query_params=where)
        st.page_link("pages/board_decisions.py", label="Decision register",
                     query_params=where)
        if card.published:
            st.page_link("pages/public_results.py",
                         label="Published results and the brief to download",
                         query_params=where)
