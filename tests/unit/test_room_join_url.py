"""The join link on the room's screen: from ENGAGEMENT_PUBLIC_URL, the code filled in, and a
clear one-line refusal of anything that is not a web address."""

from __future__ import annotations

import pytest

from engagement.errors import InvalidInput
from engagement.qr import qr_png
from engagement.services.room import join_url


def test_the_default_address_is_the_local_app(monkeypatch):
    monkeypatch.delenv("ENGAGEMENT_PUBLIC_URL", raising=False)
    assert join_url("INSURE") == "http://localhost:8501/?join=INSURE"


def test_the_configured_address_is_used_and_the_code_encoded(monkeypatch):
    monkeypatch.setenv("ENGAGEMENT_PUBLIC_URL", "https://dialogue.example.org/app/")
    assert join_url("A B&C") == "https://dialogue.example.org/app/?join=A+B%26C"


@pytest.mark.parametrize("value", ["javascript:alert(1)", "dialogue.example.org",
                                   "ftp://example.org", "https://example.org/?x=1",
                                   "https://example.org/#top", "https://"])
def test_an_address_that_is_not_a_web_address_is_refused(monkeypatch, value):
    monkeypatch.setenv("ENGAGEMENT_PUBLIC_URL", value)
    with pytest.raises(InvalidInput, match="ENGAGEMENT_PUBLIC_URL must be a web address"):
        join_url("INSURE")


def test_the_qr_code_is_a_png_made_here():
    image = qr_png("http://localhost:8501/?join=INSURE")
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert qr_png("http://localhost:8501/?join=OTHER") != image
