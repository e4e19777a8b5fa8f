"""Showing text on a page: participant text exactly as typed, errors in plain English."""

from __future__ import annotations

import re

import streamlit as st

from engagement.errors import DomainError

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain(text: str) -> None:
    """Show untrusted text exactly as typed: never as markdown or HTML."""
    st.text(text)


def error(err: DomainError | str) -> None:
    st.error(escape_markdown(str(err)), icon=":material/error:")
