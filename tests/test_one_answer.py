"""One answer everywhere: the CLI, the search hits and the site say what ``query.answer`` says.

A property test (hypothesis) over every unit × language × a sample of dates, on the seeds and
on a synthetic corpus (``benchmarks/synth.py``, made-up legal text: synthetic). Each project is
built once with ``normbase build`` (knowledge base, search index, site); then, for each date
drawn, every unit in both languages is checked on every surface against
``answer(timeline, date, act_start)``:

- the CLI: ``show --json`` (the unit's own answer) and the search hits as ``search`` prints
  them (``answers.search_hit`` over the index's documents), and, once per date, the real
  ``show`` and ``search`` commands for one unit;
- the site: the unit's cell on the act page — as of the latest source the page's static HTML;
  on a date what ``act.js`` draws from the act's ``timelines.js`` (the interval holding the
  date, its version, the date asked written where the reason names it), which is also what
  the history panel and its "compare two dates" show — and the client search index's status
  for the date (``search.js``'s ``statusOn``);
- status, wording and interval (the version's start and end windows, "≥" kept) must agree;
  so must the reason on the site.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import load_synth
from normbase.answers import breakpoints, search_hit
from normbase.cli import main
from normbase.indexing import search_docs
from normbase.pipeline import build
from normbase.query import answer
from normbase.site.act_data import read_timelines
from normbase.site.search_shards import versions as search_versions
from normbase.units import compose

ROOT = Path(__file__).resolve().parents[1]

_ARTICLE = re.compile(r'<article class="[^"]*" id="([^"]+)"(.*?)</article>', re.S)
_CELL = re.compile(r'<div class="cell status-(\w+)" lang="(kk|ru)">(.*?)</div>', re.S)
_WORDING = re.compile(r'<p class="wording">(.*?)</p>', re.S)
_WHEN = r'<span class="when[^"]*"(?: (?:title|data-w)="[^"]*")?>(.*?)</span>'
_SINCE = re.compile(r'<span class="from">as of the latest source, since (?:' + _WHEN + "|the act took effect)")
_UNTIL = re.compile(r", until " + _WHEN)
_REASON = re.compile(r'<p class="reason" lang="en">(.*?)</p>', re.S)
_TIME = re.compile(r'<time class="nb-on" datetime="[^"]*">[^<]*</time>')


@dataclass
class Project:
    root: Path
    kb: object
    site: Path
    docs: dict = field(default_factory=dict)      # (act, address, lang) → [SearchDoc]
    client: dict = field(default_factory=dict)    # (act, address, lang) → [client doc]
    pages: dict = field(default_factory=dict)     # page path → {(address, lang): cell}


def _built(root: Path) -> Project:
    result = CliRunner().invoke(main, ["--root", str(root), "build"])
    assert result.exit_code == 0, result.output
    kb = build(root)
    p = Project(root, kb, root / "out" / "site")
    for d in search_docs(kb):
        p.docs.setdefault((d.act, d.address, d.lang), []).append(d)
    files = {f.relative_to(p.site).as_posix(): f.read_text(encoding="utf-8")
             for kind in ("r", "x") for f in (p.site / "static" / "search" / kind).glob("*.js")}
    for d in search_versions(files):   # every unit version of the site's search (search_shards.py)
        p.client.setdefault((d["a"], d["u"], d["l"]), []).append(d)
    return p


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    import shutil
    root = tmp_path_factory.mktemp("one-answer-seeds")
    for sub in ("corpus", "amendments", "site"):
        shutil.copytree(ROOT / sub, root / sub)
    return _built(root)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-answer-synth")
    load_synth().generate(3, 3, 5, root, repeal_every=3)   # synthetic acts and orders, made up
    return _built(root)


_TAG = re.compile(r"<[^>]+>")


def cells(p: Project, path: str) -> dict:
    """The cells of an act page: (address, lang) → what the cell says."""
    if path not in p.pages:
        out = {}
        for address, body in _ARTICLE.findall((p.site / path).read_text(encoding="utf-8")):
            for status, lang, cell in _CELL.findall(body):
                since, until = _SINCE.search(cell), _UNTIL.search(cell)
                reason = _REASON.search(cell)
                paras = [html.unescape(_TAG.sub("", x)) for x in _WORDING.findall(cell)]   # reference links are markup
                out[(address, lang)] = {
                    "status": status, "text": "\n".join(paras) if paras else None,
                    "from": html.unescape(since.group(1)) if since and since.group(1) else None,
                    "to": html.unescape(until.group(1)) if until else None,
                    "reason": reason.group(1) if reason else "",
                }
        p.pages[path] = out
    return p.pages[path]


def timelines(p: Project, act: str) -> dict:
    """The act's ``timelines.js`` data: (address, lang) → {"v": versions, "i": intervals}."""
    key = f"acts/{act}/timelines.js"
    if key not in p.pages:
        text = (p.site / key).read_text(encoding="utf-8")
        data = read_timelines(text, (p.site / f"acts/{act}/index.html").read_text(encoding="utf-8"))
        p.pages[key] = {(u["a"], lang): u[lang] for u in data["units"] for lang in ("kk", "ru")}
    return p.pages[key]


def dated_cell(p: Project, act: str, address: str, lang: str, on: date) -> dict:
    """What ``act.js`` shows for the unit on ``on``: the interval holding the day, its version."""
    unit = timelines(p, act)[(address, lang)]
    day = on.isoformat()
    x = next(x for x in unit["i"] if (x[0] is None or x[0] <= day) and (x[1] is None or day < x[1]))
    v = unit["v"][x[2]]
    return {"status": x[3], "text": v["x"] if x[6] else None, "from": v["f"][0] if v["f"] else None,
            "to": v["t"][0] if v["t"] else None, "reason": x[4].replace("\ue000", day), "version": x[2]}


def window(w) -> str | None:
    return None if w is None else w["text"]


def client_status(d: dict, on: date | None):
    if on is None:
        return d["c"]
    status = None
    for day, s in d["z"]:
        if day <= on.isoformat():
            status = s
    return status


def check_date(p: Project, on: date | None) -> int:
    """Every unit × language of every act on ``on``: all surfaces agree with ``answer``."""
    checked = 0
    for h in p.kb.histories:
        for lang in ("kk", "ru"):
            view = cells(p, f"acts/{h.act}/index.html") if on is None else None
            for address in h.addresses:
                t = h.timeline(address, lang)
                want = answer(t, on, h.start)
                j = want.to_json()
                where = (h.act, address, lang, str(on))
                # the CLI's show: the unit's own answer
                shown = compose(p.kb, h, address, lang, on)
                own = shown["units"][0] if "units" in shown else shown
                assert (own["status"], own["text"], own["valid_from"], own["valid_to"], own["reason"]) == \
                       (j["status"], j["text"], j["valid_from"], j["valid_to"], j["reason"]), where
                # the site's cell: the static page as of the latest source, else what act.js draws
                if view is not None:
                    c = view[(address, lang)]
                    reason = html.unescape(_TIME.sub(str(on), c["reason"]))
                else:
                    c = dated_cell(p, h.act, address, lang, on)
                    reason = c["reason"]
                    assert c["version"] == want.version, where      # the history panel's answer too
                assert (c["status"], c["text"], c["from"], c["to"], reason) == \
                       (want.status, want.text, window(j["valid_from"]), window(j["valid_to"]), want.reason), where
                # the search hits (CLI) and the client search index (site)
                hits = [d for d in p.docs.get((h.act, address, lang), ())
                        if on is None or ((d.valid_from is None or d.valid_from <= on) and (d.valid_to is None or on < d.valid_to))]
                said = [s for d in hits if (s := search_hit(h, d, on)) is not None and s["status"] != "superseded"]
                client = [(d, s) for d in p.client.get((h.act, address, lang), ())
                          if (s := client_status(d, on)) not in (None, "superseded")
                          and (on is None or ((not d["f"] or d["f"] <= str(on)) and (not d["t"] or str(on) < d["t"])))]
                if want.text is None:
                    assert said == [] and client == [], where
                    continue
                assert len(said) == 1 and len(client) == 1, where
                s, (cd, cs) = said[0], client[0]
                assert (s["status"], window(s["valid_from"]), window(s["valid_to"]), s["reason"]) == \
                       (want.status, window(j["valid_from"]), window(j["valid_to"]), want.reason), where
                assert (cs, cd["x"], cd["w"]) == (want.status, want.text, [window(j["valid_from"]), window(j["valid_to"])]), where
                checked += 1
    return checked


def cli_agrees(p: Project, on: date, pick: int) -> None:
    """The real commands, for one unit with a wording on ``on``: ``show`` and ``search``."""
    h = p.kb.histories[pick % len(p.kb.histories)]
    units = [(a, l) for a in h.addresses for l in ("kk", "ru") if answer(h.timeline(a, l), on, h.start).text]
    if not units:
        return
    address, lang = units[pick % len(units)]
    want = answer(h.timeline(address, lang), on, h.start).to_json()
    run = CliRunner()
    base = ["--root", str(p.root)]
    out = run.invoke(main, base + ["show", h.act, address, "--on", str(on), "--lang", lang, "--json"])
    assert out.exit_code == 0, out.output
    shown = json.loads(out.stdout)
    own = shown["units"][0] if "units" in shown else shown
    assert (own["status"], own["text"], own["valid_from"], own["reason"]) == \
           (want["status"], want["text"], want["valid_from"], want["reason"])
    words = [w for w in re.findall(r"[^\W\d_]{4,}", want["text"]) if w not in ("AND", "OR")][:3]
    if not words:
        return
    out = run.invoke(main, base + ["search", " ".join(words), "--on", str(on), "--lang", lang, "--act", h.act,
                                   "--limit", "1000", "--json"])
    assert out.exit_code == 0, out.output
    hit = [x for x in json.loads(out.stdout) if x["address"] == address]
    assert len(hit) == 1, (address, words)
    assert (hit[0]["status"], hit[0]["text"], hit[0]["valid_from"], hit[0]["valid_to"], hit[0]["reason"]) == \
           (want["status"], want["text"], want["valid_from"], want["valid_to"], want["reason"])


def dates_for(p: Project):
    days = sorted({d for h in p.kb.histories for d in breakpoints(h)})
    near = [d + timedelta(days=k) for d in days for k in (-1, 0, 1)]
    return st.one_of(st.sampled_from(near), st.dates(days[0] - timedelta(days=400), days[-1] + timedelta(days=900)))


SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data())
def test_every_surface_gives_the_answer_on_the_seeds(seeds, data):
    on = data.draw(dates_for(seeds), label="date")
    check_date(seeds, on)
    cli_agrees(seeds, on, data.draw(st.integers(0, 10_000), label="unit"))


@SETTINGS
@given(data=st.data())
def test_every_surface_gives_the_answer_on_a_synthetic_corpus(synthetic, data):
    on = data.draw(dates_for(synthetic), label="date")
    check_date(synthetic, on)
    cli_agrees(synthetic, on, data.draw(st.integers(0, 10_000), label="unit"))


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_as_of_the_latest_source_and_on_every_breakpoint(corpus, request):
    p = request.getfixturevalue(corpus)
    assert check_date(p, None) > 20
    for day in sorted({d for h in p.kb.histories for d in breakpoints(h)}):
        assert check_date(p, day) > 0
