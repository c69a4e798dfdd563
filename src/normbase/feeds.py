"""Change feeds: what changed, when, by which order — as Atom for the site and as a list for the CLI.

reads: a ``KnowledgeBase`` (orders of each act, timelines); writes: ``Change`` values
(``changes``), Atom XML (RFC 4287) built with lxml (``atom``). ``normbase changes`` prints the
same list.

An entry per amending order and per version date of an act (the day some wording or its
certainty may change). Its one ``alternate`` link is the order's page, or the act as in force
on that day; each unit it touches is a ``related`` link to the unit's history (where the
redline is), once per unit however many languages and versions; the summary names them with
their versions. A version date's entry leaves out the units an order's entry of the same day
already names with the same versions, and names that order instead (each was given twice, half of
a feed). A date known only from below (≥ 2015-08-26) is given as its earliest day, and
the entry says so. (feedgen 1.0 writes no ``rel`` or ``title`` on an entry's links — so every
link was an ``alternate``, one per language, which RFC 4287 §4.1.1 forbids — and adding n
links to an entry costs it n² steps: the feed is written here, in a few lines of lxml.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from normbase.site.pages import act_page, order_page, rel, unit_page, version_list


@dataclass
class Change:
    day: date
    kind: str  # "order" | "version"
    act: str
    title: str
    summary: str
    order: str | None = None
    exact: bool = True
    units: list[tuple[str, str, int]] = field(default_factory=list)  # (address, lang, version number from 1)


def changes(kb, since: date | None = None, act: str | None = None) -> list[Change]:
    """Every change of every act (or of ``act``) on or after ``since``, newest first."""
    out: list[Change] = []
    histories = kb.histories if not act else [h for h in [kb.history(act)] if h]  # not every act read
    for h in histories:
        by_order: dict[str, list[tuple[str, str, int]]] = {}  # each order's unit versions, in timeline order
        for t in h.timelines:
            for i, v in enumerate(t.versions):
                if v.changed_by:
                    by_order.setdefault(v.changed_by, []).append((t.address, t.lang, i + 1))
        for e in h.orders:
            units = by_order.get(e.id, [])
            exact = e.window.exact
            when = f"{'on' if exact else 'not before'} {e.window.earliest}"
            langs = ", ".join(e.langs) if e.langs else "no text in the corpus (known from a footnote)"
            summary = f"in force {when}; {len(units)} unit versions changed; texts: {langs}"
            out.append(
                Change(
                    e.window.earliest,
                    "order",
                    h.act,
                    f"Order {e.id} amends {h.act}",
                    summary,
                    e.id,
                    exact,
                    units,
                )
            )
        starts: dict[date, list[tuple[str, str, int]]] = {}
        for t in h.timelines:
            for i, v in enumerate(t.versions):
                if v.start:
                    starts.setdefault(v.start.earliest, []).append((t.address, t.lang, i + 1))
        for v in version_list(h):
            units = starts.get(v["date"], [])
            out.append(
                Change(
                    v["date"],
                    "version",
                    h.act,
                    f"{h.act} on {v['key']}",
                    f"{'; '.join(v['what'])}; {len(units)} unit versions begin",
                    units=units,
                )
            )
    out = [c for c in out if since is None or c.day >= since]
    return sorted(out, key=lambda c: (c.day, c.kind == "version", c.act, c.order or ""), reverse=True)


def _url(path: str, c: Change) -> str:
    if c.kind == "order":
        assert c.order is not None  # an order's change names it
        return rel(path, order_page(c.order))
    return rel(path, act_page(c.act, c.day.isoformat()))


def unit_labels(c: Change) -> list[tuple[str, str]]:
    """(address, its versions) of each unit a change touches, in the order first met: "v2 (kk, ru)",
    or "v2 (kk), v3 (ru)" when the languages' version numbers differ."""
    versions: dict[str, dict[int, list[str]]] = {}
    for a, lang, n in c.units:
        versions.setdefault(a, {}).setdefault(n, []).append(lang)
    return [
        (a, ", ".join(f"v{n} ({', '.join(langs)})" for n, langs in by_n.items()))
        for a, by_n in versions.items()
    ]


CORPUS_ENTRIES = 500  # the corpus feed's newest entries (uncapped it grew with the corpus: 25 MB, 1,000 acts)


def feed_path(act: str | None) -> str:
    return f"feeds/{act}.atom" if act else "feeds/all.atom"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _add(parent, tag: str, text: str | None = None, **attrib: str):
    el = etree.SubElement(parent, tag, attrib)
    el.text = text
    return el


def atom(kb, act: str | None = None) -> tuple[bytes, list[str]]:
    """The Atom feed of one act (or of the whole corpus) and the relative links it holds (each once)."""
    path = feed_path(act)
    items = changes(kb, act=act)
    if act is None:  # the corpus feed: its newest changes (every act's feed holds all of its own)
        items = items[:CORPUS_ENTRIES]
    home = rel(path, act_page(act) if act else "index.html")
    feed = etree.Element("feed", {_XML_LANG: "kk"}, nsmap={None: _NS})
    _add(feed, "id", f"tag:normbase,2024:{act or 'corpus'}")
    _add(feed, "title", f"normbase — changes of {act}" if act else "normbase — changes of every act")
    _add(feed, "updated", _stamp(max((c.day for c in items), default=date(2000, 1, 1))))
    _add(_add(feed, "author"), "name", "normbase")
    _add(feed, "link", href=home, rel="alternate")
    _add(feed, "link", href=rel(path, path), rel="self")
    links = {home: None}
    unit_urls: dict[tuple[str, str], str] = {}
    in_order: dict[tuple[str, date, str, str], str] = {}  # (act, day, unit, versions) -> the order naming it
    labels_of = [unit_labels(c) for c in items]
    for c, labels in zip(items, labels_of):
        if c.kind == "order":
            for a, versions in labels:
                in_order.setdefault((c.act, c.day, a, versions), str(c.order))
    for c, labels in zip(items, labels_of):  # newest first
        entry = _add(feed, "entry")
        _add(entry, "id", f"tag:normbase,2024:{c.act}/{c.kind}/{c.order or c.day.isoformat()}")
        _add(entry, "title", c.title)
        _add(entry, "updated", _stamp(c.day))
        url = _url(path, c)
        _add(entry, "link", href=url, rel="alternate")
        links[url] = None
        named = {}  # the orders whose entries name the rest of its units
        if c.kind == "version":
            named = {in_order[k]: None for a, v in labels if (k := (c.act, c.day, a, v)) in in_order}
            labels = [(a, v) for a, v in labels if (c.act, c.day, a, v) not in in_order]
        for a, _versions in labels:
            u = unit_urls.get((c.act, a))
            if u is None:
                u = unit_urls[c.act, a] = rel(path, unit_page(c.act, a))
                links[u] = None
            _add(entry, "link", href=u, rel="related")
        units = "; ".join(f"{a} {versions}" for a, versions in labels) or ("" if named else "none")
        if named:
            where = "its entry" if len(named) == 1 else "their entries"
            units += f"{'; ' if units else ''}those of order {', '.join(named)} in {where}"
        exact = "" if c.exact else " The entry into force is known only from below: this is its earliest day."
        _add(entry, "summary", f"{c.summary}.{exact} Units: {units}.")
    data = etree.tostring(feed, xml_declaration=True, encoding="UTF-8") + b"\n"  # (not indented: 5 % less)
    return data, list(links)
