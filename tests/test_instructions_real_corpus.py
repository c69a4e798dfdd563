"""Every amending instruction of the real corpus (``../shared/real-corpus/``), both languages, read
from its real sentence: the acts 12307, 3053, 143474, 9459, 44216, 7490 and 70132 (see the corpus
README). Each row: act, language, the start of the clause sentence as the file has it (quotes read
as «…»), and the (op, target) rows it gives. 7490 amends subpoints numbered by letters (г), д)) of
part two of article 2 (``art2.part2.spd``); its Kazakh clause also puts a semicolon after words
(a word replacement «X» → «X;») and deletes words. No clause is left unread: ``PROBLEMS`` is empty.
"""

from __future__ import annotations

import pytest

from normbase.instructions import parse_instructions
from normbase.normalize import decode, normalize
from normbase.structure import parse_structure
from tests.real_corpus import REAL, SKIP

pytestmark = SKIP

LAW_1997 = {"kind": "law", "date": "1997-05-07"}
ROWS = [
    ("12307", "ru", "статью 7 дополнить частью второй", [("insert", "art7.part2")]),
    ("12307", "kk", "7-бап мынадай мазмұндағы екінші бөлікпен", [("insert", "art7.part2")]),
    ("3053", "ru", "В статьях 2, 40 слова «Указом", [("replace_words", "art2"), ("replace_words", "art40")]),
    ("3053", "ru", "Дополнить статьей 29-1", [("insert", "art29-1")]),
    ("3053", "kk", "2,40-баптардағы «Қазақстан Республикасы Президентінің» деген сөздер алып тасталсын",
     [("delete_words", "art2"), ("delete_words", "art40"), ("replace_words", "art2"), ("replace_words", "art40")]),
    ("3053", "kk", "Мынадай мазмұндағы 29-1-баппен", [("insert", "art29-1")]),
    ("143474", "ru", "1) статью 7 изложить", [("replace", "art7")]),
    ("143474", "ru", "2) статью 19 дополнить частями второй, третьей и четвертой",
     [("insert", "art19.part2"), ("insert", "art19.part3"), ("insert", "art19.part4")]),
    ("143474", "kk", "1) 7-бап мынадай редакцияда", [("replace", "art7")]),
    ("143474", "kk", "2) 19-бап мынадай мазмұндағы екінші, үшінші және төртінші",
     [("insert", "art19.part2"), ("insert", "art19.part3"), ("insert", "art19.part4")]),
    ("9459", "ru", "пункт 4 статьи 3 дополнить подпунктами 7-1) и 7-2)",
     [("insert", "art3.p4.sp7-1"), ("insert", "art3.p4.sp7-2")]),
    ("9459", "kk", "3-баптың 4-тармағы мынадай мазмұндағы 7-1) және 7-2)",
     [("insert", "art3.p4.sp7-1"), ("insert", "art3.p4.sp7-2")]),
    ("44216", "ru", "1) статью 1 изложить", [("replace", "art1")]),
    ("44216", "ru", "2) главу 1 дополнить статьей 5-1", [("insert", "art5-1")]),
    ("44216", "ru", "3) подпункт 2) статьи 12 дополнить словами", [("append_words", "art12.sp2")]),
    ("44216", "ru", "4) статью 13 дополнить подпунктом 1-1)", [("insert", "art13.sp1-1")]),
    ("44216", "ru", "5) в подпункте 4) статьи 15 слово «определении»", [("replace_words", "art15.sp4")]),
    ("44216", "kk", "1) 1-бап мынадай редакцияда", [("replace", "art1")]),
    ("44216", "kk", "2) 1-тарау мынадай мазмұндағы 5-1-баппен", [("insert", "art5-1")]),
    ("44216", "kk", "3) 12-баптың 2) тармақшасы «, оған", [("append_words", "art12.sp2")]),
    ("44216", "kk", "4) 13-бап мынадай мазмұндағы 1-1) тармақшамен", [("insert", "art13.sp1-1")]),
    ("44216", "kk", "5) 15-баптың 4) тармақшасындағы «айқындауға»", [("replace_words", "art15.sp4")]),
    ("7490", "ru", "часть вторую статьи 2 дополнить подпунктом д)", [("insert", "art2.part2.spd")]),
    ("7490", "kk", "2-баптың екінші бөлігінің г) тармақшасындағы",
     [("replace_words", "art2.part2.spg"), ("delete_words", "art2.part2.spg"), ("insert", "art2.part2.spd")]),
    ("70132", "ru", "пункт 9 изложить", [("replace", "app2.p9")]),
    ("70132", "kk", "9-тармақ мынадай редакцияда", [("replace", "app2.p9")]),
]
PROBLEMS: list[tuple[str, str, str, tuple[str, ...]]] = []  # act, lang, sentence start, the units it names
ACTS = {"12307": {"kind": "law", "date": "1999-07-13"}, "3053": LAW_1997, "143474": LAW_1997,
        "9459": {"kind": "law", "date": "1998-05-20"}, "44216": {"kind": "law", "date": "2003-11-04"},
        "7490": {"kind": "law", "date": "1993-04-14"}, "70132": {"kind": "decree", "date": "2011-09-07", "number": "150"}}
_CACHE: dict = {}


def read(act: str, lang: str):
    if (act, lang) not in _CACHE:
        path = REAL / act / f"{lang}.md"
        normalized = normalize(decode(path.read_bytes(), str(path)), doc=path.name)
        tree = parse_structure(normalized.lines, lang, "amending", str(path)).tree
        _CACHE[act, lang] = parse_instructions(tree, order=act, lang=lang, file=str(path))
    return _CACHE[act, lang]


@pytest.mark.parametrize("act,lang,sentence,expected", ROWS, ids=[f"{r[0]}-{r[1]}-{r[2][:30]}" for r in ROWS])
def test_real_corpus_clause(act, lang, sentence, expected):
    instrs, _problems = read(act, lang)
    got = [(i.op.value, i.target) for i in instrs if i.clause.text.startswith(sentence)]
    assert got == expected
    for i in instrs:
        if i.clause.text.startswith(sentence):
            ref = i.clause.act
            assert ref is not None and all(getattr(ref, k) == v for k, v in ACTS[act].items()), ref


def test_real_corpus_letter_subpoints_and_punctuation():
    """7490: subpoint д) of part two of article 2 is added in both languages; the Kazakh text also
    puts a semicolon after «бойынша қолдануы» in г) and deletes «жағдайларында танылады» there."""
    ru, _ = read("7490", "ru")
    kk, _ = read("7490", "kk")
    assert ru[0].new_text.startswith("д) применения репрессий") and ru[0].new_text.endswith("уголовных дел.")
    assert ru[0].after == kk[2].after == "art2.part2.spg"
    semicolon, deleted, added = kk
    assert (semicolon.old_words, semicolon.new_words) == ("бойынша қолдануы", "бойынша қолдануы;")
    assert deleted.old_words == "жағдайларында танылады"
    assert added.new_text.startswith("д) Қазақстандағы") and added.new_text.endswith("жағдайларында танылады.")


def test_every_real_clause_is_read():
    """100 %: every clause of the real corpus gives its rows, none is a problem (both languages)."""
    total = {lang: sum(1 for r in ROWS if r[1] == lang) for lang in ("ru", "kk")}
    read_ok = {lang: sum(1 for r in ROWS if r[1] == lang and [(i.op.value, i.target) for i in read(r[0], lang)[0]
                                                             if i.clause.text.startswith(r[2])] == r[3])
               for lang in ("ru", "kk")}
    assert not PROBLEMS and read_ok == total and all(not read(a, lang)[1] for a in ACTS for lang in ("ru", "kk"))
    print(f"real amending clauses read: ru {read_ok['ru']} of {total['ru']}, kk {read_ok['kk']} of {total['kk']}")


@pytest.mark.parametrize("act", sorted(ACTS))
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_real_corpus_every_clause_is_accounted_for(act, lang):
    """No instruction beyond the table's, no problem beyond the letter subpoints of 7490."""
    instrs, problems = read(act, lang)
    rows = [r for r in ROWS if r[:2] == (act, lang)]
    assert len(instrs) == sum(len(r[3]) for r in rows)
    assert len(problems) == sum(1 for p in PROBLEMS if p[:2] == (act, lang))


def test_real_corpus_wordings():
    instrs, _ = read("44216", "ru")
    article = instrs[0].new_text.split("\n")
    assert article[0] == "Статья 1. Основные понятия, используемые в настоящем Законе" and article[-1].startswith("9) ")
    assert article[-1].endswith("затраченным ресурсам.")
    assert instrs[2].new_words == ", вносит в него изменения и (или) дополнения"
    kk, _ = read("9459", "kk")
    assert kk[0].new_text.startswith("7-1) ") and kk[0].new_text.endswith("жүзеге асырады;")
    assert kk[1].new_text.startswith("7-2) Астана")
