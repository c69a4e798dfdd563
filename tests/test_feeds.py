"""Atom feeds: written with lxml, parsed back with feedparser, every link resolving in the site."""

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


@pytest.mark.parametrize("name", ["all.atom", "583-2007.atom"])
def test_a_feed_is_not_indented(site, name):
    """Whitespace between elements is 5 % of a feed and means nothing to a reader: none."""
    data = (site / "feeds" / name).read_bytes()
    assert data.endswith(b"</feed>\n") and b">\n " not in data and b"><entry>" in data


def test_the_link_check_catches_a_broken_feed_link(site):
    assert _problems(site, "feeds/all.atom", ["../acts/583-2007/index.html#rules.p99"])


def test_changes_command_prints_the_feed_list():
    result = CliRunner().invoke(main, ["--root", str(ROOT), "changes", "--since", "2016-01-01", "--act", "583"])
    assert result.exit_code == 0, result.output
    assert "Order 40-2016 amends 583-2007" in result.stdout and "Order 488-2015" not in result.stdout
    assert "rules.p10 [kk] version" in result.stdout


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("name", ["all.atom", "583-2007.atom"])
def test_each_entry_has_one_alternate_link_and_each_unit_once(site, name):
    """RFC 4287 §4.1.1: no two alternate links of the same type and language in an entry, and
    a feed without an author in every entry has one itself. The entry's alternate is the order's
    page or the act on that day; its units are related links, each URL once."""
    from lxml import etree

    feed = etree.fromstring((site / "feeds" / name).read_bytes())
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for e in entries:
        links = e.findall(f"{ATOM}link")
        alternate = [x.get("href") for x in links if x.get("rel", "alternate") == "alternate"]
        related = [x.get("href") for x in links if x.get("rel") == "related"]
        assert len(alternate) == 1 and len(related) + 1 == len(links), e.findtext(f"{ATOM}id")
        assert len(set(related)) == len(related)
        assert all("?history=" in h for h in related)
        kind = e.findtext(f"{ATOM}id").split("/")[-2]
        assert ("/orders/" in alternate[0]) == (kind == "order")
    e488 = next(e for e in entries if e.findtext(f"{ATOM}title") == "Order 488-2015 amends 583-2007")
    related = [x.get("href") for x in e488.findall(f"{ATOM}link[@rel='related']")]
    assert "../acts/583-2007/index.html?history=rules.p7.sp5#rules.p7.sp5" in related
    assert "rules.p7.sp5 v2 (kk, ru)" in e488.findtext(f"{ATOM}summary")


def test_the_feed_gives_the_link_check_each_of_its_links_once():
    from lxml import etree

    from normbase import feeds

    kb = build(ROOT)
    data, links = feeds.atom(kb, "583-2007")
    assert data == feeds.atom(kb, "583-2007")[0]  # deterministic
    hrefs = {x.get("href") for x in etree.fromstring(data).iter(f"{ATOM}link") if x.get("rel") != "self"}
    assert len(links) == len(set(links)) and set(links) == hrefs


def test_the_corpus_feed_holds_only_the_newest_changes(monkeypatch):
    """The corpus feed does not grow with the corpus: its newest ``CORPUS_ENTRIES`` changes
    (each act's own feed keeps all of its)."""
    from normbase import feeds

    kb = build(ROOT)
    every = feeds.changes(kb)
    assert len(every) > 3
    monkeypatch.setattr(feeds, "CORPUS_ENTRIES", 3)
    parsed = feedparser.parse(feeds.atom(kb)[0])
    assert [e.id for e in parsed.entries] == [
        f"tag:normbase,2024:{c.act}/{c.kind}/{c.order or c.day.isoformat()}" for c in every[:3]]
    act = every[0].act
    assert len(feedparser.parse(feeds.atom(kb, act)[0]).entries) == len(feeds.changes(kb, act=act))


def test_a_version_entry_names_the_order_of_its_day_instead_of_repeating_its_units(site):
    """A version date's entry leaves out the units an order's entry of the same day already names
    with the same versions, and names that order instead."""
    from lxml import etree

    feed = etree.fromstring((site / "feeds" / "583-2007.atom").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    named = [e for e in entries if "those of order 488-2015 in its entry" in e.findtext(f"{ATOM}summary")]
    assert len(named) == 1 and "/version/" in named[0].findtext(f"{ATOM}id")
    e488 = next(e for e in entries if e.findtext(f"{ATOM}title") == "Order 488-2015 amends 583-2007")
    of_order = {x.get("href") for x in e488.findall(f"{ATOM}link[@rel='related']")}
    of_version = {x.get("href") for x in named[0].findall(f"{ATOM}link[@rel='related']")}
    assert of_order and not of_order & of_version
    assert "rules.p7.sp5 v2" not in named[0].findtext(f"{ATOM}summary")
