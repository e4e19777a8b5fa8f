"""Kept staff sign-ins (engagement/browser_key.py + staff.keep_session / resume_session /
end_kept_session) on SQLite and PostgreSQL: a browser key signs in only the account it was
bound to, only while that sign-in holds; sign-out, a password reset, deactivation, idle time
and the day's limit end it; the database keeps no key, only its hash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.browser_key import lookup_hash, new_cookie_value, verified
from engagement.errors import AuthenticationFailed, InvalidInput
from engagement.models import StaffSession, utcnow
from engagement.services import staff

SECRET = "s" * 64
PASSWORD = "correct horse battery"


def _key() -> str:
    key, value = new_cookie_value(SECRET)
    assert verified(value, SECRET) == key
    return key


def _signed_in(session, username: str = "fran"):
    user = staff.authenticate(session=session, username=username, password=PASSWORD)
    key = _key()
    staff.keep_session(session=session, user=user, browser_key=key)
    return user, key


def _rows(session) -> list[StaffSession]:
    session.expire_all()
    return list(session.exec(select(StaffSession)))


def test_a_kept_sign_in_resumes_in_the_same_browser_only(session, facilitator):
    user, key = _signed_in(session)
    assert staff.resume_session(session=session, browser_key=key).user.id == user.id
    assert staff.resume_session(session=session, browser_key=_key()) == (None, "absent")
    rows = _rows(session)
    assert len(rows) == 1
    assert rows[0].key_hash == lookup_hash(key) and key not in rows[0].key_hash
    assert (rows[0].user_id, rows[0].epoch) == (user.id, user.session_epoch)


def test_sign_out_ends_it(session, facilitator):
    _, key = _signed_in(session)
    staff.end_kept_session(session=session, browser_key=key)
    assert staff.resume_session(session=session, browser_key=key) == (None, "absent")
    assert _rows(session) == []


@pytest.mark.parametrize("how", ["password reset", "deactivation"])
def test_a_reset_or_deactivation_ends_it_and_says_so(session, facilitator, how):
    _, key = _signed_in(session)
    if how == "password reset":
        staff.reset_password(session=session, user_id=facilitator.id, by=SYSTEM_CLI)
    else:
        staff.deactivate(session=session, user_id=facilitator.id, by=SYSTEM_CLI)
    assert staff.resume_session(session=session, browser_key=key) == (None, "ended")
    assert _rows(session) == []  # and for good: the row went
    assert staff.resume_session(session=session, browser_key=key) == (None, "absent")


def test_reactivation_does_not_bring_it_back(session, facilitator):
    _, key = _signed_in(session)
    staff.deactivate(session=session, user_id=facilitator.id, by=SYSTEM_CLI)
    staff.reactivate(session=session, user_id=facilitator.id, by=SYSTEM_CLI)
    assert staff.resume_session(session=session, browser_key=key).user is None


def test_idle_time_ends_it_and_activity_keeps_it(session, facilitator):
    _, key = _signed_in(session)
    start = utcnow()
    almost = start + staff.IDLE_LIMIT - timedelta(seconds=1)
    assert staff.resume_session(session=session, browser_key=key, now=almost).user is not None
    # That was activity: the limit counts from it now.
    later = almost + staff.IDLE_LIMIT - timedelta(seconds=1)
    assert staff.resume_session(session=session, browser_key=key, now=later).user is not None
    # Automatic refreshes do not count as activity.
    refresh = later + staff.IDLE_LIMIT - timedelta(seconds=1)
    assert staff.resume_session(session=session, browser_key=key, active=False,
                                now=refresh).user is not None
    idle = later + staff.IDLE_LIMIT + timedelta(seconds=1)
    assert staff.resume_session(session=session, browser_key=key, now=idle) == (None, "idle")
    assert _rows(session) == []


def test_the_days_limit_ends_it_however_active(session, facilitator):
    _, key = _signed_in(session)
    now = utcnow()
    step = staff.IDLE_LIMIT - timedelta(minutes=1)
    while now + step < utcnow() + staff.KEPT_LIMIT:
        now += step
        assert staff.resume_session(session=session, browser_key=key, now=now).user is not None
    now += step
    assert staff.resume_session(session=session, browser_key=key, now=now) == (None, "expired")


def test_signing_in_again_on_the_same_browser_rebinds_the_key(session, facilitator, admin):
    _, key = _signed_in(session)
    staff.keep_session(session=session, user=admin, browser_key=key)
    assert staff.resume_session(session=session, browser_key=key).user.id == admin.id
    assert [r.user_id for r in _rows(session)] == [admin.id]


def test_a_stale_sign_in_cannot_be_kept(session, facilitator):
    # As the page holds it: a copy loaded by the sign-in, before the reset.
    user = staff.authenticate(session=session, username="fran", password=PASSWORD).model_copy()
    staff.reset_password(session=session, user_id=facilitator.id, by=SYSTEM_CLI)
    with pytest.raises(AuthenticationFailed):
        staff.keep_session(session=session, user=user, browser_key=_key())
    assert _rows(session) == []


@pytest.mark.parametrize("junk", [None, "", "short", 42, b"x" * 50, "x" * 500])
def test_junk_keys_are_refused_and_change_nothing(session, facilitator, junk):
    _, key = _signed_in(session)
    assert staff.resume_session(session=session, browser_key=junk) == (None, "absent")
    staff.end_kept_session(session=session, browser_key=junk)
    with pytest.raises(InvalidInput):
        staff.keep_session(session=session, user=facilitator, browser_key=junk)
    assert staff.resume_session(session=session, browser_key=key).user is not None


@pytest.fixture
def admin(session):
    return staff.create_user(session=session, username="ada", password=PASSWORD, role="admin",
                             by=SYSTEM_CLI)
