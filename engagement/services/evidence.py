"""Gather what a brief shows from a frozen analysis snapshot, with consent and the
small-cell rule applied: statements, groups, consensus, divisions, themes, shift."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, col, select

from engagement.analysis.shift import paired_shift, shift_by
from engagement.analysis.summary import (
    DivisionEvidence,
    Evidence,
    GroupEvidence,
    ShiftEvidence,
    StatementEvidence,
    ThemeEvidence,
    check,
    summarise,
)
from engagement.analysis.themes import find_themes
from engagement.models import (
    AnalysisSnapshot,
    Dialogue,
    DialogueSession,
    ModerationStatus,
    Participant,
    Position,
    PositionStage,
    Reflection,
    Statement,
    StatementOrigin,
    User,
)
from engagement.privacy.redaction import redact
from engagement.privacy.suppression import effective_minimum, suppress_cells
from engagement.services._lookup import acting, quote_consent, reflection_quotable
from engagement.services.opinion import snapshot_result

POLIS_ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed "
    "under CC BY 4.0 with Attribution to The Computational Democracy Project."
)


def letter(index: int) -> str:
    return chr(ord("A") + index)


class StatementTexts:
    """Statement texts as the report may show them: a participant's words only with their
    consent to be quoted, and always redacted of personal data."""

    def __init__(self, session: Session, dialogue_id: int):
        rows = session.exec(select(Statement).where(Statement.dialogue_id == dialogue_id)).all()
        authors = {s.author_participant_id for s in rows if s.author_participant_id}
        quotable = quote_consent(session, authors)
        self.status = {s.id: s.status for s in rows}
        self.text: dict[int, str | None] = {}
        for s in rows:
            if s.origin == StatementOrigin.PARTICIPANT and not quotable.get(
                s.author_participant_id, False
            ):
                self.text[s.id] = None
            elif s.origin != StatementOrigin.SEED:  # participants' words, here or imported
                self.text[s.id] = redact(s.text).text
            else:
                self.text[s.id] = s.text

    def citable(self) -> set[str]:
        return {f"S{i}" for i, status in self.status.items() if status == ModerationStatus.ACCEPTED}


def _statement(item: dict, texts: StatementTexts) -> dict:
    return {
        "id": item["statement_key"],
        "text": texts.text.get(item["statement_key"]),
        "direction": item.get("direction"),
        "pct_agree": item.get("pct_agree"),
        "pct_disagree": item.get("pct_disagree"),
        "n_seen": item.get("n_seen"),
    }


def opinion_section(session: Session, snapshot: AnalysisSnapshot, minimum: int) -> dict:
    result = snapshot_result(snapshot)
    texts = StatementTexts(session, snapshot.dialogue_id)
    shown = [g for g in result["groups"] if g["size"] >= minimum]
    hidden = sum(g["size"] for g in result["groups"] if g["size"] < minimum)
    letters = {g["id"]: letter(i) for i, g in enumerate(shown)}
    accepted = {i for i, s in texts.status.items() if s == ModerationStatus.ACCEPTED}
    groups = [
        {
            "letter": letters[g["id"]],
            "id": g["id"],
            "size": g["size"],
            "center": g["center"],
            "representative": [
                _statement(r, texts) for r in g["representative"]
                if r["statement_key"] in accepted and r["n_seen"] >= minimum
            ],
        }
        for g in shown
    ]
    divisive = []
    for d in result["divisive"]:
        if d["statement_key"] not in accepted:
            continue
        by_group = [
            (letters[g], 100 * f)
            for g, (f, n) in enumerate(zip(d["group_agree_fractions"], d["group_seen"],
                                           strict=True))
            if g in letters and f is not None and n >= minimum
        ]
        if len(by_group) >= 2:
            divisive.append({"id": d["statement_key"], "text": texts.text.get(d["statement_key"]),
                             "agree_by_group": by_group})
    return {
        "k": result["k"],
        "n_participants": result["n_participants"],
        # A lone suppressed cell (people in small groups) would show as the total minus the
        # groups shown, so then the total is suppressed too.
        "n_clustered": None if 0 < hidden < minimum else result["n_clustered"],
        "grouping_base": result["n_clustered"],
        "stability": result["stability"],
        "groups": groups,
        "small_groups_people": None if 0 < hidden < minimum else hidden,
        "consensus": [
            _statement(c, texts) for c in result["consensus"]
            if c["statement_key"] in accepted and c["n_seen"] >= minimum
        ],
        "divisive": divisive,
        "labels": {p["key"]: letters.get(p["group"]) for p in result.get("participants", [])},
        "params": result["params"],
        "citable": sorted(texts.citable()),
    }


def themes_section(session: Session, dialogue_id: int, labels: dict, minimum: int) -> dict:
    """Themes in participants' own words (accepted statements and reflections)."""
    statements = session.exec(
        select(Statement).where(
            Statement.dialogue_id == dialogue_id,
            Statement.origin == StatementOrigin.PARTICIPANT,
            Statement.status == ModerationStatus.ACCEPTED,
        )
    ).all()
    reflections = session.exec(
        select(Reflection).where(Reflection.dialogue_id == dialogue_id).order_by(Reflection.id)
    ).all()
    held_back = {f"R{r.id}" for r in reflections if not reflection_quotable(r)}
    items = [(f"S{s.id}", s.author_participant_id, s.text) for s in statements]
    # redacted like accepted statements, whose stored words already are
    items += [(f"R{r.id}", r.participant_id, redact(r.text).text) for r in reflections]
    if len(items) < minimum:
        return {"themes": [], "n_texts": len(items), "table": None}
    quotable = quote_consent(session, {pid for _, pid, _ in items})
    groups = [labels.get(pid) or "Not grouped" for _, pid, _ in items]
    analysis = find_themes([t for _, _, t in items], ids=[i for i, _, _ in items], groups=groups)
    themes = []
    for theme in analysis.themes:
        authors = {items[i][1] for i in theme.member_indices}
        if len(authors) < minimum:
            continue  # too few people to describe without risking identification
        quotes: dict[str, dict] = {}
        for i in theme.representative_indices:
            text = redact(items[i][2]).text
            if quotable.get(items[i][1], False) and items[i][0] not in held_back \
                    and text not in quotes:
                quotes[text] = {"id": items[i][0], "text": text}
        themes.append({
            "label": theme.label,
            "keywords": list(theme.keywords[:6]),
            "n": len(theme.member_indices),
            "sentiment": theme.sentiment.to_dict(),
            "quotes": list(quotes.values())[:3],
            "cites": [items[i][0] for i in theme.representative_indices][:3],
        })
    themes.sort(key=lambda t: -t["n"])
    return {"themes": themes, "n_texts": len(items),
            "by_group": _theme_by_group(analysis.theme_group_table, themes, minimum)}


def _theme_by_group(table, themes: list[dict], minimum: int) -> dict:
    """How many texts of each reported theme came from each opinion group, small cells
    suppressed (with a second cell where the theme's total would reveal one)."""
    if table is None:
        return {}
    shown = {t["label"] for t in themes}
    return {
        label: suppress_cells(dict(zip(table.groups, row, strict=True)), minimum=minimum)
        for label, row in zip(table.theme_labels, table.counts, strict=True)
        if label in shown
    }


def shift_section(session: Session, dialogue_id: int, labels: dict, minimum: int) -> dict:
    rows = session.exec(
        select(Position.participant_id, Position.stage, Position.support).where(
            Position.dialogue_id == dialogue_id
        )
    ).all()
    before = {p: s for p, stage, s in rows if stage == PositionStage.PRE}
    after = {p: s for p, stage, s in rows if stage == PositionStage.POST}
    paired = sorted(set(before) & set(after))
    if len(paired) < minimum:
        return {"overall": None, "by_group": {}, "by_session": {}, "n_pairs": len(paired)}
    b = [before[p] for p in paired]
    a = [after[p] for p in paired]
    sessions = dict(session.exec(
        select(Participant.id, DialogueSession.name)
        .join(DialogueSession, DialogueSession.id == Participant.session_id)
        .where(col(Participant.id).in_(paired))
    ).all())

    def reportable(by: dict) -> dict:
        return {str(k): _shift_figures(v, minimum) for k, v in by.items()
                if k is not None and v.n >= minimum}

    overall = paired_shift(b, a)
    return {
        "overall": _shift_figures(overall, minimum),
        "before_counts": suppress_cells(dict(enumerate(overall.before_counts, 1)),
                                        minimum=minimum),
        "after_counts": suppress_cells(dict(enumerate(overall.after_counts, 1)), minimum=minimum),
        "by_group": reportable(shift_by(b, a, [labels.get(p) for p in paired])),
        "by_session": reportable(shift_by(b, a, [sessions.get(p) for p in paired])),
        "n_pairs": len(paired),
    }


def board_shift(*, session: Session, dialogue_id: int, labels: dict, minimum: int,
                by: User) -> dict:
    """How views moved, for the board's dashboard."""
    acting(session, by, "view_board")
    return shift_section(session, dialogue_id, labels, minimum)


def _shift_figures(shift, minimum: int) -> dict:
    """A shift as the brief may show it: how many moved which way, and the distributions,
    with small cells suppressed."""
    figures = shift.to_dict()
    figures.update(suppress_cells({"moved_up": shift.moved_up, "moved_down": shift.moved_down,
                                   "unchanged": shift.unchanged}, minimum=minimum))
    for key in ("before_counts", "after_counts"):
        cells = suppress_cells(dict(enumerate(figures[key], 1)), minimum=minimum)
        figures[key] = [cells[i] for i in range(1, 6)]
    return figures


def participation_section(session: Session, dialogue_id: int, minimum: int) -> dict:
    rows = session.exec(
        select(Participant.session_id, Participant.withdrawn_at).where(
            Participant.dialogue_id == dialogue_id
        )
    ).all()
    names = dict(session.exec(
        select(DialogueSession.id, DialogueSession.name).where(
            DialogueSession.dialogue_id == dialogue_id
        )
    ).all())
    active = Counter(names.get(sid, "No session chosen") for sid, gone in rows if gone is None)
    cells = suppress_cells(dict(active), minimum=minimum)
    total = sum(active.values())
    return {"total": total if total >= minimum else None, "by_session": cells}


def evidence_for_summary(opinion: dict, themes: dict, shift: dict, minimum: int) -> Evidence:
    def ev(item: dict) -> StatementEvidence:
        return StatementEvidence(item["id"], item["text"], item["pct_agree"] or 0,
                                 item["pct_disagree"] or 0, item["n_seen"] or 0)

    overall = shift.get("overall")

    def group(g: dict) -> GroupEvidence:
        agrees = tuple(ev(r) for r in g["representative"] if r["direction"] == "agree")
        disagrees = tuple(ev(r) for r in g["representative"] if r["direction"] == "disagree")
        if not agrees and not disagrees:
            # Nothing reportable sets the group apart: describe it by where the groups
            # differ most, which is where its own agreement is known.
            own = sorted(((pct, d) for d in opinion["divisive"]
                          for letter_, pct in d["agree_by_group"] if letter_ == g["letter"]),
                         key=lambda t: -t[0])
            agrees = tuple(StatementEvidence(d["id"], d["text"], pct, 0.0, 0)
                           for pct, d in own[:2])
        return GroupEvidence(g["letter"], g["size"], agrees=agrees, disagrees=disagrees)

    return Evidence(
        n_clustered=opinion["grouping_base"],
        show_shares=opinion["n_clustered"] is not None,
        groups=tuple(group(g) for g in opinion["groups"]),
        consensus_agree=tuple(ev(c) for c in opinion["consensus"] if c["direction"] == "agree"),
        consensus_disagree=tuple(
            ev(c) for c in opinion["consensus"] if c["direction"] == "disagree"
        ),
        divisions=tuple(
            DivisionEvidence(StatementEvidence(d["id"], d["text"], 0, 0, 0),
                             tuple((lt, pct) for lt, pct in d["agree_by_group"]))
            for d in opinion["divisive"]
        ),
        themes=tuple(ThemeEvidence(t["label"], t["n"], tuple(t["cites"]))
                     for t in themes["themes"]),
        shift=ShiftEvidence(overall["n"], overall["mean_change"], overall["ci_low"],
                            overall["ci_high"], overall["p_value"]) if overall else None,
        min_reporting_size=minimum,
    )


def gather(session: Session, dialogue: Dialogue, snapshot: AnalysisSnapshot) -> dict:
    """Everything the brief shows, from one frozen snapshot."""
    minimum = effective_minimum(dialogue.min_reporting_size)
    opinion = opinion_section(session, snapshot, minimum)
    themes = themes_section(session, dialogue.id, opinion["labels"], minimum)
    shift = shift_section(session, dialogue.id, opinion["labels"], minimum)
    evidence = evidence_for_summary(opinion, themes, shift, minimum)
    summary = summarise(evidence)
    citable = set(opinion["citable"]) | {
        c for t in themes["themes"] for c in t["cites"]
    } | {"Positions"}
    check(summary, evidence, citable=citable)
    opinion.pop("labels")
    opinion.pop("grouping_base")  # only the check needed it; the brief may not show it
    return {
        "dialogue": {
            "slug": dialogue.slug, "title": dialogue.title, "question": dialogue.question,
            "proposed_use": dialogue.proposed_use, "source": dialogue.source,
        },
        "min_reporting_size": minimum,
        "snapshot": {"id": snapshot.id, "fingerprint": snapshot.fingerprint,
                     "code_version": snapshot.code_version,
                     "params": snapshot_result(snapshot)["params"],
                     "created_at": snapshot.created_at.isoformat()},
        "participation": participation_section(session, dialogue.id, minimum),
        "opinion": opinion,
        "themes": themes,
        "shift": shift,
        "summary": summary.to_dict(),
        "attribution": POLIS_ATTRIBUTION if dialogue.source == "polis" else None,
    }
