"""Finding and launching Debian's Chromium for Playwright (never ``playwright install``).

reads: the environment (``NORMBASE_CHROMIUM`` overrides the path); writes: nothing.

Shared by the browser tests and ``benchmarks/site_search.py``. Every page a test opens
records its requests; ``offsite(requests)`` lists those that are not ``file:`` or
localhost (the site must need nothing else).
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    env = os.environ.get("NORMBASE_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


def launch(playwright):
    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found (apt-get install chromium, or set NORMBASE_CHROMIUM)")
    return playwright.chromium.launch(executable_path=path, args=ARGS)


def offsite(urls) -> list[str]:
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "about", "blob"):
            continue
        if parts.scheme in ("http", "https") and parts.hostname in ("localhost", "127.0.0.1"):
            continue
        bad.append(url)
    return bad


def choose_ui_lang(page, lang: str) -> None:
    """Press the interface language button ``lang`` and wait until the page speaks it: a page
    holds only its language's strings, so switching first loads the other's (static/i18n/)."""
    page.click(f'.ui-lang [data-ui-lang="{lang}"]')
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang)


def cite(page, unit: str) -> str:
    """Press the unit's citation button and return the citation once it is written out: it is
    written when the copy to the clipboard has answered, which a page may do later."""
    page.click(f'article[id="{unit}"] .cite-btn')
    out = page.locator(f'article[id="{unit}"] .cite-out')
    page.wait_for_function(
        "id => { const p = document.querySelector('article[id=\"' + id + '\"] .cite-out');"
        " return p && p.textContent.trim() !== ''; }",
        arg=unit,
    )
    return out.inner_text()
