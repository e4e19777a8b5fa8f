"""The register of files the app writes with a dialogue's data (brief files, Pol.is exports,
the outbox), each with the lineage of what it holds, so that a withdrawal can remove every file
that holds the person's data and write the brief files again from the re-issued brief."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from engagement import audit, lineage
from engagement.actors import SystemActor, actor_name
from engagement.db import transaction
from engagement.files import write_private_text
from engagement.models import Brief, ExportFile, LineageKind, User, utcnow
from engagement.polis_format.write import FILES as POLIS_FILES
from engagement.services import notify
from engagement.services._lookup import acting, check_id

REMOVED_REASON = "removed: a participant whose data it held withdrew"


@dataclass(frozen=True)
class Removed:
    """A registered export a withdrawal took away (its file is deleted after the commit)."""

    kind: str
    format: str
    path: str


def register_file(session: Session, *, dialogue_id: int, kind: str, path: Path, actor: str,
             fmt: str = "", brief_id: int | None = None,
             uses: Iterable[lineage.Use] = ()) -> ExportFile:
    """Record a written file (inside the caller's transaction) with what it used; a brief
    file uses what its brief used."""
    row = ExportFile(dialogue_id=dialogue_id, kind=kind, format=fmt,
                     path=str(Path(path).resolve()), brief_id=brief_id, created_by=actor)
    session.add(row)
    session.flush()
    if brief_id is not None:
        lineage.inherit(session, source_kind="brief", source_id=brief_id,
                        output_kind="export", output_id=row.id)
    lineage.record(session, dialogue_id=dialogue_id, output_kind="export", output_id=row.id,
                   uses=uses)
    audit.record(session, actor=actor, action="export.written", object_type="export",
                 object_id=row.id, dialogue_id=dialogue_id, detail={"kind": kind, "format": fmt})
    return row


def write_brief(*, session: Session, brief: Brief, fmt: str, path: Path,
                by: User | SystemActor) -> Path:
    """Write a brief to a file and register it."""
    from engagement.brief.render import write  # matplotlib, WeasyPrint: only here
    from engagement.brief.versions import brief_data, downloadable, not_downloadable

    with transaction(session):  # registered first: a file is never written unregistered
        by = acting(session, by, "view_board")
        if not downloadable(brief):
            raise not_downloadable(session=session, brief=brief)
        register_file(session, dialogue_id=brief.dialogue_id, kind="brief", path=Path(path),
                 actor=actor_name(by), fmt=fmt, brief_id=brief.id)
        written = write(brief_data(brief), fmt, Path(path))
    return written


def write_outbox(*, session: Session, dialogue_id: int, path: Path, by: User) -> Path:
    """The outbox as a CSV file (for a mail-merge), registered with the addresses it holds."""
    path = Path(path)
    with transaction(session):
        text = notify.export_outbox_csv(session=session, dialogue_id=dialogue_id, by=by)
        waiting = notify.outbox(session=session, dialogue_id=check_id(dialogue_id, "dialogue"),
                                by=by)
        register_file(session, dialogue_id=dialogue_id, kind="outbox", path=path,
                 actor=f"user:{by.username}", fmt="csv",
                 uses=[lineage.Use(LineageKind.CONTACT, m.participant_id, m.id)
                       for m in waiting if m.participant_id is not None])
        write_private_text(path, text)
    return path


def follow_withdrawal(session: Session, withdrawn: lineage.Withdrawn) -> list[Removed]:
    """Inside the withdrawal transaction: every export that used the person's data is marked
    removed; returns them, for their files to be deleted once the withdrawal is committed."""
    used = lineage.outputs_using(session, withdrawn.participant_id, withdrawn.dialogue_id)
    removed = []
    for row in session.exec(select(ExportFile).where(
            col(ExportFile.id).in_(used.get("export", set())),
            ExportFile.removed_at.is_(None))):
        row.removed_at, row.removed_reason = utcnow(), REMOVED_REASON
        session.add(row)
        removed.append(Removed(row.kind, row.format, row.path))
    return removed


def remove_files(removed: Iterable[Removed]) -> None:
    """Delete the files of removed exports (a brief's Markdown charts and a Pol.is folder's
    files too); a file already gone is fine."""
    for item in removed:
        path = Path(item.path)
        if item.kind == "polis":
            for name in POLIS_FILES:
                (path / name).unlink(missing_ok=True)
            continue
        path.unlink(missing_ok=True)
        if item.format == "md":
            shutil.rmtree(path.with_name(path.stem + "_charts"), ignore_errors=True)


def rewrite_briefs(session: Session, removed: Iterable[Removed], brief: Brief,
                   by: User | SystemActor) -> list[Path]:
    """Brief files a withdrawal removed, written again from the re-issued brief."""
    return [write_brief(session=session, brief=brief, fmt=item.format, path=Path(item.path),
                        by=by)
            for item in removed if item.kind == "brief"]
