"""Who may do what: small pure functions of role and dialogue status.

Roles: a participant (no account: role ``None`` or ``"participant"``), facilitator, board,
evaluator (reads what the board reads, changes nothing) and admin (everything a facilitator can,
and manages staff accounts). ``status`` is the status of the dialogue concerned, or ``None`` when
no particular dialogue is concerned (e.g. whether a page may be shown at all).
"""

from __future__ import annotations

from engagement.actors import SYSTEM_ACTORS, SystemActor
from engagement.errors import PermissionDenied
from engagement.models import DialogueStatus, Role

PARTICIPANT = "participant"
STAFF_ROLES = frozenset(Role)
ROLES: tuple[str, ...] = (PARTICIPANT, *Role)

# What each permission lets a person do, in words that follow "... allow you to".
PERMISSIONS: dict[str, str] = {
    "take_part": "take part",
    "facilitate": "use the facilitator pages",
    "edit_dialogue": "change the dialogue",
    "moderate": "moderate statements",
    "view_counts": "see the live participation counts",
    "view_board": "see the governance board pages",
    "manage_staff": "manage staff accounts",
    "decide": "record the board's decision",
    # No person holds this one: only the system re-issues a brief after a withdrawal.
    "reissue_brief": "re-issue a brief after a withdrawal",
}

_FACILITATOR = frozenset({"facilitate", "edit_dialogue", "moderate", "view_counts", "view_board"})
_BOARD_READER = frozenset({"view_counts", "view_board"})

# role -> permissions it holds (``take_part`` is everyone's; the status rules are below)
_GRANTS: dict[str, frozenset[str]] = {
    PARTICIPANT: frozenset({"take_part"}),
    Role.FACILITATOR: _FACILITATOR | {"take_part"},
    Role.BOARD: _BOARD_READER | {"decide", "take_part"},
    Role.EVALUATOR: _BOARD_READER | {"take_part"},  # read-only: sees, never changes
    Role.ADMIN: _FACILITATOR | {"manage_staff", "take_part"},
}

_CHANGEABLE = frozenset({DialogueStatus.DRAFT, DialogueStatus.OPEN, DialogueStatus.CLOSED})
# Content can change until the dialogue is reported; answers only while it is open.
_STATUS_RULES: dict[str, frozenset[str]] = {
    "take_part": frozenset({DialogueStatus.OPEN}),
    "edit_dialogue": _CHANGEABLE,
    "moderate": _CHANGEABLE,
}


def role_of(role: str | None) -> str | None:
    """The canonical role name (``"participant"`` for no account), or None if unknown."""
    if role is None or role == PARTICIPANT:
        return PARTICIPANT
    try:
        return Role(role).value
    except ValueError:
        return None


def status_permits(permission: str, status: str | None) -> bool:
    """Whether a dialogue in ``status`` can be acted on this way at all (whoever asks)."""
    if status is None or permission not in _STATUS_RULES:
        return True
    return status in _STATUS_RULES[permission]


def role_permits(role: str | None, permission: str) -> bool:
    """Whether the role holds the permission (ignoring the dialogue's status)."""
    canonical = role_of(role)
    return canonical is not None and permission in _GRANTS[canonical]


def allowed(role: str | None, permission: str, *, status: str | None = None) -> bool:
    return role_permits(role, permission) and status_permits(permission, status)


def permissions_of(role: str | None, *, status: str | None = None) -> frozenset[str]:
    """Every permission the role holds for a dialogue in ``status``."""
    return frozenset(p for p in PERMISSIONS if allowed(role, p, status=status))


def authorize(user, permission: str, *, status: str | None = None) -> None:
    """Raise PermissionDenied, in plain English, unless this staff ``user`` may do this.

    ``user`` is a ``User`` (its ``role`` and ``active`` are read), one of the system actors of
    ``engagement.actors`` (their grants are read), or None for nobody signed in.
    An unknown permission name is a programming error (ValueError), never a silent refusal."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    what = PERMISSIONS[permission]
    if isinstance(user, SystemActor):
        _authorize_system(user, permission, status)
        return
    if user is None:
        if allowed(None, permission, status=status):
            return
        raise PermissionDenied(f"Please sign in as a member of staff to {what}.")
    if not getattr(user, "active", True):
        raise PermissionDenied(f"This staff account is deactivated, so it cannot {what}.")
    role = getattr(user, "role", None)
    if not role_permits(role, permission):
        label = role_of(role) or "unknown"
        raise PermissionDenied(f"Your role ({label}) does not allow you to {what}.")
    if not status_permits(permission, status):
        raise PermissionDenied(f"The dialogue is {status}, so nobody can {what} now.")


def _authorize_system(actor: SystemActor, permission: str, status: str | None) -> None:
    what = PERMISSIONS[permission]
    if not any(actor is known for known in SYSTEM_ACTORS):  # made elsewhere: not the system
        raise PermissionDenied(f"Only the system itself may {what}.")
    if permission not in actor.grants:
        raise PermissionDenied(f"The {actor.name} part of the system may not {what}.")
    if not status_permits(permission, status):
        raise PermissionDenied(f"The dialogue is {status}, so nobody can {what} now.")


# --- Who may call each use case -------------------------------------------------------------
# Every public function of engagement/services (by "module.function") and of the use-case
# modules of engagement/brief (by "brief.module.function"; its pure modules are held pure by
# import-linter instead) is one of:
#   a permission name  a staff use case: keyword-only ``by`` (a User or a system actor),
#                      authorised inside the use case against the account as stored now;
#   "participant"      acts only for the participant named by their own id or code;
#   "public"           shows what anyone may see (published results, sign-in itself);
#   "internal"         runs inside another use case, which authorised the actor; never
#                      called from a page or a command;
#   "pure"             takes no database session: computes from what it is given;
#   "infrastructure"   opens the database for a page or a command (engagement/services/
#                      sessions.py): reads and changes no data.
# tests/integration/test_service_matrix.py calls every staff use case as nobody, as a
# participant and as each role without the permission, and fails on a function not listed.
SERVICE_RULES: dict[str, str] = {
    "counts.live_counts": "view_counts",
    "counts.participation_over_time": "view_board",
    "decisions.available_findings": "pure",
    "decisions.current_decision": "public",
    "decisions.decisions_of": "view_board",
    "decisions.departs": "pure",
    "decisions.participant_view": "view_board",
    "decisions.record_decision": "decide",
    "dialogues.check_slug": "pure",
    "dialogues.add_seed_statement": "edit_dialogue",
    "dialogues.add_session": "edit_dialogue",
    "dialogues.change_consent_wording": "edit_dialogue",
    "dialogues.consent_wording": "public",
    "dialogues.create_dialogue": "facilitate",
    "dialogues.delete_seed_statement": "edit_dialogue",
    "dialogues.delete_session": "edit_dialogue",
    "dialogues.edit_seed_statement": "edit_dialogue",
    "dialogues.edit_session": "edit_dialogue",
    "dialogues.session_rows": "facilitate",
    "dialogues.session_start": "pure",
    "dialogues.statement_rows": "facilitate",
    "dialogues.list_dialogues": "view_board",
    "dialogues.sessions_of": "public",
    "dialogues.set_min_reporting_size": "edit_dialogue",
    "dialogues.set_statement_welsh": "edit_dialogue",
    "dialogues.set_status": "facilitate",
    "dialogues.statements_of": "facilitate",
    "dialogues.unique_join_code": "internal",
    "dialogues.update_dialogue": "edit_dialogue",
    "dialogues.why_locked": "facilitate",
    "dialogues.why_not_reportable": "facilitate",
    "brief.evidence.gather": "internal",
    "brief.evidence.gather_shift": "internal",  # the board dashboard's shift, as the brief's
    "moderation.keep_out_of_quotes": "moderate",
    "moderation.allow_quotes": "moderate",
    "moderation.decided": "moderate",
    "moderation.moderate": "moderate",
    "moderation.undo_decision": "moderate",
    "moderation.pending": "moderate",
    "moderation.privacy_review": "moderate",
    "moderation.reveal_original": "moderate",
    "notify.export_outbox_csv": "facilitate",
    "notify.message_for": "pure",
    "notify.outbox": "facilitate",
    "notify.queue_outcome": "internal",
    "notify.send_outbox": "internal",
    "notify.smtp_configured": "pure",
    "opinion.current_analysis": "view_board",
    "opinion.describe": "view_board",
    "opinion.fingerprint": "pure",
    "opinion.load_votes": "internal",
    "opinion.publish_snapshot": "facilitate",
    "opinion.run_analysis": "view_board",
    "opinion.snapshot_result": "pure",
    "opinion.votes_version": "internal",
    "participation.add_statement": "participant",
    "participation.cast_vote": "participant",
    "participation.current_consent": "participant",
    "participation.dialogue_of": "participant",
    "participation.end_visit": "participant",
    "participation.finish_voting": "participant",
    "participation.give_consent": "participant",
    "participation.in_language": "pure",
    "participation.join": "public",
    "participation.mark_briefing_read": "participant",
    "participation.my_data": "participant",
    "participation.my_statements": "participant",
    "participation.needs_consent": "participant",
    "participation.next_statement": "participant",
    "participation.open_dialogue_for_code": "public",
    "participation.public_text": "pure",
    "participation.record_position": "participant",
    "participation.resume": "public",
    "participation.save_reflection": "participant",
    "participation.set_language": "participant",
    "participation.skip_own_statement": "participant",
    "participation.skip_statement": "participant",
    "participation.voting_progress": "participant",
    "participation.voting_view": "participant",
    "participation.withdraw": "participant",
    "brief_history.brief_history": "view_board",
    "brief.versions.brief_data": "pure",
    "brief.versions.briefs_of": "view_board",
    "brief.versions.current_brief": "public",
    "brief.versions.get_brief": "view_board",
    "brief.versions.published_dialogues": "public",
    "brief.versions.download_brief": "view_board",
    "brief.versions.reissue_after_withdrawal": "reissue_brief",
    "brief.versions.render_brief": "pure",
    "brief.versions.require_current_brief": "public",
    "brief.versions.sign_off_brief": "facilitate",
    "brief.versions.sign_off_warning": "facilitate",
    "brief.versions.supersede_after_withdrawal": "internal",
    "participation.fit_reflection": "pure",
    "participation.fit_statement": "pure",
    "participation.my_answers": "participant",
    "participation.readable_data": "pure",
    "participation.taking_answers": "participant",
    "privacy_notice.notice": "pure",
    "room.join_url": "pure",
    "room.room_view": "facilitate",
    "routing.choose": "internal",
    "routing.next_weights": "internal",
    "routing.refresh_snapshot": "view_board",  # staff screens' refresh and a command only
    "routing.snapshot_priorities": "internal",
    "sessions.configured_url": "infrastructure",
    "sessions.open_engine": "infrastructure",
    "sessions.open_session": "infrastructure",
    "counts.live_view": "view_counts",
    "dashboard.board_view": "view_board",
    "dashboard.participant_leaning": "view_board",
    "dashboard.scopes": "view_board",
    "public.public_results": "public",
    "decisions.cited_findings": "pure",
    "exports.follow_withdrawal": "internal",
    "exports.register_file": "internal",
    "exports.remove_files": "internal",
    "exports.rewrite_briefs": "internal",
    "exports.write_brief": "view_board",
    "exports.write_outbox": "facilitate",
    "brief.versions.downloadable": "pure",
    "brief.versions.not_downloadable": "internal",
    "brief.versions.issued_by": "pure",
    "synthetic.synthetic_notice": "internal",
    "synthetic.notice_for": "view_board",
    "board_home.board_overview": "view_board",
    "staff.authenticate": "public",
    "staff.change_role": "manage_staff",
    "staff.create_user": "manage_staff",
    "staff.deactivate": "manage_staff",
    "staff.list_users": "manage_staff",
    "staff.reactivate": "manage_staff",
    "staff.reset_password": "manage_staff",
    "staff.signed_in_staff": "public",  # a browser session's own sign-in (id and epoch)
    "staff.keep_session": "public",  # binds the sign-in authenticate just returned
    "staff.resume_session": "public",  # a browser's own kept sign-in (its cookie key)
    "staff.end_kept_session": "public",  # sign-out of a browser's own kept sign-in
}
