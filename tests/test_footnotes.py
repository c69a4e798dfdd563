"""Tests of normbase.footnotes: the nine real footnotes of the Russian seed, synthetic Kazakh
footnotes, several orders in one footnote, and parsing that never raises."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normbase.dates import RuleKind
from normbase.footnotes import (
    ChangeKind, Footnote, OrderRef, is_footnote_start, parse_footnote, target_hint,
)

SEED = Path(__file__).resolve().parents[1] / "corpus" / "583-2007" / "002_30b5a514a47d93be.txt"

AFTER, TEN = RuleKind.AFTER_PUBLICATION, RuleKind.TEN_DAYS_AFTER_PUBLICATION
REPLACED, AMENDED = ChangeKind.REPLACED, ChangeKind.AMENDED
DELETED, INSERTED = ChangeKind.DELETED, ChangeKind.INSERTED

RU_AFTER = "вводится в действие после дня его первого официального опубликования"
RU_TEN = ("вводится в действие по истечении десяти календарных дней после дня его первого "
          "официального опубликования")
KK_AFTER = "алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі"
KK_TEN = ("алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
          "енгізіледі")
IO_MIN = "и.о. Министра образования и науки РК"
D488, D40, D78 = date(2015, 7, 27), date(2016, 1, 18), date(2022, 9, 23)

# The nine footnotes of corpus/583-2007/002_30b5a514a47d93be.txt, in order, normalized by hand
# (one line each, whitespace collapsed), with what each must yield:
# (text, subject, target_hint, kind, number, date, issuer, rule kind, rule text)
SEED_FOOTNOTES = [
    ("Сноска. Заголовок - в редакции приказа Министра науки и высшего образования РК от "
     f"23.09.2022 № 78 ({RU_TEN}).",
     "Заголовок", "title", REPLACED, "78", D78, "Министра науки и высшего образования РК", TEN,
     RU_TEN),
    (f"Сноска. Наименование главы в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Наименование главы", "chapter", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    (f"Сноска. Пункт 7 с изменениями, внесенными приказом {IO_MIN} от 27.07.2015 № 488 "
     f"({RU_AFTER}).",
     "Пункт 7", "p7", AMENDED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    ("Сноска. Пункт 10 в редакции приказа Министра образования и науки РК от 18.01.2016 № 40 "
     f"({RU_TEN}).",
     "Пункт 10", "p10", REPLACED, "40", D40, "Министра образования и науки РК", TEN, RU_TEN),
    (f"Сноска. Пункт 11 в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Пункт 11", "p11", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    (f"Сноска. Пункт 13 в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Пункт 13", "p13", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    (f"Сноска. Пункт 14 в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Пункт 14", "p14", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    (f"Сноска. Пункт 19 в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Пункт 19", "p19", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
    (f"Сноска. Наименование главы в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Наименование главы", "chapter", REPLACED, "488", D488, IO_MIN, AFTER, RU_AFTER),
]

# Kazakh footnotes in the adilet.zan.kz style. synthetic: the corpus has no Kazakh consolidated
# text; these are written after the Russian seed and the Kazakh order 488.
KK_FOOTNOTES = [  # synthetic
    (f"Ескерту. 7-тармаққа өзгерістер енгізілді - ҚР Білім және ғылым министрінің м.а. "
     f"27.07.2015 № 488 ({KK_AFTER}) бұйрығымен.",
     "7-тармаққа", "p7", AMENDED, "488", D488, "ҚР Білім және ғылым министрінің м.а.", AFTER),
    (f"Ескерту. Тақырыбы жаңа редакцияда - ҚР Ғылым және жоғары білім министрінің 23.09.2022 "
     f"№ 78 ({KK_TEN}) бұйрығымен.",
     "Тақырыбы", "title", REPLACED, "78", D78, "ҚР Ғылым және жоғары білім министрінің", TEN),
    (f"Ескерту. 2-тараудың тақырыбы жаңа редакцияда - ҚР Білім және ғылым министрінің м.а. "
     f"27.07.2015 № 488 бұйрығымен ({KK_AFTER}).",
     "2-тараудың тақырыбы", "ch2", REPLACED, "488", D488,
     "ҚР Білім және ғылым министрінің м.а.", AFTER),
    (f"Ескерту. 10-тармақ жаңа редакцияда - ҚР Білім және ғылым министрінің 18.01.2016 № 40 "
     f"({KK_TEN}) бұйрығымен.",
     "10-тармақ", "p10", REPLACED, "40", D40, "ҚР Білім және ғылым министрінің", TEN),
    (f"Ескерту. 5-тармақ алып тасталды - ҚР Білім және ғылым министрінің 18.01.2016 № 40 "
     f"({KK_TEN}) бұйрығымен.",
     "5-тармақ", "p5", DELETED, "40", D40, "ҚР Білім және ғылым министрінің", TEN),
    (f"Ескерту. Қағида 7-1-тармақпен толықтырылды - ҚР Білім және ғылым министрінің "
     f"18.01.2016 № 40 ({KK_TEN}) бұйрығымен.",
     "Қағида 7-1-тармақпен", "p7-1", INSERTED, "40", D40, "ҚР Білім және ғылым министрінің",
     TEN),
    ("Ескерту. 3-тармақ жойылды - ҚР Үкіметінің 2010.03.11 № 190 Қаулысымен.",
     "3-тармақ", "p3", DELETED, "190", date(2010, 3, 11), "ҚР Үкіметінің", None),
    # kind stated after the order, en dash, Latin i, written date
    ("Ескерту. 7-тармақ – ҚР Бiлiм және ғылым министрінің 2016 жылғы 18 қаңтардағы № 40 "
     "бұйрығымен жаңа редакцияда.",
     "7-тармақ", "p7", REPLACED, "40", D40, "ҚР Бiлiм және ғылым министрінің", None),
    ("Ескерту. 7-тармақ ҚР Білім және ғылым министрінің 18.01.2016 № 40 бұйрығымен алып "
     "тасталды.", "7-тармақ", "p7", DELETED, "40", D40, "ҚР Білім және ғылым министрінің", None),
]


def _one(fn: Footnote):
    assert fn.problems == ()
    assert len(fn.changes) == 1
    return fn.changes[0]


@pytest.mark.parametrize(("text", "subject", "hint", "kind", "number", "day", "issuer", "rule",
                          "rule_text"), SEED_FOOTNOTES)
def test_seed_footnotes(text, subject, hint, kind, number, day, issuer, rule, rule_text) -> None:
    assert is_footnote_start(text)
    fn = parse_footnote(text, "ru")
    assert (fn.text, fn.lang, fn.subject, fn.target_hint) == (text, "ru", subject, hint)
    change = _one(fn)
    assert change.kind is kind
    assert change.order == OrderRef(number, day, issuer, f"{number}-{day.year}")
    assert change.entry_rule is not None and change.entry_rule.kind is rule
    assert change.rule_text == rule_text


def test_seed_file_footnotes_match_the_table() -> None:
    """The footnotes cut from the raw seed (whitespace collapsed) are the nine above."""
    if not SEED.exists():
        pytest.skip("seed text not present")
    raw = " ".join(SEED.read_text(encoding="utf-8").split())
    found = re.findall(r"Сноска\..*?\)\.", raw)
    assert found == [row[0] for row in SEED_FOOTNOTES]


@pytest.mark.parametrize(("text", "subject", "hint", "kind", "number", "day", "issuer", "rule"),
                         KK_FOOTNOTES)
def test_kazakh_footnotes(text, subject, hint, kind, number, day, issuer, rule) -> None:
    # synthetic (see KK_FOOTNOTES)
    assert is_footnote_start(text)
    fn = parse_footnote(text, "kk")
    assert (fn.subject, fn.target_hint) == (subject, hint)
    change = _one(fn)
    assert (change.kind, change.order) == (kind, OrderRef(number, day, issuer))
    assert (change.entry_rule.kind if change.entry_rule else None) is rule


def test_two_orders_russian() -> None:
    text = (f"Сноска. Пункт 7 с изменениями, внесенными приказами {IO_MIN} от 27.07.2015 № 488 "
            f"({RU_AFTER}); от 18.01.2016 № 40 ({RU_TEN}).")
    fn = parse_footnote(text, "ru")
    assert fn.problems == () and (fn.subject, fn.target_hint) == ("Пункт 7", "p7")
    assert [(c.kind, c.order.act_id, c.order.issuer, c.entry_rule.kind) for c in fn.changes] == [
        (AMENDED, "488-2015", IO_MIN, AFTER), (AMENDED, "40-2016", IO_MIN, TEN)]


def test_two_orders_with_own_kinds_and_issuers() -> None:
    text = (f"Сноска. Пункт 10 в редакции приказа {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}); "
            "с изменениями, внесенными приказом Министра просвещения РК от 01.02.2023 N 20 "
            "(вводится в действие со дня подписания).")
    fn = parse_footnote(text, "ru")
    assert fn.problems == ()
    assert [(c.kind, c.order.act_id, c.order.issuer, c.entry_rule.kind) for c in fn.changes] == [
        (REPLACED, "488-2015", IO_MIN, AFTER),
        (AMENDED, "20-2023", "Министра просвещения РК", RuleKind.FROM_SIGNING)]


def test_two_orders_kazakh() -> None:  # synthetic
    text = (f"Ескерту. 7-тармаққа өзгерістер енгізілді - ҚР Білім және ғылым министрінің м.а. "
            f"27.07.2015 № 488 ({KK_AFTER}); ҚР Білім және ғылым министрінің 18.01.2016 № 40 "
            f"({KK_TEN}) бұйрықтарымен.")
    fn = parse_footnote(text, "kk")
    assert fn.problems == ()
    assert [(c.kind, c.order.act_id, c.order.issuer, c.entry_rule.kind) for c in fn.changes] == [
        (AMENDED, "488-2015", "ҚР Білім және ғылым министрінің м.а.", AFTER),
        (AMENDED, "40-2016", "ҚР Білім және ғылым министрінің", TEN)]


@pytest.mark.parametrize(("text", "subject", "hint", "kind", "act_id", "issuer"), [  # synthetic
    ("Сноска. Правила дополнены пунктом 7-1 в соответствии с приказом Министра образования и "
     f"науки РК от 18.01.2016 № 40 ({RU_TEN}).",
     "Правила", "p7-1", INSERTED, "40-2016", "Министра образования и науки РК"),
    (f"Сноска. Пункт 5 исключен приказом {IO_MIN} от 27.07.2015 № 488 ({RU_AFTER}).",
     "Пункт 5", "p5", DELETED, "488-2015", IO_MIN),
    ("Сноска. Подпункт 5) пункта 7 - в редакции постановления Правительства РК от 11.03.2010 "
     "N 190.", "Подпункт 5) пункта 7", "p7.sp5", REPLACED, "190-2010", "Правительства РК"),
    # tolerance: extra spaces, N instead of №, ё, a written date, number before date
    ("Сноска.  Пункт  7  с изменениями,  внесёнными приказом  и.о. Министра образования и науки "
     "РК  от  27 июля 2015 года  N 488  (вводится в действие после дня его первого "
     "официального опубликования).", "Пункт 7", "p7", AMENDED, "488-2015", IO_MIN),
    ("Сноска. Пункт 7 в редакции приказа Министра РК № 488 от 27.07.2015 (вводится в действие "
     "со дня подписания).", "Пункт 7", "p7", REPLACED, "488-2015", "Министра РК"),
    ("Сноска. Заголовок главы 3 в редакции приказа Министра РК от 27.07.2015 № 488.",
     "Заголовок главы 3", "ch3", REPLACED, "488-2015", "Министра РК"),
])
def test_other_russian_shapes(text, subject, hint, kind, act_id, issuer) -> None:
    fn = parse_footnote(text, "ru")
    assert (fn.subject, fn.target_hint) == (subject, hint)
    change = _one(fn)
    assert (change.kind, change.order.act_id, change.order.issuer) == (kind, act_id, issuer)


def test_unrecognised_rule_is_a_problem_not_an_error() -> None:
    fn = parse_footnote("Сноска. Пункт 5 исключен приказом Министра РК от 18.01.2016 № 40 "
                        "(порядок введения в действие см. п. 4).", "ru")
    assert len(fn.changes) == 1 and fn.changes[0].entry_rule is None
    assert fn.changes[0].rule_text == "порядок введения в действие см. п. 4"
    assert any("not recognised" in p for p in fn.problems)


@pytest.mark.parametrize(("text", "problem"), [
    ("", "does not start"),
    ("garbage", "no order"),
    ("Сноска.", "no order"),
    ("Сноска. Пункт 3 в редакции приказа № (((", "no order"),
    ("Сноска. Пункт 3 в редакции приказа Министра РК № 12 (вводится", "no date"),
    ("Сноска. Пункт 3 приказом Министра РК от 27.07.2015 № 488.", "not stated"),
])
def test_odd_footnotes_report_problems(text: str, problem: str) -> None:
    fn = parse_footnote(text, "ru")
    assert any(problem in p for p in fn.problems), fn.problems


@pytest.mark.parametrize(("line", "expected"), [
    ("Сноска. Пункт 7", True), ("  Сноска.Пункт 7", True), ("Ескерту. 7-тармақ", True),
    ("Cноска. (Latin C)", True), ("Сноски: пункт 7", True),
    ("Сноскаx", False), ("7. Сноска. в тексте", False), ("", False),
])
def test_is_footnote_start(line: str, expected: bool) -> None:
    assert is_footnote_start(line) is expected


@pytest.mark.parametrize(("subject", "hint"), [
    ("Заголовок", "title"), ("Тақырыбы", "title"), ("Наименование главы", "chapter"),
    ("Наименование главы 2", "ch2"), ("Глава 4", "ch4"), ("4-тараудың атауы", "ch4"),
    ("Пункт 7-1", "p7-1"), ("7-тармақтың 5) тармақшасы", "p7.sp5"),
    ("Приложение 2", "app2"), ("Преамбула", "preamble"), ("что-то иное", None),
])
def test_target_hint(subject: str, hint: str | None) -> None:
    assert target_hint(subject) == hint


@given(st.text(max_size=300), st.sampled_from(["kk", "ru", "en"]))
def test_parse_footnote_never_raises(text: str, lang: str) -> None:
    fn = parse_footnote(text, lang)
    assert isinstance(fn.problems, tuple)


PIECES = ["Сноска.", "Ескерту.", " ", "Пункт 7", "7-тармаққа", " в редакции ", "приказа ",
          "Министра ", " - ", "от ", "27.07.2015", "30.02.2015", " № ", "№", "488", "(", ")",
          "; ", RU_AFTER, KK_TEN, "бұйрығымен", "өзгерістер енгізілді", ".", "N 40", "жылғы"]


@given(st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from(["kk", "ru"]))
def test_parse_footnote_never_raises_on_footnote_like_text(parts: list[str], lang: str) -> None:
    fn = parse_footnote("".join(parts), lang)
    for change in fn.changes:
        assert change.order.number and any(ch.isdigit() for ch in change.order.number)


def test_kazakh_dates_with_their_own_dot_give_the_year_of_each_act():
    # real wording (the Kazakh text of law 4051, footnote on Art. 7)
    from normbase.footnotes import parse_footnote

    note = parse_footnote("Ескерту. 7-бапқа өзгеріс енгізілді - Қазақстан Республикасының 2002.05.31. № 326, "
                          "2004.12.20. № 13 (2005 жылғы 1 қаңтардан бастап қолданысқа енгізіледі), 2006.07.04. № 148 "
                          "(қолданысқа енгізілу тәртібін 2-баптан қараңыз) Заңдарымен.", "kk")
    assert [c.order.act_id for c in note.changes] == ["326-2002", "13-2004", "148-2006"]
    assert note.target_hint == "art7"
