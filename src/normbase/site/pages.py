"""The act page of the static site, and its URLs, as data for the templates.

reads: a ``KnowledgeBase`` (timelines, alignment); writes: nothing — returns
``Page(path, template, context)`` values (``overview.py`` makes the order pages, ``home.py``
the home and check pages, ``act_data.py`` the act's ``timelines.js``).

URLs (relative, stable across rebuilds: they depend on the act id, the dates and the unit
addresses only; ``site/pages/cite.md`` promises them)::

    index.html                              home
    acts/<act>/index.html                   the act: every unit as the latest source gives it,
                                            both languages (static HTML)
    acts/<act>/index.html?on=YYYY-MM-DD[&view=kk|ru][#unit]   the act on any day (static/act.js,
                                            from acts/<act>/timelines.js); without a view: kk | ru
    acts/<act>/index.html?history=<unit>#<unit>   the same page with the unit's history open
    acts/<act>/timelines.js                 every version of every unit and the answer on every
                                            interval of days (``act_data.py``)
    orders/<order>.html                     an amending order: dates, instructions, cleaned text
    sources/<source>/<lang>.html#L<n>       a source text, one anchor per line
    check.html, search.html, <prose>.html
Every unit has ``id="<address>"`` on the act page, so ``…/index.html?on=2016-06-01#rules.p7.sp5``
is a permalink. Every status, wording, interval, source and reason the page shows is
``query.answer``'s: the static page asks it as of the latest source, ``timelines.js`` holds what
it says on every interval of the act's breakpoints (``answers.intervals``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta

from normbase.address import parse_act_id
from normbase.answers import breakpoints
from normbase.query import answer
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
# the pair statuses whose reasons a unit shows under its head (row.html); the act's alignment table
# (act_about.html) links the unit for them instead of repeating the reasons
PAIR_REASONS_AT_UNIT = ("version_mismatch", "structure_mismatch", "content_mismatch")
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


label = lru_cache(maxsize=1 << 16)(label_of)  # (asked for every unit of every act, by its page and data)


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


def act_path(act: str) -> str:
    """The act's one page (the file)."""
    return f"acts/{act}/index.html"


def data_path(act: str) -> str:
    """The act's timelines (``NB_timelines({...})``, loaded with a <script> element)."""
    return f"acts/{act}/timelines.js"


def act_page(act: str, key: str = "latest", view: str = "index") -> str:
    """The act on a day (an ISO date; ``latest``: as of the latest source), in a view
    (``index``: side by side, ``kk``, ``ru``): ``acts/<act>/index.html?on=D&view=kk``."""
    query = [f"on={key}"] if key != "latest" else []
    query += [f"view={view}"] if view != "index" else []
    return act_path(act) + ("?" + "&".join(query) if query else "")


def unit_page(act: str, address: str) -> str:
    """A unit's history: the act page with its history panel open on the unit."""
    return f"{act_path(act)}?history={address}#{address}"


def order_page(order: str) -> str:
    return f"orders/{order}.html"


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


def _head(path: str, h, address: str, pair, cite: str) -> dict:
    """The head of one unit on an act page, ready for ``row.html``'s ``head``."""
    return {
        "address": address,
        "depth": address.count(".") - 1,
        "label": label(address),
        "history_url": f"?history={address}#{address}",  # the history panel (static/act.js)
        "pair": _pair(pair),
        "cite": cite,  # the unit's own part of its citation: "ru|kk|en" (glance.unit_steps)
    }


def order_dates(kb) -> dict:
    """{order id: (number, signed ISO date or "")}: what a citation says of an order (made once
    per knowledge base, not once per act)."""
    from normbase.reflinks import per_kb

    return per_kb(
        kb,
        "order_dates",
        lambda: {
            str(o.id): (o.id.number, o.signed.isoformat() if o.signed else "") for o in kb.corpus.orders
        },
    )


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


def _windows(data: dict, windows: dict) -> dict:
    """The cell's dates refer to their explanation in the page's list (given once per page)."""
    for key in ("valid_from", "valid_to"):
        w = data.get(key)
        if w and w.get("reason"):
            data[key] = dict(w, ref=windows.setdefault((w["text"], w["reason"]), len(windows)))
    return data


def ref_url(kb, path: str):
    """A reference's link: the cited unit on the act page (None: not in the corpus); the
    page's script adds the date shown (``?on=``) when the reader picks one."""

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
        return rel(path, act_path(h2.act)) + f"#{anchor}"

    return url


@lru_cache(maxsize=1 << 16)
def _cite(address: str) -> str:
    """The unit's own part of its citation, "ru|kk|en" (``glance.unit_steps``)."""
    return "|".join(G.unit_steps(address))


def title_address(h) -> str | None:
    """The unit holding the act's title (``order.title``, or ``title``)."""
    top = parsed(h.addresses[0]).parts[0] if h.addresses else ""
    return next((a for a in h.addresses if a in (f"{top}.title", "title")), None)


def title_heads(h, src, answers) -> list[dict]:
    """The act's title in each language as ``answer`` gives it on the page's date (the
    metadata's title, labelled as the latest source's, when the answer has no wording)."""
    address = title_address(h)
    out = []
    for lang in ("kk", "ru"):
        a = answers.get((address, lang)) if address else None
        meta = src.title.get(lang) or ""
        if a is not None and a.text:
            out.append(
                {
                    "lang": lang,
                    "text": a.text,
                    "meta": meta,
                    "dated": True,
                    "badges": G.labels(a, h.timeline(address, lang), h.start)
                    if a.status != "in_force"
                    else [],
                }
            )
        elif meta:
            out.append({"lang": lang, "text": meta, "meta": meta, "dated": False, "badges": []})
    return out


TOC_KINDS = frozenset({"sec", "ch", "art", "p", "part"})  # what the table of contents lists


def in_toc(address: str) -> bool:
    """A section, chapter, article or point of a document (not its subpoints or paragraphs)."""
    parts = parsed(address).parts
    if len(parts) != 2:
        return False
    step = parts[1]
    return any(step.startswith(k) and step[len(k) :][:1].isdigit() for k in ("sec", "ch", "art", "p"))


def toc_text(text: str | None, limit: int = 90) -> str:
    """The first words of a wording, for the table of contents."""
    if not text:
        return ""
    line = text.split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + " …"


def latest_answers(h) -> dict:
    """{(address, lang): ``query.answer`` as of the latest source}: what the act page shows."""
    return {(a, lang): answer(h.timeline(a, lang), None, h.start) for a in h.addresses for lang in LANG_NAMES}


def act_pages(
    kb, h, fragment, alignment: list, about: dict | None = None, answers: dict | None = None
) -> list[Page]:
    """The act's one page: every unit as the latest source gives it, in both languages.

    Each unit is pasted from pieces that ``fragment(key, template, macro, make_args)``
    renders once per key (the unit's head, each language's cell); the page's script
    (``static/act.js``) redraws them for any date from ``timelines.js`` (``act_data.py``).
    ``alignment``: ``align_act(h)`` (as of the latest source); ``about``: the "about" section's
    data (``home.act_about``: dates, orders, self-check); ``answers``: ``latest_answers(h)``."""
    from normbase.reflinks import links_by_version, segments

    path = act_path(h.act)
    versions = version_list(h)
    src = act_source(kb, h)
    refs = links_by_version(kb, h.act)
    orders = order_dates(kb)
    titles = G.doc_titles(kb, h)
    pairs = {p.address: p for p in alignment}
    answers = answers or latest_answers(h)
    pieces = []
    windows: dict[tuple, int] = {}  # (date text, reason) → its number in the page's list
    for a in h.addresses:
        pair = pairs.get(a)
        cite = _cite(a)
        pieces.append(fragment(("head", a), "row.html", "head", lambda: (_head(path, h, a, pair, cite),)))
        for lang in ("kk", "ru"):
            x = answers[(a, lang)]
            ks = refs.get((a, lang, x.version))
            t = h.timeline(a, lang)
            segs = segments(t.versions[x.version].text, ks, ref_url(kb, path)) if ks else None
            b = G.labels(x, t, h.start)
            make = lambda: (_windows(_cell(path, h, x, b, orders, segs), windows),)  # noqa: E731 (called at once)
            pieces.append(fragment(("cell", a, lang), "macros.html", "cell", make))
        pieces.append(fragment(("tail",), "row.html", "tail", tuple))
    toc = []
    for a in h.addresses:
        if in_toc(a):
            ru, kk = answers[(a, "ru")], answers[(a, "kk")]
            toc.append(
                {
                    "address": a,
                    "label": label(a) or a,
                    "text": toc_text(ru.text) or toc_text(kk.text),
                    "lang": "ru" if ru.text else "kk",
                    "status": ru.status if ru.text or not kk.text else kk.status,
                }
            )
    containers = {a.split(".")[0] for a in h.addresses}  # (as app.js finds a unit's container)
    context = {
        "act": h.act,
        "source": src,
        "latest": latest_note(kb, h),
        "start": h.start,
        "heads": title_heads(h, src, answers),
        "toc": toc,
        "versions": [dict(v, url=rel(path, act_page(h.act, v["key"]))) for v in versions],
        "views": [{"view": v, "text": VIEW_NAMES[v]} for v in VIEWS],
        "check_url": "#about",
        "about_act": about,
        "data_url": "timelines.js",
        "windows": list(windows),
        # the document part of every citation, once per container: {container: "ru|kk|en"}
        "cite_of": json.dumps(
            {c: "|".join(G.doc_forms(c, titles, src.id.number)) for c in containers},
            ensure_ascii=False,
            sort_keys=True,
        ),
    }
    return [Page(path, "act.html", context, fragments=tuple(pieces))]
