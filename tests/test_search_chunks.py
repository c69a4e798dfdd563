"""The search index in chunks of acts: the same answers as one segment per language, and a
rebuild that writes only the chunks whose documents changed, giving the bytes a build from
nothing gives.

reads: the seed documents (``tests/search/seed_docs.py``), copied under more acts (synthetic:
the seed's own wordings under made-up act ids); writes: indexes in tmp dirs.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from whoosh import index as windex

from normbase import signing
from normbase.search import SearchDoc, SearchIndex, bulk, chunks

sys.path.insert(0, str(Path(__file__).resolve().parent / "search"))
from seed_docs import seed_docs  # noqa: E402

QUERIES = [
    ("методические объединения", {"lang": "ru"}),
    ("әдістемелік кеңес", {}),
    ("кабинет", {"on": date(2016, 3, 1)}),
    ("оқу", {"lang": "kk"}),
    ("методичесие", {"lang": "ru"}),  # a typo: expanded through the field's vocabulary
]


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "key"))


def corpus() -> list[SearchDoc]:
    """The seed documents under 40 acts, each act with a share of them."""
    docs = seed_docs()
    return [replace(d, act=f"{n}-2020") for n in range(100, 140) for d in docs[n % 7 :: 3]]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".normbase-output"}


def answers(folder: Path) -> list:
    with SearchIndex.open(folder) as index:
        return [[(h.doc, h.score, h.snippet) for h in index.search(q, **kw)] for q, kw in QUERIES]


def counting(monkeypatch) -> list[str]:
    """The segments written (not linked) from now on, by id."""
    written: list[str] = []
    original = bulk.write_segment

    def write_segment(*args, **kwargs):
        written.append(args[7])
        return original(*args, **kwargs)

    monkeypatch.setattr(bulk, "write_segment", write_segment)
    monkeypatch.setattr(bulk, "_can_fork", lambda: False)  # counted in this process
    return written


def test_chunks_are_runs_of_whole_acts_cut_by_the_acts_themselves():
    docs = corpus()
    kk = [d for d in docs if d.lang == "kk"]
    parts = chunks.cut(kk, 40)
    assert len(parts) > 2 and [d for part in parts for d in part] == kk
    acts = [{d.act for d in part} for part in parts]
    assert all(not (a & b) for i, a in enumerate(acts) for b in acts[i + 1 :])  # no act in two chunks
    one_less = chunks.cut([d for d in kk if d.act != "117-2020"], 40)  # an act removed: the others stay
    kept = [part for part in parts if all(d.act != "117-2020" for d in part)]
    assert all(part in one_less for part in kept)
    assert chunks.cut(kk, chunks.CHUNK_FROM - 1) == [kk]


def test_chunked_index_answers_as_one_segment_per_language(tmp_path, monkeypatch):
    docs = corpus()
    monkeypatch.setattr(chunks, "CHUNK_FROM", 10_000)
    SearchIndex.build(tmp_path / "one", docs).close()
    monkeypatch.setattr(chunks, "CHUNK_FROM", 16)
    SearchIndex.build(tmp_path / "many", docs).close()
    ix = windex.open_dir(str(tmp_path / "many"))
    assert len(ix._segments()) > 4
    ix.close()
    ours, theirs = answers(tmp_path / "many"), answers(tmp_path / "one")
    assert all(ours) and ours == theirs  # the same documents, scores and snippets, in the same order


def rebuilt(tmp_path, monkeypatch, change) -> tuple[list[str], int]:
    """Build, change the documents (``change``), build again in place: the segments the
    rebuild wrote, and how many the index has; the rebuilt index must equal a fresh one."""
    docs = corpus()
    SearchIndex.build(tmp_path / "ix", docs).close()
    docs = change(docs)
    SearchIndex.build(tmp_path / "fresh", docs).close()
    written = counting(monkeypatch)
    SearchIndex.build(tmp_path / "ix", docs).close()
    assert files(tmp_path / "ix") == files(tmp_path / "fresh")
    assert answers(tmp_path / "ix") == answers(tmp_path / "fresh")
    ix = windex.open_dir(str(tmp_path / "ix"))
    total = len(ix._segments())
    ix.close()
    return written, total


def test_a_rebuild_writes_only_the_chunk_of_the_changed_act(tmp_path, monkeypatch):
    def change(docs):  # a later start for one act's Russian wordings
        return [replace(d, valid_from=date(2030, 1, 1)) if d.act == "121-2020" and d.lang == "ru" else d
                for d in docs]

    written, total = rebuilt(tmp_path, monkeypatch, change)
    assert len(written) == 1 and written[0].startswith("ru") and total > 4


def test_a_new_kazakh_word_writes_every_kazakh_chunk_again(tmp_path, monkeypatch):
    def change(docs):  # a word no other wording has: the vocabulary changes
        new = " жаңасөзтізбегі"
        return [replace(d, text=d.text + new) if d.act == "121-2020" and d.lang == "kk" else d for d in docs]

    written, total = rebuilt(tmp_path, monkeypatch, change)
    kk_total = sum(1 for part in chunks.cut([d for d in corpus() if d.lang == "kk"], 40))
    assert sorted(w[:2] for w in written) == ["kk"] * kk_total


def test_a_damaged_previous_index_is_not_carried_over(tmp_path, monkeypatch):
    docs = corpus()
    SearchIndex.build(tmp_path / "ix", docs).close()
    segment = next((tmp_path / "ix").glob("MAIN_ru*.seg"))
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    SearchIndex.build(tmp_path / "fresh", docs).close()
    written = counting(monkeypatch)
    SearchIndex.build(tmp_path / "ix", docs).close()
    ix = windex.open_dir(str(tmp_path / "ix"))
    assert len(written) == len(ix._segments())  # nothing linked from a folder whose signature fails
    ix.close()
    assert files(tmp_path / "ix") == files(tmp_path / "fresh")


def test_an_unchanged_rebuild_writes_no_segment(tmp_path, monkeypatch):
    written, total = rebuilt(tmp_path, monkeypatch, lambda docs: docs)
    assert written == [] and total > 4
