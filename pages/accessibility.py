"""The accessibility statement: open to everyone, signed in or not, in Welsh or English."""

import streamlit as st

from engagement.accessibility import Organisation, statement
from pages._ui import _, escape_markdown, public_page

public_page()
title, sections = statement(Organisation.from_environment())
st.title(_(title))
for section in sections:
    if section.heading:
        st.header(_(section.heading))
    # The organisation's details come from the deployment's settings: shown as typed.
    for paragraph in section.paragraphs:
        st.markdown(escape_markdown(_(paragraph)))
    if section.items:
        st.markdown("\n".join(f"- {escape_markdown(_(item))}" for item in section.items))
