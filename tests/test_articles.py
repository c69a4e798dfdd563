"""The structure of acts made of articles (``articles.py``) on synthetic texts.

Every text here is SYNTHETIC (made up to reach one rule each), never a real act; the real acts
are tested in ``test_real_corpus_structure.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lossless import assert_addresses_ok, assert_lossless

from normbase.normalize import normalize
from normbase.structure import parse_structure


def parse(text: str, lang: str = "ru", file: str = "synthetic.md"):
    normalized = normalize(text, doc=file)
    result = parse_structure(normalized.lines, lang, "consolidated", file)
    assert_lossless(normalized.lines, result.tree)
    assert_addresses_ok(result.tree)
    return result


def outline(result) -> list[tuple[str, str]]:
    return [(n.address, n.kind) for n in result.tree.walk() if n.address]


# SYNTHETIC: a code with a section, chapters, a paragraph group and inserted units.
CODE = """\
# О синтетическом кодексе

Примечание РЦПИ! Статья 2 предусмотрена в редакции Закона РК от 01.02.2023 № 5-VIII (вводится в действие с 01.01.2030).

## Раздел 1. Общая часть

## Глава 1. Основы

### Параграф 1. Начала

### Статья 1

Первая часть статьи.

Вторая часть статьи.

### Статья 2. Понятия

1. Пункт первый:

1) подпункт первый;

1-1) подпункт вставленный;

2) исключен Законом РК от 01.01.2020 № 1-VI.

2-1. Пункт вставленный.

### Параграф 2. Продолжение

### Статья 2-1. Вставленная статья

Текст вставленной статьи.

Сноска. Статья 2-1 вводится в действие с 01.01.2030.

## Глава 2. Заключение

### Статья 3. Исключена Законом РК от 01.01.2020 № 1-VI.

Президент Республики Казахстан

И. Фамилиев
"""


def test_sections_chapters_groups_articles_and_inserted_units():
    result = parse(CODE)
    assert outline(result) == [
        ("title", "title"), ("sec1", "section"), ("ch1", "chapter"), ("par1", "paragraph-group"),
        ("art1", "article"), ("art1.part1", "part"), ("art1.part2", "part"),
        ("art2", "article"), ("art2.p1", "point"), ("art2.p1.sp1", "subpoint"), ("art2.p1.sp1-1", "subpoint"),
        ("art2.p1.sp2", "subpoint"), ("art2.p2-1", "point"),
        ("par2", "paragraph-group"), ("art2-1", "article"), ("art2-1.part1", "part"),
        ("ch2", "chapter"), ("art3", "article"), ("signature", "signature"),
    ]
    tree = result.tree
    assert tree.find("art1").label == "Статья 1" and tree.find("art1").text == ""   # «## Статья 1», no name
    assert [n.address for n in tree.walk() if n.status == "deleted"] == ["art2.p1.sp2", "art3"]
    assert tree.find("art2-1").status == "not_in_force"                      # «вводится в действие с …»
    assert tree.find("signature").text == "Президент Республики Казахстан И. Фамилиев"


def test_rcpi_note_is_a_note_kind_of_its_own():
    tree = parse(CODE).tree
    note = tree.find("title").notes[0]
    assert note.kind == "rcpi" and note.text.startswith("Примечание РЦПИ!")
    assert tree.find("title").status == ""   # announced, not applied: the text as it stands is unchanged


# SYNTHETIC, Kazakh: sections, chapters, articles as plain lines (no Markdown marks), in a .txt file.
KK = """\
Синтетикалық заң туралы
1-бөлім. Жалпы бөлім
1-тарау. Негіздер
1-бап. Ұғымдар
      1. Бірінші тармақ:
      1) бірінші тармақша;
      2) алып тасталды - ҚР 01.01.2020 № 1-VI Заңымен.
      Ескерту. 1-бапқа өзгеріс енгізілді - ҚР 01.01.2020 № 1-VI Заңымен.
2-бап. Екінші бап мәтіні бір жолда жазылған.
      Екінші бөлік.
РҚАО-ның ескертпесі! 2-бап өзгертілетін болады.
"""


def test_kazakh_text_without_markdown():
    result = parse(KK, "kk", "synthetic.txt")
    assert outline(result) == [
        ("title", "title"), ("sec1", "section"), ("ch1", "chapter"), ("art1", "article"), ("art1.p1", "point"),
        ("art1.p1.sp1", "subpoint"), ("art1.p1.sp2", "subpoint"), ("art2", "article"), ("art2.part2", "part"),
    ]
    tree = result.tree
    assert tree.find("art1.p1.sp2").status == "deleted"
    assert tree.find("art1").notes[0].text.startswith("Ескерту. 1-бапқа")
    assert [n.kind for n in tree.find("art2").notes] == ["rcpi"]


# SYNTHETIC: a table of contents without Markdown, then the title.
TOC = """\
Оглавление
Статья 1. Первая
Статья 2. Вторая
          О синтетическом законе
Статья 1. Первая
      Текст первой статьи.
Статья 2. Вторая
      Текст второй статьи.
"""


def test_table_of_contents_before_the_title():
    result = parse(TOC, file="synthetic.txt")
    assert outline(result)[:3] == [("toc", "toc"), ("title", "title"), ("art1", "article")]
    assert result.tree.find("title").text == "О синтетическом законе"


def test_footnote_ends_where_the_next_line_begins():
    # SYNTHETIC: a footnote not ending with a full stop, then the text of the next article's point
    result = parse("# О законе\n\n## Статья 1. Первая\n\nТекст.\n\nСноска. Статья 1 изменена Законом РК от 01.01.2020 № 1\n\n"
                   "мужчины - по достижении возраста;\n\n## Статья 2. Вторая\n\nТекст второй.\n")
    assert result.tree.find("art1").notes[0].text.endswith("№ 1")
    assert result.tree.find("art1.part2").text.startswith("мужчины")


def test_quotation_holds_no_units():
    # SYNTHETIC: an amending law quoting a whole article with its points
    result = parse('# О внесении изменений\n\nСтатья 1. Внести изменения:\n\n1) статью 5 изложить в следующей редакции:\n\n'
                   '"Статья 5. Новая\n\n1. Новый пункт.\n\n2. Второй пункт.";\n\n2) статью 6 исключить.\n\n'
                   'Статья 2. Настоящий Закон вводится в действие со дня опубликования.\n')
    assert [a for a, _k in outline(result)] == ["title", "art1", "art1.sp1", "art1.sp1.part2", "art1.sp1.part3",
                                                "art1.sp1.part4", "art1.sp2", "art2"]


def test_act_of_points_without_articles():
    # SYNTHETIC: a decree amending another, no appendix: no container
    result = parse("# О внесении изменения в Указ\n\nПОСТАНОВЛЯЮ:\n\n1. Внести изменение.\n\n"
                   "2. Настоящий Указ вводится в действие со дня подписания.\n\nПрезидент Республики Казахстан\n")
    assert [a for a, _k in outline(result)] == ["title", "preamble", "p1", "p2", "signature"]


FRAGMENTS = ["Статья 1.", "Статья 2-1.", "## Статья 3", "1-бап.", "2-бап", "Глава 1.", "1-тарау.", "Раздел 2",
             "1-бөлім.", "Параграф 1.", "§ 2", "1.", "2-1.", "1)", "7-1)", "«", "»", '"', "Сноска.", "Ескерту.",
             "Примечание РЦПИ!", "исключен", "алып тасталды", "вводится в действие с 01.01.2030", "Президент",
             "И. Фамилиев", "Оглавление", "Z010227_", "<*>", ".", ";", ":", "#", "###", "Текст", "мәтін", "и", "N 5"]
_line = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=5).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, max_size=20), lang=st.sampled_from(["ru", "kk"]),
       sep=st.sampled_from(["\n", "\n\n"]), file=st.sampled_from(["x.md", "x.txt"]))
def test_law_shaped_text_never_raises_and_is_lossless(lines, lang, sep, file):
    parse(sep.join(["Статья 1. Начало", *lines]), lang, file)


def test_a_new_wording_of_an_article_splits_as_the_parser_does():
    # SYNTHETIC: an article's new wording gives the same addresses as the same article in a text
    from normbase.wording import wording_units

    article = ("Статья 4. Право на пособие\n1. Граждане имеют право:\n1) первое;\n2) второе.\nАбзац пункта.\n"
               "2. Второй пункт.")
    parsed = parse("# О законе\n\n" + article.replace("\n", "\n\n"))
    addresses = [n.address for n in parsed.tree.walk() if n.address.startswith("art4")]
    assert [a for a, _t in wording_units("art4", article)] == addresses
    text_first = "Статья 7. Председатели избираются.\nОппозиция вправе."
    assert [a for a, _t in wording_units("art7", text_first)] == ["art7", "art7.part2"]


def test_a_stray_quote_mark_does_not_swallow_the_next_articles():
    # SYNTHETIC: an odd ASCII quote in article 1; the Markdown heading of article 2 still begins an article
    result = parse('# О законе\n\n## Статья 1. Первая\n\nТекст с кодом Z990414_ "О законе.\n\n'
                   '## Статья 2. Вторая\n\n1. Пункт.\n')
    assert [a for a, _k in outline(result)] == ["title", "art1", "art1.part1", "art2", "art2.p1"]


def test_a_clause_naming_a_chapter_is_not_a_heading():
    # SYNTHETIC: Kazakh amending clauses that begin with «2-тарау», «3-бөлім», «5-бап» but are no headings
    result = parse("# Заңға өзгерістер енгізу туралы\n\n1-бап. Заңға мынадай өзгерістер енгізілсін:\n\n"
                   "2-тарау мынадай редакцияда жазылсын:\n\n2-тараудың атауы алып тасталсын;\n\n"
                   "3-бөлім алып тасталсын;\n\n5-бап мынадай мазмұндағы бөлікпен толықтырылсын.\n\n"
                   "2-бап. Осы Заң ресми жарияланған күнінен бастап қолданысқа енгізіледі.\n", "kk")
    assert [a for a, _k in outline(result)] == ["title", "art1", "art1.part2", "art1.part3", "art1.part4",
                                                "art1.part5", "art2"]


# SYNTHETIC: a law whose article numbers its subpoints by letters, in two parts and in a point.
LETTERS_LAW = """\
# О синтетических буквах

### Статья 1. Понятия

1. Проверяются:
а) акты;
б) справки.

### Статья 2. Лица, подлежащие проверке

Проверке подлежат лица:

а) получившие уведомление;

б) не представившие отчет.

Проверке подлежат также лица, в отношении которых:

a) вынесено решение;

в) начато производство;

г) исключен;

д) иное.

### Статья 3. Вступление в силу

Настоящий Закон вводится в действие со дня опубликования.
"""


def test_letter_subpoints_in_points_and_parts():  # synthetic
    result = parse(LETTERS_LAW)
    assert [a for a, k in outline(result) if k == "subpoint"] == [
        "art1.p1.spa", "art1.p1.spb",
        "art2.part1.spa", "art2.part1.spb",
        "art2.part2.spa", "art2.part2.spv", "art2.part2.spg", "art2.part2.spd",
    ]
    tree = result.tree
    assert tree.find("art2.part2.spa").label == "a)"  # a Latin look-alike reads as а
    assert tree.find("art2.part2.spd").text == "иное." and tree.find("art2.part2.spd").label == "д)"
    assert tree.find("art2.part2.spg").status == "deleted"
    assert tree.find("art2.part2").text.startswith("Проверке подлежат также")
    assert result.diagnostics == ()


def test_letter_subpoints_kazakh_and_a_repeated_letter_is_kept_as_text():  # synthetic
    text = ("# Синтетикалық әріптер туралы\n\n### 1-бап. Ұғымдар\n\n1. Тексеріледі:\n\nа) актілер;\n\n"
            "ә) анықтамалар;\n\nа) қайталанған.\n\n### 2-бап. Күшіне енуі\n\nОсы Заң жарияланған күнінен бастап "
            "қолданысқа енгізіледі.\n")
    result = parse(text, "kk")
    assert [a for a, k in outline(result) if k == "subpoint"] == ["art1.p1.spa", "art1.p1.spae"]
    assert [d.message for d in result.diagnostics] == [
        "duplicate unit art1.p1.spa; kept as a paragraph of the unit above"]
    assert result.tree.find("art1.p1.spae").text.endswith("анықтамалар; а) қайталанған.")
