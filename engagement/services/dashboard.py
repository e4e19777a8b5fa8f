"""The board's dashboard as the page shows it: every figure already through the disclosure
gate (one Release per page), so the page only draws what it is given."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from engagement.brief import evidence
from engagement.disclosure import (
    Release,
    agree_share,
    binned_map,
    lettered_groups,
    reportable_scopes,
    share,
    shares,
    shown,
    vote_shares,
)
from engagement.disclosure.opinion import group_counts, map_cells
from engagement.errors import InvalidInput
from engagement.models import Participant, User, Vote
from engagement.palette import label_colours
from engagement.services import decisions, dialogues, opinion
from engagement.services._lookup import acting, dialogue_by_id
from engagement.services.counts import participation_over_time
from engagement.ukdates import uk_datetime

SCALE = ("Strongly oppose", "Oppose", "Unsure", "Support", "Strongly support")


@dataclass(frozen=True)
class Scope:
    session_id: int | None
    name: str


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class StatementCard:
    statement_id: int
    text: str | None
    note: str


@dataclass(frozen=True)
class GroupCard:
    title: str
    statements: tuple[StatementCard, ...]


@dataclass(frozen=True)
class Division:
    statement_id: int
    text: str | None
    agree_by_group: tuple[tuple[str, float], ...]  # ("Group A", % agreeing)


@dataclass(frozen=True)
class MapCell:
    x: float
    y: float
    group: str
    count: int


@dataclass(frozen=True)
class ShiftRow:
    who: str
    people: str
    mean_change: float
    interval: str


@dataclass(frozen=True)
class ShiftView:
    sentence: str
    bars: tuple[tuple[str, str, int], ...]  # (position, "Before"/"After", people)
    rows: tuple[ShiftRow, ...]


@dataclass(frozen=True)
class Day:
    day: str
    votes: int
    voters: int


@dataclass(frozen=True)
class BoardView:
    minimum: int
    enough: bool  # False: too few voters, nothing else is filled in
    metrics: tuple[Metric, ...] = ()
    weak: bool = False
    map_cells: tuple[MapCell, ...] = ()
    map_caption: str = ""
    groups: tuple[GroupCard, ...] = ()
    agreed: tuple[StatementCard, ...] = ()
    divisions: tuple[Division, ...] = ()
    shift: ShiftView | None = None
    days: tuple[Day, ...] = ()
    footer: str = ""
    group_colours: dict[str, str] | None = None  # "Group A" -> its colour in every chart


def _voters_by_session(session: Session, dialogue_id: int) -> dict[int | None, int]:
    rows = session.exec(
        select(Participant.session_id, func.count(func.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.dialogue_id == dialogue_id)
        .group_by(Participant.session_id)
    ).all()
    return {sid: n for sid, n in rows}


def scopes(*, session: Session, dialogue_id: int, by: User) -> list[Scope]:
    """Everyone, then the sessions whose voters may be looked at on their own (looking at
    everyone and at a session must not give away a small rest)."""
    by = acting(session, by, "view_board")
    voters = _voters_by_session(session, dialogue_id)
    names = {s.id: s.name for s in dialogues.sessions_of(session=session, dialogue_id=dialogue_id)}
    offered = set(reportable_scopes(voters, dialogue_by_id(session, dialogue_id)
                                    .min_reporting_size))
    return [Scope(None, "Everyone in the dialogue")] + [
        Scope(sid, name) for sid, name in names.items() if sid in offered
    ]


def _card(item: dict, release: Release, note) -> StatementCard:
    agree, disagree = vote_shares(item["n_agree"], item["n_disagree"], item["n_seen"],
                                  minimum=release.minimum)
    return StatementCard(item["statement_id"], item["text"],
                         note(_shares(agree, disagree) + _seen(release.count(item["n_seen"]))))


def _shares(agree: float | None, disagree: float | None) -> str:
    """'80% agreed, 15% disagreed', leaving out a share that rests on too few people (the
    disclosure wording's, begun as the card's note begins)."""
    words = shares(agree, disagree)
    return words[:1].upper() + words[1:]


def _seen(n: int | None) -> str:
    return "" if n is None else f" ({n} voted)"


def board_view(
    *, session: Session, dialogue_id: int, session_id: int | None = None, by: User
) -> BoardView:
    """The dashboard for everyone or one offered session."""
    by = acting(session, by, "view_board")
    dialogue = dialogue_by_id(session, dialogue_id)
    if session_id is not None and session_id not in {
        s.session_id for s in scopes(session=session, dialogue_id=dialogue_id, by=by)
    }:
        raise InvalidInput("That session is too small to show on its own.")
    release = Release(dialogue.min_reporting_size)
    minimum = release.minimum
    snapshot = opinion.current_analysis(session=session, dialogue_id=dialogue_id,
                                        session_id=session_id, by=by)
    report = opinion.describe(session=session, snapshot=snapshot, by=by)
    result = opinion.snapshot_result(snapshot)
    if result["n_participants"] < minimum:
        return BoardView(minimum=minimum, enough=False)
    letters = lettered_groups(result["groups"], minimum)
    counts = group_counts(result, letters, release)
    stability = report["stability"]
    metrics = (
        Metric("People who voted", shown(counts.voters)),
        Metric("In the groups", shown(counts.grouped),
               help="People who voted on enough statements to be placed in a group. Not shown "
                    "when it would give away how many are in a group too small to report."),
        Metric("Opinion groups", str(len(letters))),
        Metric("Group stability", f"{stability.get('mean_ari') or 0:.2f}",
               help="How often the same groups appear when we re-run the analysis on random "
                    "samples of the participants (1 = always the same, 0 = no better than "
                    "chance)."),
    )
    days = _days(participation_over_time(session=session, dialogue_id=dialogue_id,
                                         session_id=session_id, by=by), release)
    cells, caption = _map(result, letters, counts.sizes, release)
    groups = tuple(
        GroupCard(
            f"Group {letters[g['id']]}" + ("" if counts.sizes[g["id"]] is None
                                           else f": {counts.sizes[g['id']]} people"),
            tuple(
                _card(r, release, lambda shares, r=r: (
                    f"In this group: {shares}. It marks the group out by how many "
                    f"{'agreed' if r['direction'] == 'agree' else 'disagreed'}."))
                for r in report["representative"].get(str(g["id"]), [])
                if r["n_seen"] >= minimum
            ),
        )
        for g in result["groups"] if g["id"] in letters
    )
    agreed = tuple(
        _card(c, release, lambda shares: f"{shares}; every group leaned towards agreeing.")
        for c in report["consensus"] if c["direction"] == "agree" and c["n_seen"] >= minimum
    )
    divisions = tuple(
        Division(d["statement_id"], d["text"], tuple(
            (f"Group {letters[g['id']]}", pct)
            for g, fraction, seen in zip(result["groups"], d["group_agree_fractions"],
                                         d["group_seen"], strict=True)
            if g["id"] in letters
            and (pct := agree_share(fraction, seen, minimum=minimum)) is not None))
        for d in report["divisive"]
    )
    labels = {p["key"]: letters.get(p["group"]) for p in result.get("participants", [])}
    shift = _shift(evidence.gather_shift(session=session, dialogue_id=dialogue_id, labels=labels,
                                         release=release), minimum)
    return BoardView(
        minimum=minimum, enough=True, metrics=metrics,
        weak=bool(stability.get("weak")) or report["k"] < 2,
        map_cells=cells, map_caption=caption, groups=groups, agreed=agreed,
        divisions=divisions, shift=shift, days=days,
        group_colours=label_colours(letters.values()),
        footer=(f"Analysis snapshot {snapshot.id}, fingerprint {snapshot.fingerprint[:12]}…, "
                f"made {uk_datetime(snapshot.created_at)} in {report['seconds']:.2f} s."),
    )


def _map(result: dict, letters: dict, sizes: dict, release: Release):
    people = [p for p in result.get("participants", []) if p["group"] in letters]
    binned, hidden = binned_map([p["x"] for p in people], [p["y"] for p in people],
                                [f"Group {letters[p['group']]}" for p in people],
                                minimum=release.minimum)
    drawn, undrawn = map_cells(binned, hidden, release)
    listed = ", ".join(f"Group {letters[g]}: {n} people" for g, n in sizes.items()
                       if n is not None)
    left_out = "Some people" if undrawn is None else f"{undrawn} people"
    caption = (f"Each circle is at least {release.minimum} people who voted alike; bigger "
               f"circles are more people. {listed + '. ' if listed else ''}To protect privacy, "
               f"{left_out[0].lower() + left_out[1:]} in sparse areas of the map and groups "
               f"smaller than {release.minimum} people are not drawn.")
    cells = tuple(MapCell(c["x"], c["y"], c["group"], c["count"]) for c in drawn)
    return cells, caption


def _shift(shift: dict, minimum: int) -> ShiftView | None:
    overall = shift["overall"]
    if not overall:
        return None
    who = "people" if overall["n"] is None else f"{overall['n']} people"
    sentence = (
        f"Among the {who} who gave their view before and after, support moved by "
        f"{overall['mean_change']:+.2f} points on the 1 to 5 scale (95% interval "
        f"{overall['ci_low']:+.2f} to {overall['ci_high']:+.2f}; Wilcoxon p "
        f"{_p(overall['p_value'])})."
    )
    bars = tuple((SCALE[int(k) - 1], when, v)
                 for when, counts in (("Before", shift["before_counts"]),
                                      ("After", shift["after_counts"]))
                 for k, v in counts.items() if v is not None)
    rows = tuple(
        ShiftRow(f"{prefix}{k}", shown(v["n"]), round(v["mean_change"], 2),
                 f"{v['ci_low']:+.2f} to {v['ci_high']:+.2f}")
        for prefix, by in (("Group ", shift["by_group"]), ("Session: ", shift["by_session"]))
        for k, v in sorted(by.items())
    )
    return ShiftView(sentence, bars, rows)


def _p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def _days(activity, release: Release) -> tuple[Day, ...]:
    """Days whose voters may be shown; a day of few votes would tell of few voters too."""
    return tuple(Day(a.day, a.votes, a.voters) for a in activity
                 if release.count(a.voters) is not None and a.voters > 0)


def _percent(pct: float) -> str:
    return f"{pct:.0f}%"


@dataclass(frozen=True)
class Leaning:
    people: int | None
    support_pct: float | None
    oppose_pct: float | None

    @property
    def caption(self) -> str:
        if self.people is None:
            return "Too few participants have given a view to show where they ended up."
        support = shown(self.support_pct, as_text=_percent)
        oppose = shown(self.oppose_pct, as_text=_percent)
        return (f"Where participants ended up ({self.people} people): {support} support, "
                f"{oppose} oppose.")


def participant_leaning(*, session: Session, dialogue_id: int, by: User) -> Leaning:
    """Where participants ended up, as the decision page may show it."""
    by = acting(session, by, "view_board")
    release = Release(dialogue_by_id(session, dialogue_id).min_reporting_size)
    view = decisions.participant_view(session=session, dialogue_id=dialogue_id, by=by)
    people = release.count(view.n)
    if not people:
        return Leaning(None, None, None)
    support = round(view.support_pct * view.n / 100)
    oppose = round(view.oppose_pct * view.n / 100)
    # A share of a few people is a small count of people in disguise.
    return Leaning(
        people,
        share(support, view.n, minimum=release.minimum) if release.count(support) is not None
        else None,
        share(oppose, view.n, minimum=release.minimum) if release.count(oppose) is not None
        else None,
    )
