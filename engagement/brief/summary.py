"""Plain-English summaries in which every sentence cites what it rests on.

Pure and deterministic: the same evidence gives the same text. Citations are `[S12]` for
statement 12, `[R5]` for reflection 5 and `[Positions]` for the before/after positions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

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


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _consensus(items: Sequence[StatementEvidence], verb: str) -> list[Sentence]:
    out = []
    for i, s in enumerate(items[:3]):
        lead = (f"Most people in every group {verb}" if i == 0
                else f"Across the groups, most also {verb}")
        share = s.pct_agree if verb == "agreed" else s.pct_disagree
        voters = "those" if s.n_seen is None else f"the {s.n_seen}"
        detail = f" ({_pct(share)} of {voters} who voted on it)" if share is not None else \
            "" if s.n_seen is None else f" ({s.n_seen} voted on it)"
        out.append(_sentence(f"{lead} with {s.quoted}{detail}", [f"S{s.id}"]))
    return out


def _group(group: GroupEvidence, n_clustered: int, show_share: bool = True) -> Sentence | None:
    agrees = [s.quoted + ("" if s.pct_agree is None else f" ({_pct(s.pct_agree)} of the group)")
              for s in group.agrees[:2]]
    disagrees = [s.quoted + ("" if s.pct_disagree is None else f" ({_pct(s.pct_disagree)})")
                 for s in group.disagrees[:1]]
    ids = [f"S{s.id}" for s in (*group.agrees[:2], *group.disagrees[:1])]
    parts = []
    if agrees:
        parts.append("agreeing with " + " and with ".join(agrees))
    if disagrees:
        parts.append("disagreeing with " + disagrees[0])
    if not parts:
        return None
    share = 100 * group.size / n_clustered if n_clustered else 0
    shown = group.shown_size
    size = "" if shown is None else f" ({shown} people, {_pct(share)} of those grouped)" \
        if show_share else f" ({shown} people)"
    return _sentence(f"Group {group.letter}{size} stood out for " + ", and for ".join(parts),
                     ids)


def _division(d: DivisionEvidence) -> Sentence:
    by_group = sorted(d.agree_by_group, key=lambda t: -t[1])
    (hi_letter, hi), (lo_letter, lo) = by_group[0], by_group[-1]
    return _sentence(
        f"The groups differed most on {d.statement.quoted}: {_pct(hi)} of Group {hi_letter} "
        f"agreed, against {_pct(lo)} of Group {lo_letter}", [f"S{d.statement.id}"])


def _theme(theme: ThemeEvidence, first: bool) -> Sentence:
    lead = "The most common theme" if first else "Another theme"
    count = "" if theme.n_texts is None else f" ({theme.n_texts} texts)"
    return _sentence(f"{lead} in participants' own words was “{theme.label}”{count}",
                     theme.cites[:3])


def _shift(shift: ShiftEvidence) -> Sentence:
    if shift.ci_low > 0:
        move = f"support for the proposal rose by {shift.mean_change:.2f} points"
    elif shift.ci_high < 0:
        move = f"support for the proposal fell by {-shift.mean_change:.2f} points"
    else:
        move = (f"support for the proposal did not clearly move (average change "
                f"{shift.mean_change:+.2f} points)")
    who = "the people" if shift.n is None else f"the {shift.n} people"
    return _sentence(
        f"Among {who} who gave their view before and after, {move} on the "
        f"1 to 5 scale (95% interval {shift.ci_low:+.2f} to {shift.ci_high:+.2f}; Wilcoxon "
        f"signed-rank p {_p(shift.p_value)})", ["Positions"])


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def groups_to_cover(evidence: Evidence) -> tuple[str, ...]:
    """Groups the summary must describe: at least 5% of those grouped, and large enough to
    report without risking identification (the small-cell rule wins over coverage)."""
    floor = max(GROUP_SHARE_TO_COVER * evidence.n_clustered, evidence.min_reporting_size)
    return tuple(g.letter for g in evidence.groups if g.size >= floor)


def summarise(evidence: Evidence) -> Summary:
    sentences: list[Sentence] = []
    sentences += _consensus(evidence.consensus_agree, "agreed")
    sentences += _consensus(evidence.consensus_disagree, "disagreed")
    covered = []
    for group in evidence.groups:
        if group.letter in groups_to_cover(evidence):
            sentence = _group(group, evidence.n_clustered, evidence.show_shares)
            if sentence:
                sentences.append(sentence)
                covered.append(group.letter)
    sentences += [_division(d) for d in evidence.divisions[:2] if len(d.agree_by_group) >= 2]
    sentences += [_theme(t, i == 0) for i, t in enumerate(evidence.themes[:3]) if t.cites]
    if evidence.shift is not None and evidence.shift.n != 0:
        sentences.append(_shift(evidence.shift))
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
