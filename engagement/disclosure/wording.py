"""How a figure the disclosure rules held back reads, wherever it is shown (the brief in
either language, the dashboard, the live counts, what changed between versions)."""

from __future__ import annotations

from collections.abc import Callable

from engagement import i18n

NOT_SHOWN = i18n.N_("not shown")


def shown(value: int | float | None, lang: str = i18n.ENGLISH, *,
          as_text: Callable[[int | float], str] = str) -> str:
    """A count (or share) as shown: ``as_text`` of it, or "not shown" in ``lang`` where the
    rules held it back (None)."""
    return i18n.gettext(NOT_SHOWN, lang) if value is None else as_text(value)
