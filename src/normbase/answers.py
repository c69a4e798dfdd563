"""One answer everywhere: what every surface (CLI, search hits, site pages) asks ``query.answer``.

reads: an act's timelines (``ActHistory``) and ``query.answer``; writes: nothing — returns
dates, ``Answer`` values and plain dicts.

``query.answer(timeline, on, act_start)`` is the one function that gives a unit's status,
wording, interval, source and reason on a date. Nothing here computes a status: the
functions below only choose the dates to ask it about, and carry what it says.

- ``breakpoints(h)``: the days on which some answer of the act may change — every version's
  window (earliest and latest day), every order's window, every ``proven_from``, the act's
  start. Between two consecutive breakpoints ``answer`` gives the same status, wording,
  interval, source and reason for every date, except that the reason may name the date
  asked (``intervals``). A static page made for one interval therefore holds for every
  date in it.
- ``Asked(day)``: a date that prints as ``ON_MARK``. ``answer(t, Asked(day))`` is the answer
  on ``day`` whose reason holds ``ON_MARK`` wherever it names the date asked, so a page
  can show the date the reader asked for (``fill``).
- ``intervals(t, act_start)``: the answers over all time, one per interval;
  ``history_answers`` groups them by version (``history``, the unit pages).
- ``hit_answer``: the answer a search hit carries (``show --on DATE``'s, or as of the latest
  source).
"""

from __future__ import annotations

from datetime import date, timedelta

from normbase.query import Answer, answer, source_json, window_json

ON_MARK = "\ue000"  # private-use character: never in a source text
SUPERSEDED = "superseded"  # a search hit's wording that is not the latest source's


class Asked(date):
    """A date that prints as ``ON_MARK`` (compares, and gives ``isoformat``, as the date)."""

    def __str__(self) -> str:
        return ON_MARK

    def __format__(self, spec: str) -> str:
        return ON_MARK if not spec else date.__format__(self, spec)

    __repr__ = __str__


def asked(day: date) -> Asked:
    return Asked(day.year, day.month, day.day)


def fill(text: str | None, day: date | str | None, unknown_day: str = "the day asked") -> str | None:
    """``text`` with the date asked written where ``ON_MARK`` stands."""
    if text is None:
        return None
    return text.replace(ON_MARK, str(day) if day is not None else unknown_day)


def _days(w) -> list[date]:
    if w is None:
        return []
    return [w.earliest] + ([w.latest] if w.latest else [])


def timeline_breakpoints(t, act_start) -> set[date]:
    days = set(_days(act_start))
    for v in t.versions:
        days.update(_days(v.start))
        days.update(_days(v.end))
        if v.proven_from is not None:
            days.add(v.proven_from)
    return days


def breakpoints(h, own: dict | None = None) -> list[date]:
    """Every day on which some answer for the act ``h`` may change, sorted (``own``: each
    timeline's ``timeline_breakpoints``, by (address, lang), if the caller has them)."""
    days = set(_days(h.start))
    for e in h.orders:
        days.update(_days(e.window))
    for t in h.timelines:
        days |= timeline_breakpoints(t, h.start) if own is None else own[(t.address, t.lang)]
    return sorted(days)


def interval_of(days: list[date], day: date) -> tuple[date | None, date | None]:
    """``[from, until)``: the interval of ``days`` that holds ``day`` (``from`` None: before the first)."""
    prev = None
    for d in days:
        if d > day:
            return prev, d
        prev = d
    return prev, None


def intervals(
    t, act_start, days: list[date] | None = None, own: set[date] | None = None
) -> list[tuple[date | None, date | None, Answer]]:
    """``(from, until, answer)`` over all time (``from`` None: before the first breakpoint,
    ``until`` None: open), one per interval of ``days`` (default: the timeline's breakpoints),
    consecutive equal answers merged; each asked with ``Asked`` on its first day (the day
    before the first breakpoint for the open start).

    ``answer`` is asked only on the days of ``days`` that are breakpoints of ``t`` itself
    (``timeline_breakpoints``): on any other day of ``days`` it gives what it gave on the
    day before, so that day's interval would be merged into the previous one anyway (an act's
    breakpoints are many, a unit's few; ``own``: ``timeline_breakpoints(t, act_start)``, if
    the caller has them). The tests hold this equal to asking on every day
    (tests/test_site_speed_equivalence.py)."""
    if days is not None and own is None:
        own = timeline_breakpoints(t, act_start)
    return _intervals(t, act_start, days, own if days is not None else None)


def _intervals(t, act_start, days, own: set[date] | None) -> list[tuple[date | None, date | None, Answer]]:
    days = sorted(timeline_breakpoints(t, act_start)) if days is None else days
    days = [d for d in days if d != date.min]  # "no lower bound" (an act without any known date) is no day
    if not days:
        return [(None, None, answer(t, None, act_start))]
    out: list[tuple[date | None, date | None, Answer]] = []
    before = asked(days[0] - timedelta(days=1))  # (the open start is asked on the day before the first)
    for d in [None, *(days if own is None else [x for x in days if x in own])]:
        a = answer(t, before if d is None else asked(d), act_start)
        if out and _same(out[-1][2], a):
            continue  # (the interval goes on)
        if out:
            out[-1] = (out[-1][0], d, out[-1][2])  # the previous interval ends where this one starts
        out.append((d, None, a))
    return out


def _same(a: Answer, b: Answer) -> bool:
    return (a.version, a.status, a.text, a.reason, a.valid_from, a.valid_to) == (
        b.version,
        b.status,
        b.text,
        b.reason,
        b.valid_from,
        b.valid_to,
    )


def hit_answer(t, act_start, version: int, on: date | None) -> Answer | None:
    """The answer a search hit for version ``version`` of ``t`` carries: ``show --on`` ``on``'s
    (None when on that day the answer is not this wording), or, without a date, the answer as
    of the latest source when the hit is its wording (None: a superseded wording)."""
    a = answer(t, on, act_start)
    if a.version != version or a.text is None:
        return None
    return a


def hit_json(t, act_start, version: int, on: date | None) -> dict:
    """status, interval, source and reason of a search hit, as ``answer`` gives them. A wording
    that is not the answer as of the latest source (only without a date) is ``superseded``:
    its interval is its version's, and the reason says what replaced it."""
    a = hit_answer(t, act_start, version, on)
    if a is not None:
        data = a.to_json()
        return {k: data[k] for k in ("status", "valid_from", "valid_to", "source", "reason", "changed_by")}
    v = t.versions[version]
    now = answer(t, on, act_start)
    return {
        "status": SUPERSEDED,
        "valid_from": window_json(v.start),
        "valid_to": window_json(v.end),
        "source": source_json(v.source),
        "changed_by": v.changed_by,
        "reason": f"a former wording; {'on ' + str(on) if on else 'as of the latest source'} the answer is "
        f"{now.status}" + (f" (from {now.valid_from})" if now.valid_from else ""),
    }


def search_hit(h, doc, on: date | None) -> dict | None:
    """What a search hit for ``doc`` (a ``SearchDoc``) says, from ``answer``; None when, on the
    date asked, the answer is not the hit's wording (the hit is then not shown)."""
    t = h.timeline(doc.address, doc.lang)
    if on is not None and hit_answer(t, h.start, doc.version, on) is None:
        return None
    return hit_json(t, h.start, doc.version, on)


def history_answers(t, act_start, ivs: list | None = None) -> list[list[dict]]:
    """For each version of ``t``, what ``answer`` says on the days it is the answer:
    ``{"from", "until", "last", "status", "reason"}`` (ISO days, ``until`` exclusive, ``last``
    the last day, None: open;
    the reason says "that day" where it names the date asked)."""
    out: list[list[dict]] = [[] for _ in t.versions]
    for start, until, a in intervals(t, act_start) if ivs is None else ivs:
        out[a.version].append(
            {
                "from": start.isoformat() if start else None,
                "until": until.isoformat() if until else None,
                "last": (until - timedelta(days=1)).isoformat() if until else None,
                "status": a.status,
                "reason": fill(a.reason, None, "that day"),
            }
        )
    return out
