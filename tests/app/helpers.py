"""Helpers for the AppTest suite: a migrated, seeded SQLite file and ways to drive the pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from engagement.actors import SYSTEM_CLI
from engagement.db import make_engine
from engagement.migrate import upgrade
from engagement.services import dialogues, staff

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "streamlit_app.py"
PASSWORD = "correct horse battery"
JOIN_CODE = "TEST01"
SEEDS = ("Statement one", "Statement two", "Statement three")
TIMEOUT = 30


@dataclass
class Seeded:
    url: str
    dialogue_id: int
    session_id: int
    facilitator_id: int
    board_id: int

    @contextmanager
    def db(self) -> Iterator[Session]:
        """A database session on the app's database, to check what the pages stored."""
        engine = make_engine(self.url)
        try:
            with Session(engine, expire_on_commit=False) as session:
                yield session
        finally:
            engine.dispose()


def seed_database(url: str) -> Seeded:
    """Schema by migration; a facilitator, a board member and an open dialogue with a session."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            fran = staff.create_user(
                session=session, username="fran", password=PASSWORD, role="facilitator",
                by=SYSTEM_CLI
            )
            bob = staff.create_user(session=session, username="bob", password=PASSWORD,
                                    role="board", by=SYSTEM_CLI)
            dialogue = dialogues.create_dialogue(
                session=session, slug="test-dialogue", template="blank",
                title="Test dialogue", join_code=JOIN_CODE, by=fran,
            )
            for text in SEEDS:
                dialogues.add_seed_statement(
                    session=session, dialogue_id=dialogue.id, text=text, by=fran
                )
            row = dialogues.add_session(
                session=session, dialogue_id=dialogue.id, name="Evening online", by=fran
            )
            dialogues.set_status(session=session, dialogue_id=dialogue.id, status="open", by=fran)
            return Seeded(url, dialogue.id, row.id, fran.id, bob.id)
    finally:
        engine.dispose()


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def staff_on(user_id: int, path: str, **query: str) -> AppTest:
    """A staff member's signed-in browser session on a page (the sign-in form itself is tested
    in test_staff.py): the marks a sign-in leaves, a first run, then the page."""
    at = new_app(**query)
    at.session_state["user_id"] = user_id
    at.session_state["session_epoch"] = 0
    at.session_state["last_seen"] = datetime.now(UTC)
    ok(at.run(timeout=TIMEOUT))
    at.switch_page(path)
    return ok(at.run(timeout=TIMEOUT))


def ok(at: AppTest) -> AppTest:
    """The run raised nothing: no exception element on the page."""
    assert not at.exception, [(e.value, *e.stack_trace) for e in at.exception]
    return at


def button(at: AppTest, label: str):
    """The one button (form submit buttons included) with this label."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, (label, [b.label for b in at.button])
    return found[0]


def click(at: AppTest, label: str) -> AppTest:
    button(at, label).click()
    return ok(at.run(timeout=TIMEOUT))


def widget(elements, label: str):
    found = [w for w in elements if w.label == label]
    assert len(found) == 1, (label, [w.label for w in elements])
    return found[0]


def texts(at: AppTest) -> str:
    """Everything a person could read on the page, as one string (for `in` checks)."""
    parts: list[str] = []
    for kind in ("title", "subheader", "header", "markdown", "caption", "text", "info",
                 "success", "warning", "error", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts + flashes(at))


def flashes(at: AppTest) -> list[str]:
    """The confirmations shown by pages/_ui/messages.show_flash (a box of the app's own, not
    st.success: the status region is what announces them)."""
    from pages._ui.messages import FLASH_CLASS

    shown = [e.proto.body for e in at.get("html") if f'class="{FLASH_CLASS}"' in e.proto.body]
    return [html.unescape(re.sub(r"<span[^>]*>.*?</span>|<[^>]+>", "", body)).strip()
            for body in shown]


def errors(at: AppTest) -> list[str]:
    """The error messages as a person reads them (the pages escape Markdown in them)."""
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.error]


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.switch_page("pages/staff_login.py")
    ok(at.run(timeout=TIMEOUT))
    widget(at.text_input, "Username").input(username)
    widget(at.text_input, "Password").input(password)
    return click(at, "Sign in")
