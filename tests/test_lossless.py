"""Structure loses nothing: every word of the normalized text lands in exactly one label,
text or footnote of the tree (``structure.py``'s promise), for the seeds, for arbitrary
text and for damaged copies of the seeds (hypothesis)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT, SEEDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normbase.address import parse_canonical
from normbase.normalize import normalize, normalize_inline
from normbase.structure import parse_structure
from normbase.tree import Node

_WORD = re.compile(r"[^\W_]+")  # a maximal run of letters and digits


def words(text: str) -> Counter[str]:
    """The words of ``text``, casefolded.

    Both sides are made of ``normalize``'s output lines, so ``normalize_inline`` is not
    applied again: on a paragraph joined from several lines it could glue one-letter tokens
    of two different lines into a "letter-spaced word" (``) N`` + ``и`` → ``)Nи``) and report
    a loss that is an artefact of the check. Comparing exact words is the stricter test.
    """
    return Counter(_WORD.findall(text.casefold()))


def test_words_of_normalized_text_are_stable_under_normalize_inline(seed):
    # what the brief's definition adds (normalize_inline) changes nothing on normalized lines
    for line in seed.normalized.lines:
        assert words(normalize_inline(line.text)) == words(line.text), line


def source_words(lines) -> Counter[str]:
    total: Counter[str] = Counter()
    for line in lines:
        total += words(line.text)
    return total


def tree_words(tree: Node) -> Counter[str]:
    total: Counter[str] = Counter()
    for node in tree.walk():
        for piece in (node.label, node.text, *(note.text for note in node.notes)):
            total += words(piece)
    return total


def assert_lossless(lines, tree: Node) -> None:
    have, want = tree_words(tree), source_words(lines)
    assert have == want, (
        f"dropped: {dict(want - have)}; duplicated or invented: {dict(have - want)}"
    )


def assert_addresses_ok(tree: Node) -> None:
    addresses = [n.address for n in tree.walk() if n.address]
    assert len(addresses) == len(set(addresses)), [a for a, c in Counter(addresses).items() if c > 1]
    for address in addresses:
        parse_canonical(address)


def parse(text: str, lang: str = "ru", kind: str = "consolidated"):
    normalized = normalize(text)
    return normalized, parse_structure(normalized.lines, lang, kind, "input.txt")


# ---------------------------------------------------------------- the seeds


def test_seed_is_lossless(seed):
    assert_lossless(seed.normalized.lines, seed.tree)


def test_seed_word_counts_are_not_trivial(seed):
    # guard against a vacuous pass (an empty tree of an empty text)
    assert sum(source_words(seed.normalized.lines).values()) > 700


def test_a_dropped_word_is_caught(ru_seed):
    """The check itself works: removing one word from one node is reported."""
    from dataclasses import replace

    from normbase.tree import replace_at

    node = ru_seed.tree.find("rules.p13.sp2")
    damaged = replace_at(ru_seed.tree, node.address, replace(node, text=node.text.replace("экспертиза ", "")))
    with pytest.raises(AssertionError, match="экспертиза"):
        assert_lossless(ru_seed.normalized.lines, damaged)


# ---------------------------------------------------------------- arbitrary text

# Pieces that reach the parser's branches: labels, headings, formulas, footnotes, signatures,
# appendix headers, quotes, noise, and both scripts.
FRAGMENTS = [
    "1.", "2.", "7.", "7-1.", "10.", "583.", "1)", "2)", "5-1)", "«1.", "«2)", "»;", "».", "«", "»",
    "ПРИКАЗЫВАЮ:", "Б Ұ Й Ы Р А М Ы Н :", "БҰЙЫРАМЫН:", "Сноска.", "Ескерту.",
    "Сноска. Пункт 7 в редакции приказа от 27.07.2015 № 488 (вводится в действие после дня его первого официального опубликования).",
    "Ескерту. 7-тармақ жаңа редакцияда - ҚР министрінің 27.07.2015 № 488 бұйрығымен.",
    "Приказ Министра", "Зарегистрирован", "туралы", "Общие положения", "Утверждены приказом", "№ 583",
    "бұйрығымен бекітілген", "Правила организации работы", "Министр Ж. Туймебаев",
    "Министрдің міндетін атқарушы Т. Балықбаев", "мынадай редакцияда жазылсын:", "1-тармақ", "5-тармақта",
    "2-тараудың", "к е й і н", "ж ү з е г е", "научно-", "методической", "N", "- 2 -", "www.adilet.zan.kz",
    "____", "работа", "и", "в", "жұмыс", "білім", "Ii", "ab", "(", ")", ":", ";", ".", ",", "-", "2015",
]
_line = st.tuples(
    st.sampled_from(["", " ", "  ", "      ", "\t"]),
    st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=6),
).map(lambda t: t[0] + " ".join(t[1]))
fragment_texts = st.lists(_line, min_size=0, max_size=25).map("\n".join)
raw_texts = st.text(
    alphabet=st.sampled_from(list("абвгдежзийклмнопрстуфхцчшщъыьэюяАБВПРСәғқңөұүһіІ0123456789 .,;:()«»\"-—–№N\n\t\r\u00ad")),
    max_size=400,
) | st.text(max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=fragment_texts | raw_texts, lang=st.sampled_from(["ru", "kk"]),
       kind=st.sampled_from(["consolidated", "amending", "original"]))
@example(text="", lang="ru", kind="consolidated")
@example(text="1.\n2)\n«", lang="kk", kind="amending")
def test_arbitrary_text_never_raises_and_is_lossless(text, lang, kind):
    normalized, parsed = parse(text, lang, kind)
    assert_lossless(normalized.lines, parsed.tree)
    assert_addresses_ok(parsed.tree)
    for diagnostic in parsed.diagnostics:
        assert diagnostic.line is None or diagnostic.line >= 1
        str(diagnostic)


# ---------------------------------------------------------------- damaged seeds

_SEED_LINES = {lang: (ROOT / rel).read_text(encoding="utf-8").split("\n") for lang, (_a, _k, rel) in SEEDS.items()}


def _letter_space(line: str) -> str:
    return "  ".join(" ".join(word) for word in line.split())


@st.composite
def damaged_seed(draw):
    lang = draw(st.sampled_from(sorted(SEEDS)))
    lines = list(_SEED_LINES[lang])
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["drop", "swap", "space"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if what == "drop":
            for _ in range(draw(st.integers(1, 5))):
                if i < len(lines):
                    del lines[i]
        elif what == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = _letter_space(lines[i])
    return lang, "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged=damaged_seed())
def test_damaged_seeds_never_raise_and_stay_lossless(damaged):
    lang, text = damaged
    kind = SEEDS[lang][1]
    normalized, parsed = parse(text, lang, kind)  # no errata: their lines may be gone
    assert_lossless(normalized.lines, parsed.tree)
    assert_addresses_ok(parsed.tree)
