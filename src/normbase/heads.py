"""Clause heads (pass 1 of ``instructions.py``): an amending act's paragraphs → clause groups.

reads: the paragraphs of an amending act's clauses (a tree's units, with their source lines);
writes: ``Group`` values — a head that a formula of ``formulas._FORMULAS`` reads (``read_head``:
context prefixes, then maybe an operation; word operations of one locative joined by «және» /
«и» each read on its own), with the paragraphs of its wording. The paragraphs after a
replace/insert head are its wording until the next head, even when the quotes do not balance;
the first must open with «, and after the quotation closes only the wording's own next label
(``6)`` after ``5)``) continues it. Anything else is an unknown clause. Never raises.
"""

from __future__ import annotations

import re
from collections import namedtuple

from dataclasses import dataclass, field
from functools import lru_cache

from normbase.formulas import (
    _CLAUSE_LABEL,
    _FORMULAS_OF,
    _INTRO,
    _INTRO_RULES,
    _LABEL,
    _ONLY,
    _SCOPE,
    _VERB,
)
from normbase.phrases import may_start_locative
from normbase.phrases import Q as _Q
from normbase.phrases import phrase as _phrase
from normbase.tree import Node


Step = namedtuple(
    "Step", "formula groups phrases"
)  # a formula that read (part of) a head, its groups and phrases


def read_one(text: str, lang: str) -> Step | None:
    return next(readings(text, lang), None)


def readings(text: str, lang: str):
    """The ways a formula reads the start of ``text``: the first formula of the table that reads it,
    then each locative prefix, shortest first («в подпункте г)», then «в подпункте г) части второй
    статьи 2»), as a scope for the rest."""
    for f in (
        _FORMULAS_OF.get(lang, _FORMULAS_OF[None])
        if ":" in text or _VERB.search(text) or _ONLY.search(text)
        else ()
    ):
        m = f.pattern.match(text)
        if m is None:
            continue
        phrases = {g: _phrase(m.group(g), lang, case) for g, case in f.cases if m.group(g) is not None}
        if None not in phrases.values():
            yield Step(f, m.groupdict(), phrases)
            break
    if not may_start_locative(text[:200], lang):
        return
    for space in re.finditer(r"\s+", text[:200]):
        loc = _phrase(text[: space.start()], lang, "loc")
        if loc and not text[: space.start()].endswith(":"):
            yield Step(_SCOPE, {"loc": text[: space.start()], "rest": text[space.end() :]}, {"loc": loc})


def read_head(text: str, lang: str, depth: int = 0) -> list[Step] | None:
    """The formulas that read a clause head: context prefixes, then (maybe) an operation."""
    if depth == 0:
        kept = _read_whole_head(text.strip(), lang)
        return None if kept is None else list(kept)
    return _read_head(text.strip(), lang, depth)


@lru_cache(maxsize=1 << 15)
def _read_whole_head(text: str, lang: str) -> tuple[Step, ...] | None:
    """``read_head`` of a whole head, kept per text: the heads of orders recur («В статье 5:»), and
    nothing changes a step once read (the callers only read its formula, groups and phrases)."""
    steps = _read_head(text, lang, 0)
    return None if steps is None else tuple(steps)


def _read_head(text: str, lang: str, depth: int) -> list[Step] | None:
    for candidate in dict.fromkeys((text, _CLAUSE_LABEL.sub("", text, count=1)) if depth == 0 else (text,)):
        for step in readings(candidate, lang):
            rest = (step.groups.get("rest") or "").strip()
            more = read_head(rest, lang, depth + 1) if rest and depth < 4 else None
            if rest and more is None and step.formula.action == "scope":
                more = read_joined(rest, lang)
            if not rest or more:
                return [step, *(more or [])]
            if step.formula.action != "scope":
                break  # a formula read the text but not its rest: the scopes are tried only without one
    return None


_JOIN = re.compile(
    r"(?<=сын|сін|ить|ять|ать|лып|ліп|той|тую|чку|чие)\s*(?:[,;]\s*)?(?:\s(?:және|а также|и)\s+|[,;]\s+)",
    re.I,
)


def read_joined(text: str, lang: str) -> list[Step] | None:
    """«"X" деген сөздер алып тасталсын және "Y" деген сөздер "Z" деген сөздермен ауыстырылсын»
    (a piece may end with a verb or a punctuation mark: «… поставить точку с запятой, слова …»):
    word operations of one locative, joined by «және» / «и» (each read on its own); the last may
    insert a unit beside it («… нүктелі үтір қойылып, … алып тасталсын және мынадай мазмұндағы д)
    тармақшасымен толықтырылсын»)."""
    out: list[Step] = []
    start = 0
    joins = [*_JOIN.finditer(text), None]
    for m in joins:
        piece = text[start : m.start() if m else len(text)].strip()
        step = read_one(piece, lang) if piece else None
        allowed = ("replace_words", "delete_words", "punctuate") + (("insert",) if m is None else ())
        if step is None or step.formula.action not in allowed:
            return None
        out.append(step)
        start = m.end() if m else len(text)
    return out if len(out) > 1 else None


# -- pass 1: paragraphs → clause groups -------------------------------------------------

Para = namedtuple("Para", "address first last text")  # a paragraph of point 1 and its source lines


@dataclass
class Group:
    head: Para
    steps: list[Step] | None
    wording: list[Para] = field(default_factory=list)

    @property
    def inline(self) -> str | None:
        w = self.steps[-1].groups.get("w") if self.steps else None
        return None if w is None else "«" + w

    @property
    def sentence(self) -> str:
        text, inline = self.head.text, self.inline
        return (text[: len(text) - len(inline)] if inline and text.endswith(inline) else text).strip()

    @property
    def texts(self) -> list[str]:
        """The wording: inline after the head, then the paragraphs
        (for an unknown head, its open quotation)."""
        head = self.head.text
        opened = [head[head.index("«") :]] if not self.steps and head.count("«") > head.count("»") else []
        return ([self.inline] if self.inline else opened) + [p.text for p in self.wording]

    def takes(self, text: str) -> bool:
        """Does this paragraph (read by no formula) continue this clause's wording?"""
        head = self.head.text.rstrip()
        expects = (
            self.steps[-1].formula.action in ("replace", "insert")
            if self.steps
            else head.endswith(":") or head.count("«") > head.count("»")
        )
        texts = self.texts
        if not expects or not texts:
            return expects and text.startswith("«")
        joined = "\n".join(texts)
        if joined.count("«") > joined.count("»") or not re.search(r"»\s*[;.,]?$", joined):
            return True
        nxt, prev = _LABEL.match(text), [m for m in map(_LABEL.match, texts) if m]
        return bool(
            nxt
            and prev
            and not _VERB.search(text)
            and prev[-1].group(2) == nxt.group(2)
            and int(nxt.group(1)) == int(prev[-1].group(1)) + 1
        )


def clause_paragraphs(p1: Node, lang: str) -> tuple[list[Para], str]:
    """Clause paragraphs of point 1 and the container its intro names."""
    first, last = p1.lines or (0, 0)
    own, container = p1.text, "order"
    intro = _INTRO.search(own)
    if intro:
        container = "rules" if _INTRO_RULES.search(re.sub(_Q, "", own[: intro.end()])) else "order"
        own = own[intro.end() :]
    elif own.rstrip().endswith(":") and p1.children and read_head(own, lang) is None:
        own = ""  # an intro worded otherwise
    paras = [Para(p1.address, first, last, own.strip())] if own.strip() else []
    for node in list(p1.walk())[1:]:
        text = " ".join(x for x in (node.label, node.text) if x).strip()
        if text:
            paras.append(Para(node.address, *(node.lines or (first, last)), text))
    return paras, container


def group_clauses(paras: list[Para], lang: str) -> list[Group]:
    groups: list[Group] = []
    for para in paras:
        steps = read_head(para.text, lang)
        if steps is None and groups and groups[-1].takes(para.text):
            groups[-1].wording.append(para)
        else:
            groups.append(Group(para, steps))
    return groups
