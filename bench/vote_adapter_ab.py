"""The vote's storage adapter against the code before it, in one process (issue 13, item 3).

    .venv/bin/python bench/vote_adapter_ab.py [--backend sqlite postgres] [--rounds 40]
                                              [--votes 400] [--commit baa48a6]

``--commit`` is the commit that moved the compiled vote statement out of
``services/participation.py`` into ``engagement/vote_store.py``. The script checks that commit out
into a temporary worktree, loads its ``cast_vote`` and, beside it, the parent commit's
``participation.py`` (the same package around it, so only the moved code differs), and casts
votes through each in turn on one database: rounds of ``--votes`` votes, one session per vote
as a page run opens one, alternating which goes first. It prints the CPU time (this process's
user + system; PostgreSQL's server is not counted) per vote, min / median / max over the rounds,
and the median of the paired ratios new / old. On a shared machine the rounds of both move
together, so the paired ratio is the figure to read.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTICIPATION = "engagement/services/participation.py"


def _checkout(commit: str, into: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(into),
                    commit], check=True)


def _remove(tree: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                   check=False)


def _old_module(commit: str, folder: Path):
    """The parent commit's participation module, loaded beside the tree's own package."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}^:{PARTICIPATION}"],
                            check=True, capture_output=True, text=True).stdout
    path = folder / "old_participation.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_participation", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_participation"] = module
    spec.loader.exec_module(module)
    return module


def _measure(kind: str, old, new, *, rounds: int, votes: int, ingest) -> dict[str, list[float]]:
    from engagement.db import make_engine, new_session

    backend = ingest.Backend(kind)
    try:
        url = backend.url()
        participants = -(-2 * rounds * votes // ingest.STATEMENTS)
        _dialogue, pids, sids = ingest.seed(url, participants=participants)
        pairs = [(p, s) for p in pids for s in sids]
        random.Random(1).shuffle(pairs)
        engine = make_engine(url)
        cpu: dict[str, list[float]] = {"old": [], "new": []}
        for number in range(rounds):
            order = (("old", old), ("new", new)) if number % 2 == 0 else \
                (("new", new), ("old", old))
            for name, module in order:
                chunk, pairs = pairs[:votes], pairs[votes:]
                start = time.process_time()
                for participant_id, statement_id in chunk:
                    with new_session(engine) as session:
                        module.cast_vote(session=session, participant_id=participant_id,
                                         statement_id=statement_id, value=1)
                cpu[name].append(1000 * (time.process_time() - start) / votes)
        engine.dispose()
        return cpu
    finally:
        backend.close()


def _report(kind: str, cpu: dict[str, list[float]], votes: int) -> None:
    for name in ("old", "new"):
        xs = cpu[name]
        print(f"{kind:8} {name}: CPU ms per vote min {min(xs):.3f} / median "
              f"{statistics.median(xs):.3f} / max {max(xs):.3f} ({len(xs)} rounds of {votes})")
    ratios = [n / o for n, o in zip(cpu["new"], cpu["old"], strict=True)]
    print(f"{kind:8} new / old, paired by round: median {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgres"],
                        choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--votes", type=int, default=400)
    parser.add_argument("--commit", default="baa48a6")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vote-ab-") as folder:
        tree = Path(folder) / "tree"
        _checkout(args.commit, tree)
        try:
            sys.path.insert(0, str(tree))
            from bench import ingest  # the tree's own, with its package
            from engagement.services import participation as new

            old = _old_module(args.commit, Path(folder))
            # The checked-out tree's own test support (its bench starts PostgreSQL from there),
            # bound now: left until then, a later import found another package's "tests".
            importlib.import_module("tests.support")
            print(f"new: {args.commit}; old: {args.commit}^ ({PARTICIPATION}); load average "
                  f"{Path('/proc/loadavg').read_text().split()[0]}")
            for kind in args.backend:
                cpu = _measure(kind, old, new, rounds=args.rounds, votes=args.votes,
                               ingest=ingest)
                _report(kind, cpu, args.votes)
            print(f"load average at the end {Path('/proc/loadavg').read_text().split()[0]}")
        finally:
            _remove(tree)


if __name__ == "__main__":
    main()
