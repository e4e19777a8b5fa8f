"""Facilitators set dialogues up: create from a template, edit, seed, schedule, open, close."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from engagement import audit
from engagement.actors import SystemActor, actor_name
from engagement.consent import CURRENT_CONSENT_VERSION, ConsentText, consent_text
from engagement.db import transaction
from engagement.disclosure import FLOOR
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import (
    AnalysisSnapshot,
    ConsentWording,
    Dialogue,
    DialogueSession,
    DialogueStatus,
    ModerationStatus,
    Participant,
    Position,
    Reflection,
    Statement,
    StatementOrigin,
    User,
    Vote,
    utcnow,
)
from engagement.security import random_code
from engagement.services._lookup import acting, check_id, dialogue_by_id
from engagement.text import STATEMENT_MAX_CHARS, clean_text, normalise_statement
from engagement.topics import all_templates
from engagement.ukdates import from_uk

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
MIN_REPORTING_FLOOR = FLOOR  # the disclosure rules own the floor
MIN_REPORTING_CEILING = 10_000
SOURCES = ("native", "polis")

# Allowed status moves: draft -> open -> closed -> reported (and re-open a closed dialogue).
TRANSITIONS = {
    DialogueStatus.DRAFT: {DialogueStatus.OPEN},
    DialogueStatus.OPEN: {DialogueStatus.CLOSED},
    DialogueStatus.CLOSED: {DialogueStatus.OPEN, DialogueStatus.REPORTED},
    DialogueStatus.REPORTED: set(),
}


Actor = User | SystemActor


def _allow(session: Session, by: Actor, permission: str, dialogue: Dialogue | None = None):
    """Staff actions are checked against the account as stored now, or a system actor."""
    return acting(session, by, permission, status=dialogue.status if dialogue else None)


def _audit(session: Session, by: Actor, dialogue: Dialogue, action: str,
           detail: dict | None = None, *, about: object = None) -> None:
    """Record a staff action on a dialogue, or on ``about`` (a statement, a session) in it."""
    about = about if about is not None else dialogue
    audit.record(session, actor=actor_name(by), action=action,
                 object_type=type(about).__tablename__.removeprefix("dialogue_"),
                 object_id=about.id, dialogue_id=dialogue.id, detail=detail)


def check_slug(slug: object) -> str:
    """The short name of a dialogue, or a one-line refusal (also for imported ones)."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise InvalidInput(
            "The short name must be 3 to 80 characters: lower-case letters, digits and dashes, "
            "starting and ending with a letter or digit."
        )
    return slug


def unique_join_code(session: Session) -> str:
    """A join code no dialogue has yet (for a new dialogue, made here or imported)."""
    while True:
        code = random_code(6)
        if not session.exec(select(Dialogue.id).where(Dialogue.join_code == code)).first():
            return code


def create_dialogue(
    *,
    session: Session,
    slug: str,
    template: str = "blank",
    title: str | None = None,
    join_code: str | None = None,
    source: str = "native",
    by: Actor,
) -> Dialogue:
    """A new draft dialogue filled from a template (with its seed statements)."""
    templates = all_templates()
    if not isinstance(template, str) or template not in templates:
        raise InvalidInput(f"There is no template called '{template}'.")
    chosen = templates[template]
    by = _allow(session, by, "facilitate")
    slug = check_slug(slug)
    if source not in SOURCES:
        raise InvalidInput(f"A dialogue's source is one of: {', '.join(SOURCES)}.")
    with transaction(session):
        if session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).first():
            raise Conflict(f"A dialogue called '{slug}' already exists. Choose another short name.")
        if join_code is not None:
            join_code = _check_join_code(session, join_code)
        dialogue = Dialogue(
            slug=slug,
            title=clean_text(title or chosen.title, what="title", max_chars=200),
            proposed_use=chosen.proposed_use,
            question=chosen.question,
            briefing=chosen.briefing,
            reflection_question=chosen.reflection_question,
            join_code=join_code or unique_join_code(session),
            source=source,
        )
        session.add(dialogue)
        session.flush()
        seen: set[str] = set()
        for text in chosen.seed_statements:
            _add_statement_row(session, dialogue, text, StatementOrigin.SEED, by, seen)
        _audit(session, by, dialogue, "dialogue.created", {"template": template, "slug": slug})
    return dialogue


def _check_join_code(session: Session, join_code: str) -> str:
    code = "".join(ch for ch in str(join_code).upper() if ch.isalnum())
    if not 4 <= len(code) <= 16:
        raise InvalidInput("A join code must be 4 to 16 letters or digits.")
    if session.exec(select(Dialogue.id).where(Dialogue.join_code == code)).first():
        raise Conflict(f"The join code {code} is already used by another dialogue.")
    return code


def _add_statement_row(
    session: Session,
    dialogue: Dialogue,
    text: str,
    origin: StatementOrigin,
    by: Actor,
    seen: set[str] | None = None,
) -> Statement:
    text = clean_text(text, what="statement", max_chars=STATEMENT_MAX_CHARS)
    normalised = normalise_statement(text)
    if not normalised:
        raise InvalidInput("The statement needs some words, not only punctuation.")
    duplicate = (seen is not None and normalised in seen) or session.exec(
        select(Statement.id).where(
            Statement.dialogue_id == dialogue.id, Statement.normalised == normalised
        )
    ).first()
    if duplicate:
        raise Conflict(f"This dialogue already has the statement: “{text}”.")
    if seen is not None:
        seen.add(normalised)
    statement = Statement(
        dialogue_id=dialogue.id,
        text=text,
        normalised=normalised,
        origin=origin,
        author_user_id=by.id if isinstance(by, User) else None,
        status=ModerationStatus.ACCEPTED,
    )
    session.add(statement)
    session.flush()
    return statement


EDITABLE = {
    "title": 200,
    "proposed_use": 4000,
    "question": 1000,
    "briefing": 20000,
    "reflection_question": 1000,
}
# Each text in Welsh too: optional (empty shows the English, with a note), same limits.
EDITABLE.update({f"{name}_cy": limit for name, limit in list(EDITABLE.items())})


def update_dialogue(
    *, session: Session, dialogue_id: int, changes: dict[str, str], by: Actor
) -> Dialogue:
    """Edit the texts of a dialogue; ``changes`` maps editable field names to new text. Once
    people have answered, the words they answered to cannot change (``why_locked``)."""
    if not isinstance(changes, dict):
        raise InvalidInput("Say which fields to change.")
    fields = changes
    unknown = {str(name) for name in fields} - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        if dialogue.status == DialogueStatus.REPORTED:
            raise Conflict("A reported dialogue is final and cannot be edited.")
        by = _allow(session, by, "edit_dialogue", dialogue)
        # The row lock (PostgreSQL) makes an answer arriving meanwhile wait, or be seen, before
        # the check below: each answer's foreign key takes a share lock on the dialogue's row.
        session.refresh(dialogue, with_for_update=True)
        cleaned = {
            name: clean_text(
                value,
                what=name.replace("_cy", " in Welsh").replace("_", " "),
                max_chars=EDITABLE[name],
                multiline=name not in ("title", "title_cy"),
                required=not name.endswith("_cy"),
            )
            for name, value in fields.items()
        }
        changed = [name for name, value in cleaned.items() if getattr(dialogue, name) != value]
        locks = _text_locks(session, dialogue)
        for name in changed:
            if name in locks:
                raise Conflict(locks[name])
        for name in changed:
            setattr(dialogue, name, cleaned[name])
        if changed:
            dialogue.updated_at = utcnow()
            session.add(dialogue)
            _audit(session, by, dialogue, "dialogue.edited", {"fields": changed})
    return dialogue


# --- The words people answered to ------------------------------------------------------------
# Participants answered the question as it was put, after reading the proposed use and the
# briefing as they stood: changing those words afterwards would change what every answer
# meant. So once anyone has answered (a vote, a position, a statement or a reflection of
# their own) they stay. The open question for reflections stays once anyone has written a
# reflection. The title (a name, no part of what was asked) can always be corrected. A Welsh
# text still empty may be written (Welsh readers saw the English, with a note), as for seed
# statements' Welsh; one already there stays with its English.

ANSWERED = ("People have answered this dialogue, so the question, the proposed use and the "
            "briefing can no longer change: their answers were given to these words. To ask "
            "something different, set up a new dialogue.")
REFLECTED = ("People have written reflections, so the open question for reflections can no "
             "longer change: their reflections answer these words. To ask something "
             "different, set up a new dialogue.")
MEANING = ("proposed_use", "question", "briefing")


def _exists(session: Session, query) -> bool:
    return session.exec(query.limit(1)).first() is not None


def _answered(session: Session, dialogue_id: int) -> bool:
    """Whether any participant has answered the dialogue (withdrawn people's answers are gone
    with them)."""
    return any(_exists(session, query) for query in (
        select(Vote.id).where(Vote.dialogue_id == dialogue_id),
        select(Position.id).where(Position.dialogue_id == dialogue_id),
        select(Statement.id).where(Statement.dialogue_id == dialogue_id,
                                   Statement.origin != StatementOrigin.SEED),
        select(Reflection.id).where(Reflection.dialogue_id == dialogue_id),
    ))


def _text_locks(session: Session, dialogue: Dialogue) -> dict[str, str]:
    """Each text of the dialogue that can no longer change, with why (the one home of the
    rule; update_dialogue refuses these, the settings page shows them)."""
    reasons = {}
    reflected = _exists(session, select(Reflection.id).where(Reflection.dialogue_id == dialogue.id))
    if reflected or _answered(session, dialogue.id):  # a reflection is an answer
        reasons.update(dict.fromkeys(MEANING, ANSWERED))
    if reflected:
        reasons["reflection_question"] = REFLECTED
    # A Welsh text follows its English, once written: an empty one may still be written.
    reasons.update({f"{name}_cy": why for name, why in list(reasons.items())
                    if getattr(dialogue, f"{name}_cy")})
    return reasons


def why_locked(*, session: Session, dialogue_id: int, by: Actor) -> dict[str, str]:
    """The dialogue's texts that can no longer change, each with why (for the settings page to
    show before anyone types; update_dialogue refuses the same). Empty when all can change."""
    _allow(session, by, "facilitate")
    return _text_locks(session, dialogue_by_id(session, dialogue_id))


def add_seed_statement(
    *, session: Session, dialogue_id: int, text: str, text_cy: str = "", by: Actor
) -> Statement:
    """A statement of the dialogue's own, in English and (optionally) Welsh."""
    text_cy = _welsh_statement(text_cy)
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        if dialogue.status in (DialogueStatus.CLOSED, DialogueStatus.REPORTED):
            raise Conflict("Statements cannot be added to a closed dialogue.")
        by = _allow(session, by, "edit_dialogue", dialogue)
        try:
            statement = _add_statement_row(session, dialogue, text, StatementOrigin.SEED, by)
        except IntegrityError as exc:  # a concurrent twin won the race
            raise Conflict("This dialogue already has that statement.") from exc
        if text_cy:
            statement.text_cy = text_cy
            session.add(statement)
        _audit(session, by, dialogue, "statement.seeded", about=statement)
    return statement


def session_start(day: date | None, at: time | None) -> datetime | None:
    """A session's start from a form's date and UK clock time: both, or neither ("any time")."""
    if day is None and at is None:
        return None
    if not (day is None or type(day) is date) or not (at is None or isinstance(at, time)):
        raise InvalidInput("A session's start is a date and a time of day.")
    if day is None:
        raise InvalidInput("Give the session's date as well as its start time.")
    if at is None:
        raise InvalidInput("Give the session's start time as well as its date.")
    return from_uk(day, at)


def _session_fields(name: str, mode: str, starts_at: datetime | None, location: str,
                    name_cy: str | None) -> dict:
    if mode not in ("online", "workshop"):
        raise InvalidInput("A session is either 'online' or a 'workshop'.")
    if starts_at is not None and not isinstance(starts_at, datetime):
        raise InvalidInput("A session's start must be a date and time.")
    if starts_at is not None and starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=UTC)  # times without a zone are taken as UTC
    return {
        "name": clean_text(name, what="session name", max_chars=120),
        "mode": mode,
        "starts_at": starts_at,
        "location": clean_text(location, what="location", max_chars=200) if location else "",
        # Optional: empty is "not written in Welsh" (NULL), and a Welsh reader sees the name.
        "name_cy": clean_text(name_cy or "", what="session name in Welsh", max_chars=120,
                              required=False) or None,
    }


def _welsh_statement(text_cy: object) -> str:
    return clean_text(text_cy or "", what="statement in Welsh",
                      max_chars=STATEMENT_MAX_CHARS, required=False)


def set_statement_welsh(
    *, session: Session, statement_id: int, text_cy: str, by: Actor
) -> Statement:
    """Give a seed statement its Welsh (or change it; empty removes it) until someone has
    voted on it; a missing Welsh can be added later. Participants' own statements stay in the
    words their author wrote."""
    text_cy = _welsh_statement(text_cy)
    with transaction(session):
        statement = session.get(Statement, check_id(statement_id, "statement"),
                                with_for_update=True, populate_existing=True)
        if statement is None:
            raise NotFound("That statement does not exist.")
        dialogue = dialogue_by_id(session, statement.dialogue_id)
        by = _allow(session, by, "edit_dialogue", dialogue)
        if statement.origin != StatementOrigin.SEED:
            raise Conflict("Only the dialogue's own statements are translated; a "
                           "participant's statement stays in their words.")
        if dialogue.status == DialogueStatus.REPORTED:
            raise Conflict("A reported dialogue is final and cannot be edited.")
        locked = _welsh_lock(session, statement)
        if locked and text_cy != statement.text_cy:
            raise Conflict(locked)
        statement.text_cy = text_cy
        statement.updated_at = utcnow()
        session.add(statement)
        _audit(session, by, dialogue, "statement.translated", about=statement)
    return statement


def add_session(
    *,
    session: Session,
    dialogue_id: int,
    name: str,
    mode: str = "online",
    starts_at: datetime | None = None,
    location: str = "",
    name_cy: str | None = None,
    by: Actor,
) -> DialogueSession:
    """A session of the dialogue; ``name_cy`` its name in Welsh (optional)."""
    fields = _session_fields(name, mode, starts_at, location, name_cy)
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        by = _allow(session, by, "edit_dialogue", dialogue)
        row = DialogueSession(dialogue_id=dialogue.id, **fields)
        session.add(row)
        session.flush()
        _audit(session, by, dialogue, "session.added", about=row)
    return row


def set_status(
    *, session: Session, dialogue_id: int, status: str, by: Actor
) -> Dialogue:
    try:
        target = DialogueStatus(status)
    except ValueError:
        raise InvalidInput(f"'{status}' is not a dialogue status.") from None
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        by = _allow(session, by, "facilitate")
        current = DialogueStatus(dialogue.status)
        if target not in TRANSITIONS[current]:
            raise Conflict(f"A {current} dialogue cannot be made {target}.")
        if target == DialogueStatus.OPEN:
            accepted = session.exec(
                select(func.count(Statement.id)).where(
                    Statement.dialogue_id == dialogue.id,
                    Statement.status == ModerationStatus.ACCEPTED,
                )
            ).one()
            if accepted == 0:
                raise Conflict("Add at least one statement before opening the dialogue.")
        refusal = _report_refusal(session, dialogue) if target == DialogueStatus.REPORTED \
            else None
        if refusal:
            raise Conflict(refusal)
        dialogue.status = target
        dialogue.updated_at = utcnow()
        session.add(dialogue)
        _audit(session, by, dialogue, f"dialogue.{target}", {"from": current.value})
    return dialogue


# "Reported" is final (nothing can change after it) and says the results are published and
# answered: so it needs a brief in force that holds every answer and moderation decision
# (signed off since the last of them), and the board's decision recorded.
NOT_REPORTABLE = "The dialogue cannot be marked as reported yet: "
REPORT_NEEDS_BRIEF = NOT_REPORTABLE + "no brief has been signed off. Sign one off first."
REPORT_NEEDS_NEW_BRIEF = (NOT_REPORTABLE + "answers or moderation decisions have changed since "
                          "the brief in force was signed off. Sign off a new brief first, so "
                          "the report holds every answer.")
REPORT_NEEDS_DECISION = (NOT_REPORTABLE + "the governance board has not recorded its decision "
                         "on the brief.")


def _report_refusal(session: Session, dialogue: Dialogue) -> str | None:
    """Why the dialogue cannot be marked as reported yet, or None (the one home of the rule)."""
    # Imported here: the brief and the analysis import scikit-learn, scipy.stats, pandas and
    # the themes' nltk (2.3 s of CPU), which the CLI's import-polis, through check_slug, would
    # pay for nothing.
    from engagement.brief import versions
    from engagement.services import decisions, opinion

    brief = versions.current_brief(session=session, dialogue_id=dialogue.id)
    if brief is None:
        return REPORT_NEEDS_BRIEF
    snapshot = session.get(AnalysisSnapshot, brief.snapshot_id)
    now = opinion.votes_version(session=session, dialogue_id=dialogue.id)
    if snapshot is None or snapshot.votes_version != now:
        return REPORT_NEEDS_NEW_BRIEF
    if decisions.current_decision(session=session, dialogue_id=dialogue.id) is None:
        return REPORT_NEEDS_DECISION
    return None


def why_not_reportable(*, session: Session, dialogue_id: int, by: Actor) -> str | None:
    """What must happen before the dialogue can be marked as reported, or None if it can
    (for the page to say so before anyone clicks; set_status refuses the same)."""
    _allow(session, by, "facilitate")
    return _report_refusal(session, dialogue_by_id(session, dialogue_id))


def set_min_reporting_size(
    *, session: Session, dialogue_id: int, size: int, by: Actor
) -> Dialogue:
    if isinstance(size, bool) or not isinstance(size, int) or not (
        MIN_REPORTING_FLOOR <= size <= MIN_REPORTING_CEILING
    ):
        raise InvalidInput(
            f"The minimum reporting size is a whole number from {MIN_REPORTING_FLOOR} to "
            f"{MIN_REPORTING_CEILING}."
        )
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        by = _allow(session, by, "edit_dialogue", dialogue)
        dialogue.min_reporting_size = size
        session.add(dialogue)
        _audit(session, by, dialogue, "dialogue.min_reporting_size", {"size": size})
    return dialogue


def list_dialogues(*, session: Session, by: Actor) -> list[Dialogue]:
    """Every dialogue, drafts included, for staff."""
    _allow(session, by, "view_board")
    return list(session.exec(select(Dialogue).order_by(Dialogue.created_at, Dialogue.id)))


def sessions_of(*, session: Session, dialogue_id: int) -> list[DialogueSession]:
    return list(
        session.exec(
            select(DialogueSession)
            .where(DialogueSession.dialogue_id == dialogue_id)
            .order_by(DialogueSession.starts_at, DialogueSession.id)
        )
    )


def statements_of(
    *, session: Session, dialogue_id: int, by: Actor, status: str | None = None
) -> list[Statement]:
    _allow(session, by, "facilitate")
    query = select(Statement).where(Statement.dialogue_id == dialogue_id)
    if status:
        query = query.where(Statement.status == status)
    return list(session.exec(query.order_by(Statement.id)))


def consent_wording(
    *, session: Session, dialogue_id: int, version: int | None = None
) -> ConsentText:
    """The consent wording in force for a dialogue (or a given version of it)."""
    dialogue = dialogue_by_id(session, dialogue_id)
    version = version or dialogue.consent_version
    row = session.exec(
        select(ConsentWording).where(
            ConsentWording.dialogue_id == dialogue_id, ConsentWording.version == version
        )
    ).first()
    if row is None:
        return consent_text(min(version, CURRENT_CONSENT_VERSION))
    return ConsentText(version=row.version, report=row.report, quote=row.quote, notify=row.notify,
                       report_cy=row.report_cy, quote_cy=row.quote_cy, notify_cy=row.notify_cy)


def change_consent_wording(
    *, session: Session, dialogue_id: int, report: str, quote: str, notify: str,
    report_cy: str | None = None, quote_cy: str | None = None, notify_cy: str | None = None,
    by: Actor
) -> ConsentText:
    """New wording is a new version: everyone who agreed to an older one is asked again. The
    Welsh is part of the version: a text given (``""`` removes it) or, when not given (None),
    the Welsh in force, kept only where its English is unchanged: Welsh readers never agree
    to an old translation of new wording (they see the new English, with a note)."""
    texts = {
        name: clean_text(value, what=f"{name} consent wording", max_chars=1000)
        for name, value in (("report", report), ("quote", quote), ("notify", notify))
    }
    welsh = {
        name: None if value is None else clean_text(
            value, what=f"{name[:-3]} consent wording in Welsh", max_chars=1000, required=False)
        for name, value in (("report_cy", report_cy), ("quote_cy", quote_cy),
                            ("notify_cy", notify_cy))
    }
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        if dialogue.status == DialogueStatus.REPORTED:
            raise Conflict("A reported dialogue is final; its consent wording cannot change.")
        by = _allow(session, by, "edit_dialogue", dialogue)
        current = consent_wording(session=session, dialogue_id=dialogue_id)
        texts.update({
            name: text if text is not None
            else getattr(current, name) if texts[name[:-3]] == getattr(current, name[:-3])
            else ""
            for name, text in welsh.items()})
        if all(getattr(current, name) == text for name, text in texts.items()):
            raise Conflict("The wording is unchanged, so no new version was made.")
        dialogue.consent_version += 1
        session.add(ConsentWording(dialogue_id=dialogue_id, version=dialogue.consent_version,
                                   created_by=actor_name(by), **texts))
        session.add(dialogue)
        _audit(session, by, dialogue, "consent.new_version",
               {"version": dialogue.consent_version})
    return ConsentText(version=dialogue.consent_version, **texts)


# --- Changing the set-up during a live day ------------------------------------------------
# Votes are given on a statement's words: once anyone has voted on a seed statement, its words
# cannot change and it cannot be deleted (the votes would then be on words nobody saw, or
# vanish from the analysis). A session people joined through cannot be deleted (their answers
# are counted by session); its name, time and place can be corrected at any time.

VOTED_ON = ("People have voted on this statement, so its words can no longer change and it "
            "cannot be deleted: their votes were given on these words. Add a new statement "
            "instead.")
JOINED_THROUGH = ("People have joined through this session, so it cannot be deleted: their "
                  "answers are counted by session. You can still change its name, time or place.")


@dataclass(frozen=True)
class SeedRow:
    """A statement of the dialogue as the set-up page shows it, with whether it may change."""

    statement: Statement
    locked: str | None  # why it can no longer be edited or deleted; None if it can
    welsh_locked: str | None = None  # why its Welsh words can no longer change; None if they can


@dataclass(frozen=True)
class SessionRow:
    row: DialogueSession
    locked: str | None  # why it can no longer be deleted; None if it can


def _statement_lock(session: Session, statement: Statement) -> str | None:
    """Why this statement's words can no longer change (the one home of that rule)."""
    if statement.origin != StatementOrigin.SEED:
        return ("Only seed statements can be edited here; participants' statements are "
                "moderated instead.")
    if session.exec(select(Vote.id).where(Vote.statement_id == statement.id)).first():
        return VOTED_ON
    return None


def _welsh_lock(session: Session, statement: Statement) -> str | None:
    """Why a seed statement's Welsh words can no longer change. Welsh readers voted on them
    (which language each voter read is not kept), so once anyone has voted they stay; a
    statement with no Welsh yet may still be given it."""
    return _statement_lock(session, statement) if statement.text_cy else None


def _session_lock(session: Session, row: DialogueSession) -> str | None:
    if session.exec(select(Participant.id).where(Participant.session_id == row.id)).first():
        return JOINED_THROUGH
    if session.exec(select(AnalysisSnapshot.id).where(
            AnalysisSnapshot.session_id == row.id)).first():
        return "An analysis was made of this session, so it cannot be deleted."
    return None


def statement_rows(*, session: Session, dialogue_id: int, by: Actor) -> list[SeedRow]:
    """Every statement of the dialogue, with why it can no longer be edited (if so)."""
    return [SeedRow(s, _statement_lock(session, s), _welsh_lock(session, s))
            for s in statements_of(session=session, dialogue_id=dialogue_id, by=by)]


def session_rows(*, session: Session, dialogue_id: int, by: Actor) -> list[SessionRow]:
    """The dialogue's sessions, with why each can no longer be deleted (if so)."""
    _allow(session, by, "facilitate")
    return [SessionRow(r, _session_lock(session, r))
            for r in sessions_of(session=session, dialogue_id=dialogue_id)]


def _seed_for_change(session: Session, statement_id: int, by: Actor) -> tuple:
    by = _allow(session, by, "edit_dialogue")  # who asks, before saying what exists
    # The row lock (PostgreSQL) makes a vote arriving meanwhile wait, or be seen, before the
    # check that nobody has voted: the foreign key of a new vote takes a share lock on it.
    statement = session.get(Statement, check_id(statement_id, "statement"),
                            with_for_update=True, populate_existing=True)
    if statement is None:
        raise NotFound("That statement no longer exists.")
    dialogue = dialogue_by_id(session, statement.dialogue_id)
    by = _allow(session, by, "edit_dialogue", dialogue)
    locked = _statement_lock(session, statement)
    if locked:
        raise Conflict(locked)
    return statement, dialogue, by


def edit_seed_statement(
    *, session: Session, statement_id: int, text: str, by: Actor
) -> Statement:
    """Correct the words of a seed statement nobody has voted on yet."""
    text = clean_text(text, what="statement", max_chars=STATEMENT_MAX_CHARS)
    normalised = normalise_statement(text)
    if not normalised:
        raise InvalidInput("The statement needs some words, not only punctuation.")
    with transaction(session):
        statement, dialogue, by = _seed_for_change(session, statement_id, by)
        if statement.text == text:
            raise Conflict("The words are unchanged, so nothing was saved.")
        if session.exec(select(Statement.id).where(
                Statement.dialogue_id == dialogue.id, Statement.normalised == normalised,
                Statement.id != statement.id)).first():
            raise Conflict(f"This dialogue already has the statement: “{text}”.")
        statement.text, statement.normalised, statement.updated_at = text, normalised, utcnow()
        session.add(statement)
        try:
            session.flush()
        except IntegrityError as exc:  # a concurrent twin won the race
            raise Conflict("This dialogue already has that statement.") from exc
        _audit(session, by, dialogue, "statement.edited", about=statement)
    return statement


def delete_seed_statement(*, session: Session, statement_id: int, by: Actor) -> int:
    """Delete a seed statement nobody has voted on yet (skips of it are forgotten too);
    returns its id."""
    with transaction(session):
        statement, dialogue, by = _seed_for_change(session, statement_id, by)
        for participant in session.exec(select(Participant).where(
                Participant.dialogue_id == dialogue.id, Participant.skipped != "")):
            skipped = set(json.loads(participant.skipped)) - {statement.id}
            participant.skipped = json.dumps(sorted(skipped)) if skipped else ""
            session.add(participant)
        _audit(session, by, dialogue, "statement.deleted", about=statement)
        session.delete(statement)
        try:
            session.flush()
        except IntegrityError as exc:  # a vote arrived meanwhile
            raise Conflict(VOTED_ON) from exc
    return statement_id


def _session_for_change(session: Session, session_id: int, by: Actor) -> tuple:
    by = _allow(session, by, "edit_dialogue")  # who asks, before saying what exists
    row = session.get(DialogueSession, check_id(session_id, "session"))
    if row is None:
        raise NotFound("That session no longer exists.")
    dialogue = dialogue_by_id(session, row.dialogue_id)
    return row, dialogue, _allow(session, by, "edit_dialogue", dialogue)


def edit_session(
    *,
    session: Session,
    session_id: int,
    name: str,
    mode: str = "online",
    starts_at: datetime | None = None,
    location: str = "",
    name_cy: str | None = None,
    by: Actor,
) -> DialogueSession:
    """Correct a session's name, its Welsh name, kind, start or place (also once people have
    joined). ``name_cy``: None keeps the Welsh name as it is; "" removes it."""
    fields = _session_fields(name, mode, starts_at, location, name_cy)
    with transaction(session):
        row, dialogue, by = _session_for_change(session, session_id, by)
        if name_cy is None:
            fields["name_cy"] = row.name_cy
        changed = sorted(k for k, v in fields.items() if not _same(getattr(row, k), v))
        if not changed:
            raise Conflict("Nothing was changed, so nothing was saved.")
        for name_ in changed:
            setattr(row, name_, fields[name_])
        session.add(row)
        _audit(session, by, dialogue, "session.edited", {"fields": changed}, about=row)
    return row


def _same(old: object, new: object) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        old = old if old.tzinfo else old.replace(tzinfo=UTC)  # SQLite keeps no zone
    return old == new


def delete_session(*, session: Session, session_id: int, by: Actor) -> int:
    """Delete a session nobody has joined through; returns its id."""
    with transaction(session):
        row, dialogue, by = _session_for_change(session, session_id, by)
        locked = _session_lock(session, row)
        if locked:
            raise Conflict(locked)
        _audit(session, by, dialogue, "session.deleted", about=row)
        session.delete(row)
        try:
            session.flush()
        except IntegrityError as exc:  # someone joined meanwhile
            raise Conflict(JOINED_THROUGH) from exc
    return session_id
