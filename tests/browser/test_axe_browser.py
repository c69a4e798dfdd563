"""axe-core in Chromium: no violation on the act page (on a date, with the history panel open),
the home page and the search page.

axe-core is the npm package pinned in ``tests/browser/axe/package-lock.json``; ``scripts/setup.sh
test`` installs it (``npm ci``). Its ``axe.min.js`` is injected into each page
(``page.add_script_tag``); the run is from ``file://`` like a reader's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser_support import choose_ui_lang

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ACT = "acts/583-2007/"


@pytest.fixture(scope="module")
def axe_js() -> str:
    if not AXE.is_file():
        reason = f"axe-core not installed ({AXE}): run scripts/setup.sh test (npm ci in tests/browser/axe)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return str(AXE)


def violations(page, axe_js: str) -> list[str]:
    page.add_script_tag(path=axe_js)
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => v.id + ": " + v.help + " — " +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    return found


@pytest.mark.parametrize("path", [
    "index.html",
    "search.html?q=олимпиада&lang=kk",
    ACT + "index.html",
    ACT + "index.html?on=2016-06-01&view=ru#rules.p10",
    "check.html",
    "orders/488-2015.html",
    "sources/583-2007/ru.html?lines=105-123#L105",
])
def test_no_axe_violation(desktop, file_root, axe_js, path):
    page = desktop.page
    page.goto(file_root + path)
    if "search.html" in path:
        page.wait_for_selector("#results > li")
    assert violations(page, axe_js) == [], path


def test_no_axe_violation_with_the_history_panel_open(desktop, file_root, axe_js):
    page = desktop.page
    page.goto(file_root + ACT + "index.html?on=2016-06-01")
    page.locator('article[id="rules.p10"] .history-link').click()
    page.locator("#history").wait_for(state="visible")
    assert violations(page, axe_js) == []


def test_no_axe_violation_in_kazakh_and_russian(desktop, file_root, axe_js):
    page = desktop.page
    for lang in ("kk", "ru"):
        page.goto(file_root + ACT + "index.html?on=2016-06-01")
        choose_ui_lang(page, lang)
        page.locator('article[id="rules.p7.sp5"] .history-link').click()
        assert violations(page, axe_js) == [], lang


def test_the_check_finds_a_violation_when_there_is_one(desktop, file_root, axe_js):
    """The checks above can fail: a control without a name and low contrast are reported."""
    page = desktop.page
    page.goto(file_root + "index.html")
    page.evaluate("""() => { const b = document.createElement('button'); document.querySelector('main').appendChild(b);
                             const p = document.createElement('p'); p.textContent = 'faint';
                             p.style.color = '#eee'; document.querySelector('main').appendChild(p); }""")
    found = " ".join(violations(page, axe_js))
    assert "button-name" in found and "color-contrast" in found
