"""Bad input for the live-day console's use cases (Hypothesis), as tests/integration/
test_fuzz_services.py does for the others: each call ends in success or a DomainError, and a
refused call leaves every row of every table as it was. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from datetime import date, datetime, time

import pytest
from hypothesis import strategies as st

from engagement.errors import InvalidInput
from engagement.services import dialogues, moderation
from tests.integration.test_fuzz_services import (  # noqa: F401  (fixtures)
    ANY,
    BAD_IDS,
    HUGE,
    arg,
    cheap_argon2,
    fuzz,
    with_each,
    world,
)


def test_edit_seed_statement(session, world):  # noqa: F811
    unvoted = world.statement_ids[1]
    valid = {"statement_id": unvoted, "text": "Reworded seed statement", "by": world.user}
    fuzz(session, dialogues.edit_seed_statement, st.fixed_dictionaries({
        "statement_id": arg(*world.statement_ids, *world.pending_ids),
        "text": arg("Reworded seed statement", "Statement three", "Another wording"),
        "by": st.just(world.user),
    }), examples=[
        valid,
        *with_each(valid, "text", [None, 5, "x" * HUGE, "?!", "\x00"]),
        *with_each(valid, "statement_id", BAD_IDS),
        {**valid, "statement_id": world.statement_ids[0]},  # voted on
    ])


def test_delete_seed_statement(session, world):  # noqa: F811
    outcomes = fuzz(session, dialogues.delete_seed_statement, st.fixed_dictionaries({
        "statement_id": arg(*world.statement_ids, *world.pending_ids),
        "by": st.just(world.user),
    }), examples=[
        {"statement_id": world.statement_ids[1], "by": world.user},
        {"statement_id": world.statement_ids[0], "by": world.user},  # voted on
        *({"statement_id": bad, "by": world.user} for bad in BAD_IDS),
    ])
    assert outcomes["ok"] <= 2  # two unvoted seeds in the open dialogue; the rest refused


def test_edit_session(session, world):  # noqa: F811
    valid = {"session_id": world.session_ids[0], "name": "Renamed session", "by": world.user}
    fuzz(session, dialogues.edit_session, st.fixed_dictionaries(
        {
            "session_id": arg(*world.session_ids),
            "name": arg("Renamed session", "Another name"),
            "by": st.just(world.user),
        },
        optional={
            "mode": arg("online", "workshop"),
            "starts_at": st.one_of(st.none(), st.datetimes(), ANY),
            "location": arg("", "Leeds"),
        },
    ), examples=[
        valid,
        *with_each(valid, "starts_at", [datetime(2030, 1, 1), "2030-01-01", 0, [], math.nan]),
        *with_each(valid, "mode", [[], {}, None]),
        *with_each(valid, "name", [None, "", "x" * HUGE]),
        *with_each(valid, "session_id", BAD_IDS),
    ])


def test_delete_session(session, world):  # noqa: F811
    spare = dialogues.add_session(session=session, dialogue_id=world.open_id, name="Spare",
                                  by=world.user).id
    outcomes = fuzz(session, dialogues.delete_session, st.fixed_dictionaries({
        "session_id": arg(spare, *world.session_ids),
        "by": st.just(world.user),
    }), examples=[
        {"session_id": spare, "by": world.user},
        {"session_id": world.session_ids[0], "by": world.user},  # people joined through it
        *({"session_id": bad, "by": world.user} for bad in BAD_IDS),
    ])
    assert outcomes["ok"] == 1


def test_undo_decision(session, world):  # noqa: F811
    decided = world.pending_ids[0]
    moderation.moderate(session=session, statement_ids=[decided], decision="rejected",
                        reason="spam", by=world.user)
    fuzz(session, moderation.undo_decision, st.fixed_dictionaries({
        "statement_id": arg(decided, *world.pending_ids, *world.statement_ids),
        "by": st.just(world.user),
    }), examples=[
        {"statement_id": decided, "by": world.user},
        *({"statement_id": bad, "by": world.user} for bad in BAD_IDS),
    ])


@pytest.mark.parametrize("day, at", [
    ("2026-12-02", time(18)), (date(2026, 12, 2), "18:00"), (datetime(2026, 12, 2), time(18)),
    (5, None), (None, 18.0), ([], {}), (date(2026, 12, 2), math.nan),
])
def test_a_session_start_of_the_wrong_kind_is_refused(day, at):
    with pytest.raises(InvalidInput):
        dialogues.session_start(day, at)
