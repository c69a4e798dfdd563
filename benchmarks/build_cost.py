"""What `normbase build` costs as the corpus grows: one fresh process per size, as a user runs it.

reads: synthetic projects made by ``benchmarks/synth.py`` (generated here when missing, in
``WORK/synthetic-<N>``); writes: ``WORK/build-<N>/`` (a copy of the project and its ``out/``),
``WORK/build_cost.json``, a markdown table on stdout and, with ``--plot FILE``, a PNG of time and
memory against the number of acts.

    python benchmarks/build_cost.py --sizes 100 1000            # the figures of docs/benchmarks.md
    python benchmarks/build_cost.py --sizes 1000 10000 --plot docs/build_cost.png

For each size: a full ``normbase build`` (CLI, cold, a fresh process), its wall time, the CPU time
of it and its workers, and the peak memory of its whole process tree (the sum of the PSS of the
process and every worker it forks, sampled every 0.1 s by ``run.py --sample-memory``); the site's
size, its file count and files per act; then one order's publication date is set and the build
runs again (the incremental rebuild), and its time is given as a share of the full build's.
Not a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
TARGETS = {1000: {"build_s": 30.0, "peak_mib": 600.0, "site_mib": 150.0, "files_per_act": 4.0},
           10000: {"peak_mib": 2048.0}}


def du(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return sum(p.stat().st_size for p in files), len(files)


def timed_build(root: Path) -> dict:
    """One `normbase build` in a fresh process: wall, CPU of it and its children, peak PSS of its tree."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "normbase", "--root", str(root), "build"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = subprocess.Popen([sys.executable, str(REPO / "benchmarks" / "run.py"), "--sample-memory",
                                str(proc.pid)], stdout=subprocess.PIPE, text=True)
    log, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.terminate()
    peak_kib = int((sampler.communicate()[0] or "0").strip() or 0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"normbase build failed in {root}:\n{log[-2000:]}")
    return {"wall_s": wall, "cpu_s": cpu, "peak_mib": peak_kib / 1024, "log": log.strip().splitlines()[-3:]}


def one_size(n: int, work: Path, orders: int, seed: int) -> dict:
    import synth

    src = work / f"synthetic-{n}"
    if not (src / "corpus").is_dir():
        synth.generate(n, orders, seed, src)
    root = work / f"build-{n}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for part in ("corpus", "amendments"):
        shutil.copytree(src / part, root / part)
    shutil.copytree(REPO / "site", root / "site")
    full = timed_build(root)
    site_bytes, site_files = du(root / "out" / "site")
    acts = sum(1 for _ in (root / "corpus").iterdir())
    act_files = sum(1 for p in (root / "out" / "site" / "acts").rglob("*") if p.is_file())
    source_files = sum(1 for p in (root / "out" / "site" / "sources").rglob("*") if p.is_file())
    act_ids = {p.name for p in (root / "corpus").iterdir()}
    own_sources = sum(1 for p in (root / "out" / "site" / "sources").rglob("*")
                      if p.is_file() and p.parent.name in act_ids)
    orders_n = sum(1 for _ in (root / "amendments").iterdir())
    order_files = sum(1 for p in (root / "out" / "site" / "orders").rglob("*") if p.is_file()) + (
        source_files - own_sources)
    # one order changes: its publication date is set (it was unknown)
    order = next(p for p in sorted((root / "amendments").iterdir())
                 if 'published = "unknown"' in (p / "meta.toml").read_text(encoding="utf-8"))
    meta = order / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('published = "unknown"', "published = 2030-01-01"),
                    encoding="utf-8")
    again = timed_build(root)
    kept = re.search(r"(\d+) acts' files kept", " ".join(again["log"]))
    return {"acts": acts, "full": full, "one_order": again, "one_order_share": again["wall_s"] / full["wall_s"],
            "acts_kept": int(kept.group(1)) if kept else 0,
            "own_files_per_act": (act_files + own_sources) / acts, "files_per_order": order_files / orders_n,
            "site_mib": site_bytes / 2**20, "site_files": site_files, "site_act_files": act_files,
            "site_source_files": source_files, "files_per_act": (act_files + source_files) / acts,
            "store_mib": du(root / "out" / "kb")[0] / 2**20, "index_mib": du(root / "out" / "index")[0] / 2**20}


def table(results: list[dict]) -> str:
    head = "| | " + " | ".join(f"{r['acts']:,} acts" for r in results) + " |"
    rows = [head, "|---|" + "---:|" * len(results)]

    def row(name, fmt):
        rows.append(f"| {name} | " + " | ".join(fmt(r) for r in results) + " |")

    row("**`normbase build`, full (s)**", lambda r: f"**{r['full']['wall_s']:.1f}**")
    row("CPU, all processes (s)", lambda r: f"{r['full']['cpu_s']:.1f}")
    row("**peak memory, all processes (PSS, MiB)**", lambda r: f"**{r['full']['peak_mib']:.0f}**")
    row("site on disk (MiB) / files", lambda r: f"{r['site_mib']:.1f} / {r['site_files']:,}")
    row("files per act (acts/ + sources/, its orders' sources included)", lambda r: f"{r['files_per_act']:.2f}")
    row("… an act's own (acts/<act>/ + sources/<act>/) / per order (its page + its sources)",
        lambda r: f"{r.get('own_files_per_act', 0):.2f} / {r.get('files_per_order', 0):.2f}")
    row("all site files per act", lambda r: f"{r['site_files'] / r['acts']:.1f}")
    row("store / index on disk (MiB)", lambda r: f"{r['store_mib']:.0f} / {r['index_mib']:.0f}")
    row("rebuild after one order's date is set (s)", lambda r: f"{r['one_order']['wall_s']:.1f}")
    row("**… as a share of the full build**", lambda r: f"**{r['one_order_share']:.0%}**")
    row("rebuild, CPU (s) / as a share of the full build's CPU",
        lambda r: f"{r['one_order']['cpu_s']:.1f} / {r['one_order']['cpu_s'] / r['full']['cpu_s']:.0%}")
    row("acts whose site files the rebuild kept", lambda r: str(r.get("acts_kept", "–")))
    return "\n".join(rows)


def plot(results: list[dict], path: Path) -> None:
    """Growth from the smallest size: wall time, CPU and peak memory as multiples of theirs, with
    the line of linear growth (log-log: a line under it grows slower than the corpus)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = sorted(results, key=lambda r: r["acts"])
    acts = [r["acts"] for r in results]
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for key, label in (("wall_s", "build, wall time"), ("cpu_s", "build, CPU"), ("peak_mib", "peak memory")):
        base = results[0]["full"][key]
        ax.plot(acts, [r["full"][key] / base for r in results], marker="o", label=label)
    ax.plot(acts, [a / acts[0] for a in acts], linestyle=":", color="grey", label="linear")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("acts")
    ax.set_ylabel(f"multiple of the {acts[0]:,}-act figure")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--orders", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/normbase-bench"))
    ap.add_argument("--plot", type=Path)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        results.append(one_size(n, args.work, args.orders, args.seed))
        print(f"{n} acts: {json.dumps({k: v for k, v in results[-1].items()}, default=str)[:400]}", file=sys.stderr)
    (args.work / "build_cost.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)\n")
    print(table(results))
    if args.plot:
        plot(results, args.plot)


if __name__ == "__main__":
    main()
