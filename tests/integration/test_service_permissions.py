"""Every staff use case checks the role, not only the pages: a refused call changes nothing."""

import pytest
from sqlmodel import func, select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.errors import PermissionDenied
from engagement.models import AuditEvent
from engagement.services import dialogues, moderation, participation, staff


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Roles are under test here, not argon2's cost (tested in test_staff_admin)."""
    from argon2 import PasswordHasher

    import engagement.security as security

    monkeypatch.setattr(security, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def people(session):
    return {
        role: staff.create_user(session=session, username=f"{role}1", password="tulip-42-Oak",
                                role=role, by=SYSTEM_CLI)
        for role in ("board", "evaluator", "facilitator", "admin")
    }


def _calls(dialogue, statement_id):
    return {
        "create a dialogue": lambda s, u: dialogues.create_dialogue(
            session=s, slug="another", template="blank", by=u),
        "edit a dialogue": lambda s, u: dialogues.update_dialogue(
            session=s, dialogue_id=dialogue.id, changes={"title": "New"}, by=u),
        "add a statement": lambda s, u: dialogues.add_seed_statement(
            session=s, dialogue_id=dialogue.id, text="A new seed", by=u),
        "close a dialogue": lambda s, u: dialogues.set_status(
            session=s, dialogue_id=dialogue.id, status="closed", by=u),
        "moderate": lambda s, u: moderation.moderate(
            session=s, statement_ids=[statement_id], decision="accepted", by=u),
        "sign off a brief": lambda s, u: versions.sign_off_brief(
            session=s, dialogue_id=dialogue.id, by=u, analysis_checked=True),
    }


@pytest.mark.parametrize("role", ["board", "evaluator"])
@pytest.mark.parametrize("action", ["create a dialogue", "edit a dialogue", "add a statement",
                                    "close a dialogue", "moderate", "sign off a brief"])
def test_read_only_roles_cannot_change_a_dialogue(session, open_dialogue, people, role,
                                                  action):
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    mine = participation.add_statement(session=session, participant_id=pid, text="Pending one")
    before = session.exec(select(func.count(AuditEvent.id))).one()
    with pytest.raises(PermissionDenied, match="does not allow"):
        _calls(open_dialogue, mine.id)[action](session, people[role])
    assert session.exec(select(func.count(AuditEvent.id))).one() == before


def test_facilitators_and_admins_can(session, open_dialogue, people):
    for role in ("facilitator", "admin"):
        dialogues.add_seed_statement(session=session, dialogue_id=open_dialogue.id,
                                     text=f"Seed from {role}", by=people[role])
