"""Small pieces of the Pol.is format: formula guards, times, slugs, id order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from engagement.interop.polis import slug_from_folder
from engagement.polis_format.read import (
    datetime_to_ms,
    guard_formula,
    ms_to_datetime,
    unguard_formula,
)
from engagement.polis_format.write import id_order, polis_datetime

TEXTS = [
    "plain", "=SUM(A1:A2)", "+1 for this", "-1 is my vote", "@everyone", "\tTabbed", "\rCR",
    "'=already guarded?", "''=twice", "'quoted", "'", "", "=", "-", "a=b", "''", "'-'",
]


@pytest.mark.parametrize("text", TEXTS)
def test_formula_guard_is_reversible(text):
    assert unguard_formula(guard_formula(text)) == text


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+1", "-1 is", "@x", "\tx", "'=x"])
def test_formula_guard_defuses_formulas(text):
    guarded = guard_formula(text)
    assert guarded.startswith("'") and guarded[1:] == text


@pytest.mark.parametrize("text", ["plain", "'quoted", "a=b", ""])
def test_harmless_text_is_left_alone(text):
    assert guard_formula(text) == text == unguard_formula(text)


def test_milliseconds_round_trip_exactly():
    for ms in (0, 1, 1403054214196, 1568101622999, 7_258_118_400_000):
        moment = ms_to_datetime(ms)
        assert moment.tzinfo is not None
        assert datetime_to_ms(moment) == ms
    assert ms_to_datetime(1403054214196) == datetime(2014, 6, 18, 1, 16, 54, 196000, tzinfo=UTC)
    plus_seven = timezone(timedelta(hours=7))
    assert datetime_to_ms(datetime(2014, 6, 18, 8, 16, 54, 196000, tzinfo=plus_seven)) == (
        1403054214196
    )


def test_polis_datetime_looks_like_polis():
    # Pol.is writes Java's Date.toString(), e.g. "Wed Jun 18 08:16:54 WIB 2014"; ours is in UTC.
    assert polis_datetime(ms_to_datetime(1403054214196)) == "Wed Jun 18 01:16:54 UTC 2014"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("vtaiwan.uberx", "vtaiwan-uberx"),
        ("scoop-hivemind.biodiversity", "scoop-hivemind-biodiversity"),
        ("15-per-hour-seattle", "15-per-hour-seattle"),
        ("Mini Conversation", "mini-conversation"),
        ("Café ünïcode", "cafe-unicode"),
        ("--x--", "polis-x"),
        ("台灣", "polis-import"),
        ("a" * 100, "a" * 80),
    ],
)
def test_slug_from_folder(name, slug):
    assert slug_from_folder(name) == slug


def test_ids_sort_numerically_then_as_text():
    assert sorted(["10", "2", "x", "0", "b"], key=id_order) == ["0", "2", "10", "b", "x"]
