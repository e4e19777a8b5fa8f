"""The admission gate of a server process: capacity, order of the line, re-entry, release on
error."""

import threading
import time

import pytest

from engagement.ops.gate import Gate

pytestmark = pytest.mark.timeout(20)  # a gate that loses a place hangs; fail instead


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.001)


def test_never_more_inside_than_its_capacity():
    gate = Gate(2)
    inside, most = 0, 0
    lock = threading.Lock()

    def work():
        nonlocal inside, most
        with gate.admit(1):
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.005)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert most == 2
    assert inside == 0 and gate.waiting() == 0


def test_the_most_urgent_goes_first_then_first_come_first_served():
    gate = Gate(1)
    order = []
    release_holder = threading.Event()

    def holder():
        with gate.admit(1):
            release_holder.wait(5)

    def waiter(name, priority):
        with gate.admit(priority):
            order.append(name)

    first = threading.Thread(target=holder)
    first.start()
    wait_for(lambda: gate._free == 0)
    arrivals = [("page A", 1), ("page B", 1), ("vote A", 0), ("page C", 1), ("vote B", 0)]
    threads = []
    for name, priority in arrivals:  # one at a time, so the arrival order is known
        t = threading.Thread(target=waiter, args=(name, priority))
        t.start()
        threads.append(t)
        wait_for(lambda n=len(threads): gate.waiting() == n)
    release_holder.set()
    for t in [first, *threads]:
        t.join(5)
    assert order == ["vote A", "vote B", "page A", "page B", "page C"]


def test_a_thread_inside_enters_again_without_waiting():
    gate = Gate(1)
    with gate.admit(1), gate.admit(0), gate.admit(1):
        pass  # would deadlock if re-entry waited for a place
    other_went = threading.Event()
    t = threading.Thread(target=lambda: gate.admit(1).__enter__() or other_went.set())
    t.start()
    t.join(5)
    assert other_went.is_set(), "the place was not given back after the nested blocks"


def test_an_error_inside_gives_the_place_back():
    gate = Gate(1)
    with pytest.raises(RuntimeError), gate.admit(1):
        raise RuntimeError("boom")
    done = threading.Event()
    t = threading.Thread(target=lambda: (gate.admit(0).__enter__(), done.set()))
    t.start()
    t.join(5)
    assert done.is_set()


def test_a_gate_needs_a_place():
    with pytest.raises(ValueError):
        Gate(0)
