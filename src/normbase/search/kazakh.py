"""A Kazakh suffix stripper for search (no Kazakh stemmer exists offline).

reads: nothing (pure functions over folded, lower-case Kazakh words);
writes: nothing.

Kazakh is agglutinative: ``ұйым+дар+ы+нда`` (in their organisations). A word form is
read as ``stem + [plural] + [possessive 3rd person] + [case]`` and stripped from the end
(case first, then possessive, then plural). Every suffix comes in allomorphs chosen by
the sound before it (``-лар`` after vowels and р/й/у, ``-дар`` after л/м/н/ң/з/ж,
``-тар`` after voiceless consonants and б/в/г/д) and by vowel harmony (back ``-лар``,
front ``-лер``; the instrumental ``-мен/-бен/-пен`` has no back form); a reading is
valid only when every allomorph fits what precedes it. That rejects many accidental
matches, not all: ``олимпиада`` *is* a valid ``олимпиа+да`` (locative after a vowel),
and ``жоғары`` a valid ``жоғар+ы``. So a valid reading must also be *accepted*:

* **reliable** readings are accepted whenever the stem is plausible (two letters or
  more, with a vowel): those with a plural, a genitive, a locative-relative
  (``-дағы``), or a possessive followed by a case other than the bare accusative
  ``-н`` (``-ының``, ``-сында``, ``-ынан``…). Stems rarely end in these by accident.
* **weak** readings (a single short case ending ``-да``, ``-ға``, ``-ды``, ``-дан``,
  ``-мен``…, a bare possessive ``-ы``/``-сы``, or ``-ын``) are accepted only when the
  stem has three letters or more and is **attested** by the corpus: it is a corpus word,
  the stem of a reliable reading of one, or a stem two corpus words share.
  ``олимпиада`` stays whole (``олимпиа`` is unattested) while ``олимпиадалар`` →
  ``олимпиада``; ``кеңесі`` → ``кеңес``; ``әрі`` is not ``әр+і``.

Among the word itself and its accepted readings, the stem taken is the one the most
corpus words share (ties: the shorter). This picks ``жұмыс+ы`` over ``жұмы+сы`` and
keeps ``басшы`` whole although ``басш+ы`` is valid. A query word that was kept whole
because its only reading is weak and unattested (``ахуал``, while the corpus has only
``ахуалды``) is found anyway: the query side expands it to the vocabulary terms it is a
reading of (``query.FieldVocabulary.extensions``).

The attested set (a ``KazakhVocabulary``) is built once from the indexed texts and
stored with the index, so indexing and queries use the same one: the analysis is a
deterministic function of (word, vocabulary). Without a vocabulary only reliable
analyses strip.

Deliberately **not** stripped: first/second person possessives (``-ым``, ``-ың``,
``-мыз``…: absent from normative texts, and stripping them splits ``ұйым``, ``білім``,
``ғылым``, ``бөлім`` into nonsense), the dative ``-а/-е`` that only follows them, and
derivational suffixes (``-лық``, ``-шы``, ``-лы``, ``-сыз``): ``әдістемелік``
(methodical) and ``әдістеме`` (methodology) are different words, as pymorphy keeps
``методический`` and ``методика`` apart. Before a vowel suffix a final ``қ/к/п`` is
voiced (``бұйрық`` → ``бұйрығы``); the stripper devoices ``ғ`` → ``қ``, ``б`` → ``п``
and, after a front vowel, ``г`` → ``к`` (``министрлігі`` → ``министрлік``; the
back-vowel loan ``педагог`` keeps its ``г``).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable

VOWELS = frozenset("аәеиоөуұүыіэюяё")
BACK = frozenset("аоұыяю")
FRONT = frozenset("әеөүіэё")
VOICELESS = frozenset("пфкқтсшщхцчһбвгд")  # б в г д take the voiceless allomorphs too
RYU = frozenset("рйу")
LZJ = frozenset("лзж")
NASAL = frozenset("мнң")

# preceding-sound classes: V vowel, R р/й/у, L л/з/ж, N м/н/ң, T voiceless (and б в г д), P possessive
SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    # slot -> ((allomorph, classes it may follow), ...)
    "plural": (("лар", "VR"), ("лер", "VR"), ("дар", "LN"), ("дер", "LN"), ("тар", "T"), ("тер", "T")),
    "poss": (("ы", "RLNT"), ("і", "RLNT"), ("сы", "V"), ("сі", "V")),
    "gen": (("ның", "VNP"), ("нің", "VNP"), ("дың", "RL"), ("дің", "RL"), ("тың", "T"), ("тің", "T")),
    "acc": (("ны", "V"), ("ні", "V"), ("ды", "RLN"), ("ді", "RLN"), ("ты", "T"), ("ті", "T"), ("н", "P")),
    "dat": (("ға", "VRLN"), ("ге", "VRLN"), ("қа", "T"), ("ке", "T"), ("на", "P"), ("не", "P")),
    "loc": (("да", "VRLN"), ("де", "VRLN"), ("та", "T"), ("те", "T"), ("нда", "P"), ("нде", "P")),
    "abl": (("дан", "VRL"), ("ден", "VRL"), ("тан", "T"), ("тен", "T"), ("нан", "NP"), ("нен", "NP")),
    "ins": (("мен", "VRNP"), ("бен", "L"), ("пен", "T")),
    "locrel": (
        ("дағы", "VRLN"),
        ("дегі", "VRLN"),
        ("тағы", "T"),
        ("тегі", "T"),
        ("ндағы", "P"),
        ("ндегі", "P"),
    ),
}
CASES = ("gen", "acc", "dat", "loc", "abl", "ins", "locrel")
MIN_STEM = 2
MIN_WEAK_STEM = 3  # a weak reading leaving two letters (әр+і) is not taken


@dataclass(frozen=True)
class Analysis:
    stem: str
    suffixes: tuple[tuple[str, str], ...]  # (slot, allomorph) from the stem outwards

    @property
    def reliable(self) -> bool:
        slots = [s for s, _ in self.suffixes]
        if "plural" in slots or "gen" in slots or "locrel" in slots:
            return True
        return "poss" in slots and len(slots) == 2 and self.suffixes[1] != ("acc", "н")


def _last_vowel(s: str) -> str | None:
    for ch in reversed(s):
        if ch in VOWELS:
            return ch
    return None


INVARIANT = frozenset(("мен", "бен", "пен"))  # the instrumental has no back-vowel form


def _harmony_ok(stem: str, suffix: str) -> bool:
    """The suffix's vowel agrees with the last clear vowel before it (и, у: either)."""
    if suffix in INVARIANT:
        return True
    sv = _last_vowel(suffix)
    v = _last_vowel(stem)
    if sv is None or v is None or v in "иу":
        return True
    return (sv in BACK) == (v in BACK)


def _sound_class(before: str, after_poss: bool) -> str:
    if after_poss:
        return "P"
    ch = before[-1]
    if ch in RYU:
        return "R"
    if ch in VOWELS:
        return "V"
    if ch in LZJ:
        return "L"
    if ch in NASAL:
        return "N"
    return "T"


def plausible(stem: str) -> bool:
    return len(stem) >= MIN_STEM and any(ch in VOWELS for ch in stem) and stem[-1] not in "ъь-"


def _devoice(stem: str) -> str:
    last = stem[-1]
    if last == "ғ":
        return stem[:-1] + "қ"
    if last == "б":
        return stem[:-1] + "п"
    if last == "г" and _last_vowel(stem) in FRONT:
        return stem[:-1] + "к"
    return stem


def _peel(word: str, slot: str) -> list[tuple[str, str]]:
    """(rest, allomorph) for every allomorph of ``slot`` that ends ``word`` and fits the
    sound before it (not the possessive-only forms)."""
    out = []
    for allo, classes in SUFFIXES[slot]:
        if word.endswith(allo) and len(word) > len(allo):
            rest = word[: -len(allo)]
            if _sound_class(rest, False) in classes and _harmony_ok(rest, allo):
                out.append((rest, allo))
    return out


def _case_layers(word: str) -> list[tuple[str, tuple[str, str] | None, bool]]:
    """(rest, case suffix, whether a possessive must precede it) for every case reading."""
    layers: list[tuple[str, tuple[str, str] | None, bool]] = [(word, None, False)]
    for slot in CASES:
        for allo, classes in SUFFIXES[slot]:
            if not word.endswith(allo) or len(word) <= len(allo):
                continue
            rest = word[: -len(allo)]
            if not _harmony_ok(rest, allo):
                continue
            if "P" in classes and rest[-1] in "ыі":
                layers.append((rest, (slot, allo), True))
            if _sound_class(rest, False) in classes:
                layers.append((rest, (slot, allo), False))
    return layers


def analyses(word: str) -> list[Analysis]:
    """Every valid ``stem + [plural] + [poss] + [case]`` reading of ``word`` (the word
    itself, unstripped, first)."""
    out = [Analysis(word, ())]
    for rest, case, needs_poss in _case_layers(word):
        poss_layers: list[tuple[str, tuple[str, str] | None]] = [] if needs_poss else [(rest, None)]
        if needs_poss or case is None:
            poss_layers += [(r, ("poss", a)) for r, a in _peel(rest, "poss")]
        for rest2, poss in poss_layers:
            plural_layers = [(rest2, None)] + [(r, ("plural", a)) for r, a in _peel(rest2, "plural")]
            for stem_, plural in plural_layers:
                suffixes = tuple(x for x in (plural, poss, case) if x)
                if not suffixes:
                    continue
                if poss and not plural:
                    stem_ = _devoice(stem_)
                out.append(Analysis(stem_, suffixes))
    return out


class KazakhVocabulary:
    """What the corpus attests, for the stripper: ``support[s]`` is how many distinct
    corpus words have a valid reading with stem ``s`` (a word counts for itself); a
    stem is *attested* when it is a corpus word, the stem of a reliable reading of one,
    or supported by two words or more. Only attested stems are kept.

    Immutable in use; pickles as sorted pairs (whoosh stores it inside the schema).
    """

    def __init__(self, support: dict[str, int] | None = None):
        self.support: dict[str, int] = dict(support or {})
        self._cache: dict[str, str] = {}
        self.token_cache: dict[str, tuple] = {}  # analysis.py: raw token -> its terms

    @classmethod
    def from_words(cls, words: Iterable[str]) -> KazakhVocabulary:
        seen = sorted({w for w in words if plausible(w)})
        support: dict[str, int] = {}
        attested: set[str] = set(seen)
        for w in seen:
            stems = {w}
            for a in analyses(w):
                if a.suffixes and plausible(a.stem):
                    stems.add(a.stem)
                    if a.reliable:
                        attested.add(a.stem)
            for s in stems:
                support[s] = support.get(s, 0) + 1
        return cls({s: n for s, n in support.items() if s in attested or n >= 2})

    def attests(self, stem_: str) -> bool:
        return stem_ in self.support

    def __getstate__(self) -> dict:
        return {"support": tuple(sorted(self.support.items()))}

    def __setstate__(self, state: dict) -> None:
        self.support = dict(state["support"])
        self._cache = {}
        self.token_cache = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KazakhVocabulary) and self.support == other.support

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.support.items())))

    def __len__(self) -> int:
        return len(self.support)

    def stem(self, word: str) -> str:
        hit = self._cache.get(word)
        if hit is None:
            hit = stem(word, self)
            if len(self._cache) < 500_000:
                self._cache[word] = hit
        return hit


EMPTY = KazakhVocabulary()


def stem(word: str, vocabulary: KazakhVocabulary = EMPTY) -> str:
    """The stem of one folded Kazakh word: among the word itself and its accepted
    readings (reliable, or with an attested stem), the stem the most corpus words share;
    ties go to the shorter. (``басшы`` stays whole although ``басш+ы`` is a valid
    reading: four corpus words share ``басшы``, one shares ``басш``.)"""
    if len(word) <= MIN_STEM or not any(ch in VOWELS for ch in word):
        return word
    candidates = {word}
    for a in analyses(word):
        if not a.suffixes or not plausible(a.stem):
            continue
        if a.reliable or (len(a.stem) >= MIN_WEAK_STEM and vocabulary.attests(a.stem)):
            candidates.add(a.stem)
    support = vocabulary.support
    return max(candidates, key=lambda s: (support.get(s, 0), -len(s), s))


def readings(word: str) -> set[str]:
    """Every plausible stem of any valid reading of ``word`` (for query-side expansion)."""
    return {a.stem for a in analyses(word) if a.suffixes and plausible(a.stem)}


def naive_stem(word: str) -> str:
    """The baseline the report compares with: strip any listed ending, longest first,
    while two letters with a vowel remain — no allomorph, harmony or vocabulary check."""
    endings = sorted({a for slot in SUFFIXES.values() for a, _ in slot}, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for e in endings:
            if word.endswith(e) and plausible(word[: -len(e)]):
                word = word[: -len(e)]
                changed = True
                break
    return word
