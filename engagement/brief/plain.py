"""The public page's plain-English summary, made from a brief's data.

Pure and deterministic. It says in words what the full brief says in figures: no statistics
names, no references such as [S12] or [R48], no internal keys. Every count it gives is one the
brief already shows (the brief's counts passed the disclosure gate); a count the brief hides
is never given, not even as "fewer than". Statement texts appear only where the brief quotes
them (consent given, personal data redacted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from engagement import i18n
from engagement.i18n import N_

# Mean change in support, on the 1 to 5 scale, below which we call a change "slight" or
# "no real change" (a quarter point is about one person in four moving one step).
NO_CHANGE = 0.05
SLIGHT = 0.25
CLEAR = 0.75

OUTCOME_WORDS = {
    "approve": "to approve the proposal",
    "approve_with_conditions": "to approve the proposal, with conditions",
    "reject": "to reject the proposal",
    "defer": "to wait before deciding",
}


@dataclass(frozen=True)
class DecisionFacts:
    outcome: str  # a DecisionOutcome value
    decided_on: date


@dataclass(frozen=True)
class Paragraph:
    heading: str
    text: str


# The brief counts people who chose no session under this name (evidence.py).
NO_SESSION = N_("No session chosen")


def session_name(data: dict, name: str, lang: str) -> tuple[str, str]:
    """A session's name (as the brief's counts name it) for a reader of ``lang``: its Welsh
    name when written and asked for, else as written; with the language it is in."""
    if name == NO_SESSION:
        return i18n.gettext(NO_SESSION, lang), i18n.language(lang)
    welsh = next((s.get("name_cy") or "" for s in data.get("sessions") or []
                  if s.get("name") == name), "")
    return i18n.pick({i18n.ENGLISH: name, i18n.WELSH: welsh}, lang)


def uk_date(day: date | datetime) -> str:
    return f"{day.day} {day:%B %Y}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _asked(data: dict) -> Paragraph:
    title = data["dialogue"]["title"].rstrip(".?! ")
    return Paragraph("What we asked", f"We asked people what they think about this: {title}. "
                     "The full question is below.")


def _dates(sessions: Sequence[dict]) -> str:
    days = sorted(date.fromisoformat(s["starts_on"]) for s in sessions if s.get("starts_on"))
    if not days:
        return ""
    if days[0] == days[-1]:
        return f" on {uk_date(days[0])}"
    return f" between {uk_date(days[0])} and {uk_date(days[-1])}"


def _who(data: dict) -> Paragraph:
    participation = data["participation"]
    total = participation.get("total")
    sessions = data.get("sessions") or []
    count = len(sessions) or len(participation.get("by_session") or {})
    where = "" if not count else (" in 1 session" if count == 1 else f" in {count} sessions")
    if total is None:
        lead = "Only a few people took part. We do not say how many. This keeps them safe."
    else:
        lead = f"{_people(total)} took part."
        if where or sessions:
            lead += f" They came{where}{_dates(sessions)}."
    parts = [lead]
    shown = {name: n for name, n in (participation.get("by_session") or {}).items()
             if n is not None}
    if shown:
        parts += [f"{name}: {_people(n)}." for name, n in shown.items()]
    if len(shown) < len(participation.get("by_session") or {}):
        parts.append("We do not give numbers for very small groups.")
    return Paragraph("Who took part", " ".join(parts))


def _quote(item: dict) -> str | None:
    """The statement in quotation marks, ending a sentence (its own full stop kept)."""
    text = (item.get("text") or "").strip()
    if not text:
        return None
    return f"“{text}”" if text[-1] in ".?!" else f"“{text}.”"


def _agreed(data: dict) -> Paragraph | None:
    consensus = data["opinion"].get("consensus") or []
    agreed = [q for c in consensus if c.get("direction") == "agree" and (q := _quote(c))]
    disagreed = [q for c in consensus if c.get("direction") == "disagree" and (q := _quote(c))]
    parts = []
    if agreed:
        parts.append("Most people agreed with this: " + agreed[0])
        parts += [f"Most also agreed with this: {q}" for q in agreed[1:2]]
    if disagreed:
        parts.append("Most people did not agree with this: " + disagreed[0])
    if not parts:
        if not consensus:
            return None
        parts.append("Most people agreed on some points. The people who wrote them asked us "
                     "not to quote them.")
    return Paragraph("What people agreed on", " ".join(parts))


def _differed(data: dict) -> Paragraph | None:
    opinion = data["opinion"]
    groups = opinion.get("groups") or []
    parts = []
    if len(groups) >= 2:
        parts.append(f"People's votes fell into {len(groups)} groups. Each group had its own view.")
        described = 0
        for group in groups:
            agree = next((q for r in group.get("representative") or []
                          if r.get("direction") == "agree" and (q := _quote(r))), None)
            if agree is None:
                continue
            size = group.get("size")
            who = "One group" if not described else "Another group"
            who += "" if size is None else f" of {_people(size)}"
            described += 1
            parts.append(f"{who} agreed with this more than others did: {agree}")
    divisive = [d for d in opinion.get("divisive") or [] if _quote(d)]
    if divisive:
        shares = sorted(pct for _, pct in divisive[0]["agree_by_group"])
        parts.append(f"People differed most on this: {_quote(divisive[0])} In one group "
                     f"{shares[-1]:.0f}% agreed, but in another only {shares[0]:.0f}% did.")
    if not parts:
        return None
    return Paragraph("Where people differed", " ".join(parts))


def shift_words(shift: dict) -> str:
    """How support moved, in words: its size, then whether a change that size could be
    chance (the 95% interval of the mean change leaves out zero, as in the full brief)."""
    change = shift["mean_change"]
    size = abs(change)
    if size < NO_CHANGE:
        moved = "Support for the proposal stayed about the same"
    else:
        way = "rose" if change > 0 else "fell"
        how = "slightly" if size < SLIGHT else "a lot" if size >= CLEAR else "a little"
        moved = f"Support for the proposal {way} {how}"
    chance = shift["ci_low"] > 0 or shift["ci_high"] < 0
    if chance:
        tail = "A change this size is unlikely to be chance."
    elif size < NO_CHANGE:
        tail = "Any change was too small to tell from chance."
    else:
        tail = "But a change this small could be chance."
    return f"{moved} after people took part. {tail}"


def _moved(data: dict) -> Paragraph:
    shift = data.get("shift") or {}
    overall = shift.get("overall")
    if not overall:
        return Paragraph("How views changed", "Too few people told us their view both before "
                         "and after. So we cannot say how views changed.")
    n = overall.get("n")
    asked = ("We asked people how much they supported the proposal, before and after."
             if n is None else f"We asked {_people(n)} how much they supported the proposal, "
             "before and after.")
    parts = [asked, shift_words(overall)]
    counts = [(overall.get("moved_up"), "gave more support"),
              (overall.get("moved_down"), "gave less"),
              (overall.get("unchanged"), "did not change")]
    if all(n is not None for n, _ in counts):
        parts.append("; ".join(f"{_people(n)} {what}" for n, what in counts).capitalize()
                     + ".")
    return Paragraph("How views changed", " ".join(parts))


def _decided(decision: DecisionFacts | None) -> Paragraph:
    if decision is None:
        return Paragraph("The decision", "The governance board has not decided yet.")
    outcome = OUTCOME_WORDS.get(decision.outcome, decision.outcome)
    return Paragraph("The decision", f"On {uk_date(decision.decided_on)}, the governance "
                     f"board decided {outcome}. Their reasons are below.")


def public_summary(data: dict, *, decision: DecisionFacts | None = None,
                   notice: str | None = None) -> tuple[Paragraph, ...]:
    """The summary in reading order: the synthetic-data notice (if any), what was asked, who
    took part, what people agreed on, where they differed, how views moved, and what was
    decided."""
    notice = notice or data.get("synthetic_notice")
    paragraphs = [Paragraph("Demonstration data", notice)] if notice else []
    paragraphs += [_asked(data), _who(data)]
    paragraphs += [p for p in (_agreed(data), _differed(data)) if p is not None]
    paragraphs += [_moved(data), _decided(decision)]
    return tuple(paragraphs)
