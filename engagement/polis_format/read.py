"""Reading Pol.is export folders into plain Python values (no database here).

Every problem raises ImportFailed with a message naming the file and the line, so that a person
can open the file and fix it. Line numbers are physical lines (a quoted comment may span several
lines; the number given is the line where the record starts).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import numpy as np

from engagement.errors import ImportFailed

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Pol.is timestamps are epoch milliseconds; refuse anything outside 1990..2200 as garbled.
_MIN_MS = 631_152_000_000
_MAX_MS = 7_258_118_400_000
_INT = re.compile(r"^-?\d+$")
_VOTES = {"1": 1, "-1": -1, "0": 0}

COMMENT_COLUMNS = ("timestamp", "comment-id", "author-id", "moderated", "comment-body")
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
# participants-votes.csv: columns are found by name. A column named by a whole number is the
# vote on that comment; the participant column is needed; every other column (group-id,
# n-votes, ..., and xid, which newer Pol.is versions add after participant) is not read here.
PARTICIPANT_COLUMN = "participant"
# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PolisComment:
    comment_id: str
    author_id: str | None
    moderated: int  # -1 moderated out, 0 unmoderated, 1 moderated in
    body: str
    created_at: datetime
    line: int


class PolisVote(NamedTuple):
    """The vote in force for one (participant, comment): the latest one in the file."""

    voter_id: str
    comment_id: str
    value: int
    first_at: datetime | None  # None when the source had no times (participants-votes.csv)
    last_at: datetime | None


@dataclass(frozen=True)
class PolisVotes:
    """The votes in force, one per (voter, comment), as aligned columns: at millions of votes
    a Python object per vote costs more than everything else in an import."""

    voters: tuple[str, ...]  # canonical participant ids, in order of first appearance
    comments: tuple[str, ...]  # canonical comment ids, in order of first appearance
    voter: np.ndarray  # int64 index into voters, one per vote
    comment: np.ndarray  # int64 index into comments, one per vote
    value: np.ndarray  # int8: 1 agree, -1 disagree, 0 pass
    first_ms: np.ndarray | None  # int64 epoch ms of the first and the latest vote; None
    last_ms: np.ndarray | None  # when the source had no times (participants-votes.csv)

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self) -> Iterator[PolisVote]:
        for i in range(len(self)):
            first = last = None
            if self.first_ms is not None and self.last_ms is not None:
                first = ms_to_datetime(int(self.first_ms[i]))
                last = ms_to_datetime(int(self.last_ms[i]))
            yield PolisVote(self.voters[self.voter[i]], self.comments[self.comment[i]],
                            int(self.value[i]), first, last)


def _first_appearance(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques in order of first appearance) of an integer array."""
    if len(keys) and keys.min() >= 0 and keys.max() < DENSE_KEYS_PER_ROW * len(keys) + 1024:
        return _first_appearance_dense(keys)
    uniques, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    rank = np.argsort(first, kind="stable")
    recode = np.empty(len(uniques), dtype=np.int64)
    recode[rank] = np.arange(len(uniques))
    return recode[codes.ravel()], uniques[rank]


DENSE_KEYS_PER_ROW = 4  # a table of at most this many entries per row (plus 1,024)


def _first_appearance_dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same for small non-negative keys (Pol.is ids count from 0), through a table indexed
    by key instead of a sort: 5 M comment ids in file order, 0.06 s of CPU against 1.06 s."""
    first = np.full(int(keys.max()) + 1, len(keys), dtype=np.int64)
    np.minimum.at(first, keys, np.arange(len(keys), dtype=np.int64))
    present = np.flatnonzero(first < len(keys))
    uniques = present[np.argsort(first[present], kind="stable")]
    code = np.empty(len(first), dtype=np.int64)
    code[uniques] = np.arange(len(uniques), dtype=np.int64)
    return code[keys], uniques.astype(keys.dtype, copy=False)


def _cell_time_order(cell: np.ndarray, ms: np.ndarray | None) -> np.ndarray:
    """Row numbers sorted by cell, then time, then row (the file's order). One stable sort of
    a combined key when cell and time fit in 63 bits together (a Pol.is export: about 27 and
    36 bits): 5 M votes in 0.3 s of CPU, against 1.9 s for np.lexsort's three passes, which
    stays for anything wider."""
    if ms is None:
        return np.argsort(cell, kind="stable")
    if len(cell) == 0:
        return np.zeros(0, dtype=np.int64)
    earliest = int(ms.min())
    time_bits = (int(ms.max()) - earliest).bit_length()  # Python ints: no overflow
    if int(cell.min()) >= 0 and int(cell.max()).bit_length() + time_bits <= 63:
        return np.argsort((cell << time_bits) | (ms - earliest), kind="stable")
    return np.lexsort((np.arange(len(cell)), ms, cell))


def latest_votes(
    voters: tuple[str, ...],
    comments: tuple[str, ...],
    voter: np.ndarray,
    comment: np.ndarray,
    value: np.ndarray,
    ms: np.ndarray | None,
) -> PolisVotes:
    """Rows in file order -> the vote in force per (voter, comment): the latest time wins,
    for equal times (or no times) the later row; the first time is kept too."""
    voter, comment = np.asarray(voter, np.int64), np.asarray(comment, np.int64)
    value = np.asarray(value, np.int8)
    cell = voter * max(len(comments), 1) + comment
    if ms is not None:
        ms = np.asarray(ms, np.int64)
    order = _cell_time_order(cell, ms)
    cells = cell[order]
    new = np.r_[True, cells[1:] != cells[:-1]] if len(cells) else np.zeros(0, bool)
    last = np.r_[new[1:], True] if len(cells) else new
    keep = order[last]
    first_ms = last_ms = None
    if ms is not None:
        first_ms = np.minimum.reduceat(ms[order], np.flatnonzero(new)) if len(cells) else ms
        last_ms = ms[keep]
    return PolisVotes(voters, comments, voter[keep], comment[keep], value[keep],
                      first_ms, last_ms)


@dataclass
class PolisConversation:
    folder: Path
    comments: list[PolisComment]
    votes: PolisVotes
    votes_source: str  # "votes.csv" or "participants-votes.csv"
    vote_rows: int  # rows (or cells) read, before latest-wins
    topic: str | None = None
    description: str | None = None
    url: str | None = None
    summary: dict[str, str] = field(default_factory=dict)


MAX_ID_DIGITS = 64  # the external id columns hold 64 characters


def needs_formula_guard(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula, or when the text already
    looks like a guarded cell (so that guarding stays reversible)."""
    if text.startswith(FORMULA_START):
        return True
    return text.startswith("'") and needs_formula_guard(text[1:])


def guard_formula(text: str) -> str:
    """Prefix an apostrophe to text cells a spreadsheet would run as a formula."""
    return "'" + text if needs_formula_guard(text) else text


def unguard_formula(text: str) -> str:
    """Undo guard_formula: guard_formula and unguard_formula are inverse for every text."""
    if text.startswith("'") and needs_formula_guard(text[1:]):
        return text[1:]
    return text


def ms_to_datetime(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def datetime_to_ms(moment: datetime) -> int:
    if moment.tzinfo is None:  # defensive: the database layer returns aware UTC datetimes
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // timedelta(milliseconds=1)


class _Table:
    """A CSV file read strictly, record by record, with the line each record starts on."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name

    def fail(self, line: int, message: str) -> ImportFailed:
        return ImportFailed(f"{self.name}, line {line}: {message}")

    def _text(self) -> str:
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{self.name} cannot be read: {error.strerror}.") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise self.fail(line, "this line is not UTF-8 text; save the file as UTF-8.") from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text(), newline=""), strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise self.fail(start, f"the file is cut off or badly quoted ({error}).") from None
            if row:  # a blank line is not a record
                yield start, row
            start = reader.line_num + 1

    def positioned(
        self, required: tuple[str, ...]
    ) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
        """Column positions, and the records; every record must be as wide as the header."""
        rows = self.rows()
        try:
            _, header = next(rows)
        except StopIteration:
            raise self.fail(1, "the file is empty; a header line is needed.") from None
        header = [name.strip() for name in header]
        missing = [name for name in required if name not in header]
        if missing:
            raise self.fail(1, f"missing column(s) {', '.join(missing)}.")
        twice = sorted(name for name, count in Counter(header).items() if count > 1)
        if twice:
            raise self.fail(1, f"column {twice[0]!r} appears twice.")
        width = len(header)

        def checked() -> Iterator[tuple[int, list[str]]]:
            for line, row in rows:
                if len(row) != width:
                    raise self.fail(
                        line,
                        f"expected {width} values but found {len(row)} "
                        "(is the line cut off or does it have a stray comma?).",
                    )
                yield line, row

        return {name: header.index(name) for name in header}, checked()

    def records(self, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        """Dicts keyed by column name."""
        position, rows = self.positioned(required)
        names = list(position)
        for line, row in rows:
            yield line, {name: row[position[name]] for name in names}

    def integer(self, line: int, column: str, value: str) -> int:
        if value.isascii() and value.isdigit():  # the common case, fast
            return int(value)
        text = value.strip()
        if not _INT.match(text):
            raise self.fail(line, f"{column} must be a whole number, not {value!r}.")
        return int(text)

    def identifier(self, line: int, column: str, value: str) -> str:
        """Pol.is ids are non-negative whole numbers; keep them as canonical strings."""
        if len(value) > MAX_ID_DIGITS:
            raise self.fail(line, f"{column} is longer than {MAX_ID_DIGITS} digits.")
        if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
            return value  # already canonical: the common case, fast
        number = self.integer(line, column, value)
        if number < 0:
            raise self.fail(line, f"{column} must not be negative ({value!r}).")
        return str(number)

    def milliseconds(self, line: int, value: str) -> int:
        ms = self.integer(line, "timestamp", value)
        if not _MIN_MS <= ms <= _MAX_MS:
            raise self.fail(
                line, f"timestamp {value!r} is not a time in epoch milliseconds (1990-2200)."
            )
        return ms

    def timestamp(self, line: int, value: str) -> datetime:
        return ms_to_datetime(self.milliseconds(line, value))

    def vote(self, line: int, column: str, value: str) -> int:
        known = _VOTES.get(value)
        if known is not None:
            return known
        number = self.integer(line, column, value)
        if number not in (-1, 0, 1):
            raise self.fail(
                line, f"{column} must be 1 (agree), -1 (disagree) or 0 (pass), not {value!r}."
            )
        return number


def read_comments(path: Path) -> list[PolisComment]:
    table = _Table(path)
    comments: list[PolisComment] = []
    seen: dict[str, int] = {}
    for line, record in table.records(COMMENT_COLUMNS):
        comment_id = table.identifier(line, "comment-id", record["comment-id"])
        if comment_id in seen:
            raise table.fail(
                line, f"comment-id {comment_id} appears twice (first on line {seen[comment_id]})."
            )
        seen[comment_id] = line
        author = record["author-id"].strip()
        moderated = table.integer(line, "moderated", record["moderated"])
        if moderated not in (-1, 0, 1):
            raise table.fail(line, f"moderated must be -1, 0 or 1, not {record['moderated']!r}.")
        comments.append(
            PolisComment(
                comment_id=comment_id,
                author_id=table.identifier(line, "author-id", author) if author else None,
                moderated=moderated,
                body=unguard_formula(record["comment-body"]),
                created_at=table.timestamp(line, record["timestamp"]),
                line=line,
            )
        )
    return comments


def _vote_rows(path: Path, comment_ids: set[str]) -> Iterator[tuple[str, str, int, int]]:
    """votes.csv rows in file order, checked: (voter-id, comment-id, vote, epoch ms)."""
    table = _Table(path)
    position, records = table.positioned(VOTE_COLUMNS)
    at_ts, at_comment, at_voter, at_vote = (position[name] for name in VOTE_COLUMNS)
    for line, row in records:
        comment_id = table.identifier(line, "comment-id", row[at_comment])
        if comment_id not in comment_ids:
            raise table.fail(line, f"comment-id {comment_id} is not in comments.csv.")
        voter_id = table.identifier(line, "voter-id", row[at_voter])
        value = table.vote(line, "vote", row[at_vote])
        yield voter_id, comment_id, value, table.milliseconds(line, row[at_ts])


def read_votes(path: Path, comment_ids: set[str]) -> tuple[PolisVotes, int]:
    """votes.csv: the latest vote per (voter, comment) wins; for equal times, the later line.

    A file whose every value is a plain whole number in range is read by pandas' C parser;
    anything else is read again strictly, row by row, which names the file and line of the
    first problem (or accepts what the quick reading could not, e.g. 30-digit ids)."""
    quick = _quick_vote_columns(path, comment_ids)
    if quick is not None:
        return quick
    voter_ids, comment_ids_read, values, times = [], [], [], []
    for voter_id, comment_id, value, ms in _vote_rows(path, comment_ids):
        voter_ids.append(voter_id)
        comment_ids_read.append(comment_id)
        values.append(value)
        times.append(ms)
    voter, voters = _codes(voter_ids)
    comment, comments = _codes(comment_ids_read)
    votes = latest_votes(voters, comments, voter, comment, np.array(values, np.int8),
                         np.array(times, np.int64))
    return votes, len(values)


def _codes(ids: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    lookup: dict[str, int] = {}
    codes = np.fromiter((lookup.setdefault(i, len(lookup)) for i in ids), np.int64, len(ids))
    return codes, tuple(lookup)


def _quick_vote_columns(path: Path, comment_ids: set[str]) -> tuple[PolisVotes, int] | None:
    """votes.csv through pandas when it is plainly valid; None means: read it strictly."""
    import pandas

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if len(set(header)) != len(header) or any(name != name.strip() for name in header):
        return None  # the strict reading says what is wrong
    try:
        frame = pandas.read_csv(
            path, usecols=list(VOTE_COLUMNS), dtype=dict.fromkeys(VOTE_COLUMNS, "int64"),
            encoding="utf-8-sig", engine="c", na_filter=False,
        )
        columns = [frame[name].to_numpy(np.int64) for name in VOTE_COLUMNS]
    except (ValueError, OverflowError, UnicodeDecodeError, pandas.errors.ParserError):
        return None
    ms, comment_raw, voter_raw, value = columns
    # pandas ignores surplus values in a row: every row as wide as the header, or read strictly
    if path.read_bytes().count(b",") != (len(header) - 1) * (len(value) + 1):
        return None
    if len(value) == 0 or (
        voter_raw.min() < 0 or comment_raw.min() < 0 or value.min() < -1 or value.max() > 1
        or ms.min() < _MIN_MS or ms.max() > _MAX_MS
    ):
        return None
    comment, comment_keys = _first_appearance(comment_raw)
    comments = tuple(str(key) for key in comment_keys.tolist())
    if not set(comments) <= comment_ids:
        return None
    voter, voter_keys = _first_appearance(voter_raw)
    voters = tuple(str(key) for key in voter_keys.tolist())
    return latest_votes(voters, comments, voter, comment, value, ms), len(value)


def read_participant_votes(path: Path, comment_ids: set[str]) -> tuple[PolisVotes, int]:
    """participants-votes.csv: one row per participant, one column per comment id."""
    table = _Table(path)
    position, rows = table.positioned((PARTICIPANT_COLUMN,))
    at_participant = position[PARTICIPANT_COLUMN]
    columns: list[tuple[int, str]] = []  # (position, comment-id)
    for name, at in position.items():
        if not (name.isascii() and name.isdigit()):
            continue  # not a comment column
        comment_id = table.identifier(1, "a comment column", name)
        if comment_id not in comment_ids:
            raise table.fail(1, f"column {name!r} is not a comment-id in comments.csv.")
        columns.append((at, comment_id))
    if len({comment_id for _, comment_id in columns}) != len(columns):
        raise table.fail(1, "a comment column appears twice.")
    voter_ids: list[str] = []
    comment_ids_read: list[str] = []
    values: list[int] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        voter_id = table.identifier(line, "participant", row[at_participant])
        if voter_id in seen:
            raise table.fail(
                line, f"participant {voter_id} appears twice (first on line {seen[voter_id]})."
            )
        seen[voter_id] = line
        for at, comment_id in columns:
            cell = row[at]
            if cell.strip():
                voter_ids.append(voter_id)
                comment_ids_read.append(comment_id)
                values.append(table.vote(line, f"the vote on comment {comment_id}", cell))
    voter, voters = _codes(voter_ids)
    comment, comments = _codes(comment_ids_read)
    votes = latest_votes(voters, comments, voter, comment, np.array(values, np.int8), None)
    return votes, len(values)


def read_summary(path: Path) -> dict[str, str]:
    """summary.csv holds key,value lines (no header); unknown keys are kept but unused."""
    table = _Table(path)
    summary: dict[str, str] = {}
    for line, row in table.rows():
        if len(row) < 2:
            raise table.fail(line, "expected a name and a value separated by a comma.")
        summary[row[0].strip()] = unguard_formula(",".join(row[1:]) if len(row) > 2 else row[1])
    return summary


def read_folder(folder: Path) -> PolisConversation:
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportFailed(f"There is no folder {folder}.")
    comments_path = folder / "comments.csv"
    if not comments_path.is_file():
        raise ImportFailed(f"The folder {folder.name} has no comments.csv.")
    comments = read_comments(comments_path)
    ids = {c.comment_id for c in comments}
    if (folder / "votes.csv").is_file():
        votes, rows = read_votes(folder / "votes.csv", ids)
        source = "votes.csv"
    elif (folder / "participants-votes.csv").is_file():
        votes, rows = read_participant_votes(folder / "participants-votes.csv", ids)
        source = "participants-votes.csv"
    else:
        raise ImportFailed(
            f"The folder {folder.name} has neither votes.csv nor participants-votes.csv."
        )
    summary = read_summary(folder / "summary.csv") if (folder / "summary.csv").is_file() else {}
    return PolisConversation(
        folder=folder,
        comments=comments,
        votes=votes,
        votes_source=source,
        vote_rows=rows,
        topic=summary.get("topic") or None,
        description=summary.get("conversation-description") or None,
        url=summary.get("url") or None,
        summary=summary,
    )


@dataclass(frozen=True)
class PolisVoteRecords:
    """A Pol.is folder as the opinion analysis takes it, ids as whole numbers: every row of
    votes.csv in file order (a changed vote appears more than once: the latest time wins,
    which the analysis decides), the comments, and the groups Pol.is itself found."""

    voter_ids: list[int]  # the four vote lists are aligned, one item per votes.csv row
    comment_ids: list[int]
    values: list[int]
    timestamps: list[int]  # epoch milliseconds
    statement_ids: list[int]  # every comment-id in comments.csv, in numeric order
    statement_created: dict[int, int]  # comment-id -> epoch milliseconds
    moderated_out: list[int]  # comment-ids moderated out (moderated -1)
    polis_groups: dict[int, int]  # participant -> group-id, for those Pol.is grouped


def read_vote_records(folder: Path) -> PolisVoteRecords:
    """comments.csv, votes.csv and the group-id column of participants-votes.csv (all three
    needed) read for the opinion analysis, for comparing its groups with Pol.is's own."""
    folder = Path(folder)
    comments = sorted(read_comments(folder / "comments.csv"), key=lambda c: int(c.comment_id))
    rows = list(_vote_rows(folder / "votes.csv", {c.comment_id for c in comments}))
    table = _Table(folder / "participants-votes.csv")
    groups = {
        int(table.identifier(line, "participant", record["participant"])): table.integer(
            line, "group-id", record["group-id"]
        )
        for line, record in table.records(("participant", "group-id"))
        if record["group-id"].strip()
    }
    return PolisVoteRecords(
        voter_ids=[int(voter) for voter, _, _, _ in rows],
        comment_ids=[int(comment) for _, comment, _, _ in rows],
        values=[value for _, _, value, _ in rows],
        timestamps=[ms for _, _, _, ms in rows],
        statement_ids=[int(c.comment_id) for c in comments],
        statement_created={int(c.comment_id): datetime_to_ms(c.created_at) for c in comments},
        moderated_out=[int(c.comment_id) for c in comments if c.moderated == -1],
        polis_groups=groups,
    )
