"""What `streamlit run serve.py` serves: the app (streamlit_app.py) behind one middleware that
gives each browser its signed, HttpOnly sign-in key (engagement/browser_key.py), so that a
staff member stays signed in across a reload or an opened link. Streamlit's supported way to
add middleware (st.App); `streamlit run streamlit_app.py` still works, without kept sign-ins."""

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from engagement.browser_key import BrowserKeyMiddleware


def _cookie_secret() -> str:
    # The secret Streamlit signs its own cookies with: replicas share it (README).
    return config.get_option("server.cookieSecret")


app = st.App("streamlit_app.py",
             middleware=[Middleware(BrowserKeyMiddleware, secret=_cookie_secret)])
