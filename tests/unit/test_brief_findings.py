"""Findings in words and groups and themes matched between brief versions (issue 14, item 2):
the pure parts, engagement/brief/findings.py and engagement/brief/identity.py."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.brief import findings, identity


def _data(*, groups=(), themes=(), consensus=(), shift=None, total=40) -> dict:
    return {
        "participation": {"total": total},
        "opinion": {"consensus": list(consensus), "divisive": [], "groups": list(groups)},
        "themes": {"themes": list(themes)},
        "shift": {"overall": shift},
    }


def _group(letter: str, identity_: str, agree: str) -> dict:
    return {"letter": letter, "identity": identity_, "size": 20, "representative": [
        {"id": 3, "text": agree, "direction": "agree"}]}


def test_match_follows_members_not_order_or_letters():
    before = {"G1": frozenset(range(0, 30)), "G2": frozenset(range(30, 50))}
    # the re-run lists the groups the other way round, one member gone from each
    now = {0: frozenset(range(31, 50)), 1: frozenset(range(1, 30))}
    assert identity.match(before, now, prefix="G") == {0: "G2", 1: "G1"}


def test_a_new_group_gets_an_identity_never_used_before():
    before = {"G1": frozenset(range(0, 30))}
    now = {0: frozenset(range(0, 29)), 1: frozenset(range(100, 120))}
    # G2 existed in an earlier version and vanished: it is not handed out again
    assert identity.match(before, now, prefix="G", taken=["G2"]) == {0: "G1", 1: "G3"}


def test_little_overlap_is_not_the_same_group():
    before = {"T1": frozenset("abcdef")}
    assert identity.match(before, {0: frozenset("abxyzw")}, prefix="T") == {0: "T2"}


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(5, 40), min_size=1, max_size=6), seed=st.integers(0, 10**6))
def test_a_shuffled_rerun_keeps_every_identity(sizes, seed):
    """The same groups under any order and any keys: each keeps its identity."""
    start = 0
    before = {}
    for i, size in enumerate(sizes, 1):
        before[f"G{i}"] = frozenset(range(start, start + size))
        start += size
    shuffled = list(before.items())
    random.Random(seed).shuffle(shuffled)
    now = {f"key{j}": members for j, (_, members) in enumerate(shuffled)}
    found = identity.match(before, now, prefix="G")
    assert len(found) == len(sizes) >= 1
    assert {found[f"key{j}"]: members for j, (_, members) in enumerate(shuffled)} == before


def test_findings_are_words_with_stable_references():
    data = _data(groups=[_group("A", "G4", "Insurers must never see results")],
                 themes=[{"identity": "T2", "label": "Trust in researchers", "n": 12}],
                 consensus=[{"id": 7, "text": "Explain every use", "direction": "agree"},
                            {"id": 8, "text": None, "direction": "disagree"}],
                 shift={"n": 30, "mean_change": 0.4, "ci_low": 0.1, "ci_high": 0.7})
    offered = findings.offered(data)
    assert list(offered) == ["S7", "S8", "group:G4", "theme:T2", "shift"]
    words = {ref: f.text for ref, f in offered.items()}
    assert words["S7"] == "Most people in every group agreed with “Explain every use”"
    assert words["S8"] == ("Most people in every group disagreed with a statement whose author "
                           "did not agree to be quoted")
    assert words["group:G4"] == ("Opinion group A: agreed more than others with “Insurers must "
                                 "never see results”")
    assert words["theme:T2"] == "The theme “Trust in researchers”"
    assert words["shift"].startswith("Among the 30 people who gave their view before and after, "
                                     "support for the proposal rose by 0.40 points")


def test_a_renamed_theme_and_a_relettered_group_say_what_they_became():
    v1 = _data(groups=[_group("A", "G1", "Keep it local")],
               themes=[{"identity": "T1", "label": "Carry worry", "n": 12}])
    v3 = _data(groups=[_group("B", "G1", "Keep it local")],
               themes=[{"identity": "T1", "label": "Worry about relatives", "n": 11}],
               total=39)
    cited = findings.offered(v1)
    later = findings.offered(v3)
    assert findings.later_status("theme:T1", cited["theme:T1"].text, later, 3) == (
        "in version 3 of the brief: The theme “Worry about relatives”")
    assert findings.later_status("group:G1", cited["group:G1"].text, later, 3) == (
        "in version 3 of the brief: Opinion group B: agreed more than others with "
        "“Keep it local”")
    assert findings.later_status("S9", "Most people in every group agreed with “x”", later,
                                 3) == "not among the findings of version 3 of the brief"
    unchanged = findings.offered(v3)["group:G1"].text
    assert findings.later_status("group:G1", unchanged, later, 3) is None
    changes = findings.changes_between(v1, v3)
    assert changes[0] == "Participants: 40 before, 39 now."
    assert any("Worry about relatives" in c and "Carry worry" in c for c in changes)


def test_nothing_changed_says_so():
    data = _data(groups=[_group("A", "G1", "Keep it local")])
    assert findings.changes_between(data, data) == ("No finding changed.",)
