"""Phrases: how an amending clause names a unit, per language and grammatical case.

reads: nothing; writes: nothing (tables and pure functions, used by ``instructions.py``).

``PHRASES`` maps (language, case) — ``nom`` nominative, ``loc`` locative, ``ins``
instrumental, ``gen`` genitive — to patterns, each with the kind of unit it names (``title``,
``chapter``, ``whole_chapter``, ``all``, ``article``, ``point``, ``subpoint``, ``part``) and named
groups for its numbers (``a`` articles, ``p`` points, ``sp`` subpoints — ``5)``, ``7-1)`` or a
letter ``д)``, ``г)`` —, ``ord`` ordinal parts and paragraphs, first … twentieth, ``ch`` chapter);
a subpoint or part may name the point and article it is in («подпункт 2) статьи 12», «12-баптың 2)
тармақшасы»), a subpoint also its part (``pt``: «подпункт д) части второй статьи 2», «2-баптың
екінші бөлігінің г) тармақшасы»). ``subpoint_numbers`` gives the address numbers (д → ``d``).
``phrase`` reads a whole phrase; ``may_start_locative`` tells whether any prefix of a text
could read as a locative (a cheap test before trying every prefix).
"""

from __future__ import annotations

import re

from normbase.model.kinds import LETTER_CHARS, letter_number
from normbase.model.kinds import ORD_KK as _ORD_KK
from normbase.model.kinds import ORD_RU as _ORD_RU

QI = r"(?:[^«»]|«[^«»]*»)*"  # inside a quotation (one level of nesting)
Q = rf"«{QI}»"
NUM = r"\d+(?:-\d+)*"
SEP = r"(?:\s*,\s*(?:және\s+|и\s+)?|\s+(?:және|мен|и)\s+)"
NUMS = rf"{NUM}(?:{SEP}{NUM})*"
LET = rf"[{LETTER_CHARS}](?:-\d+)*"  # a subpoint's letter as printed: д, д-1 (kinds.LETTERS)
SP1 = rf"(?:{NUM}|{LET})\)"
SPS = rf"{SP1}(?:{SEP}{SP1})*"
ORD_KK = dict(_ORD_KK)
ORD_RU = dict(_ORD_RU)
# the longest first: «он бірінші» before «бірінші», «двадцат» before «два…»
ORD = (
    "(?:"
    + "|".join(sorted(ORD_KK, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(ORD_RU, key=len, reverse=True))
    + r")\w*)"
)
ORDS = rf"{ORD}(?:{SEP}{ORD})*"
_A, _A1 = rf"(?P<a>{NUMS})", rf"(?P<a>{NUM})"
_P, _P1 = rf"(?P<p>{NUMS})", rf"(?P<p>{NUM})"
_SP, _PART, _CH = rf"(?P<sp>{SPS})", rf"(?P<ord>{ORDS})", rf"(?P<ch>{NUM})"
# «… пункта 4 статьи 3» / «3-баптың 4-тармағының …»: the units a phrase's unit is in
_OF_A_KK = rf"(?:{_A1}-(?:баптың|бабының)\s+)?"
_OF_P_KK = rf"(?:{_P1}-(?:тармақтың|тармағының)\s+)?"
_OF_A_RU = rf"(?:\s+статьи\s+{_A1})?"
_OF_P_RU = rf"(?:\s+пункта\s+{_P1})?"
_OF_KK = _OF_A_KK + _OF_P_KK
_OF_RU = _OF_P_RU + _OF_A_RU
# a subpoint's part: «… екінші бөлігінің г) тармақшасы» / «подпункт д) части второй …»
_OF_PT_KK = rf"(?:(?P<pt>{ORD}) (?:бөлігінің|абзацының|азат жолының)\s+)?"
_OF_PT_RU = rf"(?:\s+(?:части|абзаца)\s+(?P<pt>{ORD}))?"
_PART_KK = r"(?:бөлі(?:к|гі|ктер|ктері)|азат жол(?:ы|дар|дары)?|абзац(?:ы|тар|тары)?)"
_PART_RU = r"(?:часть|части|частью|абзац|абзацы)"

PHRASES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("kk", "nom"): [
        (r"(?:тақырыбы|атауы)", "title"),
        (rf"{_CH}-тараудың(?: {Q} деген)? (?:атауы|тақырыбы)", "chapter"),
        (rf"{_CH}-тарау", "whole_chapter"),
        (rf"{_CH}-бөлім(?:нің (?:атауы|тақырыбы))?", "section"),
        (rf"{_A}-бап(?:тар)?", "article"),
        (rf"{_OF_A_KK}{_P}-(?:тармақ(?:тар)?|тармағы)", "point"),
        (rf"{_OF_KK}{_OF_PT_KK}{_SP} тармақша(?:сы|лар|лары)?", "subpoint"),
        (rf"{_OF_KK}{_PART} {_PART_KK}", "part"),
    ],
    ("kk", "loc"): [
        (r"(?:тақырыбын|атауын)да(?:ғы)?", "title"),
        (rf"{_CH}-тараудың (?:тақырыбын|атауын)да(?:ғы)?", "chapter"),
        (r"бүкіл мәтін(?:і)? бойынша", "all"),
        (rf"{_CH}-(?:бөлімде|бөлімінде)(?:гі)?", "section"),
        (rf"{_CH}-(?:тарауда|тарауында)(?:ғы)?", "whole_chapter"),
        (rf"{_A}-бап(?:тар)?(?:та|да)(?:ғы)?", "article"),
        (rf"{_OF_A_KK}{_P}-(?:тармақ(?:тар)?та|тармағында)(?:ғы)?", "point"),
        (rf"{_OF_KK}{_OF_PT_KK}{_SP} тармақша(?:сын|лар|ларын)?да(?:ғы)?", "subpoint"),
        (
            rf"{_OF_KK}{_PART} (?:бөлікте|бөлігінде|азат жолында|азат жолда|абзацында|абзацта)(?:ғы|гі)?",
            "part",
        ),
    ],
    ("kk", "ins"): [
        (rf"{_A}-бап(?:пен|тармен)", "article"),
        (rf"{_P}-тармақ(?:пен|тармен)", "point"),
        (rf"{_SP} тармақша(?:сы|лар|лары)?мен", "subpoint"),
        (rf"{_PART} (?:бөлік(?:пен|термен)|азат жол(?:мен|дармен)|абзац(?:пен|тармен))", "part"),
    ],
    ("kk", "gen"): [
        (rf"{_A}-бап(?:тың|тардың|ының|бының)", "article"),
        (rf"{_OF_A_KK}{_P}-(?:тармақ(?:тың|тардың)|тармағының)", "point"),
        (rf"{_OF_KK}{_OF_PT_KK}{_SP} тармақша(?:сының|ларының)", "subpoint"),
    ],
    ("ru", "nom"): [
        (r"(?:заголовок|наименование)", "title"),
        (rf"(?:заголовок|наименование) главы {_CH}", "chapter"),
        (rf"главу {_CH}", "whole_chapter"),
        (rf"(?:(?:заголовок|наименование) )?раздела? {_CH}", "section"),
        (rf"(?:статью|статьи) {_A}", "article"),
        (rf"пункты? {_P}{_OF_A_RU}", "point"),
        (rf"подпункт(?:ы|а)? {_SP}{_OF_PT_RU}{_OF_RU}", "subpoint"),
        (rf"{_PART_RU} {_PART}{_OF_RU}", "part"),
        (rf"{_PART} (?:часть|абзац){_OF_RU}", "part"),
    ],
    ("ru", "loc"): [
        (r"в (?:заголовке|наименовании)", "title"),
        (rf"в (?:заголовке|наименовании) главы {_CH}", "chapter"),
        (r"по всему тексту", "all"),
        (rf"в (?:заголовке |наименовании )?раздел(?:е|а) {_CH}", "section"),
        (rf"в главе {_CH}", "whole_chapter"),
        (rf"в стать(?:е|ях) {_A}", "article"),
        (rf"в пункт(?:е|ах) {_P}{_OF_A_RU}", "point"),
        (rf"в подпункт(?:е|ах) {_SP}{_OF_PT_RU}{_OF_RU}", "subpoint"),
        (rf"в (?:части|частях|абзаце|абзацах) {_PART}{_OF_RU}", "part"),
    ],
    ("ru", "ins"): [
        (rf"стать(?:ей|ями) {_A}", "article"),
        (rf"пункт(?:ом|ами) {_P}", "point"),
        (rf"подпункт(?:ом|ами) {_SP}", "subpoint"),
        (rf"(?:частью|частями|абзацем|абзацами) {_PART}", "part"),
    ],
}
PHRASES[("ru", "gen")] = PHRASES[("ru", "nom")]
_ORD_RE = re.compile(ORD, re.I)
PHRASE_RE = {key: [(re.compile(p, re.I), kind) for p, kind in rows] for key, rows in PHRASES.items()}
NAMES_UNIT = {"all", "title", "chapter", "whole_chapter", "point", "article", "section"}

Phrase = tuple[str, dict]  # (kind, groups)


def phrase(text: str, lang: str, case: str) -> Phrase | None:
    """The kind of unit ``text`` (the whole of it) names in ``case``, and its groups;
    None if it names none."""
    text = text.strip()
    for pattern, kind in PHRASE_RE.get((lang, case), ()):
        m = pattern.fullmatch(text)
        if m:
            return kind, m.groupdict()
    return None


def subpoint_numbers(text: str) -> list[str]:
    """The address numbers of the subpoints a phrase lists: «5), 7-1) и д)» → ["5", "7-1", "d"]."""
    return [n for m in re.findall(rf"({NUM}|{LET})\)", text) if (n := letter_number(m.lower()))]


def ordinals(text: str) -> list[int]:
    """The numbers of the ordinals in ``text``: «бірінші және екінші» → [1, 2]."""
    out = []
    for word in _ORD_RE.findall(text):
        word = " ".join(word.lower().split())
        out.append(
            ORD_KK.get(word)
            or max((n for stem, n in ORD_RU.items() if word.startswith(stem)), key=lambda n: n)
        )
    return out


# A prefix reads as a locative only if some locative pattern matches at the start of the text:
# none of them looks ahead or behind or anchors at the end, so what fullmatches a prefix also
# matches the text.
_LOC_STARTS = {lang: [p for p, _ in rows] for (lang, case), rows in PHRASE_RE.items() if case == "loc"}
assert not any(re.search(r"\(\?<?[=!]|\\[bBZ]|\$", p.pattern) for ps in _LOC_STARTS.values() for p in ps)


def may_start_locative(text: str, lang: str) -> bool:
    """False when no prefix of ``text`` (no leading space) can read as a locative phrase."""
    return any(p.match(text) for p in _LOC_STARTS.get(lang, ()))
