"""Instructions: an amending act's clauses → typed instructions.

reads: the parsed tree of an amending act — an order's ``order.p1`` (its own text after the intro
«… өзгерістер енгізілсін:» / «… следующие изменения:», then its parts, are the clauses), or a
law's or decree's wrappers («Статья 1. Внести в Закон …:», see ``amended.py``), each naming its
act (``Clause.act``); writes: ``Instruction`` values and ``InstructionProblem`` diagnostics (the
values, their JSON and ``routed``, which gives each amended act its own, are in ``clauses.py``).
Never raises.

Addresses follow the amended act: ``order.p1`` / ``rules.p7.sp5`` for an order approving Rules,
``art7``, ``art7.p2``, ``art7.part2``, ``art13.sp1-1``, ``ch1``, ``sec2``, ``title`` for an act
without appendices (container ``""``; its whole text is ``act``).

1. **group** (``heads.py``). A paragraph is a clause head when a formula of ``formulas._FORMULAS`` reads it (a
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
from dataclasses import dataclass, replace
from functools import lru_cache
from collections.abc import Callable

from normbase.address import parse_canonical
from normbase.clauses import Clause, Instruction, InstructionProblem, Op
from normbase.heads import Para, clause_paragraphs, group_clauses, read_head
from normbase.amended import ActRef, blocks, clean, quotes
from normbase.errors import UsageError
from normbase.formulas import (
    _INTRO_RULES,
    _KK_PAIR,
    _LOST,
    _LOST_CONTAINER,
    _LOST_POINT,
    MARKS,
    _ONLY_LANG,
    _RU_PAIR,
)
from normbase.phrases import NAMES_UNIT as _NAMES_UNIT
from normbase.phrases import NUM as _NUM
from normbase.phrases import PHRASE_RE
from normbase.phrases import QI as _QI
from normbase.phrases import Phrase
from normbase.phrases import Q as _Q
from normbase.phrases import ordinals as _ordinals
from normbase.phrases import subpoint_numbers
from normbase.tree import Node
from normbase.model.address import AddressError, parsed
from normbase.model.kinds import is_letter, number_label, previous_letter


# -- pass 2: groups → instructions ----------------------------------------------------------


class _Unreadable(Exception):
    pass


@dataclass
class _State:
    container: str | None = "order"  # None: lost after an unreadable clause; "": an act without containers
    point: str | None = None  # the unit context («7-тармақта:»), or _LOST
    points: tuple[str, ...] = ()  # a context naming several units («2,40-баптардағы …»)


_Ctx = namedtuple("_Ctx", "step state clause texts")  # what an action reads


WHOLE_ACT = "act"  # the target of a clause on an act without containers as a whole


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
    units = [parsed(t) if t != WHOLE_ACT else None for t in targets]
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
    return target if target == WHOLE_ACT else parsed(target).last


def _previous(address: str) -> str | None:
    """The unit a new one follows: p7 for p7-1, p7-1 for p7-2, sp8 for sp9, part1 for part2."""
    if address == WHOLE_ACT:
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
        if not all(old.strip() for old in olds):
            raise _Unreadable("the words to delete are empty («»)")
        return [Instruction(Op.DELETE_WORDS, t, ctx.clause, old_words=old) for t in targets for old in olds]
    pairs = re.findall(
        _KK_PAIR if ctx.clause.lang == "kk" else _RU_PAIR, ctx.step.groups["pairs"] or "", re.I
    )
    if not all(old.strip() for old, _new in pairs):
        raise _Unreadable("the words to replace are empty («»)")
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
        paras, container = clause_paragraphs(p1, lang)
        instructions, problems = _run(paras, lang, container, order, file, None)
        if not instructions and not problems and p1.lines:
            clause = Clause(order, lang, "order.p1", file, p1.lines[0], p1.lines[1], p1.text)
            problems.append(
                InstructionProblem(clause, "point 1 announces changes but no amending clause was read")
            )
        return tuple(instructions), tuple(problems)
    found = blocks(tree, lambda text: read_head(clean(text), lang) is not None)
    instructions, problems = [], []
    for block in found:
        container = (
            "rules" if block.intro and _INTRO_RULES.search(re.sub(_Q, "", quotes(block.intro))) else ""
        )
        paras = _split_runs([Para(p.address, p.first, p.last, p.text) for p in block.paras], lang)
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


def _split_runs(paras: list[Para], lang: str) -> list[Para]:
    """«в статье 7: в абзаце втором …; абзац пятый исключить»: clauses run together on one line,
    split at «;» outside quotations where every piece reads as a clause on its own."""
    out: list[Para] = []
    for para in paras:
        text, depth, cuts = para.text, 0, [0]
        for m in re.finditer(r"[«»]|" + _RUN_SEP.pattern, text, re.I):
            if m.group(0) in "«»":
                depth += 1 if m.group(0) == "«" else -1
            elif depth == 0:
                cuts += [m.start(), m.end()]
        pieces = [text[a:b].strip() for a, b in zip(cuts[::2], cuts[1::2] + [len(text)])]
        if len(pieces) > 1 and read_head(text, lang) is None and all(read_head(p, lang) for p in pieces):
            out += [Para(para.address, para.first, para.last, p) for p in pieces]
        else:
            out.append(para)
    return out


def _run(
    paras: list[Para], lang: str, container: str, order: str, file: str, act: ActRef | None
) -> tuple[list[Instruction], list[InstructionProblem]]:
    """Read one wrapper's clause paragraphs, in order, carrying their context."""
    state, instructions, problems = _State(container), [], []
    for group in group_clauses(paras, lang):
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
