"""Database tables (SQLModel). Change a table only together with an Alembic migration."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from engagement.consent import CURRENT_CONSENT_VERSION


def utcnow() -> datetime:
    return datetime.now(UTC)


class DialogueStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REPORTED = "reported"


class StatementOrigin(StrEnum):
    SEED = "seed"
    PARTICIPANT = "participant"
    IMPORTED = "imported"


class ModerationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class VoteValue(IntEnum):
    """Pol.is export convention: agree is +1, disagree is -1, pass is 0."""

    AGREE = 1
    DISAGREE = -1
    PASS = 0


class PositionStage(StrEnum):
    PRE = "pre"
    POST = "post"


class Role(StrEnum):
    FACILITATOR = "facilitator"
    BOARD = "board"
    EVALUATOR = "evaluator"
    ADMIN = "admin"


class JourneyStep(StrEnum):
    """Where a participant is in the dialogue; the resume code brings them back here."""

    CONSENT = "consent"
    BRIEFING = "briefing"
    POSITION_PRE = "position_pre"
    VOTING = "voting"
    OWN_STATEMENT = "own_statement"
    REFLECTION = "reflection"
    POSITION_POST = "position_post"
    DONE = "done"


class Dialogue(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=80)
    title: str = Field(max_length=200)
    proposed_use: str = Field(sa_column=Column(Text, nullable=False))
    question: str = Field(sa_column=Column(Text, nullable=False))
    briefing: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reflection_question: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The same texts in Welsh ("" when not written: participants then see the English, with a
    # note). engagement.i18n.pick chooses; migration 0012_welsh.
    title_cy: str = Field(default="", max_length=200)
    proposed_use_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    question_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    briefing_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reflection_question_cy: str = Field(
        default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default=DialogueStatus.DRAFT, max_length=16)
    join_code: str = Field(index=True, unique=True, max_length=16)
    min_reporting_size: int = Field(default=10)
    # A new dialogue starts with the default wording in force; one made earlier keeps the
    # version it has, so its participants' consent still points at the words they read.
    consent_version: int = Field(default=CURRENT_CONSENT_VERSION)
    source: str = Field(default="native", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DialogueSession(SQLModel, table=True):
    """A scheduled workshop or online session within a dialogue."""

    __tablename__ = "dialogue_session"
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    name: str = Field(max_length=120)
    # The name in Welsh; None when not written (a Welsh reader then sees the English name,
    # with a note). Migration 0013_session_welsh.
    name_cy: str | None = Field(default=None, max_length=120)
    mode: str = Field(default="online", max_length=16)  # online | workshop
    starts_at: datetime | None = None
    location: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Participant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("dialogue_id", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="dialogue_session.id", index=True)
    pseudonym: str = Field(unique=True, max_length=32)
    # Only a hash of the resume code is kept: the code itself is a bearer secret.
    resume_code_hash: str | None = Field(default=None, unique=True, max_length=64)
    external_id: str | None = Field(default=None, max_length=64)
    synthetic: bool = False
    step: str = Field(default=JourneyStep.CONSENT, max_length=24)
    # The language the participant reads in (en or cy): their resume code brings it back.
    language: str = Field(default="en", max_length=2)
    skipped: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)
    withdrawn_at: datetime | None = None


class Consent(SQLModel, table=True):
    """One consent decision; the latest row for a participant is the one in force."""

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    version: int
    report: bool  # required scope: my answers may be used in this dialogue's report
    quote: bool = False  # optional: my words may be quoted anonymously
    notify: bool = False  # optional: tell me the outcome
    given_at: datetime = Field(default_factory=utcnow)


class Statement(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("dialogue_id", "normalised"),
        UniqueConstraint("dialogue_id", "external_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # A seed statement's Welsh ("" when none, and always for participants' own statements,
    # shown in the words their author wrote).
    text_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    normalised: str = Field(sa_column=Column(Text, nullable=False))
    origin: str = Field(default=StatementOrigin.SEED, max_length=16)
    author_participant_id: int | None = Field(
        default=None, foreign_key="participant.id", index=True
    )
    author_user_id: int | None = Field(default=None, foreign_key="user.id")
    external_id: str | None = Field(default=None, max_length=64)
    # A participant's words with personal data replaced by placeholders, when any was found.
    # Everyone but the author sees this; the original is kept only until moderation.
    redacted_text: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default=ModerationStatus.ACCEPTED, max_length=16)
    rejection_reason: str | None = Field(default=None, max_length=64)
    moderated_by: int | None = Field(default=None, foreign_key="user.id")
    moderated_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Vote(SQLModel, table=True):
    """The current vote of one participant on one statement (changing it updates the row)."""

    __table_args__ = (
        UniqueConstraint("participant_id", "statement_id"),
        Index("ix_vote_statement", "statement_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id")
    statement_id: int = Field(foreign_key="statement.id")
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    value: int
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class VoteBlock(SQLModel, table=True):
    """One range of vote ids of a dialogue's votes, kept as columns (SQLite only: see
    ``columnar``). A copy of those votes, kept true by the database itself: triggers on the
    vote table delete the block whenever one of its votes changes or is deleted (a
    withdrawal too), and a reader checks its vote count before using it."""

    __tablename__ = "vote_block"
    __table_args__ = (UniqueConstraint("dialogue_id", "after_id"),)
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id")
    after_id: int = Field(sa_type=BigInteger)  # the votes with after_id < id <= upto_id
    upto_id: int = Field(sa_type=BigInteger)
    vote_count: int = Field(sa_type=BigInteger)
    id_sum: int = Field(sa_type=BigInteger)
    value_id_sum: int = Field(sa_type=BigInteger)
    last_change: str = Field(max_length=40)  # max(updated_at), as SQLite returns it
    participant_ids: bytes = Field(sa_type=LargeBinary)  # int64, in vote-id order
    statement_ids: bytes = Field(sa_type=LargeBinary)  # int64
    vote_values: bytes = Field(sa_type=LargeBinary)  # int8
    first_at: bytes = Field(sa_type=LargeBinary)  # float64 epoch seconds


class Position(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("participant_id", "stage"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    stage: str = Field(max_length=8)
    support: int  # 1 strongly oppose .. 5 strongly support
    confidence: int  # 1 not at all sure .. 5 very sure
    created_at: datetime = Field(default_factory=utcnow)


class Reflection(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("participant_id"),)
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # A facilitator's privacy review decides whether a reflection may be quoted: it is quoted
    # only once reviewed (``reviewed_at``) and left quotable.
    quotable: bool = True
    reviewed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A staff account (facilitator, board member, evaluator or admin)."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Moved on by a password reset or a deactivation: a browser session remembers the value it
    # signed in with and ends when it no longer matches.
    session_epoch: int = 0


class StaffSession(SQLModel, table=True):
    """A staff sign-in kept by a browser across reloads and opened links: the browser holds a
    random key in an HttpOnly cookie (engagement/browser_key.py), this row its SHA-256 with the
    account and the session epoch it signed in with. Ended by sign-out (row deleted), a
    password reset or deactivation (epoch moved on), and idle time-out (``last_seen``)."""

    __tablename__ = "staff_session"
    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    epoch: int
    created_at: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Who did what to which object, when. Never holds participant content."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=80)
    action: str = Field(max_length=64)
    object_type: str = Field(max_length=32)
    object_id: str = Field(default="", max_length=64)
    dialogue_id: int | None = Field(default=None, index=True)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    seq: int = Field(default=0)  # position in the chain, from 1 (0: not yet numbered)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class WithdrawalRegister(SQLModel, table=True):
    """Who withdrew, by internal id only (no content), so that a restore of an older backup
    withdraws them again. ``joined`` tells a participant from a later one given the same id."""

    __tablename__ = "withdrawal_register"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(index=True)  # no foreign key: it must outlive any row
    joined: str = Field(max_length=40)
    withdrawn_at: datetime = Field(default_factory=utcnow)


class AnalysisSnapshot(SQLModel, table=True):
    """One stored analysis run: its parameters, the fingerprint of the votes it used, the code
    version and the result. A published snapshot never changes."""

    __tablename__ = "analysis_snapshot"
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="dialogue_session.id")
    kind: str = Field(default="opinion", max_length=16)
    params: str = Field(sa_column=Column(Text, nullable=False))
    votes_version: str = Field(max_length=64)  # cheap check: has any vote changed since?
    fingerprint: str = Field(max_length=64)  # sha256 of the exact vote matrix used
    code_version: str = Field(max_length=32)
    result: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=80)
    published_at: datetime | None = None
    published_by: str | None = Field(default=None, max_length=80)
    stale: bool = False  # a participant whose data it used has withdrawn


class BriefStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"


class Brief(SQLModel, table=True):
    """The governance brief: produced from a frozen, signed-off analysis snapshot. Never
    edited: a withdrawal that touches its data supersedes it with a new version."""

    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    snapshot_id: int = Field(foreign_key="analysis_snapshot.id")
    version: int
    status: str = Field(default=BriefStatus.CURRENT, max_length=16)
    data: str = Field(sa_column=Column(Text, nullable=False))  # everything the brief shows
    fingerprint: str = Field(max_length=64)
    signed_off_by: str = Field(max_length=80)
    signed_off_at: datetime = Field(default_factory=utcnow)
    superseded_at: datetime | None = None
    superseded_reason: str | None = Field(default=None, max_length=200)


class DecisionOutcome(StrEnum):
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    REJECT = "reject"
    DEFER = "defer"


class Decision(SQLModel, table=True):
    """A board decision on a dialogue's proposal. Versioned: a change is a new row."""

    __table_args__ = (UniqueConstraint("dialogue_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    version: int
    outcome: str = Field(max_length=32)
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    findings: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of references (ids)
    departs_from_participants: bool = False
    departure_explanation: str | None = Field(default=None, sa_column=Column(Text))
    brief_id: int | None = Field(default=None, foreign_key="brief.id")
    recorded_by: str = Field(max_length=80)
    recorded_at: datetime = Field(default_factory=utcnow)
    # JSON list of the cited findings that rested on contributions since withdrawn.
    withdrawn_findings: str = Field(
        default="[]", sa_column=Column(Text, nullable=False, default="[]")
    )
    # JSON list of the cited findings in words, each with the brief version it came from:
    # {"ref", "kind", "text", "brief_id", "version"} (engagement/brief/findings.py).
    cited_findings: str = Field(
        default="[]", sa_column=Column(Text, nullable=False, default="[]")
    )


class NotificationContact(SQLModel, table=True):
    """An address a participant gave only to be told the outcome; deleted once used or on
    withdrawal."""

    __tablename__ = "notification_contact"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", unique=True)
    email: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow)


class Notification(SQLModel, table=True):
    """An outcome message: sent by SMTP when configured, otherwise waiting in the outbox."""

    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    decision_id: int = Field(foreign_key="decision.id")
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True)
    email: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="outbox", max_length=16)  # outbox | sent | failed
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class ConsentWording(SQLModel, table=True):
    """The consent wording of one dialogue, by version. Changing it makes a new version, and
    participants who agreed to an older one are asked again."""

    __tablename__ = "consent_wording"
    __table_args__ = (UniqueConstraint("dialogue_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    version: int
    report: str = Field(sa_column=Column(Text, nullable=False))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    notify: str = Field(sa_column=Column(Text, nullable=False))
    # The wording in Welsh ("" when not written); part of the version, as the English is.
    report_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    quote_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notify_cy: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_by: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow)


class RateLimit(SQLModel, table=True):
    """Attempts of one kind by one key (a browser's random id, hashed) in a time window, kept in
    the database so that every replica counts the same attempts. Never a network address: a
    workshop room shares one."""

    __tablename__ = "rate_limit"
    key: str = Field(primary_key=True, max_length=96)  # "<limit>:<sha256 of the key>"
    count: int = 0
    window_started: datetime = Field(default_factory=utcnow)
    blocked_until: datetime | None = None


class LineageKind(StrEnum):
    """What kind of contribution an output used."""

    VOTES = "votes"  # all of one participant's votes (by participant id)
    STATEMENT = "statement"
    REFLECTION = "reflection"
    POSITION = "position"
    CONTACT = "contact"  # an address given to hear the outcome


class Lineage(SQLModel, table=True):
    """One contribution a derived output used (a snapshot, a brief, a decision, an export
    file). A withdrawal follows these rows to every output that rests on the person's
    contributions, then deletes that person's rows."""

    __table_args__ = (Index("ix_lineage_output", "output_kind", "output_id"),)
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    output_kind: str = Field(max_length=16)  # snapshot | brief | decision | export
    output_id: int
    part: str = Field(default="", max_length=32)  # the section it fed: themes, shift, opinion
    contribution_kind: str = Field(max_length=16)
    contribution_id: int | None = None
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True)


class ExportFile(SQLModel, table=True):
    """A file (or folder) the app wrote with a dialogue's data, so that a withdrawal can
    remove or rewrite it."""

    __tablename__ = "export_file"
    id: int | None = Field(default=None, primary_key=True)
    dialogue_id: int = Field(foreign_key="dialogue.id", index=True)
    kind: str = Field(max_length=16)  # brief | polis | outbox
    format: str = Field(default="", max_length=16)
    path: str = Field(sa_column=Column(Text, nullable=False))
    brief_id: int | None = Field(default=None, foreign_key="brief.id")
    created_by: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
    removed_at: datetime | None = None
    removed_reason: str | None = Field(default=None, max_length=200)
