"""Time the Pol.is importer on every real conversation in ../shared/polis-open-data.

    .venv/bin/python bench/polis_import.py [DATA_FOLDER] [--repeat N]

Each conversation is imported into a fresh in-memory SQLite database (best of N). Prints, per
conversation, the votes and statements imported, wall-clock and CPU seconds, and the total.
The tests check what is imported (tests/integration/test_polis_roundtrip.py), not how fast:
timings belong here, where the machine's load is printed beside them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlmodel import SQLModel  # noqa: E402

from engagement.actors import SYSTEM_INTEROP  # noqa: E402
from engagement.db import make_engine, new_session  # noqa: E402
from engagement.interop import import_polis  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "polis-open-data"


def import_once(folder: Path) -> tuple[int, int, float, float]:
    """(votes, statements, wall seconds, CPU seconds) of one import into a fresh database."""
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    try:
        with new_session(engine) as session:
            wall, cpu = time.perf_counter(), time.process_time()
            summary = import_polis(session=session, folder=folder, by=SYSTEM_INTEROP)
            return (summary.votes, summary.statements, time.perf_counter() - wall,
                    time.process_time() - cpu)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="imports per conversation")
    args = parser.parse_args(argv)
    names = sorted(p.name for p in args.data.iterdir() if p.is_dir()) if args.data.is_dir() else []
    if not names:
        print(f"no conversations in {args.data}", file=sys.stderr)
        return 2
    print("| conversation | votes | statements | wall s (best) | CPU s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    totals = [0, 0, 0.0, 0.0]
    for name in names:
        runs = [import_once(args.data / name) for _ in range(args.repeat)]
        votes, statements, wall, cpu = min(runs, key=lambda r: r[2])
        print(f"| {name} | {votes:,} | {statements:,} | {wall:.2f} | {cpu:.2f} |")
        totals = [totals[0] + votes, totals[1] + statements, totals[2] + wall, totals[3] + cpu]
    print(f"| **all {len(names)}** | {totals[0]:,} | {totals[1]:,} | {totals[2]:.2f} "
          f"| {totals[3]:.2f} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
