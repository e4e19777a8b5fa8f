"""A brief drawn once per content and process."""

from __future__ import annotations

import json

import streamlit as st

from engagement.brief import versions
from pages._ui.database import run


@st.cache_data(max_entries=30, show_spinner=False)
def _rendered(fmt: str, data_json: str, lang: str):
    return versions.render_brief(json.loads(data_json), fmt, lang)


def rendered_brief(data: dict, fmt: str, lang: str = "en"):
    """A brief's data (``versions.brief_data``) drawn in one format, once per content and
    process: a signed-off brief's content never changes (its status may: superseded), and the
    HTML with its charts took 0.6-0.75 s of CPU, too much for every run of a page."""
    return _rendered(fmt, json.dumps(data, sort_keys=True), lang)


def record_brief_download(brief_id: int, fmt: str, by) -> None:
    """A download button's callback: the download goes in the audit log (one home for the
    facilitator's and the board's brief pages)."""
    run(lambda s: versions.record_download(session=s, brief_id=brief_id, fmt=fmt, by=by))
