"""A brief drawn once per content and process."""

from __future__ import annotations

import json

import streamlit as st

from engagement.brief import versions
from pages._ui.database import on_click


@st.cache_data(max_entries=30, show_spinner=False)
def _rendered(fmt: str, data_json: str, lang: str):
    return versions.render_brief(json.loads(data_json), fmt, lang)


def rendered_brief(data: dict, fmt: str, lang: str = "en"):
    """A brief's data (``versions.brief_data``) drawn in one format, once per content and
    process: a signed-off brief's content never changes (its status may: superseded), and the
    HTML with its charts took 0.6-0.75 s of CPU, too much for every run of a page."""
    return _rendered(fmt, json.dumps(data, sort_keys=True), lang)


def brief_file(brief_id: int, fmt: str, by, lang: str = "en"):
    """A brief's download button's ``data``: the file comes only from the use case, on the
    click, after it has authorised and audited the download (one audit row per click)."""
    return on_click(lambda s: versions.download_brief(session=s, brief_id=brief_id, fmt=fmt,
                                                      by=by, lang=lang))
