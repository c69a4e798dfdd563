"""Amended acts: where an amending act's clauses are, and which act each group of them amends.

reads: the parsed tree of an amending act (a law, a decree, an order); writes: ``Block`` values
(the act a wrapper names and the paragraphs of its clauses) for ``instructions.py``, and the
``ActRef`` routing of a clause to an act of the corpus (``matches``). Never raises.

A wrapper is a sentence «Внести в Закон … следующие изменения:» / «… Заңына мынадай
өзгерістер енгізілсін:», wherever the structure parser put it: an article («Статья 1. Внести в
…»), a point of an order («1. Внести в Указ …»), the preamble of a law whose clauses follow it.
What follows the wrapper in its unit, its units and the next top-level units that read as
clauses (``reads``) are its clauses; a top-level unit that reads as none («Статья 2. Настоящий
Закон вводится в действие …») ends them. A wrapper «Внести изменения в следующие
законодательные акты:» / «Қазақстан Республикасының мына заңнамалық актілеріне … енгізілсін:»
names its acts below it, one point each («1. В Закон … от … «…» (Ведомости …):» / «1. «…» …
Заңына (…):»): each such point begins a block of its own. An act without any wrapper whose
top-level units read as clauses («1) …») is one block naming no act: the order's own ``amends``.

Plain quotes ``"…"`` and „…“ are read as «…» (an opening quote follows a space, a bracket or the
start and precedes a non-space; every other one closes). Paragraphs the parser joined on one line
(«…ауыстырылсын.2. Мынадай …», a wording's «…; 7-2) …») are split again where a clause or a
numbered unit of the wording plainly begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from collections.abc import Callable

from normbase.dates import find_dates
from normbase.records import record
from normbase.tree import Node


@record
class ActRef:
    """An act as an amending clause names it: its kind, date, number and title, as far as stated."""

    kind: str | None  # "law" | "decree" | "resolution" | "order" | "code"
    date: str | None  # ISO date
    number: str | None  # "150", "131-IV"
    title: str | None  # the quoted title, as printed
    text: str  # the sentence that names it (for messages)

    def __str__(self) -> str:
        bits = [
            self.kind or "act",
            f"of {self.date}" if self.date else "",
            f"N {self.number}" if self.number else "",
            f"«{self.title}»" if self.title else "",
        ]
        return " ".join(b for b in bits if b)


@dataclass(frozen=True)
class Para:
    address: str
    first: int
    last: int
    text: str


@dataclass
class Block:
    act: ActRef | None
    intro: str  # the wrapper sentence ("" when there is none)
    where: Para | None = None  # the wrapper's own unit and lines
    outer: bool = False  # «… в следующие законодательные акты:»: its acts are named below
    paras: list[Para] = field(default_factory=list)


# «Внести в … следующие изменения:» / «… мынадай өзгерістер енгізілсін:»
INTRO = re.compile(
    r"енгізілсін\s*:|(?:следующ|нижеследующ)\w*\s+(?:изменени|дополнени)\w*"
    r"(?:\s+и\s+(?:изменени|дополнени)\w*)?\s*:",
    re.I,
)
# «Внести изменения в следующие законодательные акты:» / «… мына заңнамалық актілеріне … енгізілсін:»,
# then each act: «1. В Закон Республики Казахстан от … «…» (Ведомости …):» / «1. «…» … Заңына (…):»
OUTER = re.compile(
    r"в следующие (?:законодательные )?акты\b[^:]*:|\bмына(?:дай)? (?:заңнамалық )?актілер\w*[^:]*:", re.I
)
_CITED = r"(?:\s*\((?:[^()]|\([^()]*\))*\))?\s*:\s*$"
SUB = re.compile(
    r"^\s*В\s+(?:Закон|Кодекс|Указ|[Пп]остановлени|[Пп]риказ|[Рр]аспоряжени)\w*\b.*?"
    + _CITED
    + r"|(?:Заңына|[Кк]одексіне|Жарлығына|қаулысына|бұйрығына)"
    + _CITED,
    re.S,
)
_KINDS = (
    ("code", r"Кодекс"),
    ("law", r"Закон|Заң"),
    ("decree", r"Указ|Жарлы"),
    ("resolution", r"[Пп]остановлени|қаулы"),
    ("order", r"[Пп]риказ|бұйрығ|бұйрыққ"),
)
_NUMBER = re.compile(r"(?:№|N)\s*(\d+(?:-\d+)?(?:-[IVXLC]+)?)(?![\w-])")


def quotes(text: str) -> str:
    """Plain and low-high quotes as «…»."""
    text = text.replace("„", "«").replace("“", "»").replace("”", "»")
    out = []
    for i, ch in enumerate(text):
        if ch != '"':
            out.append(ch)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = (before.isspace() or before in "(«[—-:") and not after.isspace()
        out.append("«" if opening else "»")
    return "".join(out)


def clean(text: str) -> str:
    """A clause as the grammar reads it: quotes as «…», words glued where a line break was lost
    («»деген», «дегенсөздер») apart again."""
    text = re.sub(r"»(?=деген\b)", "» ", quotes(text))
    return re.sub(r"\bдеген(?=(?:сөз|сан|цифр)\w*)", "деген ", text)


def act_ref(sentence: str) -> ActRef:
    """The act a wrapper sentence names (before its citation in brackets and its «следующие …»)."""
    text = quotes(sentence)
    cut = INTRO.search(text)
    head = text[: cut.start()] if cut else text
    head = re.split(r"\((?:Ведомост|Собрани|САПП|Қазақстан|Жаршы|ПҮАЖ)", head)[0]
    titled = re.search(r"«((?:[^«»]|«[^«»]*»)*)»", head)
    rest = head.replace(titled.group(0), " ") if titled else head
    kind = next((k for k, rx in _KINDS if re.search(rx, rest)), None)
    found = find_dates(rest)
    number = _NUMBER.search(rest)
    return ActRef(
        kind,
        found[0][0].isoformat() if found else None,
        number.group(1) if number else None,
        titled.group(1).strip() if titled else None,
        sentence.strip(),
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", quotes(text).lower().replace("i", "і"))


def matches(ref: ActRef, *, signed: date | None, number: str | None, titles: tuple[str, ...]) -> bool | None:
    """Does ``ref`` name this act? True (its date, number or title agree and nothing stated differs),
    False (a stated date or number differs), None (nothing to compare)."""
    agree = False
    if ref.date and signed:
        if ref.date != signed.isoformat():
            return False
        agree = True
    if ref.number and number:
        own = number.split("-")[0] if re.fullmatch(r"\d+-\d{4}", number) else number
        if ref.number.upper() != own.upper() and ref.number.split("-")[0] != own.split("-")[0]:
            return False
        agree = True
    if ref.title and any(_words(t) == _words(ref.title) for t in titles if t):
        agree = True
    return True if agree else None


# -- the blocks of clauses -----------------------------------------------------------------

_RUN_ON = re.compile(r"(?<=(?:сын|сін|ить|ять|ать)[.;])\s*(?=\d+(?:-\d+)*\.\s*[^\W\d])", re.I)
_RUN_ON_WORDING = re.compile(r"(?<=;)\s+(?=«?\d+(?:-\d+)*\)\s)")
_SKIP = {"title", "signature", "toc", "header"}


def _text(node: Node) -> str:
    return " ".join(x for x in (node.label, node.text) if x).strip()


def _pieces(node: Node, text: str) -> list[Para]:
    """A node's text as paragraphs, split again where the parser joined several."""
    first, last = node.lines or (0, 0)
    texts = _RUN_ON.split(clean(text))
    if last > first:  # a paragraph that was several lines: a wording's subpoints may be run together
        texts = [t for x in texts for t in _RUN_ON_WORDING.split(x)]
    out = []
    for t in texts:
        m = re.search(r"(?<=[:])\s*(?=«)", t)  # «… толықтырылсын:"29-1-бап. …»: the wording after the head
        parts = [t[: m.start()], t[m.end() :]] if m and not INTRO.search(t[: m.start() + 1]) else [t]
        out += [Para(node.address, first, last, p.strip()) for p in parts if p.strip()]
    return out


def blocks(tree: Node, reads: Callable[[str], bool]) -> list[Block]:
    """The wrappers of an amending act and their clause paragraphs (see the module's docstring)."""
    tops = [c for c in tree.children if c.kind not in _SKIP]
    if len(tops) == 1 and tops[0].kind == "container" or any(c.kind == "container" for c in tops):
        tops = [g for c in tops for g in (c.children if c.kind == "container" else (c,))]
    out: list[Block] = []
    current: Block | None = None

    def sub(node: Node, text: str) -> Block:
        first, last = node.lines or (1, 1)
        block = Block(act_ref(text), text.strip(), Para(node.address, first, last, text.strip()))
        out.append(block)
        return block

    for top in tops:
        own = (top.text or "").strip()  # without its label («Статья 1.», «1.»)
        intro = INTRO.search(quotes(own)) or OUTER.search(quotes(own))
        if SUB.search(quotes(own)) and not INTRO.search(quotes(own)):
            current = sub(top, own)
        elif intro and OUTER.search(quotes(own)[: intro.end()]):
            first, last = top.lines or (1, 1)
            current = Block(None, own[: intro.end()].strip(), Para(top.address, first, last, own), outer=True)
            out.append(current)
            current.paras += _pieces(top, quotes(own)[intro.end() :])
        elif intro:
            sentence = own[: intro.end()]
            lead = re.sub(r"^\s*\d+[.)]\s*", "", sentence)
            first, last = top.lines or (1, 1)
            current = Block(act_ref(lead), lead.strip(), Para(top.address, first, last, lead.strip()))
            out.append(current)
            rest = quotes(own)[intro.end() :]
            current.paras += _pieces(top, rest)
        elif current is not None and reads(own):
            current.paras += _pieces(top, own)
        elif current is None and reads(own) and top.kind != "preamble":
            current = Block(None, "")
            out.append(current)
            current.paras += _pieces(top, own)
        else:
            current = None
            continue
        for node in list(top.walk())[1:]:
            text = _text(node)
            if re.fullmatch(r"\d+(?:-\d+)*\.", node.label or "") and reads(node.text or ""):
                text = (node.text or "").strip()  # «1. В статье 7 …»: a clause's own number
            if node.text and SUB.search(quotes(node.text)) and not INTRO.search(quotes(node.text)):
                current = sub(node, node.text)  # the next act of «… в следующие законодательные акты:»
                continue
            if text:
                current.paras += _pieces(node, text)
    return [b for i, b in enumerate(out) if not (b.outer and not b.paras and i + 1 < len(out))]


def route(ref: ActRef | None, candidates) -> tuple[object | None, str]:
    """The act of ``candidates`` (sources with ``id``, ``signed``, ``number``, ``title``) a clause
    amends, and why not when none: a wrapper's act is the one whose date, number or title it
    states (nothing stated differing); with one candidate, also one it states nothing to compare
    with; a clause naming no act, the order's only act."""
    candidates = list(candidates)
    if ref is None:
        if len(candidates) == 1:
            return candidates[0].id, ""
        return None, "names no act, and the order amends several"
    verdicts = [
        (c, matches(ref, signed=c.signed, number=c.number, titles=tuple(c.title.values())))
        for c in candidates
    ]
    agreeing = [c for c, v in verdicts if v]
    if len(agreeing) == 1:
        return agreeing[0].id, ""
    if len(agreeing) > 1:
        return None, f"names {ref}, which more than one amended act fits"
    if len(candidates) == 1 and verdicts[0][1] is None:
        return candidates[0].id, ""
    return None, f"amends an act not in the corpus: {ref}"
