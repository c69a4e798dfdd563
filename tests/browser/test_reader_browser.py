"""What a reader needs at a glance, in Chromium: the interface language (chosen, remembered,
by default the browser's), print with the legend, the date and the URL, a cited source line
opened, the citation copied in the reader's language."""

from __future__ import annotations

ACT = "acts/583-2007/"


def test_switch_the_interface_language_and_see_it_remembered(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "2016-01-29/index.html?on=2016-06-01")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click('.ui-lang [data-ui-lang="ru"]')
    assert page.evaluate("document.documentElement.lang") == "ru"
    badge = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] .badge').first
    assert "вступил в силу в неизвестный день ≥ 26.08.2015" in badge.inner_text()
    assert page.locator(".legend").inner_text().count("предполагается по более поздней редакции") == 1
    # legal text keeps its own language
    assert page.locator('article[id="rules.p7.sp5"] .cell[lang="kk"]').count() == 1
    page.goto(file_root + ACT + "units/rules.p10.html")       # another page: the choice is remembered
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert "текст неизвестен" in page.locator(".answers .badge-unknown").first.inner_text()
    page.click('.ui-lang [data-ui-lang="kk"]')
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.locator('.ui-lang [data-ui-lang="kk"]').get_attribute("aria-pressed") == "true"
    desktop.shot("ui-lang-kk")


def test_the_default_interface_language_is_the_browsers(browser, file_root):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    page.goto(file_root + ACT + "latest/index.html")
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.locator(".legend .kind-presumed").inner_text() == "кейінгі шоғырландырылған мәтін бойынша болжанады"
    context.close()


def test_print_shows_the_legend_the_date_and_the_url(desktop, file_root):
    page = desktop.page
    url = file_root + ACT + "2016-01-29/index.html?on=2016-06-01"
    page.goto(url)
    page.emulate_media(media="print")
    assert page.locator(".legend").is_visible()
    assert "presumed from a later consolidated text" in page.locator(".legend").inner_text()
    meta = page.locator(".print-meta")
    assert meta.is_visible()
    assert "2016-06-01" in meta.inner_text() and url in meta.inner_text()
    assert page.locator(".when-note").is_visible()
    assert not page.locator(".cite-btn").first.is_visible()
    desktop.shot("act-print-legend", full_page=False)


def test_open_a_cited_source_line(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "latest/index.html")
    link = page.locator('article[id="rules.p7.sp5"] .cell[lang="ru"] a.lines')
    text = link.inner_text()
    first, last = (int(x) for x in text.split()[-1].split("-"))
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#L{first}") and "/sources/583-2007/ru.html" in page.url
    line = page.locator(f'[id="L{first}"]')
    assert line.is_visible()
    assert page.locator(".src-line.hl").count() == last - first + 1
    assert page.evaluate(f"document.getElementById('L{first}').getBoundingClientRect().top") < 200
    desktop.shot("source-line")


def test_copy_the_permalink_and_a_citation_in_the_readers_language(desktop, file_root):
    page = desktop.page
    page.goto(file_root + ACT + "2016-01-29/index.html?on=2016-06-01#rules.p7.sp5")
    page.click('.ui-lang [data-ui-lang="ru"]')
    page.click('article[id="rules.p7.sp5"] .cite-btn')
    out = page.locator('article[id="rules.p7.sp5"] .cite-out').inner_text()
    assert "подпункт 5) пункта 7 Правил организации" in out
    assert "в редакции приказа № 488 от 27.07.2015; по состоянию на 01.06.2016" in out
    assert "2016-01-29/index.html?on=2016-06-01#rules.p7.sp5" in out
