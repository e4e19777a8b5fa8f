"""Pol.is interoperability: import an export folder as a (closed) dialogue, export a dialogue.

Mapping (Pol.is -> here):
- conversation -> Dialogue (source "polis", status closed; topic -> title, description ->
  question (first 1000 characters) and briefing; slug from the folder name unless given)
- comment -> Statement (origin "imported", external_id = comment-id; moderated 1 or 0 ->
  accepted, -1 -> rejected with reason IMPORTED_REJECTION_REASON; a comment with no text
  keeps its votes as a rejected statement with a placeholder text, see statement_text)
- participant (voter or author) -> Participant (external_id = Pol.is participant id, step done)
- vote -> Vote (latest vote wins; created_at = first vote time, updated_at = latest vote time)

Statements with the same normal form (``normalise_statement``) are all kept: the lowest
comment-id keeps the plain normal form, the others get `` #<comment-id>`` appended (the normal
form never contains '#', so this cannot clash). The summary lists them.

Export (here -> Pol.is): title -> topic, question -> conversation-description; accepted ->
moderated 1, pending -> 0, rejected -> -1; votes.csv holds each current vote once, at its
updated_at (so an export/import round trip keeps votes and their latest times, not the times of
earlier, overwritten votes). Comment bodies that a spreadsheet would run as a formula get a
leading apostrophe; the importer removes it again (polis_format.read.guard_formula and
unguard_formula are exact inverses).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Table, insert
from sqlmodel import Session, func, select

from engagement import audit, lineage
from engagement.actors import SystemActor, actor_name
from engagement.db import transaction
from engagement.errors import Conflict, ImportFailed, InvalidInput
from engagement.models import (
    Dialogue,
    DialogueStatus,
    JourneyStep,
    LineageKind,
    ModerationStatus,
    Participant,
    Statement,
    StatementOrigin,
    User,
    Vote,
    utcnow,
)
from engagement.polis_format.read import (
    PolisComment,
    PolisConversation,
    PolisVotes,
    datetime_to_ms,
    ms_to_datetime,
    read_folder,
)
from engagement.polis_format.write import OutComment, OutVote, write_folder
from engagement.privacy.redaction import redact
from engagement.security import new_pseudonym
from engagement.services import exports
from engagement.services._lookup import acting, dialogue_by_slug, quote_consent
from engagement.services.dialogues import check_slug, unique_join_code
from engagement.services.synthetic import synthetic_notice
from engagement.text import clean_text, normalise_statement

SOURCE = "polis"
# Not one of moderation.REJECTION_REASONS on purpose: no facilitator here chose it.
IMPORTED_REJECTION_REASON = "imported_moderated_out"
# A comment with no text that Pol.is had not moderated out: rejected here, as there is nothing
# for a participant to read, but kept with its votes.
IMPORTED_EMPTY_REASON = "imported_no_text"
IMPORTED_TEXT_MAX_CHARS = 10_000  # Pol.is allowed longer comments than our 400
IMPORTED_REFLECTION_QUESTION = ""
ATTRIBUTION = (
    "Data gathered using the Polis software (compdemocracy.org/polis). "
    "Check the licence of the source conversation before sharing anything derived from it."
)


@dataclass(frozen=True)
class ImportSummary:
    dialogue_id: int
    slug: str
    title: str
    statements: int
    accepted: int
    rejected: int
    participants: int
    votes: int
    vote_rows_read: int  # rows in votes.csv (or cells in participants-votes.csv)
    votes_source: str
    duplicate_texts: tuple[str, ...] = ()  # comment-ids whose normal form got a suffix
    empty_texts: tuple[str, ...] = ()  # comment-ids without text, kept rejected
    seconds: float = 0.0

    def describe(self) -> str:
        duplicates = (
            f"; {len(self.duplicate_texts)} repeated text(s) kept apart "
            f"(comment-ids {', '.join(self.duplicate_texts)})"
            if self.duplicate_texts
            else ""
        )
        empty = (
            f"; {len(self.empty_texts)} comment(s) without text kept as rejected statements "
            f"(comment-ids {', '.join(self.empty_texts)})"
            if self.empty_texts
            else ""
        )
        return (
            f"Imported '{self.slug}': {self.statements} statements ({self.accepted} accepted, "
            f"{self.rejected} rejected), {self.participants} participants, {self.votes} votes "
            f"from {self.vote_rows_read} rows of {self.votes_source}{duplicates}{empty} "
            f"in {self.seconds:.2f} s."
        )


@dataclass(frozen=True)
class ExportSummary:
    slug: str
    folder: Path
    statements: int
    participants: int
    votes: int
    withdrawn_left_out: int
    files: tuple[Path, ...] = field(default=())
    seconds: float = 0.0

    def describe(self) -> str:
        return (
            f"Exported '{self.slug}' to {self.folder}: {self.statements} comments, "
            f"{self.participants} participants, {self.votes} votes "
            f"({self.withdrawn_left_out} withdrawn participant(s) left out) "
            f"in {self.seconds:.2f} s."
        )


def slug_from_folder(name: str) -> str:
    """'vtaiwan.uberx' -> 'vtaiwan-uberx'; always a valid slug."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if len(slug) < 3:
        slug = f"polis-{slug}".strip("-") if slug else "polis-import"
    return slug


def _refuse_existing(session: Session, slug: str) -> None:
    if session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).first():
        raise Conflict(f"A dialogue called '{slug}' already exists. Choose another short name.")


def _text(value: str | None, *, max_chars: int, fallback: str, multiline: bool = True) -> str:
    """Cleaned text for dialogue fields; over-long text is shortened, empty text replaced."""
    if not value:
        return fallback
    try:
        return clean_text(value, what="text", max_chars=max_chars, multiline=multiline)
    except InvalidInput:
        cleaned = " ".join(str(value).split())
        return (cleaned[: max_chars - 1] + "…") if cleaned else fallback


def import_polis(
    *, session: Session, folder: str | Path, slug: str | None = None,
    by: User | SystemActor,
) -> ImportSummary:
    """Import one Pol.is export folder as a new closed dialogue, all or nothing."""
    started = time.perf_counter()
    by = acting(session, by, "facilitate")
    folder = Path(folder)
    slug = check_slug(slug) if slug is not None else slug_from_folder(folder.resolve().name)
    _refuse_existing(session, slug)  # early answer before reading large files
    if session.in_transaction():
        session.commit()  # end the read-only check's transaction before the long read
    conversation = read_folder(folder)
    texts = _statement_texts(conversation)
    with transaction(session, foreign_keys=False):  # every key read in it: see _insert_votes
        _refuse_existing(session, slug)
        summary = _write_import(session, conversation, slug, texts, by)
    return ImportSummary(**summary, seconds=time.perf_counter() - started)


@dataclass(frozen=True)
class StatementText:
    """What an imported comment becomes: its statement text and normal form, and whether it
    had no text of its own (then the text is a placeholder and the statement is rejected)."""

    text: str
    normalised: str
    empty: bool = False


def empty_comment_text(comment_id: str) -> str:
    return f"[Comment {comment_id} had no text in the Pol.is export.]"


def statement_text(comment: PolisComment) -> tuple[str, bool]:
    """The one place where a Pol.is comment body becomes statement text: (text, empty).

    A comment with no text (Pol.is keeps moderated-out comments whose body was removed) gets
    a placeholder naming it, so that its votes are kept."""
    try:
        text = clean_text(comment.body, what="comment", max_chars=10**9, multiline=True)
    except InvalidInput:
        return empty_comment_text(comment.comment_id), True
    if len(text) > IMPORTED_TEXT_MAX_CHARS:
        raise ImportFailed(
            f"comments.csv, line {comment.line}: comment {comment.comment_id} is {len(text)} "
            f"characters long; the limit for imports is {IMPORTED_TEXT_MAX_CHARS}."
        )
    # Participants' words, redacted as theirs are here; they arrive moderated, so only the
    # redacted words are kept (as after moderation in services.moderation).
    return redact(text).text, False


def _statement_texts(conversation: PolisConversation) -> dict[str, StatementText]:
    """comment-id -> its StatementText, with repeated normal forms made unique."""
    out: dict[str, StatementText] = {}
    seen: set[str] = set()
    for comment in sorted(conversation.comments, key=lambda c: int(c.comment_id)):
        text, empty = statement_text(comment)
        normalised = normalise_statement(text)
        if not normalised or normalised in seen:
            normalised = f"{normalised} #{comment.comment_id}".strip()
        seen.add(normalised)
        out[comment.comment_id] = StatementText(text, normalised, empty)
    return out


def _voters_first_seen(votes: PolisVotes) -> list[datetime | None]:
    """Each voter's first vote time (None without times), aligned with votes.voters."""
    if votes.first_ms is None:
        return [None] * len(votes.voters)
    first = np.full(len(votes.voters), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, votes.voter, votes.first_ms)
    return [ms_to_datetime(ms) for ms in first.tolist()]


VOTE_INSERT_BATCH = 200_000
_VOTE_COLUMNS = ("participant_id", "statement_id", "dialogue_id", "value", "created_at",
                 "updated_at")


def _insert_votes(
    session: Session,
    dialogue_id: int,
    votes: PolisVotes,
    participant_ids: dict[str, int],
    statement_ids: dict[str, int],
    now: datetime,
) -> None:
    """Insert the votes in batches straight through the driver, times written as the text
    the database layer itself writes: no Python object per value beyond the driver's own.
    COPY on PostgreSQL (psycopg), executemany elsewhere; in the caller's transaction."""
    participant = np.array([participant_ids[v] for v in votes.voters], dtype=np.int64)
    statement = np.array([statement_ids[c] for c in votes.comments], dtype=np.int64)
    bind = session.get_bind()
    postgres = bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg"
    raw = session.connection().connection.driver_connection
    quote = bind.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in _VOTE_COLUMNS)
    now_ms = datetime_to_ms(now)
    suffix = "+00" if postgres else ""  # stored as UTC either way

    def batches() -> Iterator[Iterator[tuple]]:
        for start in range(0, len(votes), VOTE_INSERT_BATCH):
            part = slice(start, start + VOTE_INSERT_BATCH)
            n = len(votes.value[part])
            first = votes.first_ms[part] if votes.first_ms is not None else np.full(n, now_ms)
            last = votes.last_ms[part] if votes.last_ms is not None else np.full(n, now_ms)
            yield zip(
                participant[votes.voter[part]].tolist(),
                statement[votes.comment[part]].tolist(),
                [dialogue_id] * n,
                votes.value[part].tolist(),
                *_first_and_last(first, last, suffix),
                strict=True,
            )

    table = quote(Vote.__table__.name)
    if postgres:
        # PostgreSQL keeps its indexes: dropping one would lock every dialogue's votes.
        for rows in batches():
            with raw.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join("?" for _ in _VOTE_COLUMNS)
    with _sqlite_indexes_rebuilt(raw, len(votes)):
        with _sqlite_page_cache(raw):
            for rows in batches():
                raw.cursor().executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                         rows)


def _first_and_last(first: np.ndarray, last: np.ndarray, suffix: str) -> tuple[list, list]:
    """The stored texts of the first and last vote times; one list for both when they are
    the same (a vote never changed: most of them; 0.3 s of CPU per million times saved), and
    otherwise the first times' texts with only the changed votes' last times computed again
    (a few per cent of the votes in an export: 0.3 s per million saved again).
    (Computing the characters with integer arithmetic was tried: three times slower than
    numpy's own datetime-to-text conversion.)"""
    first_text = _stored_times(first, suffix)
    changed = np.flatnonzero(first != last)
    if not len(changed):
        return first_text, first_text
    last_text = list(first_text)
    for at, text in zip(changed.tolist(), _stored_times(last[changed], suffix), strict=True):
        last_text[at] = text
    return first_text, last_text


@contextmanager
def _sqlite_indexes_rebuilt(raw, new_votes: int) -> Iterator[None]:
    """When the import brings more votes than the vote table holds, its secondary indexes
    are dropped before the votes go in and built again afterwards, from the same SQL: one
    sort per index instead of an index update per vote (5 M votes: most of the import's
    time). In the import's transaction, so a failed import leaves them as they were. The
    unique (participant, statement) index stays: it is the constraint."""
    held = raw.execute(f"SELECT max(rowid) FROM {_VOTE_TABLE}").fetchone()[0] or 0
    if new_votes <= held:
        yield
        return
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'", (_VOTE_TABLE,)).fetchall()
    for name, _sql in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    yield
    # Built with the connection's own page cache: SQLite's sorter sorts in runs of the cache's
    # size, and one 256 MB run took three times the CPU of the default's many small ones
    # (5 M votes: ix_vote_statement 9.0 s against 3.0 s; docs/benchmarks.md, 2026-12-03).
    for _name, sql in indexes:
        raw.execute(sql)


_VOTE_TABLE = Vote.__table__.name
SQLITE_IMPORT_CACHE_KIB = 256 * 1024


@contextmanager
def _sqlite_page_cache(raw) -> Iterator[None]:
    """A large page cache while votes go in: with SQLite's default (2 MB) the three vote
    indexes no longer fit after about a million votes and every insert reads and writes
    pages again. The connection's own setting comes back afterwards."""
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")


def _stored_times(ms: np.ndarray, suffix: str) -> list[str]:
    """Epoch milliseconds as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC), the text SQLAlchemy writes
    for a datetime on SQLite (PostgreSQL reads it, with suffix '+00')."""
    text = np.asarray(ms, dtype="datetime64[ms]").astype("datetime64[us]").astype("U26")
    codes = text.view(np.uint32).reshape(len(text), 26)
    codes[:, 10] = ord(" ")  # numpy writes 'T' between the date and the time
    if suffix:
        return [t + suffix for t in text.tolist()]
    return text.tolist()


def _rejection_reason(comment: PolisComment, text: StatementText) -> str | None:
    if comment.moderated == -1:
        return IMPORTED_REJECTION_REASON
    return IMPORTED_EMPTY_REASON if text.empty else None


def _bulk_insert(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert many rows in the caller's transaction: COPY on PostgreSQL (psycopg), about twice
    as fast there as executemany; a plain executemany elsewhere. Values must already be in
    their stored form (aware UTC datetimes), as COPY skips SQLAlchemy's type processing."""
    if not rows:
        return
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg":
        columns = list(rows[0])
        quote = bind.dialect.identifier_preparer.quote
        sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        raw = session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    else:
        session.execute(insert(table), rows)


def _write_import(
    session: Session,
    conversation: PolisConversation,
    slug: str,
    texts: dict[str, StatementText],
    by: User | SystemActor,
) -> dict:
    now = utcnow()
    votes = conversation.votes
    times = [c.created_at for c in conversation.comments]
    if votes.first_ms is not None and len(votes):
        times.append(ms_to_datetime(int(votes.first_ms.min())))
    started_at = min(times) if times else now
    source = conversation.url or conversation.folder.name
    title = _text(conversation.topic, max_chars=200, fallback=conversation.folder.name,
                  multiline=False)
    dialogue = Dialogue(
        slug=slug,
        title=title,
        proposed_use=f"Imported from the Pol.is conversation {source}.",
        # Same limits as editing a dialogue (services.dialogues.EDITABLE); the briefing keeps
        # the whole description when the question has to be shortened.
        question=_text(conversation.description, max_chars=1000, fallback=title),
        briefing=_text(
            "\n\n".join(
                part
                for part in (
                    conversation.description,
                    f"Imported from the Pol.is conversation {source}.",
                    ATTRIBUTION,
                )
                if part
            ),
            max_chars=20_000,
            fallback=ATTRIBUTION,
        ),
        reflection_question=IMPORTED_REFLECTION_QUESTION,
        status=DialogueStatus.CLOSED,
        join_code=unique_join_code(session),
        source=SOURCE,
        created_at=started_at,
        updated_at=now,
    )
    session.add(dialogue)
    session.flush()
    did = dialogue.id

    # Participants: every voter and every author, first seen at their earliest activity.
    first_seen: dict[str, datetime | None] = {}

    def seen(pid: str, at: datetime | None) -> None:
        current = first_seen.get(pid)
        if pid not in first_seen or (at is not None and (current is None or at < current)):
            first_seen[pid] = at

    for comment in conversation.comments:
        if comment.author_id is not None:
            seen(comment.author_id, comment.created_at)
    for voter_id, at in zip(votes.voters, _voters_first_seen(votes), strict=True):
        seen(voter_id, at)
    if first_seen:
        _bulk_insert(
            session,
            Participant.__table__,
            [
                {
                    "dialogue_id": did,
                    "session_id": None,
                    "pseudonym": new_pseudonym(),
                    "resume_code_hash": None,
                    "external_id": pid,
                    "synthetic": False,
                    "step": JourneyStep.DONE.value,
                    "skipped": "",
                    "created_at": at or now,
                    "withdrawn_at": None,
                }
                for pid, at in first_seen.items()
            ],
        )
    participant_ids = dict(
        session.execute(
            select(Participant.external_id, Participant.id).where(Participant.dialogue_id == did)
        ).all()
    )

    statement_rows = []
    for comment in conversation.comments:
        text = texts[comment.comment_id]
        reason = _rejection_reason(comment, text)
        statement_rows.append(
            {
                "dialogue_id": did,
                "text": text.text,
                "normalised": text.normalised,
                "origin": StatementOrigin.IMPORTED.value,
                "author_participant_id": participant_ids[comment.author_id]
                if comment.author_id is not None
                else None,
                "author_user_id": None,
                "external_id": comment.comment_id,
                "status": (
                    ModerationStatus.REJECTED if reason else ModerationStatus.ACCEPTED
                ).value,
                "rejection_reason": reason,
                "moderated_by": None,
                "moderated_at": None,
                "created_at": comment.created_at,
                "updated_at": comment.created_at,
            }
        )
    if statement_rows:
        _bulk_insert(session, Statement.__table__, statement_rows)
    statement_ids = dict(
        session.execute(
            select(Statement.external_id, Statement.id).where(Statement.dialogue_id == did)
        ).all()
    )

    if len(votes):
        _insert_votes(session, did, votes, participant_ids, statement_ids, now)
    rejected = sum(1 for row in statement_rows if row["rejection_reason"])
    duplicates = tuple(
        cid for cid, text in sorted(texts.items(), key=lambda kv: int(kv[0]))
        if "#" in text.normalised
    )
    empty = tuple(
        cid for cid, text in sorted(texts.items(), key=lambda kv: int(kv[0])) if text.empty
    )
    counts = {
        "statements": len(statement_rows),
        "participants": len(first_seen),
        "votes": len(votes),
    }
    audit.record(
        session,
        actor=actor_name(by),
        action="dialogue.imported",
        object_type="dialogue",
        object_id=did,
        dialogue_id=did,
        detail={"format": SOURCE, "votes_source": conversation.votes_source, **counts},
    )
    return {
        "dialogue_id": did,
        "slug": slug,
        "title": title,
        "accepted": len(statement_rows) - rejected,
        "rejected": rejected,
        "vote_rows_read": conversation.vote_rows,
        "votes_source": conversation.votes_source,
        "duplicate_texts": duplicates,
        "empty_texts": empty,
        **counts,
    }


_MODERATED = {
    ModerationStatus.ACCEPTED.value: 1,
    ModerationStatus.PENDING.value: 0,
    ModerationStatus.REJECTED.value: -1,
}


WITHHELD = "[withheld: the author did not agree to be quoted]"


def export_polis(
    *,
    session: Session,
    slug: str,
    folder: str | Path,
    group_ids: Mapping[int | str, int] | None = None,
    by: User | SystemActor,
    overwrite: bool = False,
) -> ExportSummary:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv for a dialogue.

    Participants and comments are named by their external id where they have one (imported
    data), by our own id otherwise (shifted past the largest numeric external id when the
    dialogue has both kinds, so they cannot clash). ``group_ids`` maps a participant to an
    opinion group: keys are our Participant.id (int) or the exported participant id (str);
    unknown or withdrawn participants in it are ignored. Withdrawn participants,
    their statements and their votes are never exported. The export is audited.
    """
    started = time.perf_counter()
    group_ids = dict(group_ids or {})
    with transaction(session):
        by = acting(session, by, "facilitate")  # it holds every vote, person by person
        dialogue = dialogue_by_slug(session, slug)
        did = dialogue.id
        people = session.execute(
            select(Participant.id, Participant.external_id, Participant.withdrawn_at).where(
                Participant.dialogue_id == did
            )
        ).all()
        keys = _export_keys([(pid, ext) for pid, ext, _ in people])
        active = {pid: keys[pid] for pid, _, gone in people if gone is None}
        withdrawn = {pid for pid, _, gone in people if gone is not None}
        _refuse_clashes(active.values(), "participant")

        statements = session.execute(
            select(
                Statement.id,
                Statement.external_id,
                Statement.author_participant_id,
                Statement.status,
                func.coalesce(Statement.redacted_text, Statement.text),
                Statement.created_at,
                Statement.origin,
            ).where(Statement.dialogue_id == did)
        ).all()
        quotable = quote_consent(session, {row[2] for row in statements if row[2]})
        statement_keys = _export_keys([(row[0], row[1]) for row in statements])
        comment_key: dict[int, str] = {}
        comments: list[OutComment] = []
        for sid, _, author, status, text, created_at, origin in statements:
            if author in withdrawn:
                continue  # withdrawal deletes these; never export them if any are left
            if origin == StatementOrigin.PARTICIPANT and not quotable.get(author, False):
                text = WITHHELD  # consent binds exports too
            comment_key[sid] = statement_keys[sid]
            comments.append(
                OutComment(
                    comment_id=comment_key[sid],
                    author_id=active.get(author) if author is not None else None,
                    moderated=_MODERATED.get(status, 0),
                    body=text,
                    created_at=created_at,
                )
            )
        _refuse_clashes(comment_key.values(), "statement")

        votes = [
            OutVote(active[pid], comment_key[sid], value, at)
            for pid, sid, value, at in session.execute(
                select(Vote.participant_id, Vote.statement_id, Vote.value, Vote.updated_at).where(
                    Vote.dialogue_id == did
                )
            )
            if pid in active and sid in comment_key
        ]
        voters = {v.voter_id for v in votes}
        authors = {c.author_id for c in comments if c.author_id is not None}
        exported = sorted(voters | authors)
        groups = _groups(group_ids, active, set(exported))
        summary = [
            ("topic", dialogue.title),
            ("url", ""),
            ("views", len(active)),
            ("voters", len(voters)),
            ("voters-in-conv", len(voters)),
            ("commenters", len(authors)),
            ("comments", len(comments)),
            ("groups", len(set(groups.values()))),
            ("conversation-description", dialogue.question),
        ]
        audit.record(
            session,
            actor=actor_name(by),
            action="dialogue.exported",
            object_type="dialogue",
            object_id=did,
            dialogue_id=did,
            detail={"format": SOURCE},
        )
        files = write_folder(
            Path(folder),
            comments=comments,
            votes=votes,
            participants=exported,
            groups=groups,
            summary=summary,
            overwrite=overwrite,
            notice=synthetic_notice(session, did),
        )
        _register(session, did, Path(folder), actor_name(by), active,
                  set(exported), [(row[0], row[2]) for row in statements
                                  if row[0] in comment_key])
    return ExportSummary(
        slug=slug,
        folder=Path(folder),
        statements=len(comments),
        participants=len(exported),
        votes=len(votes),
        withdrawn_left_out=len(withdrawn),
        files=tuple(files),
        seconds=time.perf_counter() - started,
    )


def _register(session: Session, dialogue_id: int, folder: Path, actor: str,
              active: dict[int, str], exported: set[str],
              statements: list[tuple[int, int | None]]) -> None:
    """Register the written folder with the participants and statements it holds."""
    uses = [lineage.Use(LineageKind.VOTES, pid) for pid, key in active.items()
            if key in exported]
    uses += [lineage.Use(LineageKind.STATEMENT, author, sid) for sid, author in statements
             if author is not None]
    exports.register_file(session, dialogue_id=dialogue_id, kind="polis", path=folder,
                     actor=actor, fmt=SOURCE, uses=uses)


def _export_keys(rows: list[tuple[int, str | None]]) -> dict[int, str]:
    """Our id -> the id written to the files: the external id where there is one. Records
    without one (e.g. added after an imported dialogue was re-opened) are numbered after the
    largest numeric external id, so that the two kinds never clash."""
    numeric = [int(ext) for _, ext in rows if ext is not None and ext.isdigit()]
    base = max(numeric) + 1 if numeric else 0
    return {rid: ext if ext is not None else str(base + rid) for rid, ext in rows}


def _refuse_clashes(keys, what: str) -> None:
    keys = list(keys)
    if len(set(keys)) != len(keys):
        raise Conflict(
            f"Some {what} ids clash between imported and native records; "
            "this dialogue cannot be exported in Pol.is format."
        )


def _groups(
    group_ids: dict[int | str, int], active: dict[int, str], exported: set[str]
) -> dict[str, int]:
    """Exported participant id -> group number, from keys that are ours (int) or theirs (str)."""
    groups: dict[str, int] = {}
    by_key = {key: pid for pid, key in active.items()}
    for key, group in group_ids.items():
        if isinstance(group, bool) or not isinstance(group, int) or group < 0:
            raise InvalidInput(f"Group numbers must be whole numbers from 0; got {group!r}.")
        if isinstance(key, int) and not isinstance(key, bool):
            exported_key = active.get(key)
        elif isinstance(key, str) and key in by_key:
            exported_key = key
        else:
            exported_key = None
        if exported_key is not None and exported_key in exported:
            groups[exported_key] = group
    return groups
