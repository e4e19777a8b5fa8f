"""The room's screen: the join code and QR code, people joined and votes so far, and where the
room agrees and divides, in large type for the back of a room. Every figure and text comes
from services/room.py (through the disclosure gate); statements are shown as plain text."""

import streamlit as st

from engagement.services.room import room_view
from pages._ui import choose_dialogue, require, require_in_fragment, run

REFRESH_SECONDS = 5

# Fixed styling only (no data in it): large type for the room's screen.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 1rem; }
.st-key-room [data-testid="stText"] {
  font-family: "Source Sans Pro", "Source Sans 3", Arial, sans-serif;
  white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.2;
}
.st-key-room-title [data-testid="stText"] { font-size: 44px; font-weight: 700; }
.st-key-room-join [data-testid="stText"], .st-key-room-link [data-testid="stText"],
.st-key-room-figures [data-testid="stText"] { font-size: 36px; }
.st-key-room-code [data-testid="stText"] {
  font-size: 120px; font-weight: 700; letter-spacing: 0.08em;
}
.st-key-room-figures .st-key-room-people [data-testid="stText"],
.st-key-room-figures .st-key-room-votes [data-testid="stText"] {
  font-size: 96px; font-weight: 700;
}
.st-key-room-agreed [data-testid="stText"],
.st-key-room-divided [data-testid="stText"] { font-size: 40px; margin-bottom: 0.4em; }
.st-key-room-note [data-testid="stText"] { font-size: 24px; color: #505a5f; }
.st-key-room-agreed h3, .st-key-room-divided h3 { font-size: 44px; }
</style>
"""

user = require("facilitate")
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
st.html(STYLE)
with st.sidebar:
    dialogue = choose_dialogue(by=user, key="room-dialogue")
if dialogue is None:
    st.stop()


def figure(key: str, value: int | None, label: str) -> None:
    with st.container(key=key):
        st.text("–" if value is None else f"{value:,}")
    st.text(label)


def statements(key: str, heading: str, items, describe, empty: str) -> None:
    with st.container(key=key):
        st.subheader(heading, anchor=False)
        if not items:
            st.text(empty)
        for item in items:
            st.text(f"{describe(item)}\n{item.text}")  # participants' words: plain text only


@st.fragment(run_every=REFRESH_SECONDS)
def room(dialogue_id: int) -> None:
    viewer = require_in_fragment("facilitate")  # every refresh: a sign-in can end meanwhile
    view = run(lambda s: room_view(session=s, dialogue_id=dialogue_id, by=viewer))
    if view is None:
        return
    with st.container(key="room"):
        with st.container(key="room-title"):
            st.text(view.title)
        join, code, figures = st.columns([3, 2, 2], gap="large")
        if view.taking_part:
            with join:
                with st.container(key="room-join"):
                    st.text("Join with the code")
                with st.container(key="room-code"):
                    st.text(view.join_code)
                with st.container(key="room-link"):
                    st.text(f"or scan the code, or go to\n{view.join_url}")
            code.image(view.qr_png, width=400,
                       alt=f"QR code of the address to join: {view.join_url}")
        else:
            with join, st.container(key="room-join"):
                st.text("This dialogue is not open to join now.")
        with figures, st.container(key="room-figures"):
            figure("room-people", view.people, "people joined")
            figure("room-votes", view.votes, "votes so far")
        agreed, divided = st.columns(2, gap="large")
        with agreed:
            statements("room-agreed", "The room agrees most", view.agreed,
                       lambda s: f"{s.agree_pct}% agree",
                       "Not enough votes yet.")
        with divided:
            statements("room-divided", "The room is most divided", view.divided,
                       lambda s: f"{s.agree_pct}% agree, {s.disagree_pct}% disagree",
                       "No statement divides the room yet.")
        with st.container(key="room-note"):
            st.text(f"Updates every {REFRESH_SECONDS} seconds. To protect privacy, numbers and "
                    f"shares that rest on fewer than {view.minimum} people are not shown.")


room(dialogue.id)
