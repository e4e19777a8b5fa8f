"""The accessibility statement: open to everyone, signed in or not."""

import streamlit as st

from engagement.accessibility import Organisation, statement
from pages._ui import escape_markdown

title, sections = statement(Organisation.from_environment())
st.title(title)
for section in sections:
    if section.heading:
        st.header(section.heading)
    # The organisation's details come from the deployment's settings: shown as typed.
    for paragraph in section.paragraphs:
        st.markdown(escape_markdown(paragraph))
    if section.items:
        st.markdown("\n".join(f"- {escape_markdown(item)}" for item in section.items))
