"""The site's search fetched in pieces (search_shards.py, static/search.js), in Chromium.

reads: the project's corpus (built here) and ``tests/search/judged_queries.tsv``;
writes: a site in a pytest temporary folder.

``tiny_site`` is the same site with the pieces made very small (a term keeps 3 wordings in
its first tier, a wording no unit version in its fragment), so that the small seed corpus
goes through the paths a large corpus takes: the rest of the postings fetched only when
needed, the overflow of widely shared wordings, "More results".
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from normbase.indexing import search_docs
from normbase.pipeline import build
from normbase.search import SearchIndex
from normbase.site import build_site
from normbase.site import search_index, search_shards

from .site_projects import ROOT

sys.path.insert(0, str(ROOT / "tests" / "search"))
from judged import evaluate, load_judged, summary  # noqa: E402

TOP10 = "async ([q, l, on]) => (await NB_search(q, {lang: l, on: on || ''})).hits.map(h => [h.doc.a, h.doc.u, h.doc.f])"


@pytest.fixture(scope="module")
def kb():
    return build(ROOT)


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory, kb) -> str:
    out = tmp_path_factory.mktemp("tiny-search") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_shards, "TIER", 3)
        mp.setattr(search_shards, "CHUNK", 2_000)
        mp.setattr(search_index, "SHOWN", 0)   # every version in the overflow files
        build_site(kb, ROOT, out)
    assert list((out / "static" / "search" / "ru").glob("u*.js")), "no term was cut: the test needs one"
    assert list((out / "static" / "search" / "r").glob("*x0.js")), "no overflow: the test needs one"
    return out.as_uri() + "/"


def ready(page, root: str) -> None:
    page.goto(root + "search.html")
    page.wait_for_function("window.NB_ready === true")


def test_a_query_loads_only_its_pieces(desktop, file_root):
    page = desktop.page
    ready(page, file_root)
    before = len(desktop.requests)
    page.evaluate(TOP10, ["олимпиада", "kk", ""])
    loaded = [u.split("/static/search/")[1] for u in desktop.requests[before:] if "/static/search/" in u]
    assert loaded and all(not u.startswith("ru/") for u in loaded), loaded     # a Kazakh query: no Russian piece
    site = Path(file_root.removeprefix("file://"))
    chunks = list((site / "static" / "search" / "kk").glob("t*.js"))
    assert sum(u.startswith("kk/t") for u in loaded) == 1 < len(chunks) or len(chunks) == 1
    assert any(u.startswith("r/") for u in loaded)                           # the hits' versions
    assert 0 < sum(u.startswith("x/") for u in loaded) <= 10                 # the hits' texts only


def test_the_texts_come_only_for_the_hits_shown(desktop, file_root):
    page = desktop.page
    ready(page, file_root)
    before = len(desktop.requests)
    two = "async () => { var r = await NB_search('методический', {lang: 'ru', limit: 2}); return [r.wordings, r.hits.map(h => h.wid)]; }"
    wordings, wids = page.evaluate(two)
    loaded = [u.split("/static/search/")[1] for u in desktop.requests[before:] if "/static/search/" in u]
    xfrag = search_shards.XFRAG
    assert len(wids) == 2 < wordings
    assert sorted(u for u in loaded if u.startswith("x/")) == sorted({f"x/{w // xfrag}.js" for w in wids})


def test_the_small_pieces_find_what_the_whole_index_finds(desktop, file_root, tiny_site):
    page = desktop.page
    queries = [("методические объединения", "ru", ""), ("олимпиада", "", "2016-03-01"), ("педагог", "ru", ""),
               ("педагог -руководитель", "ru", ""), ('"пункт 10" OR методичесикй -совет', "ru", ""),
               ("бағдарламалар", "kk", ""), ("методических", "ru", "2016-06-01")]
    ready(page, file_root)
    whole = [page.evaluate(TOP10, list(q)) for q in queries]
    ready(page, tiny_site)
    pieces = [page.evaluate(TOP10, list(q)) for q in queries]
    for q, a, b in zip(queries, whole, pieces):
        assert b == a, q


def test_an_excluded_word_excludes_beyond_the_first_tier(desktop, tiny_site):
    page = desktop.page
    ready(page, tiny_site)
    hits = page.evaluate("async () => (await NB_search('педагог -руководитель', {lang: 'ru', limit: 200})).hits.map(h => h.doc.x)")
    assert hits and not any("руководител" in x.lower() for x in hits)


def test_more_results_on_the_small_pieces(desktop, tiny_site):
    page = desktop.page
    page.goto(tiny_site + "search.html?q=методические&lang=ru")
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    assert page.locator("#results > li").count() == 10
    page.get_by_role("button", name="More results").click()
    page.wait_for_function("document.querySelectorAll('#results > li').length > 10")
    units = [a.inner_text() for a in page.locator("#results .result-head a").all()]
    assert len(units) == len(set(units)) > 10                               # no unit twice


def test_the_judged_set_on_the_small_pieces(desktop, kb, tiny_site):
    judged = load_judged()
    with tempfile.TemporaryDirectory() as tmp, SearchIndex.build(Path(tmp) / "ix", search_docs(kb)) as ix:
        cli = evaluate(lambda q, l: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=l, limit=10)], judged)
    page = desktop.page
    ready(page, tiny_site)
    web = evaluate(lambda q, l: [tuple(x[:2]) for x in page.evaluate(TOP10, [q, l, ""])], judged)
    for lang in ("kk", "ru"):
        c, w = summary(cli, lang), summary(web, lang)
        assert w["success@10"] >= c["success@10"], (lang, w, c)
