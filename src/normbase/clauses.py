"""Clauses: the values an amending act's clauses give, their JSON, and the act each one amends.

reads: nothing (the values are made by ``instructions.py``); writes: ``Op``, ``Clause``,
``Instruction`` and ``InstructionProblem`` values, ``instructions_to_json`` (plain data for the CLI
and the golden files) and ``routed`` (an amending act's instructions and problems for one of the
acts it amends, by the act each clause's wrapper names).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from normbase.amended import ActRef, route
from normbase.records import record


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
