"""Tests of normbase.structure: golden files at the normalize and structure boundaries, the
trees of both seeds checked unit by unit, and synthetic texts for what the seeds lack.

Regenerate the golden files with ``python -m pytest --update-goldens`` (see conftest.py)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from conftest import ROOT, Seed

from normbase.address import parse_canonical
from normbase.dates import RuleKind, find_entry_rule
from normbase.footnotes import ChangeKind, parse_footnote
from normbase.normalize import normalize
from normbase.pipeline import read_text
from normbase.sources import load_corpus
from normbase.structure import ParsedText, parse_structure
from normbase.tree import Node, to_json

D488, D40, D78 = date(2015, 7, 27), date(2016, 1, 18), date(2022, 9, 23)
AFTER, TEN = RuleKind.AFTER_PUBLICATION, RuleKind.TEN_DAYS_AFTER_PUBLICATION


def kinds(tree: Node, kind: str) -> list[str]:
    return [n.address for n in tree.walk() if n.kind == kind]


def children(node: Node, kind: str | None = None) -> list[str]:
    return [c.address for c in node.children if kind is None or c.kind == kind]


def notes(tree: Node) -> dict[str, list[str]]:
    return {n.address: [note.text for note in n.notes] for n in tree.walk() if n.notes}


def parse(text: str, lang: str = "ru", kind: str = "consolidated") -> ParsedText:
    return parse_structure(normalize(text).lines, lang, kind, "synthetic.txt")


def assert_addresses_ok(tree: Node) -> None:
    addresses = [n.address for n in tree.walk() if n.address]
    assert [a for a, c in Counter(addresses).items() if c > 1] == []
    for address in addresses:
        parse_canonical(address)  # raises on a bad address


# ================================================================ golden files


def test_golden_normalized_text(seed: Seed, golden):
    golden(f"normalize/{seed.act}-{seed.lang}", [[l.source_line, l.indent, l.text] for l in seed.normalized.lines])


def test_golden_tree(seed: Seed, golden):
    golden(f"structure/{seed.act}-{seed.lang}", to_json(seed.tree))


def test_golden_diagnostics(seed: Seed, golden):
    golden(
        f"structure/{seed.act}-{seed.lang}.diagnostics",
        [{"file": d.file, "line": d.line, "severity": d.severity, "message": d.message} for d in seed.parsed.diagnostics],
    )


def test_seeds_parse_without_diagnostics(seed: Seed):
    assert seed.parsed.diagnostics == ()


def test_pipeline_builds_the_same_trees(seed: Seed):
    corpus = load_corpus(ROOT)
    source = next(s for s in corpus.all() if str(s.id) == seed.act)
    assert to_json(read_text(source, seed.lang).parsed.tree) == to_json(seed.tree)


def test_every_address_parses_and_is_unique(seed: Seed):
    assert_addresses_ok(seed.tree)


def test_containers_span_their_units(seed: Seed):
    for container in (c for c in seed.tree.children if c.kind == "container"):
        spans = [n.lines for n in container.walk() if n.lines and n is not container]
        assert container.lines == (min(s[0] for s in spans), max(s[1] for s in spans))


# ================================================================ Russian seed (583, consolidated)

RU_TITLE = ("Об утверждении Правил организации и осуществления учебно-методической и "
            "научно-методической работы в организациях образования")
RU_POINTS = [2, 7, 10, 11, 13, 14, 15, 18, 19, 20, 21, 23, 24, 25, 26, 29, 30, 31, 32]
RU_CHAPTERS = {
    "rules.ch1": "Общие положения",
    "rules.ch2": "Содержание учебно-методической и научно-методической работы",
    "rules.ch3": "Порядок организации учебно-методической и научно-методической работы в структурных подразделениях",
    "rules.ch4": "Объединения по учебно-методической и научно-методической работе",
}


def test_ru_order_title_and_header(ru_seed: Seed):
    order = ru_seed.tree.find("order")
    assert children(order) == ["order.title", "order.header", "order.preamble", "order.p1"]
    assert ru_seed.tree.find("order.title").text == RU_TITLE
    # «583. Зарегистрирован …» continues the header line «… от 29 ноября 2007 года N»: not a point 583
    assert ru_seed.tree.find("order.header").text == (
        "Приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года № 583. "
        "Зарегистрирован в Министерстве юстиции Республики Казахстан 13 декабря 2007 года № 5036."
    )
    assert not [a for a in kinds(ru_seed.tree, "point") if a.endswith(".p583")]


def test_ru_preamble_and_order_point_1(ru_seed: Seed):
    preamble = ru_seed.tree.find("order.preamble").text
    assert preamble.startswith("В соответствии с подпунктом 25) статьи 5 Закона Республики Казахстан")
    assert preamble.endswith("ПРИКАЗЫВАЮ:")
    p1 = ru_seed.tree.find("order.p1")
    assert (p1.kind, p1.label, p1.children) == ("point", "1.", ())
    assert p1.text == ("Утвердить прилагаемые Правила организации и осуществления учебно-методической и "
                       "научно-методической работы.")


def test_ru_rules_chapters_and_headings(ru_seed: Seed):
    rules = ru_seed.tree.find("rules")
    assert children(rules) == list(RU_CHAPTERS)  # the excerpt has no Rules header or title
    assert {a: ru_seed.tree.find(a).text for a in RU_CHAPTERS} == RU_CHAPTERS
    assert [ru_seed.tree.find(a).label for a in RU_CHAPTERS] == ["1.", "2.", "3.", "4."]


def test_ru_rules_points_and_no_others(ru_seed: Seed):
    assert kinds(ru_seed.tree, "point") == ["order.p1"] + [f"rules.p{n}" for n in RU_POINTS]
    by_chapter = {ch: children(ru_seed.tree.find(ch), "point") for ch in RU_CHAPTERS}
    assert by_chapter == {
        "rules.ch1": ["rules.p2"],
        "rules.ch2": ["rules.p7"],
        "rules.ch3": [f"rules.p{n}" for n in (10, 11, 13, 14, 15, 18, 19, 20, 21)],
        "rules.ch4": [f"rules.p{n}" for n in (23, 24, 25, 26, 29, 30, 31, 32)],
    }
    for n in RU_POINTS:
        assert ru_seed.tree.find(f"rules.p{n}").label == f"{n}."


def test_ru_indentation_is_no_guide(ru_seed: Seed):
    """Chapter 4's heading and point 10 start at column 0 like continuation lines, yet are units."""
    indent = {line.text.split()[0] + line.text.split()[1]: line.indent for line in ru_seed.normalized.lines
              if line.text.startswith(("4. Объединения", "10. Учебно"))}
    assert indent == {"4.Объединения": 0, "10.Учебно-методическая": 0}
    assert ru_seed.tree.find("rules.ch4").lines == (263, 263)
    assert ru_seed.tree.find("rules.p10").lines == (105, 123)


def test_ru_subpoints_and_parts(ru_seed: Seed):
    tree = ru_seed.tree
    assert children(tree.find("rules.p7")) == [f"rules.p7.sp{i}" for i in range(1, 9)]
    assert children(tree.find("rules.p13")) == [f"rules.p13.sp{i}" for i in range(1, 5)]
    assert [tree.find(f"rules.p7.sp{i}").label for i in range(1, 9)] == [f"{i})" for i in range(1, 9)]
    # point 14 has two parts: its own first paragraph (part1) and part2
    p14 = tree.find("rules.p14")
    assert children(p14) == ["rules.p14.part2"]
    assert p14.text.startswith("Непосредственное руководство") and p14.text.endswith("работе.")
    assert tree.find("rules.p14.part2").text.startswith("Общее руководство учебно-методической работой")
    assert tree.find("rules.p14.part2").text.endswith("определяются советом организации образования.")
    others = [a for a in kinds(tree, "subpoint") + kinds(tree, "part")
              if not a.startswith(("rules.p7.", "rules.p13.", "rules.p14."))]
    assert others == []


def test_ru_p13_sp2_is_one_clean_paragraph(ru_seed: Seed):
    sp2 = ru_seed.tree.find("rules.p13.sp2")
    assert (sp2.kind, sp2.label, sp2.children, sp2.notes) == ("subpoint", "2)", (), ())
    assert f"{sp2.label} {sp2.text}" == (
        "2) экспертиза нормативных правовых документов по учебно-методической и научно-методической "
        "работе и рекомендация их для рассмотрения методическими (научно-методическими, "
        "научно-техническими) советами;"
    )


# The nine footnotes: unit -> (what, order act id, order date, entry-into-force rule)
RU_FOOTNOTES = {
    "order.title": (ChangeKind.REPLACED, "78-2022", D78, TEN, "title"),
    "rules.ch2": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "chapter"),
    "rules.p7": (ChangeKind.AMENDED, "488-2015", D488, AFTER, "p7"),
    "rules.p10": (ChangeKind.REPLACED, "40-2016", D40, TEN, "p10"),
    "rules.p11": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "p11"),
    "rules.p13": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "p13"),
    "rules.p14": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "p14"),
    "rules.p19": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "p19"),
    "rules.ch4": (ChangeKind.REPLACED, "488-2015", D488, AFTER, "chapter"),
}


def test_ru_exactly_nine_footnotes_on_the_right_units(ru_seed: Seed):
    found = notes(ru_seed.tree)
    assert sum(len(v) for v in found.values()) == 9
    assert list(found) == list(RU_FOOTNOTES)
    assert all(len(v) == 1 for v in found.values())
    for address, (texts) in found.items():
        assert texts[0].startswith("Сноска.") and texts[0].endswith(").")
        assert "  " not in texts[0]


@pytest.mark.parametrize("address", list(RU_FOOTNOTES))
def test_ru_footnote_fields(ru_seed: Seed, address: str):
    kind, act_id, day, rule, hint = RU_FOOTNOTES[address]
    node = ru_seed.tree.find(address)
    footnote = parse_footnote(node.notes[0].text, "ru")
    assert footnote.problems == ()
    assert footnote.target_hint == hint
    assert [(c.kind, c.order.act_id, c.order.date, c.entry_rule.kind) for c in footnote.changes] == [
        (kind, act_id, day, rule)
    ]
    # the footnote follows its unit in the source
    assert node.notes[0].line > node.lines[1]


def test_ru_no_text_outside_units(ru_seed: Seed):
    assert ru_seed.tree.text == "" and all(c.text == "" for c in ru_seed.tree.children)
    assert kinds(ru_seed.tree, "paragraph") == []


# ================================================================ Kazakh seed (488, amending)

KK_TITLE = ("\"Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру Ережесін бекіту туралы\" Қазақстан "
            "Республикасы Білім және ғылым Министрінің 2007 жылғы 29 қарашадағы № 583 бұйрығына "
            "өзгерістер енгізу туралы")


def test_kk_order_shape(kk_seed: Seed):
    order = kk_seed.tree.find("order")
    assert children(kk_seed.tree) == ["order"]  # the quoted Rules wording never becomes rules.*
    assert children(order) == ["order.title", "order.header", "order.preamble",
                               "order.p1", "order.p2", "order.p3", "order.p4", "order.signature"]


def test_kk_title_header_preamble_signature(kk_seed: Seed):
    tree = kk_seed.tree
    assert tree.find("order.title").text == KK_TITLE
    assert tree.find("order.header").text == (
        "Қазақстан Республикасы Білім және ғылым министрінің м.а. 2015 жылғы 27 шілдедегі № 488 бұйрығы. "
        "Қазақстан Республикасының Әділет министрлігінде 2015 жылы 25 тамызда № 11934 болып тіркелді"
    )
    assert tree.find("order.preamble").text == "БҰЙЫРАМЫН:"  # letter-spaced in the source
    assert tree.find("order.signature").text == "Министрдің міндетін атқарушы Т. Балықбаев"


def test_kk_points_2_to_4(kk_seed: Seed):
    tree = kk_seed.tree
    assert children(tree.find("order.p2")) == ["order.p2.sp1", "order.p2.sp2", "order.p2.sp3"]
    assert tree.find("order.p3").text.startswith("Осы бұйрықтың орындалуын бақылау")
    p4 = tree.find("order.p4")
    assert (p4.label, p4.text) == ("4.", "Осы бұйрық алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі.")
    rule = find_entry_rule(p4.text, "kk")
    assert rule is not None and rule.kind == RuleKind.AFTER_PUBLICATION and rule.offset_days == 1


def test_kk_point_1_holds_the_instruction_clauses(kk_seed: Seed):
    p1 = kk_seed.tree.find("order.p1")
    assert p1.text.startswith("«Оқу әдістемелік жұмысты ұйымдастыру")
    assert p1.text.endswith("мынадай өзгерістер енгізілсін:")
    parts = p1.children
    assert {c.kind for c in parts} == {"part"}
    assert [c.address for c in parts] == [f"order.p1.part{i}" for i in range(2, len(parts) + 2)]
    texts = [c.text for c in parts]
    # the labels the PDF pushed to the end of their lines are back in front of their clauses
    for clause in (
        "тақырыбы мынадай редакцияда жазылсын:",
        "1-тармақ мынадай редакцияда жазылсын:",
        "көрсетілген бұйрықпен бекітілген Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру ережесінде:",
        "атауы мынадай редакцияда жазылсын:",
        "1-тармақ жойылсын;",
        "5-тармақта:",
        "7-тармақта:",
        "5) тармақша мынадай редакцияда жазылсын:",
        "8-тармақта:",
        "10, 11, 12, 13, 14-тармақтар мынадай редакцияда жазылсын:",
        "19-тармақ мынадай редакцияда жазылсын:",
    ):
        assert clause in texts, clause
    heads = [t for t in texts if "2-тараудың" in t or "3-тараудың" in t or "4-тараудың" in t]
    assert [t.split()[0] for t in heads] == ["2-тараудың", "3-тараудың", "4-тараудың"]
    # the last clause closes the quotation of chapter 4's new heading
    assert texts[-1] == "«4. Оқу-әдістемелік және ғылыми-әдістемелік жұмыс жөніндегі бірлестіктер»."


_SPACED_RUN = re.compile(r"(?:^|\s)(?:\S\s+){2}\S(?=\s|$)")


@pytest.mark.parametrize("lang", ["kk"])
def test_kk_no_letter_spaced_word_left(kk_seed: Seed, lang):
    for node in kk_seed.tree.walk():
        for piece in (node.label, node.text, *(n.text for n in node.notes)):
            assert not _SPACED_RUN.search(piece), (node.address, _SPACED_RUN.search(piece).group())


def test_ru_has_no_letter_spaced_word_but_one_letter_words(ru_seed: Seed):
    for node in ru_seed.tree.walk():
        for match in _SPACED_RUN.finditer(node.text):
            assert set(match.group().split()) <= set("ивскоуая"), (node.address, match.group())


def test_lines_joined_without_space_before_punctuation(kk_seed: Seed):
    """A page break left «, оның» at the start of a line: the paragraph has no «оқу-әдістемелік ,»."""
    texts = [n.text for n in kk_seed.tree.walk()]
    assert any("оқу-әдістемелік, оның ішінде электрондық" in t for t in texts)
    assert not [t for t in texts if re.search(r"\s[,;:.)»]", t)]


# ================================================================ synthetic texts


def outline(parsed: ParsedText) -> list[tuple[str, str, str]]:
    return [(n.address, n.label, n.text) for n in parsed.tree.walk() if n.address and n.kind != "container"]


# synthetic: a Kazakh consolidated text in the adilet.zan.kz style (no such text is in the corpus)
KK_CONSOLIDATED = """\
Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру Ережесін бекіту туралы
Қазақстан Республикасы Білім және ғылым министрінің 2007 жылғы 29 қарашадағы N 583 бұйрығы. Қазақстан
Республикасының Әділет министрлігінде 2007 жылғы 13 желтоқсанда N 5036 болып тіркелді.
      Ескерту. Тақырыбы жаңа редакцияда - ҚР Ғылым және жоғары білім министрінің 23.09.2022 № 78
(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.
      «Білім туралы» Қазақстан Республикасының Заңына сәйкес Б Ұ Й Ы Р А М Ы Н :
      1. Қоса беріліп отырған Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары бекітілсін.
      2. Осы бұйрық алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі.
      Министр                                    Ж. Түймебаев
Қазақстан Республикасы Білім және ғылым министрінің 2007 жылғы 29 қарашадағы № 583 бұйрығымен бекітілген
      Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары
  1. Жалпы ережелер
      2. Осы қағидалар оқу-әдістемелік жұмыстың тәртібін айқындайды.
  2. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың мазмұны
      Ескерту. 2-тараудың тақырыбы жаңа редакцияда - ҚР Білім және ғылым министрінің м.а. 27.07.2015
№ 488 (алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі) бұйрығымен.
      7. Оқу-әдістемелік жұмыс мынадай бағыттарды қамтиды:
      1) ғылым негіздерін меңгеру;
      5) әдістемелік жұмыстың әртүрлі нысандарын дайындау және өткізу;
      5-1) педагогтарға әдістемелік көмек көрсету;
      Ескерту. 7-тармаққа өзгерістер енгізілді - ҚР Білім және ғылым министрінің м.а. 27.07.2015 № 488
(алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі) бұйрығымен.
      7-1. Әдістемелік кеңес жылына кемінде төрт рет өткізіледі.
      Ескерту. Қағидалар 7-1-тармақпен толықтырылды - ҚР Білім және ғылым министрінің 18.01.2016 № 40
(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.
      8. Әдістемелік жұмыс жоспары бір жылға жасалады.
"""


def test_kk_consolidated_text_with_eskertu_footnotes():  # synthetic
    parsed = parse(KK_CONSOLIDATED, "kk")
    tree = parsed.tree
    assert parsed.diagnostics == ()
    assert_addresses_ok(tree)
    assert [a for a, _l, _t in outline(parsed)] == [
        "order.title", "order.header", "order.preamble", "order.p1", "order.p2", "order.signature",
        "rules.header", "rules.title", "rules.ch1", "rules.p2", "rules.ch2",
        "rules.p7", "rules.p7.sp1", "rules.p7.sp5", "rules.p7.sp5-1", "rules.p7-1", "rules.p8",
    ]
    assert tree.find("order.preamble").text.endswith("сәйкес БҰЙЫРАМЫН:")
    assert tree.find("rules.title").text == "Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары"
    assert tree.find("rules.header").text.endswith("№ 583 бұйрығымен бекітілген")
    found = {a: [parse_footnote(t, "kk") for t in ts] for a, ts in notes(tree).items()}
    assert list(found) == ["order.title", "rules.ch2", "rules.p7", "rules.p7-1"]
    summary = {a: [(c.kind, c.order.act_id, c.entry_rule.kind if c.entry_rule else None)
                   for f in fs for c in f.changes] for a, fs in found.items()}
    assert summary == {
        "order.title": [(ChangeKind.REPLACED, "78-2022", TEN)],
        "rules.ch2": [(ChangeKind.REPLACED, "488-2015", AFTER)],
        "rules.p7": [(ChangeKind.AMENDED, "488-2015", AFTER)],
        "rules.p7-1": [(ChangeKind.INSERTED, "40-2016", TEN)],
    }
    assert [f.target_hint for fs in found.values() for f in fs] == ["title", "ch2", "p7", "p7-1"]


def test_inserted_point_and_subpoint():  # synthetic
    parsed = parse(KK_CONSOLIDATED, "kk")
    p71, sp51 = parsed.tree.find("rules.p7-1"), parsed.tree.find("rules.p7.sp5-1")
    assert (p71.kind, p71.label, p71.text) == ("point", "7-1.", "Әдістемелік кеңес жылына кемінде төрт рет өткізіледі.")
    assert (sp51.kind, sp51.label) == ("subpoint", "5-1)")
    # an inserted point sits after its neighbour, in its chapter
    assert children(parsed.tree.find("rules.ch2"), "point") == ["rules.p7", "rules.p7-1", "rules.p8"]


# synthetic: the Rules' title block after the order, laid out as one line each
RU_WITH_RULES = """\
Об утверждении Правил организации методической работы
Приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года N 583.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила организации методической работы.
      2. Настоящий приказ вводится в действие со дня подписания.
      Министр                                    Ж. Туймебаев
Утверждены приказом Министра образования и науки Республики Казахстан от 29 ноября 2007 года № 583
Правила организации методической работы
  1. Общие положения
      1. Настоящие Правила определяют порядок организации методической работы.
      2. Методическая работа включает:
      1) изучение нормативных документов;
      2) обобщение опыта.
"""

# synthetic: the same, with a two-line signature and a right-aligned header block over four lines
RU_WITH_RULES_BLOCK = """\
Об утверждении Правил организации методической работы
Приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года N 583.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила организации методической работы.
      2. Настоящий приказ вводится в действие со дня подписания.
      Министр образования и науки
      Республики Казахстан                       Ж. Туймебаев
                                        Утверждены
                                        приказом Министра образования
                                        и науки Республики Казахстан
                                        от 29 ноября 2007 года N 583
            Правила организации методической работы
  1. Общие положения
      1. Настоящие Правила определяют порядок организации методической работы.
"""


@pytest.mark.parametrize("text", [RU_WITH_RULES, RU_WITH_RULES_BLOCK], ids=["lines", "block"])
def test_rules_title_block(text):  # synthetic
    parsed = parse(text)
    tree = parsed.tree
    assert parsed.diagnostics == ()
    assert_addresses_ok(tree)
    assert children(tree.find("order")) == ["order.title", "order.header", "order.preamble",
                                            "order.p1", "order.p2", "order.signature"]
    assert tree.find("order.signature").text.endswith("Ж. Туймебаев")
    assert children(tree.find("rules"))[:3] == ["rules.header", "rules.title", "rules.ch1"]
    assert tree.find("rules.header").text == (
        "Утверждены приказом Министра образования и науки Республики Казахстан от 29 ноября 2007 года № 583")
    assert tree.find("rules.title").text == "Правила организации методической работы"
    assert tree.find("rules.ch1").text == "Общие положения"
    assert tree.find("rules.p1").text.startswith("Настоящие Правила")
    assert tree.find("order.p2").children == ()


def test_rules_title_block_subpoints():  # synthetic
    tree = parse(RU_WITH_RULES).tree
    assert children(tree.find("rules.p2")) == ["rules.p2.sp1", "rules.p2.sp2"]


def test_text_without_enacting_formula():  # synthetic
    parsed = parse("""\
Правила организации методической работы
  1. Общие положения
      1. Настоящие Правила определяют порядок организации методической работы.
      2. Методическая работа включает:
      1) изучение нормативных документов;
""")
    assert [(d.line, d.message.split(":")[0]) for d in parsed.diagnostics] == [
        (1, "no enacting formula (ПРИКАЗЫВАЮ / БҰЙЫРАМЫН) found")]
    assert outline(parsed) == [
        ("order.title", "", "Правила организации методической работы"),
        ("rules.ch1", "1.", "Общие положения"),
        ("rules.p1", "1.", "Настоящие Правила определяют порядок организации методической работы."),
        ("rules.p2", "2.", "Методическая работа включает:"),
        ("rules.p2.sp1", "1)", "изучение нормативных документов;"),
    ]
    assert parsed.tree.find("order").text == ""  # nothing lands on a container


def test_order_without_enacting_formula():  # synthetic: an order whose formula the PDF lost
    parsed = parse("""\
О мерах по методической работе
      1. Утвердить прилагаемые Правила.
      2. Настоящий приказ вводится в действие со дня подписания.
""")
    assert len(parsed.diagnostics) == 1
    assert [a for a, _l, _t in outline(parsed)] == ["order.title", "order.p1", "order.p2"]


RU_GARBAGE = """\
Об утверждении Правил
Приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года N 583.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
  1. Общие положения
      2. Настоящие Правила определяют порядок.
- 2 -
www.adilet.zan.kz
      3. Правила применяются ко всем организациям:
      1) первым;
      ____________
      2) вторым.
      4. Четвертый пункт.
"""


def test_garbage_lines_between_points():  # synthetic
    parsed = parse(RU_GARBAGE)
    tree = parsed.tree
    assert_addresses_ok(tree)
    assert [(d.line, d.message) for d in parsed.diagnostics] == [
        (7, "unrecognised text '- 2 -' (no Kazakh or Russian word); kept as rules.p2.para1"),
        (8, "unrecognised text 'www.adilet.zan.kz' (no Kazakh or Russian word); kept as rules.p2.para2"),
        (11, "unrecognised text '____________' (no Kazakh or Russian word); kept as rules.p3.para1"),
    ]
    # the points keep their own wording, and the garbage is kept beside it, never inside
    assert tree.find("rules.p2").kind == "point"
    assert tree.find("rules.p2").text == "Настоящие Правила определяют порядок."
    assert [(n.kind, n.text, n.lines) for n in tree.find("rules.p2").children] == [
        ("paragraph", "- 2 -", (7, 7)), ("paragraph", "www.adilet.zan.kz", (8, 8))]
    assert children(tree.find("rules.p3")) == ["rules.p3.sp1", "rules.p3.para1", "rules.p3.sp2"]
    assert tree.find("rules.p3.sp2").text == "вторым."
    assert tree.find("rules.p4").text == "Четвертый пункт."


def test_garbage_glued_mid_sentence_is_kept():  # synthetic: a page number inside a sentence cannot be told apart
    parsed = parse("Заголовок\n      ПРИКАЗЫВАЮ:\n      1. Утвердить прилагаемые\n- 2 -\nПравила.\n")
    assert parsed.tree.find("order.p1").text == "Утвердить прилагаемые - 2 - Правила."


RU_DUPLICATES = """\
Об утверждении Правил
Приказ Министра от 1 января 2010 года № 1.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
  1. Общие положения
      2. Настоящие Правила определяют порядок:
      1) первое;
      2. Повтор пункта два:
      1) первое снова;
      2) второе;
  1. Общие положения снова
      3. Третий пункт.
"""


def test_duplicate_numbers():  # synthetic
    parsed = parse(RU_DUPLICATES)
    tree = parsed.tree
    assert_addresses_ok(tree)  # a duplicate never nests units under the wrong parent
    assert [(d.line, d.message) for d in parsed.diagnostics] == [
        (8, "duplicate unit rules.p2; kept as a paragraph of the unit above"),
        (9, "duplicate unit rules.p2.sp1; kept as a paragraph of the unit above"),
        (11, "duplicate unit rules.ch1; kept as a paragraph of the unit above"),
    ]
    assert kinds(tree, "point") == ["order.p1", "rules.p2", "rules.p3"]
    assert kinds(tree, "chapter") == ["rules.ch1"]
    assert tree.find("rules.p2.sp1").text == "первое; 2. Повтор пункта два: 1) первое снова;"
    assert children(tree.find("rules.ch1"), "point") == ["rules.p2", "rules.p3"]


def test_heading_and_point_with_the_same_number_pattern():  # synthetic
    parsed = parse("""\
Об утверждении Правил
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
  1. Общие положения
      1. Настоящие Правила определяют порядок
организации методической работы.
      2. Порядок организации работы
3. Порядок организации работы
      3. Порядок организации работы определяется советом.
4. Объединения
по методической работе
      4. Объединения создаются на добровольных началах:
      1) по предметам;
""")
    assert parsed.diagnostics == ()
    assert outline(parsed) == [
        ("order.title", "", "Об утверждении Правил"),
        ("order.preamble", "", "ПРИКАЗЫВАЮ:"),
        ("order.p1", "1.", "Утвердить прилагаемые Правила."),
        ("rules.ch1", "1.", "Общие положения"),
        ("rules.p1", "1.", "Настоящие Правила определяют порядок организации методической работы."),
        ("rules.ch2", "2.", "Порядок организации работы"),  # no final stop: a heading
        ("rules.ch3", "3.", "Порядок организации работы"),
        ("rules.p3", "3.", "Порядок организации работы определяется советом."),
        ("rules.ch4", "4.", "Объединения по методической работе"),
        ("rules.p4", "4.", "Объединения создаются на добровольных началах:"),
        ("rules.p4.sp1", "1)", "по предметам;"),
    ]


def test_subpoint_footnote_attaches_to_the_subpoint():  # synthetic
    parsed = parse("""\
Об утверждении Правил
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
  1. Общие положения
      7. Работа включает:
      5) подготовку;
      6) анализ.
      Сноска. Подпункт 5) пункта 7 в редакции приказа и.о. Министра образования и науки РК от 27.07.2015
№ 488 (вводится в действие после дня его первого официального опубликования).
""")
    assert list(notes(parsed.tree)) == ["rules.p7.sp5"]


def test_footnote_without_a_known_target_stays_near_its_unit():  # synthetic
    parsed = parse("""\
Об утверждении Правил
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
  1. Общие положения
      7. Работа включает:
      1) подготовку.
      Сноска. Пункт 9 исключен приказом Министра образования и науки РК от 18.01.2016 № 40.
""")
    assert list(notes(parsed.tree)) == ["rules.p7"]


def test_empty_and_blank_texts():
    for text in ("", "\n\n   \n"):
        parsed = parse(text)
        assert parsed.diagnostics == ()
        assert [n.address for n in parsed.tree.walk()] == ["", "order"]


# ================================================================ the golden fixture itself


def test_golden_names_and_format():
    from conftest import GOLDEN_DIR, dump_golden, golden_path

    assert golden_path("structure/583-2007-ru") == GOLDEN_DIR / "structure" / "583-2007-ru.json"
    assert golden_path("a/b/c.diagnostics") == GOLDEN_DIR / "a" / "b" / "c.diagnostics.json"
    for bad in ("", "/abs", "../x", "a/../b", "a//b", "a\\b", "./a"):
        with pytest.raises(ValueError):
            golden_path(bad)
    assert dump_golden({"b": [1, (2, 3)], "a": "ә"}) == '{\n "a": "ә",\n "b": [\n  1,\n  [\n   2,\n   3\n  ]\n ]\n}\n'


def test_golden_files_are_canonical():
    """Every golden file is exactly what the fixture would write (no hand edits in another format)."""
    import json

    from conftest import GOLDEN_DIR, dump_golden

    files = sorted(GOLDEN_DIR.rglob("*.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text == dump_golden(json.loads(text)), path


RU_TWO_APPENDICES = """\
Об утверждении Правил и Положения
Приказ Министра образования и науки Республики Казахстан от 1 марта 2020 года № 9.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила и Положение.
      2. Настоящий приказ вводится в действие со дня подписания.
      Министр Ж. Туймебаев
Утверждены приказом Министра от 1 марта 2020 года № 9
      Правила работы
  1. Общие положения
      1. Настоящие Правила определяют порядок.
      2. Правила применяются ко всем.
Утверждено приказом Министра от 1 марта 2020 года № 9
      Положение о совете
      1. Совет образуется при Министерстве.
      2. Совет действует на общественных началах.
"""


def test_two_approved_documents_each_with_its_own_numbering():  # synthetic
    parsed = parse(RU_TWO_APPENDICES)
    addresses = [a for a, _l, _t in outline(parsed)]
    assert addresses == ["order.title", "order.header", "order.preamble", "order.p1", "order.p2", "order.signature",
                         "app1.header", "app1.title", "app1.ch1", "app1.p1", "app1.p2",
                         "app2.header", "app2.title", "app2.p1", "app2.p2"]


# SYNTHETIC: an order approving Rules, as the bank's Markdown mirror gives it (blank lines between
# paragraphs, ``#`` marks, chapters named «Глава N.»).
MD_ORDER = """\
# Об утверждении Правил проведения синтетической работы

Приказ Министра образования и науки Республики Казахстан от 1 марта 2020 года № 9. Зарегистрирован в Министерстве юстиции Республики Казахстан 5 марта 2020 года № 100

ПРИКАЗЫВАЮ:

1. Утвердить прилагаемые Правила проведения синтетической работы.

2. Настоящий приказ вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования.

Министр Ж. Туймебаев

Утверждены приказом Министра от 1 марта 2020 года № 9

## Правила проведения синтетической работы

### Глава 1. Общие положения

1. Настоящие Правила определяют порядок.

2. Правила применяются:

1) к первым;

2) ко вторым.

Сноска. Пункт 2 с изменением, внесенным приказом Министра от 01.02.2021 № 5 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).

### Глава 2. Порядок

3. Работа проводится ежегодно.
"""


def test_order_in_the_banks_markdown():  # synthetic
    normalized = normalize(MD_ORDER, doc="order.md")
    parsed = parse_structure(normalized.lines, "ru", "consolidated", "order.md")
    assert [n.address for n in parsed.tree.walk() if n.address] == [
        "order", "order.title", "order.header", "order.preamble", "order.p1", "order.p2", "order.signature",
        "rules", "rules.header", "rules.title", "rules.ch1", "rules.p1", "rules.p2", "rules.p2.sp1", "rules.p2.sp2",
        "rules.ch2", "rules.p3"]
    assert parsed.tree.find("rules.title").text == "Правила проведения синтетической работы"   # no «#» in text
    assert parsed.tree.find("rules.p2").notes[0].text.startswith("Сноска. Пункт 2")


def test_letter_subpoints_in_an_order_point():  # synthetic
    text = """\
Об утверждении синтетических правил
Приказ Министра от 1 января 2020 года № 1.
      ПРИКАЗЫВАЮ:
      1. Утвердить прилагаемые Правила.
      Министр                                    А. Б. Синтетиков
Утверждены приказом Министра от 1 января 2020 года № 1
      Синтетические правила
      1. Правила определяют:
      а) порядок;
      б) сроки.
      2. Правила применяются всеми.
"""
    parsed = parse(text)
    assert [(a, lab) for a, lab, _t in outline(parsed) if a.startswith("rules.p1.")] == [
        ("rules.p1.spa", "а)"), ("rules.p1.spb", "б)")]
    assert parsed.tree.find("rules.p1.spb").text == "сроки."
    assert parsed.tree.find("rules.p2") is not None
