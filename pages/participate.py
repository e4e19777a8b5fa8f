"""The participant journey, one clear step at a time, in Welsh or English."""

import json
from collections.abc import Callable

import streamlit as st

from engagement import i18n
from engagement.errors import DomainError
from engagement.i18n import N_, Text
from engagement.services import dialogues, participation, privacy_notice
from engagement.services.participation import (
    CONFIDENCE,
    STAGE_TITLES,
    STEP_TITLES,
    SUPPORT,
    VOTE_WORDS,
    Dialogue,
    JourneyStep,
    Participant,
)
from engagement.staff_markdown import safe_staff_markdown
from pages._ui import (
    PAGE,
    VOTE,
    _,
    admitted,
    announce,
    browser_id,
    chosen_language,
    content_in,
    db,
    error,
    language,
    plain,
    public_page,
    set_language,
    show_flash,
)

# What a withdrawal deleted (participation.withdraw's kinds), in the reader's language.
DELETED_KINDS = (N_("votes on your statements"), N_("votes"), N_("statements"),
                 N_("positions"), N_("reflections"), N_("consent records"),
                 N_("outcome notifications"))
# Said where content is shown in the other language, because it was not written in the
# reader's (the note is in the reader's language).
ONLY_IN = {i18n.ENGLISH: N_("This part is only available in English."),
           i18n.WELSH: N_("This part is only available in Welsh.")}


def shown(item, name: str) -> tuple[str, str]:
    """A dialogue's text (or a statement's, a session's name) in the reader's language, else
    the other's."""
    return participation.in_language(item, name, language())


def staff_text(text: str, in_lang: str, key: str, *, bold: bool = False) -> None:
    """Staff-written markdown in the language it is written in, marked so, with a note when
    that is not the reader's."""
    if in_lang != language():
        st.caption(_(ONLY_IN[in_lang]))
    with content_in(in_lang, key):
        body = safe_staff_markdown(text)
        st.markdown(f"**{body}**" if bold else body)


def dialogue_text(dialogue: Dialogue, name: str, *, bold: bool = False) -> None:
    text, in_lang = shown(dialogue, name)
    staff_text(text, in_lang, name, bold=bold)


def remember(participant_id: int, resume_code: str) -> None:
    st.session_state["participant_id"] = participant_id
    st.session_state["resume_code"] = resume_code
    st.query_params["resume"] = resume_code  # a reload brings the participant back
    if chosen_language() is not None:  # and in the language chosen
        set_language(language())


def forget() -> None:
    for key in ("participant_id", "resume_code", "join_dialogue"):
        st.session_state.pop(key, None)
    st.query_params.pop("resume", None)


def act(action: Callable, then: Callable | None = None, success: str | None = None, *,
        priority: int = PAGE) -> None:
    """A button's callback: the use case runs before the page does, so the page shows where it
    leads in the same run (a second run per click cost the server as much again). A refusal
    waits in session state for the page to show where the participant is looking."""
    try:
        with admitted(priority), db() as session:
            result = action(session)
    except DomainError as err:
        st.session_state["journey_error"] = _(err.text)  # in the reader's language
        return
    if then is not None:
        then(result)
    if success:
        announce(_(success))


def show_outcome() -> None:
    """The refusal or thanks of the last click, once. (Its callback ran as this page started,
    after streamlit_app.py looked for a message.)"""
    if "journey_error" in st.session_state:
        error(st.session_state.pop("journey_error"))
    if "journey_warning" in st.session_state:
        st.warning(_(st.session_state.pop("journey_warning")), icon=":material/content_cut:")
    show_flash()


def current_participant() -> tuple[Participant, Dialogue] | None:
    code = st.session_state.get("resume_code") or st.query_params.get("resume")
    if not code:
        return None
    with db() as session:
        try:
            participant = participation.resume(session=session, resume_code=code)
        except DomainError:
            forget()
            return None
        dialogue = participation.dialogue_of(session=session, participant_id=participant.id)
    remember(participant.id, code)
    keep_language(participant)
    return participant, dialogue


def keep_language(participant: Participant) -> None:
    """The language comes back with the resume code: a visit that has not chosen one takes
    the participant's; a choice made in this visit is kept with the participant."""
    chosen = chosen_language()
    if chosen is None:
        set_language(participant.language)
    elif chosen != participant.language:
        with db() as session:
            participation.set_language(session=session, participant_id=participant.id,
                                       language=chosen)


def join_screen() -> None:
    st.title(_("Take part in a public dialogue"))
    st.write(_(
        "You have been invited to give your view on a proposed new use of genomic data. "
        "You take part without giving your name. It takes about 20 minutes."
    ))
    show_outcome()
    pending = st.session_state.get("join_dialogue") or dialogue_from_link()
    if pending is None:
        with st.form("join"):
            st.text_input(
                _("Join code"), value=st.query_params.get("join", ""), max_chars=20,
                help=_("The short code in your invitation, like INSURE."),
                key="join-code",
            )
            st.form_submit_button(_("Find my dialogue"), type="primary", on_click=find_dialogue)
        with st.expander(_("I have a resume code")):
            with st.form("resume"):
                st.text_input(_("Resume code"), help=_("For example ABCD-EFGH-JKMN."),
                              key="resume-code")
                st.form_submit_button(_("Continue where I left off"), on_click=resume_journey)
        return
    with db() as session:
        dialogue = participation.open_dialogue_for_code(session=session, join_code=pending)
        sessions = dialogues.sessions_of(session=session, dialogue_id=dialogue.id)
    title, title_lang = shown(dialogue, "title")
    with content_in(title_lang, "join-title"):
        st.header(safe_staff_markdown(title))  # h2 under the page title
    dialogue_text(dialogue, "question")
    with st.form("choose-session"):
        if sessions:
            names = {s.id: shown(s, "name") for s in sessions}
            if any(in_lang != language() for _name, in_lang in names.values()):
                st.caption(_(ONLY_IN[i18n.other(language())]))  # some names are not in Welsh
            st.radio(
                _("Which session are you taking part in?"),
                sessions,
                format_func=lambda s: safe_staff_markdown(
                    names[s.id][0] + (f" ({s.location})" if s.location else "")),
                key="join-session",
            )
        st.form_submit_button(_("Join this dialogue"), type="primary", on_click=join_dialogue,
                              args=(pending,))
    st.button(_("Use a different code"), on_click=st.session_state.pop,
              args=("join_dialogue", None))
    # Joining keeps a record under a random name: the notice is there to read before it.
    title, sections = privacy_notice.notice(privacy_notice.PrivacySettings.from_environment())
    with st.expander(_(title)):
        show_notice_sections(sections)


def dialogue_from_link() -> str | None:
    """The join code of the invitation link or the room's QR code (``?join=``), looked up as
    the page opens: the participant lands on their dialogue without a click (and the server
    saves a page run per arrival, docs/benchmarks.md). Tried once per visit, so that "Use a
    different code" or a refused code leaves the participant at the form."""
    linked = st.query_params.get("join")
    if not linked or st.session_state.get("join_link") == linked:
        return None
    st.session_state["join_link"] = linked
    try:
        with db() as session:
            dialogue = participation.open_dialogue_for_code(session=session, join_code=linked)
    except DomainError as err:
        error(err)  # the form below keeps the code to correct
        return None
    st.session_state["join_dialogue"] = dialogue.join_code
    return dialogue.join_code


def find_dialogue() -> None:
    code = st.session_state.get("join-code", "")
    act(lambda s: participation.open_dialogue_for_code(session=s, join_code=code),
        then=lambda dialogue: st.session_state.update(join_dialogue=dialogue.join_code))


def resume_journey() -> None:
    code = st.session_state.get("resume-code", "")
    act(lambda s: participation.resume(session=s, resume_code=code),
        then=lambda found: remember(found.id, code))


def join_dialogue(join_code: str) -> None:
    chosen = st.session_state.get("join-session")

    def joined(result) -> None:
        st.session_state.pop("join_dialogue", None)
        st.session_state["new_code"] = True
        remember(result.participant.id, result.resume_code)

    browser, lang = browser_id(), language()
    act(lambda s: participation.join(session=s, join_code=join_code,
                                     session_id=chosen.id if chosen else None, browser=browser,
                                     language=lang),
        then=joined)


def show_progress(step: JourneyStep) -> None:
    steps = list(STEP_TITLES)
    number = steps.index(step) + 1
    st.progress(number / len(steps), text=_(Text(
        "Step {number} of {total}: {title}", number=number, total=len(steps),
        title=Text(STEP_TITLES[step]))))


def consent_step(participant: Participant, dialogue: Dialogue) -> None:
    with db() as session:
        texts = dialogues.consent_wording(session=session, dialogue_id=dialogue.id)
    if participant.step != JourneyStep.CONSENT:
        st.info(_("The consent wording has changed since you last visited. Please read it "
                  "again."))
    show_privacy_notice()
    st.header(_("Your choices"))  # h2 under the page title: no level skipped
    st.write(_("Before you start, please tell us how we may use your answers."))
    wording = {name: i18n.pick(texts.in_language(name), language())
               for name in ("report", "quote", "notify")}
    if any(in_lang != language() for _text, in_lang in wording.values()):
        st.caption(_(ONLY_IN[i18n.other(language())]))
    with st.form("consent"):
        # Labels are markdown too (images included): staff-written, so made safe.
        for name, (text, in_lang) in wording.items():
            with content_in(in_lang, f"consent-{name}"):
                st.checkbox(safe_staff_markdown(text), key=f"consent-{name}")
        st.text_input(
            _("Email address for the outcome (only if you ticked the box above)"),
            help=_("Used only to tell you the outcome, then deleted. Deleted too if you "
                   "withdraw."),
            key="consent-email",
        )
        st.form_submit_button(_("Save my choices and continue"), type="primary",
                              on_click=give_consent, args=(participant.id,))


def show_privacy_notice() -> None:
    """Who holds the answers, why and for how long, and the participant's rights: read before
    they consent. The settings are the deployment's (environment variables)."""
    title, sections = privacy_notice.notice(privacy_notice.PrivacySettings.from_environment())
    with st.container(border=True):
        st.header(_(title))
        show_notice_sections(sections)


def show_notice_sections(sections) -> None:
    """The notice in the reader's language; a setting the deployment wrote itself (not the
    default) is shown as written."""
    for section in sections:
        st.markdown("**" + _(section.heading) + "**")
        for paragraph in section.paragraphs:
            st.text(_(paragraph))  # deployment settings: shown as written, never as markdown
        for item in section.items:
            st.text(f"• {_(item)}")


def give_consent(participant_id: int) -> None:
    chosen = st.session_state
    act(lambda s: participation.give_consent(
        session=s, participant_id=participant_id, report=chosen.get("consent-report", False),
        quote=chosen.get("consent-quote", False), notify=chosen.get("consent-notify", False),
        email=chosen.get("consent-email") or None,
    ))


def briefing_step(participant: Participant, dialogue: Dialogue) -> None:
    st.markdown("**" + _("The proposal:") + "**")
    dialogue_text(dialogue, "proposed_use")
    with st.container(border=True):
        dialogue_text(dialogue, "briefing")  # by staff: no remote content
    st.button(_("I have read the briefing"), type="primary", on_click=act, args=(
        lambda s: participation.mark_briefing_read(session=s, participant_id=participant.id),
    ))


def position_step(participant: Participant, dialogue: Dialogue, stage: str) -> None:
    if stage == "pre":
        st.write(_("Before you look at the statements, where do you stand?"))
    else:
        st.write(_("Now that you have taken part, where do you stand?"))
    dialogue_text(dialogue, "question", bold=True)
    # Labels translated now: Streamlit may call format_func outside this page's run.
    support = {n: _(label) for n, label in SUPPORT.items()}
    confidence = {n: _(label) for n, label in CONFIDENCE.items()}
    with st.form(f"position-{stage}"):
        st.radio(_("How far do you support the proposal?"), list(support),
                 format_func=support.get, index=None, horizontal=True,
                 key=f"support-{stage}")
        st.radio(_("How sure are you?"), list(confidence),
                 format_func=confidence.get, index=None, horizontal=True,
                 key=f"confidence-{stage}")
        st.form_submit_button(_("Save and continue"), type="primary", on_click=record_position,
                              args=(participant.id, stage))


def record_position(participant_id: int, stage: str) -> None:
    support = st.session_state.get(f"support-{stage}")
    confidence = st.session_state.get(f"confidence-{stage}")
    if support is None or confidence is None:
        st.session_state["journey_error"] = _("Please answer both questions.")
        return
    act(lambda s: participation.record_position(
        session=s, participant_id=participant_id, stage=stage, support=support,
        confidence=confidence,
    ))


def answer(participant_id: int, statement_id: int, value: str) -> None:
    if value == "skip":
        act(lambda s: participation.skip_statement(
            session=s, participant_id=participant_id, statement_id=statement_id),
            priority=VOTE)
    else:
        act(lambda s: participation.cast_vote(
            session=s, participant_id=participant_id, statement_id=statement_id, value=value),
            priority=VOTE)


@st.fragment
def voting_step(participant_id: int) -> None:
    """A fragment: a vote reruns only this step, not the whole page (the product's hot path;
    a full page run costs several times as much)."""
    if st.session_state.pop("left_voting", False):
        st.rerun()  # the whole page: the next step
    with admitted(VOTE):
        voting_view_and_buttons(participant_id)


def voting_view_and_buttons(participant_id: int) -> None:
    show_outcome()
    with db() as session:
        view = participation.voting_view(session=session, participant_id=participant_id)
    statement, progress = view.statement, view.progress
    lang = language()
    st.caption(_(Text("You have answered {voted} of {total} statements.",
                      voted=i18n.format_number(progress.voted, lang),
                      total=i18n.format_number(progress.total, lang))))
    if statement is None:
        st.success(_("You have seen every statement. Thank you."))
    else:
        st.write(_("Do you agree or disagree with this statement?"))
        text, in_lang = shown(statement, "text")
        if in_lang != lang and statement.origin == "seed":
            st.caption(_(ONLY_IN[in_lang]))
        with st.container(border=True), content_in(in_lang, f"statement-{statement.id}"):
            plain(text)  # a participant's own is in their words, whatever the language
        choices = ((_("Agree"), "agree"), (_("Disagree"), "disagree"),
                   (_("Pass / unsure"), "pass"), (_("Skip"), "skip"))
        with st.container(horizontal=True):  # one block, not five: fewer messages per vote
            for label, value in choices:
                st.button(label, key=f"vote-{value}-{statement.id}", width="stretch",
                          on_click=answer, args=(participant_id, statement.id, value))
        st.caption(_("Choose Pass if you are unsure or have no view. Skip moves on without "
                     "answering."))
    label = _("Continue") if statement is None else _("I have voted enough, continue")
    st.button(label, type="primary" if statement is None else "secondary",
              on_click=leave_voting, args=(participant_id,))


def leave_voting(participant_id: int) -> None:
    """The button's callback moves the participant on; the fragment run it starts then hands
    over to the whole page at once (voting_step), instead of drawing the voting step again
    first (docs/benchmarks.md, "Joining in a burst")."""
    act(lambda s: participation.finish_voting(session=s, participant_id=participant_id),
        then=lambda _moved: st.session_state.update(left_voting=True))


def own_statement_step(participant: Participant) -> None:
    st.write(_(
        "Is something missing? Add a statement of your own for others to vote on. "
        "A facilitator checks every statement before it is shown. Please don't include "
        "anything that could identify you or anyone else."
    ))
    with st.form("own-statement"):
        # No max_chars: the browser would drop a paste over the limit and leave the box
        # empty; a long text is cut to the limit when sent, with a message.
        st.text_area(_("Your statement"), key="own-statement-text",
                     help=_("One idea, in a sentence others can agree or disagree with. Up to "
                            "400 characters."))
        st.form_submit_button(_("Send my statement"), type="primary", on_click=send_statement,
                              args=(participant.id,))
    st.button(_("Skip this step"), on_click=act, args=(
        lambda s: participation.skip_own_statement(session=s, participant_id=participant.id),
    ))


def fits(key: str, fit: Callable) -> bool:
    """Cut the text of widget ``key`` to its limit if it is over it, and say so; True when
    it already fitted (and can be sent)."""
    fitted = fit(st.session_state.get(key, ""))
    if fitted.message is None:
        return True
    st.session_state[key] = fitted.text  # a callback runs before the widget: allowed
    st.session_state["journey_warning"] = _(fitted.message)  # in the reader's language
    return False


def send_statement(participant_id: int) -> None:
    if fits("own-statement-text", participation.fit_statement):
        act(lambda s: participation.add_statement(
            session=s, participant_id=participant_id,
            text=st.session_state.get("own-statement-text", "")),
            success=_("Thank you: your statement will be checked by a facilitator."))


def save_reflection(participant_id: int) -> None:
    if fits("reflection-text", participation.fit_reflection):
        act(lambda s: participation.save_reflection(
            session=s, participant_id=participant_id,
            text=st.session_state.get("reflection-text", "")), success=_("Saved."))


def reflection_step(participant: Participant, dialogue: Dialogue) -> None:
    dialogue_text(dialogue, "reflection_question", bold=True)
    with st.form("reflection"):
        st.text_area(_("Your answer (optional)"), key="reflection-text",
                     help=_("Up to 2,000 characters."))
        st.form_submit_button(_("Save and continue"), type="primary", on_click=save_reflection,
                              args=(participant.id,))


def done_step(participant: Participant) -> None:
    st.success(_("Thank you for taking part. Your answers have been recorded."))
    with db() as session:
        answers = participation.my_answers(session=session, participant_id=participant.id)
    if answers.can_change:
        st.write(_(
            "The governance board will read a report of this dialogue before it decides. "
            "Keep your resume code. With it you can come back, change your answers while the "
            "dialogue is open, or withdraw."
        ))
    else:
        st.write(_(
            "The governance board will read a report of this dialogue before it decides. "
            "The dialogue is no longer open, so answers cannot be changed. Keep your resume "
            "code: with it you can come back to see everything we hold about you, or withdraw."
        ))
    show_resume_code()
    if answers.can_change:
        review_answers(participant.id, answers)


SAVE_VIEW = {"pre": N_("Save my view before"), "post": N_("Save my view now")}


def review_answers(participant_id: int, answers: participation.MyAnswers) -> None:
    """Change a view or a vote while the dialogue is open (the same use cases as the
    journey's, which refuse once it has closed)."""
    st.header(_("Review my answers"))
    st.write(_("You can change any of these while the dialogue is open."))
    # Labels translated now: Streamlit may call format_func outside this page's run.
    support = {n: _(label) for n, label in SUPPORT.items()}
    confidence = {n: _(label) for n, label in CONFIDENCE.items()}
    vote_words = {value: _(label) for value, label in VOTE_WORDS.items()}
    for position in answers.positions:
        with st.form(f"review-position-{position.stage}"):
            st.markdown("**" + _(STAGE_TITLES[position.stage]) + "**")
            st.radio(_("How far do you support the proposal?"), list(support),
                     format_func=support.get, index=position.support - 1, horizontal=True,
                     key=f"review-support-{position.stage}")
            st.radio(_("How sure are you?"), list(confidence), format_func=confidence.get,
                     index=position.confidence - 1, horizontal=True,
                     key=f"review-confidence-{position.stage}")
            st.form_submit_button(_(SAVE_VIEW[position.stage]), on_click=change_position,
                                  args=(participant_id, position.stage))
    if not answers.votes:
        return
    with st.form("review-votes"):
        st.markdown("**" + _("Your votes") + "**")
        total = len(answers.votes)
        for number, vote in enumerate(answers.votes, start=1):
            st.markdown("**" + _(Text("Statement {number} of {total}", number=number,
                                      total=total)) + "**")
            text, in_lang = vote.in_language(language())
            with content_in(in_lang, f"review-{vote.statement_id}"):
                plain(text)
            if vote.changeable:
                # Named by its number: participant text is never a label (labels are markdown)
                st.radio(_(Text("Your vote on statement {number} of {total}", number=number,
                                total=total)), list(vote_words),
                         format_func=vote_words.get,
                         index=list(VOTE_WORDS).index(vote.vote), horizontal=True,
                         key=f"review-vote-{vote.statement_id}")
            else:
                st.caption(_("This statement is no longer open for votes, so your vote on it "
                             "cannot be changed."))
        st.form_submit_button(_("Save my votes"), on_click=change_votes,
                              args=(participant_id, answers.votes))


def change_position(participant_id: int, stage: str) -> None:
    support = st.session_state.get(f"review-support-{stage}")
    confidence = st.session_state.get(f"review-confidence-{stage}")
    act(lambda s: participation.record_position(
        session=s, participant_id=participant_id, stage=stage, support=support,
        confidence=confidence), success=_("Your view is saved."))


def change_votes(participant_id: int, given: tuple) -> None:
    changed = {
        vote.statement_id: chosen for vote in given if vote.changeable
        and (chosen := st.session_state.get(f"review-vote-{vote.statement_id}")) != vote.vote
    }
    if not changed:
        announce(_("You have not changed any votes."))
        return

    def save(session) -> None:
        for statement_id, value in changed.items():
            participation.cast_vote(session=session, participant_id=participant_id,
                                    statement_id=statement_id, value=value)

    act(save, success=_("Your votes are saved."))


def closed_step() -> None:
    """A participant who comes back part-way after the dialogue has closed: no step is
    offered that would be refused."""
    st.info(_(
        "This dialogue is no longer taking answers, so you cannot carry on. Thank you for "
        "the answers you gave. You can still see everything we hold about you, or withdraw."
    ))


def show_resume_code() -> None:
    st.markdown("**" + _("Your personal resume code") + "**")
    st.code(st.session_state.get("resume_code", ""), language=None)


def withdraw_panel(participant: Participant) -> None:
    with st.expander(_("See or download everything we hold about you")):
        # Read only when asked: an expander's body runs on every page run, open or not.
        if st.toggle(_("Show everything we hold about me"), key="show-my-data"):
            with db() as session:
                held = participation.my_data(session=session, participant_id=participant.id)
            show_my_data(held)
            st.download_button(_("Download my data (JSON)"), json.dumps(held, indent=2),
                               "my-dialogue-data.json", mime="application/json")
    with st.expander(_("Withdraw from this dialogue")):
        st.write(_(
            "If you withdraw, we delete everything you gave in this dialogue: your votes, "
            "statements, views and reflection. You cannot undo this."
        ))
        sure = st.checkbox(_("I understand and want to withdraw"), key="withdraw-sure")
        st.button(_("Withdraw and delete my answers"), disabled=not sure, on_click=act, args=(
            lambda s: participation.withdraw(session=s, participant_id=participant.id),
            withdrawn,
        ))


# The app's own words among the values of the held data (a step, a view, a vote, what
# happened to a statement): shown in the reader's language. Any other value is what someone
# wrote, or a date, and is shown as it is.
VOCABULARY = frozenset({*STEP_TITLES.values(), *STAGE_TITLES.values(), *SUPPORT.values(),
                        *CONFIDENCE.values(), *VOTE_WORDS.values(),
                        *participation.STATUS_WORDS.values(), "Yes", "No", "None chosen",
                        "To tell you the outcome; we delete it once we have told you"})
# Columns and rows that hold what people wrote: never translated, even if they match a word.
PEOPLES_WORDS = frozenset({"Statement", "Your statement", "Your answer", "Dialogue",
                           "Your session", "The random name we file your answers under",
                           "Email address"})


def _value(label: str, value: object) -> str:
    if label not in PEOPLES_WORDS and value in VOCABULARY:
        return _(value)
    return str(value)


def show_my_data(held: dict) -> None:
    """Each section in plain words; their own text shown exactly as typed (st.text: never
    markdown, which st.table would render)."""
    for section in participation.readable_data(held, lang=language()):
        st.markdown("**" + _(section.heading) + "**")
        if not section.rows:
            st.text(_(section.empty))
        if section.rows and not section.columns:  # pairs of what and detail
            with st.container(border=True):
                for what, detail in section.rows:
                    st.text(f"{_(what)}: {_value(what, detail)}")
        for row in section.rows if section.columns else ():
            with st.container(border=True):
                for column, value in zip(section.columns, row, strict=True):
                    st.text(f"{_(column)}: {_value(column, value)}")


def end_visit_panel(participant: Participant) -> None:
    with st.expander(_("Using a shared device? End your visit")):
        st.write(_(
            "Ending your visit gives you a new resume code and stops the old one from working. "
            "Then the next person to use this device cannot open your answers from the address "
            "bar or the browser's history. Write the new code down before you leave."
        ))
        st.button(_("End my visit on this device"), on_click=act, args=(
            lambda s: participation.end_visit(session=s, participant_id=participant.id),
            visit_ended,
        ))


def visit_ended(new_code: str) -> None:
    forget()
    st.session_state["visit_ended_code"] = new_code


def show_visit_ended() -> None:
    """The new resume code, once: it is not kept anywhere this device can show again."""
    new_code = st.session_state.pop("visit_ended_code")
    st.title(_("Your visit has ended"))
    st.success(_("Your old resume code no longer works."))
    st.write(_(
        "This is your new resume code. Write it down now: it will not be shown again. With it "
        "you can come back to your answers from any device."
    ))
    st.code(new_code, language=None)
    st.button(_("I have written it down"), type="primary")


def withdrawn(deleted: dict[str, int]) -> None:
    forget()
    st.session_state["withdrawn"] = deleted


def journey() -> None:
    ending = "withdrawn" in st.session_state or "visit_ended_code" in st.session_state
    # Who is taking part first: their resume code brings back their language, which the
    # switch then shows.
    found = None if ending else current_participant()
    public_page()  # the language switch, and the page marked with its language
    if "withdrawn" in st.session_state:
        deleted = st.session_state.pop("withdrawn")
        st.title(_("You have withdrawn"))
        st.success(_("Your answers have been deleted and will not be used."))
        st.write(_("What we deleted:"))
        st.table({_("Kind"): [_(kind) for kind in deleted],
                  _("Number deleted"): list(deleted.values())})
        return
    if "visit_ended_code" in st.session_state:
        show_visit_ended()
        return
    if found is None:
        join_screen()
        return
    participant, dialogue = found
    title, title_lang = shown(dialogue, "title")
    with content_in(title_lang, "title"):
        st.title(safe_staff_markdown(title))
    if title_lang != language():
        st.caption(_(ONLY_IN[title_lang]))
    with db() as session:
        must_consent = participation.needs_consent(session=session, participant=participant)
        taking = participation.taking_answers(session=session, participant_id=participant.id)
    step = JourneyStep.CONSENT if must_consent else JourneyStep(participant.step)
    show_progress(step)
    show_outcome()
    if st.session_state.pop("new_code", False):
        st.info(_(
            "Your resume code is shown below. Write it down: it is the only way back to your "
            "answers from another device, and nobody else can see it."
        ))
        show_resume_code()
    if step not in (JourneyStep.CONSENT, JourneyStep.DONE) and not taking:
        closed_step()
    elif step == JourneyStep.CONSENT:
        consent_step(participant, dialogue)
    elif step == JourneyStep.BRIEFING:
        briefing_step(participant, dialogue)
    elif step == JourneyStep.POSITION_PRE:
        position_step(participant, dialogue, "pre")
    elif step == JourneyStep.VOTING:
        voting_step(participant.id)
    elif step == JourneyStep.OWN_STATEMENT:
        own_statement_step(participant)
    elif step == JourneyStep.REFLECTION:
        reflection_step(participant, dialogue)
    elif step == JourneyStep.POSITION_POST:
        position_step(participant, dialogue, "post")
    else:
        done_step(participant)
    st.divider()
    end_visit_panel(participant)
    withdraw_panel(participant)


journey()
