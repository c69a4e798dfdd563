"""Verify: automatic consolidation measured against the official consolidated texts.

reads: a knowledge base — each consolidated act's dated texts (its earlier states and its
text), the amending orders in the corpus with their instructions; writes: ``PairReport``
values (plain data for ``normbase verify``).

Two consolidated texts of one act in one language that bracket amending orders of the corpus
are a ground truth: the orders applied to the earlier text (the same fold as the timelines,
``timelines.build_timelines``, with the earlier text as the only source) must give the later.
Every unit of either text is classified:

- ``exact``; ``whitespace`` (differs only in spaces or punctuation); ``differs`` (with a word
  diff); ``not_comparable`` (a wording the fold cannot give: an instruction not parsed, a text
  of the order missing in this language — the reason says which);

and a difference gets its reason: the orders' result differs from the later text, or the later
text has a change no amending act in the corpus explains (its footnote may name the act). The
act's figure is LawVM's: the character edit distance of every compared unit, summed, as a
share of the later text's length. Across the languages, the wordings the fold gives for the
same date are compared for numbers, dates, № references and percentages (``align.compare``).
"""

from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from normbase.align import compare
from normbase.query import answer, redline, render_redline
from normbase.snapshots import Snapshot, footnote_changes
from normbase.timelines import build_timelines
from normbase.tree import own_text, tree_units

EXACT, WHITESPACE, DIFFERS, NOT_COMPARABLE = "exact", "whitespace", "differs", "not_comparable"


@dataclass(frozen=True)
class UnitReport:
    address: str
    status: str
    reason: str = ""
    touched: bool = False  # an order between the two texts changed it
    distance: int = 0  # characters (Levenshtein) between the fold's wording and the later text's
    length: int = 0  # characters of the later text's wording
    diff: str | None = None  # word diff: [-removed-] {+added+}
    text: str | None = None  # the wording the fold gives


@dataclass(frozen=True)
class PairReport:
    act: str
    lang: str
    earlier: tuple[str, str]  # (file, as_of)
    later: tuple[str, str]
    orders: tuple[str, ...]  # the amending orders of the corpus between the two texts
    units: tuple[UnitReport, ...] = ()
    divergences: tuple[str, ...] = field(default=())  # kk ↔ ru, same date, after consolidation

    @property
    def edit_share(self) -> float:
        """The summed edit distance as a share of the later text's length (LawVM's figure)."""
        compared = [u for u in self.units if u.status != NOT_COMPARABLE]
        length = sum(u.length for u in compared)
        return sum(u.distance for u in compared) / length if length else 0.0

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in (EXACT, WHITESPACE, DIFFERS, NOT_COMPARABLE)}
        for u in self.units:
            out[u.status] += 1
        return out

    def to_json(self) -> dict:
        return {
            "act": self.act,
            "lang": self.lang,
            "earlier": list(self.earlier),
            "later": list(self.later),
            "orders": list(self.orders),
            "counts": self.counts(),
            "edit_share": round(self.edit_share, 6),
            "touched": {k: v for k, v in _touched_counts(self.units).items()},
            "units": [u.__dict__ for u in self.units],
            "divergences": list(self.divergences),
        }


def _touched_counts(units) -> dict[str, int]:
    out: dict[str, int] = {}
    for u in units:
        if u.touched:
            out[u.status] = out.get(u.status, 0) + 1
    return out


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def snapshots_of(kb, act: str) -> list[Snapshot]:
    """The act's consolidated texts, oldest first."""
    h = kb.history(act)
    texts = [*h.states, *(t for t in kb.texts_of(act) if t.source.kind == "consolidated")]
    return [
        Snapshot(t.lang, t.source, t.parsed.tree, t.parsed.file, (t.state or t.source.text(t.lang)).as_of)
        for t in texts
    ]


def verify(kb, act: str | None = None) -> list[PairReport]:
    """A report for every pair of consecutive consolidated texts (same language, both dated)."""
    reports = []
    for h in kb.histories:
        if act and h.act != act:
            continue
        snaps = [s for s in snapshots_of(kb, h.act) if s.as_of is not None]
        for lang in ("kk", "ru"):
            mine = sorted((s for s in snaps if s.lang == lang), key=lambda s: s.as_of or date.min)  # all set
            for earlier, later in zip(mine, mine[1:]):
                reports.append(_verify_pair(h, earlier, later))
    _cross_language(reports)
    return reports


def _between(h, earlier: Snapshot, later: Snapshot):
    cited_before = {c[1] for c in footnote_changes(earlier)}
    cited_after = {c[1] for c in footnote_changes(later)}
    return [
        e
        for e in h.orders
        if e.id not in cited_before
        and (earlier.as_of < e.window.earliest <= later.as_of or e.id in cited_after)
    ]


def _verify_pair(h, earlier: Snapshot, later: Snapshot) -> PairReport:
    events = _between(h, earlier, later)
    source = earlier.source
    timelines, _findings = build_timelines(source, {}, [earlier], events, (earlier.lang,))
    by_unit = {t.address: t for t in timelines}
    ids = {e.id for e in events}
    later_units = tree_units(later.tree)
    named: dict[str, str] = {}
    for unit, order, _kind, _note in footnote_changes(later):
        named.setdefault(unit, order)
    units = []
    for address in list(by_unit) + [a for a in later_units if a not in by_unit]:
        t = by_unit.get(address)
        got = answer(t, None, None) if t else None
        touched = bool(t and any(v.changed_by in ids for v in t.versions))
        units.append(_classify(address, got, later_units.get(address), touched, named.get(address)))
    return PairReport(
        str(source.id),
        earlier.lang,
        (earlier.file, str(earlier.as_of)),
        (later.file, str(later.as_of)),
        tuple(sorted(ids)),
        tuple(u for u in units if u is not None),
    )


def _classify(address, got, node, touched: bool, named: str | None) -> UnitReport | None:
    deleted = node is not None and node.status == "deleted"  # «(исключен …)»: no wording
    want = own_text(node) if node is not None and not deleted else None
    have = got.text if got is not None else None
    if deleted and have is None:
        return UnitReport(address, EXACT, "deleted in both", touched)
    unexplained = "a change the later text has that no amending act in the corpus explains" + (
        f" (its footnote names {named})" if named else ""
    )
    if got is not None and got.status == "unknown":
        return UnitReport(address, NOT_COMPARABLE, got.reason, touched, length=len(want or ""))
    if want is None and have is None:
        return None if not touched else UnitReport(address, EXACT, "deleted or absent in both", touched)
    if want is None:
        return UnitReport(
            address,
            DIFFERS,
            "absent from the later text (not in that source, or deleted by an act not in the corpus)",
            touched,
            distance=len(have or ""),
            length=0,
        )
    if have is None:
        why = (
            f"{got.status} after the orders, yet in the later text"
            if got is not None and touched
            else "the later text has a unit no amending act in the corpus inserted"
        )
        return UnitReport(address, DIFFERS, why, touched, distance=len(want), length=len(want))
    if have == want:
        return UnitReport(address, EXACT, "", touched, length=len(want), text=have)
    distance = Levenshtein.distance(have, want)
    if _plain(have) == _plain(want):
        return UnitReport(
            address, WHITESPACE, "spaces or punctuation only", touched, distance, len(want), text=have
        )
    reason = "the orders' result differs from the later text" if touched else unexplained
    return UnitReport(
        address, DIFFERS, reason, touched, distance, len(want), render_redline(redline(have, want)), have
    )


def _cross_language(reports: list[PairReport]) -> None:
    """Numbers, dates, № references and percentages that differ between the Kazakh and the
    Russian wording the fold gives for the same date."""
    by_date: dict[tuple[str, str], dict[str, PairReport]] = {}
    for r in reports:
        by_date.setdefault((r.act, r.later[1]), {})[r.lang] = r
    for pair in by_date.values():
        if len(pair) < 2:
            continue
        kk = {u.address: u for u in pair["kk"].units}
        notes = []
        for u in pair["ru"].units:
            other = kk.get(u.address)
            if other is not None and u.text and other.text:
                notes += [f"{u.address}: {problem}" for problem in compare(other.text, u.text)[1]]
        for r in pair.values():
            object.__setattr__(r, "divergences", tuple(notes))
