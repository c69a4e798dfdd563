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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INT = r"[1-9][0-9]*"
NUM = rf"{INT}(?:-{INT})*"  # official numbers: 7, 7-1, 7-1-2; no 0, no leading zero


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
        ("top", "article", "point"),
        40,
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

_NUMBERED = sorted((k for k in KINDS if k.numbered), key=lambda k: -len(k.step))  # "part" before "p"
_STEP_RX = re.compile(
    "^(?:(?P<fixed>"
    + "|".join(k.step for k in KINDS if not k.numbered and k.name != "container")
    + ")"
    + "|(?P<prefix>"
    + "|".join(k.step for k in _NUMBERED)
    + r")(?P<num>[0-9][0-9-]*))$"
)


def step_kind(step: str) -> tuple[UnitKind, str] | None:
    """The kind and number of one address step (``art5-1`` → article, ``5-1``); None if it is none."""
    if CONTAINERS.match(step):
        return BY_NAME["container"], step
    m = _STEP_RX.match(step)
    if m is None:
        return None
    if m["fixed"]:
        return BY_STEP[m["fixed"]], ""
    kind = BY_STEP[m["prefix"]]
    return (kind, m["num"]) if re.fullmatch(kind.number, m["num"]) else None


def make_step(kind: UnitKind, number: str = "") -> str:
    return f"{kind.step}{number}" if kind.numbered else (number if kind.name == "container" else kind.step)


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
