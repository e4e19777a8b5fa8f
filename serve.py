"""What `streamlit run serve.py` serves: the app (streamlit_app.py) behind one middleware that
gives each browser its signed, HttpOnly sign-in key (engagement/browser_key.py), so that a
staff member stays signed in across a reload or an opened link. Streamlit's supported way to
add middleware (st.App); `streamlit run streamlit_app.py` still works, without kept sign-ins."""

import sys

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from engagement.browser_key import BrowserKeyMiddleware

# A setting of the whole process, so it is made where the process starts (this module is
# imported once, before any page runs). Every session's script runs in a thread of this one
# process. A thread back from the database or a socket must win the GIL from busy threads,
# which by default can take 5 ms per wait, and a page run waits dozens of times. Measured with
# bench/load.py, 300 participants: median vote 192 ms at the default, 47 ms at 0.5 ms
# (docs/benchmarks.md). `streamlit run streamlit_app.py` (development) runs without it.
sys.setswitchinterval(0.0005)


def _cookie_secret() -> str:
    # The secret Streamlit signs its own cookies with: replicas share it (README).
    return config.get_option("server.cookieSecret")


app = st.App("streamlit_app.py",
             middleware=[Middleware(BrowserKeyMiddleware, secret=_cookie_secret)])
