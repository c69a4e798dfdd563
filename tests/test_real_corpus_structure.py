"""Structure of the real acts in ``../shared/real-corpus/`` (both languages, every saved version).

Needs the real corpus (see ``real_corpus.py``); skips with the reason only when it is absent.

The counts below were verified by reading each text (and, as a cross-check, by counting its label
lines with grep; where the two differ the text glues units or quotes them, noted per file).
"""

from __future__ import annotations

from collections import Counter

import pytest
from real_corpus import REAL, SAME_STATE, SKIP, files, project
from test_lossless import assert_addresses_ok, assert_lossless

from normbase.normalize import decode, normalize
from normbase.structure import parse_structure

pytestmark = SKIP

# file: (sections, chapters, articles, points, subpoints, footnotes, toc, signature, deleted units)
EXPECTED = {
    # 61 articles + the inserted 29-1; Art. 30 «Исключена» and subpoint 10) of Art. 29 left deleted
    "104143/kk.md": (0, 5, 62, 0, 32, 11, 0, 1, ["art29.sp10", "art30"]),
    "104143/ru.md": (0, 5, 62, 0, 32, 6, 0, 1, ["art29.sp10", "art30"]),
    "104143/versions/2009-04-29/kk.md": (0, 5, 62, 0, 32, 7, 1, 1, ["art29.sp10", "art30"]),
    # a flattened list of ranks: no numbered unit at all
    "104251/ru.md": (0, 0, 0, 0, 0, 0, 0, 1, []),
    "12307/kk.md": (0, 0, 2, 0, 0, 0, 0, 1, []),
    "12307/ru.md": (0, 0, 2, 0, 0, 0, 0, 1, []),
    "143474/kk.md": (0, 0, 2, 0, 2, 0, 0, 1, []),   # the quoted Art. 7 is wording, not units
    "143474/ru.md": (0, 0, 2, 0, 2, 0, 0, 1, []),
    # 22 articles + 5-1; in ru.md Art. 1 is glued to the heading of chapter 1
    "17443/kk.md": (0, 5, 23, 26, 92, 5, 1, 1, []),
    "17443/ru.md": (0, 5, 23, 26, 90, 5, 1, 1, []),
    "17443/versions/2007-01-11/ru.md": (0, 5, 22, 26, 89, 1, 1, 1, []),
    "17443/versions/2009-02-12/kk.md": (0, 5, 23, 26, 90, 5, 1, 1, []),
    # the kk text glues point 2 to point 1 («…ауыстырылсын.2. Мынадай…»)
    "3053/kk.md": (0, 0, 0, 2, 0, 0, 0, 1, []),
    "3053/ru.md": (0, 0, 0, 2, 0, 0, 0, 1, []),
    "4051/kk.md": (0, 3, 8, 15, 4, 8, 1, 1, ["art1.sp2"]),
    "4051/ru.md": (0, 3, 8, 15, 4, 8, 1, 1, ["art1.sp2"]),
    "4051/versions/2006-07-04/kk.md": (0, 3, 8, 10, 4, 5, 0, 1, ["art1.sp2"]),
    "4051/versions/2007-12-19/ru.md": (0, 3, 8, 15, 4, 8, 1, 1, ["art1.sp2"]),
    # 5 clauses 1)…5) of Art. 1; the 9 + 1 quoted subpoints are wording
    "44216/kk.md": (0, 0, 2, 0, 5, 0, 0, 1, []),
    "44216/ru.md": (0, 0, 2, 0, 5, 0, 0, 1, []),
    "673/kk.md": (0, 0, 9, 16, 16, 6, 0, 1, ["art3.p4.sp8"]),
    "673/ru.md": (0, 0, 9, 16, 16, 3, 0, 1, ["art3.p4.sp8"]),
    # flattened: 5 points glued to the sentence before them («…Казахстан.4. Эталоны…»)
    "673/versions/2002-03-21/ru.md": (0, 0, 9, 16, 14, 2, 0, 1, []),
    "70132/kk.md": (0, 0, 0, 2, 0, 0, 0, 1, []),
    "70132/ru.md": (0, 0, 0, 2, 0, 1, 0, 1, []),
    # one clause each, no numbered unit; the quoted subpoints are wording
    "7490/kk.md": (0, 0, 0, 0, 0, 0, 0, 1, []),
    "7490/ru.md": (0, 0, 0, 0, 0, 0, 0, 1, []),
    "9459/kk.md": (0, 0, 0, 0, 0, 0, 0, 1, []),
    "9459/ru.md": (0, 0, 0, 0, 0, 0, 0, 1, []),
}

_CACHE: dict[str, tuple] = {}


def parsed(rel: str):
    if rel not in _CACHE:
        path = REAL / rel
        normalized = normalize(decode(path.read_bytes(), rel), doc=path.name)
        _CACHE[rel] = (normalized, parse_structure(normalized.lines, path.stem, "consolidated", rel))
    return _CACHE[rel]


def test_real_corpus_every_file_has_its_counts():
    assert sorted(EXPECTED) == files()


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_real_corpus_outline_counts(rel):
    _normalized, result = parsed(rel)
    kinds = Counter(n.kind for n in result.tree.walk())
    notes = sum(len(n.notes) for n in result.tree.walk())
    deleted = sorted(n.address for n in result.tree.walk() if n.status == "deleted")
    got = (kinds["section"], kinds["chapter"], kinds["article"], kinds["point"], kinds["subpoint"], notes,
           kinds["toc"], kinds["signature"], deleted)
    assert got == EXPECTED[rel]
    assert_addresses_ok(result.tree)
    assert not any(a.address.startswith(("order", "rules")) for a in result.tree.walk())   # no container


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_real_corpus_is_lossless(rel):
    normalized, result = parsed(rel)
    assert_lossless(normalized.lines, result.tree)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_real_corpus_footnote_is_attached_to_the_unit_it_follows(rel):
    """Each footnote sits on the article (or title, preamble, chapter) it follows — the last such
    heading before it — or on a unit inside it; and it is one paragraph: it ends at the next line
    with a word, so the text after it belongs to a unit."""
    _normalized, result = parsed(rel)
    heads = [n for n in result.tree.walk() if n.kind in ("article", "title", "preamble", "chapter", "section")
             and n.lines]
    for node in result.tree.walk():
        for note in node.notes:
            before = [h for h in heads if h.lines[0] < note.line]
            assert before, (rel, note.text[:60])
            follows = max(enumerate(before), key=lambda ih: (ih[1].lines[0], ih[0]))[1]   # ties: the later one
            assert node.address == follows.address or node.address.startswith(follows.address + "."), \
                (rel, note.line, node.address, follows.address)
            assert note.text.count("Сноска") + note.text.lower().count("ескерту") <= 1, note.text


def test_real_corpus_footnote_never_swallows_the_next_article():
    _normalized, result = parsed("4051/ru.md")
    art1 = result.tree.find("art1")
    assert [n.text[:19] for n in art1.notes] == ["Сноска. В статью 1 "]
    assert result.tree.find("art2.part1").text.startswith("Выплата пособия в соответствии с настоящим Законом")


def test_real_corpus_stray_code_after_a_footnote_joins_it():   # «N 227» / «Z010227_» / «.» on their own lines
    _normalized, result = parsed("673/versions/2002-03-21/ru.md")
    note = result.tree.find("art3-1").notes[0].text
    assert note.startswith("Сноска. Дополнен статьей 3") and note.endswith("Z010227_.")
    assert result.tree.find("art4.part1").text.startswith("На территории столицы")


def test_real_corpus_glued_units_are_split():
    _normalized, result = parsed("673/versions/2002-03-21/ru.md")
    assert result.tree.find("art1.p4").text.startswith("Эталоны Государственного флага")
    assert result.tree.find("art3.p3").text.startswith("Наряду с полномочиями")
    assert result.tree.find("art3.p2").text.endswith("по представлению Премьер-Министра.")   # a broken line joined
    _normalized, merged = parsed("17443/ru.md")
    assert merged.tree.find("ch1").text == "Общие положения"
    assert merged.tree.find("art1").text.startswith("Основные понятия")


def test_real_corpus_table_of_contents_is_its_own_node():
    _normalized, result = parsed("17443/ru.md")
    toc, title = result.tree.children[0], result.tree.children[1]
    assert (toc.address, title.address) == ("toc", "title")
    assert title.text.startswith("О государственном мониторинге") and "Статья" not in title.text


def test_real_corpus_quoted_wording_belongs_to_its_clause():
    _normalized, result = parsed("44216/ru.md")
    sp1 = result.tree.find("art1.sp1")
    assert [c.address for c in sp1.children][:2] == ["art1.sp1.part2", "art1.sp1.part3"]
    assert sp1.children[0].text.startswith('"Статья 1. Основные понятия')
    assert result.tree.find("art2").text.startswith("Настоящий Закон вводится в действие")


def test_real_corpus_article_heading_holding_its_text():
    _normalized, result = parsed("104143/ru.md")
    assert result.tree.find("art1").text.startswith("Рабочими органами Парламента")
    assert result.tree.find("art3.part2").text.startswith("Количество постоянных комитетов")   # art3 is part 1


# The same state in both languages: the same addresses, except where the texts themselves differ.
SOURCE_DIFFERENCES = {
    # only the Kazakh state has a table of contents; the Kazakh heading line of Art. 3 holds two paragraphs
    "104143": {"toc", "art3.part3"},
}


@pytest.mark.parametrize("act", sorted(SAME_STATE))
def test_real_corpus_kk_and_ru_have_the_same_addresses(act):
    ru, kk = SAME_STATE[act]
    a = {n.address for n in parsed(ru)[1].tree.walk() if n.address}
    b = {n.address for n in parsed(kk)[1].tree.walk() if n.address}
    assert a ^ b == SOURCE_DIFFERENCES.get(act, set())


@pytest.mark.slow
@pytest.mark.parametrize("act", sorted(SAME_STATE))
def test_real_corpus_alignment_pairs_99_percent(act, tmp_path):
    """``align`` pairs >= 99 % of the units (a pair: both languages have wording; a table of
    contents is navigation, not a unit of the act, and is left out)."""
    from normbase.align import KK_ONLY, RU_ONLY, align_act
    from normbase.pipeline import build

    ru, kk = SAME_STATE[act]
    root, act_id = project(tmp_path, act, 2000, ru, kk)
    pairs = [p for p in align_act(build(root).history(act_id)) if p.address != "toc"]
    both = [p for p in pairs if p.status not in (KK_ONLY, RU_ONLY)]
    assert len(pairs) > 1
    assert len(both) / len(pairs) >= 0.99, [(p.address, p.status) for p in pairs if p not in both]
