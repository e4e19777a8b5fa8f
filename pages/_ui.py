"""Shared UI plumbing for the pages: database sessions, who is signed in, safe text."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime

import streamlit as st

from engagement import browser_key, i18n, permissions
from engagement.errors import DomainError
from engagement.ops.gate import Gate
from engagement.services import reporting, sessions, staff

IDLE_LIMIT = staff.IDLE_LIMIT

# Every session's script runs in a thread of this one process. A thread back from the database
# or a socket must win the GIL from busy threads, which by default can take 5 ms per wait, and
# a page run waits dozens of times. Measured with bench/load.py, 300 participants: median vote
# 192 ms at the default, 47 ms at 0.5 ms (docs/benchmarks.md). Set once, at first import.
sys.setswitchinterval(0.0005)

# How many participants' script runs of this process compute at once (0: no limit); the rest
# queue, votes first (engagement/ops/gate.py). Measured with bench/load.py, 300 participants on
# one process: vote p95 77 ms with 1, 227-250 ms with 2, 367 ms with 4, 411-628 ms with no
# gate; 1,000 participants: p95 1.0 s with 1, 5.6 s with 2, 12.2 s with none.
VOTE, PAGE = 0, 1
_RUNS = int(os.environ.get("ENGAGEMENT_CONCURRENT_RUNS", "1"))
_GATE = Gate(_RUNS) if _RUNS > 0 else None


def admitted(priority: int = PAGE):
    """Enter the process's gate for one script run or one callback (a context manager)."""
    return _GATE.admit(priority) if _GATE is not None else nullcontext()


def page_run():
    """The gate for a whole page run. Signed-in staff go straight in: they are few, and some of
    their runs are long (the dashboard's analysis), which must not hold a participant's place."""
    return nullcontext() if "user_id" in st.session_state else admitted(PAGE)


def _navigation_by_role_only() -> None:
    """Streamlit lists every file in pages/ (its older multipage mode) until the entry script
    first calls st.navigation. A visitor whose first request names a page would get that
    list, and the page run without streamlit_app.py. Switch the old mode off and start the
    run again through the entry script, which shows each role only its own pages."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@st.cache_resource
def _engine(url: str):
    return sessions.open_engine(url)


def db():
    """A database session for one page run (use as a context manager)."""
    return sessions.open_session(_engine(sessions.configured_url()))


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain(text: str) -> None:
    """Show untrusted text exactly as typed: never as markdown or HTML."""
    st.text(text)


LANG_KEY = "lang"  # session state: the language chosen for this visit


def language() -> str:
    """The reader's language for this visit: the one a link names (``?lang=cy``), else the
    one chosen earlier in the visit, else English."""
    asked = st.query_params.get("lang")
    if asked is not None:
        st.session_state[LANG_KEY] = i18n.language(asked)
    return st.session_state.get(LANG_KEY, i18n.DEFAULT)


def set_language(lang: str) -> None:
    """Remember ``lang`` for the visit, and in the address (so a link or reload keeps it)."""
    lang = i18n.language(lang)
    st.session_state[LANG_KEY] = lang
    if lang == i18n.DEFAULT:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang


def _(message: str | i18n.Text) -> str:
    """The app's own words in the reader's language (the catalogues of engagement/locale)."""
    return i18n.translate(message, language())


def _switched() -> None:
    chosen = st.session_state.get("language-switch")
    if chosen:
        set_language(chosen)


def language_switch() -> None:
    """English / Cymraeg, on every participant and public page: each name in its own
    language, so that a reader of either finds theirs."""
    st.session_state["language-switch"] = language()
    st.segmented_control(
        "Language / Iaith", list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
        key="language-switch", on_change=_switched, selection_mode="single",
        label_visibility="collapsed",
    )


# Sets the page's language (<html lang>), and lang on each container keyed "lang-<code>-...":
# Streamlit's markdown takes no attributes, so content in the other language than the page's
# is put in such a container and marked here.
_LANGUAGE_SCRIPT = """<script>
(function () {
  document.documentElement.lang = "%s";
  function mark() {
    document.querySelectorAll('[class*="st-key-lang-"]').forEach(function (el) {
      var found = /st-key-lang-(en|cy)-/.exec(el.className);
      if (found && el.lang !== found[1]) { el.lang = found[1]; }
    });
  }
  mark();
  if (!window.engagementLanguageMarks) {
    window.engagementLanguageMarks = new MutationObserver(mark);
    window.engagementLanguageMarks.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def mark_page_language(lang: str) -> None:
    """Tell browsers and screen readers which language the page is in (WCAG 3.1.1, 3.1.2)."""
    st.html(_LANGUAGE_SCRIPT % i18n.language(lang), unsafe_allow_javascript=True)


def public_page() -> str:
    """The first call of every participant and public page: the language switch, and the
    page marked with its language. Returns the reader's language."""
    language_switch()
    lang = language()
    mark_page_language(lang)
    return lang


def content_in(lang: str, name: str):
    """A container for content in ``lang``, marked with lang=... in the page."""
    return st.container(key=f"lang-{i18n.language(lang)}-{name}")


def error(err: DomainError | str) -> None:
    text = _(err.text) if isinstance(err, DomainError) else _(err)
    st.error(escape_markdown(text), icon=":material/error:")


def run(action: Callable, *, success: str | None = None):
    """Call a use case; show its domain error in plain English instead of a traceback."""
    try:
        with db() as session:
            result = action(session)
    except DomainError as err:
        error(err)
        return None
    if success:
        st.toast(success)
    return result


def _request_cookies():
    """The cookies this browser sent when its page connected (a seam for AppTests, which
    cannot send any)."""
    return st.context.cookies


def _browser_key() -> str | None:
    """This browser's key (engagement/browser_key.py), if it carries one signed by this
    server's cookie secret; None otherwise (no cookie, altered, or another server's)."""
    return browser_key.key_from_cookies(_request_cookies(), st.get_option("server.cookieSecret"))


def _resumed(*, active: bool) -> staff.User | None:
    """The sign-in this browser kept from an earlier page (a reload, an opened link), looked
    up once per browser session: participants' runs do not query for it again and again."""
    if st.session_state.get("kept_checked"):
        return None
    st.session_state["kept_checked"] = True
    key = _browser_key()
    if key is None:
        return None
    with db() as session:
        found = staff.resume_session(session=session, browser_key=key, active=active)
    if found.user is not None:
        _remember(found.user, kept=True)
    else:
        _say_why(found.ended)
    return found.user


def _still_kept(user_id: int, *, active: bool) -> staff.User | None:
    """A kept sign-in is checked where its tabs share it, on the server: signed out in one
    tab, or idle in all of them, and this tab is signed out too."""
    with db() as session:
        found = staff.resume_session(session=session, browser_key=_browser_key(),
                                     active=active)
    if found.user is None or found.user.id != user_id:
        _forget()  # the kept row is gone already, or is another account's now
        _say_why(found.ended)
        return None
    return found.user


def _say_why(ended: str | None) -> None:
    if ended == "idle":
        st.session_state["signed_out_idle"] = True
    elif ended == "ended":
        st.session_state["signed_out_ended"] = True


def signed_in_user(*, active: bool = True) -> staff.User | None:
    """The staff member of this browser session, as stored now; None (and signed out) once
    they have been idle too long, or their password was reset or their account deactivated
    since they signed in, or they signed out in another tab of this browser. A new session
    of a browser that kept its sign-in (a reload, an opened link) starts signed in.
    ``active=False`` for automatic refreshes: they check the sign-in without counting as the
    person being active."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return _resumed(active=active)
    if st.session_state.get("kept"):
        return _still_kept(user_id, active=active)
    now = datetime.now(UTC)
    last = st.session_state.get("last_seen")
    if last is None or now - last > IDLE_LIMIT:
        sign_out()
        st.session_state["signed_out_idle"] = True
        return None
    with db() as session:
        user = staff.signed_in_staff(session=session, user_id=user_id,
                                     epoch=st.session_state.get("session_epoch"))
    if user is None:
        sign_out()
        st.session_state["signed_out_ended"] = True
        return None
    if active:
        st.session_state["last_seen"] = now
    return user


def browser_id() -> str:
    """An id of this browser for limits on repeated attempts (never the network address: a
    workshop room shares one): derived from its signed key when it carries one, so that a
    reload does not start the count again; else a random id kept for this browser session."""
    key = _browser_key()
    if key is not None:
        return "key:" + hashlib.sha256(f"attempts:{key}".encode()).hexdigest()
    return st.session_state.setdefault("browser_id", secrets.token_urlsafe(18))


def _remember(user: staff.User, *, kept: bool) -> None:
    st.session_state["user_id"] = user.id
    st.session_state["session_epoch"] = user.session_epoch
    st.session_state["last_seen"] = datetime.now(UTC)
    st.session_state["kept"] = kept


def _forget() -> None:
    for key in ("user_id", "session_epoch", "last_seen", "kept"):
        st.session_state.pop(key, None)


def sign_in(user: staff.User) -> None:
    """Sign this browser session in as ``user`` (just authenticated), and keep the sign-in in
    this browser when it carries a key, so that a reload or an opened link stays signed in."""
    key = _browser_key()
    if key is not None:
        try:
            with db() as session:
                staff.keep_session(session=session, user=user, browser_key=key)
        except DomainError as err:  # reset or deactivated in the meantime
            error(err)
            return
    _remember(user, kept=key is not None)


def sign_out() -> None:
    """End this browser's sign-in: its session's, and the one its key kept for its tabs."""
    if st.session_state.get("kept"):
        with db() as session:
            staff.end_kept_session(session=session, browser_key=_browser_key())
    _forget()


def require_in_fragment(permission: str, **context) -> staff.User:
    """The first call of every auto-refreshing fragment: the sign-in is checked again on each
    refresh (which does not count as activity); once it no longer holds, the whole page runs
    again, and its own require() refuses it."""
    user = signed_in_user(active=False)
    if user is None or not permissions.allowed(user.role, permission, **context):
        st.rerun()
    return user


def require(permission: str, **context) -> staff.User:
    """Stop the page unless the signed-in user may do this (pages reached by URL included)."""
    user = signed_in_user()
    if user is None:
        st.warning("Please sign in as a member of staff to see this page.")
        st.page_link("pages/staff_login.py", label="Go to staff sign-in")
        st.stop()
    if not permissions.allowed(user.role, permission, **context):
        st.error("Your role does not allow this page.")
        st.stop()
    return user


def choose_dialogue(label: str = "Dialogue", *, key: str = "dialogue", by: staff.User):
    """A labelled dialogue picker shared by the staff pages; None when there are none."""
    from engagement.services import dialogues, synthetic

    with db() as session:
        rows = dialogues.list_dialogues(session=session, by=by)
    if not rows:
        st.info("There are no dialogues yet.")
        return None
    ids = [d.id for d in rows]
    by_id = {d.id: d for d in rows}
    wanted = st.query_params.get("dialogue")  # a link (e.g. from the board home) names one
    chosen = st.selectbox(
        label,
        ids,
        index=next((i for i, d in enumerate(rows) if d.slug == wanted), 0),
        format_func=lambda i: f"{by_id[i].title} ({by_id[i].status})",
        key=key,
    )
    st.query_params["dialogue"] = by_id[chosen].slug
    with db() as session:  # every staff page about a dialogue says if its data is made up
        notice = synthetic.notice_for(session=session, dialogue_id=chosen, by=by)
    if notice:
        st.warning(notice)
    return by_id[chosen]


@st.cache_data(max_entries=30, show_spinner=False)
def _rendered(fmt: str, data_json: str):
    return reporting.render_brief(json.loads(data_json), fmt)


def rendered_brief(data: dict, fmt: str):
    """A brief's data (``reporting.brief_data``) drawn in one format, once per content and
    process: a signed-off brief's content never changes (its status may: superseded), and the
    HTML with its charts took 0.6-0.75 s of CPU, too much for every run of a page."""
    return _rendered(fmt, json.dumps(data, sort_keys=True))


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
        st.Page("pages/board_decisions.py", title="Decisions", icon=":material/gavel:"),
        st.Page("pages/admin_staff.py", title="Staff accounts",
                icon=":material/manage_accounts:"),
        st.Page("pages/accessibility.py", title=i18n.N_("Accessibility"),
                icon=":material/accessibility:"),
        st.Page("pages/staff_login.py", title="Staff sign-in", icon=":material/login:"),
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


# Last, so that every name above exists even while this import is cut short by the rerun.
_navigation_by_role_only()
READY = True  # the import ran to its end (streamlit_app.py checks this)
