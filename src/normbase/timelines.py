"""Timelines: the wording of every unit, in every language, over time.

reads: the corpus metadata, the parsed source texts and the orders' instructions;
writes: ``Timeline`` values (one per act, unit and language) and ``Finding`` errors (the
value types are in ``versions.py``, re-exported here).

The versions are a fold over the amending orders of an act in a total order (entry
into force, then registration, then number): each order closes the current interval of
every unit it changes and opens the next one. What the sources do not prove is
``unknown``, never guessed:

- an order's instruction gives the new wording in its own language from its entry into
  force; in a language whose text of that order is not in the corpus, the wording after
  it is unknown;
- a change known only from a footnote (an order without any text here) ends the previous
  interval of the unit and of everything below it;
- a consolidated snapshot gives the wording in force at the snapshot; it reaches back only
  to the latest change known for that unit in either language; a unit absent from a
  snapshot is "not in the source", never "deleted";
- deletion and insertion are facts about the act, true in both languages.

The fold's state and its one taint mechanism (``unknown_from``) are in ``fold.py``; the order
the units are listed in is ``docorder.py``'s. Nothing here reads today's date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from typing import TypeGuard

from normbase.footnotes import ChangeKind
from normbase.clauses import Instruction, Op
from normbase.sources import Source
from normbase.snapshots import all_footnote_changes, as_snapshots, overlay, stages
from normbase.tree import Node, own_text, tree_units
from normbase.model.address import first_part, parsed
from normbase.docorder import document_order
from normbase.wording import heading_named, wording_units
from normbase.fold import Fold, clause_ref, not_applied, taint, unknown_from
from normbase.versions import (  # the values of a timeline, re-exported: importers use this module
    ABSENT,
    DELETED,
    TEXT,
    UNKNOWN,
    Finding,
    OrderEvent,
    SourceRef,
    Timeline,
    Version,
    unit_key,
)


# -- the fold ---------------------------------------------------------------------


def _first_version(
    fold: Fold, unit: str, lang: str, originals: dict[str, dict[str, Node]], inserted_later: bool
) -> Version:
    """The wording from the act's own start. ``originals``: lang → units of the original text."""
    node = originals[lang].get(unit) if lang in originals else None
    if node is not None:  # valid from the act's own entry into force
        return Version(fold.start, None, TEXT, own_text(node), SourceRef("original", fold.act_id, lang, unit))
    in_original = [lg for lg, units in sorted(originals.items()) if unit in units]
    if inserted_later and not in_original:
        return Version(None, None, ABSENT, reason="not yet in the act: inserted by a later order")
    if originals and not in_original:  # the act as adopted is known, and it has no such unit
        return Version(None, None, ABSENT, reason=f"not in the original text of {fold.act.id}")
    if in_original:
        return Version(
            None,
            None,
            UNKNOWN,
            reason=f"absent from the original [{lang}] text of {fold.act.id}, "
            f"although its [{', '.join(in_original)}] text has it",
        )
    return Version(
        None, None, UNKNOWN, reason=f"the original wording of {fold.act.id} [{lang}] is not in the corpus"
    )


def _words_pattern(instr: Instruction) -> re.Pattern[str] | None:
    """Whole words only: never inside a longer word, nor one part of a hyphenated compound."""
    old = instr.old_words
    if not old:
        return None
    left = r"(?<![\w-])" if old[0].isalnum() else ""
    right = r"(?![\w-])" if old[-1].isalnum() else ""
    return re.compile(rf"{left}{re.escape(old)}{right}")


def _apply_words(
    prev: Version, instr: Instruction, pattern: re.Pattern[str] | None = None
) -> tuple[str, int] | None:
    """The wording with every occurrence of the words replaced (deleted), and how many there
    were; None when they do not occur. An occurrence is whole words: «ақы» is never found in
    «жалақы», «методической» never in «учебно-методической». ``pattern``: ``_words_pattern(instr)``."""
    if prev.state != TEXT or prev.text is None or not instr.old_words:
        return None
    pattern = pattern or _words_pattern(instr)
    assert pattern is not None
    text, count = pattern.subn(lambda _m: instr.new_words or "", prev.text)
    if not count:
        return None
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r" {2,}", " ", text)), count


def build_timelines(
    act: Source,
    originals: dict[str, Node],
    snapshots,
    events: list[OrderEvent],
    langs: tuple[str, ...] = ("kk", "ru"),
) -> tuple[list[Timeline], list[Finding]]:
    """Fold the orders of ``act`` into timelines for every unit and language.

    ``originals``: lang → tree of the act as adopted; ``snapshots``: its consolidated texts
    (``snapshots.Snapshot`` values, or lang → (source, tree, file)); ``events``: the amending
    orders (any order — sorted here). The orders a consolidated text already holds are folded
    before it is laid over the timelines, those entering into force after its date on top of it
    (``snapshots.stages``).
    """
    events = sorted(events, key=lambda e: e.sort_key)
    snapshots = as_snapshots(snapshots)
    found: dict[str, None] = {}  # the units, in the order first seen (a dict: an ordered set)
    for tree in list(originals.values()) + [s.tree for s in snapshots]:
        for address in tree_units(tree):
            found.setdefault(address, None)
    inserted = {unit_key(i.target) for e in events for i in e.instructions if i.op == Op.INSERT}
    for e in events:
        for i in e.instructions:
            if i.op in (Op.REPLACE, Op.INSERT) and i.new_text is not None:
                for address, _ in wording_units(unit_key(i.target), i.new_text, heading_named(e, i)):
                    found.setdefault(address, None)
            elif i.target not in ("order", "rules", "act"):
                found.setdefault(unit_key(i.target), None)
        for problem in e.problems:
            for target in problem.targets or ():
                if "." in target:
                    found.setdefault(unit_key(target), None)
    footnote_changes = all_footnote_changes(snapshots)
    for unit, _order, _kind, _note in footnote_changes:
        found.setdefault(unit, None)
    units = [sys.intern(unit) for unit in found]  # one string per address, shared with the trees'

    fold = Fold(act, langs, units)
    original_units = {lang: tree_units(tree) for lang, tree in originals.items()}
    for unit in units:
        for lang in langs:
            fold.state[(unit, lang)] = [_first_version(fold, unit, lang, original_units, unit in inserted)]

    steps, after = stages(snapshots, events)
    applied: list[OrderEvent] = []
    for held, group in steps:
        for event in held:
            _apply_event(fold, event, footnote_changes)
        applied += held
        overlay(fold, group, applied, footnote_changes)
    for event in after:
        _apply_event(fold, event, footnote_changes)
    order = document_order(fold.units, list(originals.values()) + [s.tree for s in snapshots], events)
    timelines = [
        Timeline(fold.act_id, unit, lang, tuple(fold.state[(unit, lang)])) for unit in order for lang in langs
    ]
    return timelines, fold.findings


def _apply_event(fold: Fold, event: OrderEvent, footnote_changes) -> None:
    start = event.window
    if (
        start.latest is not None
        and start.latest < fold.start.earliest
        and (event.instructions or event.problems)
    ):
        fold.findings.append(
            Finding(
                "order_before_act",
                "error",
                fold.act_id,
                "",
                (
                    f"order {event.id} entered into force ({start}) "
                    f"before the act it amends took effect ({fold.start}); not applied"
                ),
                event.id,
            )
        )
        targets = tuple(i.target for i in event.instructions) if event.instructions else None
        if any(t in ("order", "rules", "act") for t in targets or ()):
            targets = None
        clause = (
            event.instructions[0].clause
            if event.instructions
            else event.problems[0].clause
            if event.problems
            else None
        )
        if clause is not None:
            taint(fold, event, clause, targets, "has dates that cannot be right")
        return
    touched: dict[str, str] = {}  # unit -> how (for the other languages)
    refs = {
        (i.op, unit_key(i.target), i.clause.lang): clause_ref(event, i.clause) for i in event.instructions
    }
    inserted: set[tuple[str, str]] = set()  # (unit, lang) this order inserted
    for instr in event.instructions:
        target = unit_key(instr.target)
        clause = instr.clause
        ref = clause_ref(event, clause)

        def ref_in(
            lang: str, op: Op = instr.op
        ) -> SourceRef:  # the clause in that language, where there is one
            return refs.get((op, target, lang), ref)

        if instr.only_lang and instr.only_lang != clause.lang:
            # «в тексте на русском языке» in the Kazakh text: the Russian text's own clause applies it
            continue
        if instr.op == Op.REPEAL:
            for unit in fold.units:
                for lang in fold.langs:
                    fold.open(
                        unit,
                        lang,
                        Version(
                            start,
                            None,
                            ABSENT,
                            source=ref_in(lang),
                            changed_by=event.id,
                            reason=f"the act was repealed by order {event.id}",
                        ),
                    )
            return
        if instr.op == Op.DELETE:
            cur = fold.current(target, clause.lang)
            if cur is not None and cur.state == DELETED and cur.changed_by == event.id:
                continue  # the order's text in another language deleted it already
            if not _check_exists(fold, target, clause.lang, instr, event):
                continue  # reported, never applied by guess
            for unit in [target] + fold.descendants(target):
                for lang in fold.langs:
                    if unit != target and _gone(fold.current(unit, lang)):
                        continue  # already deleted, or not yet inserted: nothing to delete
                    fold.open(
                        unit,
                        lang,
                        Version(
                            start,
                            None,
                            DELETED,
                            source=ref_in(lang),
                            changed_by=event.id,
                            reason=f"deleted by order {event.id}",
                        ),
                    )
                touched[unit] = "deleted"
            continue
        if instr.op in (Op.REPLACE, Op.INSERT):
            if instr.op == Op.REPLACE and not _check_exists(fold, target, clause.lang, instr, event):
                continue
            if instr.op == Op.INSERT and not _check_new(fold, target, instr, event, inserted):
                continue
            new_units = dict(wording_units(target, instr.new_text or "", heading_named(event, instr)))
            whole = not first_part(instr.target)
            affected = [target] + (fold.descendants(target) if whole else [])
            for unit in affected:
                if unit in new_units:
                    fold.open(unit, clause.lang, Version(start, None, TEXT, new_units[unit], ref, event.id))
                    touched[unit] = "replaced"
                    if instr.op == Op.INSERT:
                        inserted.add((unit, clause.lang))
                    continue
                for lang in fold.langs:  # the unit is gone from the act, in every language
                    if not _gone(fold.current(unit, lang)):
                        fold.open(
                            unit,
                            lang,
                            Version(
                                start,
                                None,
                                ABSENT,
                                source=ref_in(lang),
                                changed_by=event.id,
                                reason=f"order {event.id} gave {target} a new wording without this unit",
                            ),
                        )
                touched[unit] = "deleted"
            continue
        if instr.op in (Op.REPLACE_WORDS, Op.DELETE_WORDS):
            _apply_words_instruction(fold, event, instr, touched)
        if instr.op == Op.APPEND_WORDS:
            _apply_append(fold, event, instr, touched)
    # other languages: a change whose wording is not in the corpus for them
    for unit, how in touched.items():
        for lang in fold.langs:
            if lang not in event.langs and how != "deleted":
                unknown_from(
                    fold,
                    event,
                    [unit],
                    [lang],
                    f"order {event.id} {how} this unit; its {lang} text is not in the corpus",
                    SourceRef("order", event.id, event.langs[0] if event.langs else None),
                )
    # clauses that could not be read: what they name is unknown after the order
    for problem in event.problems:
        taint(fold, event, problem.clause, problem.targets, f"could not be read ({problem.message})")
    if event.langs:
        return
    # an order known only from footnotes: it ends the previous interval of what they name
    for unit, order_id, kind, note in footnote_changes:
        if order_id != event.id:
            continue
        scope = [unit] + (
            fold.descendants(unit)
            if kind in (ChangeKind.REPLACED, ChangeKind.AMENDED, ChangeKind.DELETED)
            else []
        )
        unknown_from(
            fold,
            event,
            scope,
            fold.langs,
            f"order {event.id} {kind.value} this unit (known from a footnote); its text is not in the corpus",
            SourceRef("footnote", event.id, notes=(note,)),
            DELETED if kind == ChangeKind.DELETED else UNKNOWN,
        )


def _apply_words_instruction(
    fold: Fold, event: OrderEvent, instr: Instruction, touched: dict[str, str]
) -> None:
    """Replace (delete) words: every occurrence in every unit of the target, whole words only."""
    target, clause, start = unit_key(instr.target), instr.clause, event.window
    ref = clause_ref(event, clause)
    whole = instr.target in ("order", "rules", "act")  # «по всему тексту» / «бүкіл мәтін бойынша»
    if not whole and not _check_exists(fold, target, clause.lang, instr, event):
        return
    scope = list(fold.units) if instr.target == "act" else fold.scope(target)
    hits, pattern = 0, _words_pattern(instr)
    for unit in scope:
        prev = fold.current(unit, clause.lang)
        if _gone(prev):
            continue  # a deleted (or not yet inserted) sub-unit has no words to change
        if prev is None or prev.state != TEXT:
            if not whole:
                reason = f"order {event.id} changed words in a wording that is not in the corpus"
                unknown_from(fold, event, [unit], [clause.lang], reason, ref)
                touched[unit] = "amended"
            continue
        applied = _apply_words(prev, instr, pattern)
        if applied is None:
            continue
        new_text, count = applied
        hits += 1
        fold.open(
            unit, clause.lang, Version(start, None, TEXT, new_text, replace(ref, occurrences=count), event.id)
        )
        touched[unit] = "amended"
        if count > 1:
            fold.findings.append(
                Finding(
                    "words_several_times",
                    "warning",
                    fold.act_id,
                    unit,
                    f"the words «{instr.old_words}» occur {count} times in {unit} [{clause.lang}]; all were "
                    f"{'replaced' if instr.op == Op.REPLACE_WORDS else 'deleted'}, "
                    "as legal technique reads the clause — check that this was meant",
                    event.id,
                    clause.lang,
                    f"{clause.file}:{clause.first_line}",
                )
            )
    known = [u for u in scope if (c := fold.current(u, clause.lang)) and c.state == TEXT]
    if hits == 0 and known:
        not_applied(
            fold,
            event,
            instr,
            f"the words «{instr.old_words}» do not occur in {instr.target} [{clause.lang}]",
            (instr.target,),
        )


def append_words(text: str, words: str) -> str:
    """``words`` added at the end of a unit's wording, before its final punctuation («…;» → «… words;»)."""
    m = re.search(r"[.;:,!?]*\s*$", text)
    assert m is not None
    return text[: m.start()] + words + text[m.start() :]


def _apply_append(fold: Fold, event: OrderEvent, instr: Instruction, touched: dict[str, str]) -> None:
    """Add words at the end of the unit's own wording (not of the units inside it)."""
    target, clause, start = unit_key(instr.target), instr.clause, event.window
    if not _check_exists(fold, target, clause.lang, instr, event):
        return
    prev, ref = fold.current(target, clause.lang), clause_ref(event, clause)
    if prev is None or prev.state != TEXT or prev.text is None:
        reason = f"order {event.id} added words to a wording that is not in the corpus"
        unknown_from(fold, event, [target], [clause.lang], reason, ref)
    else:
        fold.open(
            target,
            clause.lang,
            Version(start, None, TEXT, append_words(prev.text, instr.new_words or ""), ref, event.id),
        )
    touched[target] = "amended"


def _gone(v: Version | None) -> TypeGuard[Version]:
    return v is not None and v.state in (DELETED, ABSENT)


def _check_exists(fold: Fold, unit: str, lang: str, instr: Instruction, event: OrderEvent) -> bool:
    """True when the target of a change exists (or may: its wording is unknown); else an error."""
    cur = fold.current(unit, lang)
    if not _gone(cur) or cur.changed_by == event.id and cur.changed_by is not None:
        return True
    since = f" since order {cur.changed_by}" if cur.changed_by else f" ({cur.reason})"
    not_applied(fold, event, instr, f"{instr.op.value} of a unit that is {cur.state}{since}; not applied")
    return False


def _check_new(fold: Fold, unit: str, instr: Instruction, event: OrderEvent, inserted: set) -> bool:
    """True when a unit to insert is not in the act yet (in any language), this order has not
    inserted it already in this language, and the unit it goes into (a point, for a subpoint or
    a part) is there; else an error."""
    there = [
        lg
        for lg in fold.langs
        if (c := fold.current(unit, lg)) and c.state == TEXT and c.changed_by != event.id
    ]
    parent = str(parsed(unit).parent or "")
    if (unit, instr.clause.lang) in inserted:
        problem = "the order inserts this unit twice"
    elif there:
        problem = f"insert of a unit that is already in the act [{', '.join(there)}]"
    elif (
        parent in fold.known
        and _gone(cur := fold.current(parent, instr.clause.lang))
        and cur.changed_by != event.id
    ):
        problem = f"insert into {parent}, which is {cur.state}" + (
            f" since order {cur.changed_by}" if cur.changed_by else ""
        )
    else:
        return True
    not_applied(fold, event, instr, f"{problem}; not applied")
    return False
