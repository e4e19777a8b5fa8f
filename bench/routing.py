"""Benchmark: statement routing (Pol.is-style priority) against the fixed per-participant order.

Usage (from the repo root):

    python bench/routing.py                          # planted + the six shared conversations
    python bench/routing.py --only planted --seeds 3
    python bench/routing.py --data ../shared/polis-open-data --every 50
    python bench/routing.py --only planted --seeds 3 --scale 10 --power 2   # other constants
    python bench/routing.py --only planted --shared 1 --floor late   # exploration (below)

Exploration switches (measured 2026-12-03 and rejected, docs/benchmarks.md; the defaults are
production's draw): ``--hold`` holds priorities across snapshots, ``--shared`` blends in one
dialogue-wide order, ``--floor`` says how statements short of the minimum are then drawn,
``--reshuffle`` gives each snapshot its own dialogue-wide order, ``--map als`` measures the
alignment on a map without mean imputation, ``--favour`` and
``--gain`` try other UNREPORTED_FAVOUR and NOVELTY_GAIN. ``--adaptive`` (measured 2026-12-03;
production since: ``--adaptive 4 --adapt-slots 2``, the defaults, drawn by the product's code)
draws each participant's answers one at a time, weighting the priority by the expected
information gain about their snapshot group given their own answers so far; ``--adaptive 0``
is the priority alone; ``--adapt-prior``, ``--adapt-floor``, ``--adapt-slots`` and
``--greedy`` tune it, ``--first-seed`` checks tuned constants on held-out seeds.
``--schedule`` (measured 2026-12-03, afternoon) says when a new snapshot is made: ``every``
(each ``--every`` arrivals, 50 unless given: the runs before the evening of 2026-12-03) or
``geometric`` (the default and production's since that evening, ``routing.snapshot_due``:
once the arrivals since the last snapshot reach max(``--every``, 10 unless given, and
``--growth`` × the participants it counted): dense early, sparse later, so the analysis work
per arrival stays bounded as the dialogue grows).
``--per-seed`` prints each seed's ARI under the means (planted). ``--explore-*`` (measured
2026-12-03, evening): keep some of the priority alone in the adaptive draw, so a pair of
groups an early snapshot merged can still be split; ``--explore-entropy`` (mix by how well
the participant's group is known) is production's since and the default,
``--no-explore-entropy`` is the adaptive routing before it.

Replays a conversation participant by participant in arrival order. Each participant answers
N statements (N = 10, 20, 40), taken either in the fixed hashed order (what participants saw
before routing; ``presentation_uniforms`` with equal weights) or in the routed order (weights
from ``StatementPriorities`` of the latest snapshot, as ``services.routing.choose`` draws them).
As in production, the snapshot is only recomputed now and then: every ``--every`` participants
(or by ``--schedule``) the project's own analysis (``engagement.analysis.opinion.analyse``)
runs on the votes collected so far. At the end the analysis runs on the collected votes and
its groups are compared (ARI) with the groups the same analysis finds from all votes; a
participant clustered from all votes but not from the collected ones counts as one extra
group. Averaged over ``--seeds`` seeds.

Planted conversations: every vote is known (three planted groups of 50/30/20 %, the model of
bench/opinion.py ``synthetic``: stance = shared + group-specific normal, 15 % passes);
30 % of the statements arrive late, spread over the first 70 % of the participants; the seed
changes the conversation and the hash seed. Also reported: routed order with 25 % fewer votes
(the goal is the fixed order's agreement with at least 25 % fewer votes) and the fewest votes
any late statement got (the minimum reporting size is 10).

Shared conversations (Pol.is exports in ../shared/polis-open-data; votes collected under
Pol.is's own routing): a participant can only answer statements they answered in reality, so
both orders choose among those; arrival order is each participant's first vote. No goal.

Snapshots and final analyses use ``n_bootstrap=0``: the groups, counts and extremities do not
depend on the stability bootstrap, which only costs time here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.planted import ari_vs, planted_groups, planted_votes  # noqa: E402
from engagement.analysis import routing  # noqa: E402
from engagement.analysis.opinion import VoteMatrix, analyse  # noqa: E402

MINIMUM = 10  # the default minimum reporting size
DATA_CANDIDATES = (ROOT.parent / "shared" / "polis-open-data",
                   ROOT.parents[1] / "shared" / "polis-open-data")


@dataclass
class Conversation:
    name: str
    arrivals: list[int]  # participant keys in arrival order
    available: dict  # participant -> (statement keys they may answer, their votes on them)
    statements: list[int]
    moderated_out: tuple
    late: tuple = ()  # statements that arrived late (planted only)


def _analyse(pids, sids, vals, statements, moderated_out):
    m = VoteMatrix.from_records(np.asarray(pids, dtype=np.int64),
                                np.asarray(sids, dtype=np.int64),
                                np.asarray(vals, dtype=np.float64), np.zeros(len(pids)),
                                statement_keys=statements)
    return analyse(m, moderated_out=moderated_out, seed=0, n_bootstrap=0)


def _priorities(result, votes=None) -> routing.StatementPriorities:
    s = result.statement_stats
    divergence = s.divergence if votes is None else _als_alignment(result.statement_keys, *votes)
    return routing.StatementPriorities.from_counts(
        result.statement_keys, s.n_agree, s.n_disagree, s.n_pass, divergence)


def _als_alignment(keys, pids, sids, vals, rank: int = 2, ridge: float = 1.0,
                   sweeps: int = 15) -> np.ndarray:
    """Exploration (``--map als``): the vote alignment on a map that does not impute the mean.
    Rank-2 factorisation of the centred seen votes by ridge alternating least squares over
    the seen entries only; each voter's position is recomputed without their vote on the
    statement (the same leave-own-vote-out as ``routing.vote_alignment``)."""
    col = {k: j for j, k in enumerate(keys)}
    rows_of = {pid: i for i, pid in enumerate(dict.fromkeys(pids))}
    r = np.array([rows_of[x] for x in pids])
    c = np.array([col[x] for x in sids])
    x = np.asarray(vals, dtype=np.float64)
    n, p = len(rows_of), len(keys)
    count = np.bincount(c, minlength=p).astype(np.float64)
    mean = np.bincount(c, weights=x, minlength=p) / np.maximum(count, 1)
    x = x - mean[c]
    rng = np.random.default_rng(0)
    v = rng.normal(0, 0.1, (p, rank))
    eye = ridge * np.eye(rank)

    def solve(idx_own, idx_other, factors, size):
        a = np.zeros((size, rank, rank)) + eye
        b = np.zeros((size, rank))
        f = factors[idx_other]
        np.add.at(a, idx_own, f[:, :, None] * f[:, None, :])
        np.add.at(b, idx_own, f * x[:, None])
        return np.linalg.solve(a, b[:, :, None])[:, :, 0], a, b

    for _ in range(sweeps):
        u, a_rows, b_rows = solve(r, c, v, n)
        v, _, _ = solve(c, r, u, p)
    u, a_rows, b_rows = solve(r, c, v, n)
    vj = v[c]
    a_wo = a_rows[r] - vj[:, :, None] * vj[:, None, :]
    b_wo = b_rows[r] - vj * x[:, None]
    u_wo = np.linalg.solve(a_wo, b_wo[:, :, None])[:, :, 0]
    cov = np.zeros((p, rank))
    np.add.at(cov, c, u_wo * x[:, None])
    spread = np.sqrt(np.mean(np.sum(u**2, axis=1))) if n else 0.0
    if spread == 0.0:
        return np.zeros(p)
    return np.linalg.norm(cov, axis=1) / (count + routing.DIVERGENCE_PRIOR) / spread


# Exploration (2026-12-03; see docs/benchmarks.md): ``HOLD`` freezes each statement's
# priority once it has ``HOLD_VOTES`` votes (stable weights across snapshots); ``SHARED``
# blends each participant's hashed uniforms with one dialogue-wide hash per statement
# (0: per participant, as production; 1: one order shared by everyone).
HOLD = "none"
HOLD_VOTES = 20
SHARED = 0.0
FLOOR = "own"
RESHUFFLE = False
EPOCH = ""  # with --reshuffle: the snapshot's number, so each snapshot has its own order
LATE: tuple = ()  # the statements added after voting began (planted), for --floor late
MAP = "pca"  # the map the snapshot's alignment is measured on ("als": no mean imputation)
# Exploration (2026-12-03, ``--adaptive``): each answer is drawn after the participant's own
# answers so far, as computerised adaptive testing does. ADAPT_POWER: how sharply the
# expected information gain about the participant's group weighs on the draw (0: routing as
# now); ADAPT_PRIOR: pseudo-votes shrinking a group's vote rates towards the overall rates;
# ADAPT_GREEDY: ask the highest-scoring statement outright instead of drawing.
# Production (since 2026-12-03) is --adaptive 4 --adapt-slots 2, drawn by the product's own
# code (``_product_adaptive``: routing.GroupProfiles.from_counts on the snapshot's
# statement_stats, routing.adapted_weights per answer); other constants use ``_adaptive``.
ADAPT_POWER = routing.ADAPT_POWER
ADAPT_PRIOR = routing.ADAPT_PRIOR
ADAPT_GREEDY = False
ADAPT_FLOOR = routing.UNREPORTED_FAVOUR
ADAPT_SLOTS = routing.ADAPT_SLOTS  # the floor holds until the participant has answered this
ADAPT_FROM = 0  # adapt only to snapshots that counted at least this many arrivals
#                                    many short statements (-1: always)
# When a new snapshot is made (``--schedule``): "every" EVERY arrivals, or "geometric": once
# the arrivals since the last snapshot reach max(EVERY, GROWTH x the arrivals it counted).
SCHEDULE = "geometric"  # production's (routing.snapshot_due); main() sets it from --schedule
GROWTH = routing.SNAPSHOT_GROWTH
PER_SEED = False  # --per-seed: each seed's ARI under the means
# Exploration (2026-12-03, evening; ``_explore_share``): keep some of the priority alone in
# the adaptive draw, so a pair of groups an early snapshot merged can still be split.
EXPLORE_MIX = 0.0
EXPLORE_EVIDENCE = 0.0
EXPLORE_ENTROPY = True  # production's (routing.adapted_weights): --no-explore-entropy drops it
EXPLORE_EVERY = 0  # every k-th answer of a participant by the priority alone (0: none)
BENCH_DRAW = False  # draw production's constants with the bench's own code (a check)
SNAPSHOT_COUNTED = 0  # the arrivals the snapshot in force counted


def snapshot_due(counted: int, arrived: int, every: int) -> bool:
    """Whether a new snapshot is due when ``arrived`` participants have come and the last
    snapshot counted ``counted`` of them (0: none yet)."""
    if SCHEDULE == "geometric":  # production's rule (the room view's refresh runs it)
        return arrived > 0 and routing.snapshot_due(counted, arrived, least=every,
                                                    growth=GROWTH)
    return arrived > 0 and arrived - counted >= every


class _Held:
    """Priorities held across snapshots (exploration, ``--hold``)."""

    def __init__(self, mode: str):
        self.mode = mode
        self.frozen: dict = {}
        self.total: dict = {}
        self.count: dict = {}

    def update(self, fresh: routing.StatementPriorities) -> routing.StatementPriorities:
        if self.mode == "none":
            return fresh
        values = []
        for k, pr, seen in zip(fresh.keys, fresh.priority, fresh.n_seen, strict=True):
            if self.mode == "freeze":
                if k not in self.frozen and seen >= HOLD_VOTES:
                    self.frozen[k] = float(pr)
                values.append(self.frozen.get(k, float(pr)))
            else:  # mean over the snapshots since the statement reached HOLD_VOTES
                if seen >= HOLD_VOTES:
                    self.total[k] = self.total.get(k, 0.0) + float(pr)
                    self.count[k] = self.count.get(k, 0) + 1
                    values.append(self.total[k] / self.count[k])
                else:
                    values.append(float(pr))
        return routing.StatementPriorities(fresh.keys, np.asarray(values), fresh.n_seen,
                                           {k: i for i, k in enumerate(fresh.keys)})


def _short(candidates, priorities) -> np.ndarray:
    index = [priorities._index.get(k, -1) for k in candidates]
    return np.array([priorities.n_seen[i] if i >= 0 else 0 for i in index]) < MINIMUM


def _routed(seed, participant, candidates, priorities) -> np.ndarray:
    """The routed order (exploration). ``FLOOR``: "own" (a statement short of the minimum
    keeps the participant's own uniform, the others blend in the dialogue-wide one),
    "late" (as "own" for statements added after voting began only), "shared" (every
    statement blends), "slot" (every statement blends, and the first answer
    is the short statement drawn with the participant's own uniforms)."""
    own = routing.presentation_uniforms(f"{seed}:{participant}", candidates)
    weights = priorities.weights(candidates, MINIMUM)
    if not SHARED:
        return routing.routed_order(weights, own)
    shared_u = routing.presentation_uniforms(f"{seed}:dialogue{EPOCH}", candidates)
    blend = np.exp((1 - SHARED) * np.log(own) + SHARED * np.log(shared_u))
    short = _short(candidates, priorities)
    if FLOOR == "late":  # the floor's own draw only for statements added after voting began
        short &= np.isin(np.asarray(candidates), np.asarray(LATE, dtype=np.int64))
    u = np.where(short, own, blend) if FLOOR in ("own", "late") else blend
    order = routing.routed_order(weights, u)
    if FLOOR == "slot" and short.any():
        idx = np.flatnonzero(short)
        first = idx[routing.draw(weights[idx], own[idx])]
        order = np.concatenate([[first], order[order != first]])
    return order


def _profiles_from_votes(result, pids, sids, vals, statements):
    """The group profiles (exploration: ``--adapt-prior`` other than production's) from the
    collected votes and the snapshot's groups, counted here rather than by the analysis."""
    labels = result.labels_by_key()
    k = max(labels.values(), default=-1) + 1
    col_of = {s: j for j, s in enumerate(statements)}
    g = np.array([labels.get(x, -1) for x in pids])
    c = np.array([col_of[x] for x in sids])
    v = np.asarray(vals)
    cat = np.where(v > 0, 0, np.where(v < 0, 1, 2))
    counts = np.zeros((k, len(statements), 3))
    keep = g >= 0
    np.add.at(counts, (g[keep], c[keep], cat[keep]), 1.0)
    overall = np.zeros((len(statements), 3))
    np.add.at(overall, (c, cat), 1.0)
    return routing.GroupProfiles.from_counts(statements, counts, *overall.T, prior=ADAPT_PRIOR)


def _adaptive(seed, participant, candidates, answers, priorities, profiles, n_answers):
    """The participant's answers drawn one at a time (exploration, ``--adaptive``)."""
    own = routing.presentation_uniforms(f"{seed}:{participant}", candidates)
    weights = priorities.weights(candidates, MINIMUM)
    short = _short(candidates, priorities)
    floor = priorities.floor(MINIMUM)
    log_rates = profiles.candidate_rates(candidates)
    log_post = profiles.log_prior.copy()
    open_ = np.ones(len(candidates), dtype=bool)
    asked = []
    for _ in range(min(n_answers, len(candidates))):
        gain = np.maximum(routing.information_gain(log_post, log_rates), 1e-12)
        factor = (gain / gain[open_].mean()) ** ADAPT_POWER
        if EXPLORE_EVERY and len(asked) % EXPLORE_EVERY == EXPLORE_EVERY - 1:
            factor = np.ones_like(factor)  # an exploration slot: the priority alone
        else:
            mix = _explore_share(log_post)
            factor = (1.0 - mix) * factor + mix
        w = weights * factor
        reached = open_ & ~short
        # the floor follows the adapted weights: ADAPT_FLOOR times the top one among
        # statements that have reached the minimum (the snapshot's floor when none has)
        top = w[reached].max() if reached.any() else floor / routing.UNREPORTED_FAVOUR
        if ADAPT_SLOTS < 0 or sum(short[k] for k in asked) < ADAPT_SLOTS:
            w[short] = np.maximum(w[short], ADAPT_FLOOR * top)
        idx = np.flatnonzero(open_)
        if ADAPT_GREEDY and not short[idx].any():
            j = idx[int(np.argmax(w[idx]))]
        else:
            j = idx[routing.draw(w[idx], own[idx])]
        open_[j] = False
        asked.append(j)
        a = answers[j]
        log_post = log_post + log_rates[:, j, 0 if a > 0 else (1 if a < 0 else 2)]
    return asked


def _explore_share(log_post) -> float:
    """The share of the priority alone mixed into the gain factor (exploration, 2026-12-03
    evening): a statement that tells the snapshot's groups nothing keeps this share of its
    priority weight. ``--explore-mix``: a fixed share; ``--explore-evidence C``: C / the
    participants the snapshot counted (at most 1), trusting the groups as evidence grows;
    ``--explore-entropy`` (production's since, the default; ``--no-explore-entropy``: off):
    ``routing.group_certainty``, one minus the participant's remaining uncertainty about
    their group (posterior entropy / log of the number of groups), so once their group is
    known their answers go by the priority, which can still split a group the snapshot
    merged. With several, the largest share."""
    mix = EXPLORE_MIX
    if EXPLORE_EVIDENCE:
        mix = max(mix, min(1.0, EXPLORE_EVIDENCE / max(SNAPSHOT_COUNTED, 1)))
    if EXPLORE_ENTROPY:  # production's rule, from the product's code
        mix = max(mix, routing.group_certainty(log_post))
    return mix


def _production_adaptive() -> bool:
    """Whether the adaptive constants are production's, so the product's code draws."""
    if EXPLORE_MIX or EXPLORE_EVIDENCE or not EXPLORE_ENTROPY or EXPLORE_EVERY or BENCH_DRAW:
        return False
    return (ADAPT_POWER, ADAPT_PRIOR, ADAPT_FLOOR, ADAPT_SLOTS, ADAPT_GREEDY) == (
        routing.ADAPT_POWER, routing.ADAPT_PRIOR, routing.UNREPORTED_FAVOUR,
        routing.ADAPT_SLOTS, False)


def _product_profiles(result) -> routing.GroupProfiles | None:
    """The group profiles as the product reads them from the snapshot's statement_stats."""
    s = result.statement_stats
    return routing.GroupProfiles.from_counts(result.statement_keys, s.group_counts,
                                             s.n_agree, s.n_disagree, s.n_pass)


def _product_adaptive(seed, participant, candidates, answers, priorities, profiles,
                      n_answers):
    """The participant's answers as ``services.routing.choose`` draws them one at a time:
    ``routing.adapted_weights`` over the open statements, given the answers so far."""
    own = routing.presentation_uniforms(f"{seed}:{participant}", candidates)
    open_ = list(range(len(candidates)))
    given: dict = {}
    asked = []
    for _ in range(min(n_answers, len(candidates))):
        keys = [candidates[i] for i in open_]
        w = routing.adapted_weights(priorities, profiles, keys, given, MINIMUM)
        j = open_.pop(routing.draw(w, own[open_]))
        asked.append(j)
        given[candidates[j]] = answers[j]
    return asked


def replay(conv: Conversation, n_answers: int, routed: bool, seed: int, every: int):
    """The votes collected when each participant answers ``n_answers`` statements."""
    pids, sids, vals = [], [], []
    priorities = profiles = None
    held = _Held(HOLD)
    counted = snapshots = 0
    global LATE, EPOCH, SNAPSHOT_COUNTED
    LATE, EPOCH = tuple(conv.late), ""
    for i, participant in enumerate(conv.arrivals):
        if routed and snapshot_due(counted, i, every):
            counted, snapshots = i, snapshots + 1
            SNAPSHOT_COUNTED = counted
            result = _analyse(pids, sids, vals, conv.statements, conv.moderated_out)
            votes = (pids, sids, vals) if MAP == "als" else None
            priorities = held.update(_priorities(result, votes))
            if ADAPT_POWER and counted < ADAPT_FROM:
                profiles = None  # too few participants for groups to adapt to: priority only
            elif ADAPT_POWER and _production_adaptive():
                profiles = _product_profiles(result)
            elif ADAPT_POWER:
                profiles = _profiles_from_votes(result, pids, sids, vals, conv.statements)
            if RESHUFFLE:
                EPOCH = f":{snapshots}"
        candidates, answers = conv.available[participant]
        if not candidates:
            continue
        if profiles is not None:
            draw_adaptive = _product_adaptive if _production_adaptive() else _adaptive
            order = draw_adaptive(seed, participant, candidates, answers, priorities, profiles,
                              n_answers)
        elif priorities is not None:
            order = _routed(seed, participant, candidates, priorities)
        else:
            u = routing.presentation_uniforms(f"{seed}:{participant}", candidates)
            order = routing.routed_order(np.ones(len(candidates)), u)
        for j in order[:n_answers]:
            pids.append(participant)
            sids.append(candidates[j])
            vals.append(answers[j])
    return pids, sids, vals


def ari(reference, result) -> float:
    ref = {k: g for k, g in reference.labels_by_key().items() if g >= 0}
    return ari_vs(ref, result.labels_by_key())


# ---------------------------------------------------------------- conversations
def planted(n: int = 600, p: int = 120, seed: int = 0, late_share: float = 0.3,
            consensus_share: float = 0.0) -> Conversation:
    rng = np.random.default_rng(seed)
    g, p_agree = planted_groups(rng, n, p, consensus_share)
    votes = planted_votes(rng.random((n, p)), p_agree[g])
    # statement j is available from participant arrives[j] on
    n_late = int(round(late_share * p))
    arrives = np.zeros(p, dtype=np.int64)
    late = rng.choice(p, size=n_late, replace=False)
    arrives[late] = rng.integers(1, int(0.7 * n), size=n_late)
    statements = list(range(p))
    available = {}
    for i in range(n):
        cand = [j for j in statements if arrives[j] <= i]
        available[i] = (cand, votes[i, cand].tolist())
    return Conversation(f"planted {n} x {p} (seed {seed}, consensus {consensus_share})",
                        list(range(n)), available, statements, (),
                        tuple(int(j) for j in late))


def shared(folder: Path) -> Conversation:
    from engagement.polis_format.read import read_vote_records

    rec = read_vote_records(folder)
    latest: dict[tuple[int, int], tuple[float, int]] = {}
    first: dict[int, float] = {}
    for pid, tid, val, ts in zip(rec.voter_ids, rec.comment_ids, rec.values, rec.timestamps,
                                 strict=True):
        if (pid, tid) not in latest or ts >= latest[(pid, tid)][0]:
            latest[(pid, tid)] = (ts, val)
        first[pid] = min(first.get(pid, ts), ts)
    available: dict[int, tuple[list, list]] = {}
    for (pid, tid), (_, val) in sorted(latest.items()):
        cand, ans = available.setdefault(pid, ([], []))
        cand.append(tid)
        ans.append(val)
    arrivals = sorted(first, key=lambda k: (first[k], k))
    return Conversation(folder.name, arrivals, available, list(rec.statement_ids),
                        tuple(rec.moderated_out))


def all_votes(conv: Conversation):
    pids, sids, vals = [], [], []
    for participant in conv.arrivals:
        cand, ans = conv.available[participant]
        pids += [participant] * len(cand)
        sids += cand
        vals += ans
    return _analyse(pids, sids, vals, conv.statements, conv.moderated_out)


# ---------------------------------------------------------------- main
def _fewest_late(conv, sids) -> int:
    counts = np.bincount(np.asarray(sids, dtype=np.int64), minlength=len(conv.statements))
    return int(counts[list(conv.late)].min()) if conv.late else 0


def bench_planted(ns, seeds, every, n, p, consensus_share=0.0) -> None:
    print(f"\n### Planted conversations ({n} participants x {p} statements, 3 groups, "
          f"30 % of statements late, {consensus_share:.0%} consensus statements; "
          f"mean over {len(seeds)} seeds)\n")
    print("| N | fixed ARI | routed ARI | routed, 25 % fewer votes (N') | ARI at N' "
          "| goal met | fewest votes on a late statement, fixed / routed at N' "
          "| fewest on any statement, routed at N' |")
    print("|---:|---:|---:|---:|---:|:---:|---:|---:|")
    convs = [planted(n, p, seed=s, consensus_share=consensus_share) for s in seeds]
    refs = [all_votes(c) for c in convs]
    for N in ns:
        fewer = int(np.floor(0.75 * N))
        rows = {"fixed": [], "routed": [], "fewer": [], "late_fixed": [], "late_fewer": [],
                "any_fewer": []}
        for seed, conv, ref in zip(seeds, convs, refs, strict=True):
            for label, answers, routed in (("fixed", N, False), ("routed", N, True),
                                           ("fewer", fewer, True)):
                pids, sids, vals = replay(conv, answers, routed, seed, every)
                rows[label].append(ari(ref, _analyse(pids, sids, vals, conv.statements,
                                                     conv.moderated_out)))
                if label in ("fixed", "fewer"):
                    rows[f"late_{label}"].append(_fewest_late(conv, sids))
                if label == "fewer":
                    rows["any_fewer"].append(int(np.bincount(
                        np.asarray(sids, dtype=np.int64), minlength=len(conv.statements)).min()))
        f, r, w = (statistics.mean(rows[k]) for k in ("fixed", "routed", "fewer"))
        print(f"| {N} | {f:.3f} | {r:.3f} | {fewer} | {w:.3f} | {'yes' if w >= f else 'no'} "
              f"| {min(rows['late_fixed'])} / {min(rows['late_fewer'])} "
              f"| {min(rows['any_fewer'])} |", flush=True)
        if PER_SEED:
            print("|  | " + " ".join(f"{x:.3f}" for x in rows["fixed"]) + " | "
                  + " ".join(f"{x:.3f}" for x in rows["routed"]) + " |  | "
                  + " ".join(f"{x:.3f}" for x in rows["fewer"]) + " | per seed | | |",
                  flush=True)


def bench_shared(data: Path, ns, seeds, every) -> None:
    print(f"\n### Shared Pol.is conversations (answers limited to each participant's real "
          f"ones; mean over {len(seeds)} seeds; no goal)\n")
    print("| conversation | participants | statements | N | fixed ARI | routed ARI |")
    print("|---|---:|---:|---:|---:|---:|")
    for folder in sorted(d for d in data.iterdir() if d.is_dir()):
        conv = shared(folder)
        ref = all_votes(conv)
        for N in ns:
            res = {False: [], True: []}
            for seed in seeds:
                for routed in (False, True):
                    pids, sids, vals = replay(conv, N, routed, seed, every)
                    res[routed].append(ari(ref, _analyse(pids, sids, vals, conv.statements,
                                                         conv.moderated_out)))
            print(f"| {conv.name} | {len(conv.arrivals)} | {len(conv.statements)} | {N} "
                  f"| {statistics.mean(res[False]):.3f} | {statistics.mean(res[True]):.3f} |",
                  flush=True)


def main(argv: list[str] | None = None) -> None:
    global HOLD, HOLD_VOTES, SHARED, FLOOR, MAP, RESHUFFLE, SCHEDULE, GROWTH
    global PER_SEED, EXPLORE_MIX, EXPLORE_EVIDENCE, EXPLORE_ENTROPY, EXPLORE_EVERY, BENCH_DRAW
    global ADAPT_POWER, ADAPT_PRIOR, ADAPT_GREEDY, ADAPT_FLOOR, ADAPT_SLOTS, ADAPT_FROM
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["planted", "shared"])
    ap.add_argument("--n", type=int, nargs="+", default=[10, 20, 40])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--every", type=int, default=None,
                    help="participants between snapshots (with --schedule geometric: at least; "
                         "default: production's routing.SNAPSHOT_LEAST, or 50 with --schedule "
                         "every, the runs before the schedule was production's)")
    ap.add_argument("--schedule", choices=["every", "geometric"], default="geometric",
                    help="when a new snapshot is made: every --every arrivals, or (the "
                         "default, production's since 2026-12-03) once the arrivals since the "
                         "last reach max(--every, --growth x those it counted)")
    ap.add_argument("--growth", type=float, default=routing.SNAPSHOT_GROWTH,
                    help="with --schedule geometric: the share of the participants counted "
                         "at the last snapshot that must arrive before the next")
    ap.add_argument("--participants", type=int, default=600)
    ap.add_argument("--statements", type=int, default=120)
    ap.add_argument("--data", type=Path,
                    default=next((d for d in DATA_CANDIDATES if d.is_dir()), DATA_CANDIDATES[0]))
    ap.add_argument("--consensus", type=float, default=0.0,
                    help="share of consensus statements in the planted conversations "
                         "(a second family, e.g. 0.7)")
    ap.add_argument("--scale", type=float, default=routing.DIVERGENCE_SCALE,
                    help="DIVERGENCE_SCALE to try (exploration)")
    ap.add_argument("--power", type=float, default=routing.PRIORITY_POWER,
                    help="PRIORITY_POWER to try (exploration)")
    ap.add_argument("--gain", type=float, default=routing.NOVELTY_GAIN,
                    help="NOVELTY_GAIN to try (exploration)")
    ap.add_argument("--favour", type=float, default=routing.UNREPORTED_FAVOUR,
                    help="UNREPORTED_FAVOUR to try (exploration)")
    ap.add_argument("--hold", choices=["none", "freeze", "mean"], default="none",
                    help="hold priorities across snapshots (exploration)")
    ap.add_argument("--hold-votes", type=int, default=20)
    ap.add_argument("--shared", type=float, default=0.0,
                    help="share of a dialogue-wide order in the routed draw (exploration)")
    ap.add_argument("--floor", choices=["own", "late", "shared", "slot"], default="own",
                    help="with --shared: how statements short of the minimum are drawn")
    ap.add_argument("--reshuffle", action="store_true",
                    help="with --shared: a new dialogue-wide order at each snapshot")
    ap.add_argument("--map", choices=["pca", "als"], default="pca",
                    help="the map the snapshot's alignment is measured on (exploration)")
    ap.add_argument("--adaptive", type=float, default=routing.ADAPT_POWER,
                    help="power of the expected information gain about the participant's "
                         "group in the draw, each answer after their own answers so far "
                         "(production: 4, the product's code; 0: the priority alone)")
    ap.add_argument("--adapt-prior", type=float, default=4.0,
                    help="with --adaptive: pseudo-votes shrinking group rates to overall")
    ap.add_argument("--greedy", action="store_true",
                    help="with --adaptive: ask the top score outright (no draw) once no "
                         "candidate is short of the minimum")
    ap.add_argument("--adapt-floor", type=float, default=routing.UNREPORTED_FAVOUR,
                    help="with --adaptive: a statement short of the minimum weighs at least "
                         "this times the top adapted weight of those that reached it")
    ap.add_argument("--adapt-slots", type=int, default=routing.ADAPT_SLOTS,
                    help="with --adaptive: the floor holds until the participant has answered "
                         "this many statements short of the minimum (-1: always)")
    ap.add_argument("--adapt-from", type=int, default=0,
                    help="with --adaptive: adapt only to snapshots of at least this many "
                         "arrivals (before: the priority alone; exploration)")
    ap.add_argument("--explore-mix", type=float, default=0.0,
                    help="with --adaptive: weight = priority x ((1 - e) x gain factor + e): "
                         "a statement with no gain keeps this share of its priority")
    ap.add_argument("--explore-evidence", type=float, default=0.0,
                    help="with --adaptive: the mix e = this / the participants the snapshot "
                         "counted (at most 1)")
    ap.add_argument("--explore-entropy", action=argparse.BooleanOptionalAction, default=True,
                    help="with --adaptive: the mix e = 1 - the participant's posterior "
                         "entropy over the groups / its maximum (production's; "
                         "--no-explore-entropy: the adaptive routing before it)")
    ap.add_argument("--explore-every", type=int, default=0,
                    help="with --adaptive: every k-th answer of a participant by the "
                         "priority alone")
    ap.add_argument("--bench-draw", action="store_true",
                    help="draw with the bench's own adaptive code even with production's "
                         "constants (a check that it matches the product's)")
    ap.add_argument("--per-seed", action="store_true",
                    help="also print each seed's ARI (planted), under the means")
    ap.add_argument("--first-seed", type=int, default=0,
                    help="the first seed (held-out checks of tuned constants)")
    args = ap.parse_args(argv)
    ADAPT_FLOOR, ADAPT_SLOTS, ADAPT_FROM = args.adapt_floor, args.adapt_slots, args.adapt_from
    ADAPT_POWER, ADAPT_PRIOR, ADAPT_GREEDY = args.adaptive, args.adapt_prior, args.greedy
    HOLD, HOLD_VOTES, SHARED, FLOOR = args.hold, args.hold_votes, args.shared, args.floor
    MAP, RESHUFFLE = args.map, args.reshuffle
    SCHEDULE, GROWTH, PER_SEED = args.schedule, args.growth, args.per_seed
    EXPLORE_MIX, EXPLORE_EVIDENCE = args.explore_mix, args.explore_evidence
    EXPLORE_ENTROPY, EXPLORE_EVERY = args.explore_entropy, args.explore_every
    BENCH_DRAW = args.bench_draw
    if args.every is None:
        args.every = routing.SNAPSHOT_LEAST if SCHEDULE == "geometric" else 50
    routing.DIVERGENCE_SCALE = args.scale
    routing.PRIORITY_POWER = args.power
    routing.UNREPORTED_FAVOUR = args.favour
    routing.NOVELTY_GAIN = args.gain
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    t0 = time.perf_counter()
    c0 = time.process_time()
    if args.only in (None, "planted"):
        bench_planted(args.n, seeds, args.every, args.participants, args.statements,
                      args.consensus)
    if args.only in (None, "shared"):
        bench_shared(args.data, args.n, seeds, args.every)
    print(f"\n{time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU")


if __name__ == "__main__":
    main()
