"""The act's timelines for its page: ``acts/<act>/timelines.js``.

reads: an act's timelines (``ActHistory``), ``query.answer`` through ``answers.intervals``,
the references (``reflinks``), the alignment; writes: nothing — returns
the bytes of the file.

The file is one call, ``NB_timelines({...});``, so that a ``<script>`` element loads it from
``file://`` as from any static host (``fetch`` does not work on ``file://``); ``static/act.js``
registers the callback and from the data shows the act on any date the reader picks, and
each unit's history. Nothing here computes a status: every status, reason and badge is what
``query.answer`` says on an interval of the act's breakpoints (``answers.intervals``, asked
with ``answers.Asked`` on the interval's first day, so a reason naming the date asked holds
``ON_MARK`` — U+E000 — where the script writes the reader's date); the badges are
``glance.labels`` of those answers. The versions are the timeline's, with the fields
``query.history`` gives.

Layout (keys short: the file is read by a script, not by people)::

    {"act": id, "days": [ISO, …] (the breakpoints), "end": ISO (where history bars end),
     "title": address of the act's title unit or null,
     "units": [{"a": address, "n": official number, "kk": L, "ru": L,
                "p": [[day index, pair status, [reasons]], …]  (pairs not cleanly paired),
                "cb": [[act, address, lang, text, url], …]     (units citing it)}, …]}
    L = {"v": [version, …], "i": [interval, …]}
    version  = {"s": state, "x": text|null, "f": window|null, "t": window|null, "src": source|null,
                "by": [order number, signed ISO] | null, "o": changed_by|null, "r": reason,
                "pf": proven_from|null, "g": [[[text, url|null, title|null], …] per paragraph]|null}
    window   = [text, 1 if exact, reason]
    source   = {"d": words, "u": link|null, "lu": lines link|null, "lt": "lines A-B"|null,
                "n": [[footnote, lang], …]}
    interval = [from|null, until|null, version index, status, reason, [[badge kind, D], …], 1 if wording]

URLs in it are relative to the act page (``acts/<act>/index.html``).

The file holds this layout packed (``packed_data``; ``unpack`` here and in ``static/act.js``
give it back): the strings of versions ("s", "x", "o", "r"), of intervals (status, reason) and of
pairs are indices into a table ``"s"`` holding each distinct string once; a version's
windows are indices into ``"w"`` (``[string index, exact, string index]``), an interval's
badges an index into ``"b"``, its bounds indices into ``"days"``; a version is the list of
its values in the order of ``_V_PACK``, without its last empty ones. A version's source is,
where its words and links are the ones its fields make (``_source_of``), ``[kind, act, lang,
address, first line, last line, notes]`` (kind an index of ``_SRC_KINDS``, act, lang and
address indices into "s"; an original text's address, not in its words, null) instead of its
dict; its ``by`` is left out, as it is ``"ob"[its "o"]`` (the orders met: {order id: [number,
signed ISO]}). The wording the act page shows for a unit in a language (its cell's paragraphs,
``p.wording``, joined by new lines: ``pages.latest_answers``) is not repeated: that version's
"x" is ``PAGE_TEXT`` (-1), and ``unpack`` reads it from the page (``page_wordings``; act.js from
the page it runs on).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

from normbase.answers import breakpoints, intervals, timeline_breakpoints
from normbase.query import source_json
from normbase.site import glance as G
from normbase.site import pages as P


def _window(w) -> list | None:
    """``[text, 1 if exact, reason]`` of a window (as ``query.window_json`` gives them)."""
    return None if w is None else [str(w), int(w.exact), w.reason or ""]


def _source(path: str, src: dict | None) -> dict | None:
    if not src:
        return None
    d = P.describe(src, path)
    assert d is not None  # (src is not empty)
    return {
        "d": d["describe"],
        "u": P.source_link(path, src),
        "lu": d.get("lines_url"),
        "lt": d.get("lines_text"),
        "n": [[n["text"], n["lang"]] for n in d["note_items"]],
    }


_SRC_KINDS = ("order", "snapshot", "original")  # the sources packed as their fields
_UP = "../../"  # from an act page to the site's root (``P.rel(P.act_path(act), "")``)


def _source_of(kind: str, act: str, lang: str, address: str | None, a, b, notes: list) -> dict:
    """A source's dict (``_source``) made from its fields, as ``static/act.js`` makes it:
    its words, its link (an order's clause), its lines' link and words."""
    where = f" {address}" if address else ""
    words = {
        "order": f"order {act} [{lang}]{where}",
        "snapshot": f"consolidated text of {act} [{lang}]{where}",
        "original": f"original text of {act} [{lang}]",
    }[kind]
    lines = a is not None
    clause = f"#{lang}-{address}" if address else ""
    return {
        "d": words,
        "u": f"{_UP}orders/{act}.html{clause}" if kind == "order" else None,
        "lu": f"{_UP}sources/{act}/{lang}.html?lines={a}-{b}#L{a}" if lines else None,
        "lt": f"lines {a}-{b}" if lines else None,
        "n": notes,
    }


def _packed_source(path: str, src: dict | None, strings) -> dict | list | None:
    """``_source``, or the fields it is made from (``_source_of``) where they make it exactly."""
    d = _source(path, src)
    if d is None or src is None or src["kind"] not in _SRC_KINDS:
        return d
    act, lang, address = src["act"], src["lang"], src["address"]
    a, b = src["lines"] or (None, None)
    if not isinstance(act, str) or not isinstance(lang, str):
        return d
    if _source_of(src["kind"], act, lang, address, a, b, d["n"]) != d:
        return d  # (its words say more: "…, 2 occurrences")
    where = None if address is None or src["kind"] == "original" else strings[address]  # (not in its words)
    fields = [_SRC_KINDS.index(src["kind"]), strings[act], strings[lang], where, a, b]
    return fields + [d["n"]] if d["n"] else fields


def _unpacked_source(x, S) -> dict | None:
    """A version's source back from the file (``_packed_source``; ``S``: index → string)."""
    if not isinstance(x, list):
        return x
    return _source_of(_SRC_KINDS[x[0]], S(x[1]), S(x[2]), S(x[3]), x[4], x[5], x[6] if len(x) > 6 else [])


def _segments(text: str | None, ks, url_of) -> list | None:
    from normbase.reflinks import segments

    if not ks or not text:
        return None
    return [[[s["text"], s["url"], s["title"]] for s in para] for para in segments(text, ks, url_of)]


def _unpaired(h, days: list[date], own: dict | None = None) -> dict[str, list]:
    """{address: [[day index, pair status, [reasons]], …]}: the units not cleanly paired on each
    of ``days`` — what ``align_act(h, day)`` gives on each day, made as it makes it (``_sides``,
    ``_pair``) but with the act aligned whole on the first day only: a pair is made from each
    language's ``Side`` of the unit and of the units inside it — what ``answer`` says of them,
    which changes only on their timelines' own breakpoints (``own``: {(address, lang): days}).
    So on a later day only the units with a breakpoint on it are asked again, and where a
    side did change, the unit and its parent (``_structure`` counts its parts) are paired
    again. The tests hold this equal to ``align_act`` on every day."""
    from normbase.align import _children, _pair, _side, _sides

    if not days:
        return {}
    if own is None:
        own = {(t.address, t.lang): timeline_breakpoints(t, h.start) for t in h.timelines}
    moved: dict[date, set[str]] = {}
    for (a, _), bps in own.items():
        for d in bps:
            moved.setdefault(d, set()).add(a)
    parent: dict[str, list[str]] = {}  # a unit → the units whose pair counts it among their parts
    for a in h.addresses:
        for c in _children(h, a):
            parent.setdefault(c, []).append(a)
    sides = _sides(h, h.addresses, days[0])
    pairs = {a: p for a in h.addresses if (p := _pair(h, a, sides)) is not None}  # align_act(h, days[0])
    out: dict[str, list] = {}
    for i, day in enumerate(days):
        changed = set()
        for a in moved.get(day, ()) if i else ():
            side = (_side(h.timeline(a, "kk"), day, h.start), _side(h.timeline(a, "ru"), day, h.start))
            if side != sides[a]:
                sides[a] = side
                changed.add(a)
        for a in changed | {p for c in changed for p in parent.get(c, ())}:
            p = _pair(h, a, sides)
            if p is None:
                pairs.pop(a, None)
            else:
                pairs[a] = p
        for a, p in pairs.items():
            if p.status != "paired":
                out.setdefault(a, []).append([i, p.status, list(p.reasons)])
    return out


class _Table(dict):
    """value → its index in the table: the number of values before it was first asked for."""

    def __missing__(self, value) -> int:
        n = self[value] = len(self)
        return n


PAGE_TEXT = -1  # a packed version's "x": the wording the act page shows for the unit in the language


def packed_data(kb, h, answers: dict | None = None) -> dict:
    """The act's data as the file holds it (packed: see the module's docstring), made in one
    pass: each string, window and list of badges is given its index in its table when first
    met — in the order of the units, in each unit the kk versions (their keys in the order of
    ``_V_ALL``), the kk intervals, the ru versions and intervals, then the pairs. With
    ``answers`` (``pages.latest_answers``: what the page shows), the version whose wording the
    page shows holds ``PAGE_TEXT`` instead of it."""
    from normbase.reflinks import cited_by_index, links_by_version

    path = P.act_path(h.act)
    own = {(t.address, t.lang): timeline_breakpoints(t, h.start) for t in h.timelines}
    days = [d for d in breakpoints(h, own) if d != date.min]  # (no lower bound is no day)
    day_of = {d: n for n, d in enumerate(days)}
    refs = links_by_version(kb, h.act)
    cited = cited_by_index(kb)
    orders = P.order_dates(kb)
    url_of = P.ref_url(kb, path)
    unpaired = _unpaired(h, days, own)
    strings, wins, badge_lists = _Table(), _Table(), _Table()
    windows: dict[int, list | None] = {}  # id of a DateWindow → _window (the act's windows are shared)
    sources: dict[int, dict | list | None] = {}  # id of a SourceRef → _packed_source
    made_by: dict[str, list] = {}  # the orders named by a version: {id: [number, signed ISO]} ("ob")
    shown = {key: (x.version, x.text) for key, x in (answers or {}).items() if x.text}  # (the page's)

    def window(w) -> int | None:
        if id(w) not in windows:
            windows[id(w)] = _window(w)
        x = windows[id(w)]
        return None if x is None else wins[(strings[x[0]], x[1], strings[x[2]])]

    def source(src) -> dict | list | None:
        if id(src) not in sources:
            sources[id(src)] = _packed_source(path, source_json(src), strings)
        return sources[id(src)]

    def bound(d: date | None):
        return None if d is None else day_of[d] if d in day_of else d.isoformat()

    units = []
    for a in h.addresses:
        u: dict = {"a": a, "n": P.label(a)}
        for lang in ("kk", "ru"):
            t = h.timeline(a, lang)
            versions = []
            for n, v in enumerate(t.versions):  # the fields query.history gives
                if v.changed_by in orders:
                    made_by[v.changed_by] = list(orders[v.changed_by])  # (its "by": see unpack)
                on_page = shown.get((a, lang)) == (n, v.text)
                x = {
                    "s": strings[v.state],
                    "x": None if v.text is None else PAGE_TEXT if on_page else strings[v.text],
                    "f": window(v.start),
                    "t": window(v.end),
                    "src": source(v.source),
                    "o": None if v.changed_by is None else strings[v.changed_by],
                    "r": strings[v.reason or ""],
                    "pf": v.proven_from.isoformat() if v.proven_from else None,
                    "g": _segments(v.text, refs.get((a, lang, n)), url_of),
                }
                row = [x[k] for k in _V_PACK]
                while row[-1] is None:
                    row.pop()
                versions.append(row)
            ivs = [
                [
                    bound(s),
                    bound(e),
                    x.version,
                    strings[x.status],
                    strings[x.reason or ""],
                    badge_lists[tuple((b["kind"], b["d"]) for b in G.labels(x, t, h.start))],
                    int(x.text is not None),
                ]
                for s, e, x in intervals(t, h.start, days, own[(a, lang)])
            ]
            u[lang] = {"v": versions, "i": ivs}
        if a in unpaired:
            u["p"] = [[d, strings[st], [strings[r] for r in rs]] for d, st, rs in unpaired[a]]
        by = [
            [k.act, k.address, k.lang, k.text, P.rel(path, P.act_path(k.act)) + f"#{k.address}"]
            for k in cited.get((h.act, a), ())
        ]
        if by:
            u["cb"] = by
        units.append(u)
    end = (max(days[-1], days[0]) + timedelta(days=365)).isoformat() if days else None
    return {
        "act": h.act,
        "days": [d.isoformat() for d in days],
        "end": end,
        "title": P.title_address(h),
        "units": units,
        "s": list(strings),
        "w": [list(w) for w in wins],
        "b": [[list(b) for b in bs] for bs in badge_lists],
        "ob": made_by,
    }


def timelines_data(kb, h) -> dict:
    """The act's data, unpacked (the layout of the module's docstring)."""
    return unpack(packed_data(kb, h))


def data_links(data: dict) -> list[str]:
    """Every URL in the data (relative to the act page): sources, cited lines, references,
    citing units — the site's link check covers them as it covers the pages' links. (The
    same for the packed data.)"""
    s = data.get("s") or []
    out = []
    for u in data["units"]:
        for lang in ("kk", "ru"):
            for v in u[lang]["v"]:
                v = dict(zip(_V_PACK, v)) if isinstance(v, list) else v
                src = _unpacked_source(v.get("src"), lambda i: None if i is None else s[i])
                if src:
                    out += [x for x in (src["u"], src["lu"]) if x]
                for para in v.get("g") or ():
                    out += [piece[1] for piece in para if piece[1]]
        out += [c[4] for c in u.get("cb", ())]
    return sorted(set(out))


# ---------------------------------------------------------------- packing
# What the file holds is ``timelines_data``'s, packed: a wording, reason, status or order
# named by many versions and intervals is stored once, in the table "s", and referred to by
# its index; each distinct window (``[text, exact, reason]``) once in "w", each distinct list
# of badges once in "b"; an interval's bounds are indices into "days"; a version is the
# list of its values in the order of ``_V_PACK``, its empty last ones left out. ``unpack``
# (and ``unpack`` in static/act.js) gives back the same data.

_V_STR = ("s", "x", "o", "r")  # version keys holding a string of the table
_V_WIN = ("f", "t")
_V_ALL = ("s", "x", "f", "t", "src", "o", "by", "r", "pf", "g")
_V_PACK = ("s", "r", "x", "src", "f", "t", "o", "pf", "g")  # a packed version: these keys' values, in turn


def _each_unit(units: list, version, interval, string) -> list:
    """``units`` with each version (``version(v, (address, lang))``), interval and pair's
    strings mapped (packed or unpacked)."""
    out = []
    for u in units:
        pu = dict(u)
        for lang in ("kk", "ru"):
            pu[lang] = {
                "v": [version(v, (u["a"], lang)) for v in u[lang]["v"]],
                "i": [interval(x) for x in u[lang]["i"]],
            }
        if "p" in u:
            pu["p"] = [[d, string(st), [string(r) for r in rs]] for d, st, rs in u["p"]]
        out.append(pu)
    return out


def unpack(packed: dict, page: dict | None = None) -> dict:
    """The data back from the packed data; ``page``: the wordings its act page shows
    (``page_wordings``), needed when a version's text is ``PAGE_TEXT``."""
    s, days = packed["s"], packed["days"]

    def S(i):
        return None if i is None else s[i]

    def on_page(key: tuple) -> str | None:
        if page is None:
            raise ValueError("the data leaves out the wordings its page shows: give them (page_wordings)")
        return page.get(key)

    def window(i):
        w = packed["w"][i]
        return [S(w[0]), w[1], S(w[2])]

    def version(row: list, key: tuple) -> dict:
        v = dict(zip(_V_PACK, row))
        out = {k: v.get(k) for k in _V_ALL}
        for k in _V_STR:
            out[k] = S(out[k]) if out[k] != PAGE_TEXT else on_page(key)
        for k in _V_WIN:
            out[k] = None if out[k] is None else window(out[k])
        out["src"] = _unpacked_source(out["src"], S)
        out["by"] = packed["ob"].get(out["o"]) if out["o"] is not None else None
        return out

    def interval(x: list) -> list:
        bounds = [days[b] if isinstance(b, int) else b for b in x[:2]]
        return [*bounds, x[2], S(x[3]), S(x[4]), packed["b"][x[5]], x[6]]

    out = {k: v for k, v in packed.items() if k not in ("s", "w", "b", "ob")}
    out["units"] = _each_unit(packed["units"], version, interval, S)
    return out


_ARTICLE = re.compile(r'<article class="unit[^"]*" id="([^"]+)"[^>]*>(.*?)</article>', re.S)
_CELL = re.compile(r'<div class="cell [^"]*" lang="(kk|ru)">(.*?)</div>', re.S)
_WORDING = re.compile(r'<p class="wording">(.*?)</p>', re.S)


def page_wordings(page: str) -> dict:
    """{(address, lang): wording} an act page's HTML shows: each cell's ``p.wording`` paragraphs'
    text, joined by new lines (as act.js reads it from the page: their textContent)."""
    out = {}
    for address, body in _ARTICLE.findall(page):
        for lang, cell in _CELL.findall(body):
            paras = _WORDING.findall(cell)
            if paras:
                text = "\n".join(re.sub(r"<[^>]*>", "", p) for p in paras)
                out[(html.unescape(address), lang)] = html.unescape(text)
    return out


def read_timelines(text: str, page: str | None = None) -> dict:
    """``timelines_data`` back from a ``timelines.js`` file's text and its act page's HTML."""
    assert text.startswith("NB_timelines(") and text.endswith(");\n")
    packed = json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n"))
    return unpack(packed, page_wordings(page) if page is not None else None)


def timelines_js(kb, h, answers: dict | None = None) -> tuple[bytes, list[str]]:
    """The file's bytes and the URLs it holds (``data_links``); ``answers``: see ``packed_data``."""
    data = packed_data(kb, h, answers)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "</script>" in the file
    return f"NB_timelines({payload});\n".encode(), data_links(data)
