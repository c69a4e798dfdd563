"""Tests of normbase.dates: rule phrases, entry-into-force windows, written dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normbase.dates import (
    ENTRY_RULES, DateWindow, RuleKind, entry_into_force, find_dates, find_entry_rule,
    match_entry_rule, parse_date,
)

RULE = {rule.kind: rule for rule in ENTRY_RULES}
AFTER, TEN = RuleKind.AFTER_PUBLICATION, RuleKind.TEN_DAYS_AFTER_PUBLICATION
SIGNING, FROM_PUB = RuleKind.FROM_SIGNING, RuleKind.FROM_PUBLICATION

# ---------------------------------------------------------------------------------------------
# The rule table: every phrase variant, both languages.

RULE_PHRASES = [
    # Russian
    ("ru", "вводится в действие после дня его первого официального опубликования", AFTER),
    ("ru", "Настоящий приказ вводится в действие после дня его первого официального "
           "опубликования.", AFTER),
    ("ru", "вступает в силу после дня первого официального опубликования", AFTER),
    ("ru", "вводятся в действие после дня их первого официального опубликования", AFTER),
    ("ru", "ВВОДИТСЯ  В  ДЕЙСТВИЕ ПОСЛЕ ДНЯ ЕГО ПЕРВОГО ОФИЦИАЛЬНОГО ОПУБЛИКОВАНИЯ", AFTER),
    ("ru", "после дня его первого официального опубликования", AFTER),
    ("ru", "вводится в действие по истечении десяти календарных дней после дня его первого "
           "официального опубликования", TEN),
    ("ru", "вводится в действие по истечении 10 календарных дней после дня его первого "
           "официального опубликования", TEN),
    ("ru", "вводится в действие по истечении десяти календарных дней со дня его первого "
           "официального опубликования", TEN),
    ("ru", "вводится в действие по истечении десяти календарных дней после его первого "
           "официального опубликования", TEN),
    ("ru", "вводится в действие со дня подписания", SIGNING),
    ("ru", "вводится в действие со дня его подписания", SIGNING),
    ("ru", "вступает в силу с момента подписания", SIGNING),
    ("ru", "вводится в действие со дня первого официального опубликования", FROM_PUB),
    ("ru", "вводится в действие со дня его первого официального опубликования", FROM_PUB),
    ("ru", "вступает в силу со дня официального опубликования", FROM_PUB),
    # Kazakh
    ("kk", "Осы бұйрық алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі.", AFTER),
    ("kk", "алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі", AFTER),
    ("kk", "алғаш ресми жарияланғаннан кейін қолданысқа енгізіледі", AFTER),
    ("kk", "ресми жарияланған күннен кейін күшіне енеді", AFTER),
    ("kk", "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
           "енгізіледі", TEN),
    ("kk", "алғашқы ресми жарияланған күнінен кейін он күнтізбелік күн өткен соң қолданысқа "
           "енгізіледі", TEN),
    ("kk", "алғаш ресми жарияланғаннан кейін күнтізбелік 10 күн өткен соң", TEN),
    ("kk", "қол қойылған күнінен бастап қолданысқа енгізіледі", SIGNING),
    ("kk", "қол қойылған күннен бастап", SIGNING),
    ("kk", "алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі", FROM_PUB),
    ("kk", "ресми жарияланған күнінен бастап", FROM_PUB),
    # tolerance: ё, Latin look-alikes (Latin a, o, e, c, i below)
    ("ru", "вводится в действие после дня его первого официального опубликования".replace(
        "о", "o").replace("а", "a"), AFTER),
    ("ru", "Вводится в действие по истечении десяти календарных дней после дня его первого "
           "официального опубликования".replace("е", "ё"), TEN),
    ("kk", "алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі".replace("і", "i"),
     AFTER),
]


@pytest.mark.parametrize(("lang", "text", "kind"), RULE_PHRASES)
def test_rule_phrases(lang: str, text: str, kind: RuleKind) -> None:
    rule = find_entry_rule(text, lang)
    assert rule is not None and rule.kind is kind


def test_seed_488_rule_from_the_order_text() -> None:
    # The closing clause of the seed order 488 (Kazakh), normalized.
    text = ("3. Осы бұйрықтың орындалуын бақылау Қазақстан Республикасының Білім және ғылым "
            "вице-министрі Т.О. Балықбаевқа жүктелсін. 4. Осы бұйрық алғашқы ресми жарияланған "
            "күнінен кейін қолданысқа енгізіледі. Министрдің міндетін атқарушы Т. Балықбаев")
    found = match_entry_rule(text, "kk")
    assert found is not None
    rule, (start, end) = found
    assert rule.kind is AFTER
    assert text[start:end].startswith("алғашқы ресми жарияланған күнінен кейін")


@pytest.mark.parametrize(("lang", "text"), [
    ("ru", ""),
    ("ru", "Контроль за исполнением настоящего приказа возложить на вице-министра."),
    ("ru", "вводится в действие с 1 января 2016 года"),
    ("kk", "осы бұйрықты ресми жариялауды қамтамасыз етсін"),
    ("kk", "вводится в действие со дня подписания"),  # Russian phrase, Kazakh table
])
def test_no_rule(lang: str, text: str) -> None:
    assert find_entry_rule(text, lang) is None


def test_rule_table_shape() -> None:
    assert {r.kind for r in ENTRY_RULES} == set(RuleKind)
    assert {r.kind: (r.offset_days, r.base) for r in ENTRY_RULES} == {
        AFTER: (1, "publication"), TEN: (11, "publication"),
        FROM_PUB: (0, "publication"), SIGNING: (0, "signing")}
    for rule in ENTRY_RULES:
        assert set(rule.phrases) == {"kk", "ru"} and all(rule.phrases.values())


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        find_entry_rule("со дня подписания", "en")


# ---------------------------------------------------------------------------------------------
# Entry into force of the seeds' orders.

def test_order_488_publication_unknown() -> None:
    w = entry_into_force(RULE[AFTER], signed=date(2015, 7, 27), registered=date(2015, 8, 25),
                         published=None)
    assert (w.earliest, w.latest, w.exact) == (date(2015, 8, 26), None, False)
    assert str(w) == "≥ 2015-08-26"
    assert "publication date not recorded" in w.reason and "2015-08-26" in w.reason


def test_order_488_publication_known() -> None:
    w = entry_into_force(RULE[AFTER], signed=date(2015, 7, 27), registered=date(2015, 8, 25),
                         published=date(2015, 9, 1))
    assert w.exact and w.earliest == date(2015, 9, 2) and str(w) == "2015-09-02"


@pytest.mark.parametrize(("kind", "signed", "registered", "published", "first_known", "want"), [
    (TEN, date(2016, 1, 18), None, None, None, "≥ 2016-01-29"),      # order 40
    (TEN, date(2022, 9, 23), None, None, None, "≥ 2022-10-04"),      # order 78
    (TEN, date(2016, 1, 18), None, date(2016, 2, 20), None, "2016-03-02"),
    (FROM_PUB, date(2015, 7, 27), date(2015, 8, 25), None, None, "≥ 2015-08-25"),
    (FROM_PUB, None, None, date(2015, 9, 1), None, "2015-09-01"),
    (SIGNING, date(2015, 7, 27), date(2015, 8, 25), None, None, "2015-07-27"),
    (AFTER, date(2015, 7, 27), date(2015, 8, 25), None, date(2015, 9, 10), "≥ 2015-09-11"),
    (AFTER, date(2015, 7, 27), date(2015, 8, 25), None, date(2015, 8, 1), "≥ 2015-08-26"),
    (AFTER, None, date(2015, 8, 25), None, None, "≥ 2015-08-26"),
])
def test_entry_into_force_table(kind, signed, registered, published, first_known, want) -> None:
    w = entry_into_force(RULE[kind], signed=signed, registered=registered, published=published,
                         first_known=first_known)
    assert str(w) == want


def test_unknown_rule_starts_at_latest_known_date() -> None:
    w = entry_into_force(None, signed=date(2015, 7, 27), registered=date(2015, 8, 25),
                         published=None)
    assert (w.earliest, w.latest) == (date(2015, 8, 25), None)
    assert "rule is unknown" in w.reason


@pytest.mark.parametrize(("rule", "kwargs", "message"), [
    (AFTER, dict(signed=date(2015, 7, 27), registered=None, published=date(2015, 7, 1)),
     "publication cannot precede"),
    (AFTER, dict(signed=None, registered=date(2015, 8, 25), published=date(2015, 8, 1)),
     "publication cannot precede"),
    (AFTER, dict(signed=date(2015, 8, 26), registered=date(2015, 8, 25), published=None),
     "before it was signed"),
    (SIGNING, dict(signed=None, registered=date(2015, 8, 25), published=None),
     "needs the signing date"),
    (AFTER, dict(signed=None, registered=None, published=None), "no signing"),
    (None, dict(signed=None, registered=None, published=None), "neither signing"),
])
def test_entry_into_force_errors(rule, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        entry_into_force(RULE[rule] if rule else None, **kwargs)


# ---------------------------------------------------------------------------------------------
# DateWindow.

def test_window_str_and_relations() -> None:
    open_w = DateWindow(date(2015, 8, 26), None, "r")
    closed = DateWindow(date(2015, 8, 26), date(2015, 9, 30), "r")
    exact = DateWindow.exactly(date(2015, 9, 2), "r")
    assert (str(open_w), str(closed), str(exact)) == (
        "≥ 2015-08-26", "2015-08-26 … 2015-09-30", "2015-09-02")
    assert open_w.contains(date(2030, 1, 1)) and not open_w.before(date(2030, 1, 1))
    assert open_w.after(date(2015, 8, 25)) and not open_w.contains(date(2015, 8, 25))
    assert closed.before(date(2015, 10, 1)) and not closed.before(date(2015, 9, 30))
    assert exact.exact and not closed.exact and not open_w.exact
    assert sorted([open_w, exact, closed]) == [closed, open_w, exact]
    with pytest.raises(ValueError):
        DateWindow(date(2015, 9, 30), date(2015, 8, 26), "r")


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def windows(draw) -> DateWindow:
    earliest = draw(days)
    span = draw(st.one_of(st.none(), st.integers(0, 400)))
    return DateWindow(earliest, None if span is None else earliest + timedelta(span), "h")


@given(windows(), days)
def test_window_relations_partition(w: DateWindow, d: date) -> None:
    assert [w.before(d), w.contains(d), w.after(d)].count(True) == 1


@given(windows(), windows())
def test_window_order_total(a: DateWindow, b: DateWindow) -> None:
    assert (a < b) + (b < a) + (a == b) == 1


# ---------------------------------------------------------------------------------------------
# Written dates.

GOOD_DATES = [
    ("2015-07-27", date(2015, 7, 27)),
    ("27.07.2015", date(2015, 7, 27)),
    ("1.2.2016", date(2016, 2, 1)),
    ("2010.03.11", date(2010, 3, 11)),
    ("29 ноября 2007 года", date(2007, 11, 29)),
    ("от «29» ноября 2007 г.", date(2007, 11, 29)),
    ("13 декабря 2007 года", date(2007, 12, 13)),
    ("1 января 2016", date(2016, 1, 1)),
    ("2 февраля 2016 года", date(2016, 2, 2)),
    ("3 марта 2016 года", date(2016, 3, 3)),
    ("4 апреля 2016 года", date(2016, 4, 4)),
    ("5 мая 2016 года", date(2016, 5, 5)),
    ("6 июня 2016 года", date(2016, 6, 6)),
    ("7 июля 2016 года", date(2016, 7, 7)),
    ("8 августа 2016 года", date(2016, 8, 8)),
    ("9 сентября 2016 года", date(2016, 9, 9)),
    ("10 октября 2016 года", date(2016, 10, 10)),
    ("2007 жылғы 29 қарашадағы", date(2007, 11, 29)),
    ("2015 жылғы 27 шілдедегі", date(2015, 7, 27)),
    ("2015 жылы 25 тамызда", date(2015, 8, 25)),
    ("2008 жылғы 01 ақпандағы", date(2008, 2, 1)),
    ("2007 жылғы 13 желтоқсанда", date(2007, 12, 13)),
    ("2016 жылғы 18 қаңтардағы", date(2016, 1, 18)),
    ("2016 жылғы 3 наурыздағы", date(2016, 3, 3)),
    ("2016 жылғы 4 сәуірдегі", date(2016, 4, 4)),
    ("2016 жылғы 5 мамырдағы", date(2016, 5, 5)),
    ("2016 жылғы 6 маусымдағы", date(2016, 6, 6)),
    ("2022 жылғы 23 қыркүйектегі", date(2022, 9, 23)),
    ("2016 жылғы 10 қазандағы", date(2016, 10, 10)),
    ("2012 жылғы 23 тамыздағы", date(2012, 8, 23)),
    ("2015 жылғы «27» шілдедегі", date(2015, 7, 27)),
    ("2016 жылғы 4 сәуiрдегi", date(2016, 4, 4)),       # Latin i
]


@pytest.mark.parametrize(("text", "want"), GOOD_DATES)
def test_parse_date_good(text: str, want: date) -> None:
    assert parse_date(text) == want


@pytest.mark.parametrize("text", [
    "2015-02-30", "32.01.2015", "", "   ", "garbage", "31 апреля 2015 года",
    "2015 жылғы 31 маусымда", "27.07.20155", "27.07.2015 и 28.07.2015", "27 июля",
    "2015-13-01", "00.01.2015", "27.07.2015 garbage",
])
def test_parse_date_bad(text: str) -> None:
    with pytest.raises(ValueError, match="bad date"):
        parse_date(text)


def test_find_dates_in_the_seed_headers() -> None:
    ru = ("Приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года № "
          "583. Зарегистрирован в Министерстве юстиции Республики Казахстан 13 декабря 2007 "
          "года № 5036.")
    found = find_dates(ru, "ru")
    assert [d for d, _ in found] == [date(2007, 11, 29), date(2007, 12, 13)]
    start, end = found[0][1]
    assert ru[start:end] == "29 ноября 2007 года"
    kk = ("Қазақстан Республикасы Білім және ғылым министрінің м.а. 2015 жылғы 27 шілдедегі "
          "№ 488 бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2015 жылы 25 "
          "тамызда № 11934 болып тіркелді")
    found = find_dates(kk, "kk")
    assert [d for d, _ in found] == [date(2015, 7, 27), date(2015, 8, 25)]
    assert kk[slice(*found[1][1])] == "2015 жылы 25 тамызда"
    assert find_dates("от 27.07.2015 № 488; от 30.02.2016 № 40", "ru") == [
        (date(2015, 7, 27), (3, 13))]


@given(st.text(max_size=200), st.sampled_from(["kk", "ru"]))
def test_find_entry_rule_never_raises(text: str, lang: str) -> None:
    find_entry_rule(text, lang)
    find_dates(text, lang)


@given(days)
def test_parse_date_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%d.%m.%Y")) == d


def test_window_with_no_known_date_is_unknown_not_a_crash():
    # a consolidated act with signed = published = "unknown" (the README allows it): no lower bound
    from datetime import date as _date

    from normbase.dates import DateWindow
    w = DateWindow(None, None, "no date of the act is known")
    assert str(w) == "unknown" and w.contains(_date(1990, 1, 1)) and not w.exact


def test_act_window_of_an_act_with_no_known_date_names_no_none_day():
    # synthetic metadata: an act whose signing, registration and publication are all "unknown"
    from pathlib import Path

    from normbase.sources import Source
    from normbase.fold import act_window
    act = Source("1-2000", "consolidated", Path("x"), Path("x/meta.toml"), {}, {}, None, None, None, None,
                 None, None, None, None, None, "", ())
    w = act_window(act)
    assert str(w) == "unknown" and "None" not in w.reason
