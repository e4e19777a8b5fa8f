"""The browser key cookie (engagement/browser_key.py): only values signed with the server's
secret are accepted, and the middleware gives a browser without one a fresh key on its
WebSocket handshake, HttpOnly, SameSite=Strict, Secure with the __Host- prefix under HTTPS."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import cookie_parser

from engagement.browser_key import (
    NAMES,
    PLAIN_NAME,
    SECURE_NAME,
    BrowserKeyMiddleware,
    key_from_cookies,
    new_cookie_value,
    verified,
)

SECRET = "a" * 64


def test_a_value_signed_with_the_secret_gives_its_key():
    key, value = new_cookie_value(SECRET)
    assert len(key) >= 43 and verified(value, SECRET) == key


def test_keys_are_not_repeated():
    keys = {new_cookie_value(SECRET)[0] for _ in range(1000)}
    assert len(keys) == 1000


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:]


def test_any_altered_character_is_refused():
    key, value = new_cookie_value(SECRET)
    altered = [_flip(value, i) for i in range(len(value)) if value[i] != "."]
    assert len(altered) > 80
    assert [v for v in altered if verified(v, SECRET) is not None] == []


@pytest.mark.parametrize("secret", ["b" * 64, "", None])
def test_another_or_no_secret_is_refused(secret):
    _, value = new_cookie_value(SECRET)
    assert verified(value, secret) is None


@pytest.mark.parametrize("value", [None, "", ".", "x" * 43, "x" * 43 + ".", 7, "é" * 50 + ".x",
                                   "x" * 300])
def test_malformed_values_are_refused(value):
    assert verified(value, SECRET) is None


def test_the_secure_name_is_read_first():
    plain_key, plain = new_cookie_value(SECRET)
    secure_key, secure = new_cookie_value(SECRET)
    assert key_from_cookies({PLAIN_NAME: plain, SECURE_NAME: secure}, SECRET) == secure_key
    assert key_from_cookies({PLAIN_NAME: plain, SECURE_NAME: "forged"}, SECRET) == plain_key
    assert key_from_cookies(None, SECRET) is None


# --- The middleware ----------------------------------------------------------------------


def _handshake(scope_extra: dict, cookie: str | None = None):
    """One WebSocket handshake through the middleware: what the app saw, what was sent."""
    seen, sent = {}, []
    headers = [(b"host", b"example.test")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))

    async def inner(scope, receive, send):
        seen["cookies"] = cookie_parser(
            "; ".join(v.decode() for k, v in scope["headers"] if k == b"cookie"))
        await send({"type": "websocket.accept", "subprotocol": None})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "websocket.connect"}

    scope = {"type": "websocket", "scheme": "ws", "headers": headers, **scope_extra}
    asyncio.run(BrowserKeyMiddleware(inner, secret=lambda: SECRET)(scope, receive, send))
    set_cookies = [v.decode() for k, v in sent[0].get("headers", []) if k == b"set-cookie"]
    return seen["cookies"], set_cookies


def test_a_browser_without_a_key_gets_one_it_cannot_read_from_scripts():
    cookies, set_cookies = _handshake({}, cookie="_streamlit_xsrf=2|a|b|c")
    assert len(set_cookies) == 1
    line = set_cookies[0]
    assert line.startswith(f"{PLAIN_NAME}=")
    attributes = {a.strip() for a in line.split(";")[1:]}
    assert attributes == {"Path=/", "HttpOnly", "SameSite=Strict"}
    value = line.split(";")[0].split("=", 1)[1]
    # The session opening now reads the same key, and keeps the browser's other cookies.
    assert cookies[PLAIN_NAME] == value and verified(value, SECRET) is not None
    assert cookies["_streamlit_xsrf"] == "2|a|b|c"


def test_a_browser_with_a_valid_key_keeps_it():
    _, value = new_cookie_value(SECRET)
    cookies, set_cookies = _handshake({}, cookie=f"x=1; {PLAIN_NAME}={value}")
    assert set_cookies == []
    assert cookies[PLAIN_NAME] == value


def test_a_forged_key_is_replaced_and_never_reaches_the_app():
    forged = "A" * 43 + "." + "B" * 43
    cookies, set_cookies = _handshake({}, cookie=f"{PLAIN_NAME}={forged}")
    assert len(set_cookies) == 1
    assert cookies[PLAIN_NAME] != forged and verified(cookies[PLAIN_NAME], SECRET)


@pytest.mark.parametrize("extra", [{"scheme": "wss"},
                                   {"headers": [(b"x-forwarded-proto", b"https")]}])
def test_under_https_the_cookie_is_secure_with_the_host_prefix(extra):
    _, set_cookies = _handshake(extra)
    assert len(set_cookies) == 1
    assert set_cookies[0].startswith(f"{SECURE_NAME}=")
    assert "Secure" in {a.strip() for a in set_cookies[0].split(";")}
    assert "Domain" not in set_cookies[0]


def test_plain_http_requests_pass_through_untouched():
    calls = []

    async def inner(scope, receive, send):
        calls.append(scope)

    scope = {"type": "http", "headers": []}
    asyncio.run(BrowserKeyMiddleware(inner, secret=lambda: SECRET)(scope, None, None))
    assert calls == [scope]
    assert NAMES == (SECURE_NAME, PLAIN_NAME)
