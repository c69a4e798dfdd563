"""The address grammar: table-driven, good and bad input."""

import pytest
from hypothesis import given, strategies as st

from normbase.address import ActId, parse_act_id, parse_address, parse_canonical, resolve_act
from normbase.errors import UsageError

GOOD = [
    ("order.title", "order.title"),
    ("order.p1", "order.p1"),
    ("rules.title", "rules.title"),
    ("rules.ch2", "rules.ch2"),
    ("rules.p7", "rules.p7"),
    ("rules.p7.part1", "rules.p7.part1"),
    ("rules.p7.sp5", "rules.p7.sp5"),
    ("rules.p7-1", "rules.p7-1"),
    ("rules.p7-1.sp2-1", "rules.p7-1.sp2-1"),
    ("app2.p3", "app2.p3"),
    ("rules.p7.sp5.part2", "rules.p7.sp5.part2"),
    # human forms
    ("п. 7 пп. 5", "rules.p7.sp5"),
    ("п.7 пп.5", "rules.p7.sp5"),
    ("пункт 7 подпункт 5)", "rules.p7.sp5"),
    ("п. 13 пп. 2", "rules.p13.sp2"),
    ("подпункт 5) пункта 7", "rules.p7.sp5"),
    ("7-тармақ 5) тармақша", "rules.p7.sp5"),
    ("13-тармақ 2) тармақша", "rules.p13.sp2"),
    ("7-тармақтың 5) тармақшасы", "rules.p7.sp5"),
    ("7.5", "rules.p7.sp5"),
    ("13.2", "rules.p13.sp2"),
    ("7", "rules.p7"),
    ("7-1", "rules.p7-1"),
    ("пункт 14 часть 2", "rules.p14.part2"),
    ("часть 2 пункта 14", "rules.p14.part2"),
    ("14-тармақтың 2-бөлігі", "rules.p14.part2"),
    ("глава 2", "rules.ch2"),
    ("2-тарау", "rules.ch2"),
    ("7-тармақ", "rules.p7"),
    ("заголовок", "order.title"),
    ("  rules.p7  ", "rules.p7"),
    ("rules", "rules"),
    ("order", "order"),
]

BAD = [
    "", "rule.p7", "rules.p0", "rules.p07", "rules.x7", "rules.p7.ch2", "rules.sp5",
    "rules.title.p1", "rules.p7..sp5", "../etc/passwd", "rules/p7", "rules.p7\x00", "rules.p7\n",
    "order.part1", "rules.ch2.p7", "rules.p7.sp5.sp6", "п. пп.", "пункт семь", "7..5", "rules.p" + "9" * 300,
    "rules.p7-", "rules.p-1", "app0.p1",
]


@pytest.mark.parametrize("text,canonical", GOOD)
def test_good_addresses(text, canonical):
    assert str(parse_address(text)) == canonical


@pytest.mark.parametrize("text", BAD)
def test_bad_addresses(text):
    with pytest.raises(UsageError) as e:
        parse_address(text)
    assert "bad address" in str(e.value)


@given(st.text(max_size=40))
def test_parse_address_never_crashes(text):
    try:
        parse_address(text)
    except UsageError:
        pass


@given(st.lists(st.sampled_from(["p7", "p7-1", "sp5", "part2", "ch3", "title"]), max_size=4))
def test_canonical_round_trip(steps):
    text = ".".join(["rules", *steps])
    try:
        addr = parse_canonical(text)
    except UsageError:
        return
    assert str(addr) == text
    assert parse_canonical(str(addr)) == addr


def test_address_relations():
    a = parse_canonical("rules.p7.sp5")
    assert str(a.parent) == "rules.p7"
    assert a.is_within(parse_canonical("rules.p7"))
    assert not a.is_within(parse_canonical("rules.p8"))
    assert str(parse_canonical("rules.p7").child("sp8")) == "rules.p7.sp8"


KNOWN = [ActId("583", 2007), ActId("488", 2015), ActId("40", 2016), ActId("40", 2018)]


@pytest.mark.parametrize("text,expected", [("583-2007", "583-2007"), ("583", "583-2007"), ("488", "488-2015"), ("40-2016", "40-2016")])
def test_resolve_act(text, expected):
    assert str(resolve_act(text, KNOWN)) == expected


@pytest.mark.parametrize("text,message", [
    ("40", "ambiguous"), ("999", "unknown act"), ("583-2008", "unknown act"), ("../583", "'..'"),
    ("583/2007", "'/'"), ("583-07", "NUMBER-YEAR"), ("", "NUMBER-YEAR"), ("583-2007\x07", "control"),
])
def test_bad_acts(text, message):
    with pytest.raises(UsageError) as e:
        resolve_act(text, KNOWN)
    assert message in str(e.value)


def test_act_id_round_trip():
    assert str(parse_act_id("583-2007")) == "583-2007"
