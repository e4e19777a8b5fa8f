"""The app's pages: made once per process, listed to st.navigation by role."""

from __future__ import annotations

import copy

import streamlit as st

from engagement import i18n
from pages._ui.language import _


@st.cache_resource
def _page_templates() -> dict[str, st.Page]:
    """The app's pages, made once per process: st.Page resolves its file on disk each time it
    is made, a dozen path lookups on every page run."""
    made = [
        st.Page("pages/participate.py", title=i18n.N_("Take part"),
                icon=":material/how_to_vote:",
                default=True),
        st.Page("pages/public_results.py", title=i18n.N_("You said, we did"),
                icon=":material/campaign:",
                url_path="results"),
        st.Page("pages/facilitator_dialogues.py", title="Dialogues", icon=":material/edit_note:"),
        st.Page("pages/facilitator_moderation.py", title="Moderation", icon=":material/gavel:"),
        st.Page("pages/facilitator_live.py", title="Live counts", icon=":material/monitoring:"),
        st.Page("pages/room_view.py", title="Room screen", icon=":material/co_present:",
                url_path="room"),
        st.Page("pages/facilitator_brief.py", title="Governance brief",
                icon=":material/description:"),
        st.Page("pages/board_home.py", title="Board home", icon=":material/dashboard:"),
        st.Page("pages/board_dashboard.py", title="Opinion groups",
                icon=":material/bubble_chart:"),
        st.Page("pages/board_brief.py", title="Brief", icon=":material/article:",
                url_path="brief"),
        st.Page("pages/board_decisions.py", title="Decisions", icon=":material/gavel:"),
        st.Page("pages/admin_staff.py", title="Staff accounts",
                icon=":material/manage_accounts:"),
        st.Page("pages/accessibility.py", title=i18n.N_("Accessibility"),
                icon=":material/accessibility:"),
        st.Page("pages/staff_login.py", title=i18n.N_("Staff sign-in"),
                icon=":material/login:"),
        st.Page("pages/staff_login.py", title="Sign out", icon=":material/logout:"),
    ]
    return {page.title: page for page in made}


def app_pages(*titles: str, translate: bool = False) -> list[st.Page]:
    """Pages for st.navigation by (English) title. A copy per run: st.navigation marks the
    page it picks, and sessions run concurrently. ``translate``: titles in the reader's
    language (the public pages; their addresses stay the same)."""
    pages = [copy.copy(_page_templates()[title]) for title in titles]
    if translate:
        for page in pages:
            page._title = _(page.title)  # st.Page has no setter; the address is fixed already
    return pages


def navigation_by_role_only() -> None:
    """Streamlit lists every file in pages/ (its older multipage mode) until the entry script
    first calls st.navigation. A visitor whose first request names a page would get that
    list, and the page run without streamlit_app.py. Switch the old mode off (a private flag
    of Streamlit's: there is no public switch) and start the run again through the entry
    script, which shows each role only its own pages."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
