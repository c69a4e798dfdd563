"""The act data's shortcuts say what asking on every day says.

``answers.intervals`` asks ``query.answer`` only on the days that are breakpoints of the unit's
own timeline (the act has many more); ``act_data._unpaired`` aligns the whole act on its first
day only, and on each later day only the units whose answers may have moved. Both rest on one
fact: ``answer`` changes only on a timeline's own breakpoints. Checked here against the
definitions — ``intervals_by_asking`` here (``answer`` asked on every day of the act) and
``align_act`` on every day — on the seeds, the real corpus, a synthetic corpus
(``benchmarks/synth.py``, made-up text) and timelines drawn by hypothesis; and every day of
each interval (its first, second, middle and last days) gets from ``answer`` what the interval
says.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import load_synth
from normbase.align import align_act
from normbase.answers import _same, asked, breakpoints, intervals
from normbase.dates import DateWindow
from normbase.pipeline import build
from normbase.query import answer
from normbase.site.act_data import _unpaired, data_links, read_timelines, timelines_data, timelines_js
from normbase.timelines import ABSENT, DELETED, TEXT, UNKNOWN, Timeline, Version
from normbase.versions import SourceRef
from real_corpus import REAL, SAME_STATE

ROOT = Path(__file__).resolve().parents[1]


def _days(h) -> list[date]:
    return [d for d in breakpoints(h) if d != date.min]


def intervals_by_asking(t, act_start, days: list[date]) -> list:
    """The definition ``intervals`` is held to: ``answer`` asked on every day of the act (with
    ``Asked``; the open start on the day before the first), consecutive equal answers merged."""
    days = [d for d in days if d != date.min]
    if not days:
        return [(None, None, answer(t, None, act_start))]
    out: list = []
    starts: list = [None, *days]
    for i, d in enumerate(starts):
        a = answer(t, asked(d if d is not None else days[0] - timedelta(days=1)), act_start)
        until = days[i] if i < len(days) else None
        if out and _same(out[-1][2], a):
            out[-1] = (out[-1][0], until, out[-1][2])
        else:
            out.append((d, until, a))
    return out


def _check_intervals(t, act_start, days: list[date]) -> int:
    """``intervals`` equals asking every day; ``answer`` on days inside each interval agrees."""
    fast = intervals(t, act_start, days)
    assert fast == intervals_by_asking(t, act_start, days), (t.act, t.address, t.lang)
    for start, until, a in fast:
        if a.on is None:  # no day at all: the one answer is as of the latest source, asked on no date
            assert len(fast) == 1 and not days
            continue
        first = start or ((until or date(2000, 1, 1)) - timedelta(days=500))
        last = (until - timedelta(days=1)) if until else first + timedelta(days=4000)
        for day in {first, min(first + timedelta(days=1), last), first + (last - first) / 2, last}:
            assert _same(answer(t, asked(day), act_start), a), (t.address, t.lang, day)
    return len(fast)


def _unpaired_by_aligning(h, days: list[date]) -> dict[str, list]:
    out: dict[str, list] = {}
    for i, day in enumerate(days):
        for p in align_act(h, day):
            if p.status != "paired":
                out.setdefault(p.address, []).append([i, p.status, list(p.reasons)])
    return out


def _check_kb(kb) -> tuple[int, int]:
    seen = unpaired = 0
    for h in kb.histories:
        days = _days(h)
        for t in h.timelines:
            seen += _check_intervals(t, h.start, days)
        slow = _unpaired_by_aligning(h, days)
        assert _unpaired(h, days) == slow, h.act
        unpaired += sum(map(len, slow.values()))
    return seen, unpaired


def test_the_seeds_intervals_and_pairs_are_those_of_asking_every_day():
    seen, unpaired = _check_kb(build(ROOT))
    assert seen > 100 and unpaired > 0


def test_the_file_packed_in_one_pass_holds_the_data_and_its_links():
    """``timelines_js`` writes ``packed_data`` as made; read back it is ``timelines_data``, and
    the links it reports are ``data_links`` of the unpacked data."""
    kb = build(ROOT)
    for h in kb.histories:
        text, links = timelines_js(kb, h)
        data = timelines_data(kb, h)
        assert read_timelines(text.decode()) == data
        assert links == data_links(data) and links


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real corpus is absent ({REAL}); CI has it")
def test_real_corpus_intervals_and_pairs_are_those_of_asking_every_day(tmp_path):
    from real_corpus import project

    for n, (act, (ru, kk)) in enumerate(sorted(SAME_STATE.items())):
        project(tmp_path, act, 1990 + n, ru, kk)
    kb = build(tmp_path)
    assert len(kb.histories) == len(SAME_STATE)
    seen, _ = _check_kb(kb)
    assert seen > 500


def test_a_synthetic_corpus_intervals_and_pairs_are_those_of_asking_every_day(tmp_path):
    load_synth().generate(4, 3, 5, tmp_path, repeal_every=3, site=None)  # synthetic acts and orders, made up
    seen, unpaired = _check_kb(build(tmp_path))
    assert seen > 100


# ---------------------------------------------------------------- drawn timelines

_DAY = st.integers(0, 40).map(lambda n: date(2010, 1, 1) + timedelta(days=30 * n))


@st.composite
def _windows(draw) -> DateWindow:
    earliest = draw(_DAY)
    kind = draw(st.sampled_from(["exact", "range", "open"]))
    if kind == "exact":
        return DateWindow.exactly(earliest, draw(st.sampled_from(["", "in force on the day"])))
    latest = None if kind == "open" else earliest + timedelta(days=draw(st.integers(1, 400)))
    return DateWindow(earliest, latest, draw(st.sampled_from(["", "not before the order was signed"])))


_ORDERS = st.sampled_from([None, "1-2011", "2-2012", "3-2013"])


@st.composite
def _timelines(draw) -> tuple[Timeline, DateWindow | None, list[date]]:
    act_start = draw(st.one_of(st.none(), _windows()))
    versions = []
    for i in range(draw(st.integers(1, 5))):
        state = draw(st.sampled_from([TEXT, TEXT, DELETED, UNKNOWN, ABSENT]))
        start = act_start if i == 0 and draw(st.booleans()) else draw(st.one_of(st.none(), _windows()))
        changed_by = draw(_ORDERS)
        versions.append(
            Version(
                start,
                None,
                state,
                f"wording {i}" if state == TEXT else None,
                draw(st.sampled_from([None, SourceRef("order", "1-2011", "ru", "order.p1"),
                                      SourceRef("snapshot", "9-2010", "ru", "rules.p1")])),
                changed_by,
                draw(st.sampled_from(["", "the order's text is missing"])),
                draw(st.one_of(st.none(), _DAY)),
                tuple(draw(st.lists(st.sampled_from(["2-2012", "3-2013"]), max_size=2, unique=True))),
            )
        )
    ends = [v.start for v in versions[1:]] + [None]
    versions = [v.ending(e) for v, e in zip(versions, ends)]
    t = Timeline("9-2010", "rules.p1", "ru", tuple(versions))
    extra = draw(st.lists(_DAY, max_size=6))  # the act's other breakpoints (other units, orders)
    own = {d for v in versions for w in (v.start, v.end) if w for d in (w.earliest, w.latest) if d}
    own |= {v.proven_from for v in versions if v.proven_from}
    own |= {d for d in (act_start.earliest, act_start.latest) if d} if act_start else set()
    return t, act_start, sorted(own | set(extra))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_timelines())
def test_drawn_timelines_intervals_are_those_of_asking_every_day(drawn):
    t, act_start, days = drawn
    _check_intervals(t, act_start, days)
    ivs = intervals(t, act_start, days)
    for day in days:  # every breakpoint, and the days either side of it
        for d in (day - timedelta(days=1), day, day + timedelta(days=1)):
            a = answer(t, asked(d), act_start)
            held = [x for s, e, x in ivs if (s is None or s <= d) and (e is None or d < e)]
            assert len(held) == 1 and _same(held[0], a), (d, t)
