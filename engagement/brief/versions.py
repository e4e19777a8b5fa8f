"""The governance brief: a facilitator freezes an analysis snapshot and signs it off; the brief
is produced from that snapshot and never edited afterwards."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, col, select

from engagement import audit, lineage
from engagement.actors import SystemActor
from engagement.brief import evidence, identity
from engagement.brief.document import issued_words
from engagement.brief.findings import STABLE_REF
from engagement.brief.render import to_html, to_markdown, to_pdf
from engagement.brief.summary import SummaryCheckFailed
from engagement.db import transaction
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import (
    AnalysisSnapshot,
    Brief,
    BriefStatus,
    Decision,
    Dialogue,
    DialogueStatus,
    LineageKind,
    ModerationStatus,
    Position,
    Reflection,
    Statement,
    StatementOrigin,
    User,
    utcnow,
)
from engagement.services import opinion
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
           by: User | SystemActor, *, declared: dict | None = None) -> Brief:
    """Analyse now, freeze the snapshot, build the brief from it (inside the caller's
    transaction, which authorised ``by``). ``declared``: what the signer confirmed, for the
    audit row (none for an automatic re-issue)."""
    dialogue = dialogue_by_id(session, dialogue_id)
    snapshot = opinion.current_analysis(session=session, dialogue_id=dialogue_id, by=by)
    if snapshot.published_at is None:
        snapshot.published_at, snapshot.published_by = utcnow(), signer
        session.add(snapshot)
    earlier = _earlier_versions(session, dialogue_id)
    try:
        data = evidence.gather(session=session, dialogue=dialogue, snapshot=snapshot,
                               previous_themes=_previous_themes(earlier))
    except SummaryCheckFailed as failed:
        raise Conflict(f"The brief was not signed off: its summary failed a check ({failed}) "
                       "Wait for more answers, or ask the team to look at the analysis.") from None
    _identify(session, earlier, data, snapshot)
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
    _record_lineage(session, brief)
    audit.record(session, actor=signer, action="brief.signed_off", object_type="brief",
                 object_id=brief.id, dialogue_id=dialogue_id,
                 detail={"version": brief.version, "snapshot": snapshot.id,
                         "fingerprint": snapshot.fingerprint, **(declared or {})})
    return brief


def _earlier_versions(session: Session, dialogue_id: int) -> list[tuple[Brief, dict]]:
    """Every earlier version of the dialogue's brief with its data, the latest first (read
    once per issue: the themes start from the latest, identities are matched against all)."""
    return [(brief, json.loads(brief.data)) for brief in session.exec(
        select(Brief).where(Brief.dialogue_id == dialogue_id)
        .order_by(col(Brief.version).desc()))]


def _previous_themes(earlier: list[tuple[Brief, dict]]) -> dict[str, list[str]] | None:
    """The themes of the latest earlier version (name -> the ids of its texts; a withdrawal
    has already taken the person's out), for the new version to start from; ``None`` before
    the first version, or when that version reported no themes."""
    if not earlier:
        return None
    found: dict[str, list[str]] = {}
    for i, theme in enumerate(earlier[0][1].get("themes", {}).get("themes", [])):
        name = str(theme.get("label") or "")
        found[name if name and name not in found else f"{name} ({i + 1})"] = list(
            theme.get("members", []))
    return found or None


def _identify(session: Session, earlier: list[tuple[Brief, dict]], data: dict,
              snapshot: AnalysisSnapshot) -> None:
    """Give each opinion group and theme of a new version its identity: that of the group or
    theme of the latest earlier version it matches by members (engagement/brief/identity.py),
    else a new one never used in this dialogue. A decision citing a group or a theme follows it
    by this identity when its letter or its name changes."""
    datas = [d for _, d in earlier]
    last = datas[0] if datas else None
    members = _group_members(snapshot)
    groups = data["opinion"]["groups"]
    previous_groups: dict[str, frozenset] = {}
    if last is not None:
        last_members = _group_members(session.get(AnalysisSnapshot, earlier[0][0].snapshot_id))
        previous_groups = {g["identity"]: last_members.get(g["id"], frozenset())
                           for g in last["opinion"]["groups"] if g.get("identity")}
    found = identity.match(previous_groups, {g["id"]: members.get(g["id"], frozenset())
                                             for g in groups}, prefix="G",
                           taken=[g.get("identity") or "" for d in datas
                                  for g in d["opinion"]["groups"]])
    for group in groups:
        group["identity"] = found[group["id"]]
    themes = data["themes"]["themes"]
    previous_themes = {t["identity"]: frozenset(t.get("members", []))
                       for t in (last or {}).get("themes", {}).get("themes", [])
                       if t.get("identity")}
    found = identity.match(previous_themes, {i: frozenset(t["members"])
                                             for i, t in enumerate(themes)}, prefix="T",
                           taken=[t.get("identity") or "" for d in datas
                                  for t in d["themes"]["themes"]])
    for i, theme in enumerate(themes):
        theme["identity"] = found[i]


def _group_members(snapshot: AnalysisSnapshot | None) -> dict[int, frozenset]:
    """Opinion group id -> the participants in it, in a snapshot (as withdrawals left it)."""
    if snapshot is None:
        return {}
    grouped: dict[int, set] = {}
    for entry in json.loads(snapshot.result).get("participants", []):
        grouped.setdefault(entry["group"], set()).add(entry["key"])
    return {group: frozenset(keys) for group, keys in grouped.items()}


def _record_lineage(session: Session, brief: Brief) -> None:
    """A brief rests on its snapshot's votes and statements, the texts its themes were found
    in, and the positions its shift was measured on (as they were at sign-off)."""
    lineage.inherit(session, source_kind="snapshot", source_id=brief.snapshot_id,
                    output_kind="brief", output_id=brief.id)
    did = brief.dialogue_id
    statements = session.exec(select(Statement.id, Statement.author_participant_id).where(
        Statement.dialogue_id == did, Statement.origin == StatementOrigin.PARTICIPANT,
        Statement.status == ModerationStatus.ACCEPTED,
        Statement.author_participant_id.is_not(None))).all()
    reflections = session.exec(select(Reflection.id, Reflection.participant_id).where(
        Reflection.dialogue_id == did)).all()
    positions = session.exec(select(Position.id, Position.participant_id).where(
        Position.dialogue_id == did)).all()
    Use = lineage.Use
    lineage.record(session, dialogue_id=did, output_kind="brief", output_id=brief.id, uses=[
        *(Use(LineageKind.STATEMENT, pid, sid, "themes") for sid, pid in statements),
        *(Use(LineageKind.REFLECTION, pid, rid, "themes") for rid, pid in reflections),
        *(Use(LineageKind.POSITION, pid, position, "shift") for position, pid in positions),
    ])


OPEN_WARNING = ("This dialogue is still open: people can still join, vote and change their "
                "answers. Anything given after you sign off is not in this brief. Close the "
                "dialogue first unless you mean to sign off part-way through.")
OPEN_REFUSAL = ("The brief was not signed off: the dialogue is still open. Close it first, or "
                "confirm that you mean to sign off while it is open.")


CHECK_REFUSAL = ("The brief was not signed off: confirm that you have checked the analysis "
                 "before you sign it off.")


def sign_off_brief(*, session: Session, dialogue_id: int, by: User,
                   analysis_checked: bool = False, acknowledge_open: bool = False) -> Brief:
    """Freeze the current analysis and sign the brief off in the facilitator's name. The
    signer declares ``analysis_checked=True`` (they have checked the analysis; recorded in the
    audit row). While the dialogue is open it also needs ``acknowledge_open=True``: the signer
    has confirmed that the answers still to come are not in it. Every caller, not only the
    page, must say so."""
    by = acting(session, by, "facilitate")
    if analysis_checked is not True:
        raise InvalidInput(CHECK_REFUSAL)
    with transaction(session):
        dialogue = dialogue_by_id(session, dialogue_id)
        # Read inside the transaction that writes, so a dialogue opened meanwhile is seen.
        while_open = dialogue.status == DialogueStatus.OPEN
        if while_open and acknowledge_open is not True:
            raise Conflict(OPEN_REFUSAL)
        brief = _issue(session, dialogue_id, f"user:{by.username}",
                       "replaced by a newer signed-off brief", by,
                       declared={"analysis_checked": True,
                                 **({"while_open": True} if while_open else {})})
    return brief


def sign_off_warning(*, session: Session, dialogue_id: int, by: User) -> str | None:
    """What a facilitator must confirm before signing off now, or None: a dialogue still open
    keeps taking answers, which the frozen brief will not include (sign_off_brief refuses
    without that confirmation)."""
    acting(session, by, "facilitate")
    dialogue = dialogue_by_id(session, dialogue_id)
    return OPEN_WARNING if dialogue.status == DialogueStatus.OPEN else None


WITHDRAWAL_REASON = "a participant withdrew; re-issued without their data"


def supersede_after_withdrawal(*, session: Session, withdrawn: lineage.Withdrawn) -> bool:
    """Inside the withdrawal transaction, before the person's lineage is forgotten: every
    snapshot that used any of their contributions becomes stale and every brief that did is
    superseded; both lose the person's words and per-participant entries, and the decisions
    resting on such a brief say which of their findings did. True if a current brief was
    superseded (so a new version is due)."""
    pid, did = withdrawn.participant_id, withdrawn.dialogue_id
    used = lineage.outputs_using(session, pid, did)
    groups = {}
    for snapshot in session.exec(select(AnalysisSnapshot).where(
            col(AnalysisSnapshot.id).in_(used.get("snapshot", set())))):
        result = json.loads(snapshot.result)
        groups[snapshot.id] = next((p["group"] for p in result.get("participants", [])
                                    if p["key"] == pid), None)
        snapshot.stale = True
        snapshot.result = json.dumps(lineage.scrub_json(result, withdrawn))
        session.add(snapshot)
    briefs = session.exec(select(Brief).where(
        Brief.dialogue_id == did,
        col(Brief.id).in_(used.get("brief", set()))
        | col(Brief.snapshot_id).in_(used.get("snapshot", set())))).all()
    reissue = False
    for brief in briefs:
        data = json.loads(brief.data)
        parts = lineage.parts_using(session, "brief", brief.id, pid)
        _mark_decisions(session, brief, data, parts, withdrawn, groups.get(brief.snapshot_id))
        if brief.status == BriefStatus.CURRENT:
            brief.status, brief.superseded_at = BriefStatus.SUPERSEDED, utcnow()
            brief.superseded_reason = WITHDRAWAL_REASON
            reissue = True
        brief.data = json.dumps(_without_their_texts(lineage.scrub_json(data, withdrawn),
                                                     withdrawn))
        session.add(brief)
    return reissue


def _without_their_texts(data: dict, withdrawn: lineage.Withdrawn) -> dict:
    """The themes' member lists lose the withdrawn person's texts (ids: no words, but still
    theirs)."""
    gone = withdrawn.cites()
    for theme in data.get("themes", {}).get("themes", []):
        if "members" in theme:
            theme["members"] = [m for m in theme["members"] if m not in gone]
    return data


def _mark_decisions(session: Session, brief: Brief, data: dict, parts: set[str],
                    withdrawn: lineage.Withdrawn, group: int | None) -> None:
    """A decision keeps its rationale; the findings it cites that rested on the withdrawn
    contributions are marked as such (their references scrubbed like the brief)."""
    for decision in session.exec(select(Decision).where(Decision.brief_id == brief.id)):
        cited = json.loads(decision.findings)
        touched = set(json.loads(decision.withdrawn_findings))
        touched |= {f for f in cited
                    if lineage.finding_rests_on(f, data, parts, withdrawn, group)}
        decision.findings = json.dumps([_scrub_ref(f, withdrawn) for f in cited])
        decision.withdrawn_findings = json.dumps(sorted(_scrub_ref(f, withdrawn)
                                                        for f in touched))
        decision.cited_findings = json.dumps(
            _scrubbed_findings(json.loads(decision.cited_findings or "[]"), withdrawn))
        session.add(decision)


def _scrub_ref(ref: str, withdrawn: lineage.Withdrawn) -> str:
    """A stable reference holds no one's words (a brief before them named a theme by its
    label, which could)."""
    return ref if STABLE_REF.fullmatch(ref) else lineage.scrub_text(ref, withdrawn)


WITHDRAWN_STATEMENT = "A statement its author has since withdrawn"


def _scrubbed_findings(cited: list[dict], withdrawn: lineage.Withdrawn) -> list[dict]:
    """A decision's findings in words, as a withdrawal leaves them: the person's own statement
    is no longer quoted, and their words are taken out of any other finding."""
    theirs = withdrawn.cites()
    return [{**item, "text": WITHDRAWN_STATEMENT if item["ref"] in theirs
             else lineage.scrub_text(item["text"], withdrawn)} for item in cited]


def reissue_after_withdrawal(
    *, session: Session, dialogue_id: int, by: SystemActor
) -> Brief:
    """A new version of the brief, without the withdrawn participant's data, issued as the
    withdrawal (no one is credited with signing it off). Only the withdrawal itself may ask for it
    (``by=SYSTEM_WITHDRAWAL``): no person re-issues a brief in another's name."""
    by = acting(session, by, "reissue_brief")
    with transaction(session):
        # Nobody signed this version off: it is issued, and named, as the withdrawal itself.
        return _issue(session, dialogue_id, by.audit_name, WITHDRAWAL_REASON, by)


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


def issued_by(brief: Brief) -> str:
    """Who issued this version, in words (a sign-off, or the automatic re-issue)."""
    return issued_words(brief.signed_off_by)


def brief_data(brief: Brief) -> dict:
    data = json.loads(brief.data)
    data["brief"] = {
        "id": brief.id, "version": brief.version, "status": brief.status,
        "signed_off_by": brief.signed_off_by,
        "signed_off_at": brief.signed_off_at.isoformat(),
        "superseded_reason": brief.superseded_reason, "fingerprint": brief.fingerprint,
    }
    return data


def downloadable(brief: Brief) -> bool:
    """Superseded versions stay listed with their record, not handed out."""
    return brief.status == BriefStatus.CURRENT


def not_downloadable(*, session: Session, brief: Brief) -> Conflict:
    """The refusal for a superseded version, saying which version to take instead."""
    current = current_brief(session=session, dialogue_id=brief.dialogue_id)
    if current is None:
        return Conflict(f"Version {brief.version} of this brief has been replaced, "
                        "and no version is in force now.")
    return Conflict(f"Version {brief.version} of this brief has been replaced by version "
                    f"{current.version}. Use version {current.version} instead.")


_RENDERERS = {"pdf": to_pdf, "html": to_html, "md": to_markdown}


def render_brief(data: dict, fmt: str, lang: str = "en") -> bytes | str:
    """A brief's data (``brief_data``) drawn as "pdf" (bytes), "html" or "md" (text), its own
    words in ``lang`` (English or Welsh; what people wrote stays as written)."""
    if fmt not in _RENDERERS:
        raise InvalidInput(f"There is no brief format called {fmt!r}.")
    return _RENDERERS[fmt](data, lang=lang)


def require_current_brief(*, session: Session, dialogue_id: int) -> Brief:
    brief = current_brief(session=session, dialogue_id=dialogue_id)
    if brief is None:
        raise Conflict("No brief has been signed off for this dialogue yet.")
    return brief


def download_brief(*, session: Session, brief_id: int, fmt: str, by: User,
                   lang: str = "en") -> bytes | str:
    """The file of a brief for ``by`` to download ("pdf" bytes, "html" or "md" text): the
    only way to a brief's file in the app. Authorised, refused for a superseded version, and
    audited (one row per download) before the content is handed over: a refused download
    gets no bytes."""
    if not isinstance(fmt, str) or fmt not in _RENDERERS:
        raise InvalidInput(f"There is no brief format called {fmt!r}.")
    by = acting(session, by, "view_board")
    with transaction(session):
        brief = get_brief(session=session, brief_id=brief_id, by=by)
        if not downloadable(brief):
            raise not_downloadable(session=session, brief=brief)
        content = render_brief(brief_data(brief), fmt, lang)
        audit.record(session, actor=f"user:{by.username}", action="brief.exported",
                     object_type="brief", object_id=brief.id, dialogue_id=brief.dialogue_id,
                     detail={"format": fmt, "version": brief.version})
    return content
