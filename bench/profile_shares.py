"""Where a server's CPU went, from a py-spy profile in collapsed-stack form (``py-spy record
--gil --format raw``, as bench/join_cost.py --profile x.txt writes it): the share of samples
per part of a Streamlit run.

    .venv/bin/python bench/profile_shares.py /tmp/join.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter

# Threads parked in these (py-spy cannot always tell an idle thread from a busy one).
IDLE = ("PollingPathWatcher._schedule", "_worker (concurrent", "EpollSelector.select",
        "Condition.wait", "Event.wait", "Lock.acquire", "_wait_for_tstate_lock")

# (share name, frames that mark it), the first match wins; script-thread parts first.
SCRIPT_PARTS = (
    ("script run: database (SQLAlchemy, driver)", ("sqlalchemy",)),
    ("script run: compiling a page", ("get_bytecode",)),
    ("script run: page code and elements", ("",)),
)
LOOP_PARTS = (
    ("event loop: new_session message of each run (config, theme, pages)",
     ("_create_new_session_message",)),
    ("event loop: sending messages (queue, serialise, websocket)",
     ("_sender", "_send_message", "write_forward_msg", "_enqueue_forward_msg",
      "send_bytes")),
    ("event loop: script-run events (status, finished)", ("_on_scriptrunner_event",)),
    ("event loop: receiving (websocket frames, back messages, new sessions)",
     ("data_received", "handle_backmsg", "_websocket_endpoint")),
    ("event loop: waking and scheduling (a wake-up per message handed over, timers)", ("",)),
)


def shares(lines) -> tuple[int, Counter]:
    total, parts = 0, Counter()
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        if frames[-1].startswith(IDLE):
            continue
        total += int(count)
        table = SCRIPT_PARTS if "_run_script_thread" in stack else LOOP_PARTS
        name = next(name for name, marks in table if any(m in stack for m in marks))
        parts[name] += int(count)
    return total, parts


def main(argv=None) -> int:
    path = (argv or sys.argv[1:])[0]
    with open(path) as lines:
        total, parts = shares(lines)
    if not total:
        print("no busy samples in the profile")
        return 1
    print(f"| part of the server's work | share of {total} busy samples |")
    print("|---|---|")
    for name, count in parts.most_common():
        print(f"| {name} | {100 * count / total:.0f}% |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
