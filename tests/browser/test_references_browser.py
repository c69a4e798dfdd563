"""Browser: a reference on the act page leads to the cited unit on the same date."""

from __future__ import annotations

import re

import pytest

from .site_projects import ACT, make_reference_project

from normbase.pipeline import build
from normbase.site import build_site


@pytest.fixture(scope="module")
def ref_site_dir(tmp_path_factory):
    project = make_reference_project(tmp_path_factory.mktemp("browser-refs") / "p")
    out = project / "site-out"
    build_site(build(project), project, out)
    return out


def test_clicking_a_reference_lands_on_the_cited_unit_on_the_same_date(desktop, ref_site_dir):
    page = desktop.page
    root = ref_site_dir.as_uri() + "/"
    page.goto(root + f"acts/{ACT}/index.html?on=2012-06-01")
    ref = page.locator('article[id="rules.p6"] .cell[lang="ru"] a.ref')
    ref.click()
    page.wait_for_url(re.compile(r"/index\.html\?on=2012-06-01#rules\.p4$"))
    assert page.evaluate("document.querySelector(':target').id") == "rules.p4"
    assert "пяти человек" in page.locator('article[id="rules.p4"] .cell[lang="ru"]').inner_text()
    desktop.shot("reference-click-rules.p4")

    page.goto(root + f"acts/{ACT}/index.html?on=2010-02-01")
    page.locator('article[id="rules.p6"] .cell[lang="kk"] a.ref').click()
    page.wait_for_url(re.compile(r"/index\.html\?on=2010-02-01#rules\.p4$"))
    assert "үш адамнан" in page.locator('article[id="rules.p4"] .cell[lang="kk"]').inner_text()


def test_a_reference_in_the_history_panel_keeps_the_date(desktop, ref_site_dir):
    page = desktop.page
    page.goto(ref_site_dir.as_uri() + f"/acts/{ACT}/index.html?on=2012-06-01&view=ru")
    page.locator('article[id="rules.p6"] .history-link').click()
    hrefs = page.locator('#history .timeline[lang="ru"] a.ref').evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.endswith(f"acts/{ACT}/index.html?on=2012-06-01&view=ru#rules.p4") for h in hrefs), hrefs
