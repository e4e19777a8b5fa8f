"""The one palette of opinion groups, keyed by group letter: the dashboard, the live views and
every brief format colour group A, B, C… alike, and always beside the group's letter.

Pure and at the base of the layers, so that both the disclosure rules' users (the dashboard
service) and the brief's renderer (engagement.brief.render) can use it."""

from __future__ import annotations

# The group palette: the members of Okabe and Ito's colour-blind-safe qualitative set
# ("Color Universal Design", Okabe M. & Ito K., 2008, https://jfly.uni-koeln.de/color/) that
# reach at least 3:1 contrast on a white page (WCAG 2.2, 1.4.11 non-text contrast). The set's
# orange, sky blue and yellow fall below 3:1 and are left out. At most five groups are formed
# (the analysis tries 2..5), so every group has a colour of its own.
GROUP_COLOURS = (
    "#0072B2",  # blue, 5.19:1
    "#D55E00",  # vermillion, 3.87:1
    "#009E73",  # bluish green, 3.42:1
    "#CC79A7",  # reddish purple, 3.06:1
    "#000000",  # black, 21:1
)


def group_colour(group_letter: str) -> str:
    """The colour of group A, B, C…: the same letter has the same colour everywhere."""
    index = ord(group_letter.strip().upper()[:1] or "A") - ord("A")
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def group_label(group_letter: str) -> str:
    return f"Group {group_letter}"


def label_colours(group_letters) -> dict[str, str]:
    """'Group A' -> colour, for charts whose series are named by group label."""
    return {group_label(x): group_colour(x) for x in group_letters}
