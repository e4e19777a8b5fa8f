"""The browser key: a random, signed, HttpOnly cookie that lets a staff sign-in outlive a reload.

Streamlit's script runs cannot set cookies, and a token in the address would leak through
history, screenshots and the Referer header. So the server gives every browser a random key
when its page opens its WebSocket (an ASGI middleware, ``BrowserKeyMiddleware``, wired in by
``serve.py``). The cookie is HttpOnly (no script can read it), SameSite=Strict, Secure with the
``__Host-`` prefix under HTTPS, and signed with the server's cookie secret (the one Streamlit's
replicas already share), so a forged or altered value is refused before any lookup. The key
alone signs nobody in: a sign-in binds it, server side, to the account and its session epoch
(``engagement.services.staff.keep_session``); sign-out, a password reset, a deactivation and
idle time-out end that binding. Standard library only: no Streamlit, no web framework.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable

PLAIN_NAME = "engagement_staff_key"
SECURE_NAME = "__Host-engagement_staff_key"  # browsers accept it only Secure, Path=/, no Domain
NAMES = (SECURE_NAME, PLAIN_NAME)
_KEY_BYTES = 32
_PURPOSE = b"engagement browser key v1:"


def _signature(key: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), _PURPOSE + key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_cookie_value(secret: str) -> tuple[str, str]:
    """A fresh key and its signed cookie value ``key.signature``."""
    key = secrets.token_urlsafe(_KEY_BYTES)
    return key, f"{key}.{_signature(key, secret)}"


def verified(value: object, secret: object) -> str | None:
    """The key a cookie value carries, or None when it is absent, malformed or not signed
    with this secret."""
    if not isinstance(value, str) or not isinstance(secret, str) or not secret:
        return None
    key, dot, signature = value.partition(".")
    if not dot or len(key) < 40 or len(value) > 200:
        return None
    if not hmac.compare_digest(signature, _signature(key, secret)):
        return None
    return key


def key_from_cookies(cookies: object, secret: object) -> str | None:
    """The verified key among a request's cookies (the ``__Host-`` one first)."""
    if not hasattr(cookies, "get"):
        return None
    for name in NAMES:
        key = verified(cookies.get(name), secret)
        if key is not None:
            return key
    return None


def lookup_hash(key: str) -> str:
    """What the database keeps instead of the key: a stolen table opens no browser."""
    return hashlib.sha256(key.encode()).hexdigest()


# --- The ASGI middleware ----------------------------------------------------------------


def _cookie_header(headers: list[tuple[bytes, bytes]]) -> str:
    return "; ".join(v.decode("latin-1") for k, v in headers if k.lower() == b"cookie")


def _request_cookies(header: str) -> dict[str, str]:
    """Parsed as Starlette parses it (the later of two same-named cookies wins), so that this
    check and the session reading ``st.context.cookies`` see the same value."""
    jar: dict[str, str] = {}
    for chunk in header.split(";"):
        name, _, value = chunk.partition("=")
        if name.strip():
            jar[name.strip()] = value.strip()
    return jar


def _is_secure(scope: dict, headers: list[tuple[bytes, bytes]]) -> bool:
    if scope.get("scheme") in ("https", "wss"):
        return True
    forwarded = dict((k.lower(), v) for k, v in headers).get(b"x-forwarded-proto", b"")
    return forwarded.split(b",")[0].strip().lower() == b"https"


def set_cookie_header(value: str, *, secure: bool) -> str:
    """The Set-Cookie line: a session cookie (gone when the browser closes), never readable by
    scripts, never sent with another site's requests."""
    name = SECURE_NAME if secure else PLAIN_NAME
    line = f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"
    return line + "; Secure" if secure else line


class BrowserKeyMiddleware:
    """Gives a browser its key when its page opens the WebSocket, if it has no valid one.

    The WebSocket handshake is the one request every page view makes from our own origin, so
    the Strict cookie is always sent with it, even when the page was opened from a link in
    another site or an e-mail. The new key goes into the handshake's own Cookie header, so the
    session that opens now reads it at once (``st.context.cookies``), and into the 101
    response's Set-Cookie, so the browser sends it from then on. Plain HTTP requests pass
    through untouched."""

    def __init__(self, app, secret: Callable[[], str]):
        self.app = app
        self.secret = secret

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        secret = self.secret()
        headers = list(scope.get("headers", []))
        header = _cookie_header(headers)
        if key_from_cookies(_request_cookies(header), secret) is not None or not secret:
            await self.app(scope, receive, send)
            return
        secure = _is_secure(scope, headers)
        _, value = new_cookie_value(secret)
        # Last, so that it wins over a forged one of the same name.
        cookie = f"{SECURE_NAME if secure else PLAIN_NAME}={value}"
        cookie = f"{header}; {cookie}" if header else cookie
        headers = [(k, v) for k, v in headers if k.lower() != b"cookie"]
        headers.append((b"cookie", cookie.encode("latin-1")))
        set_cookie = set_cookie_header(value, secure=secure).encode("latin-1")

        async def send_with_cookie(message):
            if message["type"] == "websocket.accept":
                message = {**message,
                           "headers": [*message.get("headers", []), (b"set-cookie", set_cookie)]}
            await send(message)

        await self.app({**scope, "headers": headers}, receive, send_with_cookie)
