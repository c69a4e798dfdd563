"""Search analysis: tables of real words (Russian lemmas, compounds, folding, numbers),
the tokenizer against spaCy's ``xx``, and the Kazakh word families of the seed.

reads: the seed texts, ``tests/search/kk_families.tsv``; writes: nothing.
"""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path

import pytest

from normbase.normalize import decode, normalize
from normbase.search import ANALYSIS_VERSION, KazakhVocabulary, analyze
from normbase.search.analysis import HYPHENS, NormbaseAnalyzer, fold, positions, word_pieces
from normbase.search.index import kazakh_words
from normbase.search.kazakh import naive_stem, stem

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ROOT / "tests" / "search" / "kk_families.tsv"
KK_SEED = ROOT / "amendments" / "488-2015" / "000_25adfcbe3fa7ad9f.txt"
RU_SEED = ROOT / "corpus" / "583-2007" / "002_30b5a514a47d93be.txt"


def seed_text(path: Path) -> str:
    return "\n".join(line.text for line in normalize(decode(path.read_bytes(), str(path)), doc=path.name).lines)


@pytest.fixture(scope="module")
def kk_vocabulary() -> KazakhVocabulary:
    """What an index over the Kazakh seed attests (every word of order 488)."""
    return KazakhVocabulary.from_words(kazakh_words([seed_text(KK_SEED)]))


def shares_term(a: str, b: str, lang: str, vocabulary=None) -> bool:
    return bool(set(analyze(a, lang, vocabulary)) & set(analyze(b, lang, vocabulary)))


def meets(query: str, text: str, lang: str) -> bool:
    """Every query token has a reading among the text's terms (what an AND query needs)."""
    terms = set(analyze(text, lang))
    return all(set(p.query_terms) & terms for p in positions(query, lang))


# -- Russian -------------------------------------------------------------------------

@pytest.mark.parametrize("query, text", [
    ("методическое объединение", "методических объединений"),
    ("методическое объединение", "методические объединения"),
    ("методические объединения", "методического объединения"),
    ("олимпиады", "олимпиадах"),
    ("аттестация", "аттестации"),
    ("устав", "уставом"),                      # homonym: the gerund of устать is read first
    ("создается", "создаётся"),
    ("школа-интернат", "школ-интернатов"),
])
def test_russian_forms_meet(query, text):
    assert meets(query, text, "ru"), (analyze(query, "ru"), analyze(text, "ru"))


@pytest.mark.parametrize("word, expected", [
    ("учебно-методической", {"учебно-методический", "учебный", "методический"}),
    ("научно-методической", {"научно-методический", "методический"}),
    ("учебно-воспитательного", {"учебно-воспитательный", "воспитательный"}),
])
def test_hyphenated_compound_indexes_whole_and_parts(word, expected):
    ps = positions(word, "ru")
    assert len(ps) == 1                         # one position: phrases over the whole or a part both match
    assert expected <= set(ps[0].terms)
    assert ps[0].query_terms[0] == sorted(expected, key=len)[-1]


def test_part_of_compound_is_searchable_by_itself():
    assert shares_term("методической", "учебно-методической", "ru")
    assert shares_term("учебно", "учебно-методической", "ru")


# -- folding and numbers ---------------------------------------------------------------

@pytest.mark.parametrize("raw, folded", [
    ("МЕТОДИЧЕСКИЕ", "методические"),
    ("создаётся", "создается"),
    ("мeтодические", "методические"),          # Latin e inside a Cyrillic word
    ("HAУЧHO", "научно"),                      # Latin H, A, O
    ("бiлiм", "білім"),                        # Latin i → Kazakh і
    ("Әдiлет", "әділет"),
    ("мето\u0301дика", "методика"),            # stress mark
    ("Nota", "nota"),                          # a Latin word stays Latin
])
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize("query", ["N 583", "№583", "№ 583", "N583", "№ 0583"])
def test_number_sign_forms_meet(query):
    assert meets(query, "года № 583.", "ru")
    assert not meets(query, "года № 5836.", "ru")


def test_bare_number_finds_signed_number():
    assert analyze("583", "ru") == ["583"]
    assert "583" in analyze("№ 583", "ru")
    assert analyze("№ 583", "ru")[0] == "№583"


# -- tokenizer ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", [KK_SEED, RU_SEED], ids=["kk", "ru"])
def test_regex_tokenizer_gives_spacy_xx_word_pieces(path):
    """The regex tokenizer is used instead of spacy.blank("xx"): on both seeds it yields
    the same letter/digit pieces in the same order (and keeps offsets, ~10× faster)."""
    spacy = pytest.importorskip("spacy")
    text = seed_text(path)
    spacy_pieces = [p for tok in spacy.blank("xx")(text) for p in re.findall(r"[^\W_]+", tok.text)]
    assert word_pieces(text) == spacy_pieces


# -- Kazakh --------------------------------------------------------------------------------

def read_families():
    families, distinct = [], []
    for line in FAMILIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "family":
            families.append((cells[1], cells[2].split()))
        elif cells[0] == "distinct":
            distinct.append((cells[1], cells[2]))
        else:
            raise AssertionError(f"bad row in {FAMILIES.name}: {line}")
    return families, distinct


FAMILY_ROWS, DISTINCT_ROWS = read_families()


def family_together(forms: list[str], terms_of) -> bool:
    return bool(set.intersection(*(set(terms_of(f.lstrip("+"))) for f in forms)))


def test_family_table_is_real_and_large_enough():
    words = kazakh_words([seed_text(KK_SEED)])
    assert len(FAMILY_ROWS) >= 15 and len(DISTINCT_ROWS) >= 10
    for name, forms in FAMILY_ROWS:
        for form in forms:
            if not form.startswith("+"):
                assert all(p in words for p in HYPHENS.split(form)), f"{form} ({name}) is not in the Kazakh seed"
    for a, b in DISTINCT_ROWS:
        assert a in words and b in words, (a, b)


@pytest.mark.parametrize("name, forms", FAMILY_ROWS, ids=[r[0] for r in FAMILY_ROWS])
def test_kazakh_family_shares_a_term(name, forms, kk_vocabulary):
    assert family_together(forms, lambda w: analyze(w, "kk", kk_vocabulary)), \
        {f: analyze(f.lstrip("+"), "kk", kk_vocabulary) for f in forms}


@pytest.mark.parametrize("a, b", DISTINCT_ROWS, ids=[f"{a}-{b}" for a, b in DISTINCT_ROWS])
def test_unrelated_kazakh_words_stay_apart(a, b, kk_vocabulary):
    assert not shares_term(a, b, "kk", kk_vocabulary), (analyze(a, "kk", kk_vocabulary), analyze(b, "kk", kk_vocabulary))


def test_stripper_beats_naive_baseline(kk_vocabulary):
    """The figures docs/search.md reports (families together / unrelated pairs merged)."""
    def naive_terms(w):
        return {naive_stem(p) for p in HYPHENS.split(fold(w))}

    ours = sum(family_together(f, lambda w: analyze(w, "kk", kk_vocabulary)) for _, f in FAMILY_ROWS)
    rules_only = sum(family_together(f, lambda w: analyze(w, "kk")) for _, f in FAMILY_ROWS)
    naive = sum(family_together(f, naive_terms) for _, f in FAMILY_ROWS)
    naive_merged = sum(bool(naive_terms(a) & naive_terms(b)) for a, b in DISTINCT_ROWS)
    assert (ours, len(FAMILY_ROWS)) == (25, 25)
    assert rules_only < ours and naive < ours
    assert naive_merged > 0


@pytest.mark.parametrize("word, expected", [
    ("бағдарламаларын", "бағдарлама"),         # plural + possessive + accusative: reliable, no vocabulary needed
    ("ұйымдарындағы", "ұйым"),
    ("кеңестерінде", "кеңес"),
    ("олимпиадалар", "олимпиада"),
    ("олимпиада", "олимпиада"),                # -да after a vowel is a valid locative, but the reading is weak
    ("білім", "білім"),                        # first-person possessive is never stripped
    ("оның", "оның"),                          # о+ның: stem too short
    ("бұйрығына", "бұйрық"),                   # ғ devoiced
])
def test_stripper_without_vocabulary(word, expected):
    assert stem(word) == expected


def test_vocabulary_round_trips_through_pickle(kk_vocabulary):
    again = pickle.loads(pickle.dumps(kk_vocabulary))
    assert again == kk_vocabulary
    assert again.stem("кеңесінің") == kk_vocabulary.stem("кеңесінің") == "кеңес"


def test_whoosh_analyzer_yields_the_same_terms(kk_vocabulary):
    text = "әдістемелік кеңестерде, оқу-әдістемелік бірлестіктер № 1080"
    an = NormbaseAnalyzer("kk", kk_vocabulary)
    assert [t.text for t in an(text, positions=True)] == analyze(text, "kk", kk_vocabulary)
    assert pickle.loads(pickle.dumps(an)) == an
    assert an.version == ANALYSIS_VERSION


def test_analyze_is_deterministic_and_rejects_unknown_language():
    text = seed_text(RU_SEED)[:2000]
    assert analyze(text, "ru") == analyze(text, "ru")
    with pytest.raises(ValueError):
        analyze("x", "en")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
