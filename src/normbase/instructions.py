"""Instructions: an amending act's clauses → typed instructions.

reads: the parsed tree of an amending act — an order's ``order.p1`` (its own text after the intro
«… өзгерістер енгізілсін:» / «… следующие изменения:», then its parts, are the clauses), or a
law's or decree's wrappers («Статья 1. Внести в Закон …:», see ``amended.py``), each naming its
act (``Clause.act``); writes: ``Instruction`` values and ``InstructionProblem`` diagnostics, and
``routed`` gives each amended act its own. Never raises.

Addresses follow the amended act: ``order.p1`` / ``rules.p7.sp5`` for an order approving Rules,
``art7``, ``art7.p2``, ``art7.part2``, ``art13.sp1-1``, ``ch1``, ``sec2``, ``title`` for an act
without appendices (container ``""``; its whole text is ``act``).

1. **group.** A paragraph is a clause head when a formula of ``formulas._FORMULAS`` reads it (a
   clause label ``1)`` in front is allowed). The paragraphs after a replace/insert head are
   its wording until the next head, even when the quotes do not balance; the first must open
   with «, and after the quotation closes only the wording's own next label (``6)`` after
   ``5)``) continues it. Anything else is an unknown clause: a problem, and reading goes on.
2. **read.** A formula's named phrases (``t`` nominative, ``loc`` locative, ``new``
   instrumental, ``gen`` genitive) must read as a unit by the table ``phrases.PHRASES``. Context
   carries over: the container (``order``, then ``rules`` after «көрсетілген бұйрықпен
   бекітілген … Қағидаларында:» / «в Правилах …, утвержденных указанным приказом:») and the
   point («7-тармақта:» / «в пункте 7:»), which ends at the next clause naming a point,
   chapter or title. After an unknown clause naming a unit, relative targets are refused.

Wording: outer « and closing ``»;`` / ``».`` / ``»`` removed, a stray inner closing quote at
a line end dropped (488 closes point 9's quotation after subpoint 5), labels as printed, one
paragraph a line; several targets split at their own labels (``10.``, ``11.``). A Clause spans
the head's first line to its wording's last. A unit that «утратившим силу» / «күші жойылды»
names is deleted (DELETE); the act itself is repealed (REPEAL of ``order``).
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from collections.abc import Callable

from normbase.address import parse_canonical
from normbase.amended import ActRef, blocks, clean, quotes, route
from normbase.errors import UsageError
from normbase.formulas import (
    _CLAUSE_LABEL,
    _FORMULAS_OF,
    _INTRO,
    _INTRO_RULES,
    _KK_PAIR,
    _LABEL,
    _LOST,
    _LOST_CONTAINER,
    _LOST_POINT,
    MARKS,
    _ONLY,
    _ONLY_LANG,
    _RU_PAIR,
    _SCOPE,
    _VERB,
)
from normbase.phrases import NAMES_UNIT as _NAMES_UNIT
from normbase.phrases import NUM as _NUM
from normbase.phrases import PHRASE_RE
from normbase.phrases import QI as _QI
from normbase.phrases import Phrase, may_start_locative
from normbase.phrases import Q as _Q
from normbase.phrases import ordinals as _ordinals
from normbase.phrases import phrase as _phrase
from normbase.phrases import subpoint_numbers
from normbase.records import record
from normbase.tree import Node
from normbase.model.address import AddressError, parsed
from normbase.model.kinds import is_letter, number_label, previous_letter


class Op(StrEnum):
    REPLACE = "replace"  # a unit (point, subpoint, part, heading, title) gets new wording
    DELETE = "delete"  # a unit is deleted
    INSERT = "insert"  # a new unit (7-1, a new part, a new subpoint) is inserted
    REPLACE_WORDS = "replace_words"  # «X» → «Y» inside a unit (or the whole act)
    DELETE_WORDS = "delete_words"  # «X» removed inside a unit
    APPEND_WORDS = "append_words"  # «X» added at the end of a unit, before its final punctuation
    REPEAL = "repeal"  # the act loses force


@record
class Clause:
    """Where an instruction comes from: order, language, the clause's unit and lines."""

    order: str  # "488-2015"
    lang: str  # "kk" | "ru"
    address: str  # the unit of the order holding the clause, e.g. "order.p1.part10"
    file: str
    first_line: int
    last_line: int
    text: str  # the clause sentence as normalized (without the quoted wording)
    act: ActRef | None = (
        None  # the act its wrapper names («Внести в Закон … от …»); None: the order's ``amends``
    )

    def __str__(self) -> str:
        return (
            f"order {self.order} [{self.lang}] {self.address} "
            f"({self.file}:{self.first_line}-{self.last_line})"
        )


@record
class Instruction:
    op: Op
    # canonical address of the unit changed ("rules.p7.sp5"); act-wide word changes: "rules" / "order"
    target: str
    clause: Clause
    new_text: str | None = (
        None  # the new wording, quotes removed, label included as printed ("5) білім …", "10. …")
    )
    old_words: str | None = None  # REPLACE_WORDS / DELETE_WORDS: the words to find
    new_words: str | None = None  # REPLACE_WORDS / APPEND_WORDS: the words to put
    after: str | None = None  # INSERT: the unit after which the new one goes, when the clause says
    only_lang: str | None = None  # the clause changes this language's text only («в тексте на русском языке»)


@dataclass(frozen=True)
class InstructionProblem:
    """A clause that could not be read (unknown formula, missing wording …).

    It still proves that something changed: ``targets`` are the units it may have changed
    (each with everything inside it), as far as its words can still be read; ``None`` when
    not even that can be read — then it may have changed any unit of the amended act."""

    clause: Clause
    message: str
    targets: tuple[str, ...] | None = None

    def __str__(self) -> str:
        c = self.clause
        return f"{c.file}:{c.first_line}: order {c.order} [{c.lang}] {c.address}: {self.message}"


_Step = namedtuple(
    "_Step", "formula groups phrases"
)  # a formula that read (part of) a head, its groups and phrases


def _read_one(text: str, lang: str) -> _Step | None:
    return next(_readings(text, lang), None)


def _readings(text: str, lang: str):
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
            yield _Step(f, m.groupdict(), phrases)
            break
    if not may_start_locative(text[:200], lang):
        return
    for space in re.finditer(r"\s+", text[:200]):
        loc = _phrase(text[: space.start()], lang, "loc")
        if loc and not text[: space.start()].endswith(":"):
            yield _Step(_SCOPE, {"loc": text[: space.start()], "rest": text[space.end() :]}, {"loc": loc})


def _read(text: str, lang: str, depth: int = 0) -> list[_Step] | None:
    """The formulas that read a clause head: context prefixes, then (maybe) an operation."""
    text = text.strip()
    for candidate in dict.fromkeys((text, _CLAUSE_LABEL.sub("", text, count=1)) if depth == 0 else (text,)):
        for step in _readings(candidate, lang):
            rest = (step.groups.get("rest") or "").strip()
            more = _read(rest, lang, depth + 1) if rest and depth < 4 else None
            if rest and more is None and step.formula.action == "scope":
                more = _read_joined(rest, lang)
            if not rest or more:
                return [step, *(more or [])]
            if step.formula.action != "scope":
                break  # a formula read the text but not its rest: the scopes are tried only without one
    return None


_JOIN = re.compile(
    r"(?<=сын|сін|ить|ять|ать|лып|ліп|той|тую|чку|чие)\s*(?:[,;]\s*)?(?:\s(?:және|а также|и)\s+|[,;]\s+)",
    re.I,
)


def _read_joined(text: str, lang: str) -> list[_Step] | None:
    """«"X" деген сөздер алып тасталсын және "Y" деген сөздер "Z" деген сөздермен ауыстырылсын»
    (a piece may end with a verb or a punctuation mark: «… поставить точку с запятой, слова …»):
    word operations of one locative, joined by «және» / «и» (each read on its own); the last may
    insert a unit beside it («… нүктелі үтір қойылып, … алып тасталсын және мынадай мазмұндағы д)
    тармақшасымен толықтырылсын»)."""
    out: list[_Step] = []
    start = 0
    joins = [*_JOIN.finditer(text), None]
    for m in joins:
        piece = text[start : m.start() if m else len(text)].strip()
        step = _read_one(piece, lang) if piece else None
        allowed = ("replace_words", "delete_words", "punctuate") + (("insert",) if m is None else ())
        if step is None or step.formula.action not in allowed:
            return None
        out.append(step)
        start = m.end() if m else len(text)
    return out if len(out) > 1 else None


# -- pass 1: paragraphs → clause groups -------------------------------------------------

_Para = namedtuple("_Para", "address first last text")  # a paragraph of point 1 and its source lines


@dataclass
class _Group:
    head: _Para
    steps: list[_Step] | None
    wording: list[_Para] = field(default_factory=list)

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


def _paragraphs(p1: Node, lang: str) -> tuple[list[_Para], str]:
    """Clause paragraphs of point 1 and the container its intro names."""
    first, last = p1.lines or (0, 0)
    own, container = p1.text, "order"
    intro = _INTRO.search(own)
    if intro:
        container = "rules" if _INTRO_RULES.search(re.sub(_Q, "", own[: intro.end()])) else "order"
        own = own[intro.end() :]
    elif own.rstrip().endswith(":") and p1.children and _read(own, lang) is None:
        own = ""  # an intro worded otherwise
    paras = [_Para(p1.address, first, last, own.strip())] if own.strip() else []
    for node in list(p1.walk())[1:]:
        text = " ".join(x for x in (node.label, node.text) if x).strip()
        if text:
            paras.append(_Para(node.address, *(node.lines or (first, last)), text))
    return paras, container


def _groups(paras: list[_Para], lang: str) -> list[_Group]:
    groups: list[_Group] = []
    for para in paras:
        steps = _read(para.text, lang)
        if steps is None and groups and groups[-1].takes(para.text):
            groups[-1].wording.append(para)
        else:
            groups.append(_Group(para, steps))
    return groups


# -- pass 2: groups → instructions ----------------------------------------------------------


class _Unreadable(Exception):
    pass


@dataclass
class _State:
    container: str | None = "order"  # None: lost after an unreadable clause; "": an act without containers
    point: str | None = None  # the unit context («7-тармақта:»), or _LOST
    points: tuple[str, ...] = ()  # a context naming several units («2,40-баптардағы …»)


_Ctx = namedtuple("_Ctx", "step state clause texts")  # what an action reads


_WHOLE_ACT = "act"  # the target of a clause on an act without containers as a whole


def _targets(phrase: Phrase, st: _State, base: str | None = None) -> list[str]:
    kind, g = phrase
    c = st.container
    if c is None:
        raise _Unreadable(
            "the act or appendix amended here is not known (an earlier clause could not be read)"
        )
    pre = f"{c}." if c else ""
    art = f"{pre}art{g['a']}" if g.get("a") and kind != "article" else None
    if kind in ("all", "title"):
        out = [(c or "act") if kind == "all" else f"{pre}title"]
    elif kind == "article":
        out = [f"{pre}art{n}" for n in re.findall(_NUM, g["a"])]
    elif kind in ("chapter", "whole_chapter", "point", "section"):
        step, key = ("p", "p") if kind == "point" else ("sec" if kind == "section" else "ch", "ch")
        if kind == "point" and art is None and st.point not in (None, _LOST) and _is_article(st.point):
            art = st.point  # «в статье 7: пункт 2 …»
        out = [f"{art + '.' if art and kind == 'point' else pre}{step}{n}" for n in re.findall(_NUM, g[key])]
    else:
        b = f"{art or pre.rstrip('.')}.p{g['p']}".lstrip(".") if g.get("p") else art or base or st.point
        if b in (None, _LOST):
            raise _Unreadable(
                f"no point is named for this {kind}"
                if b is None
                else f"the point this {kind} belongs to is not known (an earlier clause could not be read)"
            )
        if kind == "subpoint":
            numbers = subpoint_numbers(g["sp"])
            if g.get("pt"):  # «подпункт д) части второй статьи 2»
                b = f"{b}.part{_ordinals(g['pt'])[0]}"
            out = [f"{_subpoint_parent(b, n)}.sp{n}" for n in numbers]
        else:
            out = [f"{b}.part{n}" for n in _ordinals(g["ord"])]
    for address in out:
        if address != "act" and (problem := _address_problem(address)) is not None:
            raise _Unreadable(problem)
    return out


def _subpoint_parent(unit: str, number: str) -> str:
    """Where subpoint ``number`` named in ``unit`` sits: in it, or beside it when ``unit`` is itself a
    subpoint numbered the same way («г) тармақшасындағы … мынадай мазмұндағы д) тармақшасымен
    толықтырылсын»: д) follows г) in the same part)."""
    try:
        u = parsed(unit)
    except AddressError:
        return unit
    if u.kind.name == "subpoint" and u.parent is not None and is_letter(u.number) == is_letter(number):
        return str(u.parent)
    return unit


def _is_article(address: str) -> bool:
    return bool(re.search(r"(?:^|\.)art[\d-]+$", address))


@lru_cache(maxsize=8192)
def _address_problem(address: str) -> str | None:
    """Why ``address`` is not canonical (None: it is); the same few addresses come back in every order."""
    try:
        parse_canonical(address)
    except UsageError as e:
        return str(e)
    return None


def _wording(texts: list[str]) -> list[str]:
    """The quoted wording without its outer quotes (nor a stray closing one), one paragraph a line."""
    lines = [t.strip() for t in texts if t.strip()]
    if lines and lines[0].startswith("«"):
        lines[0] = lines[0][1:]
    depth, out = 0, []
    for i, line in enumerate(lines):
        depth += line.count("«") - line.count("»")
        if depth < 0 and i < len(lines) - 1 and re.search(r"»[;.]?$", line):
            line, depth = re.sub(r"([;.:])?»([;.])?$", lambda m: m.group(1) or m.group(2) or "", line), 0
        elif depth < 0 and i == len(lines) - 1:
            line = re.sub(r"»\s*[;.]?$", "", line)
        out.append(line.strip())
    return [line for line in out if line]


def _split(ctx: _Ctx, targets: list[str]) -> list[str]:
    """One wording per target: split at each target's label (``10.``, ``5)``),
    or one paragraph each for parts."""
    joined = "\n".join(t.strip() for t in ctx.texts if t.strip())
    if joined.count("«") > joined.count("»") or (joined and not re.search(r"»\s*[;.,]?$", joined)):
        raise _Unreadable("the quotation of the new wording is never closed (is the text cut off?)")
    lines = _wording(ctx.texts)
    if not lines:
        raise _Unreadable(f"no wording for {', '.join(targets)}")
    if len(targets) == 1:
        return ["\n".join(lines)]
    units = [parsed(t) if t != _WHOLE_ACT else None for t in targets]
    if not all(u is not None and u.kind.name in ("point", "subpoint") for u in units):
        if len(lines) != len(targets):
            raise _Unreadable(f"{len(targets)} units but {len(lines)} paragraphs of wording")
        return lines
    starts: list[int] = []
    for target, u in zip(targets, units):
        assert u is not None  # all(units) above
        label = f"{u.number}." if u.kind.name == "point" else f"{number_label(u.number)})"
        hit = next(
            (
                i
                for i in range(starts[-1] + 1 if starts else 0, len(lines))
                if lines[i].split(" ")[0] == label
            ),
            None,
        )
        if hit is None or (not starts and hit != 0):
            raise _Unreadable(f"the wording cannot be split at the label {label!r} of {target}")
        starts.append(hit)
    return ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]


def _last_step(target: str) -> str:
    """The last step of a target (``rules.p7.sp5`` → ``sp5``); the whole act has none but itself."""
    return target if target == _WHOLE_ACT else parsed(target).last


def _previous(address: str) -> str | None:
    """The unit a new one follows: p7 for p7-1, p7-1 for p7-2, sp8 for sp9, part1 for part2."""
    if address == _WHOLE_ACT:
        return None
    unit = parsed(address)
    head, kind, number = str(unit.parent or ""), unit.kind, unit.number
    if not kind.numbered or not number:
        return None
    nums = number.split("-")
    if len(nums) > 1:  # 7-1 follows 7, 7-2 follows 7-1
        prev = "-".join(nums[:-1] if nums[-1] == "1" else [*nums[:-1], str(int(nums[-1]) - 1)])
    elif is_letter(number):  # д) follows г)
        prev = previous_letter(number) or ""
    else:
        prev = str(int(number) - 1) if int(number) > 1 else ""
    step = f"{kind.step}{prev}"
    return (f"{head}.{step}" if head else step) if prev else None


def _do_context(ctx: _Ctx) -> list[Instruction]:
    if ctx.step.formula.action == "rules":
        app = ctx.step.groups.get("app")
        ctx.state.container, ctx.state.point = (f"app{app}" if app else "rules"), None
        return []
    found = _targets(ctx.step.phrases["loc"], ctx.state)
    if len(found) != 1 and ctx.step.formula.action != "scope":
        raise _Unreadable("a context clause must name one unit")
    ctx.state.point, ctx.state.points = found[0], tuple(found)
    return []


def _do_replace(ctx: _Ctx) -> list[Instruction]:
    if ctx.step.phrases["t"][0] == "whole_chapter":
        raise _Unreadable("replacing a whole chapter is not supported; name its heading or its points")
    targets = _targets(ctx.step.phrases["t"], ctx.state)
    return [Instruction(Op.REPLACE, t, ctx.clause, new_text=w) for t, w in zip(targets, _split(ctx, targets))]


def _do_delete(ctx: _Ctx) -> list[Instruction]:
    return [Instruction(Op.DELETE, t, ctx.clause) for t in _targets(ctx.step.phrases["t"], ctx.state)]


def _do_insert(ctx: _Ctx) -> list[Instruction]:
    new, base = ctx.step.phrases["new"], None
    if "t" in ctx.step.phrases and new[0] in ("subpoint", "part", "point"):
        parents = _targets(ctx.step.phrases["t"], ctx.state)
        if len(parents) != 1 or not re.search(r"(?:^|\.)(p|sp|art|part)[^.]*$", parents[0]):
            raise _Unreadable(f"a {new[0]} is added to one point or subpoint, not to {', '.join(parents)}")
        base = parents[0]
    if new[0] == "point" and base:
        new = ("point", {**new[1], "a": None})
        saved, ctx.state.point = ctx.state.point, base  # «статью 7 дополнить пунктом 3»
        try:
            targets = _targets(new, ctx.state)
        finally:
            ctx.state.point = saved
    else:
        targets = _targets(new, ctx.state, base)
    return [
        Instruction(Op.INSERT, t, ctx.clause, new_text=w, after=_previous(t))
        for t, w in zip(targets, _split(ctx, targets))
    ]


def _word_targets(ctx: _Ctx) -> list[str]:
    """The units a word operation changes: its own locative, else the context's unit(s)."""
    if "loc" in ctx.step.phrases:
        return _targets(ctx.step.phrases["loc"], ctx.state)
    if ctx.state.container is None or ctx.state.point == _LOST:
        raise _Unreadable("the unit these words are in is not known (an earlier clause could not be read)")
    return list(ctx.state.points) or [ctx.state.point or ctx.state.container or "act"]


def _do_words(ctx: _Ctx) -> list[Instruction]:
    targets = _word_targets(ctx)
    if ctx.step.formula.action == "delete_words":
        olds = re.findall(rf"«({_QI})»", ctx.step.groups["olds"] or "")
        return [Instruction(Op.DELETE_WORDS, t, ctx.clause, old_words=old) for t in targets for old in olds]
    pairs = re.findall(
        _KK_PAIR if ctx.clause.lang == "kk" else _RU_PAIR, ctx.step.groups["pairs"] or "", re.I
    )
    return [
        Instruction(Op.REPLACE_WORDS, t, ctx.clause, old_words=old, new_words=new)
        for t in targets
        for old, new in pairs
    ]


def _do_punctuate(ctx: _Ctx) -> list[Instruction]:
    """«"X" деген сөздерден кейін нүктелі үтір қойылсын» / «после слов «X» поставить точку с запятой»:
    the words «X» replaced by «X;» in the unit."""
    after, mark = ctx.step.groups["after"], MARKS[ctx.step.groups["mark"].lower()]
    targets = _word_targets(ctx)
    return [
        Instruction(Op.REPLACE_WORDS, t, ctx.clause, old_words=after, new_words=after + mark) for t in targets
    ]


def _do_append(ctx: _Ctx) -> list[Instruction]:
    words = ctx.step.groups["nw"]
    return [
        Instruction(Op.APPEND_WORDS, t, ctx.clause, new_words=words)
        for t in _targets(ctx.step.phrases["t"], ctx.state)
    ]


_ACTIONS: dict[str, Callable[[_Ctx], list[Instruction]]] = {
    "rules": _do_context,
    "unit": _do_context,
    "scope": _do_context,
    "replace": _do_replace,
    "delete": _do_delete,
    "insert": _do_insert,
    "replace_words": _do_words,
    "delete_words": _do_words,
    "append_words": _do_append,
    "punctuate": _do_punctuate,
    "repeal": lambda ctx: [Instruction(Op.REPEAL, "order", ctx.clause)],
    "only": lambda ctx: [],
    "noop": lambda ctx: [],
}


def _names_unit(phrase: Phrase) -> bool:
    return phrase[0] in _NAMES_UNIT or bool(phrase[1].get("p"))


def parse_instructions(
    tree: Node, *, order: str, lang: str, file: str
) -> tuple[tuple[Instruction, ...], tuple[InstructionProblem, ...]]:
    """The typed instructions of an amending act's tree, and the clauses that could not be read.

    An order whose clauses sit in its point 1 (``order.p1``) is read as before; any other act by its
    wrappers (``amended.blocks``): each block's clauses carry the act the wrapper names."""
    p1 = tree.find("order.p1")
    if p1 is not None:
        paras, container = _paragraphs(p1, lang)
        instructions, problems = _run(paras, lang, container, order, file, None)
        if not instructions and not problems and p1.lines:
            clause = Clause(order, lang, "order.p1", file, p1.lines[0], p1.lines[1], p1.text)
            problems.append(
                InstructionProblem(clause, "point 1 announces changes but no amending clause was read")
            )
        return tuple(instructions), tuple(problems)
    found = blocks(tree, lambda text: _read(clean(text), lang) is not None)
    instructions, problems = [], []
    for block in found:
        container = (
            "rules" if block.intro and _INTRO_RULES.search(re.sub(_Q, "", quotes(block.intro))) else ""
        )
        paras = _split_runs([_Para(p.address, p.first, p.last, p.text) for p in block.paras], lang)
        got, bad = _run(paras, lang, container, order, file, block.act)
        instructions += got
        problems += bad
        if not got and not bad:
            at = block.paras[0] if block.paras else block.where
            assert at is not None  # a block without a wrapper starts with a clause paragraph
            clause = Clause(order, lang, at.address, file, at.first, at.last, block.intro, block.act)
            problems.append(
                InstructionProblem(clause, "a wrapper announces changes but no amending clause was read")
            )
    if not instructions and not problems:
        lines = [n.lines for n in tree.walk() if n.lines]
        if not lines:
            return (), ()
        clause = Clause(
            order, lang, "order", file, min(a for a, _ in lines), max(b for _, b in lines), ""
        )  # units need not be in line order
        return (), (
            InstructionProblem(
                clause,
                "no amending clauses found (no «Внести в …» / «… енгізілсін:» "
                "wrapper, no point 1 of an order, no numbered clause)",
            ),
        )
    return tuple(instructions), tuple(problems)


_RUN_SEP = re.compile(r";\s+|,\s+(?=(?:текст на \w+ языке|\w+ тіл(?:індегі|дегі) мәтін) )", re.I)


def _split_runs(paras: list[_Para], lang: str) -> list[_Para]:
    """«в статье 7: в абзаце втором …; абзац пятый исключить»: clauses run together on one line,
    split at «;» outside quotations where every piece reads as a clause on its own."""
    out: list[_Para] = []
    for para in paras:
        text, depth, cuts = para.text, 0, [0]
        for m in re.finditer(r"[«»]|" + _RUN_SEP.pattern, text, re.I):
            if m.group(0) in "«»":
                depth += 1 if m.group(0) == "«" else -1
            elif depth == 0:
                cuts += [m.start(), m.end()]
        pieces = [text[a:b].strip() for a, b in zip(cuts[::2], cuts[1::2] + [len(text)])]
        if len(pieces) > 1 and _read(text, lang) is None and all(_read(p, lang) for p in pieces):
            out += [_Para(para.address, para.first, para.last, p) for p in pieces]
        else:
            out.append(para)
    return out


def _run(
    paras: list[_Para], lang: str, container: str, order: str, file: str, act: ActRef | None
) -> tuple[list[Instruction], list[InstructionProblem]]:
    """Read one wrapper's clause paragraphs, in order, carrying their context."""
    state, instructions, problems = _State(container), [], []
    for group in _groups(paras, lang):
        last = max([group.head.last] + [p.last for p in group.wording])
        clause = Clause(order, lang, group.head.address, file, group.head.first, last, group.sentence, act)
        if group.steps is None:
            problems.append(
                InstructionProblem(
                    clause,
                    f"unknown formula: {group.sentence}",
                    readable_targets(group.sentence, lang, state),
                )
            )
            if _LOST_CONTAINER.search(group.head.text):
                state.container, state.point = None, None
            elif _LOST_POINT.search(group.head.text):
                state.point = _LOST
            state.points = ()
            continue
        saved, ends, scoped = state.point, False, False
        for i, step in enumerate(group.steps):
            action = step.formula.action
            ends |= action not in ("rules", "unit") and any(map(_names_unit, step.phrases.values()))
            scoped |= action == "scope"
            last_step = i == len(group.steps) - 1
            try:
                got = _ACTIONS[action](_Ctx(step, state, clause, group.texts if last_step else []))
                only = next(
                    (_ONLY_LANG[s.groups["only"].lower()] for s in group.steps if s.formula.action == "only"),
                    None,
                )
                instructions += [replace(i, only_lang=only) for i in got] if only else got
            except _Unreadable as e:
                problems.append(
                    InstructionProblem(
                        clause, f"{e}: {group.sentence}", readable_targets(group.sentence, lang, state)
                    )
                )
                break
            if action == "unit" and container == "":  # a law's «в статье 7: в абзаце втором …»: the context
                saved = state.point  # outlives the clause (an order's stays the clause's)
        if ends or scoped:  # a clause naming a point, chapter or title ends the point context
            state.point = None if ends else saved
            state.points = ()
    return instructions, problems


def routed(act, order, instrs, problems, corpus) -> tuple[list[Instruction], list[InstructionProblem]]:
    """The instructions and problems of ``order`` that amend ``act`` (sources of ``corpus``): each
    clause goes to the act its wrapper names (``amended.route``). A clause that names an act not
    among those the order amends is a problem of the order's first act, changing nothing of it:
    reported, never dropped."""
    candidates = [corpus.get(a) for a in (order.amends_all or (order.amends,))]
    first = candidates[0].id == act.id
    cache: dict = {}

    def where(clause: Clause):
        if clause.act not in cache:
            cache[clause.act] = route(clause.act, candidates)
        return cache[clause.act]

    mine_i: list[Instruction] = []
    mine_p: list[InstructionProblem] = []
    lost: dict = {}
    for i in instrs:
        dest, why = where(i.clause)
        if dest == act.id:
            mine_i.append(i)
        elif dest is None and first:
            lost.setdefault(i.clause, why)
    for p in problems:
        dest, why = where(p.clause)
        if dest == act.id:
            mine_p.append(p)
        elif dest is None and first:
            mine_p.append(p)
            lost.setdefault(p.clause, why)
    mine_p += [InstructionProblem(c, f"{why}: {c.text}", ()) for c, why in lost.items()]
    return mine_i, mine_p


# what an amending clause commands with: a Kazakh imperative («жазылсын», «түзетілсін»), a Russian
# infinitive («изложить»), or the stem of a formula word, even misspelt («толықтыр», «изложит»)
_COMMAND = re.compile(
    r"\w(?:сын|сін)\b|\w(?:ить|ать|ять|еть|уть)\b|редакци|мазмұн|содержан|толықт|дополн|"
    r"излож|исключ|замен|ауыстыр|жойыл|тастал|күші|утрат|енгіз|внес|призна",
    re.I,
)
_QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»|\"[^\"]*\"|„[^“”]*[“”]")


def readable_targets(sentence: str, lang: str, state: _State) -> tuple[str, ...] | None:
    """The units an unreadable clause may have changed, as far as its words still name them.

    Every phrase of ``phrases.PHRASES`` found in the sentence (outside quotations; a
    quotation that never closes ends the sentence) names units; a subpoint or part belongs to
    the point named before it, else to the clause's point context. Of a unit and units inside
    it, the innermost are kept («в пункте 7: подпункт 5) …» → ``p7.sp5``). With no unit named,
    the point context; else ``None``: any unit of the act (also when the act or appendix the
    clause is in, or the point a subpoint belongs to, is not known). A sentence with no verb
    that commands and no unit (a signature, the order's own entry into force, swallowed by a
    quotation that never closed) changes nothing: ``()``."""
    text = _QUOTED.sub(" ", sentence)
    for opener in ("«", '"', "„"):
        if opener in text:
            text = text[: text.index(opener)]
    if not _COMMAND.search(text) and not any(p.search(text) for ps in PHRASE_RE.values() for p, _ in ps):
        return ()  # no verb that commands and no unit named («Министр А. Б.», «Осы бұйрық … енгізіледі»)
    if state.container is None:
        return None
    found: list[tuple[int, str, dict]] = []
    for (phrase_lang, _case), rows in PHRASE_RE.items():
        if phrase_lang != lang:
            continue
        for pattern, kind in rows:
            for m in pattern.finditer(text):
                if m.start() == 0 or not text[m.start() - 1].isalnum():
                    found.append((m.start(), kind, m.groupdict()))
    point = state.point
    targets: list[str] = []
    for _start, kind, groups in sorted(found, key=lambda f: f[0]):
        probe = _State(state.container, point)
        try:
            named = _targets((kind, groups), probe)
        except _Unreadable:
            return None  # a subpoint or part of a point not known
        if kind == "point" and len(named) == 1:
            point = named[0]
        targets += named
    if not targets:
        if point in (None, _LOST):
            return None
        targets = [point]
    if any(t == state.container or t == "act" for t in targets):
        return (state.container or "act",)
    units = {t: parsed(t) for t in targets}
    inner = [t for t, u in units.items() if not any(o != t and v.is_within(u) for o, v in units.items())]
    return tuple(inner)


def instructions_to_json(instrs, problems) -> dict:
    """Plain data for the CLI and golden files: keys sorted, ``None`` fields left out, order kept."""

    def clause(c: Clause) -> dict:
        out = {
            "address": c.address,
            "file": c.file,
            "first_line": c.first_line,
            "lang": c.lang,
            "last_line": c.last_line,
            "order": c.order,
            "text": c.text,
        }
        return out | (
            {
                "act": {
                    k: v
                    for k, v in (
                        ("kind", c.act.kind),
                        ("date", c.act.date),
                        ("number", c.act.number),
                        ("title", c.act.title),
                    )
                    if v
                }
            }
            if c.act
            else {}
        )

    def one(i: Instruction) -> dict:
        out = {
            "after": i.after,
            "clause": clause(i.clause),
            "new_text": i.new_text,
            "new_words": i.new_words,
            "old_words": i.old_words,
            "op": i.op.value,
            "target": i.target,
            "only_lang": i.only_lang,
        }
        return {k: v for k, v in out.items() if v is not None}

    def problem(p: InstructionProblem) -> dict:
        out = {"clause": clause(p.clause), "message": p.message}
        return out | {"may_have_changed": list(p.targets) if p.targets is not None else "any unit of the act"}

    return {"instructions": [one(i) for i in instrs], "problems": [problem(p) for p in problems]}
