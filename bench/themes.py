"""Benchmark of engagement.analysis.themes on the themes-dev sets (shared/themes-dev).

For each file prints: NMI and ARI against the reference topics with k chosen by our code, our
k, the baseline "plain TF-IDF (English stop words, min_df=2) + NMF with k = true number of
topics", and the time per 10,000 texts (the texts replicated to 10,000).  Then, for a person
to judge the names, every theme's name beside the reference topic it best matches (the topic
most of its texts carry) with that share, its size and its other candidate phrases.  Then
the stability of the themes: adjusted Rand index (ARI) between the run with seed 0 and seed 1,
and between the full run and runs without one text or without three texts (``--draws``
random draws each, compared on the texts both runs share), with our k and the names kept
(themes whose best-overlapping theme in the other run has the same name).  ``--half 0|1``
keeps only the texts whose hash is even (odd): a held-out split to check that a choice made
on one half holds on the other.

``--warm`` measures the warm start (``find_themes(previous=...)``, as a re-issued brief uses
it) instead of the stability table: (1) a cold run on all texts, then runs without 1 or 3
random texts (the same draws as the stability table), each cold and warm-started from the full
run's themes: ARI against the full run, k and names kept; (2) a cold run on a random 70 % or
80 % or 95 % of the texts, then a warm run on all texts started from it, beside a cold run on
all texts and a warm run without the guard against many new texts ("forced"): NMI against the
reference topics, k, and ARI against the cold run on all texts (does the warm start lock in
themes from the smaller set?).

Usage:  .venv/bin/python bench/themes.py [--data DIR] [--method embedding|nmf] [--no-timing]
                                         [--repeats N] [--draws N] [--half 0|1]
                                         [--no-stability] [--warm]
Prints a markdown table ready for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import engagement.analysis.themes as themes_module  # noqa: E402
from engagement.analysis.themes import find_themes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "themes-dev"


def load(path: Path, half: int | None = None) -> tuple[list[str], list[str], list[str]]:
    ids, texts, topics = [], [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if half is not None and _hash(row["text"]) % 2 != half:
                    continue
                ids.append(row["id"])
                texts.append(row["text"])
                topics.append(row["topic"])
    return ids, texts, topics


def _hash(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def baseline(texts: list[str], k: int, seed: int = 0) -> np.ndarray:
    X = TfidfVectorizer(stop_words="english", min_df=2).fit_transform(texts)
    W = NMF(n_components=k, random_state=seed, max_iter=500).fit_transform(X)
    return W.argmax(axis=1)


def time_per_10k(texts: list[str], method: str, repeats: int) -> tuple[float, float]:
    """Best of ``repeats`` CPU and wall-clock times for 10,000 texts (the texts replicated).
    CPU time is the figure to compare on a shared machine: it barely moves with the load."""
    reps = -(-10_000 // len(texts))
    big = (texts * reps)[:10_000]
    best_cpu = best_wall = float("inf")
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        find_themes(big, method=method)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--method", default="embedding")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="timing runs, best is shown")
    parser.add_argument("--draws", type=int, default=5, help="random removals per size")
    parser.add_argument("--half", type=int, choices=(0, 1), help="held-out half of each file")
    parser.add_argument("--no-stability", action="store_true")
    parser.add_argument("--warm", action="store_true", help="measure the warm start instead")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.jsonl"))
    if not files:
        print(f"no .jsonl files in {args.data}", file=sys.stderr)
        return 2
    loadavg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"<!-- Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load {loadavg:.1f}, method={args.method}, half={args.half} -->"
    )
    print(
        "| file | texts | true k | our k | NMI | ARI | Other | baseline NMI | baseline ARI "
        "| CPU s (wall s) per 10,000 texts |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    named = []
    for path in files:
        _, texts, topics = load(path, args.half)
        k_true = len(set(topics))
        result = find_themes(texts, method=args.method)
        pred = np.array(result.assignments)
        nmi = normalized_mutual_info_score(topics, pred)
        ari = adjusted_rand_score(topics, pred)
        base = baseline(texts, k_true)
        b_nmi = normalized_mutual_info_score(topics, base)
        b_ari = adjusted_rand_score(topics, base)
        cpu, wall = (
            (float("nan"), float("nan"))
            if args.no_timing
            else time_per_10k(texts, args.method, args.repeats)
        )
        print(
            f"| {path.stem} | {len(texts)} | {k_true} | {result.k} | {nmi:.3f} | {ari:.3f} "
            f"| {result.other.size} | {b_nmi:.3f} | {b_ari:.3f} | {cpu:.2f} ({wall:.2f}) |",
            flush=True,
        )
        named.append((path.stem, result, topics))
    for stem, result, topics in named:
        print_names(stem, result, topics)
    if args.warm:
        print_warm(files, args)
    elif not args.no_stability:
        print_stability(files, args)
    return 0


def print_stability(files: list[Path], args) -> None:
    """ARI and names kept: seed 1 against seed 0, and without 1 or 3 random texts."""
    print("\n| file | our k | ARI seed 1 (k) | ARI without 1 text (k) | ARI without 3 texts (k) "
          "| names kept seed · drop 1 · drop 3 |")
    print("|---|---:|---|---|---|---|")
    for path in files:
        _, texts, _ = load(path, args.half)
        base = find_themes(texts, method=args.method)
        other = find_themes(texts, method=args.method, seed=1)
        everyone = list(range(len(texts)))
        seed_cell = f"{_ari(base, other, everyone):.2f} ({other.k})"
        kept_names = [_names_kept(base, other, everyone)]
        cells = []
        rng = np.random.default_rng(2026)
        for size in (1, 3):
            figures, kept_here = [], []
            for _ in range(args.draws):
                gone = set(rng.choice(len(texts), size, replace=False).tolist())
                kept = [i for i in everyone if i not in gone]
                after = find_themes([texts[i] for i in kept], method=args.method)
                figures.append(f"{_ari(base, after, kept):.2f} ({after.k})")
                kept_here.append(_names_kept(base, after, kept))
            cells.append(", ".join(figures))
            kept_names.append(min(kept_here))
        print(
            f"| {path.stem} | {base.k} | {seed_cell} | {cells[0]} | {cells[1]} "
            f"| {' · '.join(f'{n}/{base.k}' for n in kept_names)} (fewest) |",
            flush=True,
        )


def _previous(result) -> dict:
    """A run's themes as a re-issued brief passes them on: theme -> its members' ids."""
    return {theme.label: theme.ids for theme in result.themes}


def print_warm(files: list[Path], args) -> None:
    """Cold against warm start: after removing texts, and after adding 20-30 % of them."""
    print("\n| file | our k | without 1 text: ARI cold · warm (k) | without 3 texts: ARI cold · "
          "warm (k) | names kept cold · warm, drop 1 · drop 3 (fewest) |")
    print("|---|---:|---|---|---|")
    grown = []
    for path in files:
        _, texts, topics = load(path, args.half)
        base = find_themes(texts, method=args.method)
        everyone = list(range(len(texts)))
        rng = np.random.default_rng(2026)  # the stability table's draws
        cells, names = [], []
        for size in (1, 3):
            figures, kept_cold, kept_warm = [], [], []
            for _ in range(args.draws):
                gone = set(rng.choice(len(texts), size, replace=False).tolist())
                kept = [i for i in everyone if i not in gone]
                sub = [texts[i] for i in kept]
                cold = find_themes(sub, ids=kept, method=args.method)
                warm = find_themes(sub, ids=kept, method=args.method, previous=_previous(base))
                figures.append(f"{_ari(base, cold, kept):.2f} · {_ari(base, warm, kept):.2f}"
                               f" ({cold.k}·{warm.k})")
                kept_cold.append(_names_kept(base, cold, kept))
                kept_warm.append(_names_kept(base, warm, kept))
            cells.append(", ".join(figures))
            names.append(f"{min(kept_cold)}/{base.k} · {min(kept_warm)}/{base.k}")
        print(f"| {path.stem} | {base.k} | {cells[0]} | {cells[1]} | {', '.join(names)} |",
              flush=True)
        grown.append((path.stem, texts, topics, base))
    print("\n| file | share first run | k first (cold) | NMI first (its texts) | k all: cold · "
          "warm · forced | NMI all: cold · warm · forced | ARI against cold on all: warm · "
          "forced |")
    print("|---|---:|---:|---:|---|---|---|")
    for stem, texts, topics, base in grown:
        rng = np.random.default_rng(7)
        for share in (0.7, 0.8, 0.95):
            for _ in range(max(1, args.draws // 2)):
                first = sorted(rng.choice(len(texts), int(share * len(texts)), replace=False))
                early = find_themes([texts[i] for i in first], ids=first, method=args.method)
                warm = find_themes(texts, method=args.method, previous=_previous(early))
                forced = _forced_warm(texts, args.method, _previous(early))
                runs = (base, warm, forced)
                nmi = [normalized_mutual_info_score(topics, np.array(r.assignments))
                       for r in runs]
                ari = [adjusted_rand_score(base.assignments, r.assignments) for r in runs[1:]]
                early_nmi = normalized_mutual_info_score([topics[i] for i in first],
                                                         np.array(early.assignments))
                print(f"| {stem} | {share:.0%} | {early.k} | {early_nmi:.3f} "
                      f"| {' · '.join(str(r.k) for r in runs)}"
                      f" | {' · '.join(f'{x:.3f}' for x in nmi)} "
                      f"| {' · '.join(f'{x:.2f}' for x in ari)} |", flush=True)


def _forced_warm(texts: list[str], method: str, previous: dict):
    """A warm start without its guard against many new texts (``_WARM_COVERAGE``): what the
    guard is for."""
    guard = themes_module._WARM_COVERAGE
    themes_module._WARM_COVERAGE = 0.0
    try:
        return find_themes(texts, method=method, previous=previous)
    finally:
        themes_module._WARM_COVERAGE = guard


def _ari(before, after, kept: list[int]) -> float:
    """ARI of two runs on the texts both saw (``kept`` = positions of ``after``'s texts)."""
    return adjusted_rand_score([before.assignments[i] for i in kept], after.assignments)


def _names_kept(before, after, kept: list[int]) -> int:
    """Themes of ``before`` whose best-overlapping theme in ``after`` has the same name."""
    position = {old: new for new, old in enumerate(kept)}
    same = 0
    for theme in before.themes:
        members = [position[i] for i in theme.member_indices if i in position]
        votes = Counter(after.assignments[i] for i in members)
        best = votes.most_common(1)[0][0] if votes else -1
        same += best >= 0 and after.themes[best].label == theme.label
    return same


def print_names(stem: str, result, topics: list[str]) -> None:
    """Each theme's name beside the reference topic most of its texts carry."""
    print(f"\n**{stem}**\n")
    print("| theme name | texts | best-matching reference topic | share of the theme's texts "
          "| other phrases |")
    print("|---|---:|---|---:|---|")
    for theme in result.all_themes:
        if not theme.size:
            continue
        counts = Counter(topics[i] for i in theme.member_indices)
        topic, hits = counts.most_common(1)[0]
        others = ", ".join(p for p in theme.phrases if p != theme.label)
        print(f"| {theme.label} | {theme.size} | {topic} | {hits / theme.size:.0%} | {others} |")


if __name__ == "__main__":
    raise SystemExit(main())
