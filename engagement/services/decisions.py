"""The decision register: the board records what it decided on a dialogue's proposal, the
findings it rests on and, where it departs from what participants said, why."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engagement import audit, lineage
from engagement.brief import findings as findings_of
from engagement.brief import versions
from engagement.db import transaction
from engagement.errors import InvalidInput
from engagement.models import Brief, Decision, DecisionOutcome, Position, PositionStage, User
from engagement.services import notify
from engagement.services._lookup import acting, dialogue_by_id
from engagement.services.outcomes import OUTCOME_LABELS  # noqa: F401 (pages read it here)
from engagement.text import clean_text

MARGIN = 10.0  # percentage points between support and opposition to call a leaning


@dataclass(frozen=True)
class ParticipantView:
    """Where participants ended up: their latest position (after if given, else before)."""

    n: int
    support_pct: float
    oppose_pct: float

    @property
    def leaning(self) -> str:
        if self.n == 0:
            return "unknown"
        if self.support_pct >= self.oppose_pct + MARGIN:
            return "support"
        if self.oppose_pct >= self.support_pct + MARGIN:
            return "oppose"
        return "divided"


def participant_view(*, session: Session, dialogue_id: int, by: User) -> ParticipantView:
    acting(session, by, "view_board")
    latest: dict[int, int] = {}
    rows = session.exec(
        select(Position.participant_id, Position.stage, Position.support).where(
            Position.dialogue_id == dialogue_id
        )
    ).all()
    for pid, _stage, support in sorted(rows, key=lambda r: r[1] == PositionStage.POST):
        latest[pid] = support  # post positions come last and win
    n = len(latest)
    if n == 0:
        return ParticipantView(0, 0.0, 0.0)
    values = list(latest.values())
    return ParticipantView(
        n,
        100 * sum(v >= 4 for v in values) / n,
        100 * sum(v <= 2 for v in values) / n,
    )


def departs(outcome: str, view: ParticipantView) -> bool:
    if outcome in (DecisionOutcome.APPROVE, DecisionOutcome.APPROVE_WITH_CONDITIONS):
        return view.leaning == "oppose"
    if outcome == DecisionOutcome.REJECT:
        return view.leaning == "support"
    return False


def available_findings(brief_data: dict) -> dict[str, str]:
    """The findings of a brief a decision may rest on: reference -> the finding in words
    (engagement/brief/findings.py; a page shows the words, never the reference)."""
    return {ref: finding.text for ref, finding in findings_of.offered(brief_data).items()}


WITHDRAWN_NOTE = "rested in part on contributions since withdrawn"


def cited_findings(decision: Decision, *, current: Brief | None = None) -> list[str]:
    """The findings a decision rests on, in words, as shown to anyone: each with the brief
    version it came from, whether it rested on contributions since withdrawn, and, when
    ``current`` (the brief in force) is a later version, what became of it there."""
    withdrawn = set(json.loads(decision.withdrawn_findings or "[]"))
    later = None
    if current is not None and current.id != decision.brief_id:
        later = findings_of.offered(versions.brief_data(current))
    shown = []
    for item in json.loads(decision.cited_findings or "[]"):
        notes = [f"from version {item['version']} of the brief" if item.get("version")
                 else "from the brief it cited"]
        if item["ref"] in withdrawn:
            notes.append(WITHDRAWN_NOTE)
        if later is not None:
            status = findings_of.later_status(item["ref"], item["text"], later,
                                              current.version)
            notes.append(status or f"the same in version {current.version}")
        shown.append(f"{item['text']} ({'; '.join(notes)})")
    return shown


def record_decision(
    *,
    session: Session,
    dialogue_id: int,
    outcome: str,
    rationale: str,
    findings: list[str],
    by: User,
    explanation: str | None = None,
) -> Decision:
    """A new version in the register (earlier versions stay as they were)."""
    try:
        outcome = DecisionOutcome(outcome)
    except ValueError:
        raise InvalidInput("Choose approve, approve with conditions, reject or defer.") from None
    by = acting(session, by, "decide")
    rationale = clean_text(rationale, what="rationale", max_chars=8000, multiline=True)
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        brief = versions.require_current_brief(session=session, dialogue_id=dialogue_id)
        offered = findings_of.offered(versions.brief_data(brief))
        chosen = list(dict.fromkeys(findings or []))
        if not chosen:
            raise InvalidInput("Choose at least one finding from the brief that the decision "
                               "rests on.")
        unknown = [f for f in chosen if f not in offered]
        if unknown:
            raise InvalidInput(f"{len(unknown)} of the chosen findings are not in the current "
                               "brief: choose again from its findings.")
        view = participant_view(session=session, dialogue_id=dialogue_id, by=by)
        departing = departs(outcome, view)
        if departing:
            explanation = clean_text(
                explanation or "", what="explanation of why the decision departs from what "
                "participants said", max_chars=8000, multiline=True)
        elif explanation and explanation.strip():
            explanation = clean_text(explanation, what="explanation", max_chars=8000,
                                     multiline=True)
        else:
            explanation = None
        last = session.exec(
            select(Decision.version).where(Decision.dialogue_id == dialogue_id)
            .order_by(col(Decision.version).desc()).limit(1)
        ).first()
        decision = Decision(
            dialogue_id=dialogue_id,
            version=(last or 0) + 1,
            outcome=outcome,
            rationale=rationale,
            findings=json.dumps(chosen),
            cited_findings=json.dumps([
                {"ref": ref, "kind": offered[ref].kind, "text": offered[ref].text,
                 "brief_id": brief.id, "version": brief.version} for ref in chosen]),
            departs_from_participants=departing,
            departure_explanation=explanation,
            brief_id=brief.id,
            recorded_by=f"user:{by.username}",
        )
        session.add(decision)
        session.flush()
        lineage.inherit(session, source_kind="brief", source_id=brief.id,
                        output_kind="decision", output_id=decision.id)
        audit.record(session, actor=f"user:{by.username}", action="decision.recorded",
                     object_type="decision", object_id=decision.id, dialogue_id=dialogue_id,
                     detail={"version": decision.version, "outcome": outcome.value})
        notify.queue_outcome(session, dialogue, decision)
    notify.send_outbox(session=session, dialogue_id=dialogue_id)
    return decision


def decisions_of(*, session: Session, dialogue_id: int, by: User) -> list[Decision]:
    """Every version of the decision, with who recorded it: for staff."""
    acting(session, by, "view_board")
    return list(session.exec(
        select(Decision).where(Decision.dialogue_id == dialogue_id)
        .order_by(col(Decision.version).desc())
    ))


def current_decision(*, session: Session, dialogue_id: int) -> Decision | None:
    """The decision in force (public: the results page shows it)."""
    return session.exec(
        select(Decision).where(Decision.dialogue_id == dialogue_id)
        .order_by(col(Decision.version).desc()).limit(1)
    ).first()
