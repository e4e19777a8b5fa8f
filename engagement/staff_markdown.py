"""Markdown that staff write for participants to read (the briefing, the proposal, the
questions): its formatting is kept, but it can never make a participant's browser load
anything. Images become their description, raw HTML is shown as text, and links become
their text with the address beside it. Participants' own text is never markdown at all
(pages/_ui.py ``plain``)."""

from __future__ import annotations

import re

# An inline image or link, its destination allowed one level of balanced brackets (as in
# Wikipedia addresses) and an optional title.
_DESTINATION = r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"
_TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?"""
_IMAGE = re.compile(rf"!\[([^\[\]]*)\]\(\s*<?{_DESTINATION}>?{_TITLE}\s*\)")
_LINK = re.compile(rf"\[([^\[\]]*)\]\(\s*<?({_DESTINATION})>?{_TITLE}\s*\)")


def _link_as_text(match: re.Match) -> str:
    text, address = match.group(1).strip(), match.group(2)
    if not address or address == text:
        return text or address
    # The address in a code span: shown, copyable, and never turned into a link again.
    return f"{text} (`{address.replace('`', '')}`)"


def safe_staff_markdown(text: str) -> str:
    """The markdown to show participants in place of ``text``."""
    if not isinstance(text, str):
        return ""
    text = text.replace("<", "&lt;")  # raw HTML and <autolinks> shown as typed
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = text.replace("![", "!\\[")  # any image syntax left (reference images, odd forms)
    return _LINK.sub(_link_as_text, text)
