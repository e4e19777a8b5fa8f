"""Sign-in as a UK public body would run it: password rules at every place a password is set,
one answer (and one argon2 check) for every refusal, and failed sign-ins throttled per account
and per browser, counted in the database so that every replica sees them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.db import make_engine, new_session
from engagement.errors import AuthenticationFailed, InvalidInput
from engagement.models import AuditEvent, RateLimit, User
from engagement.services import staff

PASSWORD = "correct horse battery"
WRONG = "wrong horse battery!"


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)

        def advance(self, **delta) -> None:
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(staff, "utcnow", lambda: clock.now)
    return clock


@pytest.fixture
def verifications(monkeypatch):
    """Every argon2 verification sign-in runs, as (hash, password) pairs."""
    calls: list[tuple[str, str]] = []
    real = staff.verify_password

    def counted(password_hash: str, password: str) -> bool:
        calls.append((password_hash, password))
        return real(password_hash, password)

    monkeypatch.setattr(staff, "verify_password", counted)
    return calls


@pytest.fixture
def admin(session) -> User:
    return staff.create_user(session=session, username="ada", password=PASSWORD, role="admin",
                             by=SYSTEM_CLI)


def attempt(session, username, password, browser: str | None = None) -> str:
    try:
        staff.authenticate(session=session, username=username, password=password,
                           browser=browser)
    except AuthenticationFailed as err:
        return str(err)
    return "ok"


# --- Password rules where a password is set ------------------------------------------------


@pytest.mark.parametrize(("password", "why"), [
    ("aaaaaaaaaaaa", "too common"),  # the finding: it was accepted
    ("Password1234!", "too common"),
    ("carol-carol-2026", "cannot contain the username"),  # the finding: it was accepted
    ("I am CAROL really", "cannot contain the username"),
])
def test_create_user_refuses_common_passwords_and_the_username(session, password, why):
    with pytest.raises(InvalidInput, match=why):
        staff.create_user(session=session, username="carol", password=password, role="board",
                          by=SYSTEM_CLI)
    assert session.exec(select(User)).all() == []
    assert session.exec(select(AuditEvent)).all() == []


def test_reset_password_refuses_them_too_and_its_random_password_passes(session, admin,
                                                                       facilitator):
    before = session.get(User, facilitator.id).password_hash
    for bad in ("aaaaaaaaaaaa", "fran-new-password"):
        with pytest.raises(InvalidInput):
            staff.reset_password(session=session, user_id=facilitator.id, by=admin,
                                 password=bad)
    session.expire_all()
    assert session.get(User, facilitator.id).password_hash == before
    made = staff.reset_password(session=session, user_id=facilitator.id, by=admin)
    assert attempt(session, "fran", made) == "ok"


# --- One answer, one verification ---------------------------------------------------------


def _refusals(session, admin, facilitator, clock) -> dict[str, str]:
    """The answer to each kind of refused sign-in."""
    board = staff.create_user(session=session, username="bob", password=PASSWORD,
                              role="board", by=SYSTEM_CLI)
    staff.deactivate(session=session, user_id=board.id, by=admin)
    answers = {
        "unknown name": attempt(session, "nobody", PASSWORD),
        "malformed name": attempt(session, "No Body!", PASSWORD),
        "not text": attempt(session, None, None),
        "wrong password": attempt(session, "fran", WRONG),
        "deactivated": attempt(session, "bob", PASSWORD),
    }
    for _ in range(staff.MAX_FAILED_LOGINS):
        attempt(session, "fran", WRONG)
    answers["locked, right password"] = attempt(session, "fran", PASSWORD)
    answers["locked, wrong password"] = attempt(session, "fran", WRONG)
    for _ in range(staff.SIGNIN_BY_BROWSER.attempts):
        attempt(session, "nobody", WRONG, browser="tab-1")
    answers["browser paused, right password"] = attempt(session, "ada", PASSWORD,
                                                        browser="tab-1")
    return answers


def test_every_refusal_has_the_same_words(session, admin, facilitator, clock):
    answers = _refusals(session, admin, facilitator, clock)
    assert len(answers) == 8
    assert set(answers.values()) == {staff.SIGN_IN_REFUSED}, answers


def test_every_path_runs_exactly_one_verification(session, admin, facilitator, clock,
                                                  verifications):
    """A locked account used to answer at once (~1 ms) and an unknown name after an argon2
    check (~115 ms): the time told which names exist. Now each path verifies once."""
    board = staff.create_user(session=session, username="bob", password=PASSWORD,
                              role="board", by=SYSTEM_CLI)
    staff.deactivate(session=session, user_id=board.id, by=admin)
    for _ in range(staff.MAX_FAILED_LOGINS):
        attempt(session, "fran", WRONG)
    for _ in range(staff.SIGNIN_BY_BROWSER.attempts):
        attempt(session, "nobody", WRONG, browser="tab-1")
    paths = [("nobody", PASSWORD, None), ("No Body!", PASSWORD, None), (None, None, None),
             ("ada", WRONG, None), ("bob", PASSWORD, None), ("fran", PASSWORD, None),
             ("fran", WRONG, None), ("ada", PASSWORD, "tab-1"), ("ada", PASSWORD, "tab-2")]
    for username, password, browser in paths:
        verifications.clear()
        attempt(session, username, password, browser)
        assert len(verifications) == 1, (username, browser)
    assert attempt(session, "ada", PASSWORD, "tab-2") == "ok"


# --- Throttling per account and per browser ----------------------------------------------


def test_one_browser_spraying_names_is_paused_then_let_go(session, admin, facilitator, clock):
    limit = staff.SIGNIN_BY_BROWSER
    for number in range(limit.attempts):
        assert attempt(session, f"name{number}", WRONG, browser="tab-1") \
            == staff.SIGN_IN_REFUSED
    assert attempt(session, "fran", PASSWORD, browser="tab-1") == staff.SIGN_IN_REFUSED
    assert attempt(session, "fran", PASSWORD, browser="tab-2") == "ok"  # another browser
    assert attempt(session, "fran", PASSWORD) == "ok"
    clock.advance(minutes=14, seconds=59)
    assert attempt(session, "fran", PASSWORD, browser="tab-1") == staff.SIGN_IN_REFUSED
    clock.advance(seconds=2)
    assert attempt(session, "fran", PASSWORD, browser="tab-1") == "ok"
    # The browser's id is kept only as a hash.
    session.rollback()
    keys = [row.key for row in session.exec(select(RateLimit))]
    assert keys and not any("tab-1" in key for key in keys)


def test_failures_spread_over_a_long_time_do_not_pause_a_browser(session, facilitator, clock):
    for _ in range(3 * staff.SIGNIN_BY_BROWSER.attempts):
        assert attempt(session, "nobody", WRONG, browser="tab-1") == staff.SIGN_IN_REFUSED
        clock.advance(minutes=2)
    assert attempt(session, "fran", PASSWORD, browser="tab-1") == "ok"


def test_an_account_locks_whichever_browsers_the_guesses_come_from(session, facilitator,
                                                                   clock):
    for number in range(staff.MAX_FAILED_LOGINS):
        attempt(session, "fran", WRONG, browser=f"tab-{number}")
    assert attempt(session, "fran", PASSWORD, browser="fresh-tab") == staff.SIGN_IN_REFUSED


def test_replicas_share_the_browser_counts(db_url, session, facilitator, clock):
    """Two engines on one database (as two replicas): failures from either count for one."""
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        for number in range(staff.SIGNIN_BY_BROWSER.attempts):
            with new_session(engines[number % 2]) as replica:
                attempt(replica, "nobody", WRONG, browser="tab-1")
        for engine in engines:
            with new_session(engine) as replica:
                assert attempt(replica, "fran", PASSWORD, browser="tab-1") \
                    == staff.SIGN_IN_REFUSED
    finally:
        for engine in engines:
            engine.dispose()
