"""'You said, we did' for everyone: what the public page shows of a dialogue, taken only from
its current signed-off brief (whose figures already passed the disclosure gate)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from engagement import i18n
from engagement.brief import versions
from engagement.brief.document import brief_summary
from engagement.brief.plain import DecisionFacts, Paragraph, public_summary
from engagement.errors import NotFound
from engagement.services.decisions import current_decision
from engagement.services.synthetic import synthetic_notice


@dataclass(frozen=True)
class PublicResults:
    participants: int | None  # None when the brief does not show it
    sentences: tuple[str, ...]
    brief: dict  # the brief's data, for the download in full
    version: int
    attribution: str | None
    notice: str | None = None  # said first when the participants include synthetic ones
    summary: tuple[Paragraph, ...] = ()  # in plain words, what the page opens with


def public_results(*, session: Session, dialogue_id: int,
                   lang: str = i18n.ENGLISH) -> PublicResults:
    """The page's results of a dialogue, its words (the summary) for a reader of ``lang``."""
    brief = versions.current_brief(session=session, dialogue_id=dialogue_id)
    if brief is None:
        raise NotFound("No results have been published for this dialogue yet.")
    data = versions.brief_data(brief)
    # A brief issued before briefs carried the notice gets it now, download included.
    data["synthetic_notice"] = data.get("synthetic_notice") or synthetic_notice(
        session, dialogue_id)
    decision = current_decision(session=session, dialogue_id=dialogue_id)
    facts = None if decision is None else DecisionFacts(decision.outcome,
                                                         decision.recorded_at.date())
    return PublicResults(
        participants=data["participation"]["total"],
        sentences=tuple(s["text"] for s in brief_summary(data, lang)[0]["sentences"]),
        brief=data,
        version=brief.version,
        attribution=data.get("attribution"),
        notice=data["synthetic_notice"],
        summary=public_summary(data, decision=facts, lang=lang),
    )
