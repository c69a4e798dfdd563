"""Alignment (align.py): the real corpus (golden file and the pairs the issue names), the
cross-language signals, and the reasons on small synthetic projects.

Golden: ``golden/align/583-2007.json`` — ``align_act`` of 583-2007 as of the latest source,
every pair's ``to_json()``. Regenerate with ``python -m pytest --update-goldens`` and read it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from test_engine_synthetic import Order, Project, RULES_KK, RULES_RU, o

from normbase.align import (CONTENT_MISMATCH, KK_ONLY, PAIRED, RU_ONLY, STRUCTURE_MISMATCH, VERSION_MISMATCH,
                            align_act, compare, pair_for, signals)
from normbase.pipeline import build


@pytest.fixture(scope="module")
def h():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return build(Path(".")).history("583-2007")
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def pairs(h):
    return {p.address: p for p in align_act(h)}


# ---------------------------------------------------------------- the real corpus


def test_golden_align_583(h, golden):
    golden("align/583-2007", [p.to_json() for p in align_act(h)])


PAIRED_UNITS = ["order.p1", "rules.p2", "rules.ch2", "rules.p7", "rules.p7.sp5", "rules.p7.sp8", "rules.ch3",
                "rules.p11", "rules.p13", "rules.p14", "rules.p19", "rules.ch4"]


@pytest.mark.parametrize("address", PAIRED_UNITS)
def test_units_rewritten_by_488_and_in_the_excerpt_pair(pairs, address):
    p = pairs[address]
    assert p.status == PAIRED, p.reasons
    assert p.kk.changed_by == p.ru.changed_by == "488-2015"
    assert p.kk.current and p.ru.current and p.score is not None and p.score >= 0.8


@pytest.mark.parametrize("address, later", [("order.title", "78-2022"), ("rules.p10", "40-2016")])
def test_a_later_order_known_from_a_footnote_gives_a_version_mismatch(pairs, address, later):
    p = pairs[address]
    assert p.status == VERSION_MISMATCH and p.score is None
    assert p.kk.changed_by == "488-2015" and not p.kk.current       # the latest kk wording known, superseded
    assert p.ru.changed_by == later and p.ru.current
    assert any("not translations" in r for r in p.reasons)


@pytest.mark.parametrize("address, status", [("rules.p3", KK_ONLY), ("rules.p9", KK_ONLY), ("rules.p9.sp26", KK_ONLY),
                                             ("rules.p15", RU_ONLY), ("rules.p25", RU_ONLY), ("rules.p7.sp1", RU_ONLY)])
def test_one_language_only(pairs, address, status):
    p = pairs[address]
    assert p.status == status and p.score is None
    lacking = p.ru if status == KK_ONLY else p.kk
    assert lacking.text is None and lacking.status == "unknown"
    assert any("only" in r for r in p.reasons)


def test_deleted_point_1_is_not_paired(pairs):
    assert "rules.p1" not in pairs


def test_pair_for_a_date_before_488(h):
    p = pair_for(h, "rules.p7.sp5", date(2014, 1, 1))
    assert p is None   # neither language has a wording before 488: nothing to pair


def test_pair_for_inside_the_window(h):
    p = pair_for(h, "rules.p7.sp5", date(2016, 6, 1))
    assert p.status == PAIRED and p.kk.status == p.ru.status == "uncertain"


# ---------------------------------------------------------------- signals across the language gap


def test_signals_read_numbers_dates_and_references():
    s = signals("2012 жылғы 23 тамыздағы № 1080 қаулысымен бекітілген 3 адам, 50 %")
    assert s["dates"] == ["2012-08-23"] and s["refs"] == ["1080"] and "3" in s["numbers"] and s["percents"] == ["50"]


def test_compare_agreeing_wordings():
    score, problems, notes = compare("4. Тексеруді 3 адамнан тұратын комиссия жүргізеді.", "4. Проверку проводит комиссия из 3 человек.")
    assert problems == () and score == 1.0


def test_compare_disagreeing_numbers():
    score, problems, _ = compare("4. Тексеруді 3 адамнан тұратын комиссия жүргізеді.", "4. Проверку проводит комиссия из 5 человек.")
    assert problems and "numbers differ" in problems[0] and score < 1.0


def test_compare_length_ratio_is_a_note_not_a_problem():
    score, problems, notes = compare("4. Қысқа.", "4. Проверку проводит комиссия из трех человек, назначаемая руководителем организации образования ежегодно.")
    assert problems == () and notes and "length ratio" in notes[0] and score < 1.0


# ---------------------------------------------------------------- reasons on synthetic projects


def test_synthetic_original_pairs_everywhere(tmp_path):
    p = Project(tmp_path / "p", [])
    statuses = {x.address: x.status for x in align_act(p.h)}
    assert statuses["rules.p4"] == PAIRED and statuses["rules.p5.sp2"] == PAIRED
    assert set(statuses.values()) <= {PAIRED, CONTENT_MISMATCH}


def test_synthetic_numbers_that_disagree(tmp_path):
    p = Project(tmp_path / "p", [o("11-2012", "2012-03-01",
                                   ru=["пункт 4 изложить в следующей редакции:", "«4. Проверку проводит комиссия из 5 человек.»;"],
                                   kk=["4-тармақ мынадай редакцияда жазылсын:", "«4. Тексеруді 7 адамнан тұратын комиссия жүргізеді.»;"])])
    x = pair_for(p.h, "rules.p4", None)
    assert x.status == CONTENT_MISMATCH and any("numbers differ" in r for r in x.reasons)


def test_synthetic_different_numbers_of_subpoints(tmp_path):
    p = Project(tmp_path / "p", [o("11-2012", "2012-03-01",
                                   ru=["в пункте 5:", "дополнить подпунктом 4) следующего содержания:", "«4) хранит протокол.»;"],
                                   kk=["5-тармақта «хаттама» деген сөз «акт» деген сөзбен ауыстырылсын;"])])
    assert not p.errors, p.errors
    x = pair_for(p.h, "rules.p5", None)
    assert x.status == STRUCTURE_MISMATCH and any("kk 3 / ru 4" in r for r in x.reasons)


def test_synthetic_one_language_order_gives_a_version_mismatch(tmp_path):
    p = Project(tmp_path / "p", [o("11-2012", "2012-03-01",
                                   ru=["пункт 4 изложить в следующей редакции:", "«4. Проверку проводит комиссия из пяти человек.»."])])
    x = pair_for(p.h, "rules.p4", None)
    assert x.status == VERSION_MISMATCH
    assert x.kk.changed_by is None and not x.kk.current and x.ru.changed_by == "11-2012"
    before = pair_for(p.h, "rules.p4", date(2011, 1, 1))
    assert before.status == PAIRED


@pytest.mark.parametrize("on", [None, date(2014, 1, 1), date(2016, 6, 1), date(2023, 1, 1)])
def test_pair_for_is_the_item_of_align_act(h, on):
    items = {p.address: p for p in align_act(h, on)}
    for address in h.addresses:
        assert pair_for(h, address, on) == items.get(address), address
