"""A brief drawn once per content and process."""

from __future__ import annotations

import json

import streamlit as st

from engagement.brief import versions


@st.cache_data(max_entries=30, show_spinner=False)
def _rendered(fmt: str, data_json: str, lang: str):
    return versions.render_brief(json.loads(data_json), fmt, lang)


def rendered_brief(data: dict, fmt: str, lang: str = "en"):
    """A brief's data (``versions.brief_data``) drawn in one format, once per content and
    process: a signed-off brief's content never changes (its status may: superseded), and the
    HTML with its charts took 0.6-0.75 s of CPU, too much for every run of a page."""
    return _rendered(fmt, json.dumps(data, sort_keys=True), lang)


def brief_file(fmt: str, by, lang: str = "en"):
    """What a brief's download button makes on the click (``_ui.download``'s ``make``, given
    the brief's id): the file comes only from the use case, after it has authorised and
    audited the download (one audit row per click)."""
    return lambda session, brief_id: versions.download_brief(
        session=session, brief_id=brief_id, fmt=fmt, by=by, lang=lang)
