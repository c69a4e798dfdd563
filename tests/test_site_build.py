"""How the site is built at scale: jobs on several processes, unit rows rendered once and
pasted into every act page, the fast tag scanner, checks that still catch what they must.

Tests of the pages themselves are in ``test_site.py``.
"""

from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from site_projects import read_tree, copy_seed_project, make_markup_project  # noqa: E402

from normbase.errors import InputError  # noqa: E402
from normbase.pipeline import build  # noqa: E402
from normbase.site import build as site_build  # noqa: E402
from normbase.site import build_site  # noqa: E402
from normbase.site.links import combine, scan  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb():
    return build(ROOT)


@pytest.fixture(scope="module")
def serial_site(kb, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "site"
    build_site(kb, ROOT, out, workers=1)
    return read_tree(out)


def test_two_processes_build_the_same_bytes_as_one(tmp_path, monkeypatch):
    """A synthetic corpus of four acts (the seeds hold one): the site built by this process
    and a forked child equals the site built by one process, byte for byte."""
    from conftest import load_synth

    synth = load_synth()
    project = tmp_path / "synthetic"
    synth.generate(4, 2, 1, project, site=None)
    shutil.copytree(ROOT / "site", project / "site")
    kb = build(project)
    build_site(kb, project, tmp_path / "serial", workers=1)
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 0)     # four acts are too few to use a child otherwise
    calls = []
    real_run = site_build.parallel.run_queue

    def counting_run(jobs, work, shared, children, send=None):
        made = work.__self__._overview is not None  # the overview's kb-wide inputs, made before a fork
        calls.append((len(jobs), children, made))
        return real_run(jobs, work, shared, children, send)

    monkeypatch.setattr(site_build.parallel, "run_queue", counting_run)
    build_site(kb, project, tmp_path / "parallel", workers=2)
    assert calls == [(5, 1, True)]              # the overview and four acts: this process and one child
    serial, parallel = read_tree(tmp_path / "serial"), read_tree(tmp_path / "parallel")
    assert len(serial) > 30 and sorted(parallel) == sorted(serial)
    assert [p for p in parallel if parallel[p] != serial[p]] == []


def test_the_queue_holds_every_job_once_the_overview_first(kb):
    jobs = site_build._jobs(kb)
    queue = site_build._heaviest_first(kb, jobs)
    assert sorted(queue) == sorted(jobs) and queue[0] == ("overview", None)


def test_the_act_page_and_its_timelines_show_each_date(serial_site):
    """One page per act: p10 in Russian is order 40's wording as of the latest source on the
    page, and unknown on 2015-08-26 in its timelines (issue 5)."""
    from normbase.site.act_data import read_timelines
    latest = serial_site["acts/583-2007/index.html"].decode()
    block = latest[latest.index('id="rules.p10"'):].split("</article>")[0]
    assert "status-unknown" not in block.split('lang="ru"', 1)[1]
    text = serial_site["acts/583-2007/timelines.js"].decode()
    data = read_timelines(text, latest)
    ru = next(u for u in data["units"] if u["a"] == "rules.p10")["ru"]
    x = next(x for x in ru["i"] if x[0] is not None and x[0] <= "2015-08-26" < (x[1] or "9"))
    assert x[3] == "unknown"


class _Reference(HTMLParser):
    """The standard library's parser, as a reference for ``scan``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif name in ("href", "src"):
                self.links.append((name, value))
            elif name == "content" and tag == "meta" and "url=" in value.lower():
                self.links.append((name, value.split("=", 1)[1].strip()))


@pytest.mark.parametrize("which", ["seeds", "markup"])
def test_the_fast_scanner_finds_what_html_parser_finds(which, serial_site, tmp_path):
    if which == "seeds":
        site = serial_site
    else:
        project = make_markup_project(tmp_path / "p")
        build_site(build(project), project, tmp_path / "s", workers=1)
        site = read_tree(tmp_path / "s")
    pages = [p for p in site if p.endswith(".html")]
    assert len(pages) > 10
    for path in pages:
        html = site[path].decode("utf-8")
        ref = _Reference()
        ref.feed(html)
        s = scan(html)
        assert (s.ids, sorted(s.links)) == (ref.ids, sorted(ref.links)), path
        assert s.balanced and s.title and s.html_lang, path


@pytest.mark.parametrize("html, expect", [
    ('<div><p>a</p></div>', {"balanced": True}),
    ('<div><span>a</div>', {"errors": ["<span> not closed before </div>"]}),
    ('<div>a', {"open_tags": ["div"]}),
    ('a</div>', {"closes_outside": ["div"]}),
    ('<script>if (a <b) x = "<div>";</script><p id="x">', {"ids": ["x"], "balanced": True}),
    ('<a href="a.html?x=1&amp;y=2#frag">', {"links": [("href", "a.html?x=1&y=2#frag")]}),
    ('<img src="i.png"><br/><input id="q">', {"ids": ["q"], "balanced": True}),
])
def test_the_scanner_table(html, expect):
    s = scan(html)
    for key, value in expect.items():
        assert getattr(s, key) == value, (html, key)


def _project_with_row(tmp_path: Path, old: str, new: str) -> Path:
    project = copy_seed_project(tmp_path / "p")
    row = project / "site" / "templates" / "row.html"
    text = row.read_text(encoding="utf-8")
    assert old in text
    row.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.mark.parametrize("old, new, message", [
    ('<div class="cells">', '<div class="cells"><a href="#no-such-unit">x</a>', "broken anchor"),
    ('<div class="cells">', '<div class="cells"><span>', "<span> not closed before </div>"),
    ('<div class="cells">', '<div class="cells"><a href="../../../orders/no-such-order.html">x</a>', "broken link"),
])
def test_a_defect_in_a_shared_row_fails_the_build_and_keeps_the_previous_site(kb, tmp_path, old, new, message):
    project = _project_with_row(tmp_path, old, new)
    out = tmp_path / "site"
    build_site(kb, ROOT, out, workers=1)
    before = read_tree(out)
    with pytest.raises(InputError, match=message):
        build_site(kb, project, out, workers=1)
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_two_pages_at_one_path_fail_the_build(kb, tmp_path, monkeypatch):
    real = site_build._prose
    monkeypatch.setattr(site_build, "_prose", lambda d: real(d) + real(d)[:1])
    with pytest.raises(InputError, match="two pages at"):
        build_site(kb, ROOT, tmp_path / "site", workers=1)
    assert not (tmp_path / "site").exists()


_TAGS = st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<li>", "</li>", "<br>", "</br>",
                         '<a href="x.html">', "</a>", '<b id="i">', "</b>", "text", "<script>a<b</script>"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TAGS, max_size=30), st.lists(st.integers(0, 30), max_size=6))
def test_scanning_pieces_and_combining_is_scanning_the_whole(tokens, cuts):
    """The site checks each distinct piece once and combines: the verdict, the open tags,
    the ids and the links must be those of scanning the page whole."""
    html = "".join(tokens)
    bounds = sorted({0, len(tokens), *(c for c in cuts if c <= len(tokens))})
    pieces = ["".join(tokens[a:b]) for a, b in zip(bounds, bounds[1:])]
    whole, parts = scan(html), combine(scan(p) for p in pieces)
    assert (parts.ids, parts.links) == (whole.ids, whole.links)
    assert parts.balanced == whole.balanced
    assert bool(parts.errors or parts.closes_outside) == bool(whole.errors or whole.closes_outside)
    if not whole.errors:
        assert parts.stack == whole.stack


def test_the_links_in_timelines_js_are_checked(kb, tmp_path, monkeypatch):
    """The links act.js draws from an act's data (sources, cited lines, references, citing
    units) are checked with the whole site: a broken one fails the build."""
    from normbase.site import act_data

    h = kb.history("583-2007")
    links = act_data.data_links(act_data.timelines_data(kb, h))
    assert any("?lines=" in u for u in links) and any(u.startswith("../../orders/") for u in links)
    real = site_build.timelines_js

    def broken(kb_, h_, answers=None):
        data, found = real(kb_, h_, answers)
        return data, found + ["../../sources/583-2007/ru.html#L999999"]

    monkeypatch.setattr(site_build, "timelines_js", broken)
    with pytest.raises(InputError, match="broken anchor.*L999999"):
        build_site(kb, ROOT, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_rebuild_keeps_the_files_of_an_unchanged_act(tmp_path):
    """Two acts (the seed's and a synthetic one); after one order of the synthetic act
    changes, the rebuild rewrites that act's files and keeps the seed act's (same bytes: the
    previous file, not rewritten) — and the site is the one a fresh build gives."""
    project = make_markup_project(tmp_path / "p")
    shutil.copytree(ROOT / "corpus" / "583-2007", project / "corpus" / "583-2007")
    for order in ("40-2016", "488-2015", "78-2022"):
        shutil.copytree(ROOT / "amendments" / order, project / "amendments" / order)
    out = project / "site-out"
    first = build_site(build(project), project, out)
    assert first["kept"] == 0
    stamp = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    seed = [out / "acts/583-2007/index.html", out / "acts/583-2007/timelines.js", out / "orders/488-2015.html"]
    changed = [out / "acts/7-2010/index.html", out / "acts/7-2010/timelines.js", out / "orders/11-2012.html"]
    meta = project / "amendments" / "11-2012" / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published = 2012-03-06", "published = 2012-03-09"),
                    encoding="utf-8")
    second = build_site(build(project), project, out)
    now = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert all(now[p] == stamp[p] for p in seed)                      # kept: the same file
    assert all(now[p] != stamp[p] for p in changed)                   # rewritten
    assert 0 < second["kept"] < second["files"]
    fresh = tmp_path / "fresh"
    build_site(build(project), project, fresh)
    assert read_tree(fresh) == read_tree(out)


def test_an_act_job_lets_go_of_what_it_remembered_for_its_act(kb, tmp_path, monkeypatch):
    """Memory does not grow with the acts a process renders: after each act job the paths its
    link check resolved and the pairs of wordings it compared are forgotten (their keys name the
    act's folders and hold its texts). Checked right after the job, before the next one."""
    from normbase import align
    from normbase.site import links

    left: list[tuple[int, int]] = []
    job = site_build._Renderer.job

    def watched(self, j):
        result = job(self, j)
        if j[0] == "act":
            left.append((align.compare.cache_info().currsize, links._target.cache_info().currsize))
        return result

    monkeypatch.setattr(site_build._Renderer, "job", watched)
    build_site(kb, ROOT, tmp_path / "site", workers=1)
    assert left and all(n == (0, 0) for n in left), left
