"""The brief as the board and evaluators read it: the version in force with its data (for the
downloads), every earlier version with what changed in the next one and why, as withdrawals
left it (not downloadable), and each decision beside the version it cited, its findings in
words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from engagement.brief import findings, versions
from engagement.models import Brief, Decision, User
from engagement.services import decisions
from engagement.services._lookup import acting


@dataclass(frozen=True)
class DecisionView:
    version: int
    outcome: str
    recorded: str
    rationale: str
    departure: str | None
    findings: tuple[str, ...]


@dataclass(frozen=True)
class VersionView:
    id: int
    version: int
    current: bool
    issued: str
    superseded: str | None  # why it was replaced
    sentences: tuple[str, ...]  # its summary, as withdrawals left it
    changes: tuple[str, ...]  # what changed in the next version (earlier versions only)
    decisions: tuple[DecisionView, ...]
    data: dict | None  # the current version's data, for its downloads; None for the others


@dataclass(frozen=True)
class BriefHistory:
    current: VersionView | None
    earlier: tuple[VersionView, ...]


def _when(moment) -> str:
    return f"{moment:%d %B %Y at %H:%M} UTC"


def brief_history(*, session: Session, dialogue_id: int, by: User) -> BriefHistory:
    """Every version of a dialogue's brief, newest first, with the decisions that cited it."""
    acting(session, by, "view_board")
    briefs = list(session.exec(select(Brief).where(Brief.dialogue_id == dialogue_id)
                               .order_by(col(Brief.version).desc())))
    current = next((b for b in briefs if versions.downloadable(b)), None)
    cited: dict[int | None, list[Decision]] = {}
    for decision in session.exec(select(Decision).where(Decision.dialogue_id == dialogue_id)
                                 .order_by(col(Decision.version).desc())):
        cited.setdefault(decision.brief_id, []).append(decision)
    datas = {b.id: versions.brief_data(b) for b in briefs}
    shown = []
    for i, brief in enumerate(briefs):
        newer = briefs[i - 1] if i > 0 else None
        changes = () if brief is current else (
            findings.changes_between(datas[brief.id], datas[newer.id]) if newer is not None
            else ("No later version has been issued yet.",))
        shown.append(VersionView(
            id=brief.id, version=brief.version, current=brief is current,
            issued=f"{versions.issued_by(brief).capitalize()} on {_when(brief.signed_off_at)}.",
            superseded=brief.superseded_reason,
            sentences=tuple(s["text"] for s in datas[brief.id]["summary"]["sentences"]),
            changes=changes,
            decisions=tuple(_decision(d, current) for d in cited.get(brief.id, [])),
            data=datas[brief.id] if brief is current else None,
        ))
    return BriefHistory(
        current=next((v for v in shown if v.current), None),
        earlier=tuple(v for v in shown if not v.current),
    )


def _decision(decision: Decision, current: Brief | None) -> DecisionView:
    return DecisionView(
        version=decision.version,
        outcome=decisions.OUTCOME_LABELS[decision.outcome],
        recorded=f"Recorded by {decision.recorded_by} on {_when(decision.recorded_at)}.",
        rationale=decision.rationale,
        departure=decision.departure_explanation,
        findings=tuple(decisions.cited_findings(decision, current=current)),
    )

