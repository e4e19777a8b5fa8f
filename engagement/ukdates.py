"""Dates and times as people in the UK read them: "2 December 2026, 18:00", UK local time
(GMT or BST), in English or Welsh ("2 Rhagfyr 2026, 18:00"). Stored times are UTC; a time read
from a form is UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from engagement import i18n

UK = ZoneInfo("Europe/London")


def uk_local(moment: datetime) -> datetime:
    """The moment on a UK clock (a stored time without a zone is UTC: SQLite drops zones)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UK)


def uk_date(moment: datetime | date, *, lang: str = i18n.ENGLISH) -> str:
    """'2 December 2026' ('2 Rhagfyr 2026' in Welsh): the day on a UK calendar."""
    day = uk_local(moment).date() if isinstance(moment, datetime) else moment
    return i18n.format_date(day, lang)


def uk_datetime(moment: datetime, *, lang: str = i18n.ENGLISH) -> str:
    """'2 December 2026, 18:00' (UK time; '2 Rhagfyr 2026, 18:00' in Welsh)."""
    local = uk_local(moment)
    return f"{uk_date(local, lang=lang)}, {local:%H:%M}"


def from_uk(day: date, at: time) -> datetime:
    """A date and a clock time in the UK, as a UTC moment to store."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=UK).astimezone(UTC)
