"""'You said, we did': what was heard and what was decided, for everyone (no sign-in)."""

import streamlit as st

from engagement.brief import versions
from engagement.services import decisions, public
from engagement.services.decisions import OUTCOME_LABELS
from engagement.staff_markdown import safe_staff_markdown
from pages._ui import db, plain, rendered_brief

st.title("You said, we did")
st.write("What participants told us in each public dialogue, and what the governance board "
         "decided and why.")

with db() as session:
    listed = versions.published_dialogues(session=session)
if not listed:
    st.info("No results have been published yet.")
    st.stop()
slugs = [d.slug for d in listed]
wanted = st.query_params.get("dialogue")
chosen = st.selectbox("Dialogue", slugs, index=slugs.index(wanted) if wanted in slugs else 0,
                      format_func=lambda s: next(d.title for d in listed if d.slug == s))
st.query_params["dialogue"] = chosen
dialogue = next(d for d in listed if d.slug == chosen)
with db() as session:
    results = public.public_results(session=session, dialogue_id=dialogue.id)
    decision = decisions.current_decision(session=session, dialogue_id=dialogue.id)

if results.notice:
    st.warning(results.notice)
st.header("What was proposed")
st.markdown(safe_staff_markdown(dialogue.proposed_use))
st.header("What we heard")
if results.participants:
    st.caption(f"{results.participants} people took part.")
for sentence in results.sentences:
    plain(sentence)
st.caption("References such as [S12] point to the statements in the full brief.")
st.download_button("Download the full brief (web page)", rendered_brief(results.brief, "html"),
                   f"brief-{dialogue.slug}-v{results.version}.html", mime="text/html")

st.header("What was decided")
if decision is None:
    st.info("The governance board has not decided yet.")
else:
    st.subheader(OUTCOME_LABELS[decision.outcome])
    st.caption(f"Decided {decision.recorded_at:%d %B %Y}; version {decision.version}.")
    st.markdown("**Why**")
    plain(decision.rationale)
    if decision.departure_explanation:
        st.markdown("**Where this differs from what participants said, and why**")
        plain(decision.departure_explanation)
    st.markdown("**The findings it rests on**")
    plain(", ".join(decisions.cited_findings(decision)))
if results.attribution:
    st.caption(results.attribution)
