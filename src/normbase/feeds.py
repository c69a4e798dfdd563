"""Change feeds: what changed, when, by which order — as Atom for the site and as a list for the CLI.

reads: a ``KnowledgeBase`` (orders of each act, timelines); writes: ``Change`` values
(``changes``), Atom XML built with feedgen (``atom``). ``normbase changes`` prints the same list.

An entry per amending order (the units it changed in each language, each linked to the unit's
history page at that version, where the redline is) and per version date of an act (the day
some wording or its certainty may change, linked to the act as in force on that day). A date
known only from below (≥ 2015-08-26) is given as its earliest day, and the entry says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, UTC

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
    one = kb.history(act) if act else None
    for h in kb.histories if not act else [one] if one else []:  # an act's own: not every act's read
        for e in h.orders:
            units = [
                (t.address, t.lang, i + 1)
                for t in h.timelines
                for i, v in enumerate(t.versions)
                if v.changed_by == e.id
            ]
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


def unit_urls(path: str, c: Change) -> list[tuple[str, str]]:
    """(label, URL) of each unit version a change touches: the act page with the unit's history open."""
    return [(f"{a} [{lang}] v{n}", rel(path, unit_page(c.act, a))) for a, lang, n in c.units]


def feed_path(act: str | None) -> str:
    return f"feeds/{act}.atom" if act else "feeds/all.atom"


def atom(kb, act: str | None = None) -> tuple[bytes, list[str]]:
    """The Atom feed of one act (or of the whole corpus) and the relative links it holds."""
    from feedgen.feed import FeedGenerator

    path = feed_path(act)
    items = changes(kb, act=act)
    fg = FeedGenerator()
    fg.id(f"tag:normbase,2024:{act or 'corpus'}")
    fg.title(f"normbase — changes of {act}" if act else "normbase — changes of every act")
    fg.link(href=rel(path, act_page(act) if act else "index.html"), rel="alternate")
    fg.link(href=rel(path, path), rel="self")
    fg.language("kk")
    newest = max((c.day for c in items), default=date(2000, 1, 1))
    fg.updated(datetime(newest.year, newest.month, newest.day, tzinfo=UTC))
    links = [rel(path, act_page(act) if act else "index.html")]
    for c in reversed(items):  # feedgen puts the entry added last first
        fe = fg.add_entry()
        fe.id(f"tag:normbase,2024:{c.act}/{c.kind}/{c.order or c.day.isoformat()}")
        fe.title(c.title)
        url = _url(path, c)
        fe.link(href=url, rel="alternate")
        links.append(url)
        for label, u in unit_urls(path, c):
            fe.link(href=u, rel="related", title=label)
            links.append(u)
        moment = datetime(c.day.year, c.day.month, c.day.day, tzinfo=UTC)
        fe.updated(moment)
        fe.published(moment)
        units = ", ".join(label for label, _u in unit_urls(path, c)) or "none"
        exact = "" if c.exact else " The entry into force is known only from below: this is its earliest day."
        fe.summary(f"{c.summary}.{exact} Units: {units}.")
    return fg.atom_str(pretty=True), links
