"""Shared UI plumbing for the pages, one concern per module:

- ``database``: the cached engine, a session per use, ``run`` (a use case, its error shown);
- ``downloads``: ``download``, a file made by a use case on the click, its refusal said;
- ``admission``: the gate deciding which participant's script run computes next;
- ``browser``: this browser's signed key and an id for limits on attempts;
- ``signin``: who is signed in, sign-in and sign-out, the idle time-out, kept sign-ins;
- ``access``: ``require`` and ``require_in_fragment``, the first call of every staff page;
- ``messages``: what the last action did, said on the page it led to (not a toast);
- ``text``: participant text shown exactly as typed, errors in plain English;
- ``dialogue_picker``: the staff pages' dialogue picker;
- ``brief_cache``: a brief drawn once per content and process;
- ``menu``: the menu of pages (Streamlit's own sidebar navigation is hidden: its markup fails);
- ``a11y``: the visible focus style, and a status region that announces confirmations;
- ``language``: Welsh or English for the participant and public pages, ``_`` for their words;
- ``registry``: the app's pages for st.navigation, and the old multipage mode switched off.

Pages import these names from ``pages._ui``."""

from pages._ui.a11y import announce, page_styles, status_read, status_region
from pages._ui.access import require, require_in_fragment
from pages._ui.admission import PAGE, VOTE, admitted, page_run
from pages._ui.brief_cache import brief_file, rendered_brief
from pages._ui.browser import browser_id
from pages._ui.database import db, run
from pages._ui.dialogue_picker import choose_dialogue
from pages._ui.downloads import download
from pages._ui.language import (
    _,
    chosen_language,
    content_in,
    language,
    mark_page_language,
    public_page,
    set_language,
)
from pages._ui.menu import show_menu
from pages._ui.messages import flash, show_flash
from pages._ui.registry import app_pages, navigation_by_role_only
from pages._ui.signin import IDLE_LIMIT, sign_in, sign_out, signed_in_user
from pages._ui.text import error, escape_markdown, plain

__all__ = [
    "_", "chosen_language", "content_in", "language", "mark_page_language",
    "public_page", "set_language",
    "IDLE_LIMIT", "PAGE", "VOTE", "admitted", "announce", "app_pages", "browser_id",
    "brief_file", "choose_dialogue", "db", "download", "error", "escape_markdown", "flash",
    "page_run", "page_styles",
    "plain", "rendered_brief", "require", "require_in_fragment",
    "run", "show_flash",
    "show_menu", "sign_in", "sign_out", "signed_in_user", "status_read", "status_region",
]

# Last, so that every name above exists even while this import is cut short by the rerun.
navigation_by_role_only()
READY = True  # the import ran to its end (streamlit_app.py checks this)
