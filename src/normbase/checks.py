"""The self-check: where the sources disagree or are silent.

reads: a ``KnowledgeBase`` (trees, instructions, timelines); writes: ``Finding`` values.

Kinds of finding (severity ``error`` fails ``build --strict``):

- ``instruction_not_applicable`` (error): a missing or deleted target, words that do not occur;
- ``instruction_problem`` (error): a clause that could not be read (unknown formula …);
- ``parse_diagnostic`` (warning): text the structure parser could not classify;
- ``footnote_missing`` (warning): an order rewrote a unit (per one language's instructions)
  but the other language's consolidated text carries no footnote naming it;
- ``footnote_names_other_order`` (info): the snapshot's footnote names a later order (the
  unit changed again; the snapshot shows the later wording);
- ``footnote_without_instruction`` (warning): a footnote names an order whose text is here,
  yet that order has no instruction for the unit;
- ``deleted_but_present`` (error) / ``deleted_consistent`` (info): a deleted unit present in /
  absent from a snapshot;
- ``not_in_source`` (info): a unit absent from a consolidated excerpt with no deletion known
  — "not in the source", never "deleted";
- ``snapshot_differs`` (warning): a snapshot in the order's own language differs from it;
- ``words_several_times`` (warning): words replaced or deleted where they occur more than once
  in one unit (all occurrences changed, as legal technique reads the clause): for review;
- ``order_before_act`` (error): an order entering into force before the act it amends.

``taint_counts`` gives the two figures ``build`` ends with: the clauses that could not be read
or applied, and the answers they make unknown or uncertain.
"""

from __future__ import annotations

import re

from normbase.footnotes import parse_footnote
from normbase.clauses import Op
from normbase.timelines import Finding, unit_key
from normbase.tree import Node
from normbase.model.address import within

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _units_of(tree: Node) -> dict[str, Node]:
    return {n.address: n for n in tree.walk() if n.address}


def _footnote_orders(tree, address: str, lang: str) -> list[str]:
    """Orders named by the footnotes of a unit and of the units above it."""
    out = []
    for node in tree.walk():
        if node.address and within(address, node.address):
            for note in node.notes:
                out += [c.order.act_id for c in parse_footnote(note.text, lang).changes]
    return out


UNREAD = ("instruction_problem", "instruction_not_applicable", "order_before_act")


def taint_counts(kb, findings: list[Finding]) -> tuple[int, int]:
    """(clauses not read or not applied, unit × language timelines they leave unknown or uncertain)."""
    clauses = sum(1 for f in findings if f.kind in UNREAD)
    answers = sum(1 for h in kb.histories for t in h.timelines if any(v.tainted for v in t.versions))
    return clauses, answers


def self_check(kb, act: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for d in kb.diagnostics:
        findings.append(
            Finding("parse_diagnostic", "warning", "", "", d.message, location=f"{d.file}:{d.line}")
        )
    for oi in kb.instructions:
        for p in oi.problems:
            findings.append(
                Finding(
                    "instruction_problem",
                    "error",
                    oi.order,
                    p.clause.address,
                    p.message,
                    oi.order,
                    oi.lang,
                    f"{p.clause.file}:{p.clause.first_line}",
                )
            )
    for h in kb.histories:
        if act and h.act != act:
            continue
        findings += h.findings
        snapshots = [t for t in kb.texts_of(h.act) if t.source.kind == "consolidated"]
        for snap in snapshots:
            findings += _check_snapshot(h, snap)
    findings.sort(
        key=lambda f: (SEVERITY_RANK.get(f.severity, 3), f.act, f.kind, _addr_key(f.address), f.lang or "")
    )
    return findings


def _addr_key(address: str) -> tuple:
    return tuple((int(x) if x.isdigit() else x) for x in re.split(r"(\d+)", address))


def _check_snapshot(h, snap) -> list[Finding]:
    out: list[Finding] = []
    tree, lang = snap.parsed.tree, snap.lang
    units = _units_of(tree)
    deleted: set[str] = set()
    for event in h.orders:
        for instr in event.instructions:
            target = unit_key(instr.target)
            if instr.clause.lang == lang:
                continue
            if instr.op == Op.DELETE:
                deleted.add(target)
                if target in units:
                    continue  # reported by the fold as deleted_but_present
                out.append(
                    Finding(
                        "deleted_consistent",
                        "info",
                        h.act,
                        target,
                        f"deleted by order {event.id}; absent from the consolidated text, as it should be",
                        event.id,
                        lang,
                    )
                )
                continue
            if instr.op not in (
                Op.REPLACE,
                Op.INSERT,
                Op.REPLACE_WORDS,
                Op.DELETE_WORDS,
                Op.APPEND_WORDS,
            ) or target in ("order", "rules", "act"):
                continue
            if target not in units:
                out.append(
                    Finding(
                        "not_in_source",
                        "info",
                        h.act,
                        target,
                        f"order {event.id} [{instr.clause.lang}] changed it; the consolidated {lang} text "
                        "does not contain it (an excerpt): not in the source",
                        event.id,
                        lang,
                    )
                )
                continue
            named = _footnote_orders(tree, target, lang)
            if event.id in named:
                continue
            later = [o for o in named if o != event.id]
            if later:
                out.append(
                    Finding(
                        "footnote_names_other_order",
                        "info",
                        h.act,
                        target,
                        f"order {event.id} [{instr.clause.lang}] rewrote it; the {lang} consolidated text's "
                        f"footnote names order {', '.join(later)} instead (a later change)",
                        event.id,
                        lang,
                    )
                )
            else:
                out.append(
                    Finding(
                        "footnote_missing",
                        "warning",
                        h.act,
                        target,
                        f"order {event.id} [{instr.clause.lang}] rewrote it, "
                        f"but the {lang} consolidated text has no footnote naming any order for it",
                        event.id,
                        lang,
                    )
                )
    # footnotes naming an order whose text is here but which has no instruction for the unit
    by_order = {e.id: e for e in h.orders}
    for address, node in units.items():
        for note in node.notes:
            for change in parse_footnote(note.text, lang).changes:
                event = by_order.get(change.order.act_id)
                if event is None:
                    out.append(
                        Finding(
                            "footnote_unknown_order",
                            "warning",
                            h.act,
                            address,
                            f"the footnote names order {change.order.act_id}, which is not in amendments/",
                            change.order.act_id,
                            lang,
                            f"{snap.parsed.file}:{note.line}",
                        )
                    )
                    continue
                if not event.langs:
                    continue
                hit = any(within(unit_key(i.target), address) for i in event.instructions)
                if not hit:
                    out.append(
                        Finding(
                            "footnote_without_instruction",
                            "warning",
                            h.act,
                            address,
                            f"the footnote names order {event.id}, "
                            "but its text has no instruction for this unit",
                            event.id,
                            lang,
                            f"{snap.parsed.file}:{note.line}",
                        )
                    )
    # gaps in the numbering of the excerpt's points
    numbers = sorted(int(m.group(1)) for a in units if (m := re.fullmatch(r"rules\.p(\d+)", a)))
    reported = {f.address for f in out}
    for n in range(1, (numbers[-1] if numbers else 0) + 1):
        address = f"rules.p{n}"
        if n in numbers or address in reported:
            continue
        if address in deleted:
            continue
        out.append(
            Finding(
                "not_in_source",
                "info",
                h.act,
                address,
                f"absent from the consolidated {lang} text and no deletion is known: not in the source",
                None,
                lang,
            )
        )
    return out
