"""Lineage: which contributions each derived output used. An analysis snapshot records each
participant whose votes it used (by participant id: it rests on all of their votes) and the
participants' statements it analysed; a brief records its snapshot's rows and the statements,
reflections and positions of its themes and shift; a decision and an export file record the
rows of the brief (or the data) they rest on. A withdrawal follows these rows to every output
that used any contribution of the person, and then deletes that person's rows.

Also the scrubbing of what a withdrawal leaves in place (stale snapshots, superseded briefs,
decisions): their records stay, the person's words and per-participant entries do not."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, literal
from sqlmodel import Session, col, select

from engagement.columnar import insert_repeated, insert_rows
from engagement.models import (
    AnalysisSnapshot,
    Brief,
    Dialogue,
    Lineage,
    Position,
    Reflection,
    Statement,
    Vote,
)
from engagement.privacy.redaction import redact

WITHDRAWN_TEXT = "[withdrawn]"


@dataclass(frozen=True)
class Use:
    """One contribution an output used; ``part`` names the section of the output it fed."""

    kind: str
    participant_id: int
    contribution_id: int | None = None
    part: str = ""


def record(session: Session, *, dialogue_id: int, output_kind: str, output_id: int,
           uses: Iterable[Use]) -> int:
    """Store the uses of one output (inside the caller's transaction); returns how many."""
    rows = [
        (dialogue_id, output_kind, output_id, use.part, _plain(use.kind), use.contribution_id,
         use.participant_id)
        for use in uses
    ]
    insert_rows(session, Lineage.__table__, _COLUMNS, rows)  # a snapshot: 100,000 rows
    return len(rows)


def record_participants(session: Session, *, dialogue_id: int, output_kind: str,
                        output_id: int, kind: str, participant_ids: Sequence[int],
                        part: str = "") -> int:
    """Store that the output used all contributions of ``kind`` of each participant: the
    rows ``record`` stores for ``Use(kind, pid, part=part)`` of each, in that order, written
    by one statement (a snapshot's voters: 100,000 rows)."""
    insert_repeated(session, Lineage.__table__, {
        "dialogue_id": dialogue_id, "output_kind": output_kind, "output_id": output_id,
        "part": part, "contribution_kind": _plain(kind), "contribution_id": None,
    }, "participant_id", participant_ids)
    return len(participant_ids)


_COLUMNS = ("dialogue_id", "output_kind", "output_id", "part", "contribution_kind",
            "contribution_id", "participant_id")


def _plain(kind) -> str:
    return str(getattr(kind, "value", kind))  # the stored text of a LineageKind


def inherit(session: Session, *, source_kind: str, source_id: int, output_kind: str,
            output_id: int) -> None:
    """The output rests on everything another output used: copy that output's rows."""
    source = select(
        Lineage.dialogue_id, literal(output_kind), literal(output_id), Lineage.part,
        Lineage.contribution_kind, Lineage.contribution_id, Lineage.participant_id,
    ).where(Lineage.output_kind == source_kind, Lineage.output_id == source_id)
    session.execute(insert(Lineage).from_select(
        ["dialogue_id", "output_kind", "output_id", "part", "contribution_kind",
         "contribution_id", "participant_id"], source))


def outputs_using(session: Session, participant_id: int, dialogue_id: int) -> dict[str, set]:
    """Output kind -> ids of the outputs that used any contribution of the participant, and
    the dialogue's snapshots and briefs made before lineage was kept (they may have)."""
    found: dict[str, set] = {}
    for kind, output_id in session.exec(
        select(Lineage.output_kind, Lineage.output_id).distinct().where(
            Lineage.participant_id == participant_id)
    ):
        found.setdefault(kind, set()).add(output_id)
    for kind, model in (("snapshot", AnalysisSnapshot), ("brief", Brief)):
        found.setdefault(kind, set()).update(_unrecorded(session, kind, model, dialogue_id))
    return found


def _unrecorded(session: Session, kind: str, model, dialogue_id: int) -> list[int]:
    recorded = select(Lineage.id).where(Lineage.output_kind == kind,
                                        Lineage.output_id == model.id)
    return list(session.exec(select(model.id).where(model.dialogue_id == dialogue_id,
                                                    ~recorded.exists())))


def parts_using(session: Session, output_kind: str, output_id: int,
                participant_id: int) -> set[str]:
    """The sections of one output that used the participant's contributions ("*": all,
    for an output made before lineage was kept)."""
    rows = session.exec(select(Lineage.part, Lineage.participant_id).where(
        Lineage.output_kind == output_kind, Lineage.output_id == output_id)).all()
    if not rows:
        return {"*"}
    return {part for part, pid in rows if pid == participant_id}


def forget(session: Session, participant_id: int) -> int:
    """Delete the participant's rows: once followed, lineage must not keep naming them."""
    return session.execute(
        delete(Lineage).where(Lineage.participant_id == participant_id)
    ).rowcount or 0


# --- What a withdrawal takes away --------------------------------------------------------


WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass
class Withdrawn:
    """What a withdrawing participant contributed, read before it is deleted."""

    participant_id: int
    dialogue_id: int
    statement_ids: set[int] = field(default_factory=set)
    reflection_ids: set[int] = field(default_factory=set)
    voted_statement_ids: set[int] = field(default_factory=set)
    position_ids: set[int] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)  # their words, as written and as redacted
    own_words: set[str] = field(default_factory=set)  # words nobody else in the dialogue used

    def cites(self) -> set[str]:
        """Brief references to their statements and reflections."""
        return {f"S{i}" for i in self.statement_ids} | {f"R{i}" for i in self.reflection_ids}


def finding_rests_on(finding: str, brief_data: dict, parts: set[str],
                     withdrawn: Withdrawn, group: int | None) -> bool:
    """Whether a finding of a brief rested on a withdrawn person's contributions. ``parts``
    are the brief's sections that used them (lineage; "*" when unknown), ``group`` their
    opinion group in the brief's snapshot."""
    if "*" in parts:
        return True
    kind, _, ref = finding.partition(":")
    if finding.startswith("S") and finding[1:].isdigit():
        sid = int(finding[1:])
        return sid in withdrawn.statement_ids or (
            "opinion" in parts and sid in withdrawn.voted_statement_ids)
    if kind == "group":  # by identity (a brief before identities: by letter)
        ids = [g["id"] for g in brief_data["opinion"]["groups"]
               if ref in (g.get("identity"), g["letter"])]
        return "opinion" in parts and group is not None and group in ids
    if kind == "theme":
        return "themes" in parts
    if finding == "shift":
        return "shift" in parts
    return False


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def withdrawn_contributions(session: Session, participant_id: int,
                            dialogue_id: int) -> Withdrawn:
    withdrawn = Withdrawn(participant_id, dialogue_id)
    originals: list[str] = []
    for statement in session.exec(
        select(Statement).where(Statement.author_participant_id == participant_id)
    ):
        withdrawn.statement_ids.add(statement.id)
        originals.append(statement.text)
        withdrawn.texts |= {statement.text, redact(statement.text).text}
        if statement.redacted_text:
            withdrawn.texts.add(statement.redacted_text)
    for reflection in session.exec(
        select(Reflection).where(Reflection.participant_id == participant_id)
    ):
        withdrawn.reflection_ids.add(reflection.id)
        originals.append(reflection.text)
        withdrawn.texts |= {reflection.text, redact(reflection.text).text}
    withdrawn.voted_statement_ids = set(session.exec(
        select(Vote.statement_id).where(Vote.participant_id == participant_id)))
    withdrawn.position_ids = set(session.exec(
        select(Position.id).where(Position.participant_id == participant_id)))
    withdrawn.texts = {t for t in withdrawn.texts if t and t.strip()}
    # Words of what they wrote (not of redaction's placeholders, such as "[phone]").
    mine = set().union(set(), *(_words(t) for t in originals))
    withdrawn.own_words = mine - _others_words(session, withdrawn)
    return withdrawn


def _others_words(session: Session, withdrawn: Withdrawn) -> set[str]:
    dialogue = session.get(Dialogue, withdrawn.dialogue_id)
    texts = [dialogue.title, dialogue.question, dialogue.proposed_use, dialogue.briefing,
             dialogue.reflection_question]
    texts += session.exec(select(Statement.text).where(
        Statement.dialogue_id == withdrawn.dialogue_id,
        col(Statement.id).not_in(withdrawn.statement_ids or {0})))
    texts += session.exec(select(Reflection.text).where(
        Reflection.dialogue_id == withdrawn.dialogue_id,
        Reflection.participant_id != withdrawn.participant_id))
    return set().union(*(_words(t) for t in texts))


# --- Scrubbing what stays ----------------------------------------------------------------


def scrub_text(text: str, withdrawn: Withdrawn) -> str:
    """Their whole texts, then any word only they used, replaced by a placeholder."""
    for phrase in sorted(withdrawn.texts, key=len, reverse=True):
        text = text.replace(phrase, WITHDRAWN_TEXT)
    if withdrawn.own_words:
        words = "|".join(re.escape(w) for w in sorted(withdrawn.own_words, key=len,
                                                      reverse=True))
        text = re.sub(rf"\b(?:{words})\b", WITHDRAWN_TEXT, text, flags=re.IGNORECASE)
    return text


def scrub_json(value, withdrawn: Withdrawn):
    """Every string (keys too) of a JSON value scrubbed; list items that are the person's
    own entries (a participant entry, a quote of theirs, an item about their statement)
    dropped."""
    if isinstance(value, str):
        return scrub_text(value, withdrawn)
    if isinstance(value, list):
        return [scrub_json(v, withdrawn) for v in value if not _theirs(v, withdrawn)]
    if isinstance(value, dict):
        return {scrub_text(k, withdrawn): scrub_json(v, withdrawn) for k, v in value.items()}
    return value


def _theirs(item, withdrawn: Withdrawn) -> bool:
    if not isinstance(item, dict):
        return False
    if "key" in item and "group" in item:  # a participant's entry in a snapshot
        return item["key"] == withdrawn.participant_id
    if item.get("statement_key") in withdrawn.statement_ids:
        return True
    if "text" not in item:
        return False
    ref = item.get("id")  # a brief's item about their statement, or a quote of theirs
    return ref in withdrawn.statement_ids or str(ref) in withdrawn.cites()
