"""Summaries in plain words (English or Welsh) in which every sentence cites what it rests on.

Pure and deterministic: the same evidence gives the same text. Citations are `[S12]` for
statement 12, `[R5]` for reflection 5 and `[Positions]` for the before/after positions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from engagement import i18n
from engagement.i18n import N_

CITATION = re.compile(r"\[((?:[SR]\d+|Positions)(?:, (?:[SR]\d+|Positions))*)\]")
GROUP_SHARE_TO_COVER = 0.05


@dataclass(frozen=True)
class StatementEvidence:
    id: int
    text: str | None  # None when its author did not agree to be quoted
    pct_agree: float | None  # None (like n_seen) when the brief may not show it
    pct_disagree: float | None
    n_seen: int | None

    @property
    def quoted(self) -> str:
        return f"“{self.text}”" if self.text else f"statement S{self.id}"


@dataclass(frozen=True)
class GroupEvidence:
    letter: str
    size: int
    agrees: tuple[StatementEvidence, ...] = ()  # what sets the group apart, agreeing
    disagrees: tuple[StatementEvidence, ...] = ()
    size_hidden: bool = False  # the size decides coverage but the brief may not show it

    @property
    def shown_size(self) -> int | None:
        return None if self.size_hidden else self.size


@dataclass(frozen=True)
class DivisionEvidence:
    statement: StatementEvidence
    agree_by_group: tuple[tuple[str, float], ...]  # (letter, % agreeing)


@dataclass(frozen=True)
class ThemeEvidence:
    label: str
    n_texts: int | None
    cites: tuple[str, ...]  # "S12", "R5"…


@dataclass(frozen=True)
class ShiftEvidence:
    n: int | None
    mean_change: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True)
class Evidence:
    n_clustered: int
    groups: tuple[GroupEvidence, ...]
    consensus_agree: tuple[StatementEvidence, ...] = ()
    consensus_disagree: tuple[StatementEvidence, ...] = ()
    divisions: tuple[DivisionEvidence, ...] = ()
    themes: tuple[ThemeEvidence, ...] = ()
    shift: ShiftEvidence | None = None
    min_reporting_size: int = 10
    show_shares: bool = True  # False when the share would reveal a suppressed small group


@dataclass(frozen=True)
class Sentence:
    text: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    sentences: tuple[Sentence, ...]
    covered_groups: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "sentences": [{"text": s.text, "citations": list(s.citations)}
                          for s in self.sentences],
        }


class SummaryCheckFailed(Exception):
    pass


def _cite(*ids: str) -> str:
    return "[" + ", ".join(ids) + "]"


def _sentence(body: str, ids: Sequence[str]) -> Sentence:
    ids = tuple(dict.fromkeys(ids))
    return Sentence(f"{body} {_cite(*ids)}.", ids)


# The catalogue's extraction keywords (_ and ngettext) name the filled-in forms here.
_ = i18n.fill
ngettext = i18n.fill_count


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _points(x: float, sign: str = "") -> str:
    """A change on the 1 to 5 scale: two decimals (the statistics stay as they are)."""
    return format(x, f"{sign}.2f")


def _quoted(s: StatementEvidence, lang: str) -> str:
    return s.quoted if s.text else _("statement S{id}", lang, id=s.id)


# (first of the consensus sentences?, agreed?) -> its template
_CONSENSUS = {
    (True, True): N_("Most people in every group agreed with {statement}{detail}"),
    (False, True): N_("Across the groups, most also agreed with {statement}{detail}"),
    (True, False): N_("Most people in every group disagreed with {statement}{detail}"),
    (False, False): N_("Across the groups, most also disagreed with {statement}{detail}"),
}


def _consensus(items: Sequence[StatementEvidence], agreed: bool, lang: str) -> list[Sentence]:
    out = []
    for i, s in enumerate(items[:3]):
        share = s.pct_agree if agreed else s.pct_disagree
        if share is not None:
            detail = " " + (_("({share} of those who voted on it)", lang, share=_pct(share))
                            if s.n_seen is None else
                            _("({share} of the {number} who voted on it)", lang,
                              share=_pct(share), number=i18n.format_number(s.n_seen, lang)))
        else:
            detail = "" if s.n_seen is None else " " + _(
                "({number} voted on it)", lang, number=i18n.format_number(s.n_seen, lang))
        out.append(_sentence(_(_CONSENSUS[(i == 0, agreed)], lang,
                               statement=_quoted(s, lang), detail=detail), [f"S{s.id}"]))
    return out


def _group(group: GroupEvidence, n_clustered: int, show_share: bool, lang: str
           ) -> Sentence | None:
    agrees = [_quoted(s, lang) + ("" if s.pct_agree is None else " " + _(
        "({share} of the group)", lang, share=_pct(s.pct_agree))) for s in group.agrees[:2]]
    disagrees = [_quoted(s, lang) + ("" if s.pct_disagree is None
                                     else f" ({_pct(s.pct_disagree)})")
                 for s in group.disagrees[:1]]
    ids = [f"S{s.id}" for s in (*group.agrees[:2], *group.disagrees[:1])]
    parts = []
    if agrees:
        parts.append(_("agreeing with {statements}", lang, statements=_(
            " and with ", lang).join(agrees)))
    if disagrees:
        parts.append(_("disagreeing with {statement}", lang, statement=disagrees[0]))
    if not parts:
        return None
    share = 100 * group.size / n_clustered if n_clustered else 0
    shown = group.shown_size
    if shown is None:
        size = ""
    elif show_share:
        size = " " + ngettext("({number} person, {share} of those grouped)",
                              "({number} people, {share} of those grouped)", shown, lang,
                              share=_pct(share))
    else:
        size = " " + ngettext("({number} person)", "({number} people)", shown, lang)
    return _sentence(_("Group {letter}{size} stood out for {parts}", lang, letter=group.letter,
                       size=size, parts=_(", and for ", lang).join(parts)), ids)


def _division(d: DivisionEvidence, lang: str) -> Sentence:
    by_group = sorted(d.agree_by_group, key=lambda t: -t[1])
    (hi_letter, hi), (lo_letter, lo) = by_group[0], by_group[-1]
    return _sentence(_(
        "The groups differed most on {statement}: {high} of Group {high_letter} agreed, "
        "against {low} of Group {low_letter}", lang, statement=_quoted(d.statement, lang),
        high=_pct(hi), high_letter=hi_letter, low=_pct(lo), low_letter=lo_letter),
        [f"S{d.statement.id}"])


def _theme(theme: ThemeEvidence, first: bool, lang: str) -> Sentence:
    count = "" if theme.n_texts is None else " " + ngettext(
        "({number} text)", "({number} texts)", theme.n_texts, lang)
    template = (N_("The most common theme in participants' own words was “{label}”{count}")
                if first else
                N_("Another theme in participants' own words was “{label}”{count}"))
    return _sentence(_(template, lang, label=theme.label, count=count), theme.cites[:3])


def shift_words(n: int | None, mean_change: float, ci_low: float, ci_high: float,
                lang: str = i18n.ENGLISH) -> str:
    """How views moved, in words (the summary adds its interval and test; a decision citing
    the shift shows these words)."""
    if ci_low > 0:
        move = _("support for the proposal rose by {change} points", lang,
                 change=_points(mean_change))
    elif ci_high < 0:
        move = _("support for the proposal fell by {change} points", lang,
                 change=_points(-mean_change))
    else:
        move = _("support for the proposal did not clearly move (average change {change} "
                 "points)", lang, change=_points(mean_change, "+"))
    if n is None:
        return _("Among the people who gave their view before and after, {move} on the 1 to 5 "
                 "scale", lang, move=move)
    return ngettext(
        "Among the {number} person who gave their view before and after, {move} on the 1 to "
        "5 scale",
        "Among the {number} people who gave their view before and after, {move} on the 1 to "
        "5 scale", n, lang, move=move)


def _shift(shift: ShiftEvidence, lang: str) -> Sentence:
    words = shift_words(shift.n, shift.mean_change, shift.ci_low, shift.ci_high, lang)
    return _sentence(_(
        "{words} (95% interval {low} to {high}; Wilcoxon signed-rank p {p})", lang,
        words=words, low=_points(shift.ci_low, "+"), high=_points(shift.ci_high, "+"),
        p=_p(shift.p_value)), ["Positions"])


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def groups_to_cover(evidence: Evidence) -> tuple[str, ...]:
    """Groups the summary must describe: at least 5% of those grouped, and large enough to
    report without risking identification (the small-cell rule wins over coverage)."""
    floor = max(GROUP_SHARE_TO_COVER * evidence.n_clustered, evidence.min_reporting_size)
    return tuple(g.letter for g in evidence.groups if g.size >= floor)


def summarise(evidence: Evidence, lang: str = i18n.ENGLISH) -> Summary:
    """The summary in ``lang`` (its sentences from the catalogues; the same sentences, the
    same citations and figures, in either language)."""
    lang = i18n.language(lang)
    sentences: list[Sentence] = []
    sentences += _consensus(evidence.consensus_agree, True, lang)
    sentences += _consensus(evidence.consensus_disagree, False, lang)
    covered = []
    for group in evidence.groups:
        if group.letter in groups_to_cover(evidence):
            sentence = _group(group, evidence.n_clustered, evidence.show_shares, lang)
            if sentence:
                sentences.append(sentence)
                covered.append(group.letter)
    sentences += [_division(d, lang) for d in evidence.divisions[:2]
                  if len(d.agree_by_group) >= 2]
    sentences += [_theme(t, i == 0, lang) for i, t in enumerate(evidence.themes[:3])
                  if t.cites]
    if evidence.shift is not None and evidence.shift.n != 0:
        sentences.append(_shift(evidence.shift, lang))
    return Summary(tuple(sentences), tuple(covered))


def check(summary: Summary, evidence: Evidence, *, citable: set[str]) -> None:
    """Fail unless every sentence cites only citable items and every group is covered."""
    for sentence in summary.sentences:
        found = CITATION.findall(sentence.text)
        if not found:
            raise SummaryCheckFailed(f"A sentence cites nothing: {sentence.text}")
        for group in found:
            for ref in group.split(", "):
                if ref not in citable:
                    raise SummaryCheckFailed(
                        f"A sentence cites {ref}, which is rejected, withdrawn or unknown."
                    )
    missing = set(groups_to_cover(evidence)) - set(summary.covered_groups)
    if missing:
        raise SummaryCheckFailed(
            f"The summary does not describe group(s) {', '.join(sorted(missing))}."
        )
