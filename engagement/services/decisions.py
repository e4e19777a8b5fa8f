"""The decision register: the board records what it decided on a dialogue's proposal, the
findings it rests on and, where it departs from what participants said, why."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engagement import audit, lineage
from engagement.brief import versions
from engagement.db import transaction
from engagement.errors import InvalidInput
from engagement.models import Decision, DecisionOutcome, Position, PositionStage, User
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
    """The findings of a brief a decision may rest on: reference -> short description."""
    found: dict[str, str] = {}
    opinion = brief_data["opinion"]
    for kind, items in (("Consensus", opinion["consensus"]), ("Division", opinion["divisive"])):
        for item in items:
            found[f"S{item['id']}"] = f"{kind}: {item['text'] or 'statement S' + str(item['id'])}"
    for group in opinion["groups"]:
        found[f"group:{group['letter']}"] = f"Opinion group {group['letter']} ({group['size']})"
    for theme in brief_data["themes"]["themes"]:
        found[f"theme:{theme['label']}"] = f"Theme: {theme['label']}"
    if brief_data["shift"].get("overall"):
        found["shift"] = "Opinion shift before and after"
    return found


WITHDRAWN_NOTE = "rested in part on contributions since withdrawn"


def cited_findings(decision: Decision) -> list[str]:
    """The findings a decision rests on, as shown to anyone: each that rested on
    contributions since withdrawn says so."""
    withdrawn = set(json.loads(decision.withdrawn_findings or "[]"))
    return [f"{f} ({WITHDRAWN_NOTE})" if f in withdrawn else f
            for f in json.loads(decision.findings)]


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
        offered = available_findings(versions.brief_data(brief))
        chosen = list(dict.fromkeys(findings or []))
        if not chosen:
            raise InvalidInput("Choose at least one finding from the brief that the decision "
                               "rests on.")
        unknown = [f for f in chosen if f not in offered]
        if unknown:
            raise InvalidInput(f"These findings are not in the current brief: {unknown}.")
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
