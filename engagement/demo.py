"""Demonstration data: the six topic dialogues, two staff accounts and a few hundred clearly
labelled synthetic participants per dialogue, loaded into an empty database.

The synthetic participants are drawn from the latent opinion groups in
``engagement.demo_content``: each group has its own chance of agreeing with each statement, so
an opinion-group analysis finds real structure (some common ground, some divisive statements),
and ``DemoDialogue.latent_groups`` gives the ground truth to check it against.

Everything is deterministic for a given seed (and ``now``) except what must be random: staff
passwords and participant pseudonyms.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, select

from engagement import audit
from engagement.actors import SYSTEM_DEMO
from engagement.db import transaction
from engagement.demo_content import DEMO_TOPICS, DemoTopic
from engagement.demo_welsh import WELSH_TOPICS
from engagement.errors import Conflict, InvalidInput
from engagement.models import (
    Consent,
    Dialogue,
    DialogueSession,
    DialogueStatus,
    JourneyStep,
    ModerationStatus,
    Participant,
    Position,
    PositionStage,
    Reflection,
    Role,
    Statement,
    StatementOrigin,
    User,
    Vote,
    VoteValue,
    utcnow,
)
from engagement.security import new_password, new_pseudonym
from engagement.services import dialogues, staff
from engagement.text import STATEMENT_MAX_CHARS, clean_text, normalise_statement

DEMO_ACCOUNTS = (("facilitator", Role.FACILITATOR), ("board", Role.BOARD))
CLOSED_TOPICS = frozenset({"sport-employment"})  # one closed dialogue, ready for a report
ACTOR = SYSTEM_DEMO.audit_name
MAX_PARTICIPANTS = 5000

ONLINE_WINDOW = timedelta(days=28)  # online answers are spread over the last four weeks
CLOSED_AGO = timedelta(days=4)  # the closed dialogue stopped taking answers this long ago
WORKSHOP_SHARE = 0.35  # share of participants who joined at the in-person workshop
VOTED_SHARE = (0.6, 1.0)  # each participant votes on this share of the seed statements
QUOTE_SHARE, NOTIFY_SHARE, REFLECTION_SHARE = 0.7, 0.5, 0.4


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str = field(repr=False)  # shown once by the CLI; only its hash is stored


@dataclass(frozen=True)
class DemoDialogue:
    id: int
    slug: str
    title: str
    join_code: str
    status: str
    sessions: tuple[str, ...]
    seed_statements: int
    participants: int
    votes: int
    positions: int
    consents: int
    reflections: int
    pending_statements: int
    # Ground truth for checking an opinion-group analysis: participant id -> latent group label.
    latent_groups: Mapping[int, str] = field(repr=False, compare=False)


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    dialogues: tuple[DemoDialogue, ...]
    accounts: tuple[DemoAccount, ...]
    seconds: float

    def totals(self) -> dict[str, int]:
        names = ("participants", "votes", "positions", "consents", "reflections")
        totals = {name: sum(getattr(d, name) for d in self.dialogues) for name in names}
        totals["pending_statements"] = sum(d.pending_statements for d in self.dialogues)
        return totals

    def describe(self) -> str:
        """What the CLI prints: the dialogues, and the staff passwords (the only time they are
        shown)."""
        lines = [f"Loaded the demonstration data (seed {self.seed}) in {self.seconds:.1f} s.", ""]
        for d in self.dialogues:
            lines.append(
                f"  {d.join_code:<9} {d.status:<7} {d.participants:>4} participants "
                f"{d.votes:>6} votes  {d.pending_statements} to moderate  {d.title}"
            )
        totals = self.totals()
        lines += [
            "",
            f"All {totals['participants']} participants are synthetic: they are marked as such "
            "in the database and are not real people.",
            "",
            "Staff accounts. The passwords are shown only this once; keep them somewhere safe:",
        ]
        lines += [
            f"  {a.username:<12} {'(' + a.role + ')':<14} password: {a.password}"
            for a in self.accounts
        ]
        return "\n".join(lines)


def is_empty(*, session: Session) -> bool:
    """True when the database holds no dialogues and no participant data. Staff accounts may
    already exist (an administrator is often created first)."""
    for model in (Dialogue, DialogueSession, Participant, Statement):
        if session.exec(select(model.id).limit(1)).first() is not None:
            return False
    return True


def load_demo(
    *,
    session: Session,
    seed: int = 7,
    participants_per_dialogue: tuple[int, int] = (200, 350),
    now: datetime | None = None,
) -> DemoSummary:
    """Load the six demonstration dialogues into an empty database and return what was made.

    Each dialogue gets a workshop and an online session and a random number of synthetic
    participants within ``participants_per_dialogue`` (inclusive). All dialogues are left open
    except the sport and employment one, which is closed. Timestamps lie in the weeks before
    ``now`` (default: the current time; a naive ``now`` is taken to be UTC).
    """
    started = time.perf_counter()
    low, high = _check_range(participants_per_dialogue)
    if not is_empty(session=session):
        raise Conflict(
            "The demo can only be loaded into an empty database, and this one already has "
            "dialogues. Point DATABASE_URL at a new database and try again."
        )
    usernames = [name for name, _ in DEMO_ACCOUNTS]
    taken = session.exec(select(User.username).where(col(User.username).in_(usernames))).all()
    if taken:
        raise Conflict(
            f"The demo creates the staff accounts {', '.join(usernames)}, but "
            f"{', '.join(sorted(taken))} already exists. Use a new database for the demo."
        )
    now = _like_utcnow(now or utcnow())

    accounts = []
    for username, role in DEMO_ACCOUNTS:
        password = new_password(username)
        staff.create_user(session=session, username=username, password=password, role=role,
                          by=SYSTEM_DEMO)
        accounts.append(DemoAccount(username=username, role=role.value, password=password))

    loaded = tuple(
        _load_topic(session, topic, seed=seed, sizes=(low, high), now=now) for topic in DEMO_TOPICS
    )
    summary = DemoSummary(seed=seed, dialogues=loaded, accounts=tuple(accounts), seconds=0.0)
    with transaction(session):
        audit.record(
            session,
            actor=ACTOR,
            action="demo.loaded",
            object_type="database",
            detail={"seed": seed, "dialogues": len(loaded), **summary.totals()},
        )
    return replace(summary, seconds=time.perf_counter() - started)


def _like_utcnow(moment: datetime) -> datetime:
    """``moment`` in the same form as ``models.utcnow()``: aware UTC or naive UTC."""
    if utcnow().tzinfo is None:
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_range(sizes: object) -> tuple[int, int]:
    try:
        low, high = sizes  # type: ignore[misc]
    except (TypeError, ValueError):
        raise InvalidInput("participants_per_dialogue must be a pair (lowest, highest).") from None
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (low, high)):
        raise InvalidInput("participants_per_dialogue must be a pair of whole numbers.")
    if not 1 <= low <= high <= MAX_PARTICIPANTS:
        raise InvalidInput(
            f"participants_per_dialogue must satisfy 1 <= lowest <= highest <= "
            f"{MAX_PARTICIPANTS}; got ({low}, {high})."
        )
    return low, high


# --- one dialogue -----------------------------------------------------------------------------


def _load_topic(
    session: Session, topic: DemoTopic, *, seed: int, sizes: tuple[int, int], now: datetime
) -> DemoDialogue:
    key = topic.template.key
    rng = random.Random(f"{seed}:{key}")  # str seeds are hashed stably (not PYTHONHASHSEED)
    closed = key in CLOSED_TOPICS
    window_end = now - (CLOSED_AGO if closed else timedelta(0))
    window_start = window_end - ONLINE_WINDOW
    workshop_day = window_start + timedelta(days=rng.randint(7, 20))
    workshop_at = workshop_day.replace(hour=10, minute=0, second=0, microsecond=0)

    dialogue = dialogues.create_dialogue(
        session=session, slug=key, template=key, join_code=topic.join_code, by=SYSTEM_DEMO
    )
    _add_welsh(session, dialogue.id, key)
    welsh_names = WELSH_TOPICS[key].sessions if key in WELSH_TOPICS else {}
    workshop = dialogues.add_session(
        session=session,
        dialogue_id=dialogue.id,
        name="In-person workshop",
        mode="workshop",
        starts_at=workshop_at,
        location=topic.workshop_place,
        name_cy=welsh_names.get("In-person workshop"),
        by=SYSTEM_DEMO,
    )
    online = dialogues.add_session(
        session=session,
        dialogue_id=dialogue.id,
        name="Online",
        mode="online",
        starts_at=window_start.replace(hour=9, minute=0, second=0, microsecond=0),
        name_cy=welsh_names.get("Online"),
        by=SYSTEM_DEMO,
    )
    dialogues.set_status(session=session, dialogue_id=dialogue.id, status=DialogueStatus.OPEN,
                         by=SYSTEM_DEMO)
    plan = _Plan(
        topic=topic,
        rng=rng,
        n=rng.randint(*sizes),
        workshop=(workshop.id, workshop_at),
        online=(online.id, window_start, window_end),
        # The same for all six, so that they list in their usual order.
        set_up_at=now - ONLINE_WINDOW - CLOSED_AGO - timedelta(days=3),
    )
    counts, latent = _insert_synthetic(session, dialogue.id, plan)
    if closed:
        dialogues.set_status(
            session=session, dialogue_id=dialogue.id, status=DialogueStatus.CLOSED,
            by=SYSTEM_DEMO,
        )
    return DemoDialogue(
        id=dialogue.id,
        slug=dialogue.slug,
        title=dialogue.title,
        join_code=dialogue.join_code,
        status=(DialogueStatus.CLOSED if closed else DialogueStatus.OPEN).value,
        sessions=(workshop.name, online.name),
        seed_statements=len(topic.template.seed_statements),
        latent_groups=latent,
        **counts,
    )


@dataclass
class _Plan:
    topic: DemoTopic
    rng: random.Random
    n: int
    workshop: tuple[int, datetime]  # session id, start
    online: tuple[int, datetime, datetime]  # session id, window start, window end
    set_up_at: datetime


def _add_welsh(session: Session, dialogue_id: int, key: str) -> None:
    """A bilingual demo dialogue gets its Welsh texts and seed statements (demo_welsh)."""
    welsh = WELSH_TOPICS.get(key)
    if welsh is None:
        return
    dialogues.update_dialogue(session=session, dialogue_id=dialogue_id,
                              changes=welsh.changes(), by=SYSTEM_DEMO)
    for statement in dialogues.statements_of(session=session, dialogue_id=dialogue_id,
                                             by=SYSTEM_DEMO):
        if statement.text in welsh.statements:
            dialogues.set_statement_welsh(session=session, statement_id=statement.id,
                                          text_cy=welsh.statements[statement.text],
                                          by=SYSTEM_DEMO)


def _agree_logit(leaning: str, stance: float, concern: float) -> float:
    """How inclined someone with this stance and concern is to agree (before noise)."""
    if leaning == "+":
        return 0.2 + 2.6 * stance
    if leaning == "-":
        return -2.6 * stance
    if leaning == "=":
        return 2.0
    return 0.2 + 2.4 * concern  # "~"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _scale(value: float) -> int:
    """A point on the 1-5 answer scale."""
    return int(_clamp(round(value), 1, 5))


def _reflection(rng: random.Random, topic: DemoTopic, stance: float) -> str:
    if stance > 0.35:
        kinds, weights = ("support", "mixed"), (0.65, 0.35)
    elif stance < -0.35:
        kinds, weights = ("oppose", "mixed"), (0.65, 0.35)
    else:
        kinds, weights = ("mixed", "support", "oppose"), (0.6, 0.2, 0.2)
    kind = rng.choices(kinds, weights=weights)[0]
    return rng.choice(topic.reflections[kind])


def _insert_synthetic(
    session: Session, dialogue_id: int, plan: _Plan
) -> tuple[dict[str, int], dict[int, str]]:
    """All synthetic answers for one dialogue, bulk-inserted in one transaction."""
    topic, rng, n = plan.topic, plan.rng, plan.n
    groups = topic.groups
    sec = timedelta(seconds=1)
    with transaction(session):
        dialogue = session.get(Dialogue, dialogue_id)
        dialogue.created_at = dialogue.updated_at = plan.set_up_at
        session.add(dialogue)
        statements = list(
            session.exec(
                select(Statement)
                .where(Statement.dialogue_id == dialogue_id)
                .order_by(col(Statement.id))
            )
        )
        if len(statements) != len(topic.leanings):
            raise RuntimeError("The seed statements do not match the demo content leanings.")
        for statement in statements:
            statement.created_at = statement.updated_at = plan.set_up_at
            session.add(statement)

        # Each group leans its own way on each statement, beyond what the leaning implies.
        jitter = [[rng.gauss(0.0, 0.35) for _ in statements] for _ in groups]
        membership = rng.choices(range(len(groups)), weights=[g.share for g in groups], k=n)
        authors = dict(
            zip(rng.sample(range(n), min(n, len(topic.participant_statements))),
                topic.participant_statements, strict=True)
        )
        workshop_id, workshop_at = plan.workshop
        online_id, window_start, window_end = plan.online
        online_span = (window_end - window_start - timedelta(hours=2)).total_seconds()

        people, participants = [], []
        for i in range(n):
            g = membership[i]
            if rng.random() < WORKSHOP_SHARE:
                session_id = workshop_id
                joined = workshop_at + sec * rng.uniform(0, 150 * 60)
            else:
                session_id = online_id
                joined = window_start + sec * rng.uniform(0, online_span)
            participants.append(
                Participant(
                    dialogue_id=dialogue_id,
                    session_id=session_id,
                    pseudonym=new_pseudonym(),
                    resume_code_hash=None,
                    synthetic=True,
                    step=JourneyStep.DONE.value,
                    skipped="",
                    created_at=joined,
                )
            )
            people.append(
                (
                    g,
                    _clamp(groups[g].stance + rng.gauss(0.0, 0.2), -1.0, 1.0),
                    _clamp(groups[g].concern + rng.gauss(0.0, 0.2), -1.0, 1.0),
                    joined,
                )
            )
        table = Participant.__table__
        ids = session.connection().execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            [_row(p) for p in participants],
        )
        for participant, pid in zip(participants, ids.scalars(), strict=True):
            participant.id = pid

        consents, positions, votes, reflections, own = [], [], [], [], []
        for participant, (g, stance, concern, joined), i in zip(
            participants, people, range(n), strict=True
        ):
            pid = participant.id
            t = joined + sec * rng.uniform(20, 90)
            consents.append(
                dict(
                    participant_id=pid,
                    version=dialogue.consent_version,
                    report=True,
                    quote=rng.random() < QUOTE_SHARE,
                    notify=rng.random() < NOTIFY_SHARE,
                    given_at=t,
                )
            )
            support = 3.0 + 1.7 * stance + rng.gauss(0.0, 0.6)
            confidence = 2.6 + 1.4 * abs(stance) + rng.gauss(0.0, 0.7)
            t += sec * rng.uniform(120, 600)  # reading the briefing
            positions.append(
                _position(pid, dialogue_id, PositionStage.PRE, support, confidence, t)
            )
            share = rng.uniform(*VOTED_SHARE)
            chosen = rng.sample(range(len(statements)), max(1, round(share * len(statements))))
            for j in chosen:
                t += sec * rng.uniform(4, 40)
                logit = _agree_logit(topic.leanings[j], stance, concern) + jitter[g][j]
                agree = 1.0 / (1.0 + math.exp(-logit))
                if rng.random() < 0.05 + 0.15 * (1.0 - abs(2.0 * agree - 1.0)):
                    value = VoteValue.PASS
                else:
                    value = VoteValue.AGREE if rng.random() < agree else VoteValue.DISAGREE
                votes.append(
                    dict(
                        participant_id=pid,
                        statement_id=statements[j].id,
                        dialogue_id=dialogue_id,
                        value=int(value),
                        created_at=t,
                        updated_at=t,
                    )
                )
            if i in authors:
                t += sec * rng.uniform(60, 240)
                own.append(_own_statement(authors[i], pid, dialogue_id, t))
            if rng.random() < REFLECTION_SHARE:
                t += sec * rng.uniform(60, 300)
                reflections.append(
                    dict(
                        participant_id=pid,
                        dialogue_id=dialogue_id,
                        text=_reflection(rng, topic, stance),
                        created_at=t,
                        # the demo's own words, read by its facilitator: quotable in briefs
                        reviewed_at=t,
                    )
                )
            t += sec * rng.uniform(30, 120)
            group = groups[g]
            positions.append(
                _position(
                    pid,
                    dialogue_id,
                    PositionStage.POST,
                    support + group.support_shift + rng.gauss(0.0, 0.35),
                    confidence + group.confidence_shift + rng.gauss(0.0, 0.35),
                    t,
                )
            )

        for model, rows in (
            (Consent, consents),
            (Position, positions),
            (Vote, votes),
            (Reflection, reflections),
            (Statement, own),
        ):
            if rows:  # Core executemany: several times faster than the ORM bulk path
                session.connection().execute(insert(model.__table__), rows)

    counts = dict(
        participants=n,
        votes=len(votes),
        positions=len(positions),
        consents=len(consents),
        reflections=len(reflections),
        pending_statements=len(own),
    )
    latent = {p.id: groups[g].label for p, (g, *_rest) in zip(participants, people, strict=True)}
    return counts, latent


def _row(participant: Participant) -> dict:
    return participant.model_dump(exclude={"id"})


def _position(
    pid: int, dialogue_id: int, stage: str, support: float, confidence: float, at: datetime
) -> dict:
    return dict(
        participant_id=pid,
        dialogue_id=dialogue_id,
        stage=str(stage),
        support=_scale(support),
        confidence=_scale(confidence),
        created_at=at,
    )


def _own_statement(text: str, pid: int, dialogue_id: int, at: datetime) -> dict:
    text = clean_text(text, what="statement", max_chars=STATEMENT_MAX_CHARS)
    return dict(
        dialogue_id=dialogue_id,
        text=text,
        normalised=normalise_statement(text),
        origin=StatementOrigin.PARTICIPANT.value,
        author_participant_id=pid,
        author_user_id=None,
        external_id=None,
        status=ModerationStatus.PENDING.value,
        rejection_reason=None,
        moderated_by=None,
        moderated_at=None,
        created_at=at,
        updated_at=at,
    )
