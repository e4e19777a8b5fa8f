"""The governance brief: a facilitator freezes an analysis snapshot and signs it off; the brief
is produced from that snapshot and never edited afterwards."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, col, select

from engagement import audit
from engagement.actors import SystemActor
from engagement.analysis.summary import SummaryCheckFailed
from engagement.db import transaction
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import AnalysisSnapshot, Brief, BriefStatus, Dialogue, User, utcnow
from engagement.reporting.render import to_html, to_markdown, to_pdf
from engagement.services import evidence, opinion
from engagement.services._lookup import acting, check_id, dialogue_by_id


def _data_fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _next_version(session: Session, dialogue_id: int) -> int:
    last = session.exec(
        select(Brief.version).where(Brief.dialogue_id == dialogue_id)
        .order_by(col(Brief.version).desc()).limit(1)
    ).first()
    return (last or 0) + 1


def _supersede_current(session: Session, dialogue_id: int, reason: str) -> None:
    for brief in session.exec(
        select(Brief).where(Brief.dialogue_id == dialogue_id, Brief.status == BriefStatus.CURRENT)
    ):
        brief.status, brief.superseded_at, brief.superseded_reason = (
            BriefStatus.SUPERSEDED, utcnow(), reason,
        )
        session.add(brief)


def _issue(session: Session, dialogue_id: int, signer: str, reason: str,
           by: User | SystemActor) -> Brief:
    """Analyse now, freeze the snapshot, build the brief from it (inside the caller's
    transaction, which authorised ``by``)."""
    dialogue = dialogue_by_id(session, dialogue_id)
    snapshot = opinion.current_analysis(session=session, dialogue_id=dialogue_id, by=by)
    if snapshot.published_at is None:
        snapshot.published_at, snapshot.published_by = utcnow(), signer
        session.add(snapshot)
    try:
        data = evidence.gather(session, dialogue, snapshot)
    except SummaryCheckFailed as failed:
        raise Conflict(f"The brief was not signed off: its summary failed a check ({failed}) "
                       "Wait for more answers, or ask the team to look at the analysis.") from None
    _supersede_current(session, dialogue_id, reason)
    brief = Brief(
        dialogue_id=dialogue_id,
        snapshot_id=snapshot.id,
        version=_next_version(session, dialogue_id),
        data=json.dumps(data),
        fingerprint=_data_fingerprint(data),
        signed_off_by=signer,
    )
    session.add(brief)
    session.flush()
    audit.record(session, actor=signer, action="brief.signed_off", object_type="brief",
                 object_id=brief.id, dialogue_id=dialogue_id,
                 detail={"version": brief.version, "snapshot": snapshot.id,
                         "fingerprint": snapshot.fingerprint})
    return brief


def sign_off_brief(*, session: Session, dialogue_id: int, by: User) -> Brief:
    """Freeze the current analysis and sign the brief off in the facilitator's name."""
    by = acting(session, by, "facilitate")
    with transaction(session):
        brief = _issue(session, dialogue_id, f"user:{by.username}",
                       "replaced by a newer signed-off brief", by)
    return brief


WITHDRAWAL_REASON = "a participant withdrew; re-issued without their data"


def supersede_after_withdrawal(session: Session, dialogue_id: int, participant_id: int) -> bool:
    """Inside the withdrawal transaction: snapshots that used the participant's votes become
    stale, and a current brief built on one of them is superseded. True if a brief was."""
    stale = set()
    for snapshot in session.exec(
        select(AnalysisSnapshot).where(AnalysisSnapshot.dialogue_id == dialogue_id,
                                       AnalysisSnapshot.stale == False)  # noqa: E712
    ):
        keys = {p["key"] for p in json.loads(snapshot.result).get("participants", [])}
        if participant_id in keys:
            snapshot.stale = True
            session.add(snapshot)
            stale.add(snapshot.id)
    current = current_brief(session=session, dialogue_id=dialogue_id)
    if current is None or current.snapshot_id not in stale:
        return False
    _supersede_current(session, dialogue_id, WITHDRAWAL_REASON)
    return True


def reissue_after_withdrawal(
    *, session: Session, dialogue_id: int, by: SystemActor
) -> Brief:
    """A new version of the brief, without the withdrawn participant's data, in the name of
    whoever signed off the version it replaces. Only the withdrawal itself may ask for it
    (``by=SYSTEM_WITHDRAWAL``): no person re-issues a brief in another's name."""
    by = acting(session, by, "reissue_brief")
    with transaction(session):
        previous = session.exec(
            select(Brief).where(Brief.dialogue_id == dialogue_id)
            .order_by(col(Brief.version).desc()).limit(1)
        ).first()
        signer = previous.signed_off_by.split(" (re-issued")[0] if previous else "system"
        return _issue(session, dialogue_id,
                      f"{signer} (re-issued automatically after a withdrawal)", WITHDRAWAL_REASON,
                      by)


def current_brief(*, session: Session, dialogue_id: int) -> Brief | None:
    return session.exec(
        select(Brief).where(Brief.dialogue_id == dialogue_id, Brief.status == BriefStatus.CURRENT)
        .order_by(col(Brief.version).desc()).limit(1)
    ).first()


def published_dialogues(*, session: Session) -> list[Dialogue]:
    """The dialogues whose results are public: those with a current signed-off brief."""
    current = select(Brief.dialogue_id).where(Brief.status == BriefStatus.CURRENT)
    return list(session.exec(
        select(Dialogue).where(col(Dialogue.id).in_(current))
        .order_by(Dialogue.created_at, Dialogue.id)
    ))


def briefs_of(*, session: Session, dialogue_id: int, by: User) -> list[Brief]:
    """Every version, superseded ones included: for staff."""
    acting(session, by, "view_board")
    return list(session.exec(
        select(Brief).where(Brief.dialogue_id == dialogue_id).order_by(col(Brief.version).desc())
    ))


def get_brief(*, session: Session, brief_id: int, by: User) -> Brief:
    acting(session, by, "view_board")
    brief = session.get(Brief, check_id(brief_id, "brief"))
    if brief is None:
        raise NotFound("That brief does not exist.")
    return brief


def brief_data(brief: Brief) -> dict:
    data = json.loads(brief.data)
    data["brief"] = {
        "id": brief.id, "version": brief.version, "status": brief.status,
        "signed_off_by": brief.signed_off_by,
        "signed_off_at": brief.signed_off_at.isoformat(),
        "superseded_reason": brief.superseded_reason, "fingerprint": brief.fingerprint,
    }
    return data


_RENDERERS = {"pdf": to_pdf, "html": to_html, "md": to_markdown}


def render_brief(data: dict, fmt: str) -> bytes | str:
    """A brief's data (``brief_data``) drawn as "pdf" (bytes), "html" or "md" (text)."""
    if fmt not in _RENDERERS:
        raise InvalidInput(f"There is no brief format called {fmt!r}.")
    return _RENDERERS[fmt](data)


def require_current_brief(*, session: Session, dialogue_id: int) -> Brief:
    brief = current_brief(session=session, dialogue_id=dialogue_id)
    if brief is None:
        raise Conflict("No brief has been signed off for this dialogue yet.")
    return brief


def record_download(*, session: Session, brief_id: int, fmt: str, by: User) -> None:
    """Every export of a brief is audited."""
    by = acting(session, by, "view_board")
    with transaction(session):
        brief = get_brief(session=session, brief_id=brief_id, by=by)
        audit.record(session, actor=f"user:{by.username}", action="brief.exported",
                     object_type="brief", object_id=brief.id, dialogue_id=brief.dialogue_id,
                     detail={"format": fmt, "version": brief.version})
