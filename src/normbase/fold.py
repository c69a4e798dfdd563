"""The fold's state: the versions of every unit of one act in every language, as its orders apply.

reads: the act's metadata (its own entry into force) and the orders' events; writes: nothing —
``timelines.build_timelines`` drives a ``Fold`` through the act's orders and reads its versions.

A new version closes the current one where it starts (``Fold.open``). What an order's change makes
unknown has one mechanism, ``unknown_from``: an order known only from a footnote, an order without a
text in one language, and a clause that could not be read or applied (``taint``, ``not_applied``) —
from the order's entry into force, the units it names (with everything inside them) are ``unknown``,
with a reason that names the order, the language, the clause and its ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from normbase.dates import ENTRY_RULES, DateWindow, RuleKind, entry_into_force, find_entry_rule
from normbase.clauses import Instruction
from normbase.model.address import parsed
from normbase.sources import Source
from normbase.versions import UNKNOWN, Finding, OrderEvent, SourceRef, Version, unit_key


def order_window(order: Source) -> DateWindow:
    rule = None
    if order.entry_into_force and order.entry_into_force != "unknown":
        rule = next(r for r in ENTRY_RULES if r.kind == RuleKind(order.entry_into_force))
    elif order.entry_into_force_text:
        rule = find_entry_rule(order.entry_into_force_text, order.langs[0] if order.langs else "ru")
    return entry_into_force(rule, signed=order.signed, registered=order.registered, published=order.published)


def act_window(act: Source) -> DateWindow:
    """When the act itself took effect: by its own rule when its metadata states one
    («вводится в действие по истечении десяти календарных дней …»), else not before its
    publication (or registration, or signing)."""
    if (act.entry_into_force and act.entry_into_force != "unknown") or act.entry_into_force_text:
        try:
            return order_window(act)
        except (ValueError, StopIteration):
            pass  # a rule the table does not know, or no date to count from: the bound below
    day = act.published or act.registered or act.signed
    if act.published:
        return DateWindow(
            act.published,
            None,
            f"the act took effect on an unknown date, not before its publication on {act.published}",
        )
    if day is None:  # signed = published = "unknown": no lower bound
        return DateWindow(date.min, None, "the act took effect on an unknown date; no date of it is known")
    return DateWindow(day, None, f"the act took effect on an unknown date, not before {day}")


@dataclass
class State:
    versions: list[Version] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def _ancestors(unit: str) -> tuple[str, ...]:
    """The units above ``unit``, from the top, as strings (cached: run for every unit of a corpus)."""
    return tuple(str(a) for a in parsed(unit).ancestors)


class Fold:
    def __init__(self, act: Source, langs: tuple[str, ...], units: list[str]):
        self.act, self.langs = act, langs
        self.act_id = str(act.id)  # one string for every timeline, reference and finding of the act
        self.start = act_window(act)
        self.units: list[str] = []
        self.known: set[str] = set()
        self.below: dict[str, list[str]] = {}  # unit → the units inside it, in ``units`` order
        self.state: dict[tuple[str, str], list[Version]] = {}
        self.findings: list[Finding] = []
        self.laid: dict[str, date | None] = {}  # lang → the date of the consolidated text laid over last
        for unit in units:
            self.ensure(unit)

    def ensure(self, unit: str) -> None:
        if unit in self.known:
            return
        self.units.append(unit)
        self.known.add(unit)
        for above in _ancestors(unit):
            self.below.setdefault(above, []).append(unit)

    def current(self, unit: str, lang: str) -> Version | None:
        versions = self.state.get((unit, lang))
        return versions[-1] if versions else None

    def open(self, unit: str, lang: str, version: Version) -> None:
        versions = self.state.setdefault((unit, lang), [])
        if versions:  # closed where the new one starts
            versions[-1] = versions[-1].ending(version.start)
        versions.append(version)

    def descendants(self, unit: str) -> list[str]:
        return list(self.below.get(unit, ()))

    def scope(self, unit: str) -> list[str]:
        """The unit (when it has a timeline) and every unit inside it."""
        return ([unit] if unit in self.known else []) + self.descendants(unit)


def unknown_from(
    fold: Fold,
    event: OrderEvent,
    units,
    langs,
    reason: str,
    source: SourceRef | None = None,
    state: str = UNKNOWN,
    tainted: bool = False,
) -> None:
    """From the order's entry into force, each unit in each language is ``unknown`` (or, for a
    deletion known only from a footnote, ``deleted``): the order changed it, and the corpus does
    not give the wording. Used for an order known only from a footnote, for an order without a
    text in one language, and for a clause that could not be read or applied (``tainted``)."""
    for unit in units:
        for lang in langs:
            fold.open(
                unit,
                lang,
                Version(
                    event.window,
                    None,
                    state,
                    source=source,
                    changed_by=event.id,
                    reason=reason,
                    tainted=tainted,
                ),
            )


def clause_ref(event: OrderEvent, clause) -> SourceRef:
    return SourceRef(
        "order", event.id, clause.lang, clause.address, clause.file, (clause.first_line, clause.last_line)
    )


def taint(fold: Fold, event: OrderEvent, clause, targets: tuple[str, ...] | None, what: str) -> None:
    """A clause that could not be read or applied still changed something: the units it names
    (each with what is inside it; ``None``: every unit of the act) are unknown after it, in its
    own language and in every language whose text of the order is not in the corpus."""
    units = (
        fold.units
        if targets is None or "act" in targets
        else list(dict.fromkeys(u for t in targets for u in fold.scope(unit_key(t))))
    )  # "act": a law's whole text («по всему тексту»)
    langs = [lang for lang in fold.langs if lang == clause.lang or lang not in event.langs]
    reason = (
        f"order {event.id} [{clause.lang}] {clause.address} ({clause.file}:{clause.first_line}) {what}; "
        f"it may have changed this unit, so its wording after that order is unknown"
    )
    unknown_from(fold, event, units, langs, reason, clause_ref(event, clause), tainted=True)


def not_applied(fold: Fold, event: OrderEvent, instr: Instruction, message: str, targets=None) -> None:
    """An instruction that was read but cannot be applied: an error, and its target is tainted."""
    clause = instr.clause
    fold.findings.append(
        Finding(
            "instruction_not_applicable",
            "error",
            fold.act_id,
            instr.target,
            message,
            event.id,
            clause.lang,
            f"{clause.file}:{clause.first_line}",
        )
    )
    taint(
        fold,
        event,
        clause,
        targets if targets is not None else (instr.target,),
        f"was not applied ({message})",
    )
