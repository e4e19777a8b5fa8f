"""Admission control for the work of one server process: at most N pieces run at once, the
rest wait in line, the most urgent first.

Streamlit runs every session's script in its own thread of one Python process. When hundreds
of runs compete for the one interpreter, each gets a thin slice in turn and all of them
finish late: a vote waits behind the page runs of people who are joining. With a gate, a
few runs compute while the others queue, and a vote goes to the front of the queue.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Gate:
    """``with gate.admit(priority):`` runs the block when one of ``capacity`` places is free
    and no one more urgent (a lower ``priority``; earlier arrival among equals) is waiting.

    A thread already inside the gate enters again at once (a fragment drawn during a page
    run). A place is handed straight to the next in line on release, so a waiting thread is
    woken only when it may go."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("A gate needs at least one place.")
        self.capacity = capacity
        self._free = capacity
        self._line: list[tuple[int, int, threading.Lock]] = []
        self._mutex = threading.Lock()
        self._arrivals = itertools.count()
        self._inside = threading.local()

    @contextmanager
    def admit(self, priority: int) -> Iterator[None]:
        depth = getattr(self._inside, "depth", 0)
        if not depth:
            self._enter(priority)
        self._inside.depth = depth + 1
        try:
            yield
        finally:
            self._inside.depth = depth
            if not depth:
                self._leave()

    def waiting(self) -> int:
        with self._mutex:
            return len(self._line)

    def _enter(self, priority: int) -> None:
        with self._mutex:
            if self._free and not self._line:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            heapq.heappush(self._line, (priority, next(self._arrivals), turn))
        turn.acquire()  # released by _leave when this thread's place is handed over

    def _leave(self) -> None:
        with self._mutex:
            if self._line:
                *_, turn = heapq.heappop(self._line)
                turn.release()
            else:
                self._free += 1
