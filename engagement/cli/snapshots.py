"""Sub-command `refresh-snapshots` (registered by engagement.cli): renew statement routing's
snapshot of every open dialogue that has grown enough since its last one, for a deployment's
scheduler (cron, a systemd timer) or, with ``--watch``, as a long-running process."""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy.exc import SQLAlchemyError

from engagement.actors import SYSTEM_CLI
from engagement.cli import _display_url, _rare_collections
from engagement.db import make_engine, new_session
from engagement.errors import DomainError
from engagement.models import DialogueStatus


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {text!r}")
    return value


def _once(engine) -> int:
    """One pass over the open dialogues: a line each. 1 when one of them failed."""
    from engagement.services import dialogues, routing

    failed = 0
    with new_session(engine) as session:
        found = [(d.id, d.slug) for d in dialogues.list_dialogues(session=session, by=SYSTEM_CLI)
                 if d.status == DialogueStatus.OPEN]
        if not found:
            print("No open dialogue: nothing to refresh.", flush=True)
        for dialogue_id, slug in found:
            try:
                refresh = routing.refresh_snapshot(session=session, dialogue_id=dialogue_id,
                                                   by=SYSTEM_CLI)
            except DomainError as error:  # one dialogue's problem does not stop the others
                failed = 1
                print(f"{slug}: error: {error}", flush=True)
                continue
            print(f"{slug}: {refresh.describe()}", flush=True)
    return failed


def _refresh_snapshots(args: argparse.Namespace) -> int:
    try:
        engine = make_engine(args.database_url)
        with _rare_collections():
            while True:
                failed = _once(engine)
                if args.watch is None:
                    return failed
                time.sleep(args.watch)
    except KeyboardInterrupt:  # Ctrl-C: the analysis under way rolled back
        print("Stopped.")
        return 0
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(f"error: could not use the database {_display_url(args.database_url)}: {reason}",
              file=sys.stderr)
        return 2


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "refresh-snapshots",
        help="renew statement routing's analysis of every open dialogue that has grown by 10 "
             "voters and 10 %% since its last one (for cron or a systemd timer)")
    p.add_argument("--watch", type=_seconds, metavar="SECONDS",
                   help="repeat every SECONDS until interrupted (Ctrl-C)")
    p.set_defaults(func=_refresh_snapshots)
