"""The public page's plain summary, made from a brief's data, in English or Welsh.

Pure and deterministic. It says in words what the full brief says in figures: no statistics
names, no references such as [S12] or [R48], no internal keys. Every count it gives is one the
brief already shows (the brief's counts passed the disclosure gate); a count the brief hides
is never given, not even as "fewer than". Statement texts appear only where the brief quotes
them (consent given, personal data redacted), in the words their author wrote. Its sentences
are the catalogues' (engagement/locale), counts with their language's plural forms."""

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
    "approve": N_("to approve the proposal"),
    "approve_with_conditions": N_("to approve the proposal, with conditions"),
    "reject": N_("to reject the proposal"),
    "defer": N_("to wait before deciding"),
}


@dataclass(frozen=True)
class DecisionFacts:
    outcome: str  # a DecisionOutcome value
    decided_on: date


@dataclass(frozen=True)
class Paragraph:
    heading: str
    text: str


# The catalogue's extraction keywords (_ and ngettext) name the filled-in forms here.
_ = i18n.fill
ngettext = i18n.fill_count


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


def uk_date(day: date | datetime, lang: str = i18n.ENGLISH) -> str:
    return i18n.format_date(day, lang)


def _people(n: int, lang: str) -> str:
    return ngettext("{number} person", "{number} people", n, lang)


def _asked(data: dict, lang: str) -> Paragraph:
    title = i18n.pick({i18n.ENGLISH: data["dialogue"]["title"],
                       i18n.WELSH: data["dialogue"].get("title_cy") or ""}, lang)[0]
    return Paragraph(_("What we asked", lang), _(
        "We asked people what they think about this: {title}. The full question is below.",
        lang, title=title.rstrip(".?! ")))


def _dates(sessions: Sequence[dict], lang: str) -> str:
    days = sorted(date.fromisoformat(s["starts_on"]) for s in sessions if s.get("starts_on"))
    if not days:
        return ""
    if days[0] == days[-1]:
        return _(" on {day}", lang, day=uk_date(days[0], lang))
    return _(" between {first} and {last}", lang, first=uk_date(days[0], lang),
             last=uk_date(days[-1], lang))


def _who(data: dict, lang: str) -> Paragraph:
    participation = data["participation"]
    total = participation.get("total")
    sessions = data.get("sessions") or []
    count = len(sessions) or len(participation.get("by_session") or {})
    where = "" if not count else ngettext(" in {number} session", " in {number} sessions",
                                          count, lang)
    if total is None:
        lead = _("Only a few people took part. We do not say how many. This keeps them safe.",
                 lang)
    else:
        lead = ngettext("{number} person took part.", "{number} people took part.", total,
                        lang)
        if where or sessions:
            lead += " " + _("They came{where}{dates}.", lang, where=where,
                            dates=_dates(sessions, lang))
    parts = [lead]
    shown = {name: n for name, n in (participation.get("by_session") or {}).items()
             if n is not None}
    if shown:
        parts += [f"{session_name(data, name, lang)[0]}: {_people(n, lang)}."
                  for name, n in shown.items()]
    if len(shown) < len(participation.get("by_session") or {}):
        parts.append(_("We do not give numbers for very small groups.", lang))
    return Paragraph(_("Who took part", lang), " ".join(parts))


def _quote(item: dict) -> str | None:
    """The statement in quotation marks, ending a sentence (its own full stop kept)."""
    text = (item.get("text") or "").strip()
    if not text:
        return None
    return f"“{text}”" if text[-1] in ".?!" else f"“{text}.”"


def _agreed(data: dict, lang: str) -> Paragraph | None:
    consensus = data["opinion"].get("consensus") or []
    agreed = [q for c in consensus if c.get("direction") == "agree" and (q := _quote(c))]
    disagreed = [q for c in consensus if c.get("direction") == "disagree" and (q := _quote(c))]
    parts = []
    if agreed:
        parts.append(_("Most people agreed with this: {quote}", lang, quote=agreed[0]))
        parts += [_("Most also agreed with this: {quote}", lang, quote=q) for q in agreed[1:2]]
    if disagreed:
        parts.append(_("Most people did not agree with this: {quote}", lang,
                       quote=disagreed[0]))
    if not parts:
        if not consensus:
            return None
        parts.append(_("Most people agreed on some points. The people who wrote them asked us "
                       "not to quote them.", lang))
    return Paragraph(_("What people agreed on", lang), " ".join(parts))


def _differed(data: dict, lang: str) -> Paragraph | None:
    opinion = data["opinion"]
    groups = opinion.get("groups") or []
    parts = []
    if len(groups) >= 2:
        parts.append(ngettext(
            "People's votes fell into {number} group. Each group had its own view.",
            "People's votes fell into {number} groups. Each group had its own view.",
            len(groups), lang))
        described = 0
        for group in groups:
            agree = next((q for r in group.get("representative") or []
                          if r.get("direction") == "agree" and (q := _quote(r))), None)
            if agree is None:
                continue
            size = group.get("size")
            if size is None:
                who = _("One group", lang) if not described else _("Another group", lang)
            else:
                who = (_("One group of {people}", lang, people=_people(size, lang))
                       if not described else
                       _("Another group of {people}", lang, people=_people(size, lang)))
            described += 1
            parts.append(_("{who} agreed with this more than others did: {quote}", lang,
                           who=who, quote=agree))
    divisive = [d for d in opinion.get("divisive") or [] if _quote(d)]
    if divisive:
        shares = sorted(pct for _pct, pct in divisive[0]["agree_by_group"])
        parts.append(_("People differed most on this: {quote} In one group {high}% agreed, "
                       "but in another only {low}% did.", lang, quote=_quote(divisive[0]),
                       high=format(shares[-1], ".0f"), low=format(shares[0], ".0f")))
    if not parts:
        return None
    return Paragraph(_("Where people differed", lang), " ".join(parts))


def shift_words(shift: dict, lang: str = i18n.ENGLISH) -> str:
    """How support moved, in words: its size, then whether a change that size could be
    chance (the 95% interval of the mean change leaves out zero, as in the full brief)."""
    change = shift["mean_change"]
    size = abs(change)
    if size < NO_CHANGE:
        moved = _("Support for the proposal stayed about the same after people took part.",
                  lang)
    else:
        moved = _(_MOVED[(change > 0, "slightly" if size < SLIGHT else "a lot"
                          if size >= CLEAR else "a little")], lang)
    chance = shift["ci_low"] > 0 or shift["ci_high"] < 0
    if chance:
        tail = _("A change this size is unlikely to be chance.", lang)
    elif size < NO_CHANGE:
        tail = _("Any change was too small to tell from chance.", lang)
    else:
        tail = _("But a change this small could be chance.", lang)
    return f"{moved} {tail}"


# (rose?, how much) -> the sentence: whole sentences, so that each language can order them.
_MOVED = {
    (True, "slightly"): N_("Support for the proposal rose slightly after people took part."),
    (True, "a little"): N_("Support for the proposal rose a little after people took part."),
    (True, "a lot"): N_("Support for the proposal rose a lot after people took part."),
    (False, "slightly"): N_("Support for the proposal fell slightly after people took part."),
    (False, "a little"): N_("Support for the proposal fell a little after people took part."),
    (False, "a lot"): N_("Support for the proposal fell a lot after people took part."),
}


def _moved(data: dict, lang: str) -> Paragraph:
    heading = _("How views changed", lang)
    shift = data.get("shift") or {}
    overall = shift.get("overall")
    if not overall:
        return Paragraph(heading, _("Too few people told us their view both before and "
                                    "after. So we cannot say how views changed.", lang))
    n = overall.get("n")
    asked = (_("We asked people how much they supported the proposal, before and after.", lang)
             if n is None else
             _("We asked {people} how much they supported the proposal, before and after.",
               lang, people=_people(n, lang)))
    parts = [asked, shift_words(overall, lang)]
    up, down, same = (overall.get(k) for k in ("moved_up", "moved_down", "unchanged"))
    if None not in (up, down, same):
        parts.append(_("{up} gave more support; {down} gave less; {same} did not change.",
                       lang, up=_people(up, lang), down=_people(down, lang),
                       same=_people(same, lang)))
    return Paragraph(heading, " ".join(parts))


def _decided(decision: DecisionFacts | None, lang: str) -> Paragraph:
    heading = _("The decision", lang)
    if decision is None:
        return Paragraph(heading, _("The governance board has not decided yet.", lang))
    outcome = _(OUTCOME_WORDS[decision.outcome], lang) \
        if decision.outcome in OUTCOME_WORDS else decision.outcome
    return Paragraph(heading, _("On {day}, the governance board decided {outcome}. Their "
                                "reasons are below.", lang,
                                day=uk_date(decision.decided_on, lang), outcome=outcome))


def public_summary(data: dict, *, decision: DecisionFacts | None = None,
                   notice: str | None = None, lang: str = i18n.ENGLISH) -> tuple[Paragraph, ...]:
    """The summary in reading order, in ``lang``: the synthetic-data notice (if any), what was
    asked, who took part, what people agreed on, where they differed, how views moved, and
    what was decided."""
    lang = i18n.language(lang)
    notice = notice or data.get("synthetic_notice")
    paragraphs = [Paragraph(_("Demonstration data", lang), notice)] if notice else []
    paragraphs += [_asked(data, lang), _who(data, lang)]
    paragraphs += [p for p in (_agreed(data, lang), _differed(data, lang)) if p is not None]
    paragraphs += [_moved(data, lang), _decided(decision, lang)]
    return tuple(paragraphs)
