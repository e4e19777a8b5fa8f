"""The Pol.is import and export are staff use cases too (issue 12, item 3): they take the acting
user or system actor and check it; nobody, a participant, a board member or the plain command
line's actor is refused, and nothing is written."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel, func, select

from engagement.actors import SYSTEM_CLI, SYSTEM_INTEROP
from engagement.errors import PermissionDenied
from engagement.interop import export_polis, import_polis
from engagement.models import Participant, Role
from engagement.services import staff
from tests.support.polis_files import COMMENTS, VOTES


def write(folder):
    folder.mkdir(parents=True)
    (folder / "comments.csv").write_text(COMMENTS)
    (folder / "votes.csv").write_text(VOTES)
    return folder

REFUSED = ("nobody", "a board member", "the command line's actor", "a participant")


def _state(session) -> dict[str, int]:
    session.rollback()
    return {t.name: session.exec(select(func.count()).select_from(t)).one()
            for t in SQLModel.metadata.sorted_tables if t.name != "audit_event"}


def _caller(session, label: str):
    if label == "nobody":
        return None
    if label == "a board member":
        return staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                                 role=Role.BOARD, by=SYSTEM_CLI)
    if label == "a participant":
        return Participant(id=1, dialogue_id=1, pseudonym="P-look-alike")
    return SYSTEM_CLI


@pytest.mark.parametrize("label", REFUSED)
def test_import_is_refused_to_anyone_but_staff_who_facilitate(session, tmp_path, label):
    caller = _caller(session, label)
    before = _state(session)
    with pytest.raises(PermissionDenied):
        import_polis(session=session, folder=write(tmp_path / "conv"), by=caller)
    assert _state(session) == before


@pytest.mark.parametrize("label", REFUSED)
def test_export_is_refused_to_anyone_but_staff_who_facilitate(session, tmp_path, label):
    import_polis(session=session, folder=write(tmp_path / "conv"), slug="conv",
                 by=SYSTEM_INTEROP)
    caller = _caller(session, label)
    with pytest.raises(PermissionDenied):
        export_polis(session=session, slug="conv", folder=tmp_path / "out", by=caller)
    assert not (tmp_path / "out").exists()


def test_a_facilitator_imports_and_exports(session, tmp_path, facilitator):
    summary = import_polis(session=session, folder=write(tmp_path / "conv"), slug="conv",
                           by=facilitator)
    assert summary.votes > 0
    export_polis(session=session, slug="conv", folder=tmp_path / "out", by=facilitator)
    assert (tmp_path / "out" / "votes.csv").exists()
