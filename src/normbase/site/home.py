"""The home page, the list of acts, the holdings statement and the self-check per act.

reads: a ``KnowledgeBase`` (metadata, timelines through ``query.answer``, the self-check);
writes: nothing — returns ``Page`` values, and the compact acts index as bytes.

The home page's first view stays small at any corpus size: it shows the first ``PAGE``
acts and a filter (title, number, year, kind, status). The filter reads
``static/acts-index.js`` — one short row per act — fetched only when the reader uses it;
without JavaScript the list goes on in pages ``list/<n>.html``.

An act's status in the list is a summary of ``query.answer``'s statuses for its units as of
the latest source (nothing recomputed): ``in_force`` when some unit has a wording in force,
``uncertain`` when the wordings there are are all uncertain, ``unknown`` when no wording is
known, ``not_in_force`` when every unit is deleted or not in force (a repealed act).
"""

from __future__ import annotations

import json

from normbase.checks import SEVERITY_RANK, self_check
from normbase.query import answer
from normbase.site.pages import (
    PAIR_TEXT,
    Page,
    act_page,
    act_source,
    order_page,
    rel,
    unit_page,
)
from normbase.timelines import unit_key

PAGE = 50
STATUS_ORDER = ("in_force", "uncertain", "unknown", "not_in_force")


def act_status(h) -> str:
    """The act's status in the list: a summary of ``answer`` for its units (see above)."""
    said = {answer(h.timeline(a, lang), None, h.start).status for a in h.addresses for lang in ("kk", "ru")}
    if "in_force" in said:
        return "in_force"
    if "uncertain" in said:
        return "uncertain"
    if "unknown" in said:
        return "unknown"
    return "not_in_force"


def act_rows(kb) -> list[dict]:
    """One row per act, newest year first, then by number."""
    rows = []
    for h in kb.histories:
        s = act_source(kb, h)
        rows.append(
            {
                "id": h.act,
                "number": s.id.number,
                "year": s.id.year,
                "kind": s.kind,
                "status": act_status(h),
                "title": dict(sorted(s.title.items())),
                "signed": s.signed.isoformat() if s.signed else "",
                "units": len(h.addresses),
                "orders": len(h.orders),
            }
        )
    return sorted(rows, key=lambda r: (-r["year"], _num_key(r["number"]), r["id"]))


def _num_key(number: str) -> tuple:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


def list_path(n: int) -> str:
    return "index.html" if n == 1 else f"list/{n}.html"


def home_pages(kb) -> list[Page]:
    rows = act_rows(kb)
    pages = []
    count = max(1, -(-len(rows) // PAGE))
    years = sorted({r["year"] for r in rows}, reverse=True)
    for n in range(1, count + 1):
        path = list_path(n)
        shown = [
            dict(r, url=rel(path, act_page(r["id"])), check_url=rel(path, check_page_path(r["id"])))
            for r in rows[(n - 1) * PAGE : n * PAGE]
        ]
        pages.append(
            Page(
                path,
                "home.html",
                {
                    "rows": shown,
                    "n": n,
                    "count": count,
                    "total": len(rows),
                    "first": (n - 1) * PAGE + 1,
                    "last": (n - 1) * PAGE + len(shown),
                    "years": years,
                    "statuses": STATUS_ORDER,
                    "prev_url": rel(path, list_path(n - 1)) if n > 1 else None,
                    "next_url": rel(path, list_path(n + 1)) if n < count else None,
                    "acts_index": rel(path, "static/acts-index.js"),
                    "holdings_url": rel(path, "holdings.html"),
                },
            )
        )
    return pages


def acts_index_js(kb) -> bytes:
    """``window.NB_ACTS``: [id, number, year, kind, status, kk title, ru title] per act."""
    rows = [
        [
            r["id"],
            r["number"],
            r["year"],
            r["kind"],
            r["status"],
            r["title"].get("kk", ""),
            r["title"].get("ru", ""),
        ]
        for r in act_rows(kb)
    ]
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.NB_ACTS={payload};\n".encode()


def holdings_page(kb, holdings: dict, notes: list) -> Page:
    return Page("holdings.html", "holdings.html", {"holdings": holdings, "notes": notes})


# ---------------------------------------------------------------- the self-check per act


def check_page_path(act: str) -> str:
    """Where an act's dates, orders, self-check and alignment are: a section of its page."""
    return f"acts/{act}/index.html#about"


def _finding(path: str, h, f) -> dict:
    target = unit_key(f.address) if f.address else ""
    url = rel(path, unit_page(h.act, target)) if h and target in h.addresses else None
    return {
        "kind": f.kind,
        "severity": f.severity,
        "address": f.address,
        "message": f.message,
        "location": f.location,
        "url": url,
    }


def findings_by_act(kb) -> tuple[dict, list]:
    """One run of ``self_check`` for the whole corpus: {act: [finding]} (an order's findings
    go to the act it amends) and the findings of no act (parser diagnostics)."""
    amends = {str(o.id): str(o.amends) for o in kb.corpus.orders if o.amends}
    by_act: dict[str, list] = {h.act: [] for h in kb.histories}
    loose: list = []
    for f in self_check(kb):
        act = f.act if f.act in by_act else amends.get(f.act)
        (by_act[act] if act in by_act else loose).append(f)
    return by_act, loose


def act_about(kb, h, path: str, findings: list, alignment: list) -> dict:
    """The act page's "about" section: dates, amending orders, self-check, alignment
    (``alignment``: ``align_act(h)``, the pairs as of the latest source, made once per act)."""
    items = [_finding(path, h, f) for f in findings]
    pairs: list[dict] = []
    tally: dict[str, int] = {}
    for p in alignment:
        d = dict(
            p.to_json(),
            text=PAIR_TEXT.get(p.status, p.status),
            url=f"#{p.address}",
            history_url=f"?history={p.address}#{p.address}",
        )
        tally[p.status] = tally.get(p.status, 0) + 1
        if p.status != "paired":  # the table lists what needs a look; the counts cover the rest
            pairs.append(d)
    orders = [
        {
            "id": e.id,
            "url": rel(path, order_page(e.id)),
            "window": e.window,
            "langs": e.langs,
            "signed": e.order.signed,
            "published": e.order.published,
        }
        for e in h.orders
    ]
    return {
        "findings": items,
        "counts": counts_of(items),
        "source": act_source(kb, h),
        "start": h.start,
        "orders": orders,
        "pairs": pairs,
        "align_counts": sorted(tally.items()),
    }


def counts_of(items: list) -> dict[str, int]:
    return {s: sum(1 for x in items if x["severity"] == s) for s in SEVERITY_RANK}


def check_pages(kb, found: tuple[dict, list] | None = None) -> list[Page]:
    """``check.html``: the counts per act and severity (each linking to the act page's
    "about" section, which lists the findings), and the findings of no act."""
    by_act, loose = found or findings_by_act(kb)
    counts = {a: counts_of([{"severity": f.severity} for f in fs]) for a, fs in by_act.items()}
    totals = {
        s: sum(c[s] for c in counts.values()) + sum(1 for f in loose if f.severity == s)
        for s in SEVERITY_RANK
    }
    index = Page(
        "check.html",
        "check.html",
        {
            "totals": totals,
            "loose": [_finding("check.html", None, f) for f in loose],
            "acts": [{"act": a, "url": check_page_path(a), "counts": c} for a, c in counts.items()],
        },
    )
    return [index]
