"""Random, truncated and garbled Pol.is export folders (Hypothesis): the importer either
imports or refuses with ImportFailed (a DomainError), never a traceback, and a refusal leaves
the database exactly as it was; each test sees both outcomes. Runs on SQLite and PostgreSQL
(tests/conftest.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import SQLModel

from engagement.actors import SYSTEM_INTEROP
from engagement.errors import DomainError
from engagement.interop import import_polis
from tests.support.polis_files import COMMENTS, PARTICIPANT_VOTES, SUMMARY, VOTES

COMMENT_HEADER = COMMENTS.split("\n", 1)[0].split(",")
VOTE_HEADER = VOTES.split("\n", 1)[0].split(",")

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
    database=None,
)


# --- Strategies --------------------------------------------------------------------------


@st.composite
def garbled(draw, text: str) -> bytes:
    """``text`` unchanged, cut off, or with bytes inserted, deleted or overwritten."""
    data = text.encode()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["cut", "insert", "delete", "overwrite", "insert_text"]))
        if op == "cut":
            data = data[:at]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif op == "insert_text":
            piece = draw(st.sampled_from([",", '"', "\n", "\r", "\x00", "-", "9" * 20, "\ufeff"]))
            data = data[:at] + piece.encode() + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 20)):]
        else:
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 4:]
    return data


SMALL_ID = st.integers(0, 5).map(str)
NUMBER_TEXT = st.one_of(
    st.integers(-(10**3), 10**60).map(str),  # longer ids: test_overlong_ids (known bug)
    st.sampled_from(["", " 1", "01", "1.0", "1e3", "-0", "٣", "²", "0x1", "nan", "+1"]),
    st.text(max_size=6),
)
VALID_MS = st.integers(1_400_000_000_000, 1_700_000_000_000).map(str)
TIMESTAMP_TEXT = st.one_of(
    VALID_MS,
    st.integers().map(str),
    st.text(max_size=6),
)
BODY = st.one_of(
    st.text(),
    st.sampled_from(["", "=1+1", "'=1+1", "\x00", "x" * 20_000, "a\r\nb", '"quoted"']),
)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def generated(draw) -> dict[str, bytes]:
    """Well-formed CSV files whose values are anything: ids, votes, times, bodies."""
    # Mostly plausible values (so that some files import), sometimes anything.
    ms = st.one_of(VALID_MS, VALID_MS, TIMESTAMP_TEXT)
    number = st.one_of(SMALL_ID, SMALL_ID, NUMBER_TEXT)
    vote = st.one_of(st.sampled_from(["-1", "0", "1"]), NUMBER_TEXT)
    comments = draw(st.lists(st.tuples(
        ms, st.just("x"), number, st.one_of(st.just(""), number), st.just("0"), st.just("0"),
        st.one_of(st.sampled_from(["-1", "0", "1"]), NUMBER_TEXT), BODY,
    ), max_size=6, unique_by=lambda c: c[2]))
    ids = [c[2] for c in comments] or ["0"]
    votes = draw(st.lists(st.tuples(
        ms, st.just("x"), st.one_of(st.sampled_from(ids), NUMBER_TEXT), number, vote,
    ), max_size=8))
    files = {
        "comments.csv": _csv(COMMENT_HEADER, [list(c) for c in comments]),
        "votes.csv": _csv(VOTE_HEADER, [list(v) for v in votes]),
    }
    summary = draw(st.one_of(st.none(), st.lists(st.tuples(
        st.sampled_from(["topic", "url", "conversation-description", "other"]), BODY,
    ), max_size=3)))
    if summary is not None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(summary)
        files["summary.csv"] = out.getvalue().encode()
    return files


# --- The check ---------------------------------------------------------------------------


def snapshot(session) -> dict[str, tuple[int, str]]:
    session.rollback()
    state = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
        state[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    session.rollback()
    return state


class Importer:
    """Writes each example's files into a new folder, imports it and checks the outcome."""

    def __init__(self, session, root: Path):
        self.session, self.root = session, root
        self.numbers = itertools.count(1)
        import_polis(session=session, folder=self.write({
            "comments.csv": COMMENTS.encode(), "votes.csv": VOTES.encode(),
        # so that a partial write would show in non-zero counts
        }), slug="existing", by=SYSTEM_INTEROP)
        self.state = snapshot(session)
        self.outcomes: dict[str, int] = {}

    def write(self, files: dict[str, bytes | None]) -> Path:
        folder = self.root / f"conversation-{next(self.numbers)}"
        folder.mkdir()
        for name, data in files.items():
            if data is not None:
                (folder / name).write_bytes(data)
        return folder

    def __call__(self, files: dict[str, bytes | None]) -> None:
        folder = self.write(files)
        try:
            import_polis(session=self.session, folder=folder, slug=f"fuzz-{folder.name}",
                         by=SYSTEM_INTEROP)
        except DomainError as err:
            self.outcomes[type(err).__name__] = self.outcomes.get(type(err).__name__, 0) + 1
            after = snapshot(self.session)
            changed = {t for t in after if after[t] != self.state[t]}
            assert not changed, f"{type(err).__name__} ({err}) but tables changed: {changed}"
            return
        self.outcomes["ok"] = self.outcomes.get("ok", 0) + 1
        self.state = snapshot(self.session)

    def assert_mixed(self) -> None:
        """Some folders were imported and some refused: a run that only ever refuses (or
        only ever imports) says nothing about bad input."""
        refused = sum(n for kind, n in self.outcomes.items() if kind != "ok")
        assert self.outcomes.get("ok", 0) > 0 and refused > 0, f"outcomes: {self.outcomes}"


@pytest.fixture
def importer(session, tmp_path) -> Importer:
    return Importer(session, tmp_path)


# --- Tests -------------------------------------------------------------------------------


LONG_ID = "9" * 80  # more digits than an external id (64 characters) holds


@pytest.mark.parametrize("column", ["comment-id", "author-id", "voter-id"])
def test_overlong_ids(importer, column):
    comments, votes = COMMENTS, VOTES
    if column == "voter-id":
        votes = VOTES.replace("x,0,2,1", f"x,0,{LONG_ID},1")
    elif column == "author-id":
        comments = COMMENTS.replace("2017,0,0,1,0,1", f"2017,0,{LONG_ID},1,0,1")
    else:
        comments = COMMENTS.replace("2017,2,1,0,0,0", f"2017,{LONG_ID},1,0,0,0")
    importer({"comments.csv": comments.encode(), "votes.csv": votes.encode()})
    if importer.outcomes.get("ok"):  # SQLite stores them: refuse there too for the same file
        pytest.fail(f"an id of {len(LONG_ID)} digits was imported")


def test_garbled_comments_and_votes(importer):
    @SETTINGS
    @given(comments=garbled(COMMENTS), votes=garbled(VOTES))
    @example(comments=COMMENTS.encode(), votes=VOTES.encode())
    @example(comments=COMMENTS.encode()[:-10], votes=VOTES.encode())
    @example(comments=COMMENTS.encode(), votes=VOTES.encode()[:-3])
    @example(comments=b"", votes=b"")
    @example(comments=COMMENTS.encode().replace(b"Buses", b"\xff\xfe"), votes=VOTES.encode())
    @example(comments=COMMENTS.encode().replace(b"Buses", b"\x00"), votes=VOTES.encode())
    def attempt(comments, votes):
        importer({"comments.csv": comments, "votes.csv": votes, "summary.csv": SUMMARY.encode()})

    attempt()
    importer.assert_mixed()


def test_garbled_participants_votes_and_summary(importer):
    @SETTINGS
    @given(comments=garbled(COMMENTS), participant_votes=garbled(PARTICIPANT_VOTES),
           summary=st.one_of(st.none(), garbled(SUMMARY)))
    @example(comments=COMMENTS.encode(), participant_votes=PARTICIPANT_VOTES.encode(),
             summary=None)
    @example(comments=COMMENTS.encode(), participant_votes=b"", summary=None)
    def attempt(comments, participant_votes, summary):
        importer({"comments.csv": comments, "participants-votes.csv": participant_votes,
                  "summary.csv": summary})

    attempt()
    importer.assert_mixed()


def test_generated_values(importer):
    @SETTINGS
    @given(files=generated())
    @example(files={"comments.csv": _csv(COMMENT_HEADER, []),
                    "votes.csv": _csv(VOTE_HEADER, [])})
    @example(files={"comments.csv": COMMENTS.encode(), "votes.csv": VOTES.encode()})
    def attempt(files):
        importer(files)

    attempt()
    importer.assert_mixed()


def test_random_bytes(importer):
    @SETTINGS
    @given(comments=st.one_of(st.none(), st.binary(max_size=300)),
           votes=st.one_of(st.none(), st.binary(max_size=300)))
    @example(comments=COMMENTS.encode(), votes=VOTES.encode())  # bytes that are a valid file
    def attempt(comments, votes):
        importer({"comments.csv": comments, "votes.csv": votes})

    attempt()
    importer.assert_mixed()
