"""Sub-commands `backup PATH` and `restore PATH` (registered by engagement.cli)."""

from __future__ import annotations

import argparse

from engagement.cli import _display_url


def _backup(args: argparse.Namespace) -> int:
    from engagement.ops.backup import backup

    result = backup(args.path, url=args.database_url)
    print(f"Backed up {_display_url(args.database_url)} to {result.describe()}.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from engagement.ops.backup import restore

    result = restore(args.path, url=args.database_url)
    print(f"Restored {args.path} into {_display_url(args.database_url)} "
          f"({result.tables} tables; {result.withdrawals_reapplied} withdrawals applied again).")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "backup", help="write a consistent copy of the whole database to a file (while it runs)"
    )
    p.add_argument("path", help="file to write (SQLite: a database file; PostgreSQL: pg_dump -Fc)")
    p.set_defaults(func=_backup)

    p = subparsers.add_parser(
        "restore", help="replace the database's content with a backup file (checked first)"
    )
    p.add_argument("path", help="a file written by `backup`")
    p.set_defaults(func=_restore)
