"""The search analysis, declared once: text → terms, the same for indexing and queries.

reads: nothing (pure functions; pymorphy3's dictionary is loaded on first use);
writes: nothing.

Stages, applied to each token found by one regular expression:

1. **tokenize** — a word is a run of letters/digits, hyphen-joined runs stay one token
   (``учебно-методической``, ``7-тармақта``, ``3-х``); a number sign ``№``, ``N`` or
   ``Н`` before digits makes one token with the number (``№ 583``, ``N583``). The
   regex gives the same word pieces, in the same order, as spaCy's ``xx`` tokenizer on
   both seeds (``tests/test_search_analysis.py`` measures it) and keeps character
   offsets, which the highlighter needs.
2. **fold** — NFC, lower case, ``ё`` → ``е``, stress marks and soft hyphens dropped;
   in a word that has Cyrillic letters, Latin look-alikes become Cyrillic and Latin
   ``i`` becomes Kazakh ``і``.
3. **reduce** — Russian: the pymorphy3 lemmas (called directly, cached): the most
   probable one, plus up to two other readings with probability ≥ 0.1, so a homonym
   (``устав``: the noun, or the gerund of ``устать``) is found either way; Kazakh:
   :mod:`normbase.search.kazakh` (suffix stripper, with the corpus vocabulary stored in
   the index). Numbers lose leading zeros.
4. **stack** — a hyphenated word indexes as the whole and as each part, all at one
   position (``учебно-методический``, ``учебный``, ``методический``), so phrase
   queries over the whole or over a part both match; ``№ 583`` indexes ``№583`` and
   ``583``. A position's *readings* (the terms of the whole token) are what a query
   looks for; the stacked extras are what a document is also found by.

``ANALYSIS_VERSION`` changes whenever any of this changes; an index records the version
it was built with and refuses to open under another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer, Token

from normbase.search.kazakh import EMPTY, KazakhVocabulary

ANALYSIS_VERSION = "3"
LANGS = ("kk", "ru")

TOKEN_RE = re.compile(
    r"(?P<num>(?<![^\W_])(?:№|N|Н|No\.?)\s*(?P<n>\d+(?:[-/]\d+)*)(?![^\W_]))"
    r"|(?P<word>[^\W_]+(?:[-‐‑][^\W_]+)*)"
)
HYPHENS = re.compile(r"[-‐‑]")
CYRILLIC = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]")
LOOKALIKES = str.maketrans("aceopxyiABCEHKMOPTXYI", "асеорхуіАВСЕНКМОРТХУІ")
DROP = dict.fromkeys(map(ord, "\u0301\u0300\u00ad\u200b\u200c\u200d"), None)


@dataclass(frozen=True)
class Position:
    """One token: its terms and where it is in the analysed text. The first ``readings``
    terms are readings of the whole token (a query looks for any of them); the rest are
    stacked extras a document is also found by (parts of a hyphenated word, the bare
    number of ``№ 583``)."""

    terms: tuple[str, ...]
    start: int
    end: int
    readings: int = 1

    @property
    def query_terms(self) -> tuple[str, ...]:
        return self.terms[: self.readings]


def fold(word: str) -> str:
    """Case, ``ё``, accents, and Latin look-alikes inside Cyrillic words."""
    word = unicodedata.normalize("NFC", word).translate(DROP)
    if CYRILLIC.search(word):
        word = word.translate(LOOKALIKES)
    return word.lower().replace("ё", "е")


def _number(digits: str) -> str:
    return digits.lstrip("0") or "0"


_MORPH = None


def _morph():
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


MIN_PARSE_SCORE = 0.1  # pymorphy3 readings below this probability are not indexed
MAX_READINGS = 3


@lru_cache(maxsize=300_000)
def ru_lemmas(word: str) -> tuple[str, ...]:
    """The pymorphy3 lemmas of a folded word, most probable first (``устав`` →
    ``устать``, ``устав``): every likely reading is indexed and queried, because the
    first parse alone splits homonyms (``устав`` the gerund vs ``уставом`` the noun).
    Non-Cyrillic words are unchanged."""
    if word.isdigit():
        return (_number(word),)
    if not CYRILLIC.search(word):
        return (word,)
    out: list[str] = []
    for i, parse in enumerate(_morph().parse(word)):
        if i and parse.score < MIN_PARSE_SCORE:
            continue
        lemma = parse.normal_form.replace("ё", "е")
        if lemma not in out:
            out.append(lemma)
        if len(out) == MAX_READINGS:
            break
    return tuple(out)


def ru_lemma(word: str) -> str:
    """The most probable pymorphy3 lemma of a folded word."""
    return ru_lemmas(word)[0]


def kk_stem(word: str, vocabulary: KazakhVocabulary | None = None) -> str:
    if word.isdigit():
        return _number(word)
    return (vocabulary or EMPTY).stem(word)


@lru_cache(maxsize=500_000)
def _ru_word_terms(raw: str) -> tuple[tuple[str, ...], int]:
    return _word_terms(raw, "ru", None)


def _cached_word_terms(
    raw: str, lang: str, vocabulary: KazakhVocabulary | None
) -> tuple[tuple[str, ...], int]:
    if lang == "ru":
        return _ru_word_terms(raw)
    cache = (vocabulary or EMPTY).token_cache
    hit = cache.get(raw)
    if hit is None:
        hit = _word_terms(raw, lang, vocabulary)
        if len(cache) < 500_000:
            cache[raw] = hit
    return hit


def _word_terms(raw: str, lang: str, vocabulary: KazakhVocabulary | None) -> tuple[tuple[str, ...], int]:
    """(terms, how many of them are readings of the whole word)."""
    word = fold(raw)
    parts = [p for p in HYPHENS.split(word) if p]

    def readings(w: str) -> tuple[str, ...]:
        return ru_lemmas(w) if lang == "ru" else (kk_stem(w, vocabulary),)

    if len(parts) == 1:
        only = readings(parts[0])
        return only, len(only)
    if lang == "ru":
        whole = list(ru_lemmas("-".join(parts)))
    else:
        whole = [
            "-".join(_number(p) if p.isdigit() else p for p in parts[:-1]) + "-" + readings(parts[-1])[0]
        ]
    terms = list(whole)
    for p in parts:
        terms += [t for t in readings(p) if t not in terms]
    return tuple(terms), len(whole)


@lru_cache(maxsize=100_000)
def _number_terms(digits: str) -> tuple[tuple[str, ...], int]:
    number = re.sub(r"\d+", lambda d: _number(d.group()), digits)
    return ("№" + number, number), 1


def token_terms(
    match: re.Match, lang: str, vocabulary: KazakhVocabulary | None = None
) -> tuple[tuple[str, ...], int]:
    """(terms, how many of them are readings of the whole token) of one ``TOKEN_RE``
    match: the one place a token becomes terms (``positions`` and the bulk indexer
    both call it)."""
    if match.group("num"):
        return _number_terms(match.group("n"))
    return _cached_word_terms(match.group("word"), lang, vocabulary)


def positions(text: str, lang: str, vocabulary: KazakhVocabulary | None = None) -> list[Position]:
    """The tokens of ``text`` with their terms, in order (one ``Position`` per token)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (expected one of {LANGS})")
    out: list[Position] = []
    for m in TOKEN_RE.finditer(text):
        terms, readings = token_terms(m, lang, vocabulary)
        out.append(Position(terms, m.start(), m.end(), readings))
    return out


_positions = positions


def analyze(text: str, lang: str, vocabulary: KazakhVocabulary | None = None) -> list[str]:
    """The terms ``text`` indexes as, in order (stacked terms of a position adjacent).

    ``vocabulary`` matters for Kazakh only: pass the index's (``SearchIndex.vocabulary``)
    to get exactly the terms the index holds; without it only reliable suffix readings
    are stripped.
    """
    return [t for p in positions(text, lang, vocabulary) for t in p.terms]


def word_pieces(text: str) -> list[str]:
    """The letter/digit pieces of the tokens (hyphenated words split), for comparing
    tokenizers."""
    out: list[str] = []
    for m in TOKEN_RE.finditer(text):
        out += re.findall(r"[^\W_]+", m.group(0))
    return out


class NormbaseAnalyzer(Analyzer):
    """The whoosh face of :func:`positions` (pickled into the schema, so it lives at this
    stable import path; its Kazakh vocabulary travels with it)."""

    def __init__(self, lang: str, vocabulary: KazakhVocabulary | None = None):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.vocabulary = vocabulary if lang == "kk" else None
        self.version = ANALYSIS_VERSION

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, NormbaseAnalyzer)
            and self.lang == other.lang
            and self.vocabulary == other.vocabulary
            and self.version == other.version
        )

    def __hash__(self) -> int:
        return hash((self.lang, self.version))

    def __repr__(self) -> str:
        return f"NormbaseAnalyzer({self.lang!r}, v{self.version})"

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, p in enumerate(_positions(value, self.lang, self.vocabulary)):
            for term in p.terms:
                t.text = term
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = value[p.start : p.end]
                if positions:
                    t.pos = start_pos + i
                if chars:
                    t.startchar = start_char + p.start
                    t.endchar = start_char + p.end
                yield t
