"""Phrases: how an amending clause names a unit, per language and grammatical case.

reads: nothing; writes: nothing (tables and pure functions, used by ``instructions.py``).

``PHRASES`` maps (language, case) — ``nom`` nominative, ``loc`` locative, ``ins``
instrumental, ``gen`` genitive — to patterns, each with the kind of unit it names (``title``,
``chapter``, ``whole_chapter``, ``all``, ``point``, ``subpoint``, ``part``) and named groups
for its numbers (``p`` points, ``sp`` subpoints, ``ord`` ordinal parts, ``ch`` chapter).
``phrase`` reads a whole phrase; ``may_start_locative`` tells whether any prefix of a text
could read as a locative (a cheap test before trying every prefix).
"""

from __future__ import annotations

import re

QI = r"(?:[^«»]|«[^«»]*»)*"                       # inside a quotation (one level of nesting)
Q = rf"«{QI}»"
NUM = r"\d+(?:-\d+)*"
SEP = r"(?:\s*,\s*(?:және\s+|и\s+)?|\s+(?:және|мен|и)\s+)"
NUMS = rf"{NUM}(?:{SEP}{NUM})*"
SPS = rf"{NUM}\)(?:{SEP}{NUM}\))*"
ORD_KK = {"бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "бесінші": 5,
          "алтыншы": 6, "жетінші": 7, "сегізінші": 8, "тоғызыншы": 9, "оныншы": 10}
ORD_RU = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5,
          "шест": 6, "седьм": 7, "восьм": 8, "девят": 9, "десят": 10}
ORD = "(?:" + "|".join(ORD_KK) + "|(?:" + "|".join(ORD_RU) + r")\w*)"
ORDS = rf"{ORD}(?:{SEP}{ORD})*"
_P, _P1 = rf"(?P<p>{NUMS})", rf"(?P<p>{NUM})"
_SP, _PART, _CH = rf"(?P<sp>{SPS})", rf"(?P<ord>{ORDS})", rf"(?P<ch>{NUM})"
_OF_P_KK, _OF_P_RU = rf"(?:{_P1}-тармақтың )?", rf"(?: пункта {_P1})?"
_PART_KK = r"(?:бөлі(?:к|гі|ктер|ктері)|азат жол(?:ы|дар|дары)?|абзац(?:ы|тар|тары)?)"
_PART_RU = r"(?:часть|части|абзац|абзацы)"

PHRASES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("kk", "nom"): [
        (r"(?:тақырыбы|атауы)", "title"),
        (rf"{_CH}-тараудың(?: {Q} деген)? (?:атауы|тақырыбы)", "chapter"),
        (rf"{_CH}-тарау", "whole_chapter"),
        (rf"{_P}-тармақ(?:тар)?", "point"),
        (rf"{_OF_P_KK}{_SP} тармақша(?:сы|лар|лары)?", "subpoint"),
        (rf"{_OF_P_KK}{_PART} {_PART_KK}", "part"),
    ],
    ("kk", "loc"): [
        (r"(?:тақырыбын|атауын)да(?:ғы)?", "title"),
        (rf"{_CH}-тараудың (?:тақырыбын|атауын)да(?:ғы)?", "chapter"),
        (r"бүкіл мәтін(?:і)? бойынша", "all"),
        (rf"{_P}-тармақ(?:тар)?та(?:ғы)?", "point"),
        (rf"{_OF_P_KK}{_SP} тармақша(?:сын|лар|ларын)?да(?:ғы)?", "subpoint"),
        (rf"{_OF_P_KK}{_PART} (?:бөлікте|бөлігінде|азат жолында|азат жолда|абзацында)(?:ғы|гі)?", "part"),
    ],
    ("kk", "ins"): [(rf"{_P}-тармақ(?:пен|тармен)", "point"), (rf"{_SP} тармақша(?:мен|лармен)", "subpoint"),
                    (rf"{_PART} (?:бөлік(?:пен|термен)|азат жол(?:мен|дармен)|абзац(?:пен|тармен))", "part")],
    ("kk", "gen"): [(rf"{_P}-тармақ(?:тың|тардың)", "point"), (rf"{_OF_P_KK}{_SP} тармақша(?:сының|ларының)", "subpoint")],
    ("ru", "nom"): [
        (r"(?:заголовок|наименование)", "title"),
        (rf"(?:заголовок|наименование) главы {_CH}", "chapter"),
        (rf"главу {_CH}", "whole_chapter"),
        (rf"пункты? {_P}", "point"),
        (rf"подпункты? {_SP}{_OF_P_RU}", "subpoint"),
        (rf"{_PART_RU} {_PART}{_OF_P_RU}", "part"),
        (rf"{_PART} (?:часть|абзац){_OF_P_RU}", "part"),
    ],
    ("ru", "loc"): [
        (r"в (?:заголовке|наименовании)", "title"),
        (rf"в (?:заголовке|наименовании) главы {_CH}", "chapter"),
        (r"по всему тексту", "all"),
        (rf"в пункт(?:е|ах) {_P}", "point"),
        (rf"в подпункт(?:е|ах) {_SP}{_OF_P_RU}", "subpoint"),
        (rf"в (?:части|частях|абзаце|абзацах) {_PART}{_OF_P_RU}", "part"),
    ],
    ("ru", "ins"): [(rf"пункт(?:ом|ами) {_P}", "point"), (rf"подпункт(?:ом|ами) {_SP}", "subpoint"),
                    (rf"(?:частью|частями|абзацем|абзацами) {_PART}", "part")],
}
PHRASES[("ru", "gen")] = PHRASES[("ru", "nom")]
_ORD_RE = re.compile(ORD, re.I)
PHRASE_RE = {key: [(re.compile(p, re.I), kind) for p, kind in rows] for key, rows in PHRASES.items()}
NAMES_UNIT = {"all", "title", "chapter", "whole_chapter", "point"}

Phrase = tuple[str, dict]   # (kind, groups)


def phrase(text: str, lang: str, case: str) -> Phrase | None:
    """The kind of unit ``text`` (the whole of it) names in ``case``, and its groups; None if it names none."""
    text = text.strip()
    for pattern, kind in PHRASE_RE.get((lang, case), ()):
        m = pattern.fullmatch(text)
        if m:
            return kind, m.groupdict()
    return None


def ordinals(text: str) -> list[int]:
    """The numbers of the ordinals in ``text``: «бірінші және екінші» → [1, 2]."""
    out = []
    for word in _ORD_RE.findall(text):
        word = word.lower()
        out.append(ORD_KK.get(word) or next(n for stem, n in ORD_RU.items() if word.startswith(stem)))
    return out


# A prefix reads as a locative only if some locative pattern matches at the start of the text:
# none of them looks ahead or behind or anchors at the end, so what fullmatches a prefix also
# matches the text.
_LOC_STARTS = {lang: [p for p, _ in rows] for (lang, case), rows in PHRASE_RE.items() if case == "loc"}
assert not any(re.search(r"\(\?<?[=!]|\\[bBZ]|\$", p.pattern) for ps in _LOC_STARTS.values() for p in ps)


def may_start_locative(text: str, lang: str) -> bool:
    """False when no prefix of ``text`` (no leading space) can read as a locative phrase."""
    return any(p.match(text) for p in _LOC_STARTS.get(lang, ()))
