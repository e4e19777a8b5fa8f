"""Charts for the brief, drawn with matplotlib into PNG bytes (no screen needed)."""

from __future__ import annotations

import io

import matplotlib

from engagement.palette import group_colour

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Groups take the one group palette (engagement/disclosure/groups.py); charts of anything else
# use these, which are not group colours: dark grey (7.0:1 on white) and the palette's blue.
NEUTRAL = "#505a5f"
AFTER = "#0072B2"
SCALE_LABELS = ["Strongly\noppose", "Oppose", "Unsure", "Support", "Strongly\nsupport"]


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=150)
    plt.close(figure)
    return buffer.getvalue()


def opinion_map(groups: list[dict]) -> bytes | None:
    """Each group as a bubble at its centre, sized by how many people are in it (a group
    whose size is not shown gets a middling bubble and no count)."""
    if not groups:
        return None
    figure, axes = plt.subplots(figsize=(6, 3.6))
    sizes = [g["size"] for g in groups if g["size"] is not None]
    biggest = max(sizes, default=1)
    for group in groups:
        x, y = group["center"]
        size = group["size"] if group["size"] is not None else biggest / 2
        axes.scatter([x], [y], s=3000 * size / biggest, alpha=0.45,
                     color=group_colour(group["letter"]))
        count = "" if group["size"] is None else f"\n{group['size']} people"
        axes.annotate(f"Group {group['letter']}{count}", (x, y),
                      ha="center", va="center", fontsize=9)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.margins(0.35)
    axes.set_title("Opinion map: groups placed by how their members voted", fontsize=10)
    return _png(figure)


def group_agreement(statement: str, agree_by_group: list[tuple[str, float]]) -> bytes:
    figure, axes = plt.subplots(figsize=(6, 1.2 + 0.35 * len(agree_by_group)))
    letters = [f"Group {letter}" for letter, _ in agree_by_group]
    values = [pct for _, pct in agree_by_group]
    axes.barh(letters, values, color=[group_colour(letter) for letter, _ in agree_by_group])
    axes.set_xlim(0, 100)
    axes.set_xlabel("% who agreed")
    axes.invert_yaxis()
    for i, value in enumerate(values):
        axes.text(value + 1, i, f"{value:.0f}%", va="center", fontsize=8)
    return _png(figure)


def themes_bar(themes: list[dict]) -> bytes | None:
    themes = [t for t in themes if t["n"] is not None]
    if not themes:
        return None
    figure, axes = plt.subplots(figsize=(6, 0.9 + 0.35 * len(themes)))
    axes.barh([t["label"] for t in themes], [t["n"] for t in themes], color=NEUTRAL)
    axes.invert_yaxis()
    axes.set_xlabel("Number of texts")
    axes.set_title("Themes in participants' own words", fontsize=10)
    return _png(figure)


def shift_chart(before: dict, after: dict) -> bytes:
    """Before/after distributions of support; suppressed cells are left blank."""
    figure, axes = plt.subplots(figsize=(6, 2.6))
    xs = range(1, 6)
    width = 0.38
    for offset, counts, label, colour in ((-width / 2, before, "Before", NEUTRAL),
                                          (width / 2, after, "After", AFTER)):
        values = [counts.get(str(x), counts.get(x)) for x in xs]
        axes.bar([x + offset for x in xs], [v or 0 for v in values], width, label=label,
                 color=colour)
    axes.set_xticks(list(xs), SCALE_LABELS, fontsize=8)
    axes.set_ylabel("People")
    axes.legend(fontsize=8)
    axes.set_title("Support for the proposal, before and after", fontsize=10)
    return _png(figure)


def participation_bar(by_session: dict) -> bytes | None:
    shown = {k: v for k, v in by_session.items() if v}
    if not shown:
        return None
    figure, axes = plt.subplots(figsize=(6, 0.9 + 0.35 * len(shown)))
    axes.barh(list(shown), list(shown.values()), color=NEUTRAL)
    axes.invert_yaxis()
    axes.set_xlabel("Participants")
    axes.set_title("Participation by session", fontsize=10)
    return _png(figure)
