"""The participant journey: join, consent, brief, position, vote, contribute, reflect, withdraw."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engagement import audit, i18n, lineage, vote_store
from engagement.actors import SYSTEM_WITHDRAWAL
from engagement.brief import versions
from engagement.brief.summary import SummaryCheckFailed
from engagement.db import transaction
from engagement.errors import Conflict, DomainError, InvalidInput, NotFound
from engagement.i18n import N_, Text
from engagement.models import (
    Consent,
    Dialogue,
    DialogueSession,
    DialogueStatus,
    JourneyStep,
    ModerationStatus,
    Notification,
    NotificationContact,
    Participant,
    Position,
    PositionStage,
    Reflection,
    Statement,
    StatementOrigin,
    Vote,
    VoteValue,
    utcnow,
)
from engagement.privacy.redaction import redact
from engagement.security import canonical_code, hash_resume_code, new_pseudonym, new_resume_code
from engagement.services import _throttle, exports, routing
from engagement.services._lookup import (
    active_participant,
    check_id,
    dialogue_by_id,
    require_open,
)
from engagement.services.dialogues import consent_wording
from engagement.text import (
    REFLECTION_MAX_CHARS,
    STATEMENT_MAX_CHARS,
    clean_text,
    cut_to_limit,
    normalise_statement,
)
from engagement.ukdates import uk_datetime
from engagement.withdrawal_register import register_withdrawal

STEPS = list(JourneyStep)
# The journey asks for one statement; a few more are welcome, a flood is not.
MAX_STATEMENTS_PER_PARTICIPANT = 5
# Joins from one browser session: a shared device in a workshop joins once per person, a
# script joining over and over fills the dialogue with empty participants.
JOINS_BY_BROWSER = _throttle.Limit(
    "join-browser", attempts=20, window=timedelta(hours=1), block=timedelta(hours=1)
)
VOTE_NAMES = {"agree": VoteValue.AGREE, "disagree": VoteValue.DISAGREE, "pass": VoteValue.PASS}
# What each answer is called on the participant's screens (one home: the journey, the review
# of answers and the readable copy of their data all use these).
# Marked for the catalogue: the participant page shows them in the reader's language.
VOTE_WORDS = {"agree": N_("Agree"), "disagree": N_("Disagree"), "pass": N_("Pass / unsure")}
SUPPORT = {1: N_("Strongly oppose"), 2: N_("Oppose"), 3: N_("Unsure"), 4: N_("Support"),
           5: N_("Strongly support")}
CONFIDENCE = {1: N_("Not at all sure"), 2: N_("Not very sure"), 3: N_("Fairly sure"),
              4: N_("Sure"), 5: N_("Very sure")}
STEP_TITLES = {
    JourneyStep.CONSENT: N_("Your consent"),
    JourneyStep.BRIEFING: N_("The briefing"),
    JourneyStep.POSITION_PRE: N_("Your view before"),
    JourneyStep.VOTING: N_("Statements"),
    JourneyStep.OWN_STATEMENT: N_("Your own statement"),
    JourneyStep.REFLECTION: N_("Your reflection"),
    JourneyStep.POSITION_POST: N_("Your view now"),
    JourneyStep.DONE: N_("Thank you"),
}
STAGE_TITLES = {PositionStage.PRE: N_("Your view before"), PositionStage.POST: N_("Your view now")}
STATUS_WORDS = {
    ModerationStatus.PENDING: N_("A facilitator has not checked it yet"),
    ModerationStatus.ACCEPTED: N_("Shown to other participants to vote on"),
    ModerationStatus.REJECTED: N_("Not shown to other participants"),
}


@dataclass(frozen=True)
class Joined:
    participant: Participant
    resume_code: str  # shown once to the participant; only its hash is stored


@dataclass(frozen=True)
class VotingProgress:
    voted: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.voted


def _participant_actor(participant: Participant) -> str:
    return "participant"  # never the pseudonym: the audit log must not follow one person


def _advance(participant: Participant, reached: JourneyStep) -> None:
    """Move forward to ``reached`` (never backwards: a resumed participant keeps their place)."""
    if STEPS.index(reached) > STEPS.index(JourneyStep(participant.step)):
        participant.step = reached


@dataclass(frozen=True)
class Fitted:
    """Typed text made to fit its limit: ``message`` says what was cut (None if nothing)."""

    text: str
    message: Text | None = None  # shown in the reader's language


def fit_statement(text: object) -> Fitted:
    """A statement longer than the limit (a long paste) is cut to it, to be checked and sent
    again, instead of being refused and lost."""
    cut = cut_to_limit(text, max_chars=STATEMENT_MAX_CHARS)
    if cut is None:
        return Fitted(text if isinstance(text, str) else "")
    return Fitted(cut, Text(
        "Your statement was longer than {limit} characters, so we have cut it to fit. Please "
        "check the end still says what you mean, then send it.", limit=STATEMENT_MAX_CHARS,
    ))


def fit_reflection(text: object) -> Fitted:
    """As ``fit_statement``, for the reflection."""
    cut = cut_to_limit(text, max_chars=REFLECTION_MAX_CHARS, multiline=True)
    if cut is None:
        return Fitted(text if isinstance(text, str) else "")
    return Fitted(cut, Text(
        "Your answer was longer than {limit} characters, so we have cut it to fit. Please "
        "check the end still says what you mean, then save it.", limit=REFLECTION_MAX_CHARS,
    ))


def open_dialogue_for_code(*, session: Session, join_code: str) -> Dialogue:
    code = canonical_code(join_code or "")
    if not code:
        raise InvalidInput(Text("Please type the join code you were given."))
    dialogue = session.exec(select(Dialogue).where(Dialogue.join_code == code)).first()
    if dialogue is None:
        raise NotFound(Text(
            "No dialogue has the join code {code}. Please check it and try again.", code=code))
    if dialogue.status != DialogueStatus.OPEN:
        raise Conflict(Text("The dialogue '{title}' is not open for answers at the moment.",
                            title=dialogue.title))
    return dialogue


def join(
    *, session: Session, join_code: str, session_id: int | None = None,
    browser: str | None = None, language: str = i18n.DEFAULT,
) -> Joined:
    """A new pseudonymous participant; no name, no account. ``browser``: the random id of
    the browser session joining (the page's), limited to ``JOINS_BY_BROWSER``. ``language``:
    the one they read in (en or cy), which their resume code brings back."""
    with transaction(session):
        now = utcnow()
        if browser is not None and _throttle.is_blocked(session, JOINS_BY_BROWSER, browser, now):
            raise Conflict(
                Text("This browser has joined many times in a short while. Please try again in an "
                "hour, or ask a facilitator for help.")
            )
        dialogue = open_dialogue_for_code(session=session, join_code=join_code)
        if session_id is not None:
            chosen = session.get(DialogueSession, check_id(session_id, "session"))
            if chosen is None or chosen.dialogue_id != dialogue.id:
                raise InvalidInput(Text("Please choose one of this dialogue's sessions."))
        code = new_resume_code()
        participant = Participant(
            dialogue_id=dialogue.id,
            session_id=session_id,
            pseudonym=new_pseudonym(),
            resume_code_hash=hash_resume_code(code),
            language=i18n.language(language),
        )
        session.add(participant)
        session.flush()
        if browser is not None:
            _throttle.record(session, JOINS_BY_BROWSER, browser, now)
    return Joined(participant=participant, resume_code=code)


def resume(*, session: Session, resume_code: str) -> Participant:
    if not canonical_code(resume_code or ""):
        raise InvalidInput(Text("Please type your resume code."))
    participant = session.exec(
        select(Participant).where(Participant.resume_code_hash == hash_resume_code(resume_code))
    ).first()
    if participant is None:
        raise NotFound(
            Text("That resume code does not match anyone taking part. Check it, or join again.")
        )
    return participant


def set_language(*, session: Session, participant_id: int, language: str) -> Participant:
    """Keep the language the participant chose (en or cy, anything else is English) with
    them, so that their resume code brings it back on another device."""
    with transaction(session):
        participant = active_participant(session, participant_id)
        participant.language = i18n.language(language)
        session.add(participant)
    return participant


# The texts of a dialogue a participant reads, each written in English and, optionally, Welsh.
DIALOGUE_TEXTS = ("title", "proposed_use", "question", "briefing", "reflection_question")


def in_language(item: Dialogue | Statement | DialogueSession, name: str,
                lang: str) -> tuple[str, str]:
    """A dialogue's text (or a statement's ``text``, a session's ``name``) for a reader of
    ``lang``: theirs when written, else the other language's. Returns the text and the
    language it is in. A statement's words are what anyone but its author sees
    (``public_text``)."""
    if isinstance(item, Statement):
        return i18n.pick({i18n.ENGLISH: public_text(item), i18n.WELSH: item.text_cy}, lang)
    if isinstance(item, DialogueSession):
        return i18n.pick({i18n.ENGLISH: item.name, i18n.WELSH: item.name_cy or ""}, lang)
    if name not in DIALOGUE_TEXTS:
        raise InvalidInput(Text("A dialogue has no text called {name}.", name=name))
    return i18n.pick({i18n.ENGLISH: getattr(item, name),
                      i18n.WELSH: getattr(item, f"{name}_cy")}, lang)


def dialogue_of(*, session: Session, participant_id: int) -> Dialogue:
    """The dialogue the participant takes part in."""
    participant = session.get(Participant, check_id(participant_id, "participant"))
    if participant is None:
        raise NotFound(Text("We could not find your place in this dialogue."))
    return session.get(Dialogue, participant.dialogue_id)


def end_visit(*, session: Session, participant_id: int) -> str:
    """For a shared device: a new resume code replaces the old one, so that the link left in
    the address bar or the browser's history no longer opens this participant's answers.
    Returns the new code, to be shown to them once; only its hash is stored."""
    with transaction(session):
        participant = active_participant(session, participant_id, lock=True)
        code = new_resume_code()
        participant.resume_code_hash = hash_resume_code(code)
        session.add(participant)
    return code


def current_consent(*, session: Session, participant_id: int) -> Consent | None:
    return session.exec(
        select(Consent)
        .where(Consent.participant_id == participant_id)
        .order_by(col(Consent.id).desc())
        .limit(1)
    ).first()


def needs_consent(*, session: Session, participant: Participant) -> bool:
    """True before consent, and again when the dialogue's consent text has a newer version."""
    consent = current_consent(session=session, participant_id=participant.id)
    dialogue = session.get(Dialogue, participant.dialogue_id)
    return consent is None or not consent.report or consent.version < dialogue.consent_version


EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]{2,}$")


def _check_email(email: object) -> str:
    if not isinstance(email, str) or not EMAIL.match(email.strip()) or len(email) > 254:
        raise InvalidInput(
            Text("To hear the outcome, please give an email address, like name@example.org.")
        )
    return email.strip()


def give_consent(
    *,
    session: Session,
    participant_id: int,
    report: bool,
    quote: bool,
    notify: bool,
    email: str | None = None,
) -> Consent:
    if report is not True:
        raise InvalidInput(
            Text("To take part we need your agreement that your answers can be used in the report. "
            "Without it we cannot record your answers; you are free to leave.")
        )
    address = _check_email(email) if notify else None
    with transaction(session):
        participant = active_participant(session, participant_id)
        dialogue = dialogue_by_id(session, participant.dialogue_id)
        consent = Consent(
            participant_id=participant.id,
            version=dialogue.consent_version,
            report=True,
            quote=bool(quote),
            notify=bool(notify),
        )
        session.add(consent)
        _keep_contact(session, participant.id, address)
        _advance(participant, JourneyStep.BRIEFING)
        session.add(participant)
    return consent


def _keep_contact(session: Session, participant_id: int, email: str | None) -> None:
    """Hold an address only while the participant wants to hear the outcome."""
    contact = session.exec(
        select(NotificationContact).where(NotificationContact.participant_id == participant_id)
    ).first()
    if email is None:
        if contact is not None:
            session.delete(contact)
        return
    contact = contact or NotificationContact(participant_id=participant_id, email=email)
    contact.email = email
    session.add(contact)


def _consented_participant(session: Session, participant_id: int) -> Participant:
    """For writes: the participant's row is locked until the transaction ends."""
    participant = active_participant(session, participant_id, lock=True)
    if needs_consent(session=session, participant=participant):
        raise Conflict(Text("Please give your consent before answering."))
    return participant


def _move_on(session: Session, participant_id: int, step: JourneyStep) -> Participant:
    """A step that records nothing but that the participant has moved past it."""
    with transaction(session):
        participant = _consented_participant(session, participant_id)
        _advance(participant, step)
        session.add(participant)
    return participant


def mark_briefing_read(*, session: Session, participant_id: int) -> Participant:
    return _move_on(session, participant_id, JourneyStep.POSITION_PRE)


def _check_scale(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidInput(Text("Please choose your {what} on the scale from 1 to 5.",
                                what=Text(what)))
    return value


def record_position(
    *, session: Session, participant_id: int, stage: str, support: int, confidence: int
) -> Position:
    try:
        stage = PositionStage(stage)
    except ValueError:
        raise InvalidInput(Text(
            "A view is given before ('pre') or after ('post').")) from None
    support = _check_scale(support, N_("level of support"))
    confidence = _check_scale(confidence, N_("confidence"))
    with transaction(session):
        participant = _consented_participant(session, participant_id)
        require_open(dialogue_by_id(session, participant.dialogue_id))
        position = session.exec(
            select(Position).where(
                Position.participant_id == participant.id, Position.stage == stage
            )
        ).first() or Position(
            participant_id=participant.id,
            dialogue_id=participant.dialogue_id,
            stage=stage,
            support=support,
            confidence=confidence,
        )
        position.support, position.confidence = support, confidence
        session.add(position)
        reached = JourneyStep.VOTING if stage == PositionStage.PRE else JourneyStep.DONE
        _advance(participant, reached)
        session.add(participant)
    return position


def _taking_answers(session: Session, participant: Participant) -> bool:
    """Answers can be given or changed: the dialogue is open and the consent in force covers
    the current wording (the participant is not withdrawn: ``active_participant`` checks)."""
    dialogue = dialogue_by_id(session, participant.dialogue_id)
    return dialogue.status == DialogueStatus.OPEN and not needs_consent(
        session=session, participant=participant)


def taking_answers(*, session: Session, participant_id: int) -> bool:
    """Whether this participant may give or change answers now (what the journey offers)."""
    return _taking_answers(session, active_participant(session, participant_id))


@dataclass(frozen=True)
class GivenVote:
    statement_id: int
    text: str  # as others see it
    vote: str  # a key of VOTE_NAMES
    changeable: bool  # the statement is still open for votes
    text_cy: str = ""  # a seed statement's Welsh ("" when none)

    def in_language(self, lang: str) -> tuple[str, str]:
        """The statement's words for a reader of ``lang`` and the language they are in."""
        return i18n.pick({i18n.ENGLISH: self.text, i18n.WELSH: self.text_cy}, lang)


@dataclass(frozen=True)
class GivenPosition:
    stage: str
    support: int
    confidence: int


@dataclass(frozen=True)
class MyAnswers:
    """A participant's votes and positions, for them to review; ``can_change`` is False once
    the dialogue is no longer open (nothing may then be changed)."""

    can_change: bool
    positions: tuple[GivenPosition, ...]
    votes: tuple[GivenVote, ...]


def my_answers(*, session: Session, participant_id: int) -> MyAnswers:
    participant = active_participant(session, participant_id)
    names = {int(v): k for k, v in VOTE_NAMES.items()}
    can_change = _taking_answers(session, participant)
    votes = tuple(
        GivenVote(statement.id, public_text(statement), names[vote.value],
                  can_change and statement.status == ModerationStatus.ACCEPTED,
                  statement.text_cy)
        for vote, statement in session.exec(
            select(Vote, Statement).join(Statement, Statement.id == Vote.statement_id)
            .where(Vote.participant_id == participant.id).order_by(Vote.id))
    )
    positions = tuple(
        GivenPosition(PositionStage(p.stage), p.support, p.confidence)
        for p in sorted(session.exec(select(Position).where(
            Position.participant_id == participant.id)), key=lambda p: p.stage != "pre")
    )
    return MyAnswers(can_change, positions, votes)


def _skipped(participant: Participant) -> set[int]:
    return set(json.loads(participant.skipped)) if participant.skipped else set()


@dataclass(frozen=True)
class VotingView:
    """What the voting step shows: the next statement (None when none is left) and progress."""

    statement: Statement | None
    progress: VotingProgress


def voting_view(*, session: Session, participant_id: int) -> VotingView:
    """The next accepted statement this participant has neither answered nor skipped, and how
    far they are. Runs on every vote, so it reads ids and the participant's own votes (adaptive
    routing weighs by them), the latest snapshot's id (its priorities and group profiles are
    cached per process) and loads one statement."""
    participant = active_participant(session, participant_id)
    open_ids = [
        statement_id
        for statement_id, author in session.exec(
            select(Statement.id, Statement.author_participant_id).where(
                Statement.dialogue_id == participant.dialogue_id,
                Statement.status == ModerationStatus.ACCEPTED,
            )
        )
        if author != participant.id
    ]
    answers = dict(session.exec(
        select(Vote.statement_id, Vote.value).where(Vote.participant_id == participant.id)
    ).all())
    answered = set(answers)
    progress = VotingProgress(voted=len(answered.intersection(open_ids)), total=len(open_ids))
    excluded = answered | _skipped(participant)
    candidates = [statement_id for statement_id in open_ids if statement_id not in excluded]
    if not candidates:
        return VotingView(statement=None, progress=progress)
    # Drawn by the priorities of the latest analysis snapshot (Pol.is style), adapted to what
    # this participant's answers so far say about their opinion group, each participant with
    # their own seed so no statement gains from always coming first; before the first
    # analysis, that participant's fixed order.
    chosen = routing.choose(session=session, dialogue_id=participant.dialogue_id,
                            seed=participant.pseudonym, candidates=candidates,
                            answers=answers)
    return VotingView(statement=session.get(Statement, chosen), progress=progress)


def next_statement(*, session: Session, participant_id: int) -> Statement | None:
    return voting_view(session=session, participant_id=participant_id).statement


def voting_progress(*, session: Session, participant_id: int) -> VotingProgress:
    return voting_view(session=session, participant_id=participant_id).progress


def _vote_value(value: object) -> int:
    if isinstance(value, str) and value in VOTE_NAMES:
        return int(VOTE_NAMES[value])
    if not isinstance(value, bool) and value in (-1, 0, 1):
        return int(value)
    raise InvalidInput(Text("A vote is agree, disagree or pass."))


def cast_vote(*, session: Session, participant_id: int, statement_id: int, value: object) -> Vote:
    """Record or change a vote; there is only ever one current vote per statement.

    The database checks the rules as it writes (``vote_store.write_vote``); when it refuses,
    nothing has changed and the ordinary checks say why."""
    value = _vote_value(value)
    check_id(participant_id, "participant")
    check_id(statement_id, "statement")
    with transaction(session):
        vote = vote_store.write_vote(session, participant_id=participant_id,
                                     statement_id=statement_id, value=value)
        if vote is None:
            participant = _consented_participant(session, participant_id)
            _votable(session, participant, statement_id)
            require_open(dialogue_by_id(session, participant.dialogue_id))
            raise Conflict(Text("Your vote could not be recorded. Please try again."))
    return vote


def _votable(session: Session, participant: Participant, statement_id: object) -> Statement:
    statement = session.get(Statement, check_id(statement_id, "statement"))
    if statement is None or statement.dialogue_id != participant.dialogue_id:
        raise NotFound(Text("That statement is not part of your dialogue."))
    if statement.status != ModerationStatus.ACCEPTED:
        raise Conflict(Text("That statement is not open for votes."))
    return statement


def skip_statement(*, session: Session, participant_id: int, statement_id: int) -> None:
    """Skip for now: not a vote, and not shown again in this round."""
    with transaction(session):
        participant = _consented_participant(session, participant_id)
        statement = _votable(session, participant, statement_id)
        skipped = _skipped(participant) | {statement.id}
        participant.skipped = json.dumps(sorted(skipped))
        session.add(participant)


def finish_voting(*, session: Session, participant_id: int) -> Participant:
    return _move_on(session, participant_id, JourneyStep.OWN_STATEMENT)


def add_statement(*, session: Session, participant_id: int, text: str) -> Statement:
    """A participant's own statement; it waits for moderation before anyone votes on it."""
    text = clean_text(text, what=N_("statement"), max_chars=STATEMENT_MAX_CHARS)
    normalised = normalise_statement(text)
    if not normalised:
        raise InvalidInput(Text("Your statement needs some words, not only punctuation."))
    with transaction(session):
        participant = _consented_participant(session, participant_id)
        require_open(dialogue_by_id(session, participant.dialogue_id))
        sent = session.exec(
            select(func.count(Statement.id)).where(
                Statement.author_participant_id == participant.id,
                Statement.dialogue_id == participant.dialogue_id,
            )
        ).one()
        if sent >= MAX_STATEMENTS_PER_PARTICIPANT:
            # Voting is behind them at this step: offer only the way on.
            raise Conflict(Text(
                "You have sent {sent} statements in this dialogue, the most one person can "
                "send. Thank you: please choose 'Skip this step' to go on.", sent=sent
            ))
        same = session.exec(
            select(Statement.status, Statement.author_participant_id).where(
                Statement.dialogue_id == participant.dialogue_id,
                Statement.normalised == normalised,
            )
        ).first()
        if same is not None:
            raise Conflict(_already_made(*same, participant.id))
        redaction = redact(text)
        statement = Statement(
            dialogue_id=participant.dialogue_id,
            text=text,
            redacted_text=redaction.text if redaction.spans else None,
            normalised=normalised,
            origin=StatementOrigin.PARTICIPANT,
            author_participant_id=participant.id,
            status=ModerationStatus.PENDING,
        )
        session.add(statement)
        _advance(participant, JourneyStep.REFLECTION)
        session.add(participant)
        try:
            session.flush()
        except IntegrityError as exc:
            raise Conflict(Text("Someone has just made this statement.")) from exc
    return statement


def _already_made(status: str, author: int | None, participant_id: int) -> str:
    """Why a duplicate is refused, offering only what this participant can do about it
    (marked for the catalogue: the page shows it in the reader's language)."""
    if author == participant_id:
        return N_("You have already sent this statement. There is no need to send it again.")
    if status == ModerationStatus.PENDING:
        return N_(
            "Someone has already sent this statement. A facilitator will check it before it "
            "is shown for votes, so there is no need to send it again."
        )
    if status == ModerationStatus.ACCEPTED:
        return N_(
            "Someone has already made this statement, and other participants are voting on "
            "it. There is no need to send it again."
        )
    return N_(
        "Someone has already sent this statement, and a facilitator decided not to show it "
        "for votes. Please say it in a different way, or skip this step."
    )


def skip_own_statement(*, session: Session, participant_id: int) -> Participant:
    return _move_on(session, participant_id, JourneyStep.REFLECTION)


def save_reflection(*, session: Session, participant_id: int, text: str | None) -> Participant:
    """Save (or, with no text, skip) the answer to the dialogue's open question."""
    cleaned = None
    if text is not None and not isinstance(text, str):
        raise InvalidInput(Text("The reflection must be text."))
    if text is not None and text.strip():
        cleaned = clean_text(
            text, what=N_("reflection"), max_chars=REFLECTION_MAX_CHARS, multiline=True
        )
    with transaction(session):
        participant = _consented_participant(session, participant_id)
        require_open(dialogue_by_id(session, participant.dialogue_id))
        if cleaned is not None:
            reflection = session.exec(
                select(Reflection).where(Reflection.participant_id == participant.id)
            ).first() or Reflection(
                participant_id=participant.id, dialogue_id=participant.dialogue_id, text=cleaned
            )
            if reflection.text != cleaned or reflection.id is None:
                # new words: not quoted until a facilitator has reviewed them
                reflection.text, reflection.quotable, reflection.reviewed_at = cleaned, True, None
            session.add(reflection)
        _advance(participant, JourneyStep.POSITION_POST)
        session.add(participant)
    return participant


def public_text(statement: Statement) -> str:
    """What anyone but the author sees: personal data replaced by placeholders."""
    return statement.redacted_text or statement.text


def my_data(*, session: Session, participant_id: int) -> dict:
    """Everything held about a participant, for them to read and download."""
    participant = active_participant(session, participant_id)
    dialogue = dialogue_by_id(session, participant.dialogue_id)

    def when(moment) -> str | None:
        return moment.isoformat() if moment else None

    votes = session.exec(
        select(Vote, Statement).join(Statement, Statement.id == Vote.statement_id)
        .where(Vote.participant_id == participant.id).order_by(Vote.id)
    ).all()
    names = {int(v): k for k, v in VOTE_NAMES.items()}
    contact = session.exec(select(NotificationContact).where(
        NotificationContact.participant_id == participant.id)).first()
    sitting = session.get(DialogueSession, participant.session_id) \
        if participant.session_id is not None else None
    return {
        "dialogue": {"title": dialogue.title, "title_in_welsh": dialogue.title_cy or None,
                     "slug": dialogue.slug},
        "you": {"pseudonym": participant.pseudonym, "joined": when(participant.created_at),
                "session_id": participant.session_id,
                "session": sitting.name if sitting else None,
                "session_in_welsh": sitting.name_cy if sitting else None,
                "step": participant.step},
        "consent": [
            {"version": c.version, "report": c.report, "quote": c.quote, "notify": c.notify,
             "given": when(c.given_at),
             # The words agreed to: those of the version given, never the wording now in force.
             "wording": _wording(session, dialogue.id, c.version)}
            for c in session.exec(select(Consent).where(
                Consent.participant_id == participant.id).order_by(Consent.id))
        ],
        "email_for_outcome": contact.email if contact else None,
        "positions": [
            {"stage": p.stage, "support": p.support, "confidence": p.confidence,
             "given": when(p.created_at)}
            for p in session.exec(select(Position).where(
                Position.participant_id == participant.id).order_by(Position.id))
        ],
        "votes": [
            {"statement": f"S{st.id}", "statement_text": public_text(st),
             "statement_text_in_welsh": st.text_cy or None,
             "vote": names[v.value], "first_cast": when(v.created_at),
             "last_changed": when(v.updated_at)}
            for v, st in votes
        ],
        "statements": [
            {"id": f"S{st.id}", "text": st.text, "status": st.status,
             "sent": when(st.created_at)}
            for st in my_statements(session=session, participant_id=participant.id)
        ],
        "reflection": next(
            ({"text": r.text, "given": when(r.created_at)} for r in session.exec(
                select(Reflection).where(Reflection.participant_id == participant.id))),
            None,
        ),
    }


def _wording(session: Session, dialogue_id: int, version: int) -> dict[str, dict[str, str]]:
    """One consent version's three texts, each in English and in Welsh ("" when not written)."""
    texts = consent_wording(session=session, dialogue_id=dialogue_id, version=version)
    return {name: texts.in_language(name) for name in CONSENT_PARTS}


CONSENT_PARTS = ("report", "quote", "notify")


@dataclass(frozen=True)
class DataSection:
    """One part of 'everything we hold about you', as a small table in plain words."""

    heading: str
    columns: tuple[str, ...]  # none: each row is a (what, detail) pair
    rows: tuple[tuple[str, ...], ...]
    empty: str  # said instead of the rows when there are none


def _held_time(moment: str | None, lang: str) -> str:
    """A stored time as its reader writes it, on a UK clock: '2 December 2026, 18:30'."""
    return uk_datetime(datetime.fromisoformat(moment), lang=lang) if moment else ""


def _yes(flag: bool) -> str:
    return N_("Yes") if flag else N_("No")


def _in(part: dict, name: str, lang: str) -> str:
    """Staff's words in the held data (a title, a session's name) in the reader's language
    when written in it, else as written ("" when there are none)."""
    return i18n.pick({i18n.ENGLISH: part.get(name) or "",
                      i18n.WELSH: part.get(f"{name}_in_welsh") or ""}, lang)[0]


def readable_data(held: dict, *, lang: str = i18n.ENGLISH) -> tuple[DataSection, ...]:
    """``my_data`` in plain words: the same facts, in sections a person can read; its times
    written for a reader of ``lang``, and the consent wording in ``lang`` when it was written
    in it (else in the other language)."""
    you = held["you"]
    versions = {c["version"]: c["wording"] for c in held["consent"]}

    def when(moment: str | None) -> str:
        return _held_time(moment, lang)

    return (
        DataSection(N_("About you"), (), (
            (N_("Dialogue"), _in(held["dialogue"], "title", lang)),
            (N_("Your session"), _in(you, "session", lang)
             # the one value of a row of staff's words that is the app's own: in its words
             or i18n.gettext("None chosen", lang)),
            (N_("When you joined"), when(you["joined"])),
            (N_("How far you have gone"), STEP_TITLES[JourneyStep(you["step"])]),
            (N_("The random name we file your answers under"), you["pseudonym"]),
        ), ""),
        DataSection(N_("Your consent"), (
            N_("Given"), N_("Use in the report"), N_("Quote your words"),
            N_("Tell you the outcome"), N_("Version of the wording"),
        ), tuple(
            (when(c["given"]), _yes(c["report"]), _yes(c["quote"]), _yes(c["notify"]),
             str(c["version"]))
            for c in held["consent"]
        ), N_("You have not given your consent yet.")),
        DataSection(N_("The wording you agreed to"), (
            N_("Version of the wording"), N_("Use in the report"), N_("Quote your words"),
            N_("Tell you the outcome"),
        ), tuple(
            (str(version), *(i18n.pick(wording[name], lang)[0] for name in CONSENT_PARTS))
            for version, wording in sorted(versions.items())
        ), N_("You have not given your consent yet.")),
        DataSection(N_("Your email address"), (), (
            (N_("Email address"), held["email_for_outcome"]),
            (N_("Why we hold it"),
             N_("To tell you the outcome; we delete it once we have told you")),
        ) if held["email_for_outcome"] else (), N_("We do not hold an email address for you.")),
        DataSection(N_("Your views on the proposal"),
                    (N_("When"), N_("Support"), N_("How sure"), N_("Given")), tuple(
            (STAGE_TITLES[PositionStage(p["stage"])], SUPPORT[p["support"]],
             CONFIDENCE[p["confidence"]], when(p["given"]))
            for p in held["positions"]
        ), N_("You have not given your view yet.")),
        DataSection(N_("Your votes"), (N_("Statement"), N_("Your vote"), N_("Last changed")), tuple(
            (_in(v, "statement_text", lang), VOTE_WORDS[v["vote"]], when(v["last_changed"]))
            for v in held["votes"]
        ), N_("You have not voted on any statements.")),
        DataSection(N_("Your statements"),
                    (N_("Your statement"), N_("What happened to it"), N_("Sent")), tuple(
            (st["text"], STATUS_WORDS[ModerationStatus(st["status"])], when(st["sent"]))
            for st in held["statements"]
        ), N_("You have not sent a statement of your own.")),
        DataSection(N_("Your reflection"), (N_("Your answer"), N_("Given")), (
            (held["reflection"]["text"], when(held["reflection"]["given"])),
        ) if held["reflection"] else (), N_("You have not written a reflection.")),
    )


def my_statements(*, session: Session, participant_id: int) -> list[Statement]:
    return list(
        session.exec(
            select(Statement)
            .where(Statement.author_participant_id == participant_id)
            .order_by(Statement.id)
        )
    )


def withdraw(*, session: Session, participant_id: int) -> dict[str, int]:
    """Delete everything the participant gave, in one transaction, and follow the lineage of
    every output that used any of it: snapshots become stale, briefs superseded (both lose the
    person's words and entries), decisions say which findings rested on it, export files are
    removed. Keep a tombstone with no pseudonym, so that counts of withdrawals stay honest.
    Afterwards a brief that was current is re-issued and its files written again. Returns what
    was deleted."""
    with transaction(session):
        # Locked, so that no vote can slip in between the deletes (PostgreSQL).
        participant = active_participant(session, participant_id, lock=True)
        dialogue_id = participant.dialogue_id
        withdrawn = lineage.withdrawn_contributions(session, participant.id, dialogue_id)
        deleted = _delete_contributions(session, participant.id)
        brief_superseded = versions.supersede_after_withdrawal(session=session,
                                                                 withdrawn=withdrawn)
        removed = exports.follow_withdrawal(session, withdrawn)
        lineage.forget(session, participant.id)
        register_withdrawal(session, participant.id)  # so that a restore withdraws them again
        participant.withdrawn_at = utcnow()
        participant.pseudonym = f"withdrawn-{secrets.token_hex(8)}"  # not theirs: no link
        participant.resume_code_hash = None
        participant.external_id = None
        participant.skipped = ""
        participant.step = JourneyStep.DONE
        session.add(participant)
        audit.record(
            session,
            actor=_participant_actor(participant),
            action="participant.withdrawn",
            object_type="participant",
            dialogue_id=participant.dialogue_id,
            detail={k.replace(" ", "_"): v for k, v in deleted.items()},
        )
    exports.remove_files(removed)
    if brief_superseded:
        # The withdrawal stands on its own; a brief that cannot be rebuilt now stays
        # superseded until a facilitator signs a new one off (and its files stay removed).
        with contextlib.suppress(DomainError, SummaryCheckFailed):
            brief = versions.reissue_after_withdrawal(session=session, dialogue_id=dialogue_id,
                                                       by=SYSTEM_WITHDRAWAL)
            exports.rewrite_briefs(session, removed, brief, by=SYSTEM_WITHDRAWAL)
    return deleted


def _delete_contributions(session: Session, participant_id: int) -> dict[str, int]:
    own = select(Statement.id).where(Statement.author_participant_id == participant_id)
    mine = {
        "votes on your statements": delete(Vote).where(col(Vote.statement_id).in_(own)),
        "votes": delete(Vote).where(Vote.participant_id == participant_id),
        "statements": delete(Statement).where(Statement.author_participant_id == participant_id),
        "positions": delete(Position).where(Position.participant_id == participant_id),
        "reflections": delete(Reflection).where(Reflection.participant_id == participant_id),
        "consent records": delete(Consent).where(Consent.participant_id == participant_id),
    }
    deleted = {what: _delete(session, statement) for what, statement in mine.items()}
    deleted["outcome notifications"] = _delete(
        session, delete(Notification).where(Notification.participant_id == participant_id)
    ) + _delete(session, delete(NotificationContact).where(
        NotificationContact.participant_id == participant_id))
    return deleted


def _delete(session: Session, statement) -> int:
    return session.execute(statement).rowcount or 0
