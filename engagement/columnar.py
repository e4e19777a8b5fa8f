"""Columnar database I/O on the session's own connection (storage layer: the use cases in
services call it, and never reach the driver themselves).

``read_vote_columns``: a dialogue's votes read as columns straight into numpy arrays, without
a Python object per vote (at 5 million votes, the driver's rows alone cost about 5 s of CPU).
``insert_rows``: many rows of one table written in one driver call (a snapshot's 100,000
lineage rows: 1.6 s of CPU through SQLAlchemy's insert, 0.4 s this way, busy machine).
``insert_repeated``: rows equal but for one integer column (a snapshot's lineage of its
voters), written by one statement on SQLite: 0.17 s of CPU for 100,000 rows, against 0.5 s
for ``insert_rows``' executemany.
``read_rows``: a query's rows as the driver returns them (no SQLAlchemy row per row).

- SQLite: each column comes back as one comma-separated text (``group_concat``, half a
  million vote ids at a time) that numpy parses in C; on the session's own connection, so the
  read sees exactly what the session's transaction sees (and, for ``run_analysis``, every
  other range on a second connection at the same time: ``read_votes_and_sums``).
- SQLite vote blocks (table ``vote_block``, migration 0014): ``run_analysis`` keeps each
  range of a dialogue's votes it has read, lying wholly below the vote table's last id, as
  four binary columns with the range's sums; later reads take those ranges from the blocks
  (5 M votes: 1.4 s instead of 6.5 s of CPU here). A second copy of votes, so the database
  keeps it true, not the callers: triggers on the vote table delete a block when one of its
  votes is changed or deleted (a withdrawal deletes the blocks with the participant's votes
  in its own transaction), and a reader counts each block's range on the (dialogue, id)
  index and reads it anew if a vote was added inside it. Blocks are read only where those
  triggers exist, and only for a whole dialogue's votes.
- PostgreSQL (psycopg): each column as one ``array_agg`` array in binary (a million vote ids
  at a time), parsed by numpy, on the session's own connection.
- Other drivers: the driver's rows, fetched in batches.

Tried and dropped: the ADBC SQLite driver (``adbc-driver-sqlite``) reads the columns in about
1.5 s of CPU, but it carries its own, statically linked SQLite; two SQLite libraries on one
database file in one process can release each other's POSIX locks (sqlite.org, "How To
Corrupt An SQLite Database File", 2.2.1), and a test saw it read stale votes.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Float,
    Select,
    Table,
    bindparam,
    cast,
    create_engine,
    func,
    insert,
)
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool, StaticPool
from sqlmodel import Session

from engagement.models import Vote

SQLITE_CHUNK_VOTES = 500_000  # vote ids per read: bounds each text (14 MB for the times)
FETCH_ROWS = 65_536


def vote_columns(session: Session) -> tuple:
    """participant_id, statement_id, value and the first vote time (no Python datetime per
    vote): PostgreSQL gives epoch seconds; SQLite the stored text, which read_vote_columns
    turns into epoch seconds exact to the microsecond (julianday's floating point was off by
    up to tens of microseconds, and SQLite's strftime costs twice as much CPU)."""
    if session.get_bind().dialect.name == "sqlite":
        first_at = Vote.created_at  # the stored text: numpy parses it (read_vote_columns)
    else:
        # date_part gives double precision directly; EXTRACT gives numeric (PostgreSQL 14+),
        # whose arithmetic costs the server seconds at 5 M votes
        first_at = cast(func.date_part("epoch", Vote.created_at), Float(53))
    return (
        cast(Vote.participant_id, BigInteger).label("participant_id"),
        cast(Vote.statement_id, BigInteger).label("statement_id"),
        cast(Vote.value, BigInteger).label("value"),
        first_at.label("first_at"),
    )


def read_vote_columns(session: Session, query: Select) -> tuple[np.ndarray, ...]:
    """Run ``query`` (selecting the four ``vote_columns``, none NULL, from ``Vote``; on
    SQLite only its FROM and WHERE are used) and return them as int64, int64, int64 and
    float64 (seconds) arrays."""
    return read_votes_and_sums(session, query)[0]


@dataclass(frozen=True)
class VoteSums:
    """Aggregates of the votes read, for the votes' version: how many, the sum of their ids,
    the sum of value x id, the latest change (as the database's driver returns it)."""

    count: int
    id_sum: int
    value_id_sum: int
    last_change: object


def read_votes_and_sums(session: Session, query: Select, *, second_reader: bool = False,
                        blocks_of: int | None = None,
                        ) -> tuple[tuple[np.ndarray, ...], VoteSums | None]:
    """``read_vote_columns`` and, on SQLite, the ``VoteSums`` of the same rows taken in the
    same pass (a second pass over 5 M votes costs about 1 s of CPU); None elsewhere.

    ``second_reader``: on a SQLite file, every other range of vote ids is read on a second
    connection in a thread, at the same time (SQLite leaves Python's lock while it runs a
    query: on two cores the read takes about half the time). Only for a caller whose
    transaction holds SQLite's write lock and has written nothing yet (``run_analysis``'s own
    transaction): then no one can commit while it runs, and a second connection, which
    begins after that lock was taken, sees exactly what the session sees.

    ``blocks_of``: ``query`` is exactly the votes of this dialogue (no other condition): on
    SQLite, ranges kept as vote blocks are read from them (see ``_kept_blocks``), and, with
    ``second_reader`` (the caller holds the write lock), the ranges read now are kept."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return _sqlite_concat(session, query, second_reader=second_reader,
                              blocks_of=blocks_of)
    if bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg":
        return _postgres_arrays(session, query), None
    return _fetched(session, query), None


def _sqlite_concat(session: Session, query: Select, *, second_reader: bool = False,
                   blocks_of: int | None = None) -> tuple[tuple[np.ndarray, ...], VoteSums]:
    """One flat aggregate per range of SQLITE_CHUNK_VOTES vote ids: no sub-query (a
    sub-query's co-routine copies every row once more: 30% slower), and the version's sums in
    the same pass (0.1 s of CPU per million votes, against 0.24 s for their own query). The
    four texts come from the same rows in the same scan, so they stay aligned."""
    connection = session.connection()
    low, high = _id_span(connection, query)
    if low is None:
        return _empty(), VoteSums(0, 0, 0, None)
    texts = query.with_only_columns(
        func.group_concat(Vote.participant_id), func.group_concat(Vote.statement_id),
        func.group_concat(Vote.value), func.group_concat(Vote.created_at),
        func.count(), func.sum(Vote.id), func.sum(Vote.value * Vote.id),
        func.max(Vote.updated_at),
    ).where(Vote.id > bindparam("after"), Vote.id <= bindparam("upto"))
    # ranges on a fixed grid of vote ids, so that a kept block keeps its place
    ranges = list(range((low - 1) // SQLITE_CHUNK_VOTES * SQLITE_CHUNK_VOTES, high,
                        SQLITE_CHUNK_VOTES))
    blocks = blocks_of is not None and _blocks_kept_true(connection)
    kept = _kept_blocks(connection, blocks_of) if blocks else []
    kept_at = {after for after, _, _ in kept}
    ranges = [after for after in ranges if after not in kept_at]
    if second_reader and len(ranges) > 1 and _on_a_file(session):
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="second reader") as pool:
            theirs = pool.submit(_on_second_connection, session.get_bind(), texts, ranges[1::2])
            fresh = _read_ranges(connection, texts, ranges[0::2]) + theirs.result()
    else:
        fresh = _read_ranges(connection, texts, ranges)
    if blocks and second_reader:
        _keep_blocks(connection, blocks_of, fresh)
    read = sorted(fresh + kept, key=lambda part: part[0])  # in vote-id order
    sums = VoteSums(0, 0, 0, None)
    for _, _, part in read:
        sums = VoteSums(sums.count + part.count, sums.id_sum + part.id_sum,
                        sums.value_id_sum + part.value_id_sum,
                        part.last_change if sums.last_change is None
                        else max(sums.last_change, part.last_change))
    if not read:
        return _empty(), sums
    pids, sids, values, first_at = (np.concatenate([columns[i] for _, columns, _ in read])
                                    for i in range(4))
    if not len(pids) == len(sids) == len(values) == len(first_at) == sums.count:
        raise RuntimeError("the vote columns read from SQLite differ in length")
    return (pids, sids, values, first_at), sums


def _id_span(connection: Connection, query: Select) -> tuple[int | None, int | None]:
    """The lowest and highest vote id ``query`` selects (None, None when none): the ranges of
    vote ids both readers walk."""
    low, high = (connection.execute(query.with_only_columns(edge(Vote.id))).scalar()
                 for edge in (func.min, func.max))
    return low, high


def _read_ranges(connection: Connection, texts: Select, starts: Sequence[int]
                 ) -> list[tuple[int, tuple[np.ndarray, ...], VoteSums]]:
    """The votes of the ranges of vote ids after each of ``starts``, each as its start, its
    four columns and its sums (ranges without votes left out)."""
    read = []
    for after in starts:
        *columns, count, id_sum, value_id_sum, changed = connection.execute(
            texts, {"after": after, "upto": after + SQLITE_CHUNK_VOTES}).one()
        if count == 0:
            continue
        *ids_and_values, times = columns
        arrays = tuple(np.fromstring(text, dtype=np.int64, sep=",") for text in ids_and_values)
        read.append((after, (*arrays, _epoch_seconds(times, count)),
                     VoteSums(count, id_sum, value_id_sum, changed)))
    return read


_BLOCK_TRIGGERS = ("vote_block_on_update", "vote_block_on_delete")  # migration 0014
_BLOCK_COLUMNS = ("after_id", "upto_id", "vote_count", "id_sum", "value_id_sum", "last_change",
                  "participant_ids", "statement_ids", "vote_values", "first_at")
_BLOCK_TYPES = (np.int64, np.int64, np.int8, np.float64)


def _blocks_kept_true(connection: Connection) -> bool:
    """Vote blocks are used only where the database itself keeps them true: the migration's
    triggers delete a block when one of its votes changes or is deleted. (A database made
    without the migrations has the table but not the triggers.)"""
    names = ", ".join("?" for _ in _BLOCK_TRIGGERS)
    found = connection.exec_driver_sql(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'vote' "
        f"AND name IN ({names})", _BLOCK_TRIGGERS).scalar()
    return found == len(_BLOCK_TRIGGERS)


def _kept_blocks(connection: Connection, dialogue_id: int
                 ) -> list[tuple[int, tuple[np.ndarray, ...], VoteSums]]:
    """The dialogue's vote blocks that still hold exactly its votes in their range: the
    triggers delete a block whose vote changed or went; a vote added inside a block's range
    (a vote id used again after the table's last vote was deleted) changes the range's count,
    which is checked here, on the vote table's (dialogue, id) index."""
    rows = connection.exec_driver_sql(
        f"SELECT {', '.join(_BLOCK_COLUMNS)} FROM vote_block WHERE dialogue_id = ?",
        (dialogue_id,)).all()
    kept = []
    for after, upto, count, id_sum, value_id_sum, changed, *blobs in rows:
        if upto - after != SQLITE_CHUNK_VOTES:
            continue  # kept on another grid
        # one count per range on the (dialogue, id) index: 0.04 s per 500,000 votes (a
        # GROUP BY over all of them sorts them all: 3.5 s at 5 M)
        if connection.exec_driver_sql(
                "SELECT count(*) FROM vote WHERE dialogue_id = ? AND id > ? AND id <= ?",
                (dialogue_id, after, upto)).scalar() != count:
            continue
        columns = tuple(np.frombuffer(blob, dtype=kind).astype(
            np.int64 if kind is np.int8 else kind) for blob, kind in zip(
            blobs, _BLOCK_TYPES, strict=True))
        if any(len(column) != count for column in columns):
            continue
        kept.append((after, columns, VoteSums(count, id_sum, value_id_sum,
                                              datetime.fromisoformat(changed))))
    return kept


def _keep_blocks(connection: Connection, dialogue_id: int,
                 read: list[tuple[int, tuple[np.ndarray, ...], VoteSums]]) -> None:
    """Keep the ranges just read as vote blocks, in the caller's transaction (which holds the
    write lock), but only ranges that lie wholly below the vote table's last id: new votes
    go after it, so a range still open to them is never kept."""
    last = connection.exec_driver_sql("SELECT max(id) FROM vote").scalar() or 0
    rows = [
        (dialogue_id, after, after + SQLITE_CHUNK_VOTES, sums.count, sums.id_sum,
         sums.value_id_sum, sums.last_change.isoformat(),
         *(np.ascontiguousarray(column, dtype=kind).tobytes()
           for column, kind in zip(columns, _BLOCK_TYPES, strict=True)))
        for after, columns, sums in read
        if after + SQLITE_CHUNK_VOTES <= last and isinstance(sums.last_change, datetime)
    ]
    if rows:
        marks = ", ".join("?" for _ in range(len(_BLOCK_COLUMNS) + 1))
        connection.exec_driver_sql(
            f"INSERT OR REPLACE INTO vote_block (dialogue_id, {', '.join(_BLOCK_COLUMNS)}) "
            f"VALUES ({marks})", rows)


def _on_second_connection(engine: Engine, texts: Select, starts: Sequence[int]
                          ) -> list[tuple[int, tuple[np.ndarray, ...], VoteSums]]:
    with _reader_engine(engine.url).connect() as connection:  # reads begin after the lock
        return _read_ranges(connection, texts, starts)


@lru_cache(maxsize=4)
def _reader_engine(url: URL) -> Engine:
    """A connection outside the session engine's pool: the second reader must never wait
    for a pooled connection while its caller holds the write lock (writers waiting for that
    very lock may hold every pooled one). Plain reads: SQLite's WAL lets them run beside the
    caller's transaction."""
    return create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})


def _on_a_file(session: Session) -> bool:
    """A database file that a second connection opens as the same database (an in-memory
    one would be another, empty database)."""
    bind = session.get_bind()
    return not isinstance(bind.pool, StaticPool) and bind.url.database not in (
        None, "", ":memory:") and "mode=memory" not in str(bind.url)


_STORED_TIME = 26  # SQLAlchemy writes SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC)


def _epoch_seconds(text: str, count: int) -> np.ndarray:
    """Comma-separated stored datetimes -> float epoch seconds, parsed by numpy in C."""
    if len(text) == count * (_STORED_TIME + 1) - 1:  # all of the usual width: a fixed view
        fixed = np.frombuffer((text + ",").encode("ascii"), dtype=f"S{_STORED_TIME + 1}")
        stamps = fixed.astype(f"S{_STORED_TIME}").astype("datetime64[us]")
    else:  # written some other way (e.g. without microseconds)
        stamps = np.array(text.split(","), dtype="datetime64[us]")
    return stamps.astype(np.int64) / 1_000_000


def _literal_sql(session: Session, query: Select) -> str:
    # Only whole numbers (ids) are bound in these queries, so inlining them is safe.
    dialect = session.get_bind().dialect
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


POSTGRES_CHUNK_VOTES = 1_000_000  # vote ids per query: bounds each array (12 MB a column)
_ARRAY_KINDS = (">i8", ">i8", ">i8", ">f8")  # the four vote_columns, as PostgreSQL sends them
_ARRAY_HEADER = 20  # a one-dimensional array: dimensions, flags, element type, length, base


@lru_cache(maxsize=1)
def _array_bytes_loader() -> type:
    """psycopg's loader for a binary array result that keeps its bytes: numpy parses them (no
    Python object per element). Made when first needed: the SQLite path never imports
    psycopg."""
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    class ArrayBytes(Loader):
        format = Format.BINARY

        def load(self, data) -> bytes:
            return bytes(data)

    return ArrayBytes


def _postgres_arrays(session: Session, query: Select) -> tuple[np.ndarray, ...]:
    """The four columns as ``array_agg`` arrays in binary, one query per range of
    POSTGRES_CHUNK_VOTES vote ids. (COPY ... TO STDOUT sends a message per row, and psycopg
    hands each to Python: 4.9 M iterations, about 10 s of CPU at 100,000 participants.) The
    four aggregates of one query take the same rows in the same order, so they stay aligned;
    on the session's own connection and transaction."""
    connection = session.connection()
    low, high = _id_span(connection, query)
    if low is None:
        return _empty()
    arrays = query.with_only_columns(*(func.array_agg(getattr(column, "element", column))
                                       for column in query.selected_columns))
    from psycopg.postgres import types as postgres_types

    raw = connection.connection.driver_connection
    parts = []
    with raw.cursor(binary=True) as cursor:
        for kind in ("int8", "float8"):
            cursor.adapters.register_loader(postgres_types[kind].array_oid,
                                            _array_bytes_loader())
        for after in range(low - 1, high, POSTGRES_CHUNK_VOTES):
            part = arrays.where(Vote.id > after, Vote.id <= after + POSTGRES_CHUNK_VOTES)
            row = cursor.execute(_literal_sql(session, part)).fetchone()
            if row[0] is not None:  # no votes in the range: the aggregates are NULL
                parts.append([_array_values(data, kind)
                              for data, kind in zip(row, _ARRAY_KINDS, strict=True)])
    if not parts:
        return _empty()
    columns = tuple(np.concatenate([part[i] for part in parts]).astype(native)
                    for i, native in enumerate((np.int64, np.int64, np.int64, np.float64)))
    if len({len(column) for column in columns}) != 1:
        raise RuntimeError("the vote columns read from PostgreSQL differ in length")
    return columns


def _array_values(data: bytes, kind: str) -> np.ndarray:
    """A one-dimensional binary array without NULLs (PostgreSQL's array_send: a header, then
    a 32-bit length and the value per element, big-endian) -> its values."""
    dimensions, has_null = (int.from_bytes(data[at:at + 4], "big") for at in (0, 4))
    if dimensions != 1 or has_null:
        raise RuntimeError("PostgreSQL sent a NULL or an unexpected array in a vote column")
    count = int.from_bytes(data[12:16], "big")
    cells = np.frombuffer(data, dtype=[("width", ">i4"), ("value", kind)],
                          offset=_ARRAY_HEADER)
    if len(cells) != count or np.any(cells["width"] != 8):
        raise RuntimeError("PostgreSQL sent an unexpected width in a vote column")
    return cells["value"]


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


def insert_rows(session: Session, table: Table, columns: Sequence[str],
                rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples of plain values in ``columns`` order, already in their stored
    form: ints and text, no type processing) on the session's own connection, in its
    transaction: executemany on SQLite, COPY on PostgreSQL (psycopg), SQLAlchemy elsewhere."""
    if not rows:
        return
    bind = session.get_bind()
    connection = session.connection()  # begins the session's transaction if need be
    quote = bind.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    raw = connection.connection.driver_connection
    if bind.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",
                               rows)
        finally:
            cursor.close()
    elif bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg":
        sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        connection.execute(insert(table), [dict(zip(columns, row, strict=True))
                                           for row in rows])


def insert_repeated(session: Session, table: Table, constants: dict[str, int | str | None],
                    column: str, values: Sequence[int]) -> None:
    """Insert one row per integer in ``values`` (in that order): ``column`` set to it, the
    other ``constants`` the same in every row. On SQLite one ``INSERT ... SELECT`` over
    ``json_each`` of the integers (SQLite builds the rows itself: no Python tuple, no bound
    parameter per row); elsewhere ``insert_rows``."""
    if not len(values):
        return
    bind = session.get_bind()
    names = (*constants, column)
    if bind.dialect.name != "sqlite":
        fixed = tuple(constants.values())
        insert_rows(session, table, names, [(*fixed, int(v)) for v in values])
        return
    quote = bind.dialect.identifier_preparer.quote
    marks = ", ".join("?" for _ in constants)
    ids = np.asarray(values, dtype=np.int64)
    raw = session.connection().connection.driver_connection  # in the session's transaction
    cursor = raw.cursor()
    try:
        cursor.execute(
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
            f"SELECT {marks}, value FROM json_each(?) ORDER BY key",
            (*constants.values(), "[" + ",".join(map(str, ids.tolist())) + "]"),
        )
    finally:
        cursor.close()


def read_rows(session: Session, query: Select) -> list[tuple]:
    """``query``'s rows as the driver's tuples, on the session's connection: no SQLAlchemy
    row or type processing per row (100,000 rows: about 0.05 s of CPU instead of 0.3 s). Only
    for columns the driver returns in their final form (integers, text)."""
    return session.connection().execute(query).cursor.fetchall()
