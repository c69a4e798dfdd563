"""The search index: round trip, filters (date, language, act), phrases, typos,
snippets, malformed queries, analysis-version checks, and a property: ``search`` raises
nothing but ``UsageError`` whatever the query text.

reads: the seed documents (``tests/search/seed_docs.py``); writes: indexes in tmp dirs.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normbase.errors import InputError, UsageError
from normbase.search import ANALYSIS_VERSION, Hit, SearchDoc, SearchIndex

sys.path.insert(0, str(Path(__file__).resolve().parent / "search"))
from seed_docs import seed_docs  # noqa: E402

D_488 = date(2015, 8, 26)
D_40 = date(2016, 1, 29)


def doc(address, lang, version, valid_from, valid_to, text, act="583-2007"):
    return SearchDoc(act, address, lang, version, valid_from, valid_to, text, f"test {address}")


TIMELINE = [
    doc("rules.p10", "ru", 0, None, D_488, "10. Методическая работа ведется в методических кабинетах."),
    doc("rules.p10", "ru", 1, D_488, D_40, "10. Методическая работа ведется в методических объединениях и кабинетах."),
    doc("rules.p10", "ru", 2, D_40, None, "10. Учебно-методическая работа осуществляется во всех подразделениях."),
    doc("rules.p10", "kk", 1, D_488, None, "10. Әдістемелік жұмыс әдістемелік бірлестіктерде жүзеге асырылады."),
    doc("rules.p2", "ru", 0, None, None, "2. Правила <b>определяют</b> порядок & методической работы.", act="999-2020"),
]


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> SearchIndex:
    ix = SearchIndex.build(tmp_path_factory.mktemp("seed") / "search", seed_docs())
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def timeline_index(tmp_path_factory) -> SearchIndex:
    ix = SearchIndex.build(tmp_path_factory.mktemp("timeline") / "search", TIMELINE)
    yield ix
    ix.close()


def addresses(hits: list[Hit]) -> list[str]:
    return [h.doc.address for h in hits]


# -- round trip ---------------------------------------------------------------------

def test_round_trip_returns_the_documents(tmp_path):
    path = tmp_path / "ix"
    SearchIndex.build(path, TIMELINE).close()
    with SearchIndex.open(path) as ix:
        assert len(ix) == len(TIMELINE)
        hits = ix.search("методических кабинетах", lang="ru")
        got = {(h.doc.address, h.doc.version) for h in hits}
        assert got == {("rules.p10", 0), ("rules.p10", 1)}
        for h in hits:
            assert h.doc in TIMELINE                  # every field survives, dates included
            assert h.score > 0


def test_rebuild_replaces_the_index_atomically(tmp_path):
    path = tmp_path / "ix"
    SearchIndex.build(path, TIMELINE).close()
    with SearchIndex.build(path, TIMELINE[:1]) as ix:
        assert len(ix) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]   # no temporary or old folder left


def test_rebuild_removes_what_a_killed_build_left(tmp_path):
    (tmp_path / ".ix.tmp-abc123").mkdir()               # a build killed while writing
    (tmp_path / ".ix.old-abc123").mkdir()               # … or while swapping
    SearchIndex.build(tmp_path / "ix", TIMELINE[:1]).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]


def test_build_refuses_to_replace_a_foreign_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a normbase search index"):
        SearchIndex.build(tmp_path, TIMELINE)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_empty_index_answers_nothing(tmp_path):
    with SearchIndex.build(tmp_path / "ix", []) as ix:
        assert ix.search("методические", on=date(2020, 1, 1)) == []
        with pytest.raises(UsageError):
            ix.search('"')


def test_duplicate_documents_are_refused(tmp_path):
    with pytest.raises(ValueError, match="two search documents"):
        SearchIndex.build(tmp_path / "ix", [TIMELINE[0], TIMELINE[0]])


# -- version checks ---------------------------------------------------------------------

def test_open_refuses_another_analysis_version(tmp_path):
    path = tmp_path / "ix"
    SearchIndex.build(path, TIMELINE).close()
    meta = json.loads((path / "normbase-search.json").read_text())
    meta["analysis_version"] = "0"
    (path / "normbase-search.json").write_text(json.dumps(meta))
    with pytest.raises(InputError) as e:
        SearchIndex.open(path)
    assert f"index built with analysis v0, this is v{ANALYSIS_VERSION}: run normbase build" in str(e.value)
    assert e.value.file == str(path)


def test_open_of_a_missing_index_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="run normbase build"):
        SearchIndex.open(tmp_path / "nothing")


# -- filters -------------------------------------------------------------------------------

@pytest.mark.parametrize("on, versions", [
    (date(2010, 1, 1), {0}),
    (D_488, {1}),                              # valid_from is inclusive
    (date(2015, 8, 25), {0}),                  # valid_to is exclusive
    (date(2015, 12, 31), {1}),
    (D_40, {2}),
    (date(2030, 1, 1), {2}),
    (None, {0, 1, 2}),
])
def test_date_filter(timeline_index, on, versions):
    hits = timeline_index.search("методическая работа", lang="ru", on=on, act="583-2007")
    assert {h.doc.version for h in hits} == versions


def test_language_filter(timeline_index):
    assert {h.doc.lang for h in timeline_index.search("10")} == {"ru", "kk"}
    assert {h.doc.lang for h in timeline_index.search("10", lang="kk")} == {"kk"}
    assert timeline_index.search("әдістемелік бірлестіктер", lang="ru") == []


def test_both_languages_use_their_own_analysis(timeline_index):
    hits = timeline_index.search("бірлестік")             # lang=None: the Kazakh field, Kazakh analysis
    assert [(h.doc.lang, h.doc.address) for h in hits] == [("kk", "rules.p10")]


def test_act_filter(timeline_index):
    assert {h.doc.act for h in timeline_index.search("работы")} == {"583-2007", "999-2020"}
    assert {h.doc.act for h in timeline_index.search("работы", act="999-2020")} == {"999-2020"}
    assert {h.doc.act for h in timeline_index.search("работы", act="999")} == {"999-2020"}   # bare number
    assert timeline_index.search("работы", act="1-2000") == []


# -- query language ---------------------------------------------------------------------------

def test_issue_checks(seed_index):
    found = addresses(seed_index.search("методические объединения", lang="ru"))
    assert {"rules.p25", "rules.p26", "rules.p29", "rules.p30", "rules.p32"} <= set(found)
    assert "rules.p2" in addresses(seed_index.search("бағдарламалар", lang="kk"))
    assert addresses(seed_index.search("олимпиада", lang="kk"))[0] == "rules.p7.sp5"


def test_phrase_query_needs_the_words_in_order(seed_index):
    loose = set(addresses(seed_index.search("совета педагогического", lang="ru", limit=50)))
    strict = addresses(seed_index.search('"совета педагогического"', lang="ru", limit=50))
    assert strict == [] and "rules.p32" in loose
    assert addresses(seed_index.search('"педагогического совета"', lang="ru")) == ["rules.p32"]


def test_typo_query_finds_the_word(seed_index):
    hits = seed_index.search("методичесикй", lang="ru")
    assert hits and all("методическ" in h.doc.text.lower() for h in hits)
    assert "методическ" in hits[0].snippet.lower()


def test_or_and_exclusion(seed_index):
    either = set(addresses(seed_index.search("поурочные OR документация", lang="ru")))
    assert {"rules.p18", "rules.p20"} <= either
    hits = seed_index.search("педагог -руководитель", lang="ru")
    assert "rules.p7.sp5" in addresses(hits)
    assert all("руковод" not in h.doc.text.lower() for h in hits)


def test_number_sign_forms(seed_index):
    for q in ("N 583", "№583", "№ 583"):
        assert addresses(seed_index.search(q, lang="ru")) == ["order.header"], q


def test_snippets_mark_matches_and_escape_html(timeline_index):
    [hit] = timeline_index.search("определяют порядок", act="999-2020")
    assert "[определяют]" in hit.snippet and "[порядок]" in hit.snippet
    assert "<mark>определяют</mark>" in hit.html_snippet
    assert "&lt;b&gt;" in hit.html_snippet and "&amp;" in hit.html_snippet
    assert "<b>" not in hit.html_snippet


def test_limit(seed_index):
    assert len(seed_index.search("работа", lang="ru", limit=3)) == 3


@pytest.mark.parametrize("query", [
    '"unbalanced', "«методические", "методические»", "", "   ", "AND", "OR", "(", ")", "()",
    "a OR", "OR b", "AND b", "-методические", "-a -b", "(-a)", "методические OR -объединения",
    "— …", "(методические", "методические)",
])
def test_malformed_queries_are_usage_errors(seed_index, query):
    with pytest.raises(UsageError) as e:
        seed_index.search(query)
    message = str(e.value)
    assert message and "\n" not in message and len(message) < 120


@pytest.mark.parametrize("kwargs", [{"lang": "en"}, {"limit": 0}, {"on": "2016-01-01"}])
def test_bad_arguments_are_usage_errors(seed_index, kwargs):
    with pytest.raises(UsageError):
        seed_index.search("работа", **kwargs)


QUERY_PIECES = st.sampled_from(list('абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі ABCNIOR-"«»“”„()№0123456789.,;:!?*~^\\/')
                               + [" OR ", " AND ", " -", "методические", "бағдарлама", "N 5", "олимпиада"])
QUERIES = st.lists(QUERY_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), QUERIES))
def test_search_raises_nothing_but_usage_error(seed_index, query):
    try:
        hits = seed_index.search(query)
    except UsageError as e:
        assert str(e)
    else:
        assert isinstance(hits, list) and len(hits) <= 10
