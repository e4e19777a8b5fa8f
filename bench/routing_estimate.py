"""How well a snapshot's vote alignment finds the planted divisive statements, by the map it is
measured on: the project's mean-imputed PCA (``routing.vote_alignment``, production) or a
map fitted on the seen votes only (``bench.routing._als_alignment``, no mean imputed).

Usage (from the repo root): ``python bench/routing_estimate.py [--seed 0] [--n 10]``

A planted conversation of ``bench/routing.py`` is replayed in the fixed order up to 100, 200
and 400 arrivals; each alignment is compared (Spearman rank correlation) with the planted
divisiveness, the spread of the three groups' chances of agreeing, over the statements seen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import routing as bench_routing  # noqa: E402
from bench.planted import planted_groups  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=10, help="statements each participant answers")
    args = ap.parse_args(argv)
    n, p = 600, 120
    conv = bench_routing.planted(n, p, seed=args.seed)
    _, p_agree = planted_groups(np.random.default_rng(args.seed), n, p)  # as planted() draws
    truth = p_agree.std(axis=0)
    print("| arrivals | PCA alignment (production) | alignment without imputation |")
    print("|---:|---:|---:|")
    for upto in (100, 200, 400):
        part = bench_routing.Conversation(conv.name, conv.arrivals[:upto], conv.available,
                                          conv.statements, ())
        pids, sids, vals = bench_routing.replay(part, args.n, False, args.seed, 50)
        result = bench_routing._analyse(pids, sids, vals, conv.statements, ())
        pca = result.statement_stats.divergence
        als = bench_routing._als_alignment(result.statement_keys, pids, sids, vals)
        seen = np.bincount(np.asarray(sids), minlength=p) > 0
        print(f"| {upto} | {spearmanr(pca[seen], truth[seen])[0]:.3f} "
              f"| {spearmanr(als[seen], truth[seen])[0]:.3f} |")


if __name__ == "__main__":
    main()
