"""The dialogue picker the staff pages share."""

from __future__ import annotations

import streamlit as st

from engagement.services import dialogues, staff, synthetic
from pages._ui.database import db


def choose_dialogue(label: str = "Dialogue", *, key: str = "dialogue", by: staff.User):
    """A labelled dialogue picker shared by the staff pages; None when there are none."""
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
