"""Consolidated texts in the fold: which orders a snapshot already holds, and its wording.

reads: the consolidated texts of an act (trees), the amending orders (``OrderEvent``) and
what the snapshot's footnotes name; writes: versions into the fold of ``timelines.py``.

A consolidated text proves its wording on its own date (``snapshot_as_of``):

- the orders it holds are folded before it: those its footnotes name, and those that entered
  into force on or before its date; its wording is laid over theirs (``overlay_snapshots``);
- an order entering into force after its date applies on top of it (``split_events``);
- an order whose place cannot be proven — not named by the footnotes, and its window reaches
  past the snapshot's date (or, that date unknown, past the latest order the footnotes name) —
  is folded before it, and every wording of a unit it changed is ``contested``: ``answer``
  says ``uncertain`` and names both.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from normbase.tree import own_text, tree_units
from normbase.versions import ABSENT, DELETED, TEXT, Finding, OrderEvent, SourceRef


def _cited(footnote_changes) -> set[str]:
    return {order_id for _unit, order_id, _kind, _note in footnote_changes}


def _as_of(snapshots) -> date | None:
    return next((source.snapshot_as_of for source, _tree, _file in snapshots.values()
                 if source.snapshot_as_of is not None), None)


def split_events(snapshots, events: list[OrderEvent], footnote_changes) -> tuple[list[OrderEvent], list[OrderEvent]]:
    """(the orders the snapshot holds or may hold, the orders entering into force after it)."""
    as_of = _as_of(snapshots) if snapshots else None
    if as_of is None:
        return list(events), []
    cited = _cited(footnote_changes)
    after = [e for e in events if e.window.earliest > as_of and e.id not in cited]
    return [e for e in events if e not in after], after


def snapshot_floor(snapshots, events: list[OrderEvent], footnote_changes) -> date | None:
    """The earliest day a consolidated text is known to be current on: its ``snapshot_as_of``,
    else the earliest entry into force of the latest order its footnotes name."""
    as_of = _as_of(snapshots)
    if as_of is not None:
        return as_of
    cited = _cited(footnote_changes)
    return max((e.window.earliest for e in events if e.id in cited), default=None)


def unproven(snapshots, events: list[OrderEvent], footnote_changes) -> list[OrderEvent]:
    """The held orders whose place before the snapshot is not proven."""
    held, _after = split_events(snapshots, events, footnote_changes)
    floor, cited = snapshot_floor(snapshots, events, footnote_changes), _cited(footnote_changes)
    return [e for e in held if e.id not in cited
            and (floor is None or e.window.latest is None or e.window.latest > floor)]


def overlay_snapshots(fold, snapshots, events: list[OrderEvent], footnote_changes) -> None:
    """A snapshot gives the wording of the current interval of every unit it holds."""
    proven = snapshot_floor(snapshots, events, footnote_changes)
    open_orders = unproven(snapshots, events, footnote_changes)
    notes_by_unit: dict[str, list[str]] = {}
    for unit, _order, _kind, note in footnote_changes:
        notes_by_unit.setdefault(unit, []).append(note)
    for lang, (source, tree, file) in snapshots.items():
        for unit, node in tree_units(tree).items():
            versions = fold.state[(unit, lang)]
            last = versions[-1]
            vouch = tuple(n for u, ns in notes_by_unit.items() if unit == u or unit.startswith(u + ".") for n in ns)
            ref = SourceRef("snapshot", str(source.id), lang, unit, file, node.lines, vouch)
            text = own_text(node)
            if last.state == TEXT and last.source and last.source.kind == "order":
                if _plain(last.text) != _plain(text):
                    fold.findings.append(Finding(
                        "snapshot_differs", "warning", fold.act_id, unit,
                        f"the consolidated text differs from the wording order {last.changed_by} gave", last.changed_by, lang))
                continue
            if last.state in (DELETED, ABSENT) and last.changed_by:
                fold.findings.append(Finding(
                    "deleted_but_present", "error", fold.act_id, unit,
                    f"{last.state} by order {last.changed_by}, yet present in the consolidated text", last.changed_by, lang))
                continue
            reason = (f"consolidated text; reaches back to the latest change known for this unit (order {last.changed_by})"
                      if last.changed_by else "consolidated text; no change of this unit is recorded in the corpus")
            floor = proven
            if floor is not None and last.start is not None and last.start.earliest >= floor:
                floor = None
            changed_by = {v.changed_by for v in versions}
            contested = tuple(e.id for e in open_orders if e.id in changed_by)
            if last.tainted:   # the clause that could not be read or applied, before (or perhaps after) this wording
                reason = f"{reason}; {'if the consolidated text predates it' if contested else 'it gives the wording after'}: {last.reason}"
            versions[-1] = replace(last, state=TEXT, text=text, source=ref, reason=reason, proven_from=floor,
                                   contested=contested, tainted=False)


def _plain(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()
