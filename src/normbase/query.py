"""Questions about timelines: the wording on a date, a unit's history, a redline diff.

reads: ``Timeline`` values; writes: ``Answer`` / ``Change`` values (plain data for the CLI,
the site and the search index).

Statuses: ``in_force`` (the wording is proven on that date), ``uncertain`` (the wording of
an order whose entry into force is known only from below: the date lies inside its window),
``unknown`` (the sources do not give the wording), ``deleted``, ``not_in_force`` (the unit
did not exist yet, or the act was not yet or no longer in force).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from normbase.dates import DateWindow
from normbase.timelines import ABSENT, DELETED, TEXT, UNKNOWN, SourceRef, Timeline, Version

IN_FORCE, UNCERTAIN, STATUS_UNKNOWN, STATUS_DELETED, NOT_IN_FORCE = (
    "in_force",
    "uncertain",
    "unknown",
    "deleted",
    "not_in_force",
)
_STATE_STATUS = {TEXT: IN_FORCE, DELETED: STATUS_DELETED, UNKNOWN: STATUS_UNKNOWN, ABSENT: NOT_IN_FORCE}


@dataclass(frozen=True)
class Answer:
    act: str
    address: str
    lang: str
    on: date | None
    status: str
    text: str | None
    valid_from: DateWindow | None
    valid_to: DateWindow | None
    source: SourceRef | None
    changed_by: str | None
    reason: str
    version: int  # index of the version in the timeline

    def to_json(self) -> dict:
        return {
            "act": self.act,
            "address": self.address,
            "lang": self.lang,
            "on": self.on.isoformat() if self.on else None,
            "status": self.status,
            "text": self.text,
            "valid_from": window_json(self.valid_from),
            "valid_to": window_json(self.valid_to),
            "source": source_json(self.source),
            "changed_by": self.changed_by,
            "reason": self.reason,
        }


def window_json(w: DateWindow | None) -> dict | None:
    if w is None:
        return None
    return {
        "earliest": w.earliest.isoformat(),
        "latest": w.latest.isoformat() if w.latest else None,
        "exact": w.exact,
        "text": str(w),
        "reason": w.reason,
    }


def source_json(s: SourceRef | None) -> dict | None:
    if s is None:
        return None
    return {
        "kind": s.kind,
        "act": s.act,
        "lang": s.lang,
        "address": s.address,
        "file": s.file,
        "lines": list(s.lines) if s.lines else None,
        "notes": list(s.notes),
        "describe": s.describe(),
    }


def window_text(w: DateWindow | None, open_end: bool = False) -> str:
    if w is None:
        return "the latest source" if open_end else "the act's entry into force"
    return str(w)


def version_index(timeline: Timeline, on: date | None) -> int:
    """The version in force on ``on`` (the latest once its earliest possible start has passed)."""
    versions = timeline.versions
    if on is None:
        return len(versions) - 1
    for i in range(len(versions) - 1, 0, -1):
        start = versions[i].start
        if start is None or start.earliest <= on:
            return i
    return 0


def answer(timeline: Timeline, on: date | None, act_start: DateWindow | None = None) -> Answer:
    """The wording of a unit on a date (``None``: as of the latest source).

    The one function every surface asks (``show``, ``history``, ``diff``, ``align``, search
    hits, the site): the status, the interval, the source and the reason come from here."""
    i = version_index(timeline, on)
    v = timeline.versions[i]
    status, reason = _STATE_STATUS[v.state], v.reason
    own = v.start is None or (v.changed_by is None and v.start == act_start)  # the act's own wording
    if on is not None and act_start is not None and on < act_start.earliest and own:
        status, reason = NOT_IN_FORCE, f"before the act took effect ({act_start})"
    elif (
        on is not None
        and own
        and v.start is not None
        and not v.start.exact
        and (v.start.latest is None or on < v.start.latest)
        and status == IN_FORCE
        and (v.proven_from is None or on < v.proven_from)
    ):
        status = UNCERTAIN
        reason = f"the act's own wording, if the act was in force on {on}: {_window_reason(v)}"
    elif (
        on is not None
        and v.start is not None
        and not own
        and not v.start.exact
        and (v.start.latest is None or on < v.start.latest)
    ):
        prev = timeline.versions[i - 1] if i else None
        before = f"; before it: {_describe(prev)}" if prev else ""
        if v.state == UNKNOWN:
            status, reason = STATUS_UNKNOWN, f"{v.reason}; {_window_reason(v)}{before}"
        else:
            status = UNCERTAIN
            what = (
                "deleted"
                if v.state == DELETED
                else "not in the act"
                if v.state == ABSENT
                else f"the consolidated text's wording, reaching back to order {v.changed_by}"
                if v.source is not None and v.source.kind == "snapshot"
                else f"the wording of order {v.changed_by}"
            )
            if v.changed_by is None:  # a change between two consolidated texts, by an act not in the corpus
                reason = (
                    f"the later consolidated text's wording, if it was already in force on {on}: "
                    f"{_window_reason(v)}{before}"
                )
            else:
                reason = (
                    f"{what}, if order {v.changed_by} was in force on {on}: it {_window_reason(v)}{before}"
                )
    if (
        on is not None
        and status in (IN_FORCE, UNCERTAIN)
        and v.start is not None
        and v.changed_by is not None
    ):
        earlier = [
            w
            for w in timeline.versions[:i]
            if w.start is not None
            and w.changed_by not in (None, v.changed_by)
            and (
                w.start.latest is None
                or w.start.latest > v.start.earliest
                or (w.start.exact and v.start.exact and w.start.earliest == v.start.earliest)
            )
        ]
        if earlier:
            status = UNCERTAIN
            same = [
                x
                for x in earlier
                if x.start is not None
                and x.start.exact
                and v.start.exact
                and x.start.earliest == v.start.earliest
            ]
            rest = [x for x in earlier if x not in same]
            why = []
            if same:
                names = list(dict.fromkeys(x.changed_by for x in same)) + [v.changed_by]
                why.append(
                    f"orders {', '.join(map(str, names[:-1]))} and {names[-1]} "
                    f"{'both' if len(names) == 2 else 'all'} entered into force on {v.start.earliest} "
                    "and changed this unit; which applies last is not proven"
                )
            if rest:
                w = rest[-1]
                why.append(
                    f"the sequence of orders is not proven: order {w.changed_by} entered into force "
                    f"on an unknown date ({w.start}), possibly after order {v.changed_by}"
                )
            reason = "; ".join([reason, *why]).lstrip("; ")
    if on is not None and v.contested and status in (IN_FORCE, UNCERTAIN):
        status = UNCERTAIN
        orders = ", ".join(v.contested)
        reason = (
            f"{reason}; the consolidated text may predate order {orders}, which changed this unit: "
            f"which wording is in force on {on} is not proven"
        ).lstrip("; ")
    if (
        on is not None
        and v.proven_from is not None
        and on < v.proven_from
        and status in (IN_FORCE, UNCERTAIN)
    ):
        status = UNCERTAIN
        reason = (
            f"{reason}; the consolidated text proves this wording as of its own date "
            f"(not before {v.proven_from}); "
            "earlier it is presumed from the absence of any recorded change — a missing footnote is no proof"
        ).lstrip("; ")
    text = (
        v.text if v.state == TEXT and status != NOT_IN_FORCE else None
    )  # no wording before the act took effect
    return Answer(
        timeline.act,
        timeline.address,
        timeline.lang,
        on,
        status,
        text,
        v.start,
        v.end,
        v.source,
        v.changed_by,
        reason,
        i,
    )


def _window_reason(v: Version) -> str:
    assert v.start is not None
    return v.start.reason or f"entered into force on an unknown date, not before {v.start.earliest}"


def _describe(v: Version | None) -> str:
    if v is None:
        return "nothing"
    if v.state == TEXT:
        return f"the wording from {v.source.describe() if v.source else 'the sources'}"
    return {DELETED: "deleted", ABSENT: "not in the act", UNKNOWN: "unknown"}[v.state]


# -- history and diff ---------------------------------------------------------------


def history(timeline: Timeline) -> list[dict]:
    rows = []
    for v in timeline.versions:
        rows.append(
            {
                "from": window_json(v.start),
                "to": window_json(v.end),
                "state": v.state,
                "text": v.text,
                "source": source_json(v.source),
                "changed_by": v.changed_by,
                "reason": v.reason,
                **({"proven_from": v.proven_from.isoformat()} if v.proven_from else {}),
            }
        )
    return rows


_WORD = re.compile(r"\S+")


def redline(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff: a list of (op, words) with op in ``=``, ``-``, ``+``."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def render_redline(ops: list[tuple[str, str]]) -> str:
    return " ".join(w if op == "=" else (f"[-{w}-]" if op == "-" else f"{{+{w}+}}") for op, w in ops)


def diff(timeline: Timeline, before: date, after: date, act_start: DateWindow | None = None) -> dict | None:
    """What changed in one unit between two dates; None when nothing did."""
    a, b = answer(timeline, before, act_start), answer(timeline, after, act_start)
    if a.version == b.version and a.status == b.status:
        return None
    row = {"address": timeline.address, "lang": timeline.lang, "from": a.to_json(), "to": b.to_json()}
    if a.text is not None and b.text is not None:
        ops = redline(a.text, b.text)
        row["redline"] = ops
        row["summary"] = "changed" if any(op != "=" for op, _ in ops) else "same wording, new source"
    elif a.status == STATUS_UNKNOWN and b.text is not None:
        row["summary"] = "earlier wording unknown"
    elif b.status == STATUS_UNKNOWN and a.text is not None:
        row["summary"] = "later wording unknown"
    elif a.status == STATUS_UNKNOWN and b.status == STATUS_UNKNOWN:
        row["summary"] = "changed; both wordings unknown"
    else:
        row["summary"] = f"{a.status} → {b.status}"
    return row
