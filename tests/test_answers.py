"""``normbase.answers``: the dates every surface asks ``query.answer`` about, and what the CLI's
``show`` and ``search`` say on the date asked (the seeds). The cross-surface property test is
``test_one_answer.py``; the site in a browser, ``tests/browser``."""

from __future__ import annotations

import tempfile

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from normbase.answers import ON_MARK, SUPERSEDED, asked, breakpoints, fill, intervals, search_hit
from normbase.cli import main
from normbase.indexing import search_docs
from normbase.pipeline import build
from normbase.query import answer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb():
    return build(ROOT)


_OUT = Path(tempfile.mkdtemp(prefix="nb-answers-out-"))   # never the checkout's own out/ (it may be stale or foreign)


def run(*args: str):
    result = CliRunner().invoke(main, ["--root", str(ROOT), "--out", str(_OUT), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_states_the_date_asked():
    text = run("show", "583", "rules.p7.sp5", "--on", "2016-06-01")
    assert text.startswith("583-2007 rules.p7.sp5 on 2016-06-01")
    assert "if order 488-2015 was in force on 2016-06-01" in text and "2016-01-29" not in text
    data = json.loads(run("show", "583", "rules.p7.sp5", "--on", "2016-06-01", "--lang", "kk", "--json"))
    assert data["on"] == "2016-06-01" and "in force on 2016-06-01" in data["reason"]


def test_a_search_hit_has_the_status_show_gives_on_that_date():
    hits = json.loads(run("search", "методические объединения", "--on", "2010-01-01", "--limit", "50", "--json"))
    p31 = next(h for h in hits if h["address"] == "rules.p31")
    shown = json.loads(run("show", "583", "rules.p31", "--on", "2010-01-01", "--lang", "ru", "--json"))
    assert p31["status"] == shown["status"] == "uncertain"        # was "in force from 2008-02-01"
    assert p31["reason"] == shown["reason"] and p31["valid_from"] == shown["valid_from"]
    text = run("search", "методические объединения", "--on", "2010-01-01", "--limit", "50")
    line = next(x for x in text.splitlines() if x.startswith("583-2007 rules.p31 [ru]"))
    assert " uncertain " in line and "in_force" not in line


def test_without_a_date_a_hit_has_the_status_as_of_the_latest_source():
    hits = json.loads(run("search", "олимпиада", "--json"))
    for h in hits:
        shown = json.loads(run("show", h["act"], h["address"], "--lang", h["lang"], "--json"))
        shown = shown["units"][0] if "units" in shown else shown
        assert (h["status"], h["valid_from"], h["reason"]) == (shown["status"], shown["valid_from"], shown["reason"])


def test_a_hit_keeps_the_greater_or_equal_of_an_uncertain_bound():
    text = run("search", "олимпиада", "--on", "2016-06-01", "--lang", "kk")
    assert "uncertain  ≥ 2015-08-26 → the latest source" in text
    assert "why: the wording of order 488-2015, if order 488-2015 was in force on 2016-06-01" in text


def test_a_former_wording_found_without_a_date_is_superseded(kb):
    h = kb.history("583-2007")
    t = h.timeline("rules.p10", "kk")
    old = next(d for d in search_docs(kb) if (d.address, d.lang) == ("rules.p10", "kk"))
    assert answer(t, None, h.start).version != old.version
    said = search_hit(h, old, None)
    assert said["status"] == SUPERSEDED and said["valid_from"]["text"] == "≥ 2015-08-26"
    assert "as of the latest source the answer is unknown" in said["reason"]
    assert search_hit(h, old, date(2015, 9, 1))["status"] == "uncertain"
    assert search_hit(h, old, date(2030, 1, 1)) is None            # not the answer on that day: not shown


def test_an_asked_date_marks_where_the_reason_names_it(kb):
    h = kb.history("583-2007")
    t = h.timeline("rules.p7.sp5", "kk")
    day = date(2016, 6, 1)
    marked = answer(t, asked(day), h.start)
    plain = answer(t, day, h.start)
    assert ON_MARK in marked.reason and ON_MARK not in plain.reason
    assert fill(marked.reason, day) == plain.reason
    assert marked.to_json()["on"] == "2016-06-01" and marked.status == plain.status


def test_breakpoints_hold_every_window_and_proven_from(kb):
    h = kb.history("583-2007")
    days = set(breakpoints(h))
    assert h.start.earliest in days
    for t in h.timelines:
        for v in t.versions:
            for w in (v.start, v.end):
                if w is not None:
                    assert w.earliest in days and (w.latest is None or w.latest in days)
            assert v.proven_from is None or v.proven_from in days
    assert date(2022, 10, 4) in days


def test_answers_do_not_change_inside_an_interval(kb):
    """Between two breakpoints answer() says the same on every day but for the date it names."""
    for h in kb.histories:
        for t in h.timelines:
            for start, until, a in intervals(t, h.start):
                first = start or (until - timedelta(days=400))
                last = (until - timedelta(days=1)) if until else first + timedelta(days=3000)
                for day in (first, first + (last - first) / 2, last):
                    b = answer(t, day, h.start)
                    assert (b.version, b.status, b.text, b.valid_from, b.valid_to) == \
                           (a.version, a.status, a.text, a.valid_from, a.valid_to), (t.address, t.lang, day)
                    assert b.reason == fill(a.reason, day), (t.address, t.lang, day)


def test_the_act_data_marks_where_a_reason_names_the_date(tmp_path, kb):
    """timelines.js holds each interval's answer asked with ``Asked``: where the reason names
    the date asked it holds ON_MARK, which the page's script fills with the reader's date
    (tests/browser); the static page (as of the latest source) holds no mark."""
    from normbase.site import build_site
    out = tmp_path / "site"
    build_site(kb, ROOT, out)
    text = (out / "acts/583-2007/timelines.js").read_text(encoding="utf-8")
    from normbase.site.act_data import read_timelines
    data = read_timelines(text, (out / "acts/583-2007/index.html").read_text(encoding="utf-8"))
    sp5 = next(u for u in data["units"] if u["a"] == "rules.p7.sp5")["kk"]["i"]
    x = next(x for x in sp5 if x[0] and x[0] <= "2016-01-29" < (x[1] or "9"))
    assert f"if order 488-2015 was in force on {ON_MARK}" in x[4]
    assert "was in force on 2016-01-29" not in text                 # the date asked is always the mark
    page = (out / "acts/583-2007/index.html").read_text(encoding="utf-8")
    assert ON_MARK not in page and "as of the latest source" in page


def test_history_gives_for_each_version_the_answers_show_gives():
    data = json.loads(run("history", "583", "rules.p10", "--lang", "ru", "--json"))
    data = data[0] if isinstance(data, list) else data
    seen = 0
    for v in data["versions"]:
        for x in v["answers"]:
            if x["from"] is None:
                continue
            shown = json.loads(run("show", "583", "rules.p10", "--lang", "ru", "--on", x["from"], "--json"))
            assert (shown["status"], shown["valid_from"]) == (x["status"], v["from"])
            assert shown["reason"] == x["reason"].replace("that day", x["from"])
            seen += 1
    assert seen >= 4
    assert "answer: 2016-01-29 to 2022-10-03: uncertain; from 2022-10-04 on: uncertain" in run("history", "583", "rules.p10")
