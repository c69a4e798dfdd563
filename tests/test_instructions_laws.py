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
    # subpoints numbered by letters (а), б) …), every case the grammar needs, and punctuation after words
    ("ru", ["подпункт б) статьи 6 изложить в следующей редакции:", "\"б) акты проверок;\";"], [("replace", "art6.spb", None)]),
    ("kk", ["6-баптың б) тармақшасы мынадай редакцияда жазылсын:", "\"б) тексеру актілері;\";"], [("replace", "art6.spb", None)]),
    ("ru", ["в подпункте в) части второй статьи 6 слово \"акт\" заменить словом \"протокол\";"],
     [("replace_words", "art6.part2.spv", None)]),
    ("kk", ["6-баптың екінші бөлігінің в) тармақшасындағы \"акт\" деген сөз \"хаттама\" деген сөзбен ауыстырылсын;"],
     [("replace_words", "art6.part2.spv", None)]),
    ("ru", ["часть первую статьи 6 дополнить подпунктами ж) и з) следующего содержания:", "\"ж) отчеты;", "з) справки.\";"],
     [("insert", "art6.part1.spzh", None), ("insert", "art6.part1.spz", None)]),
    ("kk", ["6-баптың бірінші бөлігі мынадай мазмұндағы ж) және з) тармақшалармен толықтырылсын:",
            "\"ж) есептер;", "з) анықтамалар.\";"],
     [("insert", "art6.part1.spzh", None), ("insert", "art6.part1.spz", None)]),
    ("ru", ["подпункт г) пункта 2 статьи 6 исключить;"], [("delete", "art6.p2.spg", None)]),
    ("kk", ["6-баптың 2-тармағының г) тармақшасы алып тасталсын;"], [("delete", "art6.p2.spg", None)]),
    ("ru", ["в подпункте а) статьи 6 после слов \"в течение года\" поставить запятую;"],
     [("replace_words", "art6.spa", None)]),
    ("kk", ["6-баптың а) тармақшасындағы \"бір жыл ішінде\" деген сөздерден кейін үтір қойылсын;"],
     [("replace_words", "art6.spa", None)]),
    ("ru", ["в подпункте г) части второй статьи 2 после слов \"по решению\" поставить точку с запятой, "
            "слова \"суда общей юрисдикции\" исключить и дополнить подпунктом д) следующего содержания:",
            "\"д) по иным основаниям.\";"],
     [("replace_words", "art2.part2.spg", None), ("delete_words", "art2.part2.spg", None), ("insert", "art2.part2.spd", None)]),
]


@pytest.mark.parametrize("lang,clauses,expected", CASES, ids=[f"{c[0]}-{c[1][0][:40]}" for c in CASES])
def test_law_formula(lang, clauses, expected):
    instrs, problems = run(lang, *clauses)
    assert not problems, problems
    assert [(i.op.value, i.target, i.only_lang) for i in instrs] == expected
    assert all(i.clause.act is not None and i.clause.act.number == "11-IV" and i.clause.act.date == "2010-03-10"
               for i in instrs)


def test_punctuation_after_words_is_a_word_replacement():
    for lang, clause, words in (
        ("ru", "в подпункте а) статьи 6 после слов \"в течение года\" поставить точку с запятой;", "в течение года"),
        ("kk", "6-баптың а) тармақшасындағы \"бір жыл ішінде\" деген сөздерден кейін нүктелі үтір қойылсын;",
         "бір жыл ішінде"),
    ):
        (instr,), _ = run(lang, clause)
        assert (instr.op.value, instr.old_words, instr.new_words) == ("replace_words", words, words + ";")


def test_letter_subpoints_inserted_beside_the_context_and_after_their_letter():
    """«г) тармақшасындағы … мынадай мазмұндағы д) тармақшасымен толықтырылсын»: д) goes beside г),
    in the same part, after it; the wording is split at the letters' own labels."""
    (ins,), _ = run("ru", "статью 6 дополнить подпунктом е) следующего содержания:", "\"е) иные.\";")
    assert (ins.target, ins.after, ins.new_text) == ("art6.spe", "art6.spd", "е) иные.")
    instrs, _ = run("kk", "6-баптың бірінші бөлігі мынадай мазмұндағы ж) және з) тармақшалармен толықтырылсын:",
                    "\"ж) есептер;", "з) анықтамалар.\";")
    assert [(i.after, i.new_text) for i in instrs] == [("art6.part1.spe", "ж) есептер;"), ("art6.part1.spzh", "з) анықтамалар.")]


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
