"""Tests of normbase.instructions: the real seed (order 488, Kazakh), then every formula of
design.md §4 in both languages on small synthetic orders (one real-style sentence per test,
run through the real pipeline normalize → parse_structure → parse_instructions), the
carried-over context, error cases, JSON, and hypothesis properties (never raises).

The synthetic frames live in tests/fixtures/synthetic/instructions/ (each file says it is
synthetic on its first line); ``{clauses}`` is replaced by a test's clause lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normbase.address import parse_canonical
from normbase.instructions import parse_instructions
from normbase.clauses import Instruction, Op, instructions_to_json
from normbase.normalize import decode, normalize
from normbase.structure import parse_structure
from normbase.tree import Node

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "amendments/488-2015/000_25adfcbe3fa7ad9f.txt"
FIX = ROOT / "tests/fixtures/synthetic/instructions"

RULES_KK = "көрсетілген бұйрықпен бекітілген Оқу-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидаларында:"
RULES_RU = "в Правилах организации и осуществления учебно-методической работы, утвержденных указанным приказом:"


def read(text: str, lang: str, file: str = "synthetic.txt", doc: str | None = None, order: str = "40-2016"):
    """The real chain of ``pipeline.read_text``: normalize → structure → instructions."""
    parsed = parse_structure(normalize(text, doc=doc).lines, lang, "amending", file)
    return parse_instructions(parsed.tree, order=order, lang=lang, file=file)


def frame(lang: str, *clauses: str) -> str:
    body = "\n".join(f"      {c}" for c in clauses)
    return (FIX / f"frame_{lang}.txt").read_text(encoding="utf-8").replace("{clauses}", body)


def run(lang: str, *clauses: str):
    return read(frame(lang, *clauses), lang)


def rows(instrs) -> list[tuple]:
    return [(i.op.value, i.target) for i in instrs]


# -- the real seed: order 488 (kk) -----------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> tuple[tuple[Instruction, ...], tuple]:
    text = decode(SEED.read_bytes(), str(SEED))
    return read(text, "kk", file=str(SEED), doc=SEED.name, order="488-2015")


SEED_EXPECTED = [  # op, target, clause unit, first line, last line (head's first … wording's last)
    ("replace", "order.title", "order.p1.part2", 16, 18),
    ("replace", "order.p1", "order.p1.part4", 19, 21),
    ("replace", "rules.title", "order.p1.part7", 24, 26),
    ("delete", "rules.p1", "order.p1.part9", 27, 27),
    ("replace", "rules.p2", "order.p1.part10", 28, 35),
    ("replace", "rules.p3", "order.p1.part12", 36, 64),
    ("replace", "rules.p4", "order.p1.part22", 65, 70),
    ("replace", "rules.p5.part1", "order.p1.part25", 72, 73),
    ("replace", "rules.p5.part2", "order.p1.part27", 74, 75),
    ("replace", "rules.p6", "order.p1.part29", 76, 84),
    ("replace", "rules.ch2", "order.p1.part31", 85, 87),
    ("replace", "rules.p7.part1", "order.p1.part34", 89, 92),
    ("replace", "rules.p7.sp5", "order.p1.part36", 93, 98),
    ("replace", "rules.p7.sp8", "order.p1.part38", 99, 100),
    ("replace", "rules.p8.part1", "order.p1.part41", 102, 106),
    ("replace", "rules.p8.sp5", "order.p1.part43", 107, 111),
    ("replace", "rules.p8.sp7", "order.p1.part45", 112, 115),
    ("replace", "rules.p9", "order.p1.part47", 116, 185),
    ("replace", "rules.ch3", "order.p1.part75", 186, 189),
    ("replace", "rules.p10", "order.p1.part77", 190, 229),
    ("replace", "rules.p11", "order.p1.part77", 190, 229),
    ("replace", "rules.p12", "order.p1.part77", 190, 229),
    ("replace", "rules.p13", "order.p1.part77", 190, 229),
    ("replace", "rules.p14", "order.p1.part77", 190, 229),
    ("replace", "rules.p19", "order.p1.part88", 230, 237),
    ("replace", "rules.ch4", "order.p1.part90", 238, 240),
]


def test_seed_instructions_in_order(seed):
    instrs, problems = seed
    assert problems == ()
    got = [(i.op.value, i.target, i.clause.address, i.clause.first_line, i.clause.last_line) for i in instrs]
    assert got == SEED_EXPECTED
    for i in instrs:
        assert (i.clause.order, i.clause.lang, i.clause.file) == ("488-2015", "kk", str(SEED))
        assert (i.new_text is None) == (i.op is Op.DELETE)
        assert not i.new_text or not i.new_text.startswith("«") and not i.new_text.endswith(("»", "»;", "».")), i.target


def test_seed_clause_lines_match_the_source(seed):
    source = SEED.read_text(encoding="utf-8").splitlines()
    instrs, _ = seed
    by_target = {i.target: i for i in instrs}
    assert "тармақша мынадай" in source[by_target["rules.p7.sp5"].clause.first_line - 1]
    assert "10 11 12 13 14-тармақтар" in source[by_target["rules.p12"].clause.first_line - 1]
    assert source[by_target["rules.p14"].clause.last_line - 1].rstrip().endswith("анықтайды.»;")
    assert source[by_target["rules.ch4"].clause.last_line - 1].rstrip().endswith("бірлестіктер».")


def test_seed_wordings(seed):
    w = {i.target: i.new_text for i in seed[0]}
    assert w["order.title"] == "Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидаларын бекіту туралы"
    assert w["order.p1"] == "1. Қоса беріліп отырған Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары бекітілсін."
    assert w["rules.title"] == "Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары"
    assert w["rules.p5.part1"] == "5. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың міндеттері:"
    assert w["rules.p5.part2"] == "Оқу-әдістемелік және ғылыми-әдістемелік жұмысқа басшылық жасау:"
    assert w["rules.ch2"] == "2. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың мазмұны"
    assert w["rules.ch3"] == "3. Құрылымдық бөлімшелердегі оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру тәртібі"
    assert w["rules.ch4"] == "4. Оқу-әдістемелік және ғылыми-әдістемелік жұмыс жөніндегі бірлестіктер"
    assert w["rules.p7.sp5"].startswith("5) білім алушылардың ғылыми әлеуетін анықтау үшін")
    assert w["rules.p7.sp5"].endswith("дайындау және өткізу;") and "\n" not in w["rules.p7.sp5"]
    assert w["rules.p7.sp8"] == "8) әдістемелік және ғылыми-әдістемелік өнімді әзірлеу."
    assert w["rules.p8.sp5"].endswith("оқудан тыс іс-шаралар өткізу;")
    assert w["rules.p8.sp7"].endswith("кеңестерді ұйымдастыру және өткізу;")
    assert w["rules.p3"].split("\n")[0] == "3. Ережеде мынадай негізгі ұғымдар пайдаланылады:" and len(w["rules.p3"].split("\n")) == 9
    assert w["rules.p19"].startswith("19. Білім беру ұйымдарының") and w["rules.p19"].endswith("басшысы бекітеді.")


def test_seed_point_9_runs_past_its_early_closing_quote(seed):
    lines = {i.target: i.new_text for i in seed[0]}["rules.p9"].split("\n")
    assert len(lines) == 27
    assert lines[0].startswith("9. Жоғары және жоғары оқу орнынан кейінгі")
    assert [l.split(")")[0] for l in lines[1:]] == [str(n) for n in range(1, 27)]
    assert lines[5] == "5) білім беру процесін оқу әдебиеттерімен және ғылыми-әдістемелік әзірлемелермен қамсыздандыру мониторингін жүзеге асыру;"
    assert lines[-1].endswith("жобалардың сараптамасын жасау.")


def test_seed_several_points_split_at_their_labels(seed):
    w = {i.target: i.new_text.split("\n") for i in seed[0] if i.new_text}
    assert [len(w[f"rules.p{n}"]) for n in (10, 11, 12, 13, 14)] == [1, 1, 1, 5, 2]
    for n in (10, 11, 12, 13, 14):
        assert w[f"rules.p{n}"][0].startswith(f"{n}. ")
    assert [l[:2] for l in w["rules.p13"][1:]] == ["1)", "2)", "3)", "4)"]
    assert w["rules.p14"][1].startswith("Құрылымдық бөлімшелердің") and w["rules.p14"][1].endswith("кеңесі анықтайды.")


def test_seed_json_is_stable_and_sorted(seed):
    data = instructions_to_json(*seed)
    dumped = json.dumps(data, ensure_ascii=False, sort_keys=True)
    assert dumped == json.dumps(instructions_to_json(*seed), ensure_ascii=False)
    assert list(data) == ["instructions", "problems"] and len(data["instructions"]) == 26
    first = data["instructions"][0]
    assert list(first) == sorted(first) and first["op"] == "replace" and first["target"] == "order.title"
    assert list(first["clause"]) == sorted(first["clause"]) and first["clause"]["first_line"] == 16
    assert "after" not in first and data["instructions"][3] == {"clause": data["instructions"][3]["clause"], "op": "delete", "target": "rules.p1"}


# -- every formula, both languages (synthetic) -------------------------------------------

def I(op, target, **fields):  # noqa: E743 - expected instruction
    return (op, target, fields)


CASES = [
    # replace a unit
    ("kk", (RULES_KK, "7-тармақ мынадай редакцияда жазылсын:",
            "«7. Оқу-әдістемелік жұмыс білім беру ұйымының жылдық жоспары негізінде жүзеге асырылады.»;"),
     [I("replace", "rules.p7", new_text="7. Оқу-әдістемелік жұмыс білім беру ұйымының жылдық жоспары негізінде жүзеге асырылады.")]),
    ("ru", (RULES_RU, "пункт 7 изложить в следующей редакции:",
            "«7. Учебно-методическая работа осуществляется на основе годового плана организации образования.»;"),
     [I("replace", "rules.p7", new_text="7. Учебно-методическая работа осуществляется на основе годового плана организации образования.")]),
    # inside a unit
    ("kk", (RULES_KK, "7-тармақта:", "5) тармақша мынадай редакцияда жазылсын:", "«5) педагогтарға әдістемелік көмек көрсету;»;"),
     [I("replace", "rules.p7.sp5", new_text="5) педагогтарға әдістемелік көмек көрсету;")]),
    ("ru", (RULES_RU, "в пункте 7:", "подпункт 5) изложить в следующей редакции:", "«5) оказание методической помощи педагогам;»;"),
     [I("replace", "rules.p7.sp5", new_text="5) оказание методической помощи педагогам;")]),
    ("kk", (RULES_KK, "7-тармақтың 5) тармақшасы мынадай редакцияда жазылсын:", "«5) педагогтарға әдістемелік көмек көрсету;»;"),
     [I("replace", "rules.p7.sp5")]),
    ("ru", (RULES_RU, "подпункт 5) пункта 7 изложить в следующей редакции:", "«5) оказание методической помощи педагогам;»;"),
     [I("replace", "rules.p7.sp5")]),
    ("ru", (RULES_RU, "в пункте 7: подпункт 5) изложить в следующей редакции: «5) оказание методической помощи педагогам;»;"),
     [I("replace", "rules.p7.sp5", new_text="5) оказание методической помощи педагогам;")]),
    # part of a point
    ("kk", (RULES_KK, "5-тармақта бірінші бөлік мынадай редакцияда жазылсын:", "«5. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың міндеттері:»;"),
     [I("replace", "rules.p5.part1", new_text="5. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың міндеттері:")]),
    ("ru", (RULES_RU, "часть первую пункта 5 изложить в следующей редакции:", "«5. Задачами учебно-методической и научно-методической работы являются:»;"),
     [I("replace", "rules.p5.part1", new_text="5. Задачами учебно-методической и научно-методической работы являются:")]),
    ("kk", (RULES_KK, "5-тармақта:", "екінші бөлік мынадай редакцияда жазылсын:", "«Әдістемелік жұмысқа басшылық жасау:»;", "үшінші бөлік алып тасталсын;"),
     [I("replace", "rules.p5.part2", new_text="Әдістемелік жұмысқа басшылық жасау:"), I("delete", "rules.p5.part3")]),
    ("ru", (RULES_RU, "в пункте 5:", "часть вторую изложить в следующей редакции:", "«Руководство методической работой осуществляют:»;", "часть третью исключить;"),
     [I("replace", "rules.p5.part2", new_text="Руководство методической работой осуществляют:"), I("delete", "rules.p5.part3")]),
    # several units
    ("kk", (RULES_KK, "10, 11-тармақтар мынадай редакцияда жазылсын:", "«10. Құрылымдық бөлімшелер әдістемелік жұмысты жүзеге асырады.",
            "11. Құрылымдық бөлімшелер:", "1) жұмысқа басшылық жасайды;", "2) ұсынымдар береді.»;"),
     [I("replace", "rules.p10", new_text="10. Құрылымдық бөлімшелер әдістемелік жұмысты жүзеге асырады."),
      I("replace", "rules.p11", new_text="11. Құрылымдық бөлімшелер:\n1) жұмысқа басшылық жасайды;\n2) ұсынымдар береді.")]),
    ("ru", (RULES_RU, "пункты 10, 11, 12, 13 и 14 изложить в следующей редакции:", "«10. Методическая работа ведется в структурных подразделениях.",
            "11. Структурные подразделения действуют на основании положения.", "12. Численность методистов определяет совет.",
            "13. Структурные подразделения осуществляют:", "1) руководство работой кафедр;", "2) экспертизу документов.",
            "14. Руководство осуществляет заместитель руководителя.", "Общее руководство осуществляют методические советы.»;"),
     [I("replace", "rules.p10", new_text="10. Методическая работа ведется в структурных подразделениях."),
      I("replace", "rules.p11"), I("replace", "rules.p12"),
      I("replace", "rules.p13", new_text="13. Структурные подразделения осуществляют:\n1) руководство работой кафедр;\n2) экспертизу документов."),
      I("replace", "rules.p14", new_text="14. Руководство осуществляет заместитель руководителя.\nОбщее руководство осуществляют методические советы.")]),
    # chapter heading
    ("kk", (RULES_KK, "2-тараудың атауы мынадай редакцияда жазылсын:", "«2. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың мазмұны»;"),
     [I("replace", "rules.ch2", new_text="2. Оқу-әдістемелік және ғылыми-әдістемелік жұмыстың мазмұны")]),
    ("ru", (RULES_RU, "заголовок главы 2 изложить в следующей редакции:", "«Глава 2. Содержание учебно-методической и научно-методической работы»;"),
     [I("replace", "rules.ch2", new_text="Глава 2. Содержание учебно-методической и научно-методической работы")]),
    # title of the act (order context) and name of the approved Rules (Rules context)
    ("kk", ("тақырыбы мынадай редакцияда жазылсын:", "«Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидаларын бекіту туралы»;"),
     [I("replace", "order.title", new_text="Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидаларын бекіту туралы")]),
    ("ru", ("заголовок изложить в следующей редакции:", "«Об утверждении Правил организации и осуществления учебно-методической и научно-методической работы»;"),
     [I("replace", "order.title", new_text="Об утверждении Правил организации и осуществления учебно-методической и научно-методической работы")]),
    ("kk", (RULES_KK, "атауы мынадай редакцияда жазылсын:", "«Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру және жүзеге асыру қағидалары»;"),
     [I("replace", "rules.title")]),
    ("ru", (RULES_RU, "заголовок изложить в следующей редакции:", "«Правила организации и осуществления учебно-методической и научно-методической работы»;"),
     [I("replace", "rules.title", new_text="Правила организации и осуществления учебно-методической и научно-методической работы")]),
    # delete
    ("kk", (RULES_KK, "3-тармақ жойылсын;"), [I("delete", "rules.p3")]),
    ("kk", (RULES_KK, "3-тармақ алып тасталсын;"), [I("delete", "rules.p3")]),
    ("ru", (RULES_RU, "пункт 3 исключить;"), [I("delete", "rules.p3")]),
    ("kk", (RULES_KK, "7-тармақтың 4) тармақшасы алып тасталсын;"), [I("delete", "rules.p7.sp4")]),
    ("ru", (RULES_RU, "подпункт 4) пункта 7 исключить;"), [I("delete", "rules.p7.sp4")]),
    # insert a unit
    ("kk", (RULES_KK, "мынадай мазмұндағы 7-1-тармақпен толықтырылсын:", "«7-1. Әдістемелік кеңестің отырысы тоқсанына кемінде бір рет өткізіледі.»;"),
     [I("insert", "rules.p7-1", after="rules.p7", new_text="7-1. Әдістемелік кеңестің отырысы тоқсанына кемінде бір рет өткізіледі.")]),
    ("ru", (RULES_RU, "дополнить пунктом 7-1 следующего содержания:", "«7-1. Заседания методического совета проводятся не реже одного раза в квартал.»;"),
     [I("insert", "rules.p7-1", after="rules.p7", new_text="7-1. Заседания методического совета проводятся не реже одного раза в квартал.")]),
    ("kk", (RULES_KK, "7-тармақ мынадай мазмұндағы 9) тармақшамен толықтырылсын:", "«9) педагогтардың біліктілігін арттыруды ұйымдастыру.»;"),
     [I("insert", "rules.p7.sp9", after="rules.p7.sp8", new_text="9) педагогтардың біліктілігін арттыруды ұйымдастыру.")]),
    ("ru", (RULES_RU, "пункт 7 дополнить подпунктом 9) следующего содержания:", "«9) организация повышения квалификации педагогов.»;"),
     [I("insert", "rules.p7.sp9", after="rules.p7.sp8", new_text="9) организация повышения квалификации педагогов.")]),
    ("kk", (RULES_KK, "7-тармақта:", "мынадай мазмұндағы 9) тармақшамен толықтырылсын:", "«9) педагогтардың біліктілігін арттыруды ұйымдастыру.»;"),
     [I("insert", "rules.p7.sp9", after="rules.p7.sp8")]),
    ("ru", (RULES_RU, "дополнить пунктами 7-1 и 7-2 следующего содержания:", "«7-1. Первый новый пункт.", "7-2. Второй новый пункт.»;"),
     [I("insert", "rules.p7-1", after="rules.p7", new_text="7-1. Первый новый пункт."),
      I("insert", "rules.p7-2", after="rules.p7-1", new_text="7-2. Второй новый пункт.")]),
    # add a part
    ("kk", (RULES_KK, "2-тармақ мынадай мазмұндағы екінші бөлікпен толықтырылсын:", "«Әдістемелік жұмысқа білім беру ұйымының басшысы жетекшілік етеді.»;"),
     [I("insert", "rules.p2.part2", after="rules.p2.part1", new_text="Әдістемелік жұмысқа білім беру ұйымының басшысы жетекшілік етеді.")]),
    ("ru", (RULES_RU, "пункт 2 дополнить частью второй следующего содержания:", "«Методической работой руководит руководитель организации образования.»;"),
     [I("insert", "rules.p2.part2", after="rules.p2.part1", new_text="Методической работой руководит руководитель организации образования.")]),
    # replace words: in a unit, in a unit context, act-wide
    ("kk", (RULES_KK, "7-тармақта «оқу-әдістемелік» деген сөздер «оқу-әдістемелік және ғылыми-әдістемелік» деген сөздермен ауыстырылсын;"),
     [I("replace_words", "rules.p7", old_words="оқу-әдістемелік", new_words="оқу-әдістемелік және ғылыми-әдістемелік")]),
    ("ru", (RULES_RU, "в пункте 7 слова «учебно-методическая работа» заменить словами «учебно-методическая и научно-методическая работа»;"),
     [I("replace_words", "rules.p7", old_words="учебно-методическая работа", new_words="учебно-методическая и научно-методическая работа")]),
    ("kk", (RULES_KK, "8-тармақта:", "«білім беру ұйымы» деген сөздер «білім беру ұйымдары» деген сөздермен ауыстырылсын;"),
     [I("replace_words", "rules.p8", old_words="білім беру ұйымы", new_words="білім беру ұйымдары")]),
    ("ru", (RULES_RU, "в пункте 8:", "слова «организации образования» заменить словами «организаций образования»;"),
     [I("replace_words", "rules.p8", old_words="организации образования", new_words="организаций образования")]),
    ("kk", (RULES_KK, "7-тармақтың 5) тармақшасында «олимпиадалар» деген сөз «олимпиадалар мен конкурстар» деген сөздермен ауыстырылсын;"),
     [I("replace_words", "rules.p7.sp5", old_words="олимпиадалар", new_words="олимпиадалар мен конкурстар")]),
    ("ru", (RULES_RU, "в подпункте 5) пункта 7 слово «олимпиадах» заменить словами «олимпиадах и конкурсах»;"),
     [I("replace_words", "rules.p7.sp5", old_words="олимпиадах", new_words="олимпиадах и конкурсах")]),
    ("kk", (RULES_KK, "бүкіл мәтін бойынша «Ереже» деген сөз «Қағидалар» деген сөзбен ауыстырылсын;"),
     [I("replace_words", "rules", old_words="Ереже", new_words="Қағидалар")]),
    ("ru", (RULES_RU, "по всему тексту слова «настоящим Положением» заменить словами «настоящими Правилами»;"),
     [I("replace_words", "rules", old_words="настоящим Положением", new_words="настоящими Правилами")]),
    ("kk", (RULES_KK, "9-тармақта «оқу» деген сөз «білім беру» деген сөздермен, «ұйымы» деген сөз «ұйымдары» деген сөзбен ауыстырылсын;"),
     [I("replace_words", "rules.p9", old_words="оқу", new_words="білім беру"), I("replace_words", "rules.p9", old_words="ұйымы", new_words="ұйымдары")]),
    ("ru", ("в заголовке слова «учебно-методической работы» заменить словами «учебно-методической и научно-методической работы»;",),
     [I("replace_words", "order.title", old_words="учебно-методической работы")]),
    # delete words
    ("kk", (RULES_KK, "9-тармақта «және кәсіптік» деген сөздер алып тасталсын;"), [I("delete_words", "rules.p9", old_words="және кәсіптік")]),
    ("ru", (RULES_RU, "в пункте 9 слова «и профессионального» исключить;"), [I("delete_words", "rules.p9", old_words="и профессионального")]),
    ("kk", (RULES_KK, "9-тармақта:", "«және кәсіптік» деген сөздер жойылсын;"), [I("delete_words", "rules.p9", old_words="және кәсіптік")]),
    # a unit losing force is deleted
    ("ru", (RULES_RU, "пункт 15 признать утратившим силу;"), [I("delete", "rules.p15")]),
    ("kk", (RULES_KK, "15-тармақтың күші жойылды деп танылсын;"), [I("delete", "rules.p15")]),
    # Russian orders numbering their clauses as subpoints of point 1, wording inline
    ("ru", ("1) заголовок изложить в следующей редакции: «Об утверждении Правил организации научно-методической работы»;",
            "2) в Правилах организации и осуществления учебно-методической работы, утвержденных указанным приказом:",
            "пункт 3 исключить;", "3) пункт 4 изложить в следующей редакции: «4. Методическая работа ведется постоянно.»."),
     [I("replace", "order.title", new_text="Об утверждении Правил организации научно-методической работы"), I("delete", "rules.p3"),
      I("replace", "rules.p4", new_text="4. Методическая работа ведется постоянно.")]),
]


@pytest.mark.parametrize("lang,clauses,expected", CASES, ids=[f"{c[0]}-{c[1][-2 if len(c[1]) > 1 else -1][:40]}" for c in CASES])
def test_formula(lang, clauses, expected):
    instrs, problems = run(lang, *clauses)
    assert problems == ()
    assert rows(instrs) == [(op, target) for op, target, _ in expected]
    for got, (_, _, fields) in zip(instrs, expected):
        for name, value in fields.items():
            assert getattr(got, name) == value, name


def test_repeal_of_the_act_kk_and_ru():
    for lang in ("kk", "ru"):
        instrs, problems = read((FIX / f"repeal_{lang}.txt").read_text(encoding="utf-8"), lang)
        assert problems == () and rows(instrs) == [("repeal", "order")]
        assert instrs[0].clause.address == "order.p1" and instrs[0].clause.first_line == 6


def test_ordinals():
    for n, (kk, ru) in enumerate([("бірінші", "первую"), ("екінші", "вторую"), ("үшінші", "третью"), ("төртінші", "четвертую"),
                                  ("бесінші", "пятую"), ("алтыншы", "шестую")], 1):
        assert rows(run("kk", RULES_KK, f"5-тармақтың {kk} бөлігі алып тасталсын;")[0]) == [("delete", f"rules.p5.part{n}")]
        assert rows(run("ru", RULES_RU, f"часть {ru} пункта 5 исключить;")[0]) == [("delete", f"rules.p5.part{n}")]


def test_clause_carries_sentence_and_lines():
    instrs, _ = run("kk", RULES_KK, "7-тармақ мынадай редакцияда жазылсын:", "«7. Жаңа мәтін:", "1) бірінші;", "2) екінші.»;")
    c = instrs[0].clause
    assert (c.address, c.first_line, c.last_line, c.text) == ("order.p1.part3", 8, 11, "7-тармақ мынадай редакцияда жазылсын:")
    assert instrs[0].new_text == "7. Жаңа мәтін:\n1) бірінші;\n2) екінші."


# -- context ----------------------------------------------------------------------------

def test_order_context_then_rules_context():
    instrs, problems = run("kk", "1-тармақ мынадай редакцияда жазылсын:", "«1. Қоса беріліп отырған қағидалар бекітілсін.»;",
                           RULES_KK, "1-тармақ алып тасталсын;")
    assert problems == () and rows(instrs) == [("replace", "order.p1"), ("delete", "rules.p1")]


def test_point_context_ends_at_a_clause_naming_a_point():
    instrs, problems = run("ru", RULES_RU, "в пункте 7:", "подпункт 5) исключить;", "пункт 8 исключить;", "подпункт 1) исключить;")
    assert rows(instrs) == [("delete", "rules.p7.sp5"), ("delete", "rules.p8")]
    assert len(problems) == 1 and "no point is named" in problems[0].message and problems[0].clause.text == "подпункт 1) исключить;"


def test_point_context_ends_at_a_chapter_heading():
    instrs, problems = run("kk", RULES_KK, "7-тармақта:", "5) тармақша алып тасталсын;",
                           "3-тараудың атауы мынадай редакцияда жазылсын:", "«3. Құрылымдық бөлімшелер»;", "6) тармақша алып тасталсын;")
    assert rows(instrs) == [("delete", "rules.p7.sp5"), ("replace", "rules.ch3")]
    assert len(problems) == 1


def test_a_locative_without_colon_scopes_only_its_clause():
    instrs, problems = run("kk", RULES_KK, "7-тармақта:", "5) тармақшада «олимпиадалар» деген сөз алып тасталсын;", "8) тармақша алып тасталсын;")
    assert problems == () and rows(instrs) == [("delete_words", "rules.p7.sp5"), ("delete", "rules.p7.sp8")]


# -- error cases ------------------------------------------------------------------------

def test_unknown_formula_is_reported_and_reading_goes_on():
    instrs, problems = run("kk", RULES_KK, "7-тармақ мынадай түрде өзгертілсін;", "8-тармақ алып тасталсын;")
    assert rows(instrs) == [("delete", "rules.p8")]
    assert len(problems) == 1
    p = problems[0]
    assert p.message == "unknown formula: 7-тармақ мынадай түрде өзгертілсін;"
    assert (p.clause.address, p.clause.first_line, p.clause.text) == ("order.p1.part3", 8, "7-тармақ мынадай түрде өзгертілсін;")
    assert "synthetic.txt:8:" in str(p) and "40-2016 [kk]" in str(p)


def test_unknown_formula_with_its_wording_is_one_problem():
    instrs, problems = run("ru", RULES_RU, "пункт 7 переписать так:", "«7. Новый текст.»;", "пункт 8 исключить;")
    assert rows(instrs) == [("delete", "rules.p8")]
    assert len(problems) == 1 and problems[0].clause.last_line == problems[0].clause.first_line + 1


def test_unknown_clause_naming_a_point_stops_relative_targets_instead_of_guessing():
    instrs, problems = run("kk", RULES_KK, "5-тармақта:", "бірінші бөлік алып тасталсын;",
                           "7-тармақ бойынша мынадай өзгеріс жасалсын:", "екінші бөлік алып тасталсын;", "9-тармақ алып тасталсын;")
    assert rows(instrs) == [("delete", "rules.p5.part1"), ("delete", "rules.p9")]
    assert [p.message.split(":")[0] for p in problems] == ["unknown formula", "the point this part belongs to is not known (an earlier clause could not be read)"]


def test_text_in_one_language_only_is_not_guessed():
    instrs, problems = run("kk", RULES_KK, "орыс тіліндегі мәтінде «учебной» деген сөз «учебно-методической» деген сөзбен ауыстырылсын, қазақ тіліндегі мәтін өзгермейді;")
    assert instrs == () and len(problems) == 1 and problems[0].message.startswith("unknown formula")


def test_replace_without_wording_is_a_problem():
    instrs, problems = run("kk", RULES_KK, "7-тармақ мынадай редакцияда жазылсын:", "8-тармақ алып тасталсын;")
    assert rows(instrs) == [("delete", "rules.p8")]
    assert len(problems) == 1 and problems[0].message.startswith("no wording for rules.p7")
    instrs, problems = run("ru", RULES_RU, "дополнить пунктом 7-1 следующего содержания:")
    assert instrs == () and problems[0].message.startswith("no wording for rules.p7-1")


def test_unquoted_clause_after_a_replace_head_is_not_taken_as_its_wording():
    instrs, problems = run("ru", RULES_RU, "пункт 7 изложить в следующей редакции:", "пункт 8 переписать;")
    assert instrs == () and [p.message.split(":")[0] for p in problems] == ["no wording for rules.p7", "unknown formula"]


def test_several_targets_whose_wording_lacks_a_label():
    instrs, problems = run("kk", RULES_KK, "10, 11-тармақтар мынадай редакцияда жазылсын:", "«10. Он.»;")
    assert instrs == () and "cannot be split" in problems[0].message


def test_whole_chapter_replacement_is_refused():
    instrs, problems = run("ru", RULES_RU, "главу 3 изложить в следующей редакции:", "«Глава 3. Новая глава»;")
    assert instrs == () and "whole chapter" in problems[0].message


def test_garbage_text():
    for lang in ("kk", "ru"):
        instrs, problems = read("qwerty ### 123\n   !!! «»» ;;; :\n\n1. 2. 3) «««", lang)
        assert instrs == ()
        assert all(p.clause.file == "synthetic.txt" for p in problems)


def test_empty_order():
    for lang in ("kk", "ru"):
        assert read("", lang) == ((), ())
        instrs, problems = run(lang)   # an intro and no clauses: reported, never silently empty
        assert instrs == () and len(problems) == 1 and "no amending clause was read" in problems[0].message


def test_no_point_one_is_a_problem():
    instrs, problems = read("Бір нәрсе туралы\nМәтін бар, бірақ тармақ жоқ.", "kk")
    assert instrs == () and len(problems) == 1 and "no amending clauses" in problems[0].message


# -- properties -------------------------------------------------------------------------

FRAGMENTS = [
    RULES_KK, RULES_RU, "7-тармақта:", "в пункте 7:", "5) тармақша мынадай редакцияда жазылсын:", "пункт 7 изложить в следующей редакции:",
    "«7. Мәтін.»;", "«5) текст;", "1) бірінші;", "2) второй.»;", "мынадай мазмұндағы 7-1-тармақпен толықтырылсын:",
    "дополнить пунктом 7-1 следующего содержания:", "«X» деген сөздер «Y» деген сөздермен ауыстырылсын;", "слова «X» исключить;",
    "10, 11-тармақтар мынадай редакцияда жазылсын:", "пункты 1 и 2 изложить в следующей редакции:", "екінші бөлік алып тасталсын;",
    "часть вторую исключить;", "2-тараудың атауы мынадай редакцияда жазылсын:", "признать утратившим силу приказ;",
    "2. Осы бұйрық", "«", "»", ":", "0-тармақ жойылсын;", "пункт 0-0 исключить;", "99999999999-тармақ жойылсын;",
]
settings.register_profile("instructions", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(instrs, problems) -> None:
    for i in instrs:
        assert isinstance(i, Instruction)
        assert i.target in ("order", "rules") or parse_canonical(i.target)
        assert i.clause.first_line <= i.clause.last_line
    json.dumps(instructions_to_json(instrs, problems), ensure_ascii=False)


@settings(settings.get_profile("instructions"))
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Z", "S", "Cc")), max_size=400), st.sampled_from(["kk", "ru"]))
def test_never_raises_on_arbitrary_text(text, lang):
    check(*read(text, lang))


@settings(settings.get_profile("instructions"))
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=12), st.sampled_from(["kk", "ru"]))
def test_never_raises_on_clause_soup(clauses, lang):
    instrs, problems = run(lang, *clauses)
    check(instrs, problems)
    assert (instrs, problems) == run(lang, *clauses)   # deterministic


@settings(settings.get_profile("instructions"))
@given(st.text(max_size=80), st.lists(st.tuples(st.sampled_from(["", "1)", "2.", "«"]), st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60))), max_size=10))
def test_never_raises_on_arbitrary_trees(own, parts):
    kids = tuple(Node("part", f"order.p1.part{n}", label, text, lines=(n, n) if n % 3 else None) for n, (label, text) in enumerate(parts, 2))
    tree = Node("act", "", children=(Node("container", "order", children=(Node("point", "order.p1", "1.", own, kids),)),))
    for lang in ("kk", "ru"):
        check(*parse_instructions(tree, order="1-2020", lang=lang, file="t"))


def test_intro_naming_the_rules_opens_the_rules_context():
    text = frame("ru").replace(
        "Внести в приказ Министра образования и науки Республики Казахстан от 29 ноября 2007 года № 583 «Об утверждении Правил организации и осуществления учебно-методической работы» (зарегистрированный",
        "Внести в Правила организации и осуществления учебно-методической работы, утвержденные приказом Министра образования и науки Республики Казахстан от 29 ноября 2007 года № 583 (зарегистрированный",
    ).replace("следующие изменения:", "следующие изменения:\n      пункт 3 исключить;")
    assert rows(read(text, "ru")[0]) == [("delete", "rules.p3")]


def test_rules_context_with_a_quoted_name():
    instrs, problems = run("ru", "в Правилах «Об организации методической работы», утвержденных указанным приказом:", "пункт 3 исключить;")
    assert problems == () and rows(instrs) == [("delete", "rules.p3")]


def test_unknown_context_naming_another_act_stops_everything_after_it():
    instrs, problems = run("ru", RULES_RU, "пункт 2 исключить;", "в приказе Министра от 1 января 2010 года № 1 «Об утверждении Правил»:", "пункт 3 исключить;",
                           RULES_RU, "пункт 4 исключить;")
    assert rows(instrs) == [("delete", "rules.p2"), ("delete", "rules.p4")]
    assert [p.message.split(":")[0] for p in problems] == ["unknown formula", "the act or appendix amended here is not known (an earlier clause could not be read)"]


def test_a_unit_of_the_act_losing_force_is_not_a_repeal_of_the_act():
    text = (FIX / "repeal_kk.txt").read_text(encoding="utf-8").replace("бұйрығының (", "бұйрығының 3-тармағының (")
    instrs, problems = read(text, "kk")
    assert instrs == () and problems[0].message.startswith("unknown formula")
    text = (FIX / "repeal_ru.txt").read_text(encoding="utf-8").replace("(зарегистрирован", "в части пункта 3 (зарегистрирован")
    instrs, problems = read(text, "ru")
    assert instrs == () and problems[0].message.startswith("unknown formula")


def test_read_head_gives_a_fresh_list_of_the_same_steps_each_time():
    from normbase.heads import read_head

    head = "пункт 5 изложить в следующей редакции:"
    first = read_head(head, "ru")
    assert first
    first.clear()  # a caller changing the list it got changes nothing kept
    assert read_head(head, "ru") == read_head("  " + head, "ru") != []
