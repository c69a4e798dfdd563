"""The act pages and unit histories of the static site, as data for the templates.

reads: a ``KnowledgeBase`` (timelines, alignment); writes: nothing — returns
``Page(path, template, context)`` values (``overview.py`` makes the home, order and
check pages).

URLs (relative, stable across rebuilds: they depend on the act id, the version dates and
the unit addresses only)::

    index.html                              home
    acts/<act>/index.html                   → latest/index.html (redirect)
    acts/<act>/<D>/index.html | kk.html | ru.html   the act as in force on D (a version date),
                                            side by side / Kazakh / Russian
    acts/<act>/latest/…                     each unit as the newest source in the corpus gives it
    acts/<act>/on.html?date=YYYY-MM-DD[&view=kk|ru][#unit]   the latest version at or before a date
    acts/<act>/units/<address>.html         a unit's history, both languages, with redlines
    orders/<order>.html                     an amending order: dates, instructions, cleaned text
    check.html, search.html, <prose>.html
Every unit has ``id="<address>"`` on every act page, so ``…/2016-01-29/index.html#rules.p7.sp5``
is a permalink. A version date is a day on which some answer may change (``answers.breakpoints``:
the act's first day, each order's and each version's earliest and latest day, each wording's
``proven_from``): the page of a version date holds for every day until the next one.

Every status, wording, interval, source and reason on a page is ``query.answer``'s. A dated
page asks it with ``answers.Asked``, so a reason that names the date asked holds a mark there;
the page writes the date into a ``<time class="nb-on">`` element, which ``static/app.js``
fills with the date the reader asked for (``?on=YYYY-MM-DD``, what ``on.html`` adds) — without
JavaScript the page says which date it was made for and the days it holds for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from normbase.address import parse_act_id
from normbase.align import align_act
from normbase.answers import ON_MARK, asked, breakpoints, history_answers, intervals
from normbase.query import answer, history, redline
from normbase.site import glance as G
from normbase.units import label_of
from normbase.model.address import parsed

LANG_NAMES = {"kk": "Қазақша", "ru": "Русский"}
VIEWS = ("index", "kk", "ru")
VIEW_NAMES = {"index": "kk | ru", "kk": "Қазақша", "ru": "Русский"}
STATUS_TEXT = {
    "in_force": {"en": "in force", "kk": "күшінде", "ru": "действует"},
    "uncertain": {"en": "uncertain date", "kk": "күні белгісіз", "ru": "дата не установлена"},
    "unknown": {"en": "wording unknown", "kk": "мәтіні белгісіз", "ru": "текст неизвестен"},
    "deleted": {"en": "deleted", "kk": "алып тасталды", "ru": "исключён"},
    "not_in_force": {"en": "not in force", "kk": "күшінде емес", "ru": "не действует"},
}
SINCE = {"deleted": "deleted", "unknown": "the wording unknown", "not_in_force": "not in force"}
PAIR_TEXT = {
    "paired": "paired",
    "kk_only": "Kazakh only",
    "ru_only": "Russian only",
    "version_mismatch": "version mismatch",
    "structure_mismatch": "structure mismatch",
    "content_mismatch": "content mismatch",
}


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict
    fragments: tuple[str, ...] | None = (
        None  # pre-rendered HTML pasted where the template says {{ fragments }}
    )


def version_dates(h) -> list[date]:
    """Every day on which some answer for the act may change (``answers.breakpoints``)."""
    return breakpoints(h)


def version_list(h) -> list[dict]:
    """The version dates with what happens on each (for the version list and on.html), and
    the day each page holds until (the next version date, exclusive; None: open)."""
    out = []
    days = version_dates(h)
    proven = {v.proven_from for t in h.timelines for v in t.versions if v.proven_from}
    for n, day in enumerate(days):
        what = []  # (UI string key, order, English)
        if day == h.start.earliest:
            what.append(("what.first", "", "the act's first day in the sources"))
        for e in h.orders:
            if e.window.earliest == day:
                what.append(
                    ("what.enters", e.id, f"order {e.id} enters into force")
                    if e.window.exact
                    else ("what.may_enter", e.id, f"order {e.id} may enter into force (earliest day)")
                )
            elif e.window.latest == day:
                what.append(("what.latest_day", e.id, f"order {e.id} is in force at the latest"))
        if day in proven:
            what.append(("what.proven", "", "the consolidated text proves its wordings from this day"))
        if not what:
            what.append(("what.certainty", "", "the certainty of some wording changes"))
        what_t = [{"key": k, "n": o, "text": x} for k, o, x in what]
        what_text = [x for _, _, x in what]
        until = days[n + 1] if n + 1 < len(days) else None
        out.append(
            {
                "key": day.isoformat(),
                "date": day,
                "what": what_text,
                "what_t": what_t,
                "until": until,
                "last": (until - timedelta(days=1)).isoformat() if until else None,
            }
        )
    return out


def rel(from_path: str, to_path: str) -> str:
    """A relative URL from one page to another."""
    return "../" * from_path.count("/") + to_path


def unit_page(act: str, address: str) -> str:
    return f"acts/{act}/units/{address}.html"


def order_page(order: str) -> str:
    return f"orders/{order}.html"


def act_page(act: str, key: str = "latest", view: str = "index") -> str:
    return f"acts/{act}/{key}/{view}.html"


def source_link(path: str, src: dict | None) -> str | None:
    """Where a wording's source is shown: the order's clause, or the order a footnote names."""
    if not src:
        return None
    if src["kind"] == "order":
        anchor = f"#{src['lang']}-{src['address']}" if src.get("address") and src.get("lang") else ""
        return rel(path, order_page(src["act"])) + anchor
    if src["kind"] == "footnote":
        return rel(path, order_page(src["act"]))
    return None


KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def text_lang(text: str) -> str:
    """kk or ru, for a footnote or rule whose language the data does not record."""
    return "kk" if any(ch in KK_LETTERS for ch in text) else "ru"


def lines_link(path: str, src: dict | None) -> str | None:
    """The source text's page at the first line a wording comes from (``#L105``)."""
    if not src or not src.get("lines") or not src.get("lang") or src["kind"] == "footnote":
        return None
    a, b = src["lines"]
    return rel(path, G.source_page_path(src["act"], src["lang"])) + f"?lines={a}-{b}#L{a}"


def describe(src: dict | None, path: str | None = None) -> dict | None:
    """A source, for display: the words of its link (``describe`` without its lines, which
    ``lines`` links to the source text) and its footnotes with their language."""
    if not src:
        return None
    src = dict(src)
    if src["kind"] == "footnote":
        src["describe"] = f"order {src['act']} (known only from a footnote)"
    src["lines_url"] = lines_link(path, src) if path is not None else None
    if src["lines_url"]:
        a, b = src["lines"]
        src["describe"] = src["describe"].replace(f" (lines {a}-{b})", "")
        src["lines_text"] = f"lines {a}-{b}"
    src["note_items"] = [{"text": n, "lang": src.get("lang") or text_lang(n)} for n in src.get("notes") or ()]
    return src


def cell(path: str, data: dict, lang: str) -> dict:
    """One language's answer for a unit, ready for the ``cell`` macro."""
    data = dict(data)
    data["lang"] = lang
    data["status_text"] = STATUS_TEXT.get(data["status"], {"en": data["status"]})
    data["source_link"] = source_link(path, data.get("source"))
    data["source"] = describe(data.get("source"), path)
    data["paragraphs"] = data["text"].split("\n") if data.get("text") else []
    return data


def _pair(p) -> dict | None:
    if p is None:
        return None
    data = p.to_json()
    data["text"] = PAIR_TEXT.get(p.status, p.status)
    return data


def act_source(kb, h):
    return kb.corpus.get(parse_act_id(h.act))


def latest_note(kb, h) -> dict:
    """What "latest" means for this act, in words."""
    src = act_source(kb, h)
    kind = "consolidated text" if src.kind == "consolidated" else "text as adopted"
    snaps = [f"the {kind} [{', '.join(sorted(src.langs))}]"] if src.langs else []
    texts = [f"order {e.id} [{', '.join(sorted(e.langs))}]" for e in h.orders if e.langs]
    footnotes = [f"order {e.id}" for e in h.orders if not e.langs]
    newest = h.orders[-1] if h.orders else None
    return {
        "sources": snaps + texts,
        "footnote_orders": footnotes,
        "newest": {"id": newest.id, "window": str(newest.window), "reason": newest.window.reason}
        if newest
        else None,
    }


def _head(path: str, h, address: str, pair, cite: dict) -> dict:
    """The head of one unit on an act page, ready for ``row.html``'s ``head``."""
    return {
        "address": address,
        "depth": address.count(".") - 1,
        "label": label_of(address),
        "history_url": rel(path, unit_page(h.act, address)),
        "pair": _pair(pair),
        "cite": cite,
    }


def order_dates(kb) -> dict:
    """{order id: (number, signed ISO date or "")}: what a citation says of an order."""
    return {str(o.id): (o.id.number, o.signed.isoformat() if o.signed else "") for o in kb.corpus.orders}


def _cell(path: str, h, a, badges, orders: dict, segs: list | None = None) -> dict:
    by = orders.get(a.changed_by or "", ("", ""))
    data = cell(
        path,
        dict(
            a.to_json(),
            state=h.timeline(a.address, a.lang).versions[a.version].state,
            dated=a.on is not None,
            badges=badges,
            by=by,
        ),
        a.lang,
    )
    if segs:
        data["segs"] = segs  # the wording cut at its references (links to the cited unit on the same date)
    return data


def on_piece(day: date) -> str:
    """The date a dated page was made for, where its answers name the date asked (app.js
    writes the date the reader asked for into it)."""
    return f'<time class="nb-on" datetime="{day.isoformat()}">{day.isoformat()}</time>'


def with_date(html: str, piece: str) -> list[str]:
    """``html`` cut at each ``ON_MARK``, with ``piece`` in its place (the pieces without the
    date stay shared between pages)."""
    parts = html.split(ON_MARK)
    out = [parts[0]]
    for part in parts[1:]:
        out += [piece, part]
    return out


def _ref_url(kb, path: str, key: str, on: date | None, view: str):
    """A reference's link: the cited unit on the act page of the same date (None: not in the corpus)."""

    def url(link) -> str | None:
        t = link.target
        h2 = kb.history(t.act) if t.act and t.address else None
        if h2 is None:
            return None
        target = parsed(t.address)
        anchor = next(
            (
                u
                for u in map(str, (target, *reversed(target.ancestors)))
                if h2.timeline(u, "kk") or h2.timeline(u, "ru")
            ),
            None,
        )
        if anchor is None:
            return None
        days = version_dates(h2)
        k = "latest" if on is None else max((d for d in days if d <= on), default=days[0]).isoformat()
        return rel(path, act_page(h2.act, k, view)) + f"#{anchor}"

    return url


def title_heads(h, src, answers) -> list[dict]:
    """The act's title in each language as ``answer`` gives it on the page's date (the
    metadata's title, labelled as the latest source's, when the answer has no wording)."""
    top = parsed(h.addresses[0]).parts[0] if h.addresses else ""
    address = next((a for a in h.addresses if a in (f"{top}.title", "title")), None)
    out = []
    for lang in ("kk", "ru"):
        a = answers.get((address, lang)) if address else None
        if a is not None and a.text:
            out.append(
                {
                    "lang": lang,
                    "text": a.text,
                    "dated": True,
                    "badges": G.labels(a, h.timeline(address, lang), h.start)
                    if a.status != "in_force"
                    else [],
                }
            )
        elif src.title.get(lang):
            out.append({"lang": lang, "text": src.title[lang], "dated": False, "badges": []})
    return out


def act_pages(kb, h, fragment) -> list[Page]:
    """The act on each version date (and as of the latest source), in each view.

    Each unit is pasted from pieces that ``fragment(key, template, macro, make_args)``
    renders once per distinct key: a key holds everything its piece shows — for a unit's
    head, the unit and its pair's status and reasons; for a cell, the unit, the language
    and the answer's version, status and reason (wording, dates and source follow from
    the version) — and the page depth its relative links depend on."""
    pages = []
    versions = version_list(h)
    keys = [v["key"] for v in versions] + ["latest"]
    src = act_source(kb, h)
    note = latest_note(kb, h)
    from normbase.reflinks import links_by_version, segments

    refs = links_by_version(kb, h.act)
    orders = order_dates(kb)
    titles = G.doc_titles(kb, h)
    cites = {a: G.unit_names(a, titles, src.id.number) for a in h.addresses}
    for i, key in enumerate(keys):
        on = None if key == "latest" else versions[i]["date"]
        pairs = {p.address: p for p in align_act(h, on)}
        ask = None if on is None else asked(on)  # reasons hold ON_MARK where they name the date
        answers = {
            (a, lang): answer(h.timeline(a, lang), ask, h.start) for a in h.addresses for lang in ("kk", "ru")
        }
        piece = on_piece(on) if on else ""
        heads = title_heads(h, src, answers)
        for view in VIEWS:
            path = act_page(h.act, key, view)
            depth = path.count("/")
            langs = ("kk", "ru") if view == "index" else (view,)
            pieces = []
            for a in h.addresses:
                pair = pairs.get(a) if view == "index" else None
                pieces.append(
                    fragment(
                        (depth, "head", a, pair.status if pair else None, pair.reasons if pair else None),
                        "row.html",
                        "head",
                        lambda: (_head(path, h, a, pair, cites[a]),),
                    )
                )
                for lang in langs:
                    x = answers[(a, lang)]
                    ks = refs.get((a, lang, x.version))
                    segs = (
                        (
                            lambda: segments(
                                h.timeline(a, lang).versions[x.version].text,
                                ks,
                                _ref_url(kb, path, key, on, view),
                            )
                        )
                        if ks
                        else (lambda: None)
                    )
                    b = G.labels(x, h.timeline(a, lang), h.start)
                    kinds = tuple((y["kind"], y["d"]) for y in b)
                    pieces += with_date(
                        fragment(
                            (depth, "cell", a, lang, x.version, x.status, x.reason, on is None, kinds)
                            + ((key, view) if ks else ()),
                            "macros.html",
                            "cell",
                            lambda: (_cell(path, h, x, b, orders, segs()),),
                        ),
                        piece,
                    )
                pieces.append(fragment(("tail",), "row.html", "tail", tuple))
            pages.append(
                Page(
                    path,
                    "act.html",
                    {
                        "act": h.act,
                        "source": src,
                        "key": key,
                        "on": on,
                        "view": view,
                        "langs": langs,
                        "until": versions[i]["until"] if on else None,
                        "last": versions[i]["last"] if on else None,
                        "latest": note,
                        "start": h.start,
                        "heads": [x for x in heads if x["lang"] in langs],
                        "versions": [
                            {
                                **v,
                                "url": rel(path, act_page(h.act, v["key"], view)),
                                "current": v["key"] == key,
                            }
                            for v in versions
                        ]
                        + [
                            {
                                "key": "latest",
                                "date": None,
                                "what": ["the newest source in the corpus"],
                                "what_t": [
                                    {"key": "what.newest", "n": "", "text": "the newest source in the corpus"}
                                ],
                                "url": rel(path, act_page(h.act, "latest", view)),
                                "current": key == "latest",
                            }
                        ],
                        "views": [
                            {
                                "view": v,
                                "text": VIEW_NAMES[v],
                                "url": rel(path, act_page(h.act, key, v)),
                                "current": v == view,
                            }
                            for v in VIEWS
                        ],
                        "on_url": rel(path, f"acts/{h.act}/on.html"),
                        "check_url": rel(path, f"acts/{h.act}/check.html"),
                    },
                    fragments=tuple(pieces),
                )
            )
    pages.append(
        Page(f"acts/{h.act}/index.html", "redirect.html", {"target": "latest/index.html", "act": h.act})
    )
    pages.append(
        Page(
            f"acts/{h.act}/on.html",
            "on.html",
            {
                "act": h.act,
                "versions": versions,
                "keys": [v["key"] for v in versions],
                "latest_url": "latest/index.html",
                "first": versions[0]["key"],
            },
        )
    )
    return pages


def history_pages(kb, h) -> list[Page]:
    pages = []
    days = version_dates(h)
    end = max(days[-1], days[0]) + timedelta(days=365)  # (not .replace(year=…): 29 February)
    for address in h.addresses:
        path = unit_page(h.act, address)
        langs = []
        for lang in ("kk", "ru"):
            t = h.timeline(address, lang)
            versions = history(t)
            ivs = intervals(t, h.start, days)  # the act's version dates: the days its pages change on
            badges: list[list] = [[] for _ in versions]  # in history_answers' order: by version, then day
            for x in ivs:
                badges[x[2].version].append(G.labels(x[2], t, h.start))
            for v, said, bs in zip(versions, history_answers(t, h.start, ivs), badges):
                v["answers"] = [dict(x, badges=b) for x, b in zip(said, bs)]
            table: list[list[Any]] = [
                [
                    x[0],
                    x[1],
                    a.version + 1,
                    a.status,
                    G.label_text(G.labels(a, t, h.start)),
                    a.reason,
                    int(a.text is not None),
                ]
                for x in ivs
                for a in (x[2],)
            ]
            rows = [
                [s.isoformat() if s else None, u.isoformat() if u else None, *rest] for s, u, *rest in table
            ]
            answers_json = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace(
                ON_MARK, "\\ue000"
            )
            for j, v in enumerate(versions):
                v["n"] = j + 1
                v["source_link"] = source_link(path, v["source"])
                v["source"] = describe(v["source"], path)
                prev = versions[j - 1] if j else None
                v["redline"] = (
                    redline(prev["text"], v["text"]) if prev and prev["text"] and v["text"] else None
                )
                v["after_unknown"] = bool(
                    prev and v["text"] and not prev["text"] and prev["state"] == "unknown"
                )
                key = "latest" if j == len(versions) - 1 else _key_for(days, v["from"])
                v["act_url"] = rel(path, act_page(h.act, key)) + f"#{address}"
                v["paragraphs"] = v["text"].split("\n") if v["text"] else []
            langs.append(
                {
                    "lang": lang,
                    "name": LANG_NAMES[lang],
                    "versions": versions,
                    "bar": G.bar(ivs, t, h.start, end),
                    "answers": answers_json,
                }
            )
        pages.append(
            Page(
                path,
                "unit.html",
                {
                    "cited_by": _cited_by(kb, path, h.act, address),
                    "act": h.act,
                    "address": address,
                    "label": label_of(address),
                    "langs": langs,
                    "start": h.start,
                    "act_url": rel(path, act_page(h.act)) + f"#{address}",
                    "on_url": rel(path, f"acts/{h.act}/on.html"),
                },
            )
        )
    return pages


def _cited_by(kb, path: str, act: str, address: str) -> list[dict]:
    """The units of the corpus that cite this unit (or a unit inside it), with links to them."""
    from normbase.reflinks import cited_by_index

    return [
        {
            "act": k.act,
            "address": k.address,
            "lang": k.lang,
            "text": k.text,
            "url": rel(path, act_page(k.act)) + f"#{k.address}",
        }
        for k in cited_by_index(kb).get((act, address), ())
    ]


def _key_for(days: list[date], start: dict | None) -> str:
    if start is None:
        return days[0].isoformat()
    day = date.fromisoformat(start["earliest"])
    return max((d for d in days if d <= day), default=days[0]).isoformat()
