"""Entry point: pages by role. No queries and no maths here."""

import copy

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


@st.cache_resource
def _page_templates() -> dict[str, st.Page]:
    """The app's pages, made once per process: st.Page resolves its file on disk each time it
    is made: a dozen path lookups on every page run."""
    made = [
        st.Page("pages/participate.py", title="Take part", icon=":material/how_to_vote:",
                default=True),
        st.Page("pages/public_results.py", title="You said, we did", icon=":material/campaign:",
                url_path="results"),
        st.Page("pages/facilitator_dialogues.py", title="Dialogues", icon=":material/edit_note:"),
        st.Page("pages/facilitator_moderation.py", title="Moderation", icon=":material/gavel:"),
        st.Page("pages/facilitator_live.py", title="Live counts", icon=":material/monitoring:"),
        st.Page("pages/facilitator_brief.py", title="Governance brief",
                icon=":material/description:"),
        st.Page("pages/board_home.py", title="Board home", icon=":material/dashboard:"),
        st.Page("pages/board_dashboard.py", title="Opinion groups",
                icon=":material/bubble_chart:"),
        st.Page("pages/board_decisions.py", title="Decisions", icon=":material/gavel:"),
        st.Page("pages/admin_staff.py", title="Staff accounts",
                icon=":material/manage_accounts:"),
        st.Page("pages/staff_login.py", title="Staff sign-in", icon=":material/login:"),
        st.Page("pages/staff_login.py", title="Sign out", icon=":material/logout:"),
    ]
    return {page.title: page for page in made}


def pages(*titles: str) -> list[st.Page]:
    # A copy per run: st.navigation marks the page it picks, and sessions run concurrently.
    return [copy.copy(_page_templates()[title]) for title in titles]


PARTICIPANT = pages("Take part", "You said, we did")
FACILITATOR = pages("Dialogues", "Moderation", "Live counts", "Governance brief")
BOARD = pages("Board home", "Opinion groups", "Decisions")

user = signed_in_user()
role = user.role if user else None
sections = {"Participants": PARTICIPANT}
if permissions.allowed(role, "facilitate"):
    sections["Facilitate"] = FACILITATOR
if permissions.allowed(role, "view_board"):
    sections["Governance board"] = BOARD
if permissions.allowed(role, "manage_staff"):
    sections["Administration"] = pages("Staff accounts")
sections["Staff"] = pages("Sign out" if user else "Staff sign-in")

st.navigation(sections).run()
