"""Fixtures for the browser tests: a built site, a localhost server, Debian's Chromium.

The tests skip — with the reason — only when Chromium or the ``playwright`` package truly
cannot be found; on CI (``CI`` set) that is a failure instead: ``scripts/test.sh``
installs Chromium with apt-get, the ``test`` extra installs playwright. Screenshots go to
``test-artifacts/browser/`` (gitignored).
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from .browser_support import chromium_path, launch, offsite
from .site_projects import ROOT, make_markup_project

from normbase.pipeline import build
from normbase.site import build_site

ARTIFACTS = ROOT / "test-artifacts" / "browser"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — on CI the browser tests must run (scripts/test.sh installs Chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if chromium_path() is None:
        _unavailable("no Chromium at /usr/bin/chromium (apt-get install chromium, or set NORMBASE_CHROMIUM)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    b = launch(playwright)
    yield b
    b.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-site") / "site"
    build_site(build(ROOT), ROOT, out)
    return out


@pytest.fixture(scope="session")
def markup_site_dir(tmp_path_factory) -> Path:
    project = make_markup_project(tmp_path_factory.mktemp("browser-markup") / "p")
    out = project / "site-out"
    build_site(build(project), project, out)
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass


@pytest.fixture(scope="session")
def http_root(site_dir) -> str:
    """``http://127.0.0.1:<port>/`` serving the site from a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def file_root(site_dir) -> str:
    return site_dir.as_uri() + "/"


class Recorder:
    """A page that records every request it makes and every script error."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def check(self):
        assert offsite(self.requests) == [], offsite(self.requests)
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs

    def shot(self, name: str, full_page: bool = False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    rec = Recorder(context.new_page())
    yield rec
    rec.check()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    rec = Recorder(context.new_page())
    yield rec
    rec.check()
    context.close()
