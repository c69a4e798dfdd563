"""References: precision and recall on the judged set, spaCy rules against plain regexes.

reads: ``tests/references/judged.tsv`` and ``acts.tsv``, ``../shared/real-corpus/``, the seed corpus;
writes: a markdown table on stdout (``--write`` also writes ``docs/references-baseline.json``,
the baseline ``tests/test_references.py`` holds the extractor to).

    PYTHONPATH=src python benchmarks/references.py [--failures] [--write]

Both engines share one lexicon (``normbase.refgrammar``) and one combiner; only the way the
pieces are found differs: spaCy's ``EntityRuler`` over blank ``ru`` / ``xx`` pipelines, or the
same token patterns compiled into character regexes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "references"))

import refeval  # noqa: E402

from normbase import references  # noqa: E402
from normbase.pipeline import build  # noqa: E402


def run(engine: str, kb) -> tuple[dict, float]:
    judged = refeval.load_judged()
    sources = sorted({j.source for j in judged})
    refeval.predict(sources[:1], kb, engine)      # warm up (spaCy builds its pipeline once)
    references._found.cache_clear()  # but time every wording found, not the warm-up's kept ones
    t = time.perf_counter()
    predicted = refeval.predict(sources, kb, engine)
    elapsed = time.perf_counter() - t
    return refeval.score(judged, predicted, kb), elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--failures", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if not refeval.REAL.is_dir():
        sys.exit(f"no {refeval.REAL}: the judged set needs the real corpus")
    kb = build(ROOT)
    print("| engine | judged | predicted | correct | precision | recall | time (s) |")
    print("|---|---|---|---|---|---|---|")
    results = {}
    for engine in ("spacy", "regex"):
        s, elapsed = run(engine, kb)
        results[engine] = s
        print(f"| {engine} | {s['judged']} | {s['predicted']} | {s['correct']} | {s['precision']:.3f} "
              f"| {s['recall']:.3f} | {elapsed:.2f} |")
        if args.failures:
            for j in s["missed"]:
                print(f"  missed: {j.source}:{j.where} «{j.span}» → {j.target}")
            for p in s["wrong"]:
                print(f"  wrong:  {p.source}:{p.where} «{p.span}» → {p.target}")
    if args.write:
        s = results["spacy"]
        (ROOT / "docs" / "references-baseline.json").write_text(json.dumps(
            {"judged": s["judged"], "precision": math.floor(s["precision"] * 1000) / 1000,
             "recall": math.floor(s["recall"] * 1000) / 1000},
            indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
