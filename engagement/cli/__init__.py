"""Command line: `python -m engagement --help`."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from contextlib import contextmanager

from engagement.actors import SYSTEM_CLI
from engagement.db import database_url, make_engine, new_session
from engagement.errors import DomainError

# Modules that add their own sub-commands with register(subparsers).
COMMAND_MODULES = (
    "engagement.cli.polis",
    "engagement.cli.redact",
    "engagement.cli.themes",
    "engagement.cli.backup",
    "engagement.cli.snapshots",
)


def _init_db(args: argparse.Namespace) -> int:
    from engagement.audit import start_checkpoint
    from engagement.migrate import upgrade

    upgrade(args.database_url)
    with new_session(make_engine(args.database_url)) as session:
        if start_checkpoint(session):
            print("The audit log's first checkpoint was written.")
    print(f"Database is up to date: {_display_url(args.database_url)}")
    return 0


def _create_user(args: argparse.Namespace) -> int:
    import getpass

    from engagement.services import staff

    password = args.password or getpass.getpass("Password (at least 12 characters): ")
    with new_session(make_engine(args.database_url)) as session:
        user = staff.create_user(
            session=session, username=args.username, password=password, role=args.role,
            by=SYSTEM_CLI,
        )
    print(f"Created {user.role} account '{user.username}'.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from engagement.demo import is_empty, load_demo

    with new_session(make_engine(args.database_url)) as session:
        if args.if_empty and not is_empty(session=session):
            print("The database already has dialogues; the demo was not loaded.")
            return 0
        summary = load_demo(session=session)
    print(summary.describe())
    return 0


@contextmanager
def _rare_collections():
    """Python's cyclic garbage collector, at its usual thresholds, made full passes over
    every live object (200,000 and more: the imports, then a snapshot's 100,000
    participants) while ``analyse`` ran: 0.75 s of CPU at 100,000 participants. The command
    leaves little cyclic garbage: the young objects are collected as usual, the older ones
    rarely (0.17 s in all); the thresholds come back for a caller in the same process."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], 1000, 1000)  # young objects as usual; full passes: rare
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _analyse(args: argparse.Namespace) -> int:
    import json

    from engagement.services import opinion
    from engagement.services._lookup import dialogue_by_slug

    with _rare_collections(), new_session(make_engine(args.database_url)) as session:
        dialogue = dialogue_by_slug(session, args.slug)
        snapshot = opinion.run_analysis(
            session=session, dialogue_id=dialogue.id, params={"seed": args.seed}, by=SYSTEM_CLI
        )
        print(json.dumps(opinion.describe(session=session, snapshot=snapshot, by=SYSTEM_CLI)))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sqlmodel import select

    from engagement.brief import versions
    from engagement.errors import NotFound
    from engagement.models import User
    from engagement.services import exports
    from engagement.services._lookup import dialogue_by_slug

    with new_session(make_engine(args.database_url)) as session:
        dialogue = dialogue_by_slug(session, args.slug)
        if args.sign_off_as:
            user = session.exec(select(User).where(User.username == args.sign_off_as)).first()
            if user is None or user.role not in ("facilitator", "admin"):
                raise NotFound(f"No facilitator account called '{args.sign_off_as}'.")
            brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=user,
                                            acknowledge_open=args.while_open,
                                            analysis_checked=args.analysis_checked)
        else:
            brief = versions.require_current_brief(session=session, dialogue_id=dialogue.id)
        path = exports.write_brief(session=session, brief=brief, fmt=args.format,
                                   path=Path(args.out), by=SYSTEM_CLI)
    print(f"Wrote version {brief.version} of the brief to {path}")
    return 0


def _export_outbox(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sqlmodel import select

    from engagement.errors import NotFound
    from engagement.models import User
    from engagement.services import exports
    from engagement.services._lookup import dialogue_by_slug

    with new_session(make_engine(args.database_url)) as session:
        dialogue = dialogue_by_slug(session, args.slug)
        user = session.exec(select(User).where(User.username == args.as_user)).first()
        if user is None or not user.active:
            raise NotFound(f"No staff account called '{args.as_user}'.")
        path = exports.write_outbox(session=session, dialogue_id=dialogue.id,
                                    path=Path(args.out), by=user)
    print(f"Wrote the outbox to {path}")
    return 0


def _verify_audit(args: argparse.Namespace) -> int:
    from engagement.audit import verify

    with new_session(make_engine(args.database_url)) as session:
        verdict = verify(session)
    if verdict.problem:
        print(verdict.problem)
        return 1
    if verdict.checkpointed < verdict.events and verdict.checkpointed:
        print(f"The audit log is intact ({verdict.events} events; the checkpoint vouches for "
              f"the first {verdict.checkpointed}).")
    else:
        print("The audit log is intact.")
    return 0


def _display_url(url: str | None) -> str:
    url = url or database_url()
    if "@" in url:  # never print a password
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engagement",
        description="Run structured public dialogues: set-up, import/export and analysis.",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: $DATABASE_URL or data/engagement.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init-db", help="create or upgrade the database schema")
    p.set_defaults(func=_init_db)

    p = sub.add_parser("create-user", help="create a staff account")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["facilitator", "board", "evaluator", "admin"])
    p.add_argument("--password", help="omit to be asked without echo")
    p.set_defaults(func=_create_user)

    p = sub.add_parser("demo", help="load the six demonstration dialogues (empty database only)")
    p.add_argument("--if-empty", action="store_true", help="do nothing when data already exists")
    p.set_defaults(func=_demo)

    p = sub.add_parser("analyse", help="opinion groups, consensus and divisions of a dialogue")
    p.add_argument("slug")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--seed", type=int, default=0, help="seed for the clustering (default 0)")
    p.set_defaults(func=_analyse)

    p = sub.add_parser("brief", help="write the signed-off governance brief of a dialogue")
    p.add_argument("slug")
    p.add_argument("--format", choices=["pdf", "html", "md"], required=True)
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--sign-off-as", metavar="USERNAME",
                   help="freeze the current analysis and sign a new brief off as this facilitator")
    p.add_argument("--analysis-checked", action="store_true",
                   help="with --sign-off-as: confirm you have checked the analysis (recorded in "
                        "the audit log; a sign-off is refused without it)")
    p.add_argument("--while-open", action="store_true",
                   help="with --sign-off-as: confirm signing off while the dialogue is still open "
                        "(answers given after it are not in the brief)")
    p.set_defaults(func=_brief)

    p = sub.add_parser("export-outbox",
                       help="write the outcome messages waiting in the outbox to a CSV file")
    p.add_argument("slug")
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--as", dest="as_user", required=True, metavar="USERNAME",
                   help="the facilitator exporting it")
    p.set_defaults(func=_export_outbox)

    p = sub.add_parser("verify-audit", help="check the audit log's hash chain")
    p.set_defaults(func=_verify_audit)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DomainError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
