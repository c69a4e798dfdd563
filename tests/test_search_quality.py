"""Search quality on the judged query set: normbase's success@10 and MRR must not drop
below the committed baseline (``benchmarks/search_quality.py`` prints the full table,
with whoosh's own analyzers for comparison).

reads: ``tests/search/judged_queries.tsv`` and the seed documents; writes: an index in a tmp dir.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from normbase.search import SearchIndex

sys.path.insert(0, str(Path(__file__).resolve().parent / "search"))
from judged import evaluate, load_judged, summary  # noqa: E402
from seed_docs import seed_docs  # noqa: E402

# Committed baseline (docs/search.md): every judged query finds all its units in the top 10.
BASELINE = {
    "ru": {"success@10": 1.0, "mrr": 0.88},
    "kk": {"success@10": 1.0, "mrr": 0.93},
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    with SearchIndex.build(tmp_path_factory.mktemp("quality") / "search", seed_docs()) as ix:
        return evaluate(lambda q, lang: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=lang, limit=10)],
                        load_judged())


def test_judged_set_is_large_and_bilingual():
    judged = load_judged()
    by_lang = {lang: sum(j.lang == lang for j in judged) for lang in ("ru", "kk")}
    assert len(judged) >= 40 and min(by_lang.values()) >= 15, by_lang
    assert len({j.id for j in judged}) == len(judged)
    kinds = {j.kind for j in judged}
    assert {"morphology", "typo", "phrase", "number"} <= kinds


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_quality_does_not_drop_below_baseline(outcomes, lang):
    got = summary(outcomes, lang)
    failed = [(o.judged.id, o.judged.query, {u[1]: r for u, r in o.ranks.items()})
              for o in outcomes if o.judged.lang == lang and not o.success]
    assert got["success@10"] >= BASELINE[lang]["success@10"], failed
    assert got["mrr"] >= BASELINE[lang]["mrr"], got
