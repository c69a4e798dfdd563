"""The one table of unit kinds: every kind of unit an act can have, with its address step.

reads: nothing; writes: nothing (vocabulary only: this package imports nothing else of normbase).

One row per kind. Adding a kind is one row here, its parser rule (``structure.py`` /
``articles.py``) and tests: see CONTRIBUTING.md. For each kind:

- ``step``: the address step's prefix (``art`` → ``art5``) or, for an unnumbered kind, the
  whole step (``title``); ``numbered`` says which;
- ``number``: the regular expression of its official number (inserted units ``5-1``);
- ``parents``: the kinds it may sit right under in an address (``top`` = the act itself);
- ``rank``: reading order among siblings (smaller first; numbered kinds then by number);
- ``ru`` / ``kk``: its names in the grammatical cases clauses and footnotes use;
- ``human``: the short forms a user types (``ст.``, ``п.``).

Letter numbers. A kind whose ``number`` allows ``LETTER_NUM`` (today: subpoints, «а)», «д)»,
«г) тармақша») is numbered by letters too. In an address the letter is written in ASCII by the
table ``LETTERS`` (д → ``d``, ж → ``zh``, қ → ``q``: ``art2.part2.spd``), so address strings stay
ASCII, safe in file names and URLs; ``letter_number`` reads a printed letter (a Latin look-alike
such as ``a``, ``c``, ``i`` as the Cyrillic letter it copies), ``number_label`` gives it back.
``number_key`` orders numbers: digits by value (7 < 7-1 < 8), then letters in the Kazakh
alphabet's order, which keeps the Russian letters in Russian order (а ә б в г ғ д …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INT = r"[1-9][0-9]*"
NUM = rf"{INT}(?:-{INT})*"  # official numbers: 7, 7-1, 7-1-2; no 0, no leading zero

# letters that number units, in the Kazakh alphabet's order (the Russian letters keep their own
# order inside it), each with its ASCII form in addresses; ъ and ь never number a unit
LETTERS: tuple[tuple[str, str], ...] = (
    ("а", "a"), ("ә", "ae"), ("б", "b"), ("в", "v"), ("г", "g"), ("ғ", "gh"), ("д", "d"), ("е", "e"),
    ("ё", "yo"), ("ж", "zh"), ("з", "z"), ("и", "i"), ("й", "j"), ("к", "k"), ("қ", "q"), ("л", "l"),
    ("м", "m"), ("н", "n"), ("ң", "ng"), ("о", "o"), ("ө", "oe"), ("п", "p"), ("р", "r"), ("с", "s"),
    ("т", "t"), ("у", "u"), ("ұ", "uh"), ("ү", "ue"), ("ф", "f"), ("х", "kh"), ("һ", "h"), ("ц", "ts"),
    ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ы", "y"), ("і", "ih"), ("э", "eh"), ("ю", "yu"), ("я", "ya"),
)  # fmt: skip
_ASCII_OF = dict(LETTERS)
_LETTER_OF = {a: c for c, a in LETTERS}
_RANK_OF = {a: i for i, (_c, a) in enumerate(LETTERS)}
# the letters of Russian lists (legal technique skips ё, й, ъ, ы, ь); Kazakh texts number by them too
RU_SEQUENCE = "абвгдежзиклмнопрстуфхцчшщэюя"
# a printed letter label: the Cyrillic letters, or a Latin look-alike of one (older Kazakh texts mix them)
_LOOKALIKE = str.maketrans("aceopxyi", "асеорхуі")
LETTER_CHARS = "".join(c for c, _a in LETTERS) + "aceopxyi"
LETTER = "(?:" + "|".join(sorted(_LETTER_OF, key=len, reverse=True)) + ")"  # the ASCII forms
LETTER_NUM = rf"{LETTER}(?:-{INT})*"  # д-1: inserted after д)
LETTER_TEXT = rf"[{LETTER_CHARS}](?:-{INT})*"  # the printed form: «д)», «д-1)»


@dataclass(frozen=True)
class UnitKind:
    name: str  # "article"
    node: str  # the tree's ``Node.kind``
    step: str  # "art" (numbered) or "title" (unnumbered)
    numbered: bool
    parents: tuple[str, ...]  # kind names, or "top"
    rank: int
    number: str = NUM
    heading: bool = False  # a heading step is always the last of an address
    ru: dict[str, str] = field(default_factory=dict)  # case → form
    kk: dict[str, str] = field(default_factory=dict)
    human: tuple[str, ...] = ()  # abbreviations a user may type


_TOP = ("top", "container")
_BODY = ("top", "container")  # sections, chapters and paragraph groups never enter an article's address

KINDS: tuple[UnitKind, ...] = (
    UnitKind(
        "container",
        "container",
        "order|rules|app",
        False,
        ("top",),
        0,
        ru={"nom": "приложение", "gen": "приложения", "prep": "приложении"},
        kk={"nom": "қосымша", "loc": "қосымшада", "gen": "қосымшаның"},
    ),
    UnitKind(
        "toc", "toc", "toc", False, _TOP, 1, heading=True, ru={"nom": "оглавление"}, kk={"nom": "мазмұны"}
    ),
    UnitKind("header", "header", "header", False, _TOP, 2, heading=True),
    UnitKind(
        "title",
        "title",
        "title",
        False,
        _TOP,
        3,
        heading=True,
        ru={"nom": "заголовок", "gen": "заголовка", "prep": "заголовке", "alt": "наименование"},
        kk={"nom": "тақырыбы", "alt": "атауы", "loc": "тақырыбында"},
    ),
    UnitKind(
        "preamble",
        "preamble",
        "preamble",
        False,
        _TOP,
        4,
        heading=True,
        ru={"nom": "преамбула", "gen": "преамбулы", "prep": "преамбуле"},
        kk={"nom": "кіріспе", "loc": "кіріспесінде"},
    ),
    UnitKind(
        "section",
        "section",
        "sec",
        True,
        _TOP,
        10,
        ru={"nom": "раздел", "gen": "раздела", "prep": "разделе", "ins": "разделом"},
        kk={"nom": "бөлім", "poss": "бөлімі", "loc": "бөлімінде", "gen": "бөлімінің", "ins": "бөліммен"},
        human=("разд.",),
    ),
    UnitKind(
        "chapter",
        "chapter",
        "ch",
        True,
        _TOP,
        10,
        ru={"nom": "глава", "gen": "главы", "dat": "главе", "prep": "главе", "ins": "главой", "acc": "главу"},
        kk={"nom": "тарау", "poss": "тарауы", "loc": "тарауында", "gen": "тараудың", "ins": "тараумен"},
        human=("гл.",),
    ),
    UnitKind(
        "paragraph-group",
        "paragraph-group",
        "par",
        True,
        _TOP,
        10,
        ru={"nom": "параграф", "gen": "параграфа", "prep": "параграфе", "ins": "параграфом"},
        kk={"nom": "параграф", "poss": "параграфы", "loc": "параграфында", "gen": "параграфының"},
        human=("§",),
    ),
    UnitKind(
        "article",
        "article",
        "art",
        True,
        _BODY,
        20,
        ru={
            "nom": "статья",
            "gen": "статьи",
            "dat": "статье",
            "acc": "статью",
            "ins": "статьей",
            "prep": "статье",
            "pl": "статьи",
        },
        kk={
            "nom": "бап",
            "poss": "бабы",
            "loc": "бабында",
            "gen": "бабының",
            "ins": "бабымен",
            "dat": "бабына",
            "pl": "баптар",
        },
        human=("ст.",),
    ),
    UnitKind(
        "point",
        "point",
        "p",
        True,
        (*_BODY, "article"),
        30,
        ru={
            "nom": "пункт",
            "gen": "пункта",
            "dat": "пункту",
            "ins": "пунктом",
            "prep": "пункте",
            "pl": "пункты",
        },
        kk={
            "nom": "тармақ",
            "poss": "тармағы",
            "loc": "тармағында",
            "gen": "тармағының",
            "ins": "тармақпен",
            "pl": "тармақтар",
        },
        human=("п.",),
    ),
    UnitKind(
        "subpoint",
        "subpoint",
        "sp",
        True,
        ("top", "article", "point", "part"),  # under a part: «подпункт д) части второй статьи 2»
        40,
        number=rf"(?:{NUM}|{LETTER_NUM})",
        ru={
            "nom": "подпункт",
            "gen": "подпункта",
            "ins": "подпунктом",
            "prep": "подпункте",
            "pl": "подпункты",
        },
        kk={
            "nom": "тармақша",
            "poss": "тармақшасы",
            "loc": "тармақшасында",
            "gen": "тармақшасының",
            "ins": "тармақшамен",
        },
        human=("пп.", "подп."),
    ),
    UnitKind(
        "part",
        "part",
        "part",
        True,
        ("article", "point", "subpoint"),
        50,
        number=INT,
        ru={
            "nom": "часть",
            "gen": "части",
            "acc": "часть",
            "ins": "частью",
            "prep": "части",
            "alt": "абзац",
            "alt_gen": "абзаца",
            "alt_prep": "абзаце",
            "alt_ins": "абзацем",
        },
        kk={
            "nom": "бөлік",
            "poss": "бөлігі",
            "loc": "бөлігінде",
            "gen": "бөлігінің",
            "alt": "абзац",
            "alt2": "азат жол",
        },
        human=("ч.", "абз."),
    ),
    UnitKind(
        "paragraph",
        "paragraph",
        "para",
        True,
        ("top", "container", "article", "point", "subpoint"),
        60,
        number=INT,
    ),
    UnitKind("signature", "signature", "signature", False, _TOP, 90, heading=True),
)

BY_NAME: dict[str, UnitKind] = {k.name: k for k in KINDS}
BY_NODE: dict[str, UnitKind] = {k.node: k for k in KINDS}
BY_STEP: dict[str, UnitKind] = {k.step: k for k in KINDS if k.name != "container"}
NODE_KINDS: tuple[str, ...] = ("act", *(k.node for k in KINDS))
HEADINGS: tuple[str, ...] = tuple(k.step for k in KINDS if k.heading)
CONTAINERS = re.compile(rf"^(?:order|rules|app{INT})$")

# the longest prefix first ("part" before "p"), each with its number's pattern
_NUMBERED = [
    (k, re.compile(k.number)) for k in sorted((k for k in KINDS if k.numbered), key=lambda k: -len(k.step))
]
_FIXED = {k.step: k for k in KINDS if not k.numbered and k.name != "container"}


def step_kind(step: str) -> tuple[UnitKind, str] | None:
    """The kind and number of one address step (``art5-1`` → article, ``5-1``; ``spd`` → subpoint,
    ``d``); None if it is none."""
    if CONTAINERS.match(step):
        return BY_NAME["container"], step
    if step in _FIXED:
        return _FIXED[step], ""
    for kind, number in _NUMBERED:
        if step.startswith(kind.step) and number.fullmatch(step[len(kind.step) :]):
            return kind, step[len(kind.step) :]
    return None


def make_step(kind: UnitKind, number: str = "") -> str:
    return f"{kind.step}{number}" if kind.numbered else (number if kind.name == "container" else kind.step)


def letter_number(text: str) -> str | None:
    """The address form of a printed letter number (``д`` → ``d``, ``Д-1`` → ``d-1``, a Latin ``a`` →
    ``a``, the Cyrillic а); a digit number unchanged; None if it is neither."""
    if re.fullmatch(NUM, text):
        return text
    head, _, tail = text.partition("-")
    ascii_form = _ASCII_OF.get(head.lower().translate(_LOOKALIKE))
    if ascii_form is None or (tail and not re.fullmatch(NUM, tail)):
        return None
    return f"{ascii_form}-{tail}" if tail else ascii_form


def number_label(number: str) -> str:
    """A number as printed: ``d`` → ``д``, ``d-1`` → ``д-1``, ``7-1`` → ``7-1``."""
    head, sep, tail = number.partition("-")
    return f"{_LETTER_OF[head]}{sep}{tail}" if head in _LETTER_OF else number


def is_letter(number: str) -> bool:
    """True for a letter number in its address form (``d``, ``d-1``)."""
    return number.partition("-")[0] in _LETTER_OF


def number_key(number: str) -> tuple[int, ...]:
    """Document order of official numbers among siblings: 7 < 7-1 < 7-2 < 8 < … < а < б < в …
    (letters after every digit number, in the Kazakh alphabet's order; see ``LETTERS``)."""
    head, _, tail = number.partition("-")
    rest = tuple(int(x) for x in tail.split("-")) if tail else ()
    if head in _RANK_OF:
        return (1 << 30) + _RANK_OF[head], *rest
    return int(head), *rest


def previous_letter(number: str) -> str | None:
    """The letter a list puts before this one (``d`` → ``g``: д after г, as lists number in both
    languages, by the Russian letters); None for the first (``a``) or a letter outside that list."""
    head = number.partition("-")[0]
    letter = _LETTER_OF.get(head, "")
    i = RU_SEQUENCE.find(letter) if letter else -1
    return _ASCII_OF[RU_SEQUENCE[i - 1]] if i > 0 else None


# -- ordinal words: part and paragraph numbers («абзац четвертый», «екінші бөлік») -------------------

ORD_RU: dict[str, int] = {
    "перв": 1,
    "втор": 2,
    "трет": 3,
    "четверт": 4,
    "пят": 5,
    "шест": 6,
    "седьм": 7,
    "восьм": 8,
    "девят": 9,
    "десят": 10,
    "одиннадцат": 11,
    "двенадцат": 12,
    "тринадцат": 13,
    "четырнадцат": 14,
    "пятнадцат": 15,
    "шестнадцат": 16,
    "семнадцат": 17,
    "восемнадцат": 18,
    "девятнадцат": 19,
    "двадцат": 20,
}
ORD_KK: dict[str, int] = {
    "бірінші": 1,
    "екінші": 2,
    "үшінші": 3,
    "төртінші": 4,
    "бесінші": 5,
    "алтыншы": 6,
    "жетінші": 7,
    "сегізінші": 8,
    "тоғызыншы": 9,
    "оныншы": 10,
    "он бірінші": 11,
    "он екінші": 12,
    "он үшінші": 13,
    "он төртінші": 14,
    "он бесінші": 15,
    "он алтыншы": 16,
    "он жетінші": 17,
    "он сегізінші": 18,
    "он тоғызыншы": 19,
    "жиырмасыншы": 20,
}
_RU_ORD_ENDINGS = r"(?:ый|ий|ой|ая|ья|ье|ое|ого|ьего|его|ому|ему|ым|им|ой|ей|ьей|ом|ем|ую|ью)"


def ordinal(word: str) -> int | None:
    """The number of an ordinal word in Russian or Kazakh (any case Russian uses); None if it is none."""
    w = " ".join(word.lower().replace("i", "і").split())
    if w in ORD_KK:
        return ORD_KK[w]
    for stem in sorted(ORD_RU, key=len, reverse=True):
        if w.startswith(stem) and re.fullmatch(_RU_ORD_ENDINGS, w[len(stem) :]):
            return ORD_RU[stem]
    return None
