"""The governance board's home: the dialogues and where each stands."""

import streamlit as st

from engagement.services import dialogues
from pages._ui import db, require

user = require("view_board")
st.title("Governance board")
st.write(
    "Here you will find the evidence from each public dialogue: opinion groups, consensus, "
    "divisions, themes and how views moved."
)
with db() as session:
    rows = dialogues.list_dialogues(session=session, by=user)
if not rows:
    st.info("No dialogues yet.")
for dialogue in rows:
    with st.container(border=True):
        st.subheader(dialogue.title)
        st.caption(f"Status: {dialogue.status} · short name: {dialogue.slug}")
        st.write(dialogue.question)
