"""Themes in free text: participants' statements, answers and reflections.

Pure analysis (no database, no UI, no network): texts in, a frozen :class:`ThemeAnalysis` out.

Pipeline of the default ``method="embedding"``:

1. Offline preprocessing (:mod:`engagement.analysis.text_prep`): regex tokenizer, stop words,
   Snowball stemming; each stem keeps its most frequent surface form for labels.
2. TF-IDF over stems and stem bigrams (sublinear tf, ``min_df=2``).
3. Semantic smoothing learned from the corpus itself: word vectors from the positive PMI
   matrix of within-text co-occurrence, reduced by a truncated SVD (Levy & Goldberg 2014);
   each text is the TF-IDF-weighted mean of its word vectors.  Two answers that say the same
   thing with different words ("check with me first" / "ask for approval") end up close.
4. Consensus of 100 k-means runs on those text vectors (:mod:`engagement.analysis.consensus`),
   so that another seed or removing one person's texts leaves nearly the same themes.  The
   word vectors come from an exact SVD (no seed).  Texts are taken in a canonical order (by a
   hash of their wording, not their position: the input order changes nothing) and at most
   1,000 distinct texts (the first in that order) are clustered; every text then joins the
   nearest theme centre.  The number of themes is chosen automatically: for each k, 30 runs
   are compared with their consensus (mean adjusted Rand index); the fewest themes within two
   standard errors of the best k's agreement win (the best k itself jumps between near-equal
   neighbours when a text goes).
   A warm start (``previous=``, a re-issued brief's earlier themes) replaces the consensus:
   the earlier themes' centres, recomputed in this run's vectors from their members still
   present, keep their number unless another k is clearly more stable, a theme found afresh
   that is mostly new texts is added to them, and every text joins the nearest centre; so
   removing one person's texts leaves the themes and their names.  With many new texts (under
   90 % of the texts in an earlier theme) the run is cold, as the earlier themes may not fit.
5. Each text goes to exactly one theme, or to the explicit "Other" theme when it has no usable
   words (empty, only stop words, only words seen once) or is too far from every theme centre.
6. Per theme: key words (uni- and bigrams, most over-represented in the theme, shown in their
   readable surface form); a name, the noun phrase from the texts most typical of the theme
   (:mod:`engagement.analysis.phrases`; "genetic test results", not "result, genet"); the
   most representative texts (closest to the theme centre), VADER sentiment, and counts per
   opinion group when groups are given.

``method="nmf"`` is the classic alternative: TF-IDF + NMF (nndsvd init), texts assigned by the
argmax of W.

Representative texts are returned as indices (and ids) only: the caller filters by consent and
redacts before showing any text.
"""

from __future__ import annotations

import hashlib
import math
import time
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh
from scipy.sparse.linalg import eigsh
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from engagement.analysis import consensus
from engagement.analysis.phrases import PhraseIndex, best_phrases, index_phrases
from engagement.analysis.sentiment import SentimentSummary, compound_scores, summarise
from engagement.analysis.text_prep import PreparedCorpus, prepare, with_bigrams
from engagement.analysis.theme_methods import METHODS

__all__ = [
    "OTHER_LABEL",
    "METHODS",
    "Theme",
    "ThemeAnalysis",
    "ThemeGroupTable",
    "ThemeParameters",
    "find_themes",
]

OTHER_LABEL = "Other"
NO_GROUP = "(none)"

_EMBED_DIM = 100  # word-vector dimensions (capped by vocabulary size)
# Up to this many words, the word vectors come from a dense eigensolver (about 0.5 s at 2,000
# words on this machine's two cores); above it, from ARPACK.
_DENSE_WORDS = 2500
_SAME_VALUE = 1e-9  # relative difference under which two squared singular values are one
_STABILITY_RUNS = 5  # NMF runs per candidate k (method="nmf")
_STABILITY_SAMPLE = 2000  # texts used to choose k (method="nmf")
_CONSENSUS_SAMPLE = 1000  # texts clustered by consensus; the others join the nearest centre
_K_RUNS = 30  # k-means runs per candidate k when choosing k
_CONSENSUS_RUNS = 100  # k-means runs agreed into the final themes
_K_TOLERANCE = 2.0  # standard errors below the most stable k that still count as stable
_N_KEYWORDS = 8
# Warm start (``previous=``): another k replaces the earlier one only when its agreement is
# higher by more than this many standard errors of the difference (gd6uk's k 5 and 6 differ by
# up to 2.1 of them between removals of 3 texts, either way: a tie, not a change).
_WARM_MARGIN = 3.0
_WARM_MEMBERS = 2  # an earlier theme left with fewer members still present is dropped
# Share of this run's texts that must belong to an earlier theme for a warm start; below it
# (many new texts) the themes are found afresh, as the earlier ones may no longer fit.
_WARM_COVERAGE = 0.9


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Theme:
    """One theme (or the "Other" bucket, ``is_other=True``).

    ``member_indices`` are positions in the input sequence, ascending; ``ids`` are the caller's
    ids of the same texts in the same order.  ``representative_indices`` (and
    ``representative_ids``) are members ordered from most to least typical.
    ``ranked_indices`` are all members in that order (the representatives are its first few),
    so a caller that must skip some texts (e.g. ones that may not be quoted) can go further.
    """

    index: int
    label: str
    keywords: tuple[str, ...]
    member_indices: tuple[int, ...]
    ids: tuple[Any, ...]
    representative_indices: tuple[int, ...]
    representative_ids: tuple[Any, ...]
    sentiment: SentimentSummary
    is_other: bool = False
    phrases: tuple[str, ...] = ()  # noun phrases most typical of the theme; label is the first
    ranked_indices: tuple[int, ...] = ()

    @property
    def size(self) -> int:
        return len(self.member_indices)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "label": self.label,
            "keywords": list(self.keywords),
            "phrases": list(self.phrases),
            "size": self.size,
            "member_indices": list(self.member_indices),
            "ids": list(self.ids),
            "representative_indices": list(self.representative_indices),
            "representative_ids": list(self.representative_ids),
            "ranked_indices": list(self.ranked_indices),
            "sentiment": self.sentiment.to_dict(),
            "is_other": self.is_other,
        }


@dataclass(frozen=True)
class ThemeGroupTable:
    """Counts of texts per theme (rows, the "Other" theme last) and opinion group (columns).

    Texts without a group are counted under ``"(none)"``.  Every row sums to the theme's size
    and the whole table to the number of texts.
    """

    theme_labels: tuple[str, ...]
    groups: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, theme_label: str, group: str) -> int:
        return self.counts[self.theme_labels.index(theme_label)][self.groups.index(group)]

    def to_dict(self) -> dict:
        return {
            "theme_labels": list(self.theme_labels),
            "groups": list(self.groups),
            "counts": [list(row) for row in self.counts],
        }


@dataclass(frozen=True)
class ThemeParameters:
    """How the analysis was run (for reproducibility and display)."""

    method: str
    n_themes: int | None
    min_themes: int
    max_themes: int
    seed: int
    min_similarity: float
    n_representative: int
    k_scores: tuple[tuple[int, float], ...] = ()  # (k, stability) for each candidate k
    vocabulary_size: int = 0

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["k_scores"] = [[k, s] for k, s in self.k_scores]
        return d


@dataclass(frozen=True)
class ThemeAnalysis:
    """Result of :func:`find_themes`.

    ``themes`` are ordered by size, largest first; ``other`` is always present (maybe empty).
    ``assignments[i]`` is the position in ``themes`` of text ``i``, or ``-1`` for "Other".
    """

    themes: tuple[Theme, ...]
    other: Theme
    assignments: tuple[int, ...]
    k: int
    theme_group_table: ThemeGroupTable | None
    parameters: ThemeParameters
    seconds: float = field(default=0.0, compare=False)

    @property
    def all_themes(self) -> tuple[Theme, ...]:
        """The themes followed by the "Other" theme."""
        return (*self.themes, self.other)

    def theme_of(self, index: int) -> Theme:
        a = self.assignments[index]
        return self.other if a < 0 else self.themes[a]

    def to_dict(self) -> dict:
        """A JSON-serialisable dict (ids must themselves be JSON-serialisable)."""
        return {
            "k": self.k,
            "themes": [t.to_dict() for t in self.themes],
            "other": self.other.to_dict(),
            "assignments": list(self.assignments),
            "theme_group_table": (
                self.theme_group_table.to_dict() if self.theme_group_table else None
            ),
            "parameters": self.parameters.to_dict(),
            "seconds": round(self.seconds, 4),
        }


# --------------------------------------------------------------------------- main entry


def find_themes(
    texts: Sequence[str | None],
    *,
    ids: Sequence[Hashable] | None = None,
    groups: Sequence[str | None] | None = None,
    n_themes: int | None = None,
    seed: int = 0,
    max_themes: int = 12,
    min_themes: int | None = None,
    method: str = "embedding",
    min_similarity: float = 0.05,
    n_representative: int = 5,
    previous: Mapping[Hashable, Iterable[Hashable]] | None = None,
) -> ThemeAnalysis:
    """Find themes in ``texts``; every text ends in exactly one theme or in "Other".

    Args:
        texts: the free texts (``None`` or empty strings go to "Other").
        ids: optional caller ids, one per text (default: the indices ``0..n-1``).
        groups: optional opinion-group label per text; enables ``theme_group_table``.
        n_themes: fixed number of themes; ``None`` chooses it automatically in
            ``[min_themes, max_themes]`` (capped so that a theme averages >= 5 texts).
        seed: selects the k-means runs; the same inputs and seed give the same result, in
            any order, and another seed nearly the same (the runs are agreed by consensus).
        max_themes: upper bound for the automatic choice.
        min_themes: lower bound for the automatic choice; ``None`` means 2 for small inputs
            rising to 4 from about 400 usable texts (few themes are rarely useful for many texts).
        method: ``"embedding"`` (default, see module doc) or ``"nmf"``.
        min_similarity: texts whose cosine similarity to their theme centre (embedding) or
            whose theme weight (nmf, relative to the row max over the corpus) is below this go
            to "Other".
        n_representative: how many representative texts to return per theme.
        previous: the themes of an earlier run on mostly the same texts (theme name -> the
            ids of its members), to start from (a warm start, ``method="embedding"`` only, so
            that removing a person's texts leaves the themes): each theme's centre is
            recomputed in this run's vectors from its members still present, the earlier
            number of themes is kept unless another is clearly more stable, every text joins
            the nearest of those centres, and a theme keeps its name while that is still one of
            its most typical phrases.  Ignored (a cold start, as with ``None``) when another
            number of themes wins or fewer than 90 % of the texts were in an earlier theme.

    Returns:
        A :class:`ThemeAnalysis`.

    Runs single-threaded (OpenMP/BLAS limited to one thread while it runs): the work is many
    small k-means fits, which thread pools slow down badly on a busy machine.
    """
    with threadpool_limits(limits=1):
        return _find_themes(
            texts,
            ids=ids,
            groups=groups,
            n_themes=n_themes,
            seed=seed,
            max_themes=max_themes,
            min_themes=min_themes,
            method=method,
            min_similarity=min_similarity,
            n_representative=n_representative,
            previous=previous,
        )


def _find_themes(
    texts,
    *,
    ids,
    groups,
    n_themes,
    seed,
    max_themes,
    min_themes,
    method,
    min_similarity,
    n_representative,
    previous,
) -> ThemeAnalysis:
    started = time.perf_counter()
    texts = list(texts)
    n = len(texts)
    ids = list(range(n)) if ids is None else list(ids)
    if len(ids) != n:
        raise ValueError(f"ids has {len(ids)} entries for {n} texts")
    if len(set(ids)) != n:
        raise ValueError("ids must be unique")
    if groups is not None and len(groups) != n:
        raise ValueError(f"groups has {len(groups)} entries for {n} texts")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be >= 1")
    if max_themes < 1:
        raise ValueError("max_themes must be >= 1")

    corpus = prepare(texts)
    X, terms = _tfidf(corpus, n)
    valid = np.flatnonzero(np.diff(X.indptr) > 0) if X.shape[1] else np.array([], dtype=int)
    n_valid = len(valid)

    if min_themes is None:
        min_themes = int(np.clip(math.sqrt(max(n_valid, 1)) / 5, 2, 4))
    min_themes = max(1, min(min_themes, max_themes))

    labels = np.full(n, -1, dtype=int)
    kept_names: list[str] = []  # per cluster: the earlier theme's name it started from
    k_scores: tuple[tuple[int, float], ...] = ()
    vecs = None
    k = 0
    if n_valid >= 2:
        if method == "embedding":
            vecs = _text_vectors(X, terms)
        else:
            vecs = None
        # Rows of text vectors can be zero (only words without co-occurrence).
        usable = valid if vecs is None else valid[np.linalg.norm(vecs[valid], axis=1) > 0]
        n_distinct = _n_distinct_rows(X[usable] if vecs is None else vecs[usable])
        usable, sample = _canonical_order(texts, usable)
        ensemble = (
            consensus.Ensemble(vecs[sample], seed * 1000) if method == "embedding" else None
        )
        if len(usable) >= 2:
            k_cap = max(1, min(max_themes, len(usable) // 5, n_distinct))
            start, start_names, was_member = None, [], None
            if previous is not None and method == "embedding":
                start, start_names, was_member = _previous_centres(previous, ids, vecs, usable)
            candidates = range(min(min_themes, k_cap), k_cap + 1)
            if n_themes is not None:
                k = min(n_themes, n_distinct)
            elif start is not None:
                k, k_scores, fresh = _choose_k_warm(ensemble, candidates, len(start), k_cap)
                if k == len(start):
                    added = _new_theme_centres(ensemble.Z, fresh, was_member[sample])
                    start = np.vstack([start, added])
                    start_names = [*start_names, *[""] * len(added)]
                    k = len(start)
            else:
                k, k_scores = _choose_k(method, X, ensemble, usable, candidates, seed)
            if start is not None and len(start) == k:
                sims = vecs[usable] @ start.T  # each text joins the nearest earlier centre
                sub_labels = sims.argmax(axis=1)
                strength = sims[np.arange(len(sub_labels)), sub_labels]
                kept_names = start_names
            else:
                sub_labels, strength = _cluster(method, X, vecs, ensemble, usable, k, seed)
            keep = strength >= min_similarity
            labels[usable[keep]] = sub_labels[keep]

    # Drop empty clusters, order themes by size (largest first), renumber.
    sizes = np.bincount(labels[labels >= 0], minlength=max(k, 1))
    order = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] > 0]
    remap = np.full(max(k, 1) + 1, -1, dtype=int)
    for new, old in enumerate(order):
        remap[old] = new
    labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)
    k = len(order)

    scores = compound_scores(texts)
    keywords = _keywords(X, terms, labels, k, corpus)
    earlier = [str(kept_names[c]) for c in order] if kept_names else []
    theme_labels, phrases = _names(index_phrases(texts), labels, k, keywords, earlier)
    ranked = _ranked_members(X, vecs, labels, k)

    themes = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        themes.append(
            Theme(
                index=c,
                label=theme_labels[c],
                keywords=tuple(keywords[c]),
                phrases=tuple(phrases[c]),
                member_indices=tuple(int(i) for i in members),
                ids=tuple(ids[i] for i in members),
                representative_indices=tuple(int(i) for i in ranked[c][:n_representative]),
                representative_ids=tuple(ids[i] for i in ranked[c][:n_representative]),
                ranked_indices=tuple(int(i) for i in ranked[c]),
                sentiment=summarise(scores[members]),
            )
        )
    other_members = np.flatnonzero(labels < 0)
    other = Theme(
        index=-1,
        label=OTHER_LABEL,
        keywords=(),
        member_indices=tuple(int(i) for i in other_members),
        ids=tuple(ids[i] for i in other_members),
        representative_indices=(),
        representative_ids=(),
        sentiment=summarise(scores[other_members]),
        is_other=True,
    )
    table = None
    if groups is not None:
        table = _group_table(labels, k, [t.label for t in themes], groups)
    params = ThemeParameters(
        method=method,
        n_themes=n_themes,
        min_themes=min_themes,
        max_themes=max_themes,
        seed=seed,
        min_similarity=min_similarity,
        n_representative=n_representative,
        k_scores=k_scores,
        vocabulary_size=len(terms),
    )
    return ThemeAnalysis(
        themes=tuple(themes),
        other=other,
        assignments=tuple(int(a) for a in labels),
        k=k,
        theme_group_table=table,
        parameters=params,
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- steps


def _tfidf(corpus: PreparedCorpus, n: int) -> tuple[sp.csr_matrix, np.ndarray]:
    docs = [with_bigrams(t) for t in corpus.tokens]
    if not any(docs):
        return sp.csr_matrix((n, 0)), np.array([], dtype=object)
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=2 if n >= 20 else 1, sublinear_tf=True, dtype=np.float64
    )
    try:
        X = vectorizer.fit_transform(docs)
    except ValueError:  # no term reaches min_df
        return sp.csr_matrix((n, 0)), np.array([], dtype=object)
    X.sort_indices()
    return X.tocsr(), vectorizer.get_feature_names_out()


def _identity(doc):
    return doc


def _canonical_order(texts: list, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``positions`` ordered by a hash of their text (then position), so that the result does
    not depend on the input order and removing a text leaves the others' order alone; and the
    first ``_CONSENSUS_SAMPLE`` of them with distinct texts (a text sent many times must not
    outweigh the others when themes are found)."""
    if not len(positions):
        return positions, positions
    digests = np.array(
        [hashlib.sha1((texts[i] or "").encode("utf-8", "replace")).hexdigest() for i in positions]
    )
    order = np.lexsort((positions, digests))
    digests = digests[order]
    first = np.concatenate(([True], digests[1:] != digests[:-1]))
    ordered = positions[order]
    return ordered, ordered[first][:_CONSENSUS_SAMPLE]


def _text_vectors(X: sp.csr_matrix, terms: np.ndarray) -> np.ndarray:
    """TF-IDF-weighted mean of PPMI-SVD word vectors learned from the corpus, L2-normalised."""
    uni = np.flatnonzero([" " not in t for t in terms])
    Xu = X[:, uni].tocsr()
    V = len(uni)
    if V < 8:  # too few words to learn vectors from: use the TF-IDF vectors themselves
        return normalize(X.toarray())
    B = Xu.copy()
    B.data[:] = 1.0
    C = (B.T @ B).tocsr()
    C.setdiag(0)
    C.eliminate_zeros()
    C = C.tocoo()
    total = C.sum()
    if total == 0:
        return normalize(X.toarray())
    wc = np.asarray(C.sum(axis=1)).ravel()
    ctx = wc**0.75  # context-distribution smoothing
    ctx /= ctx.sum()
    pmi = np.log(C.data / total) - np.log(wc[C.row] / total) - np.log(ctx[C.col])
    keep = pmi > 0
    P = sp.csr_matrix((pmi[keep], (C.row[keep], C.col[keep])), shape=(V, V))
    U, S = _top_singular(P, min(_EMBED_DIM, V - 1))
    E = normalize(U * np.sqrt(S))
    return normalize(np.asarray(Xu @ E))


def _top_singular(P: sp.csr_matrix, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Left singular vectors and values of ``P``: the largest ``dim`` of them, less any that
    share their value with the first one left out.

    Words that only ever appear together (the words of a text sent by several people) give
    ``P`` repeated singular values. Where a run of them straddles ``dim``, "the first ``dim``"
    is no particular subspace: the solver picked a different one on each call, and the themes
    changed between two runs on the same texts. Cutting before the run leaves one subspace,
    the same on every call (its basis may turn, which moves no cosine between texts)."""
    V = P.shape[0]
    gram = (P @ P.T).tocsr()  # its eigenvalues are the squared singular values of P
    top = min(dim + 1, V)
    if V <= _DENSE_WORDS:  # exact and repeatable (LAPACK)
        values, vectors = eigh(gram.toarray(), subset_by_index=(V - top, V - 1))
    else:  # fixed start vector: no seed moves the vectors
        values, vectors = eigsh(gram, k=top, v0=np.full(V, 1.0 / math.sqrt(V)))
    order = np.argsort(-values, kind="stable")
    values, vectors = np.clip(values[order], 0.0, None), vectors[:, order]
    if top > dim:
        left_out = values[dim]
        keep = values > left_out + _SAME_VALUE * max(left_out, values[0])
        keep[dim:] = False
        values, vectors = values[keep], vectors[:, keep]
    return vectors, np.sqrt(values)


def _n_distinct_rows(Z) -> int:
    dense = Z.toarray() if sp.issparse(Z) else Z
    return len(np.unique(np.round(dense, 6), axis=0))


def _nmf(X: sp.csr_matrix, k: int, seed: int, init: str = "nndsvd") -> np.ndarray:
    model = NMF(n_components=k, init=init, random_state=seed, max_iter=400, tol=1e-4)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return model.fit_transform(X)


def _choose_k(method, X, ensemble, usable, candidates, seed) -> tuple[int, tuple]:
    candidates = list(candidates)
    if len(candidates) == 1:
        return candidates[0], ()
    if method == "embedding":
        return _choose_k_by_consensus(ensemble, candidates)
    rng = np.random.default_rng(seed)
    sample = usable
    if len(sample) > _STABILITY_SAMPLE:
        sample = np.sort(rng.choice(usable, _STABILITY_SAMPLE, replace=False))
    scores = []
    for k in candidates:
        runs = []
        for r in range(_STABILITY_RUNS):
            # nndsvd is deterministic; perturb with random inits for a stability signal.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                W = NMF(
                    n_components=k, init="random", random_state=seed * 1000 + r, max_iter=200
                ).fit_transform(X[sample])
            runs.append(W.argmax(axis=1))
        pairs = [
            adjusted_rand_score(runs[i], runs[j])
            for i in range(len(runs))
            for j in range(i + 1, len(runs))
        ]
        scores.append((k, round(float(np.mean(pairs)), 4)))
    best = max(scores, key=lambda ks: (ks[1], ks[0]))[0]
    return best, tuple(scores)


def _choose_k_by_consensus(ensemble: consensus.Ensemble, candidates: list[int]):
    """The fewest themes whose k-means runs agree with their consensus about as well as the
    best k's do (within ``_K_TOLERANCE`` standard errors of the best mean; a "one standard
    error" rule): the best k itself jumps between near-equal neighbours when one text goes."""
    scores, errors, _ = _k_agreement(ensemble, candidates)
    return scores[_within_tolerance(scores, errors)][0], tuple(scores)


def _within_tolerance(scores: list[tuple[int, float]], errors: list[float]) -> int:
    """Index of the fewest themes (``scores`` in increasing k) whose agreement is within
    ``_K_TOLERANCE`` standard errors of the best k's: the one home of the cold rule."""
    best = int(np.argmax([s for _, s in scores]))
    bar = scores[best][1] - _K_TOLERANCE * errors[best]
    return next(i for i, (_, s) in enumerate(scores) if s >= bar)


def _k_agreement(ensemble: consensus.Ensemble, candidates: Iterable[int]):
    """(k, mean agreement of ``_K_RUNS`` runs with their consensus) and its standard error,
    for each candidate k; and each k's consensus of those runs (labels of the sample)."""
    scores, errors, agreed = [], [], {}
    for k in candidates:
        runs = ensemble.runs(k, _K_RUNS)
        agreed[k] = consensus.consensus(runs, k)
        mean, error = consensus.agreement(runs, agreed[k])
        scores.append((k, round(mean, 4)))
        errors.append(error)
    return scores, errors, agreed


def _choose_k_warm(ensemble: consensus.Ensemble, candidates: range, k_before: int,
                   k_cap: int) -> tuple[int, tuple, np.ndarray]:
    """The earlier run's number of themes, unless the cold rule's choice is clearly more
    stable: its agreement above the earlier k's by more than ``_WARM_MARGIN`` standard errors
    of their difference.  Also the consensus (of the sample) at the cold rule's choice."""
    ks = sorted({*candidates, k_before} if 2 <= k_before <= k_cap else set(candidates))
    scores, errors, agreed = _k_agreement(ensemble, ks)
    cold = _within_tolerance(scores, errors)
    k_cold = scores[cold][0]
    if k_before not in ks:
        return k_cold, tuple(scores), agreed[k_cold]
    kept = ks.index(k_before)
    gap = scores[cold][1] - scores[kept][1]
    noise = math.hypot(errors[cold], errors[kept])
    k = k_cold if gap > _WARM_MARGIN * noise else k_before
    return k, tuple(scores), agreed[k_cold]


def _new_theme_centres(Z: np.ndarray, fresh: np.ndarray, was_member: np.ndarray) -> np.ndarray:
    """Centres of the themes found afresh (``fresh``: labels of the rows of ``Z``) that are
    mostly texts no earlier theme held: a topic that came up since the earlier run becomes a
    theme of its own instead of being spread over the earlier ones."""
    rows = []
    for c in range(int(fresh.max()) + 1 if len(fresh) else 0):
        group = fresh == c
        new = int((group & ~was_member).sum())
        if new >= _WARM_MEMBERS and new > group.sum() / 2:
            rows.append(Z[group].mean(axis=0))
    return normalize(np.vstack(rows)) if rows else np.zeros((0, Z.shape[1]))


def _previous_centres(previous: Mapping, ids: list, vecs: np.ndarray,
                      usable: np.ndarray) -> tuple[np.ndarray | None, list, np.ndarray | None]:
    """The earlier themes' centres in this run's vectors, from their members still present,
    their names, and which texts were their members; ``None`` when none is left (themes
    left with fewer than ``_WARM_MEMBERS`` members are dropped) or when fewer than
    ``_WARM_COVERAGE`` of the texts belong to one of them."""
    position = {key: i for i, key in enumerate(ids)}
    present = np.zeros(len(ids), dtype=bool)
    present[usable] = True
    rows, names, covered = [], [], 0
    for name in sorted(previous, key=str):  # an order that does not depend on the caller's
        members = [i for i in sorted({position[m] for m in previous[name] if m in position})
                   if present[i]]
        centre = vecs[members].mean(axis=0) if len(members) >= _WARM_MEMBERS else None
        if centre is not None and np.linalg.norm(centre) > 0:
            rows.append(centre)
            names.append(name)
            covered += len(members)
    if not rows or covered < _WARM_COVERAGE * len(usable):
        return None, [], None
    was_member = np.zeros(len(ids), dtype=bool)
    was_member[[position[m] for name in names for m in previous[name] if m in position]] = True
    return normalize(np.vstack(rows)), names, was_member


def _cluster(method, X, vecs, ensemble, usable, k, seed) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels of ``usable`` rows and a membership strength in [0, 1] for each."""
    if k <= 1:
        return np.zeros(len(usable), dtype=int), np.ones(len(usable))
    if method == "embedding":
        Z = vecs[usable]
        agreed = consensus.consensus(ensemble.runs(k, _CONSENSUS_RUNS), k)
        centres = normalize(np.vstack([ensemble.Z[agreed == c].mean(axis=0)
                                       for c in range(agreed.max() + 1)]))
        sims = Z @ centres.T
        lab = sims.argmax(axis=1)
        return lab, sims[np.arange(len(lab)), lab]
    W = _nmf(X[usable], k, seed)
    lab = W.argmax(axis=1)
    top = W[np.arange(len(lab)), lab]
    scale = top.max() if top.size and top.max() > 0 else 1.0
    return lab, top / scale


def _keywords(X, terms, labels, k, corpus: PreparedCorpus) -> list[list[str]]:
    """Top terms per theme: mean TF-IDF in the theme x log of its document-frequency lift."""
    out: list[list[str]] = []
    if k == 0 or X.shape[1] == 0:
        return [[] for _ in range(k)]
    n = X.shape[0]
    B = X.copy()
    B.data[:] = 1.0
    df_all = (np.asarray(B.sum(axis=0)).ravel() + 1.0) / (n + 2.0)
    for c in range(k):
        members = np.flatnonzero(labels == c)
        n_in = len(members)
        weight_in = np.asarray(X[members].sum(axis=0)).ravel() / n_in
        df_in = (np.asarray(B[members].sum(axis=0)).ravel() + 0.1) / (n_in + 0.2)
        # prevalence in the theme x how much more often the term occurs there than overall
        score = weight_in * np.log(df_in / df_all)
        top = [i for i in np.argsort(-score, kind="stable")[: 4 * _N_KEYWORDS] if score[i] > 0]
        chosen: list[str] = []
        for i in top:
            term = terms[i]
            parts = term.split(" ")
            if len(parts) == 2 and parts[0] == parts[1]:
                continue
            # Skip a unigram already inside a chosen bigram and vice versa keep the bigram.
            if len(parts) == 1 and any(term in c_.split(" ") for c_ in chosen):
                continue
            if len(parts) == 2:
                chosen = [c_ for c_ in chosen if c_ not in parts]
            chosen.append(term)
            if len(chosen) >= _N_KEYWORDS:
                break
        out.append([corpus.surface(t) for t in chosen])
    return out


def _names(
    index: PhraseIndex, labels: np.ndarray, k: int, keywords: list[list[str]],
    earlier: Sequence[str] = (),
) -> tuple[list[str], list[list[str]]]:
    """Each theme's name: its most typical noun phrase not already naming a larger theme,
    with the first letter in capitals; the key-word label where no phrase qualifies.  A theme
    started from an earlier one (``earlier[c]``, warm start) keeps that name while it is still
    one of its own most typical phrases: a removed text must not rename a theme."""
    fallback = _labels(keywords)
    names: list[str] = []
    shown: list[list[str]] = []
    taken: set[str] = {OTHER_LABEL.lower()}
    n = len(labels)
    for c in range(k):
        members = np.flatnonzero(labels == c)
        wordings = [index.surface(key) for key in best_phrases(index, members, n, limit=8)]
        wordings = [w[:1].upper() + w[1:] for w in wordings]
        free = [w for w in wordings if w.lower() not in taken]
        same = [w for w in free if earlier and w.lower() == earlier[c].lower()]
        name = (same or free)[0] if free else fallback[c]
        if name.lower() in taken:
            name = f"{name} ({c + 1})"
        taken.add(name.lower())
        names.append(name)
        shown.append([name, *[w for w in wordings if w != name]][:5])
    return names, shown


def _labels(keywords: list[list[str]]) -> list[str]:
    """Key-word labels ("Human oversight, transparency"), unique across themes: the names of
    themes in which no noun phrase is shared by two texts."""
    labels: list[str] = []
    seen: set[str] = set()
    for i, words in enumerate(keywords):
        n_words = 2
        label = ""
        while True:
            parts = words[:n_words]
            label = ", ".join(parts) if parts else f"Theme {i + 1}"
            label = label[:1].upper() + label[1:]
            if label.lower() not in seen or n_words >= len(words):
                break
            n_words += 1
        if label.lower() in seen or label.lower() == OTHER_LABEL.lower():
            label = f"{label} ({i + 1})"
        seen.add(label.lower())
        labels.append(label)
    return labels


def _ranked_members(X, vecs, labels, k) -> list[np.ndarray]:
    """Every member of each theme by closeness to its centre (cosine), most typical first."""
    ranked = []
    Z = vecs if vecs is not None else normalize(X).toarray() if X.shape[1] else None
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if Z is None:
            ranked.append(members)
            continue
        centre = Z[members].mean(axis=0)
        norm = np.linalg.norm(centre)
        sims = Z[members] @ (centre / norm if norm > 0 else centre)
        ranked.append(members[np.argsort(-sims, kind="stable")])
    return ranked


def _group_table(labels, k, theme_labels, groups) -> ThemeGroupTable:
    names = [NO_GROUP if g is None else str(g) for g in groups]
    group_order = sorted(set(names), key=lambda g: (g == NO_GROUP, g))
    col = {g: j for j, g in enumerate(group_order)}
    counts = np.zeros((k + 1, len(group_order)), dtype=int)
    for lab, g in zip(labels, names, strict=True):
        counts[lab if lab >= 0 else k, col[g]] += 1
    return ThemeGroupTable(
        theme_labels=(*theme_labels, OTHER_LABEL),
        groups=tuple(group_order),
        counts=tuple(tuple(int(x) for x in row) for row in counts),
    )
