"""Every public function of engagement/services and of the brief's use-case modules
(engagement/brief, all but the modules the import-linter "pure rules" contract holds pure)
against the permission matrix
(engagement.permissions.SERVICE_RULES): a staff use case refuses, and changes nothing for,
nobody, a participant, a look-alike of a permitted account, an account whose role or status
changed since it was loaded, each role and each system actor without the permission, and a
system actor made outside engagement/actors.py. A new public function that is not in the
matrix fails here, and so does a new staff use case without its check."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import tempfile
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import SQLModel, func, select, text

import engagement.brief as brief_package
import engagement.services as services_package
from engagement.actors import SYSTEM_ACTORS, SYSTEM_CLI, SYSTEM_WITHDRAWAL, SystemActor
from engagement.brief import versions
from engagement.errors import DomainError, PermissionDenied
from engagement.models import (
    AnalysisSnapshot,
    Brief,
    BriefStatus,
    Participant,
    Role,
    Statement,
    User,
)
from engagement.permissions import PERMISSIONS, SERVICE_RULES, role_permits
from engagement.services import dialogues, moderation, opinion, participation, staff

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"participant", "public", "internal", "pure", "infrastructure"}


def _pure_modules() -> set[str]:
    """The modules import-linter holds to the pure rules (no database library)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    pure = next(c for c in config["contracts"] if c["name"].startswith("Pure rules"))
    return set(pure["source_modules"])


def _use_case_modules() -> dict[str, str]:
    """Matrix prefix -> module: every module of engagement/services, and every module of
    engagement/brief that is not held pure (those are its use cases)."""
    found = {info.name: f"engagement.services.{info.name}"
             for info in pkgutil.iter_modules(services_package.__path__)
             if not info.name.startswith("_")}
    pure = _pure_modules()
    brief = {f"brief.{info.name}": f"engagement.brief.{info.name}"
             for info in pkgutil.iter_modules(brief_package.__path__)
             if not info.name.startswith("_")}
    assert len(brief) >= 6 and len(set(brief.values()) & pure) >= 4, (brief, pure)
    found |= {prefix: name for prefix, name in brief.items() if name not in pure}
    return found


def _public_functions() -> dict[str, object]:
    found = {}
    for prefix, module_name in _use_case_modules().items():
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{prefix}.{name}"] = function
    return found


FUNCTIONS = _public_functions()
STAFF = sorted(name for name, rule in SERVICE_RULES.items() if rule in PERMISSIONS)


def test_every_public_service_function_is_in_the_matrix():
    assert len(FUNCTIONS) >= 60, sorted(FUNCTIONS)
    assert sorted(set(FUNCTIONS) - set(SERVICE_RULES)) == [], "add these to SERVICE_RULES"
    assert sorted(set(SERVICE_RULES) - set(FUNCTIONS)) == [], "no longer exist"
    assert set(SERVICE_RULES.values()) <= set(PERMISSIONS) | KINDS


def test_staff_use_cases_take_a_keyword_only_actor_without_a_default():
    assert len(STAFF) >= 30
    for name in STAFF:
        by = inspect.signature(FUNCTIONS[name]).parameters.get("by")
        assert by is not None, f"{name} takes no acting user"
        assert by.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert by.default is inspect.Parameter.empty, f"{name}: `by` has a default"


def test_participant_and_public_functions_take_no_staff_actor():
    others = [n for n, rule in SERVICE_RULES.items() if rule in {"participant", "public"}]
    assert len(others) >= 20
    for name in others:
        assert "by" not in inspect.signature(FUNCTIONS[name]).parameters, name
    for name in (n for n, rule in SERVICE_RULES.items() if rule == "participant"):
        parameters = inspect.signature(FUNCTIONS[name]).parameters
        assert {"participant_id", "participant"} & set(parameters), f"{name}: for whom?"


def test_pure_functions_take_no_database_session():
    pure = [n for n, rule in SERVICE_RULES.items() if rule == "pure"]
    assert pure
    for name in pure:
        assert "session" not in inspect.signature(FUNCTIONS[name]).parameters, name


def test_the_briefs_use_cases_take_a_keyword_only_session():
    """issue 13: the brief's gathering was called with positional arguments (a page could pass
    a dialogue where a snapshot belonged); every use case of engagement/brief names them."""
    brief = [n for n, rule in SERVICE_RULES.items() if n.startswith("brief.") and rule != "pure"]
    assert len(brief) >= 10
    for name in brief:
        parameters = inspect.signature(FUNCTIONS[name]).parameters.values()
        positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        assert positional == [], f"{name} takes {positional} by position"


def _entry_points() -> list[Path]:
    """Where a request or a command comes in: pages, the app, the CLI and its command modules,
    the demo loader."""
    files = [*sorted((ROOT / "pages").rglob("*.py")), ROOT / "streamlit_app.py",
             *sorted((ROOT / "engagement" / "cli").glob("*.py")),
             ROOT / "engagement" / "demo.py"]
    assert len(files) >= 15
    return files


def _names_used(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names |= {alias.name for alias in node.names}
    return names


def test_internal_functions_are_never_called_from_a_page_or_a_command():
    internal = {n.rsplit(".", 1)[1] for n, rule in SERVICE_RULES.items() if rule == "internal"}
    assert internal
    for path in _entry_points():
        assert not internal & _names_used(path), path.name


def test_pages_never_make_or_use_a_system_actor():
    pages = [*sorted((ROOT / "pages").rglob("*.py")), ROOT / "streamlit_app.py"]
    assert len(pages) >= 10
    system = {"SystemActor", *(n for n in dir(importlib.import_module("engagement.actors"))
                               if n.startswith("SYSTEM_"))}
    for path in pages:
        tree = ast.parse(path.read_text())
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "engagement.actors" not in modules, path.name
        assert not system & _names_used(path), path.name


# --- Calling every staff use case ------------------------------------------------------------


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Roles are under test here, not argon2's cost (tested in test_staff_admin)."""
    from argon2 import PasswordHasher

    import engagement.security as security

    monkeypatch.setattr(security, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def world(session, open_dialogue, facilitator):
    """Accounts of every role, a former facilitator and a former admin (deactivated), a
    participant with a pending statement and a quotable reflection, and a snapshot."""
    people = {Role.FACILITATOR: facilitator}
    for role in (Role.BOARD, Role.EVALUATOR, Role.ADMIN):
        people[role] = staff.create_user(session=session, username=f"{role.value}1",
                                         password="tulip-42-Oak", role=role, by=SYSTEM_CLI)
    former = {}
    for role in (Role.FACILITATOR, Role.ADMIN, Role.BOARD):
        former[role] = staff.create_user(session=session, username=f"former-{role.value}",
                                         password="tulip-42-Oak", role=role, by=SYSTEM_CLI)
        staff.deactivate(session=session, user_id=former[role].id, by=SYSTEM_CLI)
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    seeded = session.exec(select(Statement.id).order_by(Statement.id)).first()
    participation.cast_vote(session=session, participant_id=pid, statement_id=seeded,
                            value="agree")
    pending = participation.add_statement(session=session, participant_id=pid,
                                          text="Write to me at jo@example.org about this")
    participation.save_reflection(session=session, participant_id=pid,
                                  text="My son has a rare condition, treated in Leeds in 2021.")
    snapshot = opinion.run_analysis(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator)
    reflection_id = session.exec(text("SELECT id FROM reflection")).scalar_one()
    return SimpleNamespace(
        session=session, dialogue=open_dialogue, people=people, former=former,
        participant=session.get(Participant, pid), statement_id=pending.id,
        reflection_id=reflection_id, snapshot=snapshot,
        session_row_id=dialogues.sessions_of(session=session,
                                             dialogue_id=open_dialogue.id)[0].id,
    )


def _arguments(world) -> dict[str, object]:
    """A valid value for every parameter a staff use case needs (by name)."""
    return {
        "session": world.session,
        "dialogue_id": world.dialogue.id,
        "snapshot_id": world.snapshot.id,
        "snapshot": world.snapshot,
        "statement_id": world.statement_id,
        "session_id": world.session_row_id,
        "statement_ids": [world.statement_id],
        "reflection_id": world.reflection_id,
        "brief_id": 10**6,
        "user_id": world.people[Role.EVALUATOR].id,
        "text": "A brand new seed statement",
        "text_cy": "Datganiad hadau newydd sbon",
        "name": "Another session",
        "slug": "another-dialogue",
        "status": "closed",
        "changes": {"title": "A new title"},
        "size": 7,
        "report": "New wording: use in the report",
        "quote": "New wording: quotes",
        "notify": "New wording: the outcome",
        "outcome": "defer",
        "rationale": "Because we need more evidence.",
        "findings": ["S1"],
        "fmt": "pdf",
        "username": "newcomer",
        "password": "tulip-42-Oak",
        "role": "admin",
        "decision": "accepted",
        "labels": {},
        "minimum": 5,
        # a superseded version: the check comes first, then the refusal to write it
        "brief": Brief(dialogue_id=world.dialogue.id, version=1, status=BriefStatus.SUPERSEDED,
                       data="{}", fingerprint="x", signed_off_by="user:fran"),
        "path": Path(tempfile.mkdtemp()) / "export.csv",
    }


def _call(world, name: str, by):
    function = FUNCTIONS[name]
    values = _arguments(world)
    kwargs = {}
    for param in inspect.signature(function).parameters.values():
        if param.name == "by":
            kwargs["by"] = by
        elif param.default is inspect.Parameter.empty:
            if param.name not in values:
                pytest.fail(f"{name}: give the test a valid value for '{param.name}'")
            kwargs[param.name] = values[param.name]
    return function(**kwargs)


def _holder(world, permission: str):
    """Someone who holds the permission."""
    if permission == "reissue_brief":
        return SYSTEM_WITHDRAWAL
    role = next(r for r in (Role.FACILITATOR, Role.BOARD, Role.ADMIN)
                if role_permits(r, permission))
    return world.people[role]


def _refused_callers(world, permission: str) -> dict[str, object]:
    holder = _holder(world, permission)
    callers = {
        "nobody": None,
        "a participant": world.participant,
        "a name as text": "user:admin1",
        "a look-alike system actor": SystemActor(SYSTEM_CLI.name, frozenset(PERMISSIONS)),
    }
    if isinstance(holder, User):
        callers["a look-alike of a permitted account"] = SimpleNamespace(
            id=holder.id, username=holder.username, role=holder.role, active=True)
        # Participants and staff are numbered apart: a participant whose id is a permitted
        # account's id is still a participant.
        callers["a participant numbered like a permitted account"] = Participant(
            id=holder.id, dialogue_id=world.dialogue.id, pseudonym="Lookalike")
    for role, user in world.people.items():
        if not role_permits(role, permission):
            callers[f"a {role.value}"] = user
            # The copy a page loaded before an admin changed its role: the stored role wins.
            callers[f"a {role.value} once loaded as a {holder_role(holder)}"] = User(
                id=user.id, username=user.username, password_hash="x",
                role=holder_role(holder), active=True)
    for role, user in world.former.items():
        if role_permits(role, permission):
            callers[f"a deactivated {role.value}, as loaded before"] = User(
                id=user.id, username=user.username, password_hash="x", role=role, active=True)
    for actor in SYSTEM_ACTORS:
        if permission not in actor.grants:
            callers[f"system:{actor.name}"] = actor
    return callers


def holder_role(holder) -> str:
    return holder.role if isinstance(holder, User) else Role.ADMIN.value


def _state(session) -> dict[str, int]:
    """Rows per table: a refused call must leave every one as it was."""
    session.rollback()
    return {table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables}


@pytest.mark.parametrize("name", STAFF)
def test_each_staff_use_case_refuses_everyone_without_the_permission(world, name):
    permission = SERVICE_RULES[name]
    callers = _refused_callers(world, permission)
    assert len(callers) >= 6
    before = _state(world.session)
    for label, caller in callers.items():
        with pytest.raises(PermissionDenied):
            _call(world, name, caller)
        assert _state(world.session) == before, f"{name} changed something for {label}"
    # The matrix names the check the use case makes, not a stricter one: someone holding the
    # permission gets past it (to a result, or to a domain error about the input).
    try:
        _call(world, name, _holder(world, permission))
    except PermissionDenied as refused:
        pytest.fail(f"{name} refused a holder of '{permission}': {refused}")
    except DomainError:
        pass


# --- The findings, one by one ----------------------------------------------------------------


def test_no_actor_creates_no_admin_account(session):
    with pytest.raises(PermissionDenied):
        staff.create_user(session=session, username="mallory", password="tulip-42-Oak",
                          role="admin", by=None)
    assert session.exec(select(User)).all() == []


def test_reissue_after_withdrawal_runs_only_for_the_withdrawal(world):
    for by in (None, world.people[Role.FACILITATOR], world.people[Role.ADMIN], SYSTEM_CLI):
        with pytest.raises(PermissionDenied):
            versions.reissue_after_withdrawal(session=world.session,
                                               dialogue_id=world.dialogue.id, by=by)


def test_publishing_a_snapshot_needs_a_facilitator_not_a_name(world):
    for by in ("user:fran", None, world.people[Role.BOARD]):
        with pytest.raises(PermissionDenied):
            opinion.publish_snapshot(session=world.session, snapshot_id=world.snapshot.id,
                                     by=by)
    assert world.session.get(AnalysisSnapshot, world.snapshot.id).published_at is None
    opinion.publish_snapshot(session=world.session, snapshot_id=world.snapshot.id,
                             by=world.people[Role.FACILITATOR])
    assert world.session.get(AnalysisSnapshot, world.snapshot.id).published_by == "user:fran"


def test_running_the_analysis_is_for_staff(world):
    before = world.session.exec(select(func.count(AnalysisSnapshot.id))).one()
    for by in (None, world.participant):
        with pytest.raises(PermissionDenied):
            opinion.run_analysis(session=world.session, dialogue_id=world.dialogue.id, by=by)
    assert world.session.exec(select(func.count(AnalysisSnapshot.id))).one() == before


def test_the_unredacted_queue_is_for_moderators_only(world):
    for by in (None, world.participant, world.people[Role.BOARD],
               world.people[Role.EVALUATOR]):
        with pytest.raises(PermissionDenied):
            moderation.pending(session=world.session, dialogue_id=world.dialogue.id, by=by)
    queue = moderation.pending(session=world.session, dialogue_id=world.dialogue.id,
                               by=world.people[Role.FACILITATOR])
    assert [s.id for s in queue] == [world.statement_id]


def test_a_role_change_since_loading_counts(world):
    """A page holds the User it loaded; an admin demotes them meanwhile."""
    fran = world.people[Role.FACILITATOR]
    staff.change_role(session=world.session, user_id=fran.id, role="board",
                      by=world.people[Role.ADMIN])
    held = User(id=fran.id, username="fran", password_hash="x", role="facilitator",
                active=True)
    with pytest.raises(PermissionDenied, match=r"Your role \(board\)"):
        moderation.pending(session=world.session, dialogue_id=world.dialogue.id, by=held)

