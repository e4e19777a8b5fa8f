"""'You said, we did': what was heard and what was decided, for everyone (no sign-in), in
Welsh or English."""

import streamlit as st

from engagement import i18n
from engagement.brief import versions
from engagement.services import decisions, participation, public
from engagement.services.decisions import OUTCOME_LABELS
from engagement.staff_markdown import safe_staff_markdown
from pages._ui import _, content_in, db, plain, public_page, rendered_brief

lang = public_page()
st.title(_("You said, we did"))
st.write(_("What people told us in each public dialogue. Then what the governance board "
           "decided, and why."))

with db() as session:
    listed = versions.published_dialogues(session=session)
if not listed:
    st.info(_("No results have been published yet."))
    st.stop()
slugs = [d.slug for d in listed]
wanted = st.query_params.get("dialogue")
chosen = st.selectbox(_("Dialogue"), slugs, index=slugs.index(wanted) if wanted in slugs else 0,
                      format_func={d.slug: participation.in_language(d, "title", lang)[0]
                                   for d in listed}.get)
st.query_params["dialogue"] = chosen
dialogue = next(d for d in listed if d.slug == chosen)
with db() as session:
    results = public.public_results(session=session, dialogue_id=dialogue.id, lang=lang)
    decision = decisions.current_decision(session=session, dialogue_id=dialogue.id)
    in_force = versions.current_brief(session=session, dialogue_id=dialogue.id)

# The plain summary first, in the reader's language: the notice (if any), what was asked, who
# took part, what people agreed on and where they differed, how views moved and what was
# decided. (The statements it quotes are in the words their authors wrote.)
for paragraph in results.summary:
    if paragraph.text == results.notice:
        st.warning(_(results.notice))
        continue
    st.subheader(paragraph.heading)
    plain(paragraph.text)

st.header(_("What was proposed"))
proposed, proposed_lang = participation.in_language(dialogue, "proposed_use", lang)
if proposed_lang != lang:
    st.caption(_("This part is only available in English.") if proposed_lang == i18n.ENGLISH
               else _("This part is only available in Welsh."))
with content_in(proposed_lang, "proposed"):
    st.markdown(safe_staff_markdown(proposed))
st.markdown("**" + _("The question we asked") + "**")
question, question_lang = participation.in_language(dialogue, "question", lang)
with content_in(question_lang, "question"):
    plain(question)

st.header(_("What was decided"))
if decision is None:
    st.info(_("The governance board has not decided yet."))
else:
    st.subheader(_(OUTCOME_LABELS[decision.outcome]))
    st.caption(_(i18n.Text("Decided {date}; version {version}.",
                           date=i18n.format_date(decision.recorded_at, lang),
                           version=i18n.format_number(decision.version, lang))))
    st.markdown("**" + _("Why") + "**")
    with content_in(i18n.ENGLISH, "why"):  # the board's own words
        plain(decision.rationale)
    if decision.departure_explanation:
        st.markdown("**" + _("Where this differs from what participants said, and why") + "**")
        with content_in(i18n.ENGLISH, "departure"):
            plain(decision.departure_explanation)
    st.markdown("**" + _("The findings it rests on") + "**")
    with content_in(i18n.ENGLISH, "findings"):  # the brief's words
        plain("\n".join(f"• {finding}" for finding in decisions.cited_findings(
            decision, current=in_force)))

st.header(_("The full brief"))
st.write(_("The full brief is the report the governance board read. It has all the figures "
           "and the statements behind this summary."))
st.download_button(_("Download the full brief (web page)"),
                   rendered_brief(results.brief, "html", lang),
                   f"brief-{dialogue.slug}-v{results.version}.html", mime="text/html")
if results.attribution:
    with content_in(i18n.ENGLISH, "attribution"):
        st.caption(results.attribution)
