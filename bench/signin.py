"""How long a refused staff sign-in takes, by reason, on an SQLite file (wall-clock figures
belong here, not in tests: tests/integration/test_signin.py checks that every path runs one
argon2 verification and answers the same words).

    .venv/bin/python bench/signin.py [--tries 15]

Prints the median and the spread of ``staff.authenticate`` for an unknown name, a wrong
password, a locked account (right and wrong password), a deactivated account and a browser
whose sign-ins are paused. Before the fix a locked account answered in about 1 ms and an
unknown name in about 115 ms, which told an attacker which names exist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engagement.actors import SYSTEM_CLI  # noqa: E402
from engagement.db import make_engine, new_session  # noqa: E402
from engagement.errors import AuthenticationFailed  # noqa: E402
from engagement.migrate import upgrade  # noqa: E402
from engagement.services import staff  # noqa: E402

PASSWORD = "correct horse battery"
WRONG = "wrong horse battery!"


def _time(session, username: str, password: str, browser: str | None) -> float:
    start = time.perf_counter()
    try:
        staff.authenticate(session=session, username=username, password=password,
                           browser=browser)
    except AuthenticationFailed:
        pass
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'signin.db'}"
        upgrade(url)
        engine = make_engine(url)
        with new_session(engine) as session:
            admin = staff.create_user(session=session, username="ada", password=PASSWORD,
                                      role="admin", by=SYSTEM_CLI)
            for name, role in (("fran", "facilitator"), ("bob", "board"), ("eve", "board")):
                staff.create_user(session=session, username=name, password=PASSWORD, role=role,
                                  by=SYSTEM_CLI)
            bob = staff.authenticate(session=session, username="bob", password=PASSWORD)
            staff.deactivate(session=session, user_id=bob.id, by=admin)
            for _ in range(staff.MAX_FAILED_LOGINS):
                _time(session, "fran", WRONG, None)
            for _ in range(staff.SIGNIN_BY_BROWSER.attempts):
                _time(session, "nobody", WRONG, "paused-tab")
            cases = {
                "unknown name": ("nobody", PASSWORD, None),
                "wrong password": ("eve", WRONG, None),
                "locked, right password": ("fran", PASSWORD, None),
                "locked, wrong password": ("fran", WRONG, None),
                "deactivated": ("bob", PASSWORD, None),
                "browser paused": ("eve", PASSWORD, "paused-tab"),
            }
            print(f"{'refused because':<24} {'median ms':>10} {'min':>8} {'max':>8}")
            for label, (username, password, browser) in cases.items():
                times = []
                for _ in range(args.tries):
                    times.append(_time(session, username, password, browser))
                    if label == "wrong password":  # stay below the lock
                        staff.authenticate(session=session, username="eve", password=PASSWORD)
                print(f"{label:<24} {statistics.median(times):>10.1f} {min(times):>8.1f} "
                      f"{max(times):>8.1f}")
        engine.dispose()


if __name__ == "__main__":
    main()
