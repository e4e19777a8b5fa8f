"""Sub-commands `import-polis` and `export-polis` (registered by engagement.cli)."""

from __future__ import annotations

import argparse

from engagement.actors import SYSTEM_INTEROP
from engagement.db import make_engine, new_session


def _import_polis(args: argparse.Namespace) -> int:
    from engagement.interop.polis import import_polis

    engine = make_engine(args.database_url)
    try:
        with new_session(engine) as session:
            summary = import_polis(session=session, folder=args.folder, slug=args.slug,
                                   by=SYSTEM_INTEROP)
    finally:
        engine.dispose()
    print(summary.describe())
    return 0


def _export_polis(args: argparse.Namespace) -> int:
    from engagement.interop.polis import export_polis

    engine = make_engine(args.database_url)
    try:
        with new_session(engine) as session:
            summary = export_polis(
                session=session,
                slug=args.slug,
                folder=args.folder,
                overwrite=args.overwrite,
                group_ids=_opinion_groups(session, args.slug), by=SYSTEM_INTEROP)
    finally:
        engine.dispose()
    print(summary.describe())
    return 0


def _opinion_groups(session, slug: str) -> dict[int, int]:
    """Each clustered participant's opinion group, from the current analysis (Pol.is fills
    group-id the same way)."""
    from engagement.actors import SYSTEM_CLI
    from engagement.services import opinion
    from engagement.services._lookup import dialogue_by_slug

    dialogue = dialogue_by_slug(session, slug)
    snapshot = opinion.current_analysis(session=session, dialogue_id=dialogue.id, by=SYSTEM_CLI)
    return {
        p["key"]: p["group"]
        for p in opinion.snapshot_result(snapshot).get("participants", [])
        if p["group"] >= 0
    }


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-polis",
        help="import a Pol.is export folder (comments.csv, votes.csv ...) as a closed dialogue",
    )
    p.add_argument("folder", help="folder holding comments.csv and votes.csv "
                   "(or participants-votes.csv)")
    p.add_argument("--slug", help="short name for the new dialogue (default: from the folder)")
    p.set_defaults(func=_import_polis)

    p = subparsers.add_parser(
        "export-polis", help="write a dialogue as Pol.is export files into a folder"
    )
    p.add_argument("slug", help="short name of the dialogue")
    p.add_argument("folder", help="folder to write comments.csv, votes.csv, "
                   "participants-votes.csv and summary.csv into")
    p.add_argument("--overwrite", action="store_true", help="replace files already there")
    p.set_defaults(func=_export_polis)
