"""Atom feeds: built with feedgen, parsed back with feedparser, every link resolving in the site."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from normbase.cli import main
from normbase.pipeline import build
from normbase.site import build_site
from normbase.site.links import link_problems, scan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("feeds") / "site"
    build_site(build(ROOT), ROOT, out)
    return out


def _problems(site: Path, feed: str, links: list[str]) -> list[str]:
    present = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}

    def ids(target):
        return set(scan((site / target).read_text(encoding="utf-8")).ids) if target.endswith(".html") else set()
    return link_problems(feed, [("href", u) for u in links], present.__contains__, ids)


@pytest.mark.parametrize("name", ["all.atom", "583-2007.atom"])
def test_feeds_parse_and_every_link_resolves(site, name):
    parsed = feedparser.parse((site / "feeds" / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    for order in ("488-2015", "40-2016", "78-2022"):
        assert f"Order {order} amends 583-2007" in titles
    assert "583-2007 on 2016-01-29" in titles
    e488 = next(e for e in parsed.entries if e.title == "Order 488-2015 amends 583-2007")
    hrefs = [link.href for link in e488.links]
    assert any("index.html?history=rules.p7.sp5#rules.p7.sp5" in h for h in hrefs)   # the unit's history panel
    links = [link.href for e in parsed.entries for link in e.links] + [link.href for link in parsed.feed.links]
    assert _problems(site, f"feeds/{name}", links) == []


def test_the_link_check_catches_a_broken_feed_link(site):
    assert _problems(site, "feeds/all.atom", ["../acts/583-2007/index.html#rules.p99"])


def test_changes_command_prints_the_feed_list():
    result = CliRunner().invoke(main, ["--root", str(ROOT), "changes", "--since", "2016-01-01", "--act", "583"])
    assert result.exit_code == 0, result.output
    assert "Order 40-2016 amends 583-2007" in result.stdout and "Order 488-2015" not in result.stdout
    assert "rules.p10 [kk] version" in result.stdout
