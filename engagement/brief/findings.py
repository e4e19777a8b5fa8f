"""The findings of a brief version in words: what a decision may rest on, how a cited finding
stands in a later version, and what changed from one version to the next.

A finding's reference is stable across versions: a statement is ``S<id>``, an opinion group
``group:<identity>`` and a theme ``theme:<identity>`` (identities matched between versions by
engagement/brief/identity.py), the shift ``shift``. People never see a reference: they see the
words (the statement, the group's description, the theme's name, the shift sentence)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engagement.brief.summary import shift_words
from engagement.disclosure import shown

UNQUOTED = "a statement whose author did not agree to be quoted"
STABLE_REF = re.compile(r"S\d+|group:G\d+|theme:T\d+|shift")


@dataclass(frozen=True)
class Finding:
    ref: str
    kind: str  # statement | group | theme | shift
    text: str


def quoted(item: dict) -> str:
    return f"“{item['text']}”" if item.get("text") else UNQUOTED


def group_words(group: dict) -> str:
    """An opinion group described by the statements that set it apart (no counts: a group
    that loses one member is still described the same way)."""
    agreed = [quoted(r) for r in group["representative"] if r["direction"] == "agree"][:2]
    disagreed = [quoted(r) for r in group["representative"] if r["direction"] != "agree"][:1]
    parts = []
    if agreed:
        parts.append("agreed more than others with " + " and ".join(agreed))
    if disagreed:
        parts.append("disagreed more than others with " + disagreed[0])
    about = "; ".join(parts) or "no statement sets it clearly apart"
    return f"Opinion group {group['letter']}: {about}"


def _group_ref(group: dict) -> str:
    return f"group:{group.get('identity') or group['letter']}"  # a letter: an older brief


def _theme_ref(theme: dict) -> str:
    return f"theme:{theme.get('identity') or theme['label']}"


def offered(data: dict) -> dict[str, Finding]:
    """Reference -> finding, for every finding of a brief's data a decision may rest on."""
    found: dict[str, Finding] = {}
    opinion = data["opinion"]
    for item in opinion["consensus"]:
        verb = "agreed" if item.get("direction") != "disagree" else "disagreed"
        found[f"S{item['id']}"] = Finding(f"S{item['id']}", "statement",
                                          f"Most people in every group {verb} with "
                                          f"{quoted(item)}")
    for item in opinion["divisive"]:
        found.setdefault(f"S{item['id']}", Finding(f"S{item['id']}", "statement",
                                                   f"The groups differed on {quoted(item)}"))
    for group in opinion["groups"]:
        found[_group_ref(group)] = Finding(_group_ref(group), "group", group_words(group))
    for theme in data["themes"]["themes"]:
        found[_theme_ref(theme)] = Finding(_theme_ref(theme), "theme",
                                           f"The theme “{theme['label']}”")
    overall = data["shift"].get("overall")
    if overall:
        found["shift"] = Finding("shift", "shift", shift_words(
            overall["n"], overall["mean_change"], overall["ci_low"], overall["ci_high"]))
    return found


def later_status(ref: str, text: str, later: dict[str, Finding], version: int) -> str | None:
    """How a cited finding stands in a later version (``later``: its findings): None when it
    is the same, else what became of it, in words."""
    now = later.get(ref)
    if now is None:
        return f"not among the findings of version {version} of the brief"
    if now.text != text:
        return f"in version {version} of the brief: {now.text}"
    return None


def changes_between(older: dict, newer: dict) -> tuple[str, ...]:
    """What changed from one version's findings to the next, in words."""
    before, after = offered(older), offered(newer)
    said: list[str] = []
    people = (older["participation"]["total"], newer["participation"]["total"])
    if people[0] != people[1]:
        said.append(f"Participants: {shown(people[0])} before, {shown(people[1])} now.")
    for ref, finding in after.items():
        if ref not in before:
            said.append(f"New: {finding.text}.")
        elif before[ref].text != finding.text:
            said.append(f"Changed: {before[ref].text}; now: {finding.text}.")
    said += [f"No longer a finding: {finding.text}." for ref, finding in before.items()
             if ref not in after]
    return tuple(said) or ("No finding changed.",)
