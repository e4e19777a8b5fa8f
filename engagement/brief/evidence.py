"""Gather what a brief shows from a frozen analysis snapshot, with consent and the
small-cell rule applied: statements, groups, consensus, divisions, themes, shift."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlmodel import Session, col, select

from engagement import i18n
from engagement.analysis.shift import paired_shift, shift_by
from engagement.analysis.themes import find_themes
from engagement.brief.summary import (
    DivisionEvidence,
    Evidence,
    GroupEvidence,
    ShiftEvidence,
    StatementEvidence,
    ThemeEvidence,
    check,
    summarise,
)
from engagement.disclosure import Release, agree_share, lettered_groups, vote_shares
from engagement.disclosure.opinion import group_counts
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
)
from engagement.privacy.redaction import redact
from engagement.services._lookup import quote_consent, reflection_quotable
from engagement.services.opinion import snapshot_result
from engagement.services.synthetic import synthetic_notice

POLIS_ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed "
    "under CC BY 4.0 with Attribution to The Computational Democracy Project."
)


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


def _statement(item: dict, texts: StatementTexts, release: Release) -> dict:
    agree, disagree = vote_shares(item["n_agree"], item["n_disagree"], item["n_seen"],
                                  minimum=release.minimum)
    return {
        "id": item["statement_key"],
        "text": texts.text.get(item["statement_key"]),
        "direction": item.get("direction"),
        "pct_agree": agree,
        "pct_disagree": disagree,
        "n_seen": release.count(item.get("n_seen")),
    }


def _opinion_section(session: Session, snapshot: AnalysisSnapshot, release: Release) -> dict:
    minimum = release.minimum
    result = snapshot_result(snapshot)
    texts = StatementTexts(session, snapshot.dialogue_id)
    letters = lettered_groups(result["groups"], minimum)
    shown = [g for g in result["groups"] if g["id"] in letters]
    counts = group_counts(result, letters, release)
    accepted = {i for i, s in texts.status.items() if s == ModerationStatus.ACCEPTED}
    groups = [
        {
            "letter": letters[g["id"]],
            "id": g["id"],
            "size": counts.sizes[g["id"]],
            "center": g["center"],
            "representative": [
                _statement(r, texts, release) for r in g["representative"]
                if r["statement_key"] in accepted and r["n_seen"] >= minimum
            ],
        }
        for g in shown
    ]
    divisive = []
    for d in result["divisive"]:
        if d["statement_key"] not in accepted:
            continue
        shares = [(letters[g["id"]], agree_share(f, n, minimum=minimum))
                  for g, f, n in zip(result["groups"], d["group_agree_fractions"],
                                     d["group_seen"], strict=True) if g["id"] in letters]
        by_group = [(group, pct) for group, pct in shares if pct is not None]
        if len(by_group) >= 2:
            divisive.append({"id": d["statement_key"], "text": texts.text.get(d["statement_key"]),
                             "agree_by_group": by_group})
    return {
        "k": result["k"],
        "n_participants": counts.voters,
        "n_clustered": counts.grouped,
        "grouping_base": result["n_clustered"],
        "true_sizes": {letters[g["id"]]: g["size"] for g in shown},
        "stability": result["stability"],
        "groups": groups,
        "small_groups_people": counts.small_groups_people,
        "consensus": [
            _statement(c, texts, release) for c in result["consensus"]
            if c["statement_key"] in accepted and c["n_seen"] >= minimum
        ],
        "divisive": divisive,
        "labels": {p["key"]: letters.get(p["group"]) for p in result.get("participants", [])},
        "params": result["params"],
        "citable": sorted(texts.citable()),
    }


def _themes_section(session: Session, dialogue_id: int, labels: dict, release: Release,
                    previous: Mapping[str, list[str]] | None = None) -> dict:
    """Themes in participants' own words (accepted statements and reflections); started from
    the ``previous`` version's themes (name -> member ids) when there is one, so that a
    re-issue without a few texts keeps its themes (engagement/analysis/themes.py)."""
    minimum = release.minimum
    statements = session.exec(
        select(Statement).where(
            Statement.dialogue_id == dialogue_id,
            Statement.origin == StatementOrigin.PARTICIPANT,
            Statement.status == ModerationStatus.ACCEPTED,
        ).order_by(Statement.id)  # an order PostgreSQL keeps: ties among themes' texts
    ).all()
    reflections = session.exec(
        select(Reflection).where(Reflection.dialogue_id == dialogue_id).order_by(Reflection.id)
    ).all()
    held_back = {f"R{r.id}" for r in reflections if not reflection_quotable(r)}
    items = [(f"S{s.id}", s.author_participant_id, s.text) for s in statements]
    # redacted like accepted statements, whose stored words already are
    items += [(f"R{r.id}", r.participant_id, redact(r.text).text) for r in reflections]
    if len(items) < minimum:
        return {"themes": [], "n_texts": release.count(len(items)), "table": None}
    quotable = quote_consent(session, {pid for _, pid, _ in items})
    groups = [labels.get(pid) or "Not grouped" for _, pid, _ in items]
    analysis = find_themes([t for _, _, t in items], ids=[i for i, _, _ in items], groups=groups,
                           previous=previous)
    themes = []
    for theme in sorted(analysis.themes, key=lambda t: -len(t.member_indices)):
        authors = {items[i][1] for i in theme.member_indices}
        if len(authors) < minimum:
            continue  # too few people to describe without risking identification
        may_quote = [i for i in theme.ranked_indices
                     if quotable.get(items[i][1], False) and items[i][0] not in held_back]
        # the quotable ones among the most typical texts; failing those, the most typical
        # quotable text further down, so a theme is not left without words when one exists
        typical = set(theme.representative_indices)
        chosen = [i for i in may_quote if i in typical] or may_quote[:1]
        quotes: dict[str, dict] = {}
        for i in chosen:
            text = redact(items[i][2]).text
            if text not in quotes:
                quotes[text] = {"id": items[i][0], "text": text}
        themes.append({
            "label": theme.label,
            "keywords": list(theme.keywords[:6]),
            "n": len(theme.member_indices),
            # Only the tone: the sentiment's own count and shares would be counts of texts.
            "sentiment": {"mean_compound": theme.sentiment.mean_compound},
            "quotes": list(quotes.values())[:3],
            "cites": [items[i][0] for i in theme.representative_indices][:3],
            # which texts it holds (ids, never words): matched with the next version's themes
            "members": [items[i][0] for i in theme.member_indices],
        })
    n_texts = release.count(len(items))
    for theme in themes:
        theme["n"] = release.count(theme["n"])
    by_group = _theme_by_group(analysis.theme_group_table, themes, release)
    return {"themes": themes, "n_texts": n_texts, "by_group": by_group}


def _theme_by_group(table, themes: list[dict], release: Release) -> dict:
    """How many texts of each reported theme came from each opinion group (its total is the
    theme's count), small cells suppressed (with a second cell where needed)."""
    if table is None:
        return {}
    shown = {t["label"] for t in themes}
    return {
        label: release.cells(dict(zip(table.groups, row, strict=True)))
        for label, row in zip(table.theme_labels, table.counts, strict=True)
        if label in shown
    }


def gather_shift(*, session: Session, dialogue_id: int, labels: dict, release: Release) -> dict:
    """Positions before and after, overall and per group and session. A group's or a
    session's row is shown whole or not at all: its figures beside everyone's would give the
    rest away."""
    minimum = release.minimum
    rows = session.exec(
        select(Position.participant_id, Position.stage, Position.support).where(
            Position.dialogue_id == dialogue_id
        )
    ).all()
    before = {p: s for p, stage, s in rows if stage == PositionStage.PRE}
    after = {p: s for p, stage, s in rows if stage == PositionStage.POST}
    paired = sorted(set(before) & set(after))
    if len(paired) < minimum:
        return {"overall": None, "by_group": {}, "by_session": {},
                "n_pairs": release.count(len(paired))}
    b = [before[p] for p in paired]
    a = [after[p] for p in paired]
    sessions = dict(session.exec(
        select(Participant.id, DialogueSession.name)
        .join(DialogueSession, DialogueSession.id == Participant.session_id)
        .where(col(Participant.id).in_(paired))
    ).all())

    def reportable(by: dict) -> dict:
        return {str(k): _shift_figures(v, release) for k, v in by.items()
                if k is not None and v.n >= minimum and release.admits(v.n)}

    n_pairs = release.count(len(paired))
    overall = _shift_figures(paired_shift(b, a), release)
    return {
        "overall": overall,
        "before_counts": dict(enumerate(overall["before_counts"], 1)),
        "after_counts": dict(enumerate(overall["after_counts"], 1)),
        "by_group": reportable(shift_by(b, a, [labels.get(p) for p in paired])),
        "by_session": reportable(shift_by(b, a, [sessions.get(p) for p in paired])),
        "n_pairs": n_pairs,
    }


def _shift_figures(shift, release: Release) -> dict:
    """A shift as an output may show it: how many moved which way, and the distributions,
    with small cells suppressed."""
    figures = shift.to_dict()
    figures["n"] = release.count(shift.n)
    figures.update(release.cells({"moved_up": shift.moved_up, "moved_down": shift.moved_down,
                                  "unchanged": shift.unchanged}))
    for key in ("before_counts", "after_counts"):
        cells = release.cells(dict(enumerate(figures[key], 1)))
        figures[key] = [cells[i] for i in range(1, 6)]
    return figures


def _participation_section(session: Session, dialogue_id: int, release: Release) -> dict:
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
    total = release.count(sum(active.values()))
    return {"total": total, "by_session": release.cells(dict(active))}


def _sessions_section(session: Session, dialogue_id: int) -> list[dict]:
    """The dialogue's sessions as scheduled (names and days only: no one is counted here)."""
    rows = session.exec(
        select(DialogueSession).where(DialogueSession.dialogue_id == dialogue_id)
        .order_by(col(DialogueSession.starts_at), col(DialogueSession.id))
    ).all()
    return [{"name": s.name, "name_cy": s.name_cy, "mode": s.mode,
             "starts_on": s.starts_at.date().isoformat() if s.starts_at else None}
            for s in rows]


def _evidence_for_summary(opinion: dict, themes: dict, shift: dict, minimum: int) -> Evidence:
    """What the summary may say: only the figures the brief shows (the true group sizes
    decide only which groups it must describe)."""
    def ev(item: dict) -> StatementEvidence:
        return StatementEvidence(item["id"], item["text"], item["pct_agree"],
                                 item["pct_disagree"], item["n_seen"])

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
            agrees = tuple(StatementEvidence(d["id"], d["text"], pct, 0.0, None)
                           for pct, d in own[:2])
        return GroupEvidence(g["letter"], opinion["true_sizes"][g["letter"]], agrees=agrees,
                             disagrees=disagrees, size_hidden=g["size"] is None)

    return Evidence(
        n_clustered=opinion["grouping_base"],
        show_shares=opinion["n_clustered"] is not None,
        groups=tuple(group(g) for g in opinion["groups"]),
        consensus_agree=tuple(ev(c) for c in opinion["consensus"] if c["direction"] == "agree"),
        consensus_disagree=tuple(
            ev(c) for c in opinion["consensus"] if c["direction"] == "disagree"
        ),
        divisions=tuple(
            DivisionEvidence(StatementEvidence(d["id"], d["text"], 0, 0, None),
                             tuple((lt, pct) for lt, pct in d["agree_by_group"]))
            for d in opinion["divisive"]
        ),
        themes=tuple(ThemeEvidence(t["label"], t["n"], tuple(t["cites"]))
                     for t in themes["themes"]),
        shift=ShiftEvidence(overall["n"], overall["mean_change"], overall["ci_low"],
                            overall["ci_high"], overall["p_value"]) if overall else None,
        min_reporting_size=minimum,
    )


def gather(*, session: Session, dialogue: Dialogue, snapshot: AnalysisSnapshot,
           previous_themes: Mapping[str, list[str]] | None = None) -> dict:
    """Everything the brief shows, from one frozen snapshot. The brief is one output: every
    count of people in it passes through one Release, in order of importance.
    ``previous_themes``: the themes of the version this one follows (name -> member ids),
    to start the themes from; ``None`` for a first version."""
    release = Release(dialogue.min_reporting_size)
    minimum = release.minimum
    participation = _participation_section(session, dialogue.id, release)
    opinion = _opinion_section(session, snapshot, release)
    themes = _themes_section(session, dialogue.id, opinion["labels"], release, previous_themes)
    shift = gather_shift(session=session, dialogue_id=dialogue.id,
                         labels=opinion["labels"], release=release)
    evidence = _evidence_for_summary(opinion, themes, shift, minimum)
    summary = summarise(evidence)
    citable = set(opinion["citable"]) | {
        c for t in themes["themes"] for c in t["cites"]
    } | {"Positions"}
    check(summary, evidence, citable=citable)
    # The same summary in Welsh (the catalogue's sentences, the same citations and figures),
    # so that a Welsh brief and public page need no English sentence.
    summary_cy = summarise(evidence, i18n.WELSH)
    check(summary_cy, evidence, citable=citable)
    for private in ("labels", "grouping_base", "true_sizes"):
        opinion.pop(private)  # only the summary's check needed them; the brief may not show them
    return {
        "dialogue": {
            "slug": dialogue.slug, "title": dialogue.title, "title_cy": dialogue.title_cy,
            "question": dialogue.question,
            "proposed_use": dialogue.proposed_use, "source": dialogue.source,
        },
        "min_reporting_size": minimum,
        "snapshot": {"id": snapshot.id, "fingerprint": snapshot.fingerprint,
                     "code_version": snapshot.code_version,
                     "params": snapshot_result(snapshot)["params"],
                     "created_at": snapshot.created_at.isoformat()},
        "participation": participation,
        "sessions": _sessions_section(session, dialogue.id),
        "opinion": opinion,
        "themes": themes,
        "shift": shift,
        "summary": summary.to_dict(),
        "summary_cy": summary_cy.to_dict(),
        "attribution": POLIS_ATTRIBUTION if dialogue.source == "polis" else None,
        "synthetic_notice": synthetic_notice(session, dialogue.id),
    }
