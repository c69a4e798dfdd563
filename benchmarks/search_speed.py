"""Search speed: index build time and query latency on a synthetic corpus.

reads: the seed documents (``tests/search/seed_docs.py``) and the judged queries;
writes: a temporary index (deleted unless ``--keep``) and a markdown table on stdout.

    PYTHONPATH=src python benchmarks/search_speed.py [--docs 100000] [--seed 583]

The corpus: ``--docs`` unit versions (half Russian, half Kazakh) spread over 500 acts,
each unit with 1–3 dated versions; each text is 1–4 clauses drawn (deterministically,
``random.Random(seed)``) from the clauses of the seed units of its language, behind a
point label. The queries: the judged set, run four ways (language given; both
languages; with an ``on`` date and an ``act`` filter; and just the typo queries).
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "search"))

from judged import load_judged  # noqa: E402
from seed_docs import seed_docs  # noqa: E402

from normbase.search import SearchDoc, SearchIndex  # noqa: E402


def clauses(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        text = re.sub(r"^\s*\d+[.)]\s*", "", text)
        for piece in re.split(r"(?<=[;:.])\s+", text):
            if len(piece.split()) >= 3:
                out.append(piece.strip())
    return sorted(set(out))


def synthetic_corpus(n: int, seed: int) -> list[SearchDoc]:
    rng = random.Random(seed)
    seeds = seed_docs()
    pool = {lang: clauses([d.text for d in seeds if d.lang == lang]) for lang in ("ru", "kk")}
    docs: list[SearchDoc] = []
    unit = 0
    while len(docs) < n:
        lang = ("ru", "kk")[unit % 2]
        act = f"{1 + (unit // 2) % 500}-{2000 + (unit // 1000) % 25}"
        point = (unit // 1000) * 1 + (unit // 2) // 500 + 1
        address = f"rules.p{point}" if unit % 3 else f"rules.p{point}.sp{1 + unit % 7}"
        versions = rng.choice((1, 1, 2, 3))
        start = date(2008, 1, 1) + timedelta(days=rng.randrange(0, 3000))
        days = [start + timedelta(days=400 * v + rng.randrange(0, 300)) for v in range(versions)]
        for v in range(versions):
            if len(docs) >= n:
                break
            body = " ".join(rng.choice(pool[lang]) for _ in range(rng.randint(1, 4)))
            rng.choice(("in_force", "uncertain"))   # was the document's certainty: drawn still, so the corpus stays the same
            docs.append(SearchDoc(act, address, lang, v, days[v] if v else None,
                                  days[v + 1] if v + 1 < versions else None, f"{point}. {body}",
                                  f"synthetic {unit}"))
        unit += 1
    return docs


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return q[49], q[94], ms[-1]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=583)
    ap.add_argument("--keep", type=Path, default=None, help="build the index here and keep it")
    args = ap.parse_args()

    t0 = time.perf_counter()
    docs = synthetic_corpus(args.docs, args.seed)
    t_gen = time.perf_counter() - t0
    tmp = Path(tempfile.mkdtemp())
    path = args.keep or tmp / "search"
    try:
        t0 = time.perf_counter()
        ix = SearchIndex.build(path, docs)
        t_build = time.perf_counter() - t0
        judged = load_judged()
        t0 = time.perf_counter()
        ix.search("методические объединения", lang="ru")
        t_first = time.perf_counter() - t0
        runs = {
            "language given": [(j.query, dict(lang=j.lang)) for j in judged],
            "both languages": [(j.query, {}) for j in judged],
            "on a date": [(j.query, dict(lang=j.lang, on=date(2016, 3, 1))) for j in judged],
            "on a date, one act": [(j.query, dict(lang=j.lang, on=date(2016, 3, 1), act="7-2001")) for j in judged],
            "typo queries only": [(j.query, dict(lang=j.lang)) for j in judged if j.kind == "typo"],
        }
        rows = []
        for name, queries in runs.items():
            ms = []
            for _ in range(3):
                for q, kw in queries:
                    t0 = time.perf_counter()
                    ix.search(q, **kw)
                    ms.append((time.perf_counter() - t0) * 1000)
            p50, p95, worst = percentiles(ms)
            rows.append(f"| {name} | {len(queries)} × 3 | {p50:.1f} | {p95:.1f} | {worst:.1f} |")
        size = folder_size(path)
        ix.close()
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"corpus: {len(docs):,} unit versions ({sum(d.lang == 'ru' for d in docs):,} ru, "
          f"{sum(d.lang == 'kk' for d in docs):,} kk), {sum(len(d.text) for d in docs) / 1e6:.1f} M characters, "
          f"generated in {t_gen:.1f} s")
    print()
    print("| build | seconds | documents/s | index size |")
    print("|---|---|---|---|")
    print(f"| SearchIndex.build | {t_build:.1f} | {len(docs) / t_build:,.0f} | {size / 1e6:.0f} MB |")
    print()
    print(f"first query after open (loads the term lists): {t_first * 1000:.0f} ms")
    print()
    print("| queries | runs | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
