"""Time the brief's PDF for the demo dialogue (docs/accessibility.md quotes the figures).

    .venv/bin/python bench/brief_pdf.py [--runs 5] [--out brief.pdf]

Builds the demo (60 participants per dialogue, as the brief tests do) in a throwaway SQLite
database, signs off the insurance dialogue's brief and renders its PDF several times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import Session, SQLModel  # noqa: E402

from engagement.actors import SYSTEM_CLI  # noqa: E402
from engagement.brief import versions  # noqa: E402
from engagement.brief.render import to_pdf  # noqa: E402
from engagement.db import make_engine  # noqa: E402
from engagement.demo import load_demo  # noqa: E402
from engagement.services import staff  # noqa: E402
from engagement.services._lookup import dialogue_by_slug  # noqa: E402


def demo_brief_data(directory: Path) -> dict:
    engine = make_engine(f"sqlite:///{directory / 'bench.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        load_demo(session=session, participants_per_dialogue=(60, 60))
        fran = staff.create_user(session=session, username="fran", password="x" * 12,
                                 role="facilitator", by=SYSTEM_CLI)
        dialogue = dialogue_by_slug(session, "insurance")
        brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=fran,
                                        acknowledge_open=True, analysis_checked=True)
        return versions.brief_data(brief)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = demo_brief_data(Path(tmp))
    times, pdf = [], b""
    for _ in range(args.runs):
        start = time.perf_counter()
        pdf = to_pdf(data)
        times.append((time.perf_counter() - start) * 1000)
    print(f"to_pdf, demo brief, {args.runs} runs: first {times[0]:.0f} ms, "
          f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
          f"{len(pdf):,} bytes")
    if args.out:
        args.out.write_bytes(pdf)


if __name__ == "__main__":
    main()
