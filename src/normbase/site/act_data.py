"""The act's timelines for its page: ``acts/<act>/timelines.js``.

reads: an act's timelines (``ActHistory``), ``query.answer`` through ``answers.intervals``,
``query.history``, the references (``reflinks``), the alignment; writes: nothing — returns
the bytes of the file.

The file is one call, ``NB_timelines({...});``, so that a ``<script>`` element loads it from
``file://`` as from any static host (``fetch`` does not work on ``file://``); ``static/act.js``
registers the callback and from the data shows the act on any date the reader picks, and
each unit's history. Nothing here computes a status: every status, reason and badge is what
``query.answer`` says on an interval of the act's breakpoints (``answers.intervals``, asked
with ``answers.Asked`` on the interval's first day, so a reason naming the date asked holds
``ON_MARK`` — U+E000 — where the script writes the reader's date); the badges are
``glance.labels`` of those answers. The versions are ``query.history``'s.

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

The file holds this layout packed (``pack``; ``unpack`` here and in ``static/act.js`` give it
back): the strings of versions ("s", "x", "o", "r"), of intervals (status, reason) and of
pairs are indices into a table ``"s"`` holding each distinct string once; a version's
windows are indices into ``"w"`` (``[string index, exact, string index]``), an interval's
badges an index into ``"b"``, its bounds indices into ``"days"``; a version's null keys are
left out.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from normbase.align import align_act, pair_for
from normbase.answers import breakpoints, intervals, timeline_breakpoints
from normbase.query import history
from normbase.site import glance as G
from normbase.site import pages as P
from normbase.units import label_of


def _window(w) -> list | None:
    return None if w is None else [w["text"], int(bool(w["exact"])), w["reason"] or ""]


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


def _segments(v: dict, ks, url_of) -> list | None:
    from normbase.reflinks import segments

    if not ks or not v["text"]:
        return None
    return [[[s["text"], s["url"], s["title"]] for s in para] for para in segments(v["text"], ks, url_of)]


def _unpaired(h, days: list[date]) -> dict[str, list]:
    """{address: [[day index, pair status, [reasons]], …]}: the units not cleanly paired on each
    of ``days`` — ``align_act(h, day)``'s, asked whole on the first day only: a pair is made
    from what ``answer`` says of the unit and of the units inside it, which changes only on
    their timelines' own breakpoints, so on a later day only the units with a breakpoint on
    it, and the units above them, are paired again (``pair_for``). The tests hold this equal
    to ``align_act`` on every day."""
    if not days:
        return {}
    moved: dict[date, set[str]] = {}
    above: dict[str, list[str]] = {}
    for a in h.addresses:
        for lang in ("kk", "ru"):
            t = h.timeline(a, lang)
            for d in timeline_breakpoints(t, h.start) if t is not None else ():
                moved.setdefault(d, set()).add(a)
        for c in h.below(a):
            above.setdefault(c, []).append(a)
    pairs = {p.address: p for p in align_act(h, days[0])}
    out: dict[str, list] = {}
    for i, day in enumerate(days):
        changed = moved.get(day, set()) if i else set()
        for a in changed | {p for c in changed for p in above.get(c, ())}:
            p = pair_for(h, a, day)
            if p is None:
                pairs.pop(a, None)
            else:
                pairs[a] = p
        for a, p in pairs.items():
            if p.status != "paired":
                out.setdefault(a, []).append([i, p.status, list(p.reasons)])
    return out


def timelines_data(kb, h) -> dict:
    from normbase.reflinks import cited_by_index, links_by_version

    path = P.act_path(h.act)
    days = [d for d in breakpoints(h) if d != date.min]  # (no lower bound is no day)
    refs = links_by_version(kb, h.act)
    cited = cited_by_index(kb)
    orders = P.order_dates(kb)
    url_of = P.ref_url(kb, path)
    unpaired = _unpaired(h, days)
    units = []
    for a in h.addresses:
        u: dict = {"a": a, "n": label_of(a)}
        for lang in ("kk", "ru"):
            t = h.timeline(a, lang)
            versions = []
            for n, v in enumerate(history(t)):
                by = orders.get(v["changed_by"] or "")
                versions.append(
                    {
                        "s": v["state"],
                        "x": v["text"],
                        "f": _window(v["from"]),
                        "t": _window(v["to"]),
                        "src": _source(path, v["source"]),
                        "o": v["changed_by"],
                        "by": list(by) if by else None,
                        "r": v["reason"] or "",
                        "pf": v.get("proven_from"),
                        "g": _segments(v, refs.get((a, lang, n)), url_of),
                    }
                )
            ivs = [
                [
                    s.isoformat() if s else None,
                    e.isoformat() if e else None,
                    x.version,
                    x.status,
                    x.reason or "",
                    [[b["kind"], b["d"]] for b in G.labels(x, t, h.start)],
                    int(x.text is not None),
                ]
                for s, e, x in intervals(t, h.start, days)
            ]
            u[lang] = {"v": versions, "i": ivs}
        if a in unpaired:
            u["p"] = unpaired[a]
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
    }


def data_links(data: dict) -> list[str]:
    """Every URL in the data (relative to the act page): sources, cited lines, references,
    citing units — the site's link check covers them as it covers the pages' links."""
    out = []
    for u in data["units"]:
        for lang in ("kk", "ru"):
            for v in u[lang]["v"]:
                if v["src"]:
                    out += [x for x in (v["src"]["u"], v["src"]["lu"]) if x]
                for para in v["g"] or ():
                    out += [piece[1] for piece in para if piece[1]]
        out += [c[4] for c in u.get("cb", ())]
    return sorted(set(out))


# ---------------------------------------------------------------- packing
# What the file holds is ``timelines_data``'s, packed: a wording, reason, status or order
# named by many versions and intervals is stored once, in the table "s", and referred to by
# its index; each distinct window (``[text, exact, reason]``) once in "w", each distinct list
# of badges once in "b"; an interval's bounds are indices into "days"; a version's empty
# keys are left out. ``unpack`` (and ``unpack`` in static/act.js) gives back the same data.

_V_STR = ("s", "x", "o", "r")  # version keys holding a string of the table
_V_WIN = ("f", "t")
_V_ALL = ("s", "x", "f", "t", "src", "o", "by", "r", "pf", "g")


def _each_unit(units: list, version, interval, string) -> list:
    """``units`` with each version, interval and pair's strings mapped (packed or unpacked)."""
    out = []
    for u in units:
        pu = dict(u)
        for lang in ("kk", "ru"):
            pu[lang] = {"v": [version(v) for v in u[lang]["v"]], "i": [interval(x) for x in u[lang]["i"]]}
        if "p" in u:
            pu["p"] = [[d, string(st), [string(r) for r in rs]] for d, st, rs in u["p"]]
        out.append(pu)
    return out


def pack(data: dict) -> dict:
    strings: dict[str, int] = {}
    wins: dict[tuple, int] = {}
    badge_lists: dict[tuple, int] = {}
    day_of = {d: n for n, d in enumerate(data["days"])}

    def S(x):
        return None if x is None else strings.setdefault(x, len(strings))

    def table(t: dict, value: tuple) -> int:
        return t.setdefault(value, len(t))

    def version(v: dict) -> dict:
        out = {}
        for k in _V_ALL:
            x = v[k]
            if k in _V_WIN and x is not None:
                x = table(wins, (S(x[0]), x[1], S(x[2])))
            elif k in _V_STR:
                x = S(x)
            if x is not None:
                out[k] = x
        return out

    def interval(x: list) -> list:
        return [
            *(b if b is None else day_of.get(b, b) for b in x[:2]),
            x[2],
            S(x[3]),
            S(x[4]),
            table(badge_lists, tuple(map(tuple, x[5]))),
            x[6],
        ]

    return dict(
        data,
        units=_each_unit(data["units"], version, interval, S),
        s=list(strings),
        w=[list(w) for w in wins],
        b=[[list(b) for b in bs] for bs in badge_lists],
    )


def unpack(packed: dict) -> dict:
    s, days = packed["s"], packed["days"]

    def S(i):
        return None if i is None else s[i]

    def window(i):
        w = packed["w"][i]
        return [S(w[0]), w[1], S(w[2])]

    def version(v: dict) -> dict:
        out = {k: v.get(k) for k in _V_ALL}
        for k in _V_STR:
            out[k] = S(out[k])
        for k in _V_WIN:
            out[k] = None if out[k] is None else window(out[k])
        return out

    def interval(x: list) -> list:
        bounds = [days[b] if isinstance(b, int) else b for b in x[:2]]
        return [*bounds, x[2], S(x[3]), S(x[4]), packed["b"][x[5]], x[6]]

    out = {k: v for k, v in packed.items() if k not in ("s", "w", "b")}
    out["units"] = _each_unit(packed["units"], version, interval, S)
    return out


def read_timelines(text: str) -> dict:
    """``timelines_data`` back from a ``timelines.js`` file's text."""
    assert text.startswith("NB_timelines(") and text.endswith(");\n")
    return unpack(json.loads(text.removeprefix("NB_timelines(").removesuffix(");\n")))


def timelines_js(kb, h) -> tuple[bytes, list[str]]:
    """The file's bytes and the URLs it holds (``data_links``)."""
    data = timelines_data(kb, h)
    payload = json.dumps(pack(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "</script>" in the file
    return f"NB_timelines({payload});\n".encode(), data_links(data)
