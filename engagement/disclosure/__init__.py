"""The disclosure gate: every count of people that any page, brief or export shows passes
through here. Pure: numbers in, numbers (or None for "not shown") out; no database, no UI.

- rules: the minimum reporting size and small-cell suppression (primary and secondary).
- release: one published output (a page, a brief version) and the counts it has shown, so
  that no two of them differ by fewer than the minimum (disclosure by differencing).
- groups: which opinion groups are shown, the letters they go by and their colours.
- wording: how a figure held back reads ("not shown"), in English or Welsh, and a
  statement's shares with those held back left out.
"""

from engagement.disclosure.groups import lettered_groups
from engagement.disclosure.release import Release
from engagement.disclosure.rules import (
    DEFAULT_MINIMUM,
    FLOOR,
    agree_share,
    binned_map,
    effective_minimum,
    is_reportable,
    share,
    suppress_cells,
    suppressed_total,
    vote_shares,
)
from engagement.disclosure.scopes import reportable_scopes
from engagement.disclosure.wording import NOT_SHOWN, shares, shown

__all__ = [
    "DEFAULT_MINIMUM",
    "FLOOR",
    "NOT_SHOWN",
    "Release",
    "agree_share",
    "binned_map",
    "effective_minimum",
    "is_reportable",
    "lettered_groups",
    "reportable_scopes",
    "share",
    "shares",
    "shown",
    "suppress_cells",
    "suppressed_total",
    "vote_shares",
]
