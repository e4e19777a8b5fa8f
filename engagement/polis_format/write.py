"""Writing Pol.is export files from plain Python values (no database here).

The files are written next to their final names and moved into place only when all four are
complete, so a failed export never leaves a half-written set behind.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from engagement.errors import Conflict
from engagement.files import open_private, private_folder
from engagement.polis_format.read import datetime_to_ms, guard_formula

# The leading columns of participants-votes.csv as Pol.is writes them (the reader finds
# columns by name, so it also takes newer exports with xid after participant).
PARTICIPANT_VOTE_LEAD = ("participant", "group-id", "n-comments", "n-votes", "n-agree",
                         "n-disagree")

FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
NOTICE = "NOTICE.txt"  # beside the four files, when the data needs a word of warning
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class OutComment:
    comment_id: str
    author_id: str | None
    moderated: int
    body: str
    created_at: datetime


@dataclass(frozen=True)
class OutVote:
    voter_id: str
    comment_id: str
    value: int
    at: datetime


def id_order(key: str) -> tuple[int, int, str]:
    """Numeric ids in numeric order, then any other ids in text order."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def polis_datetime(moment: datetime) -> str:
    """Pol.is's human-readable column (Java's Date.toString), in UTC, locale-independent."""
    m = moment.astimezone(UTC)
    return (
        f"{_DAYS[m.weekday()]} {_MONTHS[m.month - 1]} {m.day:02d} "
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d} UTC {m.year}"
    )


def _rows_comments(comments: Sequence[OutComment], votes: Sequence[OutVote]) -> Iterable[list]:
    agrees: dict[str, int] = {}
    disagrees: dict[str, int] = {}
    for vote in votes:
        if vote.value == 1:
            agrees[vote.comment_id] = agrees.get(vote.comment_id, 0) + 1
        elif vote.value == -1:
            disagrees[vote.comment_id] = disagrees.get(vote.comment_id, 0) + 1
    yield ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
           "moderated", "comment-body"]
    for c in sorted(comments, key=lambda c: id_order(c.comment_id)):
        yield [
            datetime_to_ms(c.created_at),
            polis_datetime(c.created_at),
            c.comment_id,
            c.author_id if c.author_id is not None else "",
            agrees.get(c.comment_id, 0),
            disagrees.get(c.comment_id, 0),
            c.moderated,
            guard_formula(c.body),
        ]


def _rows_votes(votes: Sequence[OutVote]) -> Iterable[list]:
    yield ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    for v in sorted(votes, key=lambda v: (id_order(v.comment_id), id_order(v.voter_id))):
        yield [datetime_to_ms(v.at), polis_datetime(v.at), v.comment_id, v.voter_id, v.value]


def _rows_participant_votes(
    participants: Sequence[str],
    comments: Sequence[OutComment],
    votes: Sequence[OutVote],
    groups: Mapping[str, int],
) -> Iterable[list]:
    comment_ids = sorted((c.comment_id for c in comments), key=id_order)
    column = {cid: i for i, cid in enumerate(comment_ids)}
    authored: dict[str, int] = {}
    for c in comments:
        if c.author_id is not None:
            authored[c.author_id] = authored.get(c.author_id, 0) + 1
    cells: dict[str, list] = {p: [""] * len(comment_ids) for p in participants}
    for v in votes:
        cells[v.voter_id][column[v.comment_id]] = v.value
    yield [*PARTICIPANT_VOTE_LEAD, *comment_ids]
    for p in sorted(participants, key=id_order):
        row = cells[p]
        given = [value for value in row if value != ""]
        yield [
            p,
            groups.get(p, ""),
            authored.get(p, 0),
            len(given),
            sum(1 for value in given if value == 1),
            sum(1 for value in given if value == -1),
            *row,
        ]


def _rows_summary(summary: Sequence[tuple[str, object]]) -> Iterable[list]:
    for key, value in summary:
        yield [key, guard_formula(value) if isinstance(value, str) else value]


def write_folder(
    folder: Path,
    *,
    comments: Sequence[OutComment],
    votes: Sequence[OutVote],
    participants: Sequence[str],
    groups: Mapping[str, int],
    summary: Sequence[tuple[str, object]],
    overwrite: bool = False,
    notice: str | None = None,
) -> list[Path]:
    """Write the four files, and NOTICE.txt when there is a notice to go with them (e.g.
    that the participants are synthetic); refuse to replace existing files unless overwrite
    is set. Overwriting without a notice removes an earlier one: it no longer applies."""
    folder = private_folder(folder)
    if not overwrite:
        existing = [name for name in (*FILES, NOTICE) if (folder / name).exists()]
        if existing:
            raise Conflict(
                f"The folder {folder} already holds {', '.join(existing)}. "
                "Choose an empty folder or allow overwriting."
            )
    tables = {
        "comments.csv": _rows_comments(comments, votes),
        "votes.csv": _rows_votes(votes),
        "participants-votes.csv": _rows_participant_votes(participants, comments, votes, groups),
        "summary.csv": _rows_summary(summary),
    }
    written: list[tuple[Path, Path]] = []
    try:
        for name, rows in tables.items():
            final = folder / name
            temporary = folder / f".{name}.partial"
            written.append((temporary, final))
            with open_private(temporary, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows(rows)
        if notice:
            temporary = folder / f".{NOTICE}.partial"
            written.append((temporary, folder / NOTICE))
            with open_private(temporary, "w", encoding="utf-8") as handle:
                handle.write(notice + "\n")
        for temporary, final in written:
            os.replace(temporary, final)
        if not notice:
            (folder / NOTICE).unlink(missing_ok=True)
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
    return [final for _, final in written]
