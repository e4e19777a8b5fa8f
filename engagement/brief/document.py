"""The brief's content as a list of neutral blocks that each renderer (Markdown, HTML, PDF)
turns into its own format, so the three always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field

from engagement.actors import SYSTEM_WITHDRAWAL
from engagement.brief import charts


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | subheading | text | quote | bullets | table | image | note
    text: str = ""
    items: tuple = field(default=())
    rows: tuple = field(default=())
    image: bytes | None = None
    name: str = ""
    alt: str = ""  # an image's text alternative: what it shows, with its figures


def _listed(pairs) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def _pct(value: float | None) -> str:
    return "suppressed" if value is None else f"{value:.0f}%"


def _shares(item: dict) -> str:
    """'80% agreed, 15% disagreed', leaving out a share the disclosure rules held back."""
    parts = [f"{_pct(item[key])} {verb}" for key, verb in (("pct_agree", "agreed"),
                                                          ("pct_disagree", "disagreed"))
             if item[key] is not None]
    return ", ".join(parts) or "shares not shown (too few people)"


def _group_label(group: str) -> str:
    return group if group.startswith(("Not", "(")) else f"Group {group}"


def _count(value: int | None) -> str:
    """A count of people; None is one the disclosure rules hold back."""
    return "not shown" if value is None else str(value)


def _people(value: int | None) -> str:
    return "" if value is None else f": {value} people"


def p_value(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _statement(item: dict) -> str:
    text = item.get("text")
    return (f"“{text}” [S{item['id']}]" if text
            else f"Statement S{item['id']} (its author did not agree to be quoted)")


def issued_words(signed_off_by: str) -> str:
    """Who issued a brief version, in words: a person's sign-off, or the automatic re-issue
    after a withdrawal, which nobody signed off and which must not be credited to anyone."""
    if signed_off_by == SYSTEM_WITHDRAWAL.audit_name:
        return "re-issued automatically after a participant withdrew (not signed off by anyone)"
    return f"signed off by {signed_off_by}"


def build(data: dict) -> list[Block]:
    d, brief, opinion = data["dialogue"], data.get("brief", {}), data["opinion"]
    minimum = data["min_reporting_size"]
    blocks = [
        Block("title", f"Governance brief: {d['title']}"),
        Block("note", (f"Version {brief.get('version', '?')}, {brief.get('status', 'current')}. "
                       f"{issued_words(brief.get('signed_off_by', '?')).capitalize()} on "
                       f"{brief.get('signed_off_at', '?')[:16].replace('T', ' ')} UTC.")),
    ]
    if brief.get("superseded_reason"):
        blocks.append(Block("note", f"Superseded: {brief['superseded_reason']}."))
    if data.get("synthetic_notice"):  # made from synthetic participants: said first
        blocks.append(Block("text", data["synthetic_notice"]))
    blocks += [
        Block("heading", "The proposal"),
        Block("text", d["proposed_use"]),
        Block("text", f"Question put to participants: {d['question']}"),
        Block("heading", "Summary"),
        *[Block("text", s["text"]) for s in data["summary"]["sentences"]],
        Block("note", "Every sentence cites what it rests on: [S12] is statement 12, [R5] is "
                      "reflection 5, [Positions] the positions given before and after."),
        Block("heading", "Who took part"),
        Block("text", f"Participants: {_count(data['participation']['total'])}. People who "
                      f"voted: {_count(opinion['n_participants'])}; placed in opinion groups: "
                      f"{_count(opinion['n_clustered'])}."),
        Block("note", f"Counts of fewer than {minimum} people, and counts that would give one "
                      "away by subtraction from another, are not shown."),
        Block("table", rows=(("Session", "Participants"),) + tuple(
            (name, _count(n)) for name, n in data["participation"]["by_session"].items())),
    ]
    chart = charts.participation_bar(data["participation"]["by_session"])
    if chart:
        blocks.append(Block("image", image=chart, name="participation.png",
                            text="Participation by session",
                            alt="Bar chart of participants per session. " + _listed(
                                (k, v) for k, v in data["participation"]["by_session"].items()
                                if v) + "."))
    blocks += _opinion_blocks(opinion, minimum)
    blocks += _theme_blocks(data["themes"])
    blocks += _shift_blocks(data["shift"])
    blocks += _method_blocks(data)
    return blocks


def _opinion_blocks(opinion: dict, minimum: int) -> list[Block]:
    stability = opinion["stability"]
    blocks = [Block("heading", "Opinion groups")]
    chart = charts.opinion_map(opinion["groups"])
    if chart:
        blocks.append(Block("image", image=chart, name="opinion-map.png", text="Opinion map",
                            alt="Opinion map: each group drawn as a bubble sized by its "
                                "members and placed by how they voted. " + _listed(
                                    (f"Group {g['letter']}", f"{g['size']} people")
                                    for g in opinion["groups"]) + "."))
    mean_ari = stability.get("mean_ari")
    blocks.append(Block("text", (
        f"{len(opinion['groups'])} opinion group(s) of at least {minimum} people. Stability "
        f"(agreement of the groups with those found on resamples, 1 = identical): "
        f"{mean_ari:.2f}." if mean_ari is not None else "Stability could not be measured.")))
    if stability.get("weak"):
        blocks.append(Block("note", "Warning: the groups are weak; resamples of the "
                                    "participants give noticeably different groups."))
    small = opinion["small_groups_people"]
    if small != 0:
        who = "Some people" if small is None else f"{small} people"
        blocks.append(Block("note", f"{who} in groups smaller than {minimum} are not described "
                                    "separately."))
    for group in opinion["groups"]:
        blocks.append(Block("subheading", f"Group {group['letter']}{_people(group['size'])}"))
        items = [
            f"{'Agreed' if r['direction'] == 'agree' else 'Disagreed'} more than others: "
            f"{_statement(r)}: {_shares(r)}" for r in group["representative"]
        ]
        blocks.append(Block("bullets", items=tuple(items) or ("No statement sets this group "
                                                              "clearly apart.",)))
    blocks.append(Block("heading", "Where people agree across the groups"))
    consensus = [
        f"{_statement(c)}: {_shares(c)}"
        + ("" if c["n_seen"] is None else f" ({c['n_seen']} voted)")
        for c in opinion["consensus"]
    ]
    blocks.append(Block("bullets", items=tuple(consensus) or ("No statement reached consensus "
                                                              "across the groups.",)))
    blocks.append(Block("heading", "Where the groups differ"))
    if not opinion["divisive"]:
        blocks.append(Block("text", "No statement divides the groups clearly."))
    for i, item in enumerate(opinion["divisive"]):
        blocks.append(Block("text", _statement(item)))
        blocks.append(Block("image", image=charts.group_agreement(item["text"] or "",
                                                                  item["agree_by_group"]),
                            name=f"divisive-{i + 1}.png", text="Agreement by group",
                            alt="Bar chart of the share of each group who agreed. " + _listed(
                                (f"Group {letter}", f"{pct:.0f}%")
                                for letter, pct in item["agree_by_group"]) + "."))
    return blocks


def _theme_blocks(themes: dict) -> list[Block]:
    blocks = [Block("heading", "Themes in participants' own words")]
    if not themes["themes"]:
        blocks.append(Block("text", "Too few statements and reflections to describe themes "
                                    "without risking identifying people."))
        return blocks
    chart = charts.themes_bar(themes["themes"])
    if chart:
        blocks.append(Block("image", image=chart, name="themes.png", text="Themes",
                            alt="Bar chart of the number of texts in each theme. " + _listed(
                                (t["label"], t["n"]) for t in themes["themes"]) + "."))
    by_group = themes.get("by_group") or {}
    groups = sorted({g for cells in by_group.values() for g in cells})
    if by_group and groups:
        blocks.append(Block("text", "Texts per theme and opinion group:"))
        blocks.append(Block("table", rows=(("Theme", *[_group_label(g) for g in groups]),) + tuple(
            (label, *[_count(cells.get(g, 0)) for g in groups])
            for label, cells in by_group.items())))
    for theme in themes["themes"]:
        mean = theme["sentiment"].get("mean_compound")
        tone = "" if mean is None else f"; tone {mean:+.2f} on a scale from -1 to +1"
        count = "" if theme["n"] is None else f"{theme['n']} texts"
        about = "; ".join(part for part in (count, tone.removeprefix("; ")) if part)
        blocks.append(Block("subheading", theme["label"] + (f" ({about})" if about else "")))
        blocks.append(Block("text", "Key words: " + ", ".join(theme["keywords"])))
        for quote in theme["quotes"]:
            blocks.append(Block("quote", f"{quote['text']} [{quote['id']}]"))
    return blocks


def _shift_blocks(shift: dict) -> list[Block]:
    blocks = [Block("heading", "How views moved")]
    overall = shift.get("overall")
    if not overall:
        blocks.append(Block("text", "Too few people gave their view both before and after to "
                                    "report a change."))
        return blocks
    blocks.append(Block("image", image=charts.shift_chart(shift["before_counts"],
                                                          shift["after_counts"]),
                        name="shift.png", text="Before and after",
                        alt="Bar chart of support for the proposal before and after: people "
                            "at each point of the scale, not shown where too few to report. "
                            + _shift_alt(shift)))
    rows = [("Who", "People", "Mean change", "95% interval", "Wilcoxon p")]
    for label, item in [("Everyone", overall)] + [
        (f"Group {k}", v) for k, v in sorted(shift["by_group"].items())
    ] + [(f"Session: {k}", v) for k, v in sorted(shift["by_session"].items())]:
        rows.append((label, _count(item["n"]), f"{item['mean_change']:+.2f}",
                     f"{item['ci_low']:+.2f} to {item['ci_high']:+.2f}",
                     p_value(item["p_value"])))
    blocks.append(Block("table", rows=tuple(rows)))
    return blocks


def _shift_alt(shift: dict) -> str:
    points = ("strongly oppose", "oppose", "unsure", "support", "strongly support")
    parts = []
    for label, counts in (("Before", shift["before_counts"]), ("After", shift["after_counts"])):
        values = [counts.get(str(x), counts.get(x)) for x in range(1, 6)]
        parts.append(f"{label}: " + ", ".join(
            f"{name} {'not shown' if v is None else v}" for name, v in zip(points, values,
                                                                              strict=True)) + ".")
    return " ".join(parts)


def _method_blocks(data: dict) -> list[Block]:
    snapshot = data["snapshot"]
    params = ", ".join(f"{k}={v}" for k, v in sorted(snapshot["params"].items()))
    blocks = [
        Block("heading", "Method"),
        Block("text", (
            "Votes (agree, disagree, pass) form a participant × statement matrix. As in Pol.is, "
            "participants are grouped once they have voted on at least 7 statements (or all of "
            "them); the matrix is projected onto two principal components with missing votes "
            "imputed and sparsity-aware scaling; k-means on 100 base clusters gives 2 to 5 "
            "groups chosen by silhouette. Representative statements compare a group's smoothed "
            "agreement with everyone else's (two-proportion tests); consensus is the product "
            "over groups of the smoothed agreement; stability is the adjusted Rand index "
            "against groups found on bootstrap resamples. Themes: TF-IDF text vectors grouped "
            "with the number of themes chosen automatically; tone by VADER. Opinion shift: "
            "paired mean change with a t interval and a Wilcoxon signed-rank test.")),
        Block("text", (
            f"Privacy: no figure describes fewer than {data['min_reporting_size']} people; "
            "participants' words are quoted only with their consent and after personal data "
            "has been removed.")),
        Block("text", f"Parameters: {params}."),
        Block("text", f"Analysis snapshot {snapshot['id']} made {snapshot['created_at'][:16]} "
                      f"UTC by code version {snapshot['code_version']}; vote fingerprint "
                      f"{snapshot['fingerprint']}."),
    ]
    if data.get("attribution"):
        blocks.append(Block("note", data["attribution"]))
    return blocks
