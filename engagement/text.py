"""Checks and normal forms for text that people type."""

from __future__ import annotations

import re
import unicodedata

from engagement.errors import InvalidInput
from engagement.i18n import Text

STATEMENT_MAX_CHARS = 400
REFLECTION_MAX_CHARS = 2000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def clean_text(text: object, *, what: str, max_chars: int, multiline: bool = False,
               required: bool = True) -> str:
    """Strip control characters and surrounding space; refuse empty (unless not
    ``required``) or over-long text. ``what`` names the text in the message (a participant's
    is marked N_ where it is named, so that the message reads in Welsh too)."""
    what = Text(what)
    if not isinstance(text, str):
        raise InvalidInput(Text("The {what} must be text.", what=what))
    text = _tidy(text, multiline=multiline)
    if not text and required:
        raise InvalidInput(Text("The {what} is empty. Please write something first.",
                                what=what))
    if len(text) > max_chars:
        raise InvalidInput(Text(
            "The {what} is {length} characters long; the limit is {limit}. Please shorten it.",
            what=what, length=len(text), limit=max_chars,
        ))
    return text


def _tidy(text: str, *, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    if multiline:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
        return re.sub(r"\n{3,}", "\n\n", text)
    return _SPACES.sub(" ", text).strip()


def cut_to_limit(text: object, *, max_chars: int, multiline: bool = False) -> str | None:
    """Text that is over the limit once tidied as ``clean_text`` tidies it, cut to the limit
    (a long paste is kept, shortened, rather than lost); None when it fits or is not text."""
    if not isinstance(text, str):
        return None
    tidied = _tidy(text, multiline=multiline)
    if len(tidied) <= max_chars:
        return None
    return tidied[:max_chars].rstrip()


def normalise_statement(text: str) -> str:
    """The form used to spot duplicates: case, spacing and punctuation do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", folded)).strip()
