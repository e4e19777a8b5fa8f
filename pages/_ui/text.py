"""Showing text on a page: participant text exactly as typed, errors in plain English."""

from __future__ import annotations

import re

import streamlit as st

from engagement.errors import DomainError
from pages._ui.language import _

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain(text: str) -> None:
    """Show untrusted text exactly as typed: never as markdown or HTML."""
    st.text(text)


def error(err: DomainError | str) -> None:
    """An error in the reader's language (a domain error's ``text`` may be an i18n.Text)."""
    text = _(err.text) if isinstance(err, DomainError) else _(err)
    st.error(escape_markdown(text), icon=":material/error:")
