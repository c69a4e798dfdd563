"""Timelines of the real corpus: the honest gaps of design.md §3, and the golden files.

Goldens (regenerate with ``python -m pytest --update-goldens``, then read the diff):

- ``golden/instructions/488-2015-kk.json``: ``instructions_to_json`` of order 488's Kazakh text;
- ``golden/timelines/583-2007.json``: every unit's versions in both languages (``query.history``),
  with the orders in the fold's order and their entry-into-force windows.

The knowledge base is built with the repository as the working directory and ``Path(".")``
as the root, so the file names inside (``amendments/488-2015/…``) do not depend on where the
repository lives.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from normbase.clauses import instructions_to_json
from normbase.pipeline import build
from normbase.query import history
from normbase.timelines import ABSENT, DELETED, TEXT, UNKNOWN


@pytest.fixture(scope="module")
def kb():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return build(Path("."))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def h(kb):
    return kb.history("583-2007")


def states(h, address: str, lang: str) -> list[tuple[str, str | None]]:
    return [(v.state, v.changed_by) for v in h.timeline(address, lang).versions]


# ---------------------------------------------------------------- goldens


def timelines_json(h) -> dict:
    return {
        "act": h.act,
        "start": str(h.start),
        "orders": [{"order": e.id, "entry_into_force": str(e.window), "reason": e.window.reason, "langs": list(e.langs),
                    "instructions": len(e.instructions)} for e in h.orders],
        "units": [{"address": t.address, "lang": t.lang, "versions": history(t)} for t in h.timelines],
        "findings": [str(f) for f in h.findings],
    }


def test_golden_instructions_488_kk(kb, golden):
    [oi] = kb.instructions_of("488-2015")
    golden("instructions/488-2015-kk", instructions_to_json(oi.instructions, oi.problems))


def test_golden_timelines_583(h, golden):
    golden("timelines/583-2007", timelines_json(h))


# ---------------------------------------------------------------- the fold's shape


def test_orders_in_the_fold_order_with_their_windows(h):
    assert [(e.id, str(e.window)) for e in h.orders] == [
        ("488-2015", "≥ 2015-08-26"), ("40-2016", "≥ 2016-01-29"), ("78-2022", "≥ 2022-10-04")]
    assert [e.langs for e in h.orders] == [("kk",), (), ()]


def test_every_timeline_is_a_chain_of_intervals(h):
    for t in h.timelines:
        vs = t.versions
        assert vs[0].start is None and vs[-1].end is None, t.address
        for a, b in zip(vs, vs[1:]):
            assert a.end == b.start and b.start is not None, (t.address, t.lang)
            assert a.end.earliest <= b.start.earliest
        for v in vs:
            assert (v.text is not None) == (v.state == TEXT), (t.address, v)


def test_both_languages_have_the_same_units(h):
    kk = [t.address for t in h.timelines if t.lang == "kk"]
    ru = [t.address for t in h.timelines if t.lang == "ru"]
    assert kk == ru == h.addresses
    assert len(set(kk)) == len(kk)


def test_document_order(h):
    a = h.addresses
    assert a[:4] == ["order.title", "order.header", "order.preamble", "order.p1"]   # as printed
    assert a.index("order.p1") < a.index("rules.title")
    assert a.index("rules.ch1") < a.index("rules.p2") < a.index("rules.ch2") < a.index("rules.p7") < a.index("rules.p7.sp1")
    assert a.index("rules.p9.sp26") < a.index("rules.ch3") < a.index("rules.p10") < a.index("rules.ch4") < a.index("rules.p23")


def test_only_point_1_is_deleted_and_nothing_is_absent(h):
    deleted = {t.address for t in h.timelines for v in t.versions if v.state == DELETED}
    assert deleted == {"rules.p1"}
    assert not [t.address for t in h.timelines for v in t.versions if v.state == ABSENT]


def test_no_finding_on_the_real_corpus_is_an_error(h):
    assert not [f for f in h.findings if f.severity == "error"]


# ---------------------------------------------------------------- the honest gaps (design.md §3)


def test_ru_order_p1_and_rules_p2_reach_back_only_to_488(h):
    for address in ("order.p1", "rules.p2"):
        assert states(h, address, "ru") == [(UNKNOWN, None), (TEXT, "488-2015")]
        last = h.timeline(address, "ru").versions[-1]
        assert last.source.kind == "snapshot" and "488-2015" in last.reason
        assert states(h, address, "kk") == [(UNKNOWN, None), (TEXT, "488-2015")]


def test_points_absent_from_the_excerpt_are_not_in_the_source(h):
    for n in (3, 4, 5, 6, 8, 9, 12):
        assert states(h, f"rules.p{n}", "ru") == [(UNKNOWN, None), (UNKNOWN, "488-2015")], n
        assert states(h, f"rules.p{n}", "kk") == [(UNKNOWN, None), (TEXT, "488-2015")], n


def test_point_10_after_order_40(h):
    assert states(h, "rules.p10", "kk") == [(UNKNOWN, None), (TEXT, "488-2015"), (UNKNOWN, "40-2016")]
    assert states(h, "rules.p10", "ru") == [(UNKNOWN, None), (UNKNOWN, "488-2015"), (TEXT, "40-2016")]
    assert h.timeline("rules.p10", "kk").versions[-1].source.kind == "footnote"


def test_title_after_order_78(h):
    assert states(h, "order.title", "kk") == [(UNKNOWN, None), (TEXT, "488-2015"), (UNKNOWN, "78-2022")]
    assert states(h, "order.title", "ru") == [(UNKNOWN, None), (UNKNOWN, "488-2015"), (TEXT, "78-2022")]


def test_point_1_deleted_in_both_languages(h):
    for lang in ("kk", "ru"):
        assert states(h, "rules.p1", lang) == [(UNKNOWN, None), (DELETED, "488-2015")]


def test_ru_wording_before_488_is_never_the_snapshot(h):
    for t in h.timelines:
        if t.lang != "ru" or len(t.versions) < 2:
            continue
        assert t.versions[0].state == UNKNOWN, t.address


# ---------------------------------------------------------------- the look-up indexes of ActHistory


def test_history_indexes_agree_with_a_scan(h, kb):
    for t in h.timelines:
        assert h.timeline(t.address, t.lang) is t
    assert h.timeline("rules.p99", "kk") is None
    for address in h.addresses + ["rules", "order"]:
        scan = [a for a in h.addresses if a.startswith(address + ".")]
        assert list(h.below(address)) == scan, address
    text = kb.text("583-2007", "ru")
    for node in text.parsed.tree.walk():
        if node.address:
            assert text.notes_at(node.address) == tuple(n.text for n in node.notes)
