"""The judged query set and its scoring (success@10, MRR), shared by the quality test
and ``benchmarks/search_quality.py``.

reads: ``tests/search/judged_queries.tsv``;
writes: nothing (returns scores).

A query succeeds when every unit it must find is among its first 10 hits (a unit is
act + address; any version, in the query's language). Its reciprocal rank is 1/rank of
the first expected unit (0 when none is in the top 10); MRR is their mean.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

JUDGED = Path(__file__).resolve().parent / "judged_queries.tsv"
K = 10


@dataclass(frozen=True)
class Judged:
    id: str
    lang: str
    query: str
    expected: tuple[tuple[str, str], ...]
    kind: str
    note: str


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    ranks: dict[tuple[str, str], int | None]   # expected unit -> 1-based rank in the top K, or None

    @property
    def success(self) -> bool:
        return all(r is not None for r in self.ranks.values())

    @property
    def reciprocal_rank(self) -> float:
        found = [r for r in self.ranks.values() if r is not None]
        return 1.0 / min(found) if found else 0.0


def load_judged(path: Path = JUDGED) -> list[Judged]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        qid, lang, query, expected, kind = cells[:5]
        units = tuple(tuple(u.split(":", 1)) for u in expected.split())
        out.append(Judged(qid, lang, query, units, kind, cells[5] if len(cells) > 5 else ""))
    return out


Search = Callable[[str, str], Sequence[tuple[str, str]]]   # (query, lang) -> ranked (act, address)


def evaluate(search: Search, judged: list[Judged]) -> list[Outcome]:
    outcomes = []
    for j in judged:
        try:
            ranked = list(search(j.query, j.lang))[:K]
        except Exception:  # a baseline's parser may reject a query: it found nothing
            ranked = []
        ranks = {}
        for unit in j.expected:
            ranks[unit] = ranked.index(unit) + 1 if unit in ranked else None
        outcomes.append(Outcome(j, ranks))
    return outcomes


def summary(outcomes: list[Outcome], lang: str | None = None) -> dict[str, float]:
    sel = [o for o in outcomes if lang is None or o.judged.lang == lang]
    if not sel:
        return {"queries": 0, "success@10": 0.0, "mrr": 0.0}
    return {
        "queries": len(sel),
        "success@10": sum(o.success for o in sel) / len(sel),
        "mrr": statistics.fmean(o.reciprocal_rank for o in sel),
    }
