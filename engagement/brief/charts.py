"""Charts for the brief, drawn with matplotlib into PNG bytes (no screen needed). Their drawn
words (titles, axes, labels) are in the brief's language (the catalogues); what participants
and staff wrote (a theme's label, a session's name) comes in as the caller shows it."""

from __future__ import annotations

import io

import matplotlib

from engagement import i18n
from engagement.i18n import N_
from engagement.palette import group_colour

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Groups take the one group palette (engagement/disclosure/groups.py); charts of anything else
# use these, which are not group colours: dark grey (7.0:1 on white) and the palette's blue.
NEUTRAL = "#505a5f"
AFTER = "#0072B2"
# The 1 to 5 scale; "strongly ..." drawn on two lines (the first space becomes a line break).
SCALE_LABELS = (N_("Strongly oppose"), N_("Oppose"), N_("Unsure"), N_("Support"),
                N_("Strongly support"))


def _scale_labels(lang: str) -> list[str]:
    return [i18n.gettext(label, lang).replace(" ", "\n", 1) for label in SCALE_LABELS]


def _group(letter: str, lang: str) -> str:
    return i18n.gettext("Group {letter}", lang).format(letter=letter)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=150)
    plt.close(figure)
    return buffer.getvalue()


def opinion_map(groups: list[dict], lang: str = i18n.ENGLISH) -> bytes | None:
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
        count = "" if group["size"] is None else "\n" + i18n.ngettext(
            "{number} person", "{number} people", group["size"], lang).format(
            number=i18n.format_number(group["size"], lang))
        axes.annotate(_group(group["letter"], lang) + count, (x, y),
                      ha="center", va="center", fontsize=9)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.margins(0.35)
    axes.set_title(i18n.gettext("Opinion map: groups placed by how their members voted", lang),
                   fontsize=10)
    return _png(figure)


def group_agreement(statement: str, agree_by_group: list[tuple[str, float]],
                    lang: str = i18n.ENGLISH) -> bytes:
    figure, axes = plt.subplots(figsize=(6, 1.2 + 0.35 * len(agree_by_group)))
    letters = [_group(letter, lang) for letter, _ in agree_by_group]
    values = [pct for _, pct in agree_by_group]
    axes.barh(letters, values, color=[group_colour(letter) for letter, _ in agree_by_group])
    axes.set_xlim(0, 100)
    axes.set_xlabel(i18n.gettext("% who agreed", lang))
    axes.invert_yaxis()
    for i, value in enumerate(values):
        axes.text(value + 1, i, f"{value:.0f}%", va="center", fontsize=8)
    return _png(figure)


def themes_bar(themes: list[dict], lang: str = i18n.ENGLISH) -> bytes | None:
    themes = [t for t in themes if t["n"] is not None]
    if not themes:
        return None
    figure, axes = plt.subplots(figsize=(6, 0.9 + 0.35 * len(themes)))
    axes.barh([t["label"] for t in themes], [t["n"] for t in themes], color=NEUTRAL)
    axes.invert_yaxis()
    axes.set_xlabel(i18n.gettext("Number of texts", lang))
    axes.set_title(i18n.gettext("Themes in participants' own words", lang), fontsize=10)
    return _png(figure)


def shift_chart(before: dict, after: dict, lang: str = i18n.ENGLISH) -> bytes:
    """Before/after distributions of support; suppressed cells are left blank."""
    figure, axes = plt.subplots(figsize=(6, 2.6))
    xs = range(1, 6)
    width = 0.38
    for offset, counts, label, colour in (
            (-width / 2, before, i18n.gettext("Before", lang), NEUTRAL),
            (width / 2, after, i18n.gettext("After", lang), AFTER)):
        values = [counts.get(str(x), counts.get(x)) for x in xs]
        axes.bar([x + offset for x in xs], [v or 0 for v in values], width, label=label,
                 color=colour)
    axes.set_xticks(list(xs), _scale_labels(lang), fontsize=8)
    axes.set_ylabel(i18n.gettext("People", lang))
    axes.legend(fontsize=8)
    axes.set_title(i18n.gettext("How much people support it, before and after", lang),
                   fontsize=10)
    return _png(figure)


def participation_bar(by_session: dict, lang: str = i18n.ENGLISH) -> bytes | None:
    """Participants per session (``by_session``: each session by the name the reader sees)."""
    shown = {k: v for k, v in by_session.items() if v}
    if not shown:
        return None
    figure, axes = plt.subplots(figsize=(6, 0.9 + 0.35 * len(shown)))
    axes.barh(list(shown), list(shown.values()), color=NEUTRAL)
    axes.invert_yaxis()
    axes.set_xlabel(i18n.gettext("Participants", lang))
    axes.set_title(i18n.gettext("Participation by session", lang), fontsize=10)
    return _png(figure)
