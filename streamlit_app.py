"""Entry point: pages by role. No queries and no maths here."""

import streamlit as st

from engagement import permissions


@st.cache_resource
def _app_modules():
    """Import the shared UI module once per process, under Streamlit's lock: sessions that
    start at the same moment wait for it instead of meeting a half-imported module."""
    from pages import _ui

    return _ui


signed_in_user = _app_modules().signed_in_user

st.set_page_config(page_title="Genomics dialogue", page_icon=":material/forum:", layout="centered")

PARTICIPANT = [
    st.Page("pages/participate.py", title="Take part", icon=":material/how_to_vote:",
            default=True),
    st.Page("pages/public_results.py", title="You said, we did", icon=":material/campaign:",
            url_path="results"),
]
FACILITATOR = [
    st.Page("pages/facilitator_dialogues.py", title="Dialogues", icon=":material/edit_note:"),
    st.Page("pages/facilitator_moderation.py", title="Moderation", icon=":material/gavel:"),
    st.Page("pages/facilitator_live.py", title="Live counts", icon=":material/monitoring:"),
    st.Page("pages/facilitator_brief.py", title="Governance brief", icon=":material/description:"),
]
BOARD = [
    st.Page("pages/board_home.py", title="Board home", icon=":material/dashboard:"),
    st.Page("pages/board_dashboard.py", title="Opinion groups", icon=":material/bubble_chart:"),
    st.Page("pages/board_decisions.py", title="Decisions", icon=":material/gavel:"),
]
SIGN_IN = st.Page("pages/staff_login.py", title="Staff sign-in", icon=":material/login:")
SIGN_OUT = st.Page("pages/staff_login.py", title="Sign out", icon=":material/logout:")

user = signed_in_user()
role = user.role if user else None
sections = {"Participants": PARTICIPANT}
if permissions.allowed(role, "facilitate"):
    sections["Facilitate"] = FACILITATOR
if permissions.allowed(role, "view_board"):
    sections["Governance board"] = BOARD
if permissions.allowed(role, "manage_staff"):
    sections["Administration"] = [
        st.Page("pages/admin_staff.py", title="Staff accounts", icon=":material/manage_accounts:")
    ]
sections["Staff"] = [SIGN_OUT if user else SIGN_IN]

st.navigation(sections).run()
