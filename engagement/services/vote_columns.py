"""A dialogue's votes read as columns straight into numpy arrays, without a Python object per
vote: at 5 million votes, the driver's rows alone cost about 5 s of CPU on SQLite.

- PostgreSQL (psycopg): ``COPY (query) TO STDOUT (FORMAT BINARY)`` on the session's own
  connection; every row has the same width, so the whole copy is one numpy structured array.
- SQLite file: the ADBC driver (``adbc-driver-sqlite``) hands over Arrow columns, through its
  own read connection. It sees the same votes as the session as long as the session's
  transaction has written nothing yet (checked; see ``db.sqlite_wrote_in_transaction``): in
  WAL mode another connection sees what was committed, and ``run_analysis`` holds the write
  lock (BEGIN IMMEDIATE) while it reads, so nothing can be committed in between.
- Anything else (in-memory SQLite, a transaction that already wrote, other drivers): the
  driver's rows, fetched in batches.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import BigInteger, Float, Select, cast, func
from sqlmodel import Session

from engagement.db import sqlite_wrote_in_transaction
from engagement.models import Vote

# Rows per Arrow batch; the driver's default (1,024) makes the read about 1.5 times slower.
ADBC_BATCH_ROWS = 65_536
FETCH_ROWS = 65_536
_NAMES = ("participant_id", "statement_id", "value", "first_at")


def vote_columns(session: Session) -> tuple:
    """participant_id, statement_id, value and the first vote time in epoch seconds (the
    database converts the times: no Python datetime per vote)."""
    if session.get_bind().dialect.name == "sqlite":
        first_at = (func.julianday(Vote.created_at) - 2440587.5) * 86400.0
    else:
        first_at = func.extract("epoch", Vote.created_at)
    return (
        cast(Vote.participant_id, BigInteger).label("participant_id"),
        cast(Vote.statement_id, BigInteger).label("statement_id"),
        cast(Vote.value, BigInteger).label("value"),
        cast(first_at, Float(53)).label("first_at"),
    )


def read_vote_columns(session: Session, query: Select) -> tuple[np.ndarray, ...]:
    """Run ``query`` (selecting the four ``vote_columns``, none NULL) and
    return them as int64, int64, int64 and float64 arrays."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg":
        return _postgres_copy(session, query)
    if bind.dialect.name == "sqlite" and _sqlite_file(bind) and not sqlite_wrote_in_transaction(
        session
    ):
        return _sqlite_adbc(_sqlite_file(bind), _literal_sql(session, query))
    return _fetched(session, query)


def _literal_sql(session: Session, query: Select) -> str:
    # Only whole numbers (ids) are bound in these queries, so inlining them is safe.
    dialect = session.get_bind().dialect
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _sqlite_file(bind) -> str | None:
    database = bind.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def _sqlite_adbc(path: str, sql: str) -> tuple[np.ndarray, ...]:
    import adbc_driver_manager
    import adbc_driver_sqlite
    import pyarrow

    with (
        adbc_driver_sqlite.connect(path) as database,
        adbc_driver_manager.AdbcConnection(database) as connection,
        adbc_driver_manager.AdbcStatement(connection) as statement,
    ):
        statement.set_sql_query(sql)
        statement.set_options(**{"adbc.sqlite.query.batch_rows": str(ADBC_BATCH_ROWS)})
        stream, _ = statement.execute_query()
        table = pyarrow.RecordBatchReader._import_from_c(stream.address).read_all()
    if table.num_rows == 0:  # an empty result has no typed columns
        return _empty()
    ints = [
        np.asarray(table.column(i).to_numpy(), dtype=np.int64) for i in range(3)
    ]
    return (*ints, np.asarray(table.column(3).to_numpy(), dtype=np.float64))


# COPY BINARY: a 19-byte header, then per row a 16-bit field count and, per field, a 32-bit
# length and the value (big-endian), then a 16-bit -1.
_COPY_ROW = np.dtype(
    [("fields", ">i2")]
    + [
        item
        for name, kind in zip(_NAMES, (">i8", ">i8", ">i8", ">f8"), strict=True)
        for item in ((f"{name}_len", ">i4"), (name, kind))
    ]
)
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00"


def _postgres_copy(session: Session, query: Select) -> tuple[np.ndarray, ...]:
    raw = session.connection().connection.driver_connection
    sql = f"COPY ({_literal_sql(session, query)}) TO STDOUT (FORMAT BINARY)"
    buffer = bytearray()
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for chunk in copy:
            buffer += chunk
    if not buffer.startswith(_COPY_HEADER):
        raise RuntimeError("PostgreSQL sent an unexpected COPY header")
    extension = int.from_bytes(buffer[15:19], "big")
    body = memoryview(buffer)[19 + extension : len(buffer) - 2]
    rows = np.frombuffer(body, dtype=_COPY_ROW)
    if len(rows) and (
        np.any(rows["fields"] != 4)
        or any(np.any(rows[f"{name}_len"] != 8) for name in _NAMES)
    ):
        raise RuntimeError("PostgreSQL sent a NULL or an unexpected width in a vote column")
    return tuple(rows[name].astype(kind) for name, kind in zip(
        _NAMES, (np.int64, np.int64, np.int64, np.float64), strict=True))


def _fetched(session: Session, query: Select) -> tuple[np.ndarray, ...]:
    cursor = session.connection().execute(query).cursor
    parts = []
    while rows := cursor.fetchmany(FETCH_ROWS):
        parts.append(np.array(rows, dtype=np.float64).reshape(-1, 4))
    if not parts:
        return _empty()
    votes = np.concatenate(parts)
    return (*(votes[:, i].astype(np.int64) for i in range(3)), votes[:, 3].copy())


def _empty() -> tuple[np.ndarray, ...]:
    ints = (np.zeros(0, dtype=np.int64) for _ in range(3))
    return (*ints, np.zeros(0, dtype=np.float64))
