"""The instruction grammar on amending laws: one real-style sentence per formula, in both languages,
inside a synthetic law frame «Статья 1. Внести в Закон … следующие изменения:» / «1-бап. … Заңына
мынадай өзгерістер енгізілсін:» (made-up legal text written here, marked synthetic), read through
the real chain normalize → parse_structure → parse_instructions.
"""

from __future__ import annotations

import pytest

from normbase.instructions import parse_instructions
from normbase.normalize import normalize
from normbase.structure import parse_structure

pytestmark = pytest.mark.synthetic

FRAME = {
    "ru": ("SYNTHETIC TEXT (synthetic test fixture, not an official text)\n\n"
           "# О внесении изменений в Закон Республики Казахстан \"О синтетических проверках\"\n\n"
           "Статья 1. Внести в Закон Республики Казахстан от 10 марта 2010 года № 11-IV "
           "\"О синтетических проверках\" следующие изменения:\n\n{clauses}\n\n"
           "Статья 2. Настоящий Закон вводится в действие со дня его первого официального опубликования.\n"),
    "kk": ("SYNTHETIC TEXT (synthetic test fixture, not an official text)\n\n"
           "# \"Синтетикалық тексерулер туралы\" Қазақстан Республикасының Заңына өзгерістер енгізу туралы\n\n"
           "1-бап. \"Синтетикалық тексерулер туралы\" 2010 жылғы 10 наурыздағы № 11-IV Қазақстан Республикасының "
           "Заңына мынадай өзгерістер енгізілсін:\n\n{clauses}\n\n"
           "2-бап. Осы Заң алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.\n"),
}


def run(lang: str, *clauses: str):
    text = FRAME[lang].replace("{clauses}", "\n\n".join(clauses))
    tree = parse_structure(normalize(text, doc="synthetic.md").lines, lang, "amending", "synthetic.md").tree
    return parse_instructions(tree, order="44-IV-2012", lang=lang, file="synthetic.md")


CASES = [  # lang, clause paragraphs, [(op, target, only_lang)]
    ("ru", ["в статье 7: в абзаце втором цифры «15» заменить цифрами «10 - 12»; абзац пятый исключить;"],
     [("replace_words", "art7.part2", None), ("delete", "art7.part5", None)]),
    ("kk", ["7-бапта: екінші абзацтағы \"15\" деген цифрлар \"10-12\" деген цифрлармен ауыстырылсын; бесінші абзац алып тасталсын;"],
     [("replace_words", "art7.part2", None), ("delete", "art7.part5", None)]),
    ("ru", ["статью 7 дополнить абзацем шестым следующего содержания:", "\"Проверка завершается актом.\";"],
     [("insert", "art7.part6", None)]),
    ("kk", ["7-бап мынадай мазмұндағы алтыншы абзацпен толықтырылсын:", "\"Тексеру актімен аяқталады.\";"],
     [("insert", "art7.part6", None)]),
    ("ru", ["по всему тексту слова \"комиссия\" заменить словами \"рабочая группа\";"], [("replace_words", "act", None)]),
    ("kk", ["бүкіл мәтін бойынша \"комиссия\" деген сөз \"жұмыс тобы\" деген сөздермен ауыстырылсын;"],
     [("replace_words", "act", None)]),
    ("ru", ["в статье 3: в тексте на русском языке слово „проверка“ заменить словом „ревизия“, текст на казахском языке не меняется;"],
     [("replace_words", "art3", "ru")]),
    ("kk", ["орыс тіліндегі мәтінде 3-баптағы «проверка» деген сөз «ревизия» деген сөзбен ауыстырылсын, мемлекеттік тілдегі мәтін өзгермейді;"],
     [("replace_words", "art3", "ru")]),
    ("ru", ["главу 2 дополнить статьей 12-1 следующего содержания:", "\"Статья 12-1. Отчет\n\nОтчет публикуется.\";"],
     [("insert", "art12-1", None)]),
    ("kk", ["2-тарау мынадай мазмұндағы 12-1-баппен толықтырылсын:", "\"12-1-бап. Есеп\n\nЕсеп жарияланады.\";"],
     [("insert", "art12-1", None)]),
    ("ru", ["заголовок главы 2 изложить в следующей редакции:", "\"Глава 2. Порядок проверок\";"], [("replace", "ch2", None)]),
    ("kk", ["2-тараудың тақырыбы мынадай редакцияда жазылсын:", "\"2-тарау. Тексерулер тәртібі\";"], [("replace", "ch2", None)]),
    ("ru", ["в разделе 2 слово \"ежегодно\" заменить словами \"не реже раза в год\";"], [("replace_words", "sec2", None)]),
    ("kk", ["2-бөлімдегі \"жыл сайын\" деген сөздер \"жылына кемінде бір рет\" деген сөздермен ауыстырылсын;"],
     [("replace_words", "sec2", None)]),
    ("ru", ["заголовок изложить в следующей редакции:", "\"О синтетических ревизиях\";"], [("replace", "title", None)]),
    ("kk", ["тақырыбы мынадай редакцияда жазылсын:", "\"Синтетикалық ревизиялар туралы\";"], [("replace", "title", None)]),
    ("ru", ["подпункт 2) пункта 1 статьи 12 дополнить словами \", вносит изменения\";"], [("append_words", "art12.p1.sp2", None)]),
    ("kk", ["12-баптың 1-тармағының 2) тармақшасы \", өзгерістер енгізеді\" деген сөздермен толықтырылсын;"],
     [("append_words", "art12.p1.sp2", None)]),
    ("ru", ["в части третьей статьи 9 слова \"в течение месяца\" исключить;"], [("delete_words", "art9.part3", None)]),
    ("kk", ["9-баптың үшінші бөлігіндегі \"бір ай ішінде\" деген сөздер алып тасталсын;"], [("delete_words", "art9.part3", None)]),
    ("ru", ["статью 14 признать утратившей силу;"], [("delete", "art14", None)]),
    ("kk", ["14-баптың күші жойылды деп танылсын;"], [("delete", "art14", None)]),
    ("ru", ["абзац двенадцатый статьи 4 исключить;"], [("delete", "art4.part12", None)]),
    ("kk", ["4-баптың он екінші абзацы алып тасталсын;"], [("delete", "art4.part12", None)]),
    ("ru", ["статью 5 дополнить пунктом 3 следующего содержания:", "\"3. Акт подписывается.\";"], [("insert", "art5.p3", None)]),
    ("kk", ["5-бап мынадай мазмұндағы 3-тармақпен толықтырылсын:", "\"3. Акті қол қойылады.\";"], [("insert", "art5.p3", None)]),
]


@pytest.mark.parametrize("lang,clauses,expected", CASES, ids=[f"{c[0]}-{c[1][0][:40]}" for c in CASES])
def test_law_formula(lang, clauses, expected):
    instrs, problems = run(lang, *clauses)
    assert not problems, problems
    assert [(i.op.value, i.target, i.only_lang) for i in instrs] == expected
    assert all(i.clause.act is not None and i.clause.act.number == "11-IV" and i.clause.act.date == "2010-03-10"
               for i in instrs)


def test_nested_quotes_in_a_wording():
    instrs, _ = run("ru", "статью 7 дополнить частью второй следующего содержания:",
                    "\"Проверку проводит \"Синтетический центр\".\";")
    assert instrs[0].new_text == "Проверку проводит «Синтетический центр»."


def test_numbered_clauses_without_a_wrapper_name_no_act():
    text = ("SYNTHETIC TEXT (synthetic test fixture, not an official text)\n\n# О синтетике\n\n"
            "1) статью 3 исключить;\n\n2) в статье 4 слово \"год\" заменить словом \"месяц\".\n")
    tree = parse_structure(normalize(text, doc="s.md").lines, "ru", "amending", "s.md").tree
    instrs, problems = parse_instructions(tree, order="1-2012", lang="ru", file="s.md")
    assert [(i.op.value, i.target, i.clause.act) for i in instrs] == [("delete", "art3", None), ("replace_words", "art4", None)]


def test_an_unread_clause_taints_what_it_names():
    instrs, problems = run("ru", "в статье 7 слова \"раз в год\" переставить местами;")
    assert not instrs and problems[0].targets == ("art7",)


def test_an_unread_clause_throughout_the_text_taints_the_whole_act():
    instrs, problems = run("kk", "бүкіл мәтін бойынша \"комиссия\" деген сөз бір жерге көшірілсін;")
    assert not instrs and problems[0].targets == ("act",)


SEVERAL = {
    "ru": ("SYNTHETIC TEXT (synthetic test fixture, not an official text)\n\n"
           "# О внесении изменений в некоторые синтетические законы\n\n"
           "Статья 1. Внести изменения в следующие законодательные акты Республики Казахстан:\n\n"
           "1. В Закон Республики Казахстан от 10 марта 2010 года № 11-IV \"О синтетических проверках\" "
           "(Ведомости Парламента Республики Казахстан, 2010 г., № 5, ст. 20):\n\n"
           "1) в статье 3 слово \"ежегодно\" заменить словами \"раз в год\";\n\n2) статью 4 исключить.\n\n"
           "2. В Закон Республики Казахстан от 20 апреля 2011 года № 22-IV \"О синтетических реестрах\":\n\n"
           "статью 2 дополнить частью третьей следующего содержания:\n\n\"Сведения обновляются.\".\n\n"
           "Статья 2. Настоящий Закон вводится в действие со дня его первого официального опубликования.\n"),
    "kk": ("SYNTHETIC TEXT (synthetic test fixture, not an official text)\n\n"
           "# Кейбір синтетикалық заңдарға өзгерістер енгізу туралы\n\n"
           "1-бап. Қазақстан Республикасының мына заңнамалық актілеріне өзгерістер енгізілсін:\n\n"
           "1. \"Синтетикалық тексерулер туралы\" 2010 жылғы 10 наурыздағы № 11-IV Қазақстан Республикасының Заңына "
           "(Қазақстан Республикасы Парламентінің Жаршысы, 2010 ж., № 5, 20-құжат):\n\n"
           "1) 3-баптағы \"жыл сайын\" деген сөздер \"жылына бір рет\" деген сөздермен ауыстырылсын;\n\n"
           "2) 4-бап алып тасталсын.\n\n"
           "2. \"Синтетикалық тізілімдер туралы\" 2011 жылғы 20 сәуірдегі № 22-IV Қазақстан Республикасының Заңына:\n\n"
           "2-бап мынадай мазмұндағы үшінші бөлікпен толықтырылсын:\n\n\"Мәліметтер жаңартылады.\".\n\n"
           "2-бап. Осы Заң алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.\n"),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_one_article_amending_several_acts_names_each_act_in_its_point(lang):
    tree = parse_structure(normalize(SEVERAL[lang], doc="s.md").lines, lang, "amending", "s.md").tree
    instrs, problems = parse_instructions(tree, order="44-IV-2012", lang=lang, file="s.md")
    assert not problems, problems
    assert [(i.op.value, i.target, i.clause.act.number) for i in instrs] == [
        ("replace_words", "art3", "11-IV"), ("delete", "art4", "11-IV"), ("insert", "art2.part3", "22-IV")]
