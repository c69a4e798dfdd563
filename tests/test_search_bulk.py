"""The bulk index writer against whoosh's own: the same postings, lengths, columns and
stored fields; the same word forms and Kazakh vocabulary as reading every text in order;
the same index whether the two languages are written by one process or two; and the
cached BM25F scores bit for bit equal to whoosh's.

reads: the seed documents (``tests/search/seed_docs.py``); writes: indexes in tmp dirs.
"""

from __future__ import annotations

import itertools
import multiprocessing
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh import query as wq
from whoosh import scoring as wscoring

from normbase.search import SearchDoc, SearchIndex, bulk
from normbase.search.analysis import HYPHENS, fold, positions
from normbase.search.index import document_fields, kazakh_words, make_schema
from normbase.search.kazakh import KazakhVocabulary
from normbase.search.scoring import BM25F

sys.path.insert(0, str(Path(__file__).resolve().parent / "search"))
from seed_docs import seed_docs  # noqa: E402


def corpus() -> list[SearchDoc]:
    """The seed documents, and copies under other acts (shared wordings, as at scale),
    plus the odd cases: an empty text, numbers with a number sign, open-ended dates."""
    docs = seed_docs()
    copies = [replace(d, act=f"{n}-2020") for n in range(900, 910) for d in docs[n % 3:]]
    odd = [
        SearchDoc("1-2001", "p1", "ru", 0, None, None, ""),
        SearchDoc("1-2001", "p2", "ru", 0, date(2001, 1, 1), None, "Приказ № 0583, N 12 и №7-1; 3-х"),
        SearchDoc("1-2001", "p2", "kk", 0, None, date(2002, 1, 1), "№ 583 бұйрықтың 7-тармағы, N12"),
    ]
    return docs + copies + odd


def dump(path: Path) -> dict:
    """Everything a whoosh index answers, segment by segment."""
    ix = windex.open_dir(str(path))
    out = {"schema": sorted((name, type(f).__name__) for name, f in ix.schema.items()), "segments": []}
    with ix.reader() as top:
        for reader, _ in top.leaf_readers():
            n = reader.doc_count_all()
            seg = {"docs": n, "stored": [reader.stored_fields(i) for i in range(n)], "terms": {}}
            for name in sorted(reader.indexed_field_names()):
                for tbytes in reader.lexicon(name):
                    ti = reader.term_info(name, tbytes)
                    m = reader.postings(name, tbytes)
                    posts = []
                    while m.is_active():
                        posts.append((m.id(), m.weight(), m.value()))
                        m.next()
                    seg["terms"][(name, tbytes)] = (ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(),
                                                    ti.max_weight(), ti.min_id(), ti.max_id(), posts)
            for name in ("text_kk", "text_ru"):
                seg[name] = (reader.field_length(name), [reader.doc_field_length(i, name) for i in range(n)])
            for name in ("from_day", "to_day"):
                if reader.has_column(name):
                    col = reader.column_reader(name)
                    seg[name] = [col[i] for i in range(n)]
            out["segments"].append(seg)
    return out


def whoosh_own_index(path: Path, docs: list[SearchDoc]) -> None:
    """The reference: whoosh's ``add_document`` + ``commit``, the same schema and vocabulary."""
    vocabulary = KazakhVocabulary.from_words(kazakh_words(d.text for d in docs if d.lang == "kk"))
    path.mkdir()
    ix = windex.create_in(str(path), make_schema(vocabulary))
    writer = ix.writer()
    for d in docs:
        writer.add_document(**document_fields(d))
    writer.commit()


def surfaces_by_reading(docs: list[SearchDoc], lang: str, vocabulary) -> dict[str, str]:
    """Word form -> primary term, reading every text in order (the first reading wins)."""
    forms: dict[str, str] = {}
    for d in docs:
        if d.lang != lang:
            continue
        for p in positions(d.text, lang, vocabulary):
            raw = fold(d.text[p.start:p.end])
            forms.setdefault(raw, p.terms[0])
            parts = [x for x in HYPHENS.split(raw) if x]
            if len(parts) > 1:
                for part, term in zip(parts, positions(" ".join(parts), lang, vocabulary)):
                    forms.setdefault(part, term.terms[0])
    return forms


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_segment_is_what_whoosh_writes(tmp_path, lang):
    docs = [d for d in corpus() if d.lang == lang]
    whoosh_own_index(tmp_path / "whoosh", docs)
    SearchIndex.build(tmp_path / "bulk", docs).close()
    assert dump(tmp_path / "bulk") == dump(tmp_path / "whoosh")


def test_vocabulary_and_word_forms_are_those_of_reading_every_text(tmp_path):
    docs = corpus()
    vocabulary, surfaces = bulk.write_segments(tmp_path / "ix", make_schema, docs, document_fields, parallel=False)
    assert vocabulary == KazakhVocabulary.from_words(kazakh_words(d.text for d in docs if d.lang == "kk"))
    assert len(vocabulary) > 100
    for lang, vocab in (("kk", vocabulary), ("ru", None)):
        assert surfaces[lang] == surfaces_by_reading(docs, lang, vocab)
    ix = windex.open_dir(str(tmp_path / "ix"))          # a whoosh index, Kazakh segment first
    assert [s.doc_count_all() for s in ix._segments()] == [sum(d.lang == lang for d in docs) for lang in ("kk", "ru")]
    assert ix.schema["text_kk"].analyzer.vocabulary == vocabulary
    ix.close()


FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


@FORK
def test_two_processes_write_the_same_index_as_one(tmp_path):
    docs = corpus()
    one = bulk.write_segments(tmp_path / "one", make_schema, docs, document_fields, parallel=False)
    two = bulk.write_segments(tmp_path / "two", make_schema, docs, document_fields, parallel=True)
    assert max(len(v[-1]) for v in dump(tmp_path / "two")["segments"][1]["terms"].values()) > 2 * 128  # several blocks
    assert one == two
    assert dump(tmp_path / "one") == dump(tmp_path / "two")
    assert sorted(p.name for p in (tmp_path / "two").iterdir() if not p.name.startswith("MAIN_")) == ["_MAIN_0.toc"]


@FORK
def test_a_failure_in_the_second_process_is_raised_here(tmp_path):
    def fields_of(d):
        if d.lang == "kk":
            raise ValueError("bad Kazakh document")
        return document_fields(d)

    with pytest.raises(ValueError, match="bad Kazakh document") as e:
        bulk.write_segments(tmp_path / "ix", make_schema, corpus(), fields_of, parallel=True)
    assert any("index writer process" in note for note in getattr(e.value, "__notes__", []))


@FORK
def test_a_large_build_uses_the_second_process_and_finds_the_same(tmp_path, monkeypatch):
    docs = corpus()
    small = SearchIndex.build(tmp_path / "serial", docs)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 1)
    monkeypatch.setattr(bulk, "_can_fork", lambda: True)
    started = []
    monkeypatch.setattr(bulk, "_start", lambda *a, start=bulk._start: started.append(a[1]) or start(*a))
    large = SearchIndex.build(tmp_path / "parallel", docs)
    assert started == ["kk"]
    try:
        for q, kw in [("методические объединения", {"lang": "ru"}), ("әдістемелік кеңес", {}),
                      ("кабинет", {"on": date(2016, 3, 1)}), ("№ 583", {"act": "1-2001"})]:
            a, b = small.search(q, **kw), large.search(q, **kw)
            assert a and [(h.doc, h.score, h.snippet) for h in a] == [(h.doc, h.score, h.snippet) for h in b]
    finally:
        small.close()
        large.close()


def test_cached_bm25f_scores_equal_whoosh_bm25f(tmp_path):
    with SearchIndex.build(tmp_path / "ix", corpus()) as index:
        ix = windex.open_dir(str(tmp_path / "ix"))
        terms = [t for t in sorted(index.field_vocabulary("ru").terms) if len(t) > 5][:40]
        queries = [wq.Term("text_ru", t) for t in terms]
        queries += [wq.Or([wq.Term("text_ru", a), wq.Term("text_ru", b)]) for a, b in itertools.pairwise(terms)]
        queries += [wq.And([wq.Term("text_kk", "білім"), wq.Term("text_kk", "беру")]), wq.Term("text_kk", "ұйым")]
        ours = ix.searcher(weighting=BM25F())
        stock = ix.searcher(weighting=wscoring.BM25F())
        for _ in range(2):                      # the second round reads the cached lengths
            for q in queries:
                for limit in (None, 10):
                    a = [(h.docnum, h.score) for h in ours.search(q, limit=limit)]
                    b = [(h.docnum, h.score) for h in stock.search(q, limit=limit)]
                    assert a == b, q
        ours.close()
        stock.close()
        ix.close()
