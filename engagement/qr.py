"""QR codes made on this machine (segno), for the join link on the room's screen: no image is
fetched from anywhere."""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=32)
def qr_png(text: str, *, scale: int = 12) -> bytes:
    """A PNG of the QR code for ``text``, black on white with the standard quiet zone, at
    error-correction level M (readable from a projected screen at an angle)."""
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
