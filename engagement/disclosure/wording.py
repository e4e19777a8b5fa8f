"""How a figure the disclosure rules held back reads, wherever it is shown (the brief in
either language, the dashboard, the live counts, what changed between versions), and a
statement's shares of agreement with those held back left out."""

from __future__ import annotations

from collections.abc import Callable

from engagement import i18n

NOT_SHOWN = i18n.N_("not shown")
AGREED = i18n.N_("{share} agreed")
DISAGREED = i18n.N_("{share} disagreed")
# Both shares of a statement held back: a statement few people have voted on.
SHARES_NOT_SHOWN = i18n.N_("shares not shown (too few people)")


def shown(value: int | float | None, lang: str = i18n.ENGLISH, *,
          as_text: Callable[[int | float], str] = str) -> str:
    """A count (or share) as shown: ``as_text`` of it, or "not shown" in ``lang`` where the
    rules held it back (None)."""
    return i18n.gettext(NOT_SHOWN, lang) if value is None else as_text(value)


def shares(agree: float | None, disagree: float | None, lang: str = i18n.ENGLISH) -> str:
    """'80% agreed, 15% disagreed' in ``lang``, leaving out a share the rules held back
    (None); when both were, that they are not shown, and why."""
    parts = [i18n.fill(words, lang, share=f"{share:.0f}%")
             for share, words in ((agree, AGREED), (disagree, DISAGREED)) if share is not None]
    return ", ".join(parts) or i18n.gettext(SHARES_NOT_SHOWN, lang)
