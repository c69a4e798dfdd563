"""The interface strings in Chromium: a page loads the table of the language it shows and no
other (``static/i18n/<lang>.js``, picked in the page's head), has it before it is first shown,
loads another's only when the reader switches, and still gets its own when the head's loader
could not write it in (then a moment later)."""

from __future__ import annotations

import re

from .browser_support import choose_ui_lang

ACT = "acts/583-2007/index.html"
PAGES = ("index.html", ACT, "search.html", "orders/488-2015.html", "check.html", "holdings.html",
         "sources/583-2007/ru.html")


def loaded(requests: list[str]) -> list[str]:
    """The string tables a page asked for, in order."""
    return [m.group(1) for r in requests if (m := re.search(r"/static/i18n/(\w+)\.js$", r))]


def tables(page) -> list[str]:
    return page.evaluate("Object.keys(window.NB_I18N || {}).sort()")


def test_a_page_loads_the_strings_of_the_language_it_shows_and_no_other(browser, file_root):
    requests: list[str] = []
    for locale, lang in (("en-US", "en"), ("kk-KZ", "kk"), ("ru-RU", "ru")):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        for path in PAGES:
            requests.clear()
            page.goto(file_root + path)
            assert page.evaluate("document.documentElement.lang") == lang, (locale, path)
            assert loaded(requests) == [lang], (locale, path, requests)
            assert tables(page) == [lang], (locale, path)
        other = "ru" if lang != "ru" else "kk"      # switching loads the other table, once
        requests.clear()
        choose_ui_lang(page, other)
        assert loaded(requests) == [other]
        assert tables(page) == sorted({lang, other})
        requests.clear()
        page.goto(file_root + ACT)                  # remembered: the next page loads only that one
        assert loaded(requests) == [other] and tables(page) == [other]
        assert page.evaluate("document.documentElement.lang") == other
        context.close()


def test_the_page_speaks_the_readers_language_before_it_is_first_shown(browser, file_root):
    """The table is there when app.js runs at the end of the body: the page is relabelled
    before DOMContentLoaded (so before the browser shows it, as far as a script can tell),
    not after a later load."""
    context = browser.new_context(locale="ru-RU")
    context.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
        window.nb_seen = [document.documentElement.lang, document.querySelector(".skip").textContent,
                          document.querySelector(".site-header nav a").textContent]; });""")
    page = context.new_page()
    for path in ("index.html", ACT):
        page.goto(file_root + path)
        assert page.evaluate("window.nb_seen") == ["ru", "К содержанию", "Акты"], path
    context.close()


def test_without_the_heads_loader_the_table_still_comes(browser, file_root):
    """A browser that refuses document.write: app.js adds the table itself, then relabels."""
    context = browser.new_context(locale="kk-KZ")
    context.add_init_script("document.write = function () {};")
    page = context.new_page()
    page.goto(file_root + ACT)
    page.wait_for_function("document.documentElement.lang === 'kk'")
    assert page.locator(".site-header nav a").first.inner_text() == "Актілер"
    assert tables(page) == ["kk"]
    context.close()
