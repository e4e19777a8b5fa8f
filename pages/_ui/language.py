"""Welsh and English on the participant and public pages: the reader's language for the visit,
the switch, the page marked with its language, and ``_`` for the app's own words."""

from __future__ import annotations

import streamlit as st

from engagement import i18n

LANG_KEY = "lang"  # session state: the language chosen for this visit


def language() -> str:
    """The reader's language for this visit: the one a link names (``?lang=cy``), else the
    one chosen earlier in the visit, else English."""
    asked = st.query_params.get("lang")
    if asked is not None:
        st.session_state[LANG_KEY] = i18n.language(asked)
    return st.session_state.get(LANG_KEY, i18n.DEFAULT)


def chosen_language() -> str | None:
    """The language chosen in this visit (a link or the switch), None if none was."""
    language()
    return st.session_state.get(LANG_KEY)


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
