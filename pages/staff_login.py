"""Staff sign-in and sign-out."""

import streamlit as st

from engagement.services import staff
from pages._ui import browser_id, run, sign_in, sign_out, signed_in_user

user = signed_in_user()
if user is not None and st.session_state.pop("just_signed_in", False):
    # Straight to the role's own home, now that navigation lists its pages.
    home = "pages/board_home.py" if user.role in ("board", "evaluator") else \
        "pages/facilitator_dialogues.py"
    st.switch_page(home)
if user is not None:
    st.title("Sign out")
    st.write(f"You are signed in as **{user.username}** ({user.role}).")
    if st.button("Sign out", type="primary"):
        sign_out()
        st.rerun()
    st.stop()

st.title("Staff sign-in")
st.caption("For facilitators, governance board members, evaluators and administrators.")
if st.session_state.pop("signed_out_idle", False):
    st.info("You were signed out after 30 minutes without activity.")
if st.session_state.pop("signed_out_ended", False):
    st.info("You were signed out because your password was reset or your account was "
            "closed. Sign in again if you can.")
with st.form("sign-in"):
    username = st.text_input("Username", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    found = run(lambda s: staff.authenticate(session=s, username=username, password=password,
                                             browser=browser_id()))
    if found is not None:
        sign_in(found)
        st.session_state["just_signed_in"] = True
        st.rerun()
