"""Benchmark: our opinion-group analysis vs red-dwarf's Pol.is implementation.

Usage (from the repo root, deps from requirements-bench.txt):

    python bench/opinion.py                       # real conversations + 10k/50k/100k synthetic
    python bench/opinion.py --sizes 10000 --skip-peer-above 50000
    python bench/opinion.py --only real

Real conversations: every folder of ../shared/polis-open-data (Pol.is exports). For each, both
methods run in this process; ARI is against Pol.is's own ``group-id`` (participants-votes.csv)
over every participant Pol.is grouped; a participant a method did not cluster counts as one
extra group ("not clustered"). Data: The Computational Democracy Project, CC BY 4.0.

Synthetic conversations: n participants × 1,000 statements, ~50 votes each, planted latent
groups. Each (method, size) runs in a fresh subprocess so its peak RSS
(``resource.getrusage(...).ru_maxrss``) is its own; the input arrays are generated in the
parent and handed over as a .npz file. Reported: analysis wall time (ours: building the sparse
matrix from the records is reported separately), peak RSS of the worker process (includes the
interpreter, libraries and the input records), ARI vs the planted groups over all participants.
Times are wall-clock seconds with process CPU seconds in brackets (CPU time is what to compare
on a shared, busy machine; red-dwarf's BLAS may use several threads, which CPU time counts).

End to end (``--only e2e``): the synthetic set written as a Pol.is folder (comments.csv,
votes.csv), imported with ``python -m engagement import-polis`` into a fresh database, then
``python -m engagement analyse SLUG --format json`` run ``--repeat`` times; each command runs
under ``/usr/bin/time -v`` (wall, user + system CPU, peak RSS). ``--database-url`` selects the
database (default: a new SQLite file in a temporary folder); on PostgreSQL give an empty
database, which init-db migrates.

    python bench/opinion.py --only e2e --sizes 100000 --repeat 3
    python bench/opinion.py --only e2e --sizes 100000 --database-url postgresql://...
    python bench/opinion.py --only e2e --sizes 100000 --postgres      # a throwaway server
    python bench/opinion.py --only e2e --sizes 100000 --folder /tmp/synth  # reuse the files

Each row also gives the machine's load average before and after (CPU seconds are the fairer
comparison on a shared machine) and, on PostgreSQL, that the server's CPU is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.planted import ari_vs, planted_groups, planted_votes  # noqa: E402
from engagement.analysis.opinion import VoteMatrix, analyse  # noqa: E402

DATA = REPO.parent / "shared" / "polis-open-data"


# ---------------------------------------------------------------- data
def load_conversation(folder: Path):
    """Votes (as arrays), statement keys/created times, moderated-out keys, Pol.is groups."""
    # imported here: the package pulls in the database layer, which the synthetic workers'
    # peak RSS must not include
    from engagement.polis_format.read import read_vote_records

    rec = read_vote_records(folder)
    votes = {
        "pid": np.array(rec.voter_ids),
        "tid": np.array(rec.comment_ids),
        "vote": np.array(rec.values),
        "ts": np.array(rec.timestamps, dtype=np.float64),
    }
    return votes, rec.statement_ids, rec.statement_created, rec.moderated_out, rec.polis_groups


def synthetic(n: int, p: int = 1000, votes: int = 50, seed: int = 0):
    """Planted groups (sizes 50/30/20 %); each participant votes on ~Poisson(votes)
    random statements (repeats allowed: the latest wins)."""
    rng = np.random.default_rng(seed)
    g, p_agree = planted_groups(rng, n, p)
    k = np.maximum(rng.poisson(votes, n), 1)
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = rng.integers(0, p, size=len(rows))
    u = rng.random(len(rows))
    vals = planted_votes(u, p_agree[g[rows], cols])
    ts = rng.random(len(rows))
    return rows, cols, vals, ts, g


# ---------------------------------------------------------------- methods
def run_ours(pid, tid, vote, ts, *, statements=None, created=None, mod_out=(), seed=0):
    t0 = time.perf_counter()
    m = VoteMatrix.from_records(pid, tid, vote, ts, statement_keys=statements,
                                statement_created=created)
    t1 = time.perf_counter()
    c1 = time.process_time()
    res = analyse(m, moderated_out=mod_out, seed=seed)
    t2 = time.perf_counter()
    run_ours.cpu = time.process_time() - c1
    return res.labels_by_key(), t1 - t0, t2 - t1, res


def reddwarf_records(pid, tid, vote, ts):
    order = np.argsort(ts, kind="stable")
    latest = {}
    for i in order.tolist():  # latest vote per (participant, statement) wins
        latest[(int(pid[i]), int(tid[i]))] = i
    idx = np.fromiter(latest.values(), dtype=np.int64)
    return [
        {"participant_id": int(a), "statement_id": int(b), "vote": int(c), "modified": float(d)}
        for a, b, c, d in zip(pid[idx], tid[idx], vote[idx], ts[idx], strict=True)
    ]


def run_reddwarf(records, *, mod_out=(), seed=0):
    import pandas as pd
    from reddwarf.implementations.polis import run_pipeline

    t0 = time.perf_counter()
    c0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_pipeline(votes=records, mod_out_statement_ids=list(mod_out),
                           random_state=seed)
    dt = time.perf_counter() - t0
    run_reddwarf.cpu = time.process_time() - c0
    labels = {int(k): (-1 if pd.isna(v) else int(v))
              for k, v in res.participants_df["cluster_id"].items()}
    return labels, dt


# ---------------------------------------------------------------- worker (one size, one method)
def worker(method: str, path: str) -> None:
    z = np.load(path)
    rows, cols, vals, ts, g = z["rows"], z["cols"], z["vals"], z["ts"], z["g"]
    truth = {i: int(x) for i, x in enumerate(g)}
    rss_in = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {"method": method, "n": int(len(g))}
    if method == "ours":
        labels, build, secs, res = run_ours(rows, cols, vals, ts, statements=range(1000))
        out.update(build_s=build, seconds=secs, cpu_s=run_ours.cpu, k=res.k,
                   n_clustered=res.n_clustered, stability=res.stability.mean_ari)
    else:
        records = reddwarf_records(rows, cols, vals, ts)
        del rows, cols, vals, ts
        labels, secs = run_reddwarf(records)
        out.update(seconds=secs, cpu_s=run_reddwarf.cpu, k=len(set(labels.values()) - {-1}))
    out["ari"] = ari_vs(truth, labels)
    out["rss_input_mb"] = rss_in / 1024
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def run_worker(method: str, path: str, timeout: float) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", method, path],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- end to end
def write_polis_folder(folder: Path, n: int) -> int:
    """The synthetic set as Pol.is export files; returns the number of vote rows."""
    import pandas as pd

    rows, cols, vals, ts, _ = synthetic(n)
    base = 1_700_000_000_000  # epoch ms; votes spread over 30 days after the statements
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "comments.csv").open("w", encoding="utf-8") as handle:
        handle.write("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
                     "comment-body\n")
        for c in range(1000):
            handle.write(f"{base - 1000 + c},x,{c},,0,0,1,Statement number {c}\n")
    pd.DataFrame({"timestamp": base + (ts * 86_400_000 * 30).astype(np.int64),
                  "datetime": "x", "comment-id": cols, "voter-id": rows, "vote": vals}
                 ).to_csv(folder / "votes.csv", index=False)
    (folder / "summary.csv").write_text("topic,Synthetic\n", encoding="utf-8")
    return len(rows)


def timed_cli(args: list[str], url: str, out=subprocess.DEVNULL) -> dict:
    """One `python -m engagement` command under /usr/bin/time -v."""
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "engagement", "--database-url", url,
           *args]
    proc = subprocess.run(cmd, cwd=REPO, stdout=out, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.strip()[-2000:]}")
    fields = dict(line.strip().rsplit(": ", 1) for line in proc.stderr.splitlines()
                  if ": " in line and line.startswith("\t"))
    wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    return {"wall": seconds, "cpu": cpu,
            "rss_mb": int(fields["Maximum resident set size (kbytes)"]) / 1024}


def bench_end_to_end(sizes: list[int], url: str | None, repeat: int,
                     folder: Path | None = None) -> None:
    print("\n### End to end: Pol.is folder -> import-polis -> analyse --format json\n")
    print("| participants | vote rows | backend | import s (CPU s) | votes/s | import peak RSS MB "
          "| analyse s, median of runs (CPU s) | analyse runs s (CPU s) | analyse peak RSS MB "
          "| load average before / after |")
    print("|---:|---:|---|---:|---:|---:|---:|---|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db = url or f"sqlite:///{tmp}/e2e_{n}.db"
            subprocess.run([sys.executable, "-m", "engagement", "--database-url", db,
                            "init-db"], cwd=REPO, check=True, capture_output=True)
            files = (folder or Path(tmp)) / f"synth-{n}"
            if (files / "votes.csv").exists():
                votes = sum(1 for _ in (files / "votes.csv").open("rb")) - 1
            else:
                votes = write_polis_folder(files, n)
            slug = f"synth-{n}-{os.getpid()}"
            load_before = os.getloadavg()[0]
            imp = timed_cli(["import-polis", str(files), "--slug", slug], db)
            runs = [timed_cli(["analyse", slug, "--format", "json"], db)
                    for _ in range(repeat)]
            load_after = os.getloadavg()[0]
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            backend = db.split(":", 1)[0].split("+")[0]
            each = ", ".join(f"{r['wall']:.1f} ({r['cpu']:.1f})" for r in runs)
            print(f"| {n:,} | {votes:,} | {backend} | {imp['wall']:.1f} ({imp['cpu']:.1f}) "
                  f"| {votes / imp['wall']:,.0f} | {imp['rss_mb']:.0f} | {wall:.1f} ({cpu:.1f}) "
                  f"| {each} | {max(r['rss_mb'] for r in runs):.0f} "
                  f"| {load_before:.1f} / {load_after:.1f} |", flush=True)


def end_to_end_on_postgres(sizes: list[int], repeat: int, folder: Path | None) -> None:
    """The end-to-end rows on a throwaway PostgreSQL server (fsync off, as in the tests)."""
    from harness.pg_server import PostgresServer

    server = PostgresServer().start()
    try:
        bench_end_to_end(sizes, server.create_database("e2e"), repeat, folder)
    finally:
        server.stop()


# ---------------------------------------------------------------- main
def bench_real(data: Path) -> None:
    print("\n### Real Pol.is conversations (ARI vs Pol.is group-id)\n")
    print("| conversation | participants | Pol.is grouped | ours k | ours ARI "
          "| ours s (CPU s) | red-dwarf k | red-dwarf ARI | red-dwarf s (CPU s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ours_all, rd_all = [], []
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        votes, statements, created, mod_out, groups = load_conversation(folder)
        lab, build, secs, res = run_ours(votes["pid"], votes["tid"], votes["vote"], votes["ts"],
                                         statements=statements, created=created,
                                         mod_out=mod_out)
        a = ari_vs(groups, lab)
        rlab, rsecs = run_reddwarf(reddwarf_records(**{
            "pid": votes["pid"], "tid": votes["tid"], "vote": votes["vote"], "ts": votes["ts"]}),
            mod_out=mod_out)
        b = ari_vs(groups, rlab)
        ocpu, rcpu = run_ours.cpu, run_reddwarf.cpu
        ours_all.append(a)
        rd_all.append(b)
        print(f"| {folder.name} | {res.n_participants} | {len(groups)} | {res.k} | {a:.3f} "
              f"| {build + secs:.2f} ({ocpu:.2f}) | {len(set(rlab.values()) - {-1})} | {b:.3f} "
              f"| {rsecs:.2f} ({rcpu:.2f}) |", flush=True)
    print(f"| **median** | | | | **{statistics.median(ours_all):.3f}** | | "
          f"| **{statistics.median(rd_all):.3f}** | |")
    worst = min(a - b for a, b in zip(ours_all, rd_all, strict=True))
    print(f"\nWorst per-conversation ARI difference (ours − red-dwarf): {worst:+.3f}")


def bench_synthetic(sizes: list[int], skip_peer_above: int | None, timeout: float) -> None:
    print("\n### Synthetic conversations (1,000 statements, ~50 votes each, 3 planted groups)\n")
    print("| participants | votes | ours build s | ours analyse s (CPU s) | ours peak RSS MB "
          "| ours ARI | red-dwarf s (CPU s) | red-dwarf peak RSS MB | red-dwarf ARI "
          "| speed-up wall (CPU) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rows, cols, vals, ts, g = synthetic(n)
            path = os.path.join(tmp, f"synth_{n}.npz")
            np.savez(path, rows=rows, cols=cols, vals=vals, ts=ts, g=g)
            ours = run_worker("ours", path, timeout)
            if skip_peer_above is not None and n > skip_peer_above:
                rd = {"skipped": True}
            else:
                rd = run_worker("reddwarf", path, timeout)
            rd_s = (f"{rd['seconds']:.1f} ({rd['cpu_s']:.1f})" if "seconds" in rd else
                    ("skipped" if rd.get("skipped") else "failed"))
            rd_mem = f"{rd['peak_rss_mb']:.0f}" if "peak_rss_mb" in rd else "–"
            rd_ari = f"{rd['ari']:.3f}" if "ari" in rd else "–"
            speed = (f"{rd['seconds'] / ours['seconds']:.0f}× "
                     f"({rd['cpu_s'] / ours['cpu_s']:.0f}×)"
                     if "seconds" in rd and "seconds" in ours else "–")
            if "error" in ours:
                print(f"| {n} | {len(rows)} | failed: {ours['error']} |||||||")
                continue
            print(f"| {n:,} | {len(rows):,} | {ours['build_s']:.2f} "
                  f"| {ours['seconds']:.2f} ({ours['cpu_s']:.2f}) "
                  f"| {ours['peak_rss_mb']:.0f} | {ours['ari']:.3f} | {rd_s} | {rd_mem} "
                  f"| {rd_ari} | {speed} |", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", nargs=2, metavar=("METHOD", "NPZ"), help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--skip-peer-above", type=int, default=None,
                    help="skip red-dwarf for synthetic sizes above N participants")
    ap.add_argument("--only", choices=["real", "synthetic", "e2e"])
    ap.add_argument("--database-url", default=None,
                    help="database for --only e2e (default: a new SQLite file)")
    ap.add_argument("--postgres", action="store_true",
                    help="--only e2e on a throwaway PostgreSQL server (harness/pg_server.py)")
    ap.add_argument("--folder", type=Path, default=None,
                    help="--only e2e: keep the Pol.is files in FOLDER/synth-N (reused if there)")
    ap.add_argument("--repeat", type=int, default=3, help="analyse runs for --only e2e")
    ap.add_argument("--timeout", type=float, default=1800.0)
    args = ap.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if args.only == "e2e":
        sizes = [int(s) for s in args.sizes.split(",") if s]
        if args.postgres:
            end_to_end_on_postgres(sizes, args.repeat, args.folder)
        else:
            bench_end_to_end(sizes, args.database_url, args.repeat, args.folder)
        return
    if args.only != "synthetic":
        bench_real(args.data)
    if args.only != "real":
        sizes = [int(s) for s in args.sizes.split(",") if s]
        bench_synthetic(sizes, args.skip_peer_above, args.timeout)


if __name__ == "__main__":
    main()
