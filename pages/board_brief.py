"""The governance brief for board members and evaluators: the version in force with its
downloads, earlier versions with what changed and why, and each decision beside the version
it cited."""

import streamlit as st

from engagement.services import brief_history as history
from pages._ui import (
    brief_file,
    choose_dialogue,
    db,
    download,
    plain,
    require,
)

FORMATS = (
    ("pdf", "Download PDF", "application/pdf"),
    ("html", "Download HTML", "text/html"),
    ("md", "Download Markdown", "text/markdown"),
)

user = require("view_board")
st.title("The brief")
dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()


def show_decisions(shown: tuple[history.DecisionView, ...]) -> None:
    if not shown:
        st.caption("No decision cites this version.")
    for decision in shown:
        st.markdown(f"**Decision, version {decision.version}: {decision.outcome}**")
        st.caption(decision.recorded)
        plain(decision.rationale)
        if decision.departure:
            st.markdown("Where it departs from what participants said, and why")
            plain(decision.departure)
        st.markdown("The findings it rests on")
        plain("\n".join(f"• {finding}" for finding in decision.findings))


with db() as session:
    found = history.brief_history(session=session, dialogue_id=dialogue.id, by=user)

current = found.current
if current is None:
    st.info("No brief is in force for this dialogue: a facilitator must sign one off.")
else:
    st.header(f"Version {current.version}, in force")
    st.caption(current.issued)
    stem = f"brief-{dialogue.slug}-v{current.version}"
    for column, (fmt, label, mime) in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        # The file is made on the click, by the use case that authorises and audits it.
        download(label, brief_file(fmt, user), current.id, file_name=f"{stem}.{fmt}",
                 mime=mime, key=f"brief-{fmt}", place=column)
    st.subheader("Summary")
    for sentence in current.sentences:
        plain(sentence)
    st.subheader("Decisions citing this version")
    show_decisions(current.decisions)

if found.earlier:
    st.header("Earlier versions")
    st.caption("Earlier versions cannot be downloaded. They are shown as they stand after any "
               "withdrawal: a withdrawn participant's words are taken out.")
for earlier in found.earlier:
    with st.expander(f"Version {earlier.version}, replaced"):
        st.caption(earlier.issued)
        if earlier.superseded:
            plain(f"Why it was replaced: {earlier.superseded}.")
        st.markdown("**What changed in the next version**")
        plain("\n".join(f"• {change}" for change in earlier.changes))
        st.markdown("**Its summary**")
        for sentence in earlier.sentences:
            plain(sentence)
        st.markdown("**Decisions citing this version**")
        show_decisions(earlier.decisions)
