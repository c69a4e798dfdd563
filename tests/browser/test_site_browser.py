"""The site in a real browser (Playwright driving Debian's Chromium).

Served both from file:// URLs and from a localhost http.server thread. Every page a test
opens records its requests: all must be file:// or localhost (``Recorder.check``), with no
script error and no dialog. Screenshots: ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest
from .site_projects import NASTY, ROOT

from normbase.indexing import search_docs
from normbase.pipeline import build
from normbase.search import SearchIndex
from normbase.search.index import kazakh_words
from normbase.search.kazakh import KazakhVocabulary

sys.path.insert(0, str(ROOT / "tests" / "search"))
from judged import evaluate, load_judged, summary  # noqa: E402

ACT = "acts/583-2007/"


def cell_text(page, address: str, lang: str) -> str:
    return page.locator(f'article[id="{address}"] .cell[lang="{lang}"]').inner_text()


# ---------------------------------------------------------------- pages


def test_home_page(desktop, phone, file_root):
    for rec, name in ((desktop, "home-desktop"), (phone, "home-phone")):
        page = rec.page
        page.goto(file_root + "index.html")
        assert page.title() == "Acts — normbase"
        rec.shot(name, full_page=True)
        page.goto(file_root + "holdings.html")
        assert "Жоқ:" in page.locator('.holdings [lang="kk"]').inner_text()
        assert "Нет:" in page.locator('.holdings [lang="ru"]').inner_text()
    desktop.page.goto(file_root + "index.html")
    desktop.page.locator(".act-row a.act-name").first.click()
    assert desktop.page.url.endswith(ACT + "index.html")


def test_act_side_by_side_and_the_date_control(desktop, http_root):
    page = desktop.page
    page.goto(http_root + ACT)                                  # the act's address: its one page, latest
    assert page.locator(".col-heads").inner_text().split() == ["Қазақша", "Русский"]
    latest = cell_text(page, "rules.p10", "ru")
    assert "Учебно-методическая и научно-методическая работа осуществляются" in latest and "order 40-2016" in latest
    assert "мәтіні белгісіз" in cell_text(page, "rules.p10", "kk")   # order 40's Kazakh text is not in the corpus
    desktop.shot("act-latest")
    page.evaluate("window.NB_loads = (window.NB_loads || 0) + 1")   # survives only if there is no page load

    page.fill("#date", "2015-09-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/583-2007/(index\.html)?\?on=2015-09-01$"))
    before = cell_text(page, "rules.p10", "ru")
    assert "текст неизвестен" in before and "Учебно-методическая" not in before
    assert "its ru text is not in the corpus" in before
    assert page.locator('article[id="rules.p10"] .cell[lang="ru"]').get_attribute("class") == "cell status-unknown"
    page.locator('article[id="rules.p10"]').scroll_into_view_if_needed()
    desktop.shot("act-2015-09-01-rules.p10")

    page.fill("#date", "2016-06-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"\?on=2016-06-01$"))
    cell = cell_text(page, "rules.p10", "ru")
    assert "Учебно-методическая и научно-методическая работа осуществляются" in cell
    assert "order 40-2016" in cell                                    # its source
    assert "presumed from a later consolidated text (2022-10-04)" in cell    # its status, why uncertain
    assert "on 2016-06-01 — the wording in force since ≥ 2016-01-29" in cell  # the date asked, apart
    assert "if order 40-2016 was in force on 2016-06-01" in cell
    assert page.locator('article[id="rules.p10"] .cell[lang="ru"]').get_attribute("class") == "cell status-uncertain"

    page.get_by_role("link", name="Русский").first.click()           # one language, same date, no page load
    page.wait_for_url(re.compile(r"\?on=2016-06-01&view=ru$"))
    assert page.locator('article[id="rules.p10"] .cell:visible').count() == 1
    assert page.locator('article[id="rules.p10"] .cell[lang="ru"]').is_visible()
    assert page.evaluate("window.NB_loads") == 1
    page.get_by_role("button", name="latest").click()                # back to the latest source
    page.wait_for_url(re.compile(r"\?view=ru$"))
    assert "as of the latest source" in cell_text(page, "rules.p10", "ru")


def test_any_day_not_only_a_version_date(desktop, file_root):
    """Every day of an interval gives that interval's answer, with the day asked written in."""
    page = desktop.page
    for day in ("2016-01-28", "2016-01-29", "2019-07-15"):
        page.goto(file_root + ACT + f"index.html?on={day}#rules.p7.sp5")
        cell = cell_text(page, "rules.p7.sp5", "kk")
        assert f"on {day} — the wording in force since" in cell and f"in force on {day}" in cell
    page.goto(file_root + ACT + "index.html")
    page.fill("#date", "2001-01-01")                                  # before the act: chosen on the page
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"\?on=2001-01-01$"))
    assert "not in force" in cell_text(page, "rules.p7.sp5", "ru")
    page.goto(file_root + ACT + "index.html?on=2016-13-45")
    assert "is not a date" in page.locator(".date-problem").inner_text()


def test_permalink_to_a_unit_on_a_date(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2017-03-01#rules.p7.sp5")     # from file://
    assert page.url.endswith("index.html?on=2017-03-01#rules.p7.sp5")
    assert page.evaluate("document.querySelector(':target').id") == "rules.p7.sp5"
    assert page.locator('article[id="rules.p7.sp5"]').is_visible()
    assert "олимпиадалар" in cell_text(page, "rules.p7.sp5", "kk")
    assert "on 2017-03-01" in cell_text(page, "rules.p7.sp5", "kk")
    box = page.locator('article[id="rules.p7.sp5"]').bounding_box()
    assert 0 <= box["y"] < 900
    desktop.shot("permalink-rules.p7.sp5")
    page.goto(file_root + ACT + "index.html?on=2030-01-01&view=ru#rules.p10")
    assert page.locator('article[id="rules.p10"] .cell[lang="kk"]').is_hidden()
    assert "on 2030-01-01" in cell_text(page, "rules.p10", "ru")


def test_the_site_says_the_date_asked(desktop, file_root, http_root):
    """The page and every reason say the day asked, and the version's start is a fact apart
    ("the wording in force since ≥ …"); the titles and the table of contents follow the date."""
    for root in (file_root, http_root):
        page = desktop.page
        page.goto(root + ACT + "index.html?on=2016-06-01#rules.p7.sp5")
        note = page.locator(".asked-note").inner_text()
        assert "In force on 2016-06-01" in note
        assert page.title().startswith("583-2007 — in force on 2016-06-01")
        assert page.input_value("#date") == "2016-06-01"
        for lang in ("kk", "ru"):
            cell = cell_text(page, "rules.p7.sp5", lang)
            assert "on 2016-06-01 — the wording in force since ≥ 2015-08-26" in cell
            assert "if order 488-2015 was in force on 2016-06-01" in cell
        assert page.locator("time.nb-on").count() > 50
        kk_title = page.locator('.title-block[data-lang="kk"]')
        assert "қағидаларын бекіту туралы" in kk_title.locator("h1").inner_text()
        assert "entered into force on an unknown date ≥ 2015-08-26" in kk_title.inner_text()
    desktop.shot("act-asked-2016-06-01")
    page.goto(file_root + ACT + "index.html?on=2008-03-01")             # the kk title of 2008 is not known
    assert "shown as of the latest source" in page.locator('.title-block[data-lang="kk"]').inner_text()
    toc = page.locator('.toc li[data-a="rules.p10"]')
    assert toc.get_attribute("class") == "toc-unknown" or "toc-" in toc.get_attribute("class")


def test_the_table_of_contents_follows_the_date(desktop, markup_site_dir):
    page = desktop.page
    root = markup_site_dir.as_uri() + "/acts/7-2010/index.html"
    page.goto(root)
    entries = page.locator(".toc li")
    assert entries.count() >= 3 and page.locator('.toc a[href="#rules.p4"]').count() == 1
    page.goto(root + "?on=2013-01-01")
    texts = {li.get_attribute("data-a"): li.inner_text() for li in entries.all()}
    assert "пяти" in texts["rules.p4"] or "бес" in texts["rules.p4"]
    page.goto(root + "?on=2011-01-01")
    texts = {li.get_attribute("data-a"): li.inner_text() for li in entries.all()}
    assert "трех" in texts["rules.p4"] or "үш" in texts["rules.p4"]


def test_without_javascript_a_dated_link_shows_the_latest_and_says_so(browser, file_root):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(file_root + ACT + "index.html?on=2016-06-01#rules.p7.sp5")
    assert "Without JavaScript this page shows every unit as of the latest source" in page.locator("main").inner_text()
    assert "as of the latest source" in cell_text(page, "rules.p7.sp5", "kk")
    assert "Учебно-методическая и научно-методическая" in cell_text(page, "rules.p10", "ru")   # readable without JS
    context.close()


def test_a_site_search_hit_has_the_status_show_gives(desktop, file_root):
    page = desktop.page
    results = search(page, file_root, "методические объединения", "ru", "2010-01-01")
    hit = results.filter(has=page.locator('a:text-is("583-2007 rules.p31")'))
    assert "on 2010-01-01 · uncertain" in hit.locator(".meta").inner_text()   # as show --on 2010-01-01
    assert hit.locator("a").get_attribute("href").endswith("acts/583-2007/index.html?on=2010-01-01#rules.p31")
    results = search(page, file_root, "методические объединения", "ru")
    hit = results.filter(has=page.locator('a:text-is("583-2007 rules.p31")'))
    assert "as of the latest source · in force" in hit.locator(".meta").inner_text()
    results = search(page, file_root, "олимпиада", "kk", "2016-06-01")
    assert "uncertain · the wording in force since ≥ 2015-08-26" in results.first.locator(".meta").inner_text()


def open_history(page, address: str):
    page.locator(f'article[id="{address}"] .history-link').click()
    panel = page.locator("#history")
    panel.wait_for(state="visible")
    return panel


def test_unit_history_and_compare_two_dates(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2016-06-01")
    panel = open_history(page, "rules.p10")
    assert page.url.endswith("?on=2016-06-01&history=rules.p10")
    assert panel.locator('.timeline[lang="ru"] .version').count() == 3
    answers = panel.locator("ul.answers li")
    assert answers.count() >= 4
    for li in answers.all():                                          # every answer has its badges
        assert li.locator(".badge").count() >= 1
    assert panel.locator(".badge.kind-window").count() and panel.locator(".badge.kind-presumed").count()
    panel.locator(".legend-box summary").click()                        # the legend, one click away
    assert panel.locator(".legend").is_visible()
    # the bar is proportional: 2008-02-01 .. 2015-08-26 (7½ years) is the widest segment of the kk bar
    widths = page.evaluate("""() => [...document.querySelectorAll('#history .timeline[lang=kk] .seg')]
                                     .map(s => s.getBoundingClientRect().width)""")
    assert widths[1] > 0.4 * sum(widths) and widths[1] > 5 * widths[2], widths
    page.select_option("#cmp-lang", "ru")
    page.fill("#cmp-from", "2015-09-01")
    page.fill("#cmp-to", "2016-03-01")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result").inner_text()
    assert "is not known from the sources" in result
    assert ("2016-03-01: version 3 — entered into force on an unknown date ≥ 2016-01-29; presumed from a later "
            "consolidated text (2022-10-04): the consolidated text's wording, reaching back to order 40-2016, "
            "if order 40-2016 was in force on 2016-03-01") in result, result
    desktop.shot("history-rules.p10", full_page=True)
    page.keyboard.press("Escape")
    assert panel.is_hidden() and page.url.endswith("?on=2016-06-01")
    page.goto(file_root + ACT + "index.html?history=rules.p7.sp5#rules.p7.sp5")    # a link that opens it
    assert page.locator("#history").is_visible()
    assert page.locator("#history .history-address").inner_text() == "rules.p7.sp5"


def test_redline_and_compare_on_a_unit_with_two_wordings(desktop, markup_site_dir):
    page = desktop.page
    page.goto(markup_site_dir.as_uri() + "/acts/7-2010/index.html")
    panel = open_history(page, "rules.p4")
    assert panel.locator('.timeline[lang="ru"] del').first.inner_text() == "трех"
    assert panel.locator('.timeline[lang="ru"] ins').first.inner_text() == "пяти"
    assert panel.locator('.timeline[lang="kk"] del').first.inner_text() == "үш"
    page.select_option("#cmp-lang", "ru")
    page.fill("#cmp-from", "2011-01-01")
    page.fill("#cmp-to", "2013-01-01")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result")
    assert result.locator("del").inner_text() == "трех" and result.locator("ins").inner_text() == "пяти"


def test_markup_in_a_source_is_shown_literally(desktop, markup_site_dir):
    page = desktop.page
    for query in ("", "?on=2030-01-01"):                       # the static page, and drawn by act.js
        page.goto(markup_site_dir.as_uri() + "/acts/7-2010/index.html" + query)
        assert NASTY in cell_text(page, "rules.p3", "ru")
        assert page.locator(".wording b, .wording script, h1 b").count() == 0
    page.goto(markup_site_dir.as_uri() + "/search.html?q=script&lang=ru")
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    assert NASTY in page.locator("#results").inner_text()
    assert page.locator("#results b, #results script").count() == 0
    # the recorder fails the test if alert() ran


# ---------------------------------------------------------------- search


def search(page, root: str, q: str, lang: str = "", on: str = ""):
    page.goto(root + "search.html")
    page.fill("#q", q)
    if lang:
        page.select_option("#lang", lang)
    if on:
        page.fill("#on", on)
    page.get_by_role("button", name="Search").click()
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    return page.locator("#results > li")


def test_kazakh_search_and_click_through(desktop, http_root):
    page = desktop.page
    results = search(page, http_root, "олимпиада", "kk")
    assert results.count() >= 1
    first = results.first.locator("a")
    assert first.inner_text() == "583-2007 rules.p7.sp5"
    assert results.first.locator("mark").first.inner_text() == "олимпиадалар"
    desktop.shot("search-kk")
    assert first.get_attribute("href").endswith("acts/583-2007/index.html#rules.p7.sp5")   # a current wording
    first.click()
    page.wait_for_url(re.compile(r"#rules\.p7\.sp5$"))
    assert "олимпиадалар" in cell_text(page, "rules.p7.sp5", "kk")


def test_russian_search_and_click_through(desktop, file_root):
    page = desktop.page
    results = search(page, file_root, "методические объединения", "ru")
    units = [a.inner_text() for a in results.locator(".result-head a").all()]
    for address in ("rules.p25", "rules.p26", "rules.p29", "rules.p30", "rules.p32"):
        assert f"583-2007 {address}" in units[:10]
    desktop.shot("search-ru")
    target = units[0].split()[1]
    results.first.locator(".result-head a").click()
    page.wait_for_url(re.compile(rf"#{re.escape(target)}$"))
    assert "методическ" in cell_text(page, target, "ru").lower()


def test_search_by_date_links_to_that_date(desktop, file_root):
    page = desktop.page
    assert search(page, file_root, "олимпиада", "", "2015-01-01").count() == 0
    assert "0 units in force on 2015-01-01" in page.locator("#search-status").inner_text()
    results = search(page, file_root, "олимпиада", "", "2016-03-01")
    assert results.count() == 2
    assert results.first.locator("a").get_attribute("href").endswith("acts/583-2007/index.html?on=2016-03-01#rules.p7.sp5")
    results = search(page, file_root, '"пункт 10" OR методичесикй -совет', "ru")
    assert results.count() >= 1                                       # the syntax and a typo, no error


def test_a_bad_query_says_why(desktop, file_root):
    search(desktop.page, file_root, '"олимпиада', "kk")
    assert "without its closing" in desktop.page.locator("#search-status").inner_text()


def test_the_browser_reduces_kazakh_words_like_python(desktop, file_root, site_dir):
    kb = build(ROOT)
    vocab = KazakhVocabulary.from_words(kazakh_words(d.text for d in search_docs(kb) if d.lang == "kk"))
    words = set(kazakh_words(d.text for d in search_docs(kb) if d.lang == "kk"))
    for line in (ROOT / "tests" / "search" / "kk_families.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.update(w.lstrip("+") for cell in line.split("\t")[1:3] for w in cell.split())
    endings = ["лар", "лары", "ларының", "ға", "ге", "да", "дағы", "ын", "ның", "ымен", "сының", "лерге", "ден", "тар", "ті"]
    words.update(s + e for s in sorted(vocab.support)[:300] for e in endings)
    words = sorted(w for w in words if w)
    page = desktop.page
    page.goto(file_root + "search.html")
    got = page.evaluate("ws => NB_kkStems(ws)", words)
    assert [(w, g) for w, g in zip(words, got) if vocab.stem(w) != g] == []
    assert len(words) > 4000


def test_site_search_finds_what_the_cli_finds(desktop, file_root):
    kb = build(ROOT)
    judged = load_judged()
    with tempfile.TemporaryDirectory() as tmp, SearchIndex.build(Path(tmp) / "ix", search_docs(kb)) as ix:
        cli = evaluate(lambda q, l: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=l, limit=10)], judged)
    page = desktop.page
    page.goto(file_root + "search.html")
    web = evaluate(lambda q, l: [tuple(x) for x in page.evaluate(
        "async ([q, l]) => (await NB_search(q, {lang: l})).hits.slice(0, 10).map(h => [h.doc.a, h.doc.u])", [q, l])],
        judged)
    for lang in ("kk", "ru"):
        c, w = summary(cli, lang), summary(web, lang)
        assert w["success@10"] >= c["success@10"], (lang, w, c)
        assert w["mrr"] >= c["mrr"] - 0.05, (lang, w, c)


# ---------------------------------------------------------------- usable


def test_keyboard_skip_link_and_focus(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").bounding_box()["x"] >= 0               # visible when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    seen = []
    for _ in range(20):   # the site links, the three interface languages, the act's page, then the controls
        page.keyboard.press("Tab")
        seen.append(page.evaluate("[document.activeElement.tagName, document.activeElement.id || document.activeElement.textContent.trim()]"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", seen[-1]
    assert ["INPUT", "date"] in seen and ["BUTTON", "Show"] in seen
    assert any(tag == "A" and text == "2015-08-26" for tag, text in seen)


def test_phone_width_has_no_horizontal_scroll(phone, file_root):
    page = phone.page
    for path in ("index.html", ACT + "index.html", ACT + "index.html?on=2016-06-01&view=kk",
                 ACT + "index.html?history=rules.p10#rules.p10",
                 "orders/488-2015.html", "check.html", "search.html?q=методические+объединения"):
        page.goto(file_root + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    page.goto(file_root + ACT + "index.html#rules.p10")
    phone.shot("act-phone")
    page.goto(file_root + "search.html?q=методические+объединения")
    phone.shot("search-phone")


def test_a_long_word_does_not_widen_a_phone_page(phone, markup_site_dir):
    page = phone.page
    for path in ("acts/7-2010/index.html", "acts/7-2010/index.html?on=2030-01-01&history=rules.p6"):
        page.goto(markup_site_dir.as_uri() + "/" + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(markup_site_dir.as_uri() + "/acts/7-2010/index.html#rules.p6")
    phone.shot("long-word-phone")


def test_print_stylesheet(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2016-06-01")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.controls')).display") == "none"
    assert page.locator('article[id="rules.p10"]').is_visible()
    assert page.locator(".legend").first.is_visible() and page.locator(".toc").is_hidden()
    desktop.shot("act-print")


def test_the_shipped_font_renders_every_kazakh_letter(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?view=kk")
    page.evaluate("document.fonts.ready")
    page.evaluate("""() => { const p = document.querySelector('.cell[lang=kk] .wording');
                             p.id = 'font-probe'; p.textContent = 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І'; }""")
    page.evaluate("document.fonts.ready")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#font-probe"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert [f["familyName"] for f in fonts] == ["PT Serif"], fonts


def test_every_page_loads_without_errors_or_off_site_requests(browser, site_dir, http_root):
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    for path in pages:
        page.goto(http_root + path)
    context.close()
    from .browser_support import offsite
    assert offsite(requests) == [] and errors == []
    assert any(u.endswith(".woff2") for u in requests)                  # the fonts are really used
    assert len(pages) > 10
