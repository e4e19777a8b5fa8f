"""When the app process's line of runs is long, a participant's page says so while it waits."""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from tests.app.helpers import JOIN_CODE, click, new_app, ok, texts, widget

NOTICE = "Many people are taking part right now"


class LongLine:
    """A gate with many runs in line. ``stops=True``: the page run is still waiting when the
    run ends, so the page shows what a participant sees meanwhile."""

    def __init__(self, *, stops: bool = False, waiting: int = 25) -> None:
        self.stops, self.line = stops, waiting

    def waiting(self) -> int:
        return self.line

    @contextmanager
    def admit(self, _priority):
        if self.stops:
            st.stop()
        yield


def first_page(monkeypatch, gate):
    """The first page a visitor gets (the run that goes through streamlit_app.py, where the
    page run's gate is; AppTest's later runs go straight to the page file)."""
    import pages._ui as ui

    monkeypatch.setattr(ui, "_GATE", gate)
    return ok(new_app().run())


def test_a_page_waiting_in_a_long_line_says_so(seeded, monkeypatch):
    at = first_page(monkeypatch, LongLine(stops=True))
    assert NOTICE in texts(at)
    assert not at.text_input, "the page is drawn before its turn"


def test_the_notice_goes_once_the_page_has_its_turn(seeded, monkeypatch):
    at = first_page(monkeypatch, LongLine())
    assert NOTICE not in texts(at)
    widget(at.text_input, "Join code").input(JOIN_CODE)
    assert "Join this dialogue" in [b.label for b in click(at, "Find my dialogue").button]


def test_a_short_line_shows_no_notice(seeded, monkeypatch):
    at = first_page(monkeypatch, LongLine(stops=True, waiting=3))
    assert NOTICE not in texts(at)
