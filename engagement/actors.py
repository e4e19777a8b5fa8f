"""The system's own actors: parts of the application that act without a person signed in.

Each is made here, in code, once; none is ever built from a request's input. A system actor
may do exactly what it is granted (``engagement.permissions.authorize`` accepts only the
instances below), and the audit log names it ``system:<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)  # identity, not value: a look-alike is not one of these
class SystemActor:
    name: str
    grants: frozenset[str]

    @property
    def audit_name(self) -> str:
        return f"system:{self.name}"


# The command line (`python -m engagement ...`), run by an operator on the server.
SYSTEM_CLI = SystemActor("cli", frozenset({"manage_staff", "view_board"}))
# The demonstration loader (`python -m engagement demo`).
SYSTEM_DEMO = SystemActor("demo", frozenset({"manage_staff", "facilitate", "edit_dialogue"}))
# The Pol.is import and export commands (`python -m engagement import-polis / export-polis`).
SYSTEM_INTEROP = SystemActor("interop", frozenset({"facilitate"}))
# A participant's withdrawal re-issues the brief that used their answers.
SYSTEM_WITHDRAWAL = SystemActor("withdrawal", frozenset({"reissue_brief", "view_board"}))

SYSTEM_ACTORS: tuple[SystemActor, ...] = (SYSTEM_CLI, SYSTEM_DEMO, SYSTEM_INTEROP,
                                           SYSTEM_WITHDRAWAL)


def actor_name(by: object) -> str:
    """How the audit log names whoever acted: ``user:<username>`` or ``system:<name>``."""
    if isinstance(by, SystemActor):
        return by.audit_name
    return f"user:{by.username}"
