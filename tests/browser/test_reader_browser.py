"""What a reader needs at a glance, in Chromium: the interface language (chosen, remembered,
by default the browser's), print with the legend, the date and the URL, a cited source line
opened (also from a wording drawn for a date), the citation copied in the reader's language."""

from __future__ import annotations

from .browser_support import choose_ui_lang, cite

ACT = "acts/583-2007/"


def test_switch_the_interface_language_and_see_it_remembered(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2016-06-01")
    assert page.evaluate("document.documentElement.lang") == "en"
    choose_ui_lang(page, "ru")
    assert page.evaluate("document.documentElement.lang") == "ru"
    badge = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] .badge').first
    assert "вступил в силу в неизвестный день ≥ 26.08.2015" in badge.inner_text()
    assert page.locator(".when-note .legend").inner_text().count("предполагается по более поздней редакции") == 1
    # legal text keeps its own language
    assert page.locator('article[id="rules.p7.sp5"] .cell[lang="kk"]').count() == 1
    assert page.title().startswith("583-2007 — в редакции на 01.06.2016")
    assert "Редакция на 01.06.2016" in page.locator(".asked-note").inner_text()
    page.locator('article[id="rules.p10"] .history-link').click()       # the history panel speaks it too
    assert "текст неизвестен" in page.locator("#history .answers .badge-unknown").first.inner_text()
    assert page.locator("#history .history-close").inner_text() == "закрыть"
    page.goto(file_root + "orders/488-2015.html")                # another page: the choice is remembered
    assert page.evaluate("document.documentElement.lang") == "ru"
    page.goto(file_root + ACT + "index.html?on=2016-06-01")
    choose_ui_lang(page, "kk")
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.locator('.ui-lang [data-ui-lang="kk"]').get_attribute("aria-pressed") == "true"
    desktop.shot("ui-lang-kk")


def test_the_default_interface_language_is_the_browsers(browser, file_root):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    page.goto(file_root + ACT + "index.html")
    assert page.evaluate("document.documentElement.lang") == "kk"
    presumed = page.locator(".when-note .legend .kind-presumed").inner_text()
    assert presumed == "кейінгі шоғырландырылған мәтін бойынша болжанады"
    context.close()


def test_print_shows_the_legend_the_date_and_the_url(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html")
    page.fill("#date", "2016-06-01")
    page.get_by_role("button", name="Show").click()              # the date chosen on the page, not in the link
    url = file_root + ACT + "index.html?on=2016-06-01"
    page.wait_for_url(url)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    legend = page.locator(".when-note .legend")
    assert legend.is_visible()
    assert "presumed from a later consolidated text" in legend.inner_text()
    meta = page.locator(".print-meta")
    assert meta.is_visible()
    assert "2016-06-01" in meta.inner_text() and url in meta.inner_text()
    assert page.locator(".when-note").is_visible()
    assert not page.locator(".cite-btn").first.is_visible()
    desktop.shot("act-print-legend", full_page=False)


def test_open_a_cited_source_line(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html")
    link = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] a.lines')
    text = link.inner_text()
    first, last = (int(x) for x in text.split()[-1].split("-"))
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#L{first}") and "/sources/583-2007/ru.html" in page.url
    line = page.locator(f'[id="L{first}"]')
    assert line.is_visible()
    assert page.locator(".source-text > p.hl").count() == last - first + 1
    number = page.locator(f'[id="L{first}"] > a.ln')                      # its number links to it
    assert number.inner_text() == str(first) and number.get_attribute("href") == f"#L{first}"
    assert page.evaluate(f"document.getElementById('L{first}').getBoundingClientRect().top") < 200
    desktop.shot("source-line")
    page.goto(file_root + ACT + "index.html?on=2016-06-01")        # a cell drawn from timelines.js
    link = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] a.lines')
    first = int(link.inner_text().split()[-1].split("-")[0])
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#L{first}") and "/sources/" in page.url


def test_copy_the_permalink_and_a_citation_in_the_readers_language(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html#rules.p7.sp5")
    page.fill("#date", "2016-06-01")
    page.get_by_role("button", name="Show").click()              # the citation follows the date chosen
    choose_ui_lang(page, "ru")
    out = cite(page, "rules.p7.sp5")
    assert "подпункт 5) пункта 7 Правил организации" in out
    assert "в редакции приказа № 488 от 27.07.2015; по состоянию на 01.06.2016" in out
    assert ACT + "index.html?on=2016-06-01#rules.p7.sp5" in out


def test_the_latest_page_writes_out_its_short_cells_and_cites_their_order(desktop, file_root):
    """The static page says a cell's start short (macros.html); the script writes it out as a
    dated cell says it and gives the cell its order for the citation (act.js: expandMeta, setBy)."""
    page = desktop.page
    page.goto(file_root + ACT + "index.html#rules.p7.sp5")
    meta = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] .meta')
    assert "in force as of the latest source — the wording in force since ≥ 2015-08-26 source: consolidated text" \
        in meta.inner_text()
    assert not page.locator('.legend [data-t="legend.since.form"]').is_visible()   # it explains the short form
    choose_ui_lang(page, "ru")
    out = cite(page, "rules.p7.sp5")
    assert "в редакции приказа № 488 от 27.07.2015; по последнему источнику корпуса" in out


def test_the_home_filter_finds_an_act_by_number(desktop, file_root):
    page = desktop.page
    requests = desktop.requests
    page.goto(file_root + "index.html")
    assert not any(r.endswith("acts-index.js") for r in requests)   # the first view does not load the index
    page.fill("#f-number", "№ 583")
    page.wait_for_function("document.querySelectorAll('#acts-list .act-row').length === 1 && !!window.NB_ACTS")
    assert any(r.endswith("acts-index.js") for r in requests)
    row = page.locator("#acts-list .act-row")
    assert "583-2007" in row.inner_text()
    page.fill("#f-number", "99999")
    page.wait_for_function("document.querySelectorAll('#acts-list .act-row').length === 0")
    assert page.locator("#acts-status").inner_text() == "No act matches."
    page.fill("#f-number", "")
    page.fill("#f-title", "учебно-методической")
    page.wait_for_function("document.querySelectorAll('#acts-list .act-row').length === 1")
    page.select_option("#f-status", "not_in_force")
    page.wait_for_function("document.querySelectorAll('#acts-list .act-row').length === 0")
    page.select_option("#f-status", "in_force")
    page.click("#acts-filter button[type=submit]")
    row.locator("a.act-name").click()
    assert page.url.endswith(ACT + "index.html")


def test_the_self_check_speaks_the_readers_language(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html#about")
    choose_ui_lang(page, "kk")
    assert "өзгеріске ескертпе жоқ" in page.locator("table.findings").inner_text()
    assert "footnote_missing" not in page.locator("table.findings").inner_text()
    warn = page.locator("table.findings .sev-badge.sev-warning").first
    info = page.locator("table.findings .sev-badge.sev-info").first
    assert warn.inner_text().endswith("ескерту") and info.inner_text().endswith("мәлімет")
    colour = "e => getComputedStyle(e).backgroundColor"
    assert warn.evaluate(colour) != info.evaluate(colour)


def test_the_citation_follows_the_date_back_to_the_latest(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2016-06-01#rules.p7.sp5")
    page.get_by_role("button", name="latest").click()             # the units are redrawn as they were
    out = cite(page, "rules.p7.sp5")
    assert "as of the newest source in the corpus" in out and "on=" not in out


def test_the_script_unpacks_the_timelines_as_act_data_does(desktop, file_root, site_dir):
    """timelines.js is packed (shared strings once); act.js's unpack gives the data that
    act_data.unpack gives, so the page draws what the one-answer checks read."""
    import json

    from normbase.site.act_data import read_timelines

    text = (site_dir / ACT / "timelines.js").read_text(encoding="utf-8")
    packed = json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n"))
    assert "s" in packed and "w" in packed                   # packed, not the plain data
    page = desktop.page
    page.goto(file_root + ACT + "index.html")
    got = page.evaluate("p => NB_unpackTimelines(p)", packed)
    assert got == read_timelines(text, (site_dir / ACT / "index.html").read_text(encoding="utf-8"))


def test_the_static_page_speaks_the_interface_language_from_its_plain_markup(desktop, file_root):
    """The latest page spells no key out on its units (app.js reads them from the classes):
    switched to Russian, its badges, dates, sources, gaps, pair flags and menu all follow;
    the history links and the language buttons are the script's."""
    page = desktop.page
    page.goto(file_root + ACT + "index.html")
    choose_ui_lang(page, "ru")
    meta = page.locator('article[id="rules.p10"] .cell[lang="ru"] .meta')
    assert "по последнему источнику — текст, действующий с" in meta.inner_text()
    assert "источник:" in meta.inner_text()
    assert page.locator(".unit .badge-in_force").first.inner_text() == "действует"
    assert page.locator(".unit .gap-deleted > span[lang]").first.inner_text() == "Исключён"
    assert page.locator(".site-header nav a").first.inner_text() == "Акты"
    flag = page.locator('article[id="order.title"] .pair-flag')
    assert flag.inner_text() == "разные редакции"
    units = page.locator("article.unit").count()
    assert page.locator("article.unit .history-link").count() == units
    choose_ui_lang(page, "en")
    assert page.locator(".unit .badge-in_force").first.inner_text() == "in force"


def test_source_lines_are_numbered_without_javascript_and_linked_with_it(browser, desktop, file_root):
    url = file_root + "sources/583-2007/ru.html#L5"
    number = "getComputedStyle(document.getElementById('L5'), '::before').content"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.evaluate(number) == "counter(line)" and page.locator('[id="L5"] a').count() == 0
    context.close()
    page = desktop.page
    page.goto(url)
    assert page.evaluate(number) == "none" and page.locator('[id="L5"] > a.ln').inner_text() == "5"


def test_an_order_links_each_instruction_to_the_act_on_its_day(desktop, file_root):
    page = desktop.page
    page.goto(file_root + "orders/488-2015.html")
    in_act = page.locator('.instructions a[data-t="order.in_act"]')
    assert in_act.count() >= 20
    hrefs = [in_act.nth(i).get_attribute("href") for i in range(in_act.count())]
    assert "../acts/583-2007/index.html?on=2015-08-26#rules.p7.sp5" in hrefs
    assert all(h.startswith("../acts/583-2007/index.html?on=2015-08-26#") for h in hrefs)
    own = page.locator(".order-text > p[id] > a:first-child")   # each clause's address links to itself
    assert own.count() > 0
    for i in range(min(own.count(), 30)):
        a = own.nth(i)
        assert a.get_attribute("href") == "#" + a.evaluate("e => e.parentNode.id")
    in_act.first.click()
    page.wait_for_url("**/acts/583-2007/index.html?on=2015-08-26#*")
