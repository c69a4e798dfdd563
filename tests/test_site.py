"""The static site (``normbase.site``): built from the seeds and from a synthetic act.

Whole-site checks: every internal link and anchor resolves, every page parses, nothing
points off-site, two builds are byte-identical, a failed build leaves the previous site
as it was, text with markup in a source shows literally. Page checks: the answers the
issue names (``rules.p10`` in Russian: order 40's wording at the latest date, unknown
before; ``version_mismatch`` pairs marked; unknown wording never blank) and ``lang`` on
every Kazakh/Russian block. The browser tests are in ``tests/browser``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from site_projects import read_tree, NASTY, copy_seed_project, make_markup_project  # noqa: E402

from normbase.cli import main  # noqa: E402
from normbase.errors import InputError  # noqa: E402
from normbase.indexing import search_docs  # noqa: E402
from normbase.pipeline import build  # noqa: E402
from normbase.site import build_site  # noqa: E402
from normbase.site import build as site_build  # noqa: E402
from normbase.site.links import check_html, check_links  # noqa: E402
from normbase.search import analyze  # noqa: E402
from normbase.search.index import kazakh_words  # noqa: E402
from normbase.search.kazakh import KazakhVocabulary  # noqa: E402
from normbase.site.search_index import kazakh_endings  # noqa: E402
from normbase.site.search_merge import client_index  # noqa: E402
from normbase.site.search_shards import lookup, parse, shard, site_files, versions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ACT = "583-2007"


@pytest.fixture(scope="module")
def kb():
    return build(ROOT)


@pytest.fixture(scope="module")
def site(kb, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(kb, ROOT, out)
    return read_tree(out)


def page(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


def timelines(site: dict[str, bytes], act: str = ACT) -> dict:
    """The act's ``timelines.js``: ``NB_timelines({...});``."""
    from normbase.site.act_data import read_timelines
    return read_timelines(site[f"acts/{act}/timelines.js"].decode("utf-8"),
                          site[f"acts/{act}/index.html"].decode("utf-8"))   # (the wordings it shows)


def on(data: dict, address: str, lang: str, day: str) -> tuple[list, dict]:
    """The interval holding ``day`` and its version, as static/act.js picks them."""
    unit = next(u for u in data["units"] if u["a"] == address)[lang]
    x = next(x for x in unit["i"] if (x[0] is None or x[0] <= day) and (x[1] is None or day < x[1]))
    return x, unit["v"][x[2]]


def unit_block(html: str, address: str) -> str:
    """The <article> of one unit on an act page."""
    m = re.search(rf'<article class="[^"]*" id="{re.escape(address)}".*?</article>', html, re.S)
    assert m, f"no unit {address}"
    return m.group(0)


# ---------------------------------------------------------------- the whole site


def test_every_internal_link_and_anchor_resolves(site):
    assert check_links(site) == []


def test_every_page_parses_and_has_lang_and_title(site):
    assert check_html(site) == []
    assert sum(p.endswith(".html") for p in site) >= 13


def test_an_act_is_one_page_and_one_data_file(site):
    """No page per date or per unit: the act's folder holds its page and its timelines (its
    self-check is a section of the page); its source texts are one page per language."""
    assert sorted(p for p in site if p.startswith(f"acts/{ACT}/")) == [f"acts/{ACT}/index.html", f"acts/{ACT}/timelines.js"]
    assert [p for p in site if p.startswith(f"sources/{ACT}/")] == [f"sources/{ACT}/ru.html"]
    html = page(site, f"acts/{ACT}/index.html")
    assert '<script src="timelines.js"></script>' in html and "<noscript>" in html


def test_nothing_points_off_site(site):
    # attributes are covered by check_links; scripts and styles must not fetch anything either
    for path, data in site.items():
        if path.endswith((".js", ".css", ".html")):
            text = data.decode("utf-8")
            assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", text), path
            assert "fetch(" not in text and "XMLHttpRequest" not in text and "@import" not in text, path


def test_two_builds_are_byte_identical(kb, site, tmp_path):
    build_site(kb, ROOT, tmp_path / "again")
    again = read_tree(tmp_path / "again")
    assert sorted(again) == sorted(site)
    assert [p for p in site if site[p] != again[p]] == []


def test_a_fresh_kb_builds_the_same_site(site, tmp_path):
    build_site(build(ROOT), ROOT, tmp_path / "fresh")
    assert read_tree(tmp_path / "fresh") == site


def test_permalinks_exist(site):
    """URLs promised by docs/site.md and cite.md; changing them breaks citations."""
    for url in ("acts/583-2007/index.html?on=2016-06-01#rules.p7.sp5", "acts/583-2007/index.html#rules.p10",
                "acts/583-2007/index.html?on=2015-08-26&view=kk#rules.p10", "acts/583-2007/timelines.js",
                "orders/488-2015.html#kk-order.p1.part36", "sources/583-2007/ru.html#L105",
                "acts/583-2007/index.html", "search.html", "check.html", "cite.html"):
        path, anchor = url.split("?")[0].split("#")[0], url.partition("#")[2]
        assert path in site, url
        if anchor:
            assert f'id="{anchor}"' in page(site, path), url


def test_every_address_cite_md_promises_exists(site):
    """site/pages/cite.md writes the permalink scheme as a promise: each address it gives resolves."""
    text = (ROOT / "site" / "pages" / "cite.md").read_text(encoding="utf-8")
    urls = [u for u in re.findall(r"`((?:acts|orders|sources)/[^`<]+)`", text)]
    assert len(urls) >= 6
    for url in urls:
        path, anchor = url.split("#")[0].split("?")[0], url.partition("#")[2]
        assert path in site, url
        if anchor:
            assert f'id="{anchor}"' in page(site, path), url


def test_cli_site_and_build_write_the_site(tmp_path):
    project = copy_seed_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["--root", str(project), "site", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "every internal link and anchor checked" in result.output
    assert (tmp_path / "s" / "acts" / ACT / "index.html").is_file()
    result = CliRunner().invoke(main, ["--root", str(project), "build"])
    assert result.exit_code == 0, result.output
    assert read_tree(tmp_path / "s") == read_tree(project / "out" / "site")


# ---------------------------------------------------------------- failures leave the old site


def test_a_broken_link_fails_the_build_and_keeps_the_previous_site(kb, tmp_path):
    project = copy_seed_project(tmp_path / "p")
    out = tmp_path / "site"
    build_site(kb, project, out)
    before = read_tree(out)
    about = project / "site" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[broken](acts/583-2007/index.html#no-such-unit)\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match="broken anchor"):
        build_site(kb, project, out)
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_an_off_site_url_fails_the_build(kb, tmp_path):
    project = copy_seed_project(tmp_path / "p")
    (project / "site" / "pages" / "about.md").write_text("# About\n\n[x](https://example.com/)\n", encoding="utf-8")
    with pytest.raises(InputError, match="off-site URL"):
        build_site(kb, project, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_strict_fails_on_a_warning_and_writes_nothing(kb, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(kb, ROOT, out)
    before = read_tree(out)
    monkeypatch.setattr(site_build, "site_warnings", lambda kb_: ["x.txt:3: a parse warning"])
    assert build_site(kb, ROOT, tmp_path / "lenient")["warnings"] == ["x.txt:3: a parse warning"]
    with pytest.raises(InputError, match="--strict: 1 warnings"):
        build_site(kb, ROOT, out, strict=True)
    assert read_tree(out) == before


@pytest.mark.parametrize("html, problem", [
    ('<html lang="en"><head><title>t</title></head><body><div><p>x</div></body></html>', None),   # <p> may stay open
    ('<html lang="en"><head><title>t</title></head><body><div><span>x</div></body></html>', "<span> not closed"),
    ('<html><head><title>t</title></head><body></body></html>', "no lang"),
    ('<html lang="en"><head></head><body></body></html>', "no <title>"),
    ('<html lang="en"><head><title>t</title></head><body><p id="a"></p><p id="a"></p></body></html>', "appears twice"),
    ('<html lang="en"><head><title>t</title></head><body></section></body></html>', "</section> without"),
])
def test_the_html_check_table(html, problem):
    problems = check_html({"p.html": html.encode()})
    assert (problems == []) if problem is None else any(problem in p for p in problems), problems


# ---------------------------------------------------------------- text with markup in a source


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory) -> dict[str, bytes]:
    project = make_markup_project(tmp_path_factory.mktemp("markup") / "p")
    out = project / "out-site"
    build_site(build(project), project, out)
    return read_tree(out)


def test_markup_in_a_source_is_shown_literally(markup_site):
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;"
    act = page(markup_site, "acts/7-2010/index.html")
    assert escaped in unit_block(act, "rules.p3")
    assert escaped in act                                    # the title, from meta.toml
    data = markup_site["acts/7-2010/timelines.js"].decode("utf-8")
    assert "<" not in data                                   # JSON with "<" written \\u003c: no "</script>"
    # the wording the page shows is read back from the page (act_data.PAGE_TEXT), the markup literal
    p3 = next(u for u in timelines(markup_site, "7-2010")["units"] if u["a"] == "rules.p3")
    assert any('<script>alert(1)</script> & "quotes"' in (v["x"] or "") for lang in ("kk", "ru") for v in p3[lang]["v"])
    for path, data in markup_site.items():
        assert b"<script>alert" not in data and b"<b>bold" not in data, path
    index = "".join(v.decode("utf-8") for k, v in markup_site.items() if k.startswith("static/search/x/"))
    assert "\\u003cscript>alert(1)\\u003c/script> & \\\"quotes\\\"" in index


def test_a_unit_with_two_wordings_has_both_in_its_timeline(markup_site):
    """The history panel's redline compares these (tests/browser: the redline drawn)."""
    unit = next(u for u in timelines(markup_site, "7-2010")["units"] if u["a"] == "rules.p4")
    ru = [v["x"] for v in unit["ru"]["v"]]
    assert len(ru) == 2 and "трех" in ru[0] and "пяти" in ru[1]
    assert unit["ru"]["v"][1]["src"]["u"] == "../../orders/11-2012.html#ru-order.p1.part3"


# ---------------------------------------------------------------- what the pages say


def test_rules_p10_ru_is_order_40s_wording_at_the_latest_date_and_unknown_before(site):
    latest = unit_block(page(site, "acts/583-2007/index.html"), "rules.p10")
    ru = latest.split('lang="ru"', 1)[1]
    assert "Учебно-методическая и научно-методическая работа осуществляются" in ru
    assert "order 40-2016" in ru
    data = timelines(site)
    x, v = on(data, "rules.p10", "ru", "2015-08-26")
    assert x[3] == "unknown" and x[6] == 0
    assert "order 488-2015 replaced this unit; its ru text is not in the corpus" in x[4]
    x, v = on(data, "rules.p10", "ru", "2016-06-01")
    assert x[6] == 1 and v["o"] == "40-2016" and "Учебно-методическая и научно-методическая" in v["x"]


def test_unknown_wording_is_never_blank_and_says_why(site):
    for unit in timelines(site)["units"]:           # every answer on every interval of days
        for lang in ("kk", "ru"):
            for x in unit[lang]["i"]:
                v = unit[lang]["v"][x[2]]
                if x[6]:
                    assert x[3] in ("in_force", "uncertain") and v["x"], (unit["a"], lang, x)
                else:
                    assert x[3] != "in_force" and (x[4] or v["r"]), (unit["a"], lang, x)
    for key in ("latest",):
        html = page(site, "acts/583-2007/index.html")
        cells = re.findall(r'<div class="cell status-(\w+)" lang="(kk|ru)">(.*?)</div>', html, re.S)
        assert cells
        for status, lang, body in cells:
            if re.search(r'class="gap[ "]', body):
                assert status != "in_force" and 'class="reason"' in body, (key, lang, body[:200])
                if "deleted, if order" in body:
                    assert "Deleted" in body and "Wording unknown" not in body
            else:
                assert status in ("in_force", "uncertain"), (key, lang, body[:200])
                assert 'class="wording"' in body, (key, lang, body[:200])


def test_version_mismatch_pairs_are_marked(site):
    html = page(site, "acts/583-2007/index.html")
    block = unit_block(html, "order.title")
    assert "pair-version_mismatch" in block and "not translations of each other" in block


def test_latest_page_says_what_latest_means(site):
    html = page(site, "acts/583-2007/index.html")
    assert "every unit as the newest source in the corpus gives it" in html
    assert "order 78-2022" in html


def test_home_states_holdings_and_gaps_in_both_languages(site):
    html = page(site, "holdings.html")
    kk = re.search(r'<div lang="kk">(.*?)</div>', html, re.S).group(1)
    ru = re.search(r'<div lang="ru">(.*?)</div>', html, re.S).group(1)
    assert "Бар:" in kk and "Жоқ:" in kk and "№\u00a040 бұйрықтың (2016) мәтіні" in kk
    assert "Есть:" in ru and "Нет:" in ru and "русский текст приказа №\u00a0488 (2015)" in ru.lower()
    about = page(site, "acts/583-2007/index.html").split('<section class="about" id="about"', 1)[1]
    for order in ("488-2015", "40-2016", "78-2022"):
        assert f'href="../../orders/{order}.html"' in about
    assert "≥ 2015-08-26" in about
    assert 'href="holdings.html"' in page(site, "index.html")


def test_order_page_links_each_instruction_to_its_unit(site):
    html = page(site, "orders/488-2015.html")
    items = re.findall(r'<li id="instruction-\d+".*?</li>', html, re.S)
    assert len(items) >= 20
    for item in items:
        assert re.search(r'href="\.\./acts/583-2007/index\.html(\?history=[^"#]+#[^"]+)?"', item), item[:300]
    assert 'href="../acts/583-2007/index.html?history=rules.p7.sp5#rules.p7.sp5"' in html
    # "in the act" (the act on the order's day at the unit) is made by app.js from the list's data-on and
    # each history link (its act and anchor, checked above and by the link checker): check that data
    assert '<ol class="instructions" data-on="2015-08-26">' in html
    # each clause's address in the order's text stands at its anchor; app.js links it there
    assert re.search(r'<p id="(kk|ru)-[^"]+"[^>]*><a>', html)
    footnoted = page(site, "orders/40-2016.html")
    assert 'href="../acts/583-2007/index.html?history=rules.p10#rules.p10"' in footnoted


def test_check_page_lists_findings_and_alignment(site):
    html = page(site, "check.html")
    assert "Self-check" in html and 'href="acts/583-2007/index.html#about"' in html
    act = page(site, "acts/583-2007/index.html").split('<section class="about" id="about"', 1)[1]
    assert "Alignment of the Kazakh and Russian texts" in act and "version mismatch" in act
    # readable labels, in the interface language (data-t), severities told apart
    assert ">no footnote for a change</span>" in act and ">footnote_missing<" not in act
    assert 'data-t="finding.footnote_missing"' in act
    assert 'class="sev-badge sev-warning"' in act and 'class="sev-badge sev-info"' in act
    # a mismatch's reasons are said once, under the unit's head; the alignment table links there
    whole = page(site, "acts/583-2007/index.html")
    reasons = re.findall(r'<p class="pair-reasons" lang="en">([^<]+)</p>', whole)
    assert reasons and all(whole.count(r) == 1 for r in reasons)
    assert 'data-t="check.reasons_at_unit">at the unit</a>' in act


def test_home_lists_acts_in_pages_with_a_lazy_index(tmp_path):
    from conftest import load_synth
    load_synth().generate(55, 1, 3, tmp_path, repeal_every=3)   # synthetic acts, made up
    out = tmp_path / "site-out"   # never the project's own site/ (its templates)
    build_site(build(tmp_path), tmp_path, out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('class="act-row"') == 50 and 'href="list/2.html"' in home
    assert (out / "list" / "2.html").is_file() and not (out / "list" / "3.html").exists()
    assert (out / "list" / "2.html").read_text(encoding="utf-8").count('class="act-row"') == 5
    assert "acts-index.js" not in re.sub(r'data-index="[^"]*"', "", home)   # not loaded by the page itself
    import json
    text = (out / "static" / "acts-index.js").read_text(encoding="utf-8")
    rows = json.loads(text.removeprefix("window.NB_ACTS=").rstrip().rstrip(";"))
    assert len(rows) == 55 and len({r[0] for r in rows}) == 55
    assert {r[4] for r in rows} >= {"in_force", "not_in_force"}   # repealed acts told apart


class _LangCheck(HTMLParser):
    """Every legal-text block (class wording / cell / title / order-text) sits in kk or ru."""

    BLOCKS = {"wording", "cell", "title", "order-text", "footnote", "redline"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang") or (self.stack[-1] if self.stack else None)
        if self.BLOCKS & set((a.get("class") or "").split()) and lang not in ("kk", "ru"):
            self.bad.append(f"<{tag} class={a.get('class')!r}> in lang {lang!r}")
        if tag not in self.VOID:
            self.stack.append(lang)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def test_every_kazakh_and_russian_block_has_its_lang(site):
    for path in sorted(p for p in site if p.endswith(".html")):
        checker = _LangCheck()
        checker.feed(page(site, path))
        assert checker.bad == [], (path, checker.bad[:3])


def test_prose_goes_through_markdown_and_legal_text_does_not(site):
    assert "<h1>How to cite</h1>" in page(site, "cite.html")
    html = page(site, "acts/583-2007/index.html")
    assert "<ol" not in unit_block(html, "rules.p7.sp5") and "5) подготовка" in unit_block(html, "rules.p7.sp5")


# ---------------------------------------------------------------- the search index


def test_search_index_holds_every_search_doc_in_order(kb):
    docs = search_docs(kb)
    files = site_files(kb)
    got = versions(files)
    assert [(v["a"], v["u"], v["l"], v["x"]) for v in got] == [(d.act, d.address, d.lang, d.text) for d in docs]
    assert [v["d"] for v in got] == list(range(len(docs)))
    manifest = parse(files["static/search/manifest.js"])[1]
    assert manifest["n"] == len(docs)

    def chunk(lang, kind, key):
        firsts = manifest["terms" if kind == "t" else "forms"][lang]
        return parse(files[f"static/search/{lang}/{kind}{lookup(firsts, key)}.js"])[1]

    assert chunk("ru", "f", "объединений")["объединений"] == ["объединение"]
    assert chunk("ru", "f", "объединениями")["объединениями"] == ["объединение"]   # an unseen form
    assert "олимпиада" in chunk("kk", "t", "олимпиада")


def test_search_postings_give_whoosh_document_frequency_and_lengths(kb):
    """A term's df counts unit versions (as whoosh does), its postings list distinct wordings,
    with each wording's field length and the token positions of the term."""
    ix = client_index(kb)
    files = shard(ix)
    manifest = parse(files["static/search/manifest.js"])[1]
    docs = search_docs(kb)
    term = "олимпиада"
    data = parse(files[f"static/search/kk/t{lookup(manifest['terms']['kk'], term)}.js"])[1][term]
    holding = [d for d in docs if d.lang == "kk" and term in analyze(d.text, "kk", _vocabulary(docs))]
    assert data[0] == len(holding)
    wids, flat, wid, i = [], data[1], 0, 0
    while i < len(flat):
        wid += flat[i]
        assert flat[i + 1] == ix.lengths[wid] and flat[i + 2] >= 1
        wids.append(wid)
        i += 3 + flat[i + 2]
    assert sorted({json.loads(ix.texts[w])["x"] for w in wids}) == sorted({d.text for d in holding})
    assert len(wids) == len({d.text for d in holding})


def test_search_files_are_chunked_and_deterministic(kb):
    a, b = site_files(kb), site_files(kb)
    assert a == b
    assert all(p.startswith("static/search/") and p.endswith(".js") for p in a)
    manifest = parse(a["static/search/manifest.js"])[1]
    for lang in ("kk", "ru"):
        assert len(manifest["terms"][lang]) == sum(1 for p in a if p.startswith(f"static/search/{lang}/t"))
        assert manifest["terms"][lang] == sorted(manifest["terms"][lang])
    assert len(a["static/search/manifest.js"]) < 5_000


def test_result_files_hold_no_text_the_text_files_a_few_wordings_each(kb):
    """A query reads many result files to filter and rank (versions and language only), and
    the texts and token offsets of the hits it shows from small x/ files."""
    files = site_files(kb)
    manifest = parse(files["static/search/manifest.js"])[1]
    frags = [f for p, t in files.items() if re.fullmatch(r"static/search/r/\d+\.js", p) for f in parse(t)[1]]
    texts = [x for p, t in files.items() if p.startswith("static/search/x/") for x in parse(t)[1]]
    assert len(frags) == len(texts) == manifest["wordings"] > manifest["xfrag"]
    assert all(set(f) <= {"l", "m", "v"} for f in frags)
    assert all(set(x) == {"o", "x"} for x in texts)
    sizes = [len(parse(t)[1]) for p, t in files.items() if p.startswith("static/search/x/")]
    assert max(sizes) == manifest["xfrag"] and sum(sizes) == len(texts)
    docs = {(d.act, d.address, d.lang, d.valid_from.isoformat() if d.valid_from else None): d.text
            for d in search_docs(kb)}
    for v in versions(files):                                   # each version's text, from its text file
        assert v["x"] == docs[(v["a"], v["u"], v["l"], v["f"])]


def _vocabulary(docs):
    return KazakhVocabulary.from_words(kazakh_words(dict.fromkeys(d.text for d in docs if d.lang == "kk")))


def test_kazakh_endings_need_a_real_sound_before_them():
    endings = kazakh_endings()
    assert ["лары", "лар", "VR", 1, 0] in endings               # plural + possessive
    assert all(e[2] and "P" not in e[2] for e in endings)
    assert not any(e[0] == "нда" for e in endings)             # the possessive-only locative never follows a stem
    assert any(e[0] == "сында" and e[1] == "сы" for e in endings)


def test_two_uncertain_labels_and_badges_on_unit_histories(site):
    act = page(site, "acts/583-2007/index.html")
    x, _ = on(timelines(site), "rules.p7.sp5", "ru", "2016-01-29")
    assert x[3] == "uncertain" and x[5] == [["window", "2015-08-26"], ["presumed", "2022-10-04"]]
    assert "uncertain date" not in act and 'class="legend"' in act
    for unit in timelines(site)["units"]:          # every answer has its badges (the history panel's too)
        for lang in ("kk", "ru"):
            assert all(x[5] for x in unit[lang]["i"]), (unit["a"], lang)


def test_the_history_bar_is_proportional_to_days(site):
    """The bar is drawn by static/act.js (tests/browser measures it) from these intervals."""
    unit = next(u for u in timelines(site)["units"] if u["a"] == "rules.p10")
    ivs = unit["kk"]["i"]
    # 2008-02-01 .. 2015-08-26 is 7½ years: one interval, the bar's widest segment
    assert [x[:2] for x in ivs[:2]] == [[None, "2008-02-01"], ["2008-02-01", "2015-08-26"]]
    assert (date(2015, 8, 26) - date(2008, 2, 1)).days > 2700


def test_titles_follow_the_date(site):
    data = timelines(site)
    assert data["title"] == "order.title"
    early, _ = on(data, "order.title", "kk", "2008-02-01")
    late, v = on(data, "order.title", "kk", "2016-01-29")
    assert early[6] == 0                     # the kk title of 2008 is unknown (the page says so: browser test)
    assert late[6] == 1 and late[5][0][0] == "window" and "қағидаларын бекіту туралы" in v["x"]
    head = page(site, "acts/583-2007/index.html").split('class="act-head"', 1)[1].split("</header>", 1)[0]
    assert 'data-meta="' in head and "title.latest" in head   # as of the latest source the kk title is unknown


def test_every_interface_string_is_in_every_language():
    import json
    tables = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "site" / "i18n").glob("*.json")}
    assert set(tables) == {"en", "kk", "ru"}
    used = set()
    for path in (ROOT / "site").rglob("*.html"):
        used |= set(re.findall(r'data-t(?:-aria)?="([\w.]+)"', path.read_text(encoding="utf-8")))
    for path in (ROOT / "site" / "static").glob("*.js"):
        js = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)   # not the comments
        used |= set(re.findall(r'\bt\("([\w.]*\w)"', js))
        used |= set(re.findall(r'data-t(?:-aria)?="([\w.]*\w)"', js))   # markup the scripts make (the history panel)
    used |= {f"status.{s}" for s in ("in_force", "uncertain", "unknown", "deleted", "not_in_force")}
    used |= {f"kind.{k}" for k in ("window", "presumed", "sequence")}
    for lang, table in tables.items():
        assert not used - set(table), (lang, sorted(used - set(table)))
        assert set(table) == set(tables["en"]), lang


def test_a_common_term_keeps_its_best_weighted_postings_first_and_the_rest_apart(kb, monkeypatch):
    from normbase.site import search_index, search_shards

    full = site_files(kb)
    monkeypatch.setattr(search_shards, "TIER", 3)
    monkeypatch.setattr(search_index, "SHOWN", 0)
    cut = site_files(kb)
    assert versions(cut) == versions(full)                      # every version, from the overflow files
    m_full, m_cut = parse(full["static/search/manifest.js"])[1], parse(cut["static/search/manifest.js"])[1]

    def entries(flat):
        out, wid, i = {}, 0, 0
        while i < len(flat):
            wid += flat[i]
            out[wid] = flat[i : i + 3 + flat[i + 2]][1:]
            i += 3 + flat[i + 2]
        return out

    term = "методический"
    whole = parse(full[f"static/search/ru/t{lookup(m_full['terms']['ru'], term)}.js"])[1][term]
    first = parse(cut[f"static/search/ru/t{lookup(m_cut['terms']['ru'], term)}.js"])[1][term]
    rest = parse(cut[f"static/search/ru/u{lookup(m_cut['rest']['ru'], term)}.js"])[1][term]
    assert len(whole) == 2 and first[0] == whole[0] and first[2] == 1
    a, b = entries(first[1]), entries(rest)
    assert len(a) == 3 and not set(a) & set(b) and a | b == entries(whole[1])

    avg = m_cut["stats"]["ru"] / m_cut["n"]

    def weight(e):   # tf against the wording's length, as BM25F weighs it
        n, tf = e[0], e[1]
        return tf / (tf + 1.2 * (0.25 + 0.75 * n / avg))

    assert min(weight(e) for e in a.values()) >= max(weight(e) for e in b.values())


def test_the_act_page_gives_citation_forms_and_date_reasons_once(site):
    """What is the same for many units is in the page once: the document part of every
    citation (per container), each uncertain date's explanation (a list the dates refer to),
    the permalink's tooltip (the legend) — and the citation app.js builds from them is the
    one glance.unit_names gives."""
    import html as H
    import json

    from normbase.site import glance as G

    text = page(site, f"acts/{ACT}/index.html")
    assert "data-cite-ru" not in text and 'title="Permalink' not in text
    assert text.count("Permalink to this unit on this version") <= 2  # the legend, twice (page, panel)
    of = json.loads(H.unescape(re.search(r'data-cite-of="([^"]*)"', text).group(1)))
    steps = H.unescape(re.search(r'id="rules\.p7\.sp5" [^>]*data-c="([^"]*)"', text).group(1)).split("|")
    name = G.join_name(tuple(steps), tuple(of["rules"].split("|")))
    assert name["ru"].startswith("подпункт 5) пункта 7 Правил организации")
    assert name["kk"].endswith("7-тармағының 5) тармақшасы")
    refs = set(re.findall(r'class="when[^"]*" data-w="(\d+)"', text))
    assert refs and all(f'id="w{n}"' in text for n in refs)
    reasons = re.findall(r'<div id="w\d+"><dt>[^<]*</dt><dd>([^<]*)</dd>', text)
    units = "".join(re.findall(r"<article.*?</article>", text, re.S))
    assert len(reasons) == len(set(reasons)) == len(refs) and not any(r in units for r in reasons)


def test_the_timelines_store_a_shared_string_once(site):
    """A reason or window named by many versions and intervals is in timelines.js once, and
    the data read back (act_data.unpack) still names it wherever it applies."""
    import json

    text = page(site, f"acts/{ACT}/timelines.js")
    packed = json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n"))
    assert len(set(packed["s"])) == len(packed["s"])
    windows = [v["f"] for u in timelines(site)["units"] for lang in ("kk", "ru") for v in u[lang]["v"] if v["f"]]
    reason = max(set(w[2] for w in windows), key=[w[2] for w in windows].count)
    assert [w[2] for w in windows].count(reason) > 10
    assert text.count(json.dumps(reason, ensure_ascii=False)) == 1


def test_the_timelines_leave_out_the_wordings_the_page_shows(kb, site):
    """The wording a cell of the page shows is not repeated in timelines.js (its version's "x"
    is PAGE_TEXT); read back with the page, every version has its wording, as timelines_data
    (made without the page) has it."""
    import json

    from normbase.site.act_data import PAGE_TEXT, _V_PACK, page_wordings, timelines_data

    text = page(site, f"acts/{ACT}/timelines.js")
    packed = json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n"))
    shown = page_wordings(page(site, f"acts/{ACT}/index.html"))
    assert len(shown) > 20 and not set(shown.values()) & set(packed["s"])
    x = _V_PACK.index("x")
    marked = [(u["a"], lang) for u in packed["units"] for lang in ("kk", "ru") for v in u[lang]["v"]
              if len(v) > x and v[x] == PAGE_TEXT]
    assert sorted(marked) == sorted(shown)   # one version per cell that shows a wording
    assert timelines(site) == timelines_data(kb, kb.history(ACT))


def test_the_timelines_store_a_source_as_its_fields_and_an_order_once(kb, site):
    """A version is packed as the list of its values, its source as its fields (kind, act,
    lang, address, lines), its order's number and date once per act ("ob"); read back, each is what the page shows
    (``act_data._source`` of the timeline's own source, ``pages.order_dates``)."""
    from normbase.query import source_json
    from normbase.site.act_data import _V_PACK, _source
    from normbase.site.pages import act_path, order_dates

    text = page(site, f"acts/{ACT}/timelines.js")
    packed = json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n"))
    rows = [v for u in packed["units"] for lang in ("kk", "ru") for v in u[lang]["v"]]
    assert all(isinstance(v, list) and len(v) <= len(_V_PACK) for v in rows)   # a version: its values only
    vs = [dict(zip(_V_PACK, v)) for v in rows]
    assert "by" not in _V_PACK and packed["ob"]
    assert sum(isinstance(v.get("src"), list) for v in vs) > 0.9 * sum(v.get("src") is not None for v in vs)
    h, data, dates = kb.history(ACT), timelines(site), order_dates(kb)
    kinds = set()
    for u in data["units"]:
        for lang in ("kk", "ru"):
            for n, v in enumerate(h.timeline(u["a"], lang).versions):
                got = u[lang]["v"][n]
                assert got["src"] == _source(act_path(ACT), source_json(v.source)), (u["a"], lang, n)
                assert got["by"] == (list(dates[v.changed_by]) if v.changed_by in dates else None)
                kinds.add(v.source.kind if v.source else None)
    assert {"order", "snapshot", "footnote"} <= kinds, kinds   # (a footnote kept as its dict)


def test_a_source_line_costs_few_bytes_and_keeps_its_anchor(site):
    """A source text holds thousands of lines: each is its anchor #L<n> and the text as
    published, and nothing else (style.css numbers the lines, app.js links the numbers and
    marks ?lines=; tests/browser)."""
    text = page(site, f"sources/{ACT}/ru.html")
    body = text.split('<div class="source-text" lang="ru">', 1)[1].split("</div>", 1)[0]
    lines = re.findall(r'<p id="L(\d+)">([^<]*)</p>\n', body)
    assert len(lines) > 100 and [int(n) for n, _ in lines] == list(range(1, len(lines) + 1))
    markup = len(body.encode()) - sum(len(t.encode()) for _, t in lines)
    assert markup / len(lines) < 20, markup / len(lines)   # 18 bytes for a line of a 3-digit number


def test_the_act_page_leaves_to_the_script_what_only_the_script_uses(site):
    """Keys app.js reads from the markup are not spelled out on every unit (a badge's, a date's,
    a source's, a gap's, a pair flag's, a menu item's); the history links, the history panel
    and the interface language buttons, which need the script, are made by it; the legend is
    in the page once. The page still gives every unit's wording, status and source."""
    text = page(site, f"acts/{ACT}/index.html")
    units = "".join(re.findall(r"<article.*?</article>", text, re.S))
    for spelled in ('data-t="status.', 'data-t="kind.', 'data-t="since.', 'data-t="until"', 'data-t="source"',
                    'data-t="gap.', 'data-t="pair.', 'data-t="history"', "aria-label="):
        assert spelled not in units, spelled
    assert 'data-t="nav.' not in text and 'class="ui-lang"' not in text and 'class="history-panel"' not in text
    assert text.count('class="legend"') == 1
    assert '<span class="badge badge-in_force">in force</span>' in units      # status.in_force
    assert '<span class="badge badge-unknown">wording unknown</span>' in units
    assert ' · <span class="source"><a href="../../orders/' in units                # source (act.js: "source:")
    assert '<span class="badge badge-in_force">in force</span> <span class="from">as of the latest source, since <span class="when' in units
    assert 'class="asked"' not in units and "data-by" not in units    # act.js writes them out (tests/browser)
    for key in ("history.legend", "compare.head", "history.close"):   # what the script makes, it names
        assert f'data-t="{key}"' in (ROOT / "site" / "static" / "act.js").read_text(encoding="utf-8")


def test_an_order_page_does_not_repeat_the_words_its_text_gives(site):
    """An instruction names its clause — an anchor of the order's text on the same page, which
    holds the words it writes — instead of repeating them."""
    html = page(site, "orders/488-2015.html")
    assert "wording-block" not in html
    items = re.findall(r'<li id="instruction-\d+">(.*?)</li>', html, re.S)
    assert len(items) >= 20
    ids = set(re.findall(r' id="([^"]+)"', html))
    for item in items:
        clause = re.search(r'<span class="clause">\[(kk|ru)\] clause <a href="#([^"]+)">', item)
        assert clause and clause.group(2) in ids, item[:300]


def test_the_holdings_name_a_text_in_both_languages_once():
    """A source held in Kazakh and Russian is one item of the holdings, not one per language
    (the statement grows with the corpus); one held in a single language still names it."""
    from types import SimpleNamespace as NS

    from normbase.site.overview import holdings

    def source(number, langs, kind="original"):   # made-up metadata, no legal text
        return NS(id=NS(number=number, year=2005), langs=langs, kind=kind, signed=None,
                  published=date(2005, 1, 2))

    kb = NS(corpus=NS(acts=[source("1", ("kk", "ru")), source("2", ("ru",), "consolidated")],
                      orders=[source("3", ("ru", "kk")), source("4", ("kk",))]))
    h = holdings(kb)
    assert h["en"]["holds"] == [
        "the text of order No. 1 (2005) as adopted, in Kazakh and Russian",
        "the Russian consolidated text of order No. 2 (2005)",
        "the text of amending order No. 3 (2005), in Kazakh and Russian",
        "the Kazakh text of amending order No. 4 (2005)",
    ]
    assert h["kk"]["holds"][0] == "№\u00a01 бұйрықтың (2005) қазақша және орысша түпнұсқа мәтіні"
    assert h["ru"]["holds"][2] == "текст изменяющего приказа №\u00a03 (2005) на казахском и русском языках"
    assert "орысша мәтіні" in h["kk"]["lacks"][-1] and len(h["ru"]["holds"]) == 4
