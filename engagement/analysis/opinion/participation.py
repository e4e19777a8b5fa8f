"""Which participants are clustered (Pol.is's ``in-conv`` rule, replayed from timestamps).

Pol.is takes a participant into the clustering once they have voted on
``min(min_votes, number of statements existing at that moment)`` statements and never drops
them again. If fewer than ``greedy_n`` (15) participants qualify, Pol.is tops the set up with
the participants with most votes. Votes on moderated-out statements still count (Pol.is counts
them on the raw matrix).
"""

from __future__ import annotations

import numpy as np

from .matrix import VoteMatrix

__all__ = ["clustered_participants"]


def clustered_participants(
    matrix: VoteMatrix, *, min_votes: int = 7, greedy_n: int = 15
) -> np.ndarray:
    """Boolean mask (one per participant) of who enters the clustering.

    Replay rule, when ``matrix.first_vote_time`` is known: participant ``p`` is in iff at some
    moment ``t`` (checked at each of their first-vote times) the number of distinct statements
    they had voted on is ``>= min(min_votes, N(t))`` where ``N(t)`` counts statements created
    at or before ``t`` (all statements when ``matrix.statement_created`` is None; an unknown
    creation time counts as "from the start"). Without vote times, the final counts are used
    with ``N = n_statements``. Participants with no vote are never in.
    """
    counts = matrix.votes_per_participant()
    n_st = matrix.n_statements
    threshold = min(min_votes, n_st)
    inside = counts >= max(threshold, 1)
    created = matrix.statement_created
    times = matrix.first_vote_time
    if times is not None and created is not None and threshold > 0:
        created_sorted = np.sort(np.where(np.isnan(created), -np.inf, created))
        # only participants with 1..min_votes-1 votes can still have got in "early"
        cand = (counts > 0) & (counts < min_votes)
        row_of = np.repeat(np.arange(matrix.n_participants), counts)
        sel = cand[row_of]
        rows, t = row_of[sel], times[sel]
        order = np.lexsort((t, rows))  # each candidate's votes in time order
        rows, t = rows[order], t[order]
        starts = np.searchsorted(rows, rows, side="left")
        rank = np.arange(len(rows)) - starts + 1  # distinct statements voted so far
        existing = np.searchsorted(created_sorted, t, side="right")
        ok = rank >= np.minimum(min_votes, existing)
        inside[np.unique(rows[ok])] = True
    if greedy_n and inside.sum() < greedy_n:
        # Pol.is: top up with the most active remaining participants (stable order)
        rest = np.flatnonzero(~inside & (counts > 0))
        need = greedy_n - int(inside.sum())
        top = rest[np.argsort(-counts[rest], kind="stable")[:need]]
        inside[top] = True
    return inside
