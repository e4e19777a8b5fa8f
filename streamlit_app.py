"""Entry point: pages by role. No queries and no maths here."""

import sys
from pathlib import Path

import streamlit as st

from engagement import i18n, permissions

PAGE_ICON = Path(__file__).parent / "assets" / "page-icon.svg"


def _import_ui():
    """Import the shared UI module once per process, under Streamlit's lock: sessions that
    start at the same moment wait for it instead of meeting a half-imported module."""
    from pages import _ui

    return _ui


def _ui_module():
    # Decorating a function costs a read of its source on every run, so only the first
    # runs of a process take this path.
    ui = sys.modules.get("pages._ui")
    return ui if getattr(ui, "READY", False) else st.cache_resource(_import_ui)()


def main() -> None:
    # A file of the app's own: a ":material/...:" page icon is fetched from Google's font host,
    # so every participant's browser would tell a third party of their visit.
    st.set_page_config(page_title="Genomics dialogue", page_icon=str(PAGE_ICON),
                       layout="centered")
    ui.page_styles()  # a focus indicator that can always be seen
    ui.status_region()  # where confirmations are announced
    # The pages everyone may open are in Welsh or English, with a switch on each.
    participant = ui.app_pages("Take part", "You said, we did", "Accessibility",
                               translate=True)
    facilitator = ui.app_pages("Dialogues", "Moderation", "Live counts", "Room screen",
                               "Governance brief")
    board = ui.app_pages("Board home", "Opinion groups", "Brief", "Decisions")

    user = ui.signed_in_user()
    role = user.role if user else None
    sections = {ui._(i18n.N_("Participants")): participant}
    if permissions.allowed(role, "facilitate"):
        sections["Facilitate"] = facilitator
    if permissions.allowed(role, "view_board"):
        sections["Governance board"] = board
    if permissions.allowed(role, "manage_staff"):
        sections["Administration"] = ui.app_pages("Staff accounts")
    # Anyone may see the way to staff sign-in, so it is in the reader's language; the page
    # itself, and a signed-in member of staff's menu, are English.
    sections[ui._(i18n.N_("Staff"))] = (
        ui.app_pages("Sign out") if user else ui.app_pages("Staff sign-in", translate=True))
    # Streamlit's own menu is hidden: its markup fails screen readers (pages/_ui/menu.py).
    page = st.navigation([p for pages in sections.values() for p in pages], position="hidden")
    ui.show_menu(sections)
    # Staff pages are in English; each public page says its own language (ui.public_page).
    if page.url_path not in {p.url_path for p in participant}:  # a copy: compare addresses
        ui.mark_page_language(i18n.ENGLISH)
    page.run()
    ui.status_read()  # not reached on st.rerun(): its message is read out after it


ui = _ui_module()
with ui.page_run():  # queue behind the process's other runs, votes first
    main()
