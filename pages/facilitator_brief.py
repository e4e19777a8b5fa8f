"""Sign off the governance brief: freeze the current analysis and produce the brief from it."""

import streamlit as st

from engagement.brief import versions
from engagement.services import notify
from engagement.ukdates import uk_datetime
from pages import _forms
from pages._ui import brief_file, choose_dialogue, db, download, require, run

user = require("facilitate")
st.title("Governance brief")
st.write(
    "Signing off freezes the current analysis of the votes. The brief is produced from that "
    "frozen analysis and never changes; if a participant later withdraws, a new version is "
    "produced without their answers."
)


dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()

with db() as session:
    warning = versions.sign_off_warning(session=session, dialogue_id=dialogue.id, by=user)
checked = st.checkbox(f"I have checked the analysis and sign this brief off as {user.username}",
                      key=_forms.key(f"sign-off-{dialogue.id}", "sure"))
while_open = False
if warning:
    st.warning(warning)
    while_open = st.checkbox("I understand the dialogue is still open and want to sign off now",
                             key=_forms.key(f"sign-off-{dialogue.id}", "while-open"))
ready = checked and (while_open or not warning)
if st.button("Sign off the brief", type="primary", disabled=not ready):
    with st.spinner("Freezing the analysis and writing the brief…"):
        # The use case refuses a sign-off without the check declared, and one of an open
        # dialogue without its confirmation; both are recorded in its audit row.
        brief = run(lambda s: versions.sign_off_brief(
            session=s, dialogue_id=dialogue.id, by=user, analysis_checked=checked,
            acknowledge_open=while_open), success="The brief is signed off.")
    if brief is not None:
        _forms.renew(f"sign-off-{dialogue.id}")
        st.rerun()

with db() as session:
    issued = versions.briefs_of(session=session, dialogue_id=dialogue.id, by=user)
if not issued:
    st.info("No brief has been signed off for this dialogue yet.")
    st.stop()

st.header("Versions")
for brief in issued:
    label = (f"Version {brief.version} · {brief.status} · {versions.issued_by(brief)} "
             f"on {uk_datetime(brief.signed_off_at)}")
    with st.expander(label, expanded=brief is issued[0]):
        if brief.superseded_reason:
            st.caption(f"Superseded: {brief.superseded_reason}")
        data = versions.brief_data(brief)
        stem = f"brief-{dialogue.slug}-v{brief.version}"
        cols = st.columns(3) if versions.downloadable(brief) else []
        for column, (fmt, label, mime) in zip(cols, (
            ("pdf", "Download PDF", "application/pdf"),
            ("html", "Download HTML", "text/html"),
            ("md", "Download Markdown", "text/markdown"),
        ), strict=False):
            # The file is made on the click, by the use case that authorises and audits it.
            download(label, brief_file(fmt, user), brief.id, file_name=f"{stem}.{fmt}",
                     mime=mime, key=f"brief-{fmt}", place=column)
        st.subheader("Summary")
        for sentence in data["summary"]["sentences"]:
            st.text(sentence["text"])

st.header("Outcome messages")
with db() as session:
    waiting = notify.outbox(session=session, dialogue_id=dialogue.id, by=user)
if notify.smtp_configured():
    st.caption("Email is configured: messages are sent when the board records a decision.")
st.write(f"{len(waiting)} message(s) waiting in the outbox.")
if waiting:
    # The addresses are made into a file on the click, by the use case that audits it.
    download("Export the outbox (CSV)",
             lambda s, dialogue_id: notify.export_outbox_csv(session=s, dialogue_id=dialogue_id,
                                                             by=user),
             dialogue.id, file_name=f"outbox-{dialogue.slug}.csv", mime="text/csv",
             key="outbox-csv")
