"""The brief's content as a list of neutral blocks that each renderer (Markdown, HTML, PDF)
turns into its own format, so the three always say the same thing."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from engagement import i18n
from engagement.actors import SYSTEM_WITHDRAWAL
from engagement.brief import charts, plain
from engagement.disclosure import shares, shown
from engagement.ukdates import uk_datetime

# The language the brief is being drawn in (build sets it): its own words come from the
# catalogues (engagement/locale); what participants and staff wrote stays as written.
_LANGUAGE: ContextVar[str] = ContextVar("brief_language", default=i18n.ENGLISH)
# A version's status, as the brief names it.
STATUS_WORDS = (i18n.N_("current"), i18n.N_("superseded"))


def _(message: str, /, **values: object) -> str:
    """The brief's own words in the language being drawn."""
    return i18n.translate(i18n.Text(message, **values) if values else message, _LANGUAGE.get())


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | subheading | text | quote | bullets | table | image | note
    text: str = ""
    items: tuple = field(default=())
    rows: tuple = field(default=())
    image: bytes | None = None
    name: str = ""
    alt: str = ""  # an image's text alternative: what it shows, with its figures
    lang: str = ""  # the language of its text when it is not the brief's (content as written)


def _session(data: dict, name: str) -> str:
    """A session's name in the brief's language when written in it (the Welsh name)."""
    return plain.session_name(data, name, _LANGUAGE.get())[0]


def _listed(pairs) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def _shares(item: dict) -> str:
    """'80% agreed, 15% disagreed', leaving out a share the disclosure rules held back."""
    return shares(item["pct_agree"], item["pct_disagree"], _LANGUAGE.get())


def _group_label(group: str) -> str:
    return group if group.startswith(("Not", "(")) else _("Group {letter}", letter=group)


def _count(value: int | None) -> str:
    """A count of people; None is one the disclosure rules hold back."""
    return shown(value, _LANGUAGE.get())


def _people(value: int | None) -> str:
    return "" if value is None else _(": {number} people", number=value)


def p_value(p: float | None) -> str:
    if p is None:
        return _("n/a")
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _statement(item: dict) -> str:
    text = item.get("text")
    return (f"“{text}” [S{item['id']}]" if text
            else _("Statement S{id} (its author did not agree to be quoted)", id=item["id"]))


def issued_words(signed_off_by: str) -> str:
    """Who issued a brief version, in words: a person's sign-off, or the automatic re-issue
    after a withdrawal, which nobody signed off and which must not be credited to anyone."""
    if signed_off_by == SYSTEM_WITHDRAWAL.audit_name:
        return _("re-issued automatically after a participant withdrew (not signed off by "
                 "anyone)")
    return _("signed off by {name}", name=signed_off_by)


def _when(stamp: str | None) -> str:
    """A stored ISO time as staff read it: '2 December 2026, 18:00' (UK time)."""
    return uk_datetime(datetime.fromisoformat(stamp), lang=_LANGUAGE.get()) if stamp else "?"


def build(data: dict, lang: str = i18n.ENGLISH) -> list[Block]:
    """The brief's blocks, its own words in ``lang`` (English or Welsh)."""
    token = _LANGUAGE.set(i18n.language(lang))
    try:
        return _blocks(data)
    finally:
        _LANGUAGE.reset(token)


def brief_summary(data: dict, lang: str) -> tuple[dict, str]:
    """The brief's summary for a reader of ``lang``, and the language it is in: a brief made
    before summaries were written in Welsh too has only the English one."""
    lang = i18n.language(lang)
    if lang != i18n.ENGLISH and data.get(f"summary_{lang}"):
        return data[f"summary_{lang}"], lang
    return data["summary"], i18n.ENGLISH


def _written() -> str:
    """The language of content written in English (the proposal, quotes) when the brief is
    drawn in another: marked so."""
    return "" if _LANGUAGE.get() == i18n.ENGLISH else i18n.ENGLISH


def _blocks(data: dict) -> list[Block]:
    d, brief, opinion = data["dialogue"], data.get("brief", {}), data["opinion"]
    minimum = data["min_reporting_size"]
    issued = issued_words(brief.get("signed_off_by", "?"))
    language = _LANGUAGE.get()
    summary, summary_lang = brief_summary(data, language)
    blocks = [
        Block("title", _("Governance brief: {title}", title=d["title"])),
        Block("note", _("Version {version}, {status}. {issued} on {when}.",
                        version=brief.get("version", "?"),
                        status=_(brief.get("status", "current")),
                        issued=issued[:1].upper() + issued[1:],
                        when=_when(brief.get("signed_off_at")))),
    ]
    if brief.get("superseded_reason"):
        blocks.append(Block("note", _("Superseded: {reason}.",
                                      reason=brief["superseded_reason"])))
    if data.get("synthetic_notice"):  # made from synthetic participants: said first
        blocks.append(Block("text", _(data["synthetic_notice"])))
    blocks += [
        Block("heading", _("The proposal")),
        Block("text", d["proposed_use"], lang=_written()),
        Block("text", _("Question put to participants: {question}", question=d["question"])),
        Block("heading", _("Summary")),
        *[Block("text", s["text"], lang=summary_lang if summary_lang != language else "")
          for s in summary["sentences"]],
        Block("note", _("Every sentence cites what it rests on: [S12] is statement 12, [R5] "
                        "is reflection 5, [Positions] the positions given before and after.")),
        Block("heading", _("Who took part")),
        Block("text", _("Participants: {total}. People who voted: {voted}; placed in opinion "
                        "groups: {clustered}.", total=_count(data["participation"]["total"]),
                        voted=_count(opinion["n_participants"]),
                        clustered=_count(opinion["n_clustered"]))),
        Block("note", _("Counts of fewer than {minimum} people, and counts that would give "
                        "one away by subtraction from another, are not shown.",
                        minimum=minimum)),
        Block("table", rows=((_("Session"), _("Participants")),) + tuple(
            (_session(data, name), _count(n))
            for name, n in data["participation"]["by_session"].items())),
    ]
    chart = charts.participation_bar(
        {_session(data, k): v for k, v in data["participation"]["by_session"].items()},
        _LANGUAGE.get())
    if chart:
        blocks.append(Block("image", image=chart, name="participation.png",
                            text=_("Participation by session"),
                            alt=_("Bar chart of participants per session.") + " " + _listed(
                                (_session(data, k), v)
                                for k, v in data["participation"]["by_session"].items()
                                if v) + "."))
    blocks += _opinion_blocks(opinion, minimum)
    blocks += _theme_blocks(data["themes"])
    blocks += _shift_blocks(data["shift"], data)
    blocks += _method_blocks(data)
    return blocks


def _opinion_blocks(opinion: dict, minimum: int) -> list[Block]:
    stability = opinion["stability"]
    blocks = [Block("heading", _("Opinion groups"))]
    chart = charts.opinion_map(opinion["groups"], _LANGUAGE.get())
    if chart:
        blocks.append(Block("image", image=chart, name="opinion-map.png", text=_("Opinion map"),
                            alt=_("Opinion map: each group drawn as a bubble sized by its "
                                  "members and placed by how they voted.") + " " + _listed(
                                    (_("Group {letter}", letter=g["letter"]),
                                     _("{number} people", number=g["size"]))
                                    for g in opinion["groups"]) + "."))
    mean_ari = stability.get("mean_ari")
    blocks.append(Block("text", _(
        "{groups} opinion group(s) of at least {minimum} people. Stability (agreement of the "
        "groups with those found on resamples, 1 = identical): {stability}.",
        groups=len(opinion["groups"]), minimum=minimum, stability=format(mean_ari or 0, ".2f"))
        if mean_ari is not None else _("Stability could not be measured.")))
    if stability.get("weak"):
        blocks.append(Block("note", _("Warning: the groups are weak; resamples of the "
                                      "participants give noticeably different groups.")))
    small = opinion["small_groups_people"]
    if small != 0:
        blocks.append(Block("note", _(
            "Some people in groups smaller than {minimum} are not described separately.",
            minimum=minimum) if small is None else _(
            "{number} people in groups smaller than {minimum} are not described separately.",
            number=small, minimum=minimum)))
    for group in opinion["groups"]:
        blocks.append(Block("subheading", _("Group {letter}", letter=group["letter"])
                            + _people(group["size"])))
        items = [
            (_("Agreed more than others: {statement}: {shares}", statement=_statement(r),
               shares=_shares(r)) if r["direction"] == "agree" else
             _("Disagreed more than others: {statement}: {shares}", statement=_statement(r),
               shares=_shares(r)))
            for r in group["representative"]
        ]
        blocks.append(Block("bullets", items=tuple(items) or (_("No statement sets this "
                                                                "group clearly apart."),)))
    blocks.append(Block("heading", _("Where people agree across the groups")))
    consensus = [
        f"{_statement(c)}: {_shares(c)}"
        + ("" if c["n_seen"] is None else " " + _("({number} voted)", number=c["n_seen"]))
        for c in opinion["consensus"]
    ]
    blocks.append(Block("bullets", items=tuple(consensus) or (_("No statement reached "
                                                                "consensus across the "
                                                                "groups."),)))
    blocks.append(Block("heading", _("Where the groups differ")))
    if not opinion["divisive"]:
        blocks.append(Block("text", _("No statement divides the groups clearly.")))
    for i, item in enumerate(opinion["divisive"]):
        blocks.append(Block("text", _statement(item)))
        blocks.append(Block("image", image=charts.group_agreement(item["text"] or "",
                                                                  item["agree_by_group"],
                                                                  _LANGUAGE.get()),
                            name=f"divisive-{i + 1}.png", text=_("Agreement by group"),
                            alt=_("Bar chart of the share of each group who agreed.") + " "
                            + _listed((_("Group {letter}", letter=letter), f"{pct:.0f}%")
                                      for letter, pct in item["agree_by_group"]) + "."))
    return blocks


def _theme_blocks(themes: dict) -> list[Block]:
    blocks = [Block("heading", _("Themes in participants' own words"))]
    if not themes["themes"]:
        blocks.append(Block("text", _("Too few statements and reflections to describe themes "
                                      "without risking identifying people.")))
        return blocks
    chart = charts.themes_bar(themes["themes"], _LANGUAGE.get())
    if chart:
        blocks.append(Block("image", image=chart, name="themes.png", text=_("Themes"),
                            alt=_("Bar chart of the number of texts in each theme.") + " "
                            + _listed((t["label"], t["n"]) for t in themes["themes"]) + "."))
    by_group = themes.get("by_group") or {}
    groups = sorted({g for cells in by_group.values() for g in cells})
    if by_group and groups:
        blocks.append(Block("text", _("Texts per theme and opinion group:")))
        blocks.append(Block("table", rows=((_("Theme"), *[_group_label(g) for g in groups]),)
                            + tuple(
            (label, *[_count(cells.get(g, 0)) for g in groups])
            for label, cells in by_group.items())))
    for theme in themes["themes"]:
        mean = theme["sentiment"].get("mean_compound")
        tone = "" if mean is None else _("tone {tone} on a scale from -1 to +1",
                                         tone=format(mean, "+.2f"))
        count = "" if theme["n"] is None else _("{number} texts", number=theme["n"])
        about = "; ".join(part for part in (count, tone) if part)
        blocks.append(Block("subheading", theme["label"] + (f" ({about})" if about else "")))
        blocks.append(Block("text", _("Key words: {words}",
                                      words=", ".join(theme["keywords"]))))
        for quote in theme["quotes"]:
            blocks.append(Block("quote", f"{quote['text']} [{quote['id']}]", lang=_written()))
    return blocks


def _shift_blocks(shift: dict, data: dict) -> list[Block]:
    blocks = [Block("heading", _("How views moved"))]
    overall = shift.get("overall")
    if not overall:
        blocks.append(Block("text", _("Too few people gave their view both before and after "
                                      "to report a change.")))
        return blocks
    blocks.append(Block("image", image=charts.shift_chart(shift["before_counts"],
                                                          shift["after_counts"],
                                                          _LANGUAGE.get()),
                        name="shift.png", text=_("Before and after"),
                        alt=_("Bar chart of support for the proposal before and after: people "
                              "at each point of the scale, not shown where too few to "
                              "report.") + " " + _shift_alt(shift)))
    rows = [(_("Who"), _("People"), _("Mean change"), _("95% interval"), _("Wilcoxon p"))]
    for label, item in [(_("Everyone"), overall)] + [
        (_("Group {letter}", letter=k), v) for k, v in sorted(shift["by_group"].items())
    ] + [(_("Session: {name}", name=_session(data, k)), v)
         for k, v in sorted(shift["by_session"].items())]:
        rows.append((label, _count(item["n"]), f"{item['mean_change']:+.2f}",
                     _("{low} to {high}", low=format(item["ci_low"], "+.2f"),
                       high=format(item["ci_high"], "+.2f")),
                     p_value(item["p_value"])))
    blocks.append(Block("table", rows=tuple(rows)))
    return blocks


def _shift_alt(shift: dict) -> str:
    points = (_("strongly oppose"), _("oppose"), _("unsure"), _("support"),
              _("strongly support"))
    parts = []
    for label, counts in ((_("Before"), shift["before_counts"]),
                          (_("After"), shift["after_counts"])):
        values = [counts.get(str(x), counts.get(x)) for x in range(1, 6)]
        parts.append(f"{label}: " + ", ".join(
            f"{name} {_count(v)}" for name, v in zip(points, values, strict=True)) + ".")
    return " ".join(parts)


def _method_blocks(data: dict) -> list[Block]:
    snapshot = data["snapshot"]
    params = ", ".join(f"{k}={v}" for k, v in sorted(snapshot["params"].items()))
    blocks = [
        Block("heading", _("Method")),
        Block("text", _(
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
        Block("text", _(
            "Privacy: no figure describes fewer than {minimum} people; participants' words are "
            "quoted only with their consent and after personal data has been removed.",
            minimum=data["min_reporting_size"])),
        Block("text", _("Parameters: {params}.", params=params)),
        Block("text", _("Analysis snapshot {id} made {when} by code version {version}; "
                        "vote fingerprint {fingerprint}.", id=snapshot["id"],
                        when=_when(snapshot["created_at"]), version=snapshot["code_version"],
                        fingerprint=snapshot["fingerprint"])),
    ]
    if data.get("attribution"):
        blocks.append(Block("note", data["attribution"]))
    return blocks
