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
    # acts without containers (laws): articles numbered through the act, points anew in each article
    ("title", "title"), ("preamble", "preamble"), ("toc", "toc"), ("signature", "signature"),
    ("art3", "art3"), ("art6.p1", "art6.p1"), ("art3.part4", "art3.part4"), ("art5-1.p2.sp1-1", "art5-1.p2.sp1-1"),
    ("art1.sp2", "art1.sp2"), ("ch2", "ch2"), ("sec1", "sec1"), ("par3", "par3"), ("p1", "p1"), ("sp1", "sp1"),
    ("rules.art3", "rules.art3"),
    # human forms of articles, both languages
    ("статья 3", "art3"), ("ст. 3", "art3"), ("ст.3 п.2", "art3.p2"), ("ст. 3 п. 2", "art3.p2"),
    ("статья 3, пункт 2, подпункт 1)", "art3.p2.sp1"), ("подпункт 1) пункта 2 статьи 3", "art3.p2.sp1"),
    ("пункт 2 статьи 3", "art3.p2"), ("статьи 6-1", "art6-1"), ("подпункт 2) статьи 1", "art1.sp2"),
    ("3-бап", "art3"), ("3-бап 2-тармақ 1) тармақша", "art3.p2.sp1"), ("3-баптың 2-тармағының 1) тармақшасы", "art3.p2.sp1"),
    ("3-бабының 2-тармағы", "art3.p2"), ("5-1-бап", "art5-1"), ("3-бапта", "art3"),
    ("абзац четвертый статьи 3", "art3.part4"), ("абзаце втором пункта 2 статьи 3", "art3.p2.part2"),
    ("часть вторая статьи 7", "art7.part2"), ("третья часть статьи 7", "art7.part3"),
    ("7-баптың екінші бөлігі", "art7.part2"), ("3-бап бірінші абзац", "art3.part1"),
    ("3.2.1", "art3.p2.sp1"), ("раздел 1", "sec1"), ("1-бөлім", "sec1"), ("параграф 2", "rules.par2"),
    ("§ 2", "rules.par2"), ("тақырыбы", "order.title"),
]

BAD = [
    "", "rule.p7", "rules.p0", "rules.p07", "rules.x7", "rules.p7.ch2", "rules.sp5",
    "rules.title.p1", "rules.p7..sp5", "../etc/passwd", "rules/p7", "rules.p7\x00", "rules.p7\n",
    "order.part1", "rules.ch2.p7", "rules.p7.sp5.sp6", "п. пп.", "пункт семь", "7..5", "rules.p" + "9" * 300,
    "rules.p7-", "rules.p-1", "app0.p1",
    # acts without containers: chapters are headings, never above an article or a point
    "ch2.art5", "par1.art1", "par1.p2", "art5.ch2", "art5.art6", "art3.p2.p3", "title.art1", "sec1.ch2", "part1", "art3.sp1.sp2",
    "статья", "статья три", "ст. 3 ст. 4", "глава 2 статья 5", "абзац сотый статьи 3", "3-бап 3-бап", "3.2.1.4",
    "art0", "art3-0", "art03",
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


KNOWN = [ActId("583", 2007), ActId("488", 2015), ActId("40", 2016), ActId("40", 2018),
         ActId("319", 2007, "III"), ActId("134", 2022, "VII"), ActId("13", 2004), ActId("13", 2010, "IV")]


@pytest.mark.parametrize("text,expected", [
    ("583-2007", "583-2007"), ("583", "583-2007"), ("488", "488-2015"), ("40-2016", "40-2016"),
    ("319-III-2007", "319-III-2007"), ("319-III", "319-III-2007"), ("319", "319-III-2007"),
    ("134-VII", "134-VII-2022"), (" 134-VII-2022 ", "134-VII-2022"), ("13-IV", "13-IV-2010"), ("13-2004", "13-2004"),
    ("319-2007", "319-III-2007"), ("13-2010", "13-IV-2010"),
])
def test_resolve_act(text, expected):
    assert str(resolve_act(text, KNOWN)) == expected


@pytest.mark.parametrize("text,message", [
    ("40", "ambiguous"), ("999", "unknown act"), ("583-2008", "unknown act"), ("../583", "'..'"),
    ("583/2007", "'/'"), ("583-07", "NUMBER-YEAR"), ("", "NUMBER-YEAR"), ("583-2007\x07", "control"),
    ("13", "ambiguous"), ("319-II", "unknown act"), ("319-iii-2007", "NUMBER-YEAR"), ("319-XI-2007", "NUMBER-YEAR"),
    ("319-III-07", "NUMBER-YEAR"), ("134-VII-2023", "unknown act"), ("0-2007", "NUMBER-YEAR"),
    ("319-2008", "unknown act"),
])
def test_bad_acts(text, message):
    with pytest.raises(UsageError) as e:
        resolve_act(text, KNOWN)
    assert message in str(e.value)


def test_act_id_round_trip():
    assert str(parse_act_id("583-2007")) == "583-2007"
    for text in ("319-III-2007", "134-VII-2022", "9-IV-2007", "1-2000"):
        act = parse_act_id(text)
        assert str(act) == text and parse_act_id(str(act)) == act
    assert parse_act_id("319-III-2007").full_number == "319-III"


def test_footnote_names_the_act_id_with_its_convocation():
    from normbase.footnotes import parse_footnote

    note = parse_footnote("Сноска. Статья 6 в редакции Закона РК от 04.07.2022 N 134-VII (вводится в действие "
                          "по истечении десяти календарных дней после дня его первого официального опубликования).", "ru")
    assert [c.order.act_id for c in note.changes] == ["134-VII-2022"]
    assert str(resolve_act(note.changes[0].order.act_id, KNOWN)) == "134-VII-2022"
    kk = parse_footnote("Ескерту. 7-бап жаңа редакцияда - ҚР 02.06.2020 № 340-VІ Заңымен.", "kk")   # Cyrillic І
    assert [c.order.act_id for c in kk.changes] == ["340-VI-2020"]


def test_human_form_of_an_address():
    from normbase.model import human_form

    a = parse_canonical("art3.p2.sp1")
    assert human_form(a, "ru") == "статья 3, пункт 2, подпункт 1)"
    assert human_form(a, "kk") == "3-бап 2-тармақ 1) тармақша"
    assert str(parse_address(human_form(a, "ru"))) == str(parse_address(human_form(a, "kk"))) == "art3.p2.sp1"


def test_typed_address_path():
    a = parse_canonical("rules.p7.sp5")
    assert a.path == (("container", "rules"), ("point", "7"), ("subpoint", "5"))
    assert (a.container, a.steps, a.kind.name, a.number, a.last) == ("rules", ("p7", "sp5"), "subpoint", "5", "sp5")
    law = parse_canonical("art5-1.p2")
    assert (law.container, law.find("article"), str(law.parent)) == ("", "5-1", "art5-1")


def test_every_kind_has_its_names_and_a_step():
    from normbase.model.kinds import KINDS, step_kind

    for kind in KINDS:
        assert kind.parents and kind.step
        if kind.name in ("section", "chapter", "paragraph-group", "article", "point", "subpoint", "part"):
            assert kind.ru.get("nom") and kind.kk.get("nom"), kind.name
            assert step_kind(f"{kind.step}2") == (kind, "2")
    assert {"статья", "статьи", "статье", "статью", "статьей"} <= set(next(k for k in KINDS if k.name == "article").ru.values())
    assert {"бап", "бабы", "бабында", "бабының", "бабымен"} <= set(next(k for k in KINDS if k.name == "article").kk.values())


@pytest.mark.parametrize("word,n", [("первый", 1), ("второго", 2), ("третьей", 3), ("четвертым", 4), ("пятнадцатого", 15),
                                    ("двадцатом", 20), ("бірінші", 1), ("екінші", 2), ("он бірінші", 11), ("первейший", None),
                                    ("пятак", None), ("жиырма", None)])
def test_ordinals(word, n):
    from normbase.model import ordinal

    assert ordinal(word) == n


def test_the_vocabulary_package_imports_nothing_else_of_normbase():
    import ast
    from pathlib import Path

    import normbase.model

    for path in Path(normbase.model.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith("normbase") or name.startswith("normbase.model"), (path.name, name)


def test_ancestors_and_the_cached_parse():
    from normbase.model.address import AddressError, parsed

    a = parsed("rules.p7.sp5")
    assert [str(x) for x in a.ancestors] == ["rules", "rules.p7"]
    assert parsed("title").ancestors == ()
    assert a.parts == ("rules", "p7", "sp5") and parsed("art3.part4").parts == ("art3", "part4")
    assert parsed("rules.p7.sp5") is a
    assert all(a.is_within(x) for x in a.ancestors)
    with pytest.raises(AddressError):
        parsed("rules..p7")


# -- subpoints numbered by letters («а)», «д)», «г) тармақша»): ASCII in addresses (kinds.LETTERS)

LETTER_GOOD = [
    ("art2.part2.spd", "art2.part2.spd"), ("art2.spa", "art2.spa"), ("rules.p7.spb", "rules.p7.spb"),
    ("art2.part2.spzh", "art2.part2.spzh"), ("art2.spd-1", "art2.spd-1"), ("art2.spq", "art2.spq"),
    ("art2.spd.part2", "art2.spd.part2"), ("spa", "spa"),
    ("подпункт д) части второй статьи 2", "art2.part2.spd"), ("2-баптың екінші бөлігінің г) тармақшасы", "art2.part2.spg"),
    ("статья 2, часть 2, подпункт д)", "art2.part2.spd"), ("2-бап 2-бөлік д) тармақша", "art2.part2.spd"),
    ("статья 2, подпункт а)", "art2.spa"), ("п. 7 пп. б", "rules.p7.spb"), ("7-тармақ ж) тармақша", "rules.p7.spzh"),
    ("подпункт a) статьи 3", "art3.spa"),  # a Latin look-alike of а
    ("подпункт 5) части второй статьи 3", "art3.part2.sp5"), ("часть 2 подпункта 5) пункта 7", "rules.p7.sp5.part2"),
    ("статья 3, пункт 2, подпункт 1), часть 2", "art3.p2.sp1.part2"),
]
LETTER_BAD = ["art2.spw", "art2.spд", "art2.spъ", "art2.spd-0", "art2.spd-", "art2.pd", "art2.partd", "art2.spd.spe",
              "подпункт ъ) статьи 2", "подпункт дд) статьи 2", "art2.part2.part3", "artd"]


@pytest.mark.parametrize("text,canonical", LETTER_GOOD)
def test_letter_addresses(text, canonical):
    assert str(parse_address(text)) == canonical


@pytest.mark.parametrize("text", LETTER_BAD)
def test_bad_letter_addresses(text):
    with pytest.raises(UsageError):
        parse_address(text)


def test_letter_number_forms():
    from normbase.model.kinds import LETTERS, letter_number, number_label

    assert len({a for _c, a in LETTERS}) == len(LETTERS)  # one ASCII form per letter, and back
    for cyr, ascii_form in LETTERS:
        assert letter_number(cyr) == ascii_form and letter_number(cyr.upper()) == ascii_form
        assert number_label(ascii_form) == cyr and ascii_form.isascii() and ascii_form.isalpha()
    assert (letter_number("д-1"), number_label("d-1"), letter_number("7-1"), number_label("7-1")) == ("d-1", "д-1", "7-1", "7-1")
    assert (letter_number("c"), letter_number("i"), letter_number("w"), letter_number("ъ")) == ("s", "ih", None, None)
    a = parse_canonical("art2.part2.spd")
    assert a.path[-1] == ("subpoint", "d") and a.kind.name == "subpoint"


def test_letters_sort_in_alphabet_order_after_digits():
    from normbase.model.kinds import number_key

    ru = "а б в г д е ж з и к л м н о п р с т у ф х ц ч ш щ э ю я".split()
    kk = "а ә б в г ғ д е ж з и к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ і э ю я".split()
    from normbase.model.kinds import letter_number

    for alphabet in (ru, kk):
        numbers = [letter_number(c) for c in alphabet]
        assert sorted(reversed(numbers), key=number_key) == numbers
    assert sorted(["d", "10", "a", "7-1", "d-1", "2", "7"], key=number_key) == ["2", "7", "7-1", "10", "a", "d", "d-1"]


def test_human_form_of_letter_subpoints_round_trips():
    from normbase.model import human_form

    for text in ("art2.part2.spd", "art2.spzh", "rules.p7.spa", "art3.spd.part2", "art3.p2.sp1.part2", "art3.part2.sp5"):
        a = parse_canonical(text)
        assert str(parse_address(human_form(a, "ru"))) == str(parse_address(human_form(a, "kk"))) == text
    assert human_form(parse_canonical("art2.part2.spd"), "ru") == "статья 2, часть 2, подпункт д)"
    assert human_form(parse_canonical("art2.part2.spd"), "kk") == "2-бап 2-бөлік д) тармақша"


_LETTER_ASCII = [a for _c, a in __import__("normbase.model.kinds", fromlist=["LETTERS"]).LETTERS]


@given(st.lists(st.one_of(st.sampled_from(["art2", "art5-1", "p7", "p7-1", "sp5", "sp1-1", "part2", "part1"]),
                          st.builds(lambda a, n: f"sp{a}" + (f"-{n}" if n else ""), st.sampled_from(_LETTER_ASCII),
                                    st.integers(0, 3))), min_size=1, max_size=4),
       st.sampled_from(["", "rules."]))
def test_letter_round_trip(steps, container):
    """Any address the grammar accepts, letter subpoints included, prints as it was written,
    parses back to the same value, and its human forms (both languages) name the same unit."""
    from normbase.model import human_form

    text = container + ".".join(steps)
    try:
        addr = parse_canonical(text)
    except UsageError:
        return
    assert str(addr) == text and parse_canonical(str(addr)) == addr
    assert text.isascii()
    kinds = [k for k, _n in addr.path if k != "container"]
    if (addr.find("article") or addr.find("point")) and len(set(kinds)) == len(kinds):
        # a human form names an article or a point, and each kind once
        for lang in ("ru", "kk"):
            again = parse_address(human_form(addr, lang))
            assert again.steps == addr.steps, (text, human_form(addr, lang))
