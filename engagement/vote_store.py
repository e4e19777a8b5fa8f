"""The vote write as one compiled statement on the driver's cursor: the storage side of
``services.participation.cast_vote``, its hot path.

``write_vote`` records or changes a vote only where the rules allow it, checked by the
database in the same statement: the participant exists and has not withdrawn, their latest
consent covers the report and the dialogue's current consent wording, the statement is
accepted and in their dialogue, and the dialogue is open. It returns the vote as stored, or
None when any of those does not hold; then nothing has been written and the use case says why.
tests/integration/test_vote_store.py holds it to the plain ORM path on SQLite and PostgreSQL.

Why not the ORM: compiling, caching and result objects cost more than the statement itself
(docs/benchmarks.md, bench/ingest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Integer, bindparam, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from engagement.db import is_whole_use_case
from engagement.models import (
    Consent,
    Dialogue,
    DialogueStatus,
    JourneyStep,
    ModerationStatus,
    Participant,
    Statement,
    Vote,
    utcnow,
)

_STEPS = list(JourneyStep)
BEFORE_VOTING = [s.value for s in _STEPS[: _STEPS.index(JourneyStep.VOTING)]]
_STEP_TO_VOTING = (
    update(Participant)
    .where(Participant.id == bindparam("pid"), col(Participant.step).in_(BEFORE_VOTING))
    .values(step=JourneyStep.VOTING.value)
)
_VOTE_COLUMNS = tuple(c.name for c in Vote.__table__.c)


def write_vote(session: Session, *, participant_id: int, statement_id: int, value: int
               ) -> Vote | None:
    """Upsert the vote and move the participant's step on to voting; None when refused.

    Runs on the session's own connection, in the use case's transaction. On PostgreSQL, when
    the vote is the whole use case, the one statement runs as its own (autocommit)
    transaction: atomic, and one round trip instead of BEGIN, statement, COMMIT."""
    connection = session.connection()
    upsert, step = _compiled_for(connection.dialect)
    driver = connection.connection.driver_connection
    if connection.dialect.name == "sqlite":
        rows = _run_on_sqlite(driver, upsert, step, participant_id, statement_id, value)
    else:
        rows = _run_on_postgres(driver, upsert, participant_id, statement_id, value,
                                alone=is_whole_use_case(session))
    if not rows:
        return None
    vote = _as_vote(rows[0])
    _tell_the_session(session, vote, participant_id)
    return vote


def _run_on_sqlite(driver, upsert, step, participant_id, statement_id, value) -> list:
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
    cursor = driver.cursor()
    try:
        cursor.execute(upsert.sql, upsert.parameters(
            {"pid": participant_id, "sid": statement_id, "value": value, "now": now}))
        rows = cursor.fetchall()
        if rows:
            cursor.execute(step.sql, step.parameters({"pid": participant_id}))
        return rows
    finally:
        cursor.close()


def _run_on_postgres(driver, upsert, participant_id, statement_id, value, *, alone) -> list:
    # Autocommit only on a connection with no transaction open: never inside a larger one.
    alone = alone and not driver.autocommit and driver.info.transaction_status.name == "IDLE"
    if alone:
        driver.autocommit = True
    cursor = driver.cursor()
    try:
        cursor.execute(upsert.sql, upsert.parameters(
            {"pid": participant_id, "sid": statement_id, "value": value, "now": utcnow()}),
            prepare=True)
        return cursor.fetchall()
    finally:
        cursor.close()
        if alone and not driver.closed:
            driver.autocommit = False


def _as_vote(row: tuple) -> Vote:
    values = dict(zip(_VOTE_COLUMNS, row, strict=True))
    for stamp in ("created_at", "updated_at"):
        moment = values[stamp]
        if isinstance(moment, str):  # SQLite keeps UTC without an offset
            moment = datetime.fromisoformat(moment)
        values[stamp] = moment.replace(tzinfo=UTC) if moment.utcoffset() is None \
            else moment.astimezone(UTC)
    return Vote.model_construct(**values)


def _tell_the_session(session: Session, vote: Vote, participant_id: int) -> None:
    """Objects the session already holds, brought in line with what was just written behind
    its back (the ORM did not see the statement)."""
    if not session.identity_map:
        return
    stale = session.identity_map.get(identity_key(Vote, vote.id))
    if stale is not None:
        session.expire(stale)
    participant = session.identity_map.get(identity_key(Participant, participant_id))
    if participant is not None and participant.step in BEFORE_VOTING:
        set_committed_value(participant, "step", JourneyStep.VOTING)


def _upsert_statement(dialect: str):
    """INSERT ... SELECT ... ON CONFLICT DO UPDATE: the vote is written only where the rules
    of the module's docstring hold. On PostgreSQL the participant's row is locked, as in every
    other write of theirs, and the step moves on to voting in the same statement (a
    data-modifying WITH); on SQLite that is ``_STEP_TO_VOTING``, run after it."""
    p, s, d, c = Participant, Statement, Dialogue, Consent
    later = aliased(Consent)
    # "No later consent" rather than max(id): PostgreSQL turns max(id) into a backward walk
    # of the whole consent primary key whenever its statistics are missing (measured: 4,000
    # rows read per vote on a freshly loaded table); this form always uses the participant's
    # index.
    latest = ~select(later.id).where(later.participant_id == p.id, later.id > c.id).exists()
    stamp = Vote.__table__.c.created_at.type
    source = (
        select(p.id, s.id, s.dialogue_id, bindparam("value", type_=Integer),
               bindparam("now", type_=stamp), bindparam("now", type_=stamp))
        .select_from(p)
        .join(s, (s.id == bindparam("sid")) & (s.dialogue_id == p.dialogue_id)
              & (s.status == ModerationStatus.ACCEPTED.value))
        .join(d, (d.id == p.dialogue_id) & (d.status == DialogueStatus.OPEN.value))
        .join(c, c.participant_id == p.id)
        .where(p.id == bindparam("pid"), p.withdrawn_at.is_(None), latest,
               c.report.is_(True), c.version >= d.consent_version)
        .with_for_update(of=p)
    )
    table = Vote.__table__
    dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    statement = dialect_insert(table).from_select(
        ["participant_id", "statement_id", "dialogue_id", "value", "created_at", "updated_at"],
        source,
    )
    upsert = statement.on_conflict_do_update(
        index_elements=["participant_id", "statement_id"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    ).returning(*table.c)
    if dialect == "sqlite":
        return upsert
    voted = upsert.cte("voted")
    step = _STEP_TO_VOTING.where(select(voted.c.id).exists()).cte("step")
    return select(*voted.c).add_cte(step)


@dataclass(frozen=True)
class _Compiled:
    """A statement as the driver takes it: SQL text, and the parameter names in order
    (positional drivers) or None (named), with the values that never change."""

    sql: str
    order: tuple[str, ...] | None
    constants: dict

    @classmethod
    def of(cls, statement, dialect, *given: str) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        state = compiled.construct_expanded_state(dict.fromkeys(given, 0))  # IN (...) lists
        order = tuple(state.positiontup) if compiled.positional else None
        constants = {name: v for name, v in state.parameters.items() if name not in given}
        return cls(state.statement, order, constants)

    def parameters(self, values: dict):
        values = {**self.constants, **values}
        return values if self.order is None else tuple(values[name] for name in self.order)


_COMPILED: dict[str, tuple[_Compiled, _Compiled]] = {}


def _compiled_for(dialect) -> tuple[_Compiled, _Compiled]:
    """The upsert and the step update, compiled once per dialect per process."""
    compiled = _COMPILED.get(dialect.name)
    if compiled is None:
        compiled = _COMPILED[dialect.name] = (
            _Compiled.of(_upsert_statement(dialect.name), dialect, "pid", "sid", "value", "now"),
            _Compiled.of(_STEP_TO_VOTING, dialect, "pid"),
        )
    return compiled
