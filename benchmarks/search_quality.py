"""Search quality: the judged query set against three analyses.

reads: the seed texts (through ``tests/search/seed_docs.py``) and
``tests/search/judged_queries.tsv``;
writes: temporary indexes (deleted) and a markdown table on stdout.

    PYTHONPATH=src python benchmarks/search_quality.py [--failures]

Rows: normbase (``normbase.search``: its analysis, query language, typo expansion);
whoosh ``StandardAnalyzer`` and whoosh ``LanguageAnalyzer("ru")`` (Snowball Russian, used
for the Kazakh text too, as there is nothing better in whoosh) — both with whoosh's own
``QueryParser`` (AND of the words, quoted phrases), one field, a language filter.
A query succeeds when all its units are in the top 10; MRR uses the first one found.
A second table counts the Kazakh word families of ``tests/search/kk_families.tsv`` kept
together, and its unrelated pairs merged, by three suffix strippers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import QueryParser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "search"))

from judged import Outcome, evaluate, load_judged, summary  # noqa: E402
from seed_docs import seed_docs  # noqa: E402

from normbase.search import SearchIndex  # noqa: E402


def whoosh_baseline(folder: Path, docs, analyzer):
    """A plain whoosh index: one text field with ``analyzer``; returns a search function."""
    schema = Schema(act=ID(stored=True), address=ID(stored=True), lang=ID(stored=True),
                    text=TEXT(analyzer=analyzer), raw=STORED)
    ix = windex.create_in(str(folder), schema)
    w = ix.writer()
    for d in docs:
        w.add_document(act=d.act, address=d.address, lang=d.lang, text=d.text, raw=d.text)
    w.commit()
    searcher = ix.searcher()
    parser = QueryParser("text", schema)

    def search(query: str, lang: str):
        q = parser.parse(query)
        return [(r["act"], r["address"]) for r in searcher.search(q, limit=10, filter=wq.Term("lang", lang))]

    return search


def run() -> dict[str, list[Outcome]]:
    docs = seed_docs()
    judged = load_judged()
    out: dict[str, list[Outcome]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with SearchIndex.build(tmp / "normbase", docs) as ix:
            out["normbase"] = evaluate(
                lambda q, lang: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=lang, limit=10)], judged)
        for name, analyzer in (("whoosh StandardAnalyzer", StandardAnalyzer()),
                               ('whoosh LanguageAnalyzer("ru")', LanguageAnalyzer("ru"))):
            folder = tmp / name.split()[1].split("(")[0]
            folder.mkdir()
            out[name] = evaluate(whoosh_baseline(folder, docs, analyzer), judged)
    return out


def table(results: dict[str, list[Outcome]]) -> str:
    rows = ["| analysis | ru success@10 | ru MRR | kk success@10 | kk MRR | all success@10 | all MRR |",
            "|---|---|---|---|---|---|---|"]
    for name, outcomes in results.items():
        cells = []
        for lang in ("ru", "kk", None):
            s = summary(outcomes, lang)
            ok = round(s["success@10"] * s["queries"])
            cells += [f"{s['success@10']:.2f} ({ok}/{s['queries']})", f"{s['mrr']:.2f}"]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def stripper_table() -> str:
    """Kazakh word families kept together / unrelated pairs merged, three strippers."""
    from normbase.normalize import decode, normalize
    from normbase.search import KazakhVocabulary, analyze
    from normbase.search.analysis import HYPHENS, fold
    from normbase.search.index import kazakh_words
    from normbase.search.kazakh import naive_stem

    seed = ROOT / "amendments" / "488-2015" / "000_25adfcbe3fa7ad9f.txt"
    text = "\n".join(x.text for x in normalize(decode(seed.read_bytes(), str(seed)), doc=seed.name).lines)
    vocabulary = KazakhVocabulary.from_words(kazakh_words([text]))
    families, distinct = [], []
    for line in (ROOT / "tests" / "search" / "kk_families.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == "family":
            families.append([f.lstrip("+") for f in cells[2].split()])
        elif cells[0] == "distinct":
            distinct.append(cells[1:3])
    strippers = {
        "normbase, with the seed's vocabulary": lambda w: set(analyze(w, "kk", vocabulary)),
        "normbase, rules only (no vocabulary)": lambda w: set(analyze(w, "kk")),
        "naive (any listed ending, longest first)": lambda w: {naive_stem(p) for p in HYPHENS.split(fold(w))},
    }
    rows = ["| stripper | families kept together | unrelated pairs merged |", "|---|---|---|"]
    for name, terms in strippers.items():
        kept = sum(bool(set.intersection(*(terms(f) for f in fam))) for fam in families)
        merged = sum(bool(terms(a) & terms(b)) for a, b in distinct)
        rows.append(f"| {name} | {kept} / {len(families)} | {merged} / {len(distinct)} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--failures", action="store_true", help="list the queries each analysis fails")
    args = ap.parse_args()
    results = run()
    print(table(results))
    print()
    print(stripper_table())
    if args.failures:
        for name, outcomes in results.items():
            failed = [o for o in outcomes if not o.success]
            print(f"\n{name}: {len(failed)} failed")
            for o in failed:
                ranks = " ".join(f"{a}={r or '-'}" for (_, a), r in o.ranks.items())
                print(f"  {o.judged.id} [{o.judged.kind}] {o.judged.query!r}: {ranks}")


if __name__ == "__main__":
    main()
