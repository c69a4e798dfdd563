"""Consolidated texts in the fold: which orders each one already holds, and its wording.

reads: the consolidated texts of an act (``Snapshot``: a tree, its language and date), the
amending orders (``OrderEvent``) and what each text's footnotes name; writes: versions into
the fold of ``timelines.py``.

A consolidated text proves its wording on its own date (``as_of``). An act may have several,
in one language or both: they are laid over the timelines oldest first, and the fold runs in
stages (``stages``):

- the orders a text holds are folded before it: those its footnotes name, and those that
  entered into force on or before its date (a text of unknown date: every order left);
- its wording is laid over theirs (``overlay``); an order entering into force after its date
  applies on top of it, before the next text;
- an order whose place cannot be proven — not named by the footnotes, and its window reaches
  past the text's date (or, that date unknown, past the latest order the footnotes name) — is
  folded before it, and the wording of every unit it changed is ``contested``: ``answer`` says
  ``uncertain`` and names both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from normbase.dates import DateWindow, find_dates
from normbase.footnotes import ChangeKind, parse_footnote
from normbase.sources import Source
from normbase.tree import Node, own_text, tree_units
from normbase.versions import ABSENT, DELETED, TEXT, Finding, OrderEvent, SourceRef, Version
from normbase.model.address import parsed, within


@dataclass(frozen=True)
class Snapshot:
    """One consolidated text of an act: current on ``as_of`` (None: unknown)."""

    lang: str
    source: Source
    tree: Node
    file: str
    as_of: date | None


def as_snapshots(snapshots) -> list[Snapshot]:
    """``snapshots`` as a list, oldest first (unknown dates last); a dict lang → (source, tree,
    file) is one text per language, dated by the act's ``snapshot_as_of``."""
    if isinstance(snapshots, dict):
        snapshots = [
            Snapshot(lang, source, tree, file, source.snapshot_as_of)
            for lang, (source, tree, file) in sorted(snapshots.items())
        ]
    return sorted(snapshots, key=lambda s: (s.as_of is None, s.as_of or date.max, s.lang))


FootnoteChange = tuple[str, str, ChangeKind, str]  # (unit, order id, kind, footnote text)


def footnote_changes(snapshot: Snapshot) -> list[FootnoteChange]:
    """Every change the text's footnotes name."""
    out = []
    for node in snapshot.tree.walk():
        for note in node.notes:
            for change in parse_footnote(note.text, snapshot.lang).changes:
                out.append((node.address, change.order.act_id, change.kind, note.text))
    return out


def all_footnote_changes(snapshots: list[Snapshot]) -> list[FootnoteChange]:
    """The changes named by the footnotes of every text, each (unit, order, kind) once."""
    seen: dict[tuple, FootnoteChange] = {}
    for snapshot in snapshots:
        for change in footnote_changes(snapshot):
            seen.setdefault(change[:3], change)
    return list(seen.values())


def stages(snapshots: list[Snapshot], events: list[OrderEvent]):
    """(orders to fold, then the texts to lay over them) in turn, and the orders left after the last."""
    remaining, out = list(events), []
    dates = list(dict.fromkeys(s.as_of for s in snapshots))
    for as_of in dates:
        group = [s for s in snapshots if s.as_of == as_of]
        cited = {c[1] for s in group for c in footnote_changes(s)}
        held = [e for e in remaining if as_of is None or e.window.earliest <= as_of or e.id in cited]
        remaining = [e for e in remaining if e not in held]
        out.append((held, group))
    return out, remaining


def overlay(fold, group: list[Snapshot], applied: list[OrderEvent], changes: list[FootnoteChange]) -> None:
    """The texts of one date give the wording of the current interval of every unit they hold."""
    own = [c for s in group for c in footnote_changes(s)]
    cited = {c[1] for c in own}
    as_of = group[0].as_of
    proven = (
        as_of
        if as_of is not None
        else max((e.window.earliest for e in applied if e.id in cited), default=None)
    )
    open_orders = [
        e
        for e in applied
        if e.id not in cited and (proven is None or e.window.latest is None or e.window.latest > proven)
    ]
    notes_by_unit: dict[str, list[str]] = {}
    for unit, _order, _kind, note in changes:
        notes_by_unit.setdefault(unit, []).append(note)
    for snapshot in group:
        for unit, node in tree_units(snapshot.tree).items():
            _overlay_unit(fold, snapshot, unit, node, notes_by_unit, proven, open_orders)
        fold.laid[snapshot.lang] = snapshot.as_of


def _overlay_unit(
    fold, snapshot: Snapshot, unit: str, node: Node, notes_by_unit, proven, open_orders
) -> None:
    lang = snapshot.lang
    versions = fold.state[(unit, lang)]
    last = versions[-1]
    here = parsed(unit)
    vouch = tuple(n for u, ns in notes_by_unit.items() if here.is_within(parsed(u)) for n in ns)
    ref = SourceRef("snapshot", str(snapshot.source.id), lang, unit, snapshot.file, node.lines, vouch)
    text = own_text(node)
    if node.status == "deleted":  # «(исключен …)» / «алып тасталды»: the text says the unit is gone
        if last.state not in (DELETED, ABSENT):
            versions[-1] = replace(
                last,
                state=DELETED,
                text=None,
                source=ref,
                proven_from=proven,
                tainted=False,
                reason="the consolidated text shows it deleted" + (f" ({vouch[-1]})" if vouch else ""),
            )
        return
    if node.status == "not_in_force":  # «вводится в действие с …»: its wording from that day
        day = _announced_day(node)
        if day is not None and (last.start is None or last.start.earliest < day):
            fold.open(
                unit,
                lang,
                Version(
                    DateWindow.exactly(day, f"in force from {day}, as the consolidated text says"),
                    None,
                    TEXT,
                    text,
                    ref,
                    last.changed_by,
                    f"consolidated text: the unit enters into force on {day}",
                ),
            )
            return
    if last.state == TEXT and last.source and last.source.kind == "order":
        if _plain(last.text) != _plain(text):
            fold.findings.append(
                Finding(
                    "snapshot_differs",
                    "warning",
                    fold.act_id,
                    unit,
                    f"the consolidated text differs from the wording order {last.changed_by} gave",
                    last.changed_by,
                    lang,
                )
            )
        return
    if (
        last.state == TEXT
        and last.source
        and last.source.kind == "snapshot"
        and last.source.file != snapshot.file
    ):
        if _plain(last.text) == _plain(text):
            return  # an earlier consolidated text has it already: its interval goes on
        _unexplained(fold, snapshot, unit, ref, text, notes_by_unit)
        return
    if last.state in (DELETED, ABSENT) and last.changed_by:
        fold.findings.append(
            Finding(
                "deleted_but_present",
                "error",
                fold.act_id,
                unit,
                f"{last.state} by order {last.changed_by}, yet present in the consolidated text",
                last.changed_by,
                lang,
            )
        )
        return
    reason = (
        f"consolidated text; reaches back to the latest change known for this unit (order {last.changed_by})"
        if last.changed_by
        else "consolidated text; no change of this unit is recorded in the corpus"
    )
    floor = proven
    if floor is not None and last.start is not None and last.start.earliest >= floor:
        floor = None
    changed_by = {v.changed_by for v in versions}
    contested = tuple(e.id for e in open_orders if e.id in changed_by)
    if last.tainted:  # the clause that could not be read or applied, before (or perhaps after) this wording
        reason = (
            f"{reason}; "
            f"{'if the consolidated text predates it' if contested else 'it gives the wording after'}: "
            f"{last.reason}"
        )
    versions[-1] = replace(
        last,
        state=TEXT,
        text=text,
        source=ref,
        reason=reason,
        proven_from=floor,
        contested=contested,
        tainted=False,
    )


_ANNOUNCED = re.compile(r"вводится\s+в\s+действие\s+с|бастап\s+қолданысқа\s+енгізіледі", re.I)


def _announced_day(node: Node) -> date | None:
    """The day a note of the unit says it enters into force («вводится в действие с 01.01.2024»)."""
    for note in node.notes:
        m = _ANNOUNCED.search(note.text)
        if m:
            near = find_dates(note.text[max(0, m.start() - 40) : m.end() + 40])
            if near:
                return near[0][0]
    return None


def _unexplained(fold, snapshot: Snapshot, unit: str, ref: SourceRef, text: str, notes_by_unit) -> None:
    """Two consolidated texts differ where no amending act in the corpus changed the unit: the
    later wording from a day between the two texts' dates (a window), the change found."""
    before = fold.laid.get(snapshot.lang)
    named = [c for c in footnote_changes(snapshot) if within(unit, c[0])]
    by = named[-1][1] if named else None
    fold.findings.append(
        Finding(
            "unexplained_change",
            "warning",
            fold.act_id,
            unit,
            f"the consolidated text of {snapshot.as_of or 'unknown date'} differs from the earlier one "
            f"of {before}, and no amending act in the corpus explains it"
            + (f" (its footnote names {by})" if by else ""),
            by,
            snapshot.lang,
            f"{snapshot.file}:{ref.lines[0]}" if ref.lines else snapshot.file,
        )
    )
    earliest = (before + timedelta(days=1)) if before else fold.start.earliest
    start = DateWindow(
        earliest,
        snapshot.as_of,
        f"changed between the consolidated texts of {before} and "
        f"{snapshot.as_of} by an act not in the corpus",
    )
    if snapshot.as_of is not None and earliest == snapshot.as_of:
        start = DateWindow.exactly(earliest, start.reason)
    fold.open(
        unit,
        snapshot.lang,
        Version(
            start, None, TEXT, text, ref, by, "consolidated text; the change is not explained by the corpus"
        ),
    )


def _plain(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()
