"""The pages of the static site, as data for the templates.

reads: a ``KnowledgeBase`` (timelines, alignment, instructions, findings);
writes: nothing — returns (path, template, context) for every page.

URLs (relative, stable across rebuilds)::

    index.html                              home
    acts/<act>/index.html                   → latest/ (redirect)
    acts/<act>/<D>/index.html | kk.html | ru.html   the act as in force on D (a version date) or "latest"
    acts/<act>/on.html?date=YYYY-MM-DD      the latest version at or before a date (script)
    acts/<act>/units/<address>.html         a unit's history, both languages, with redlines
    orders/<order>.html                     an amending order: dates, cleaned text, instructions
    check.html, search.html, <prose>.html
Every unit row has ``id="<address>"``, so ``…/2016-01-29/index.html#rules.p7.sp5`` is a permalink.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from normbase.align import align_act
from normbase.checks import self_check
from normbase.query import answer, history, redline
from normbase.timelines import unit_key
from normbase.units import label_of

LANG_NAMES = {"kk": "Қазақша", "ru": "Русский"}
STATUS_TEXT = {
    "in_force": {"en": "in force", "kk": "күшінде", "ru": "действует"},
    "uncertain": {"en": "uncertain", "kk": "белгісіз күннен", "ru": "дата не установлена"},
    "unknown": {"en": "unknown", "kk": "мәтіні белгісіз", "ru": "текст неизвестен"},
    "deleted": {"en": "deleted", "kk": "алып тасталды", "ru": "исключён"},
    "not_in_force": {"en": "not in force", "kk": "күшінде емес", "ru": "не действует"},
}


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict


def version_dates(h) -> list[date]:
    """Every day on which some unit's wording or certainty may change."""
    days = {h.start.earliest}
    for e in h.orders:
        days.add(e.window.earliest)
        if e.window.latest:
            days.add(e.window.latest)
    return sorted(days)


def rel(from_path: str, to_path: str) -> str:
    """A relative URL from one page to another."""
    up = from_path.count("/")
    return "../" * up + to_path


def unit_page(act: str, address: str) -> str:
    return f"acts/{act}/units/{address}.html"


def order_page(order: str) -> str:
    return f"orders/{order}.html"


def _source_link(path: str, src: dict | None) -> str | None:
    if not src:
        return None
    if src["kind"] in ("order",) and src.get("address"):
        return rel(path, order_page(src["act"])) + f"#{src['address']}"
    if src["kind"] == "footnote":
        return rel(path, order_page(src["act"]))
    return None


def _cell(path: str, data: dict) -> dict:
    data = dict(data)
    data["status_text"] = STATUS_TEXT.get(data["status"], {"en": data["status"]})
    data["source_link"] = _source_link(path, data.get("source"))
    data["paragraphs"] = (data.get("text") or "").split("\n") if data.get("text") else []
    return data


def act_pages(kb, h) -> list[Page]:
    pages = []
    days = version_dates(h)
    keys = [d.isoformat() for d in days] + ["latest"]
    act_src = kb.corpus.get(next(s.id for s in kb.corpus.acts if str(s.id) == h.act))
    for i, key in enumerate(keys):
        on = None if key == "latest" else days[i]
        pairs = {p.address: p for p in align_act(h, on)}
        rows = []
        for address in h.addresses:
            row = {"address": address, "depth": address.count(".") - 1, "label": label_of(address),
                   "history": unit_page(h.act, address)}
            for lang in ("kk", "ru"):
                row[lang] = answer(h.timeline(address, lang), on, h.start).to_json()
            p = pairs.get(address)
            row["pair"] = p.to_json() if p else None
            rows.append(row)
        for view in ("index", "kk", "ru"):
            path = f"acts/{h.act}/{key}/{view}.html"
            for row in rows:
                row[f"{view}_kk"] = _cell(path, row["kk"])
                row[f"{view}_ru"] = _cell(path, row["ru"])
                row["history_url"] = rel(path, row["history"])
            pages.append(Page(path, "act.html", {
                "act": h.act, "title": act_src.title, "key": key, "on": on, "view": view,
                "langs": ("kk", "ru") if view == "index" else (view,),
                "rows": [{**r, "kk": r[f"{view}_kk"], "ru": r[f"{view}_ru"]} for r in rows],
                "versions": [{"key": k, "url": rel(path, f"acts/{h.act}/{k}/{view}.html"), "current": k == key} for k in keys],
                "views": [{"view": v, "url": rel(path, f"acts/{h.act}/{key}/{v}.html"), "current": v == view} for v in ("index", "kk", "ru")],
                "on_url": rel(path, f"acts/{h.act}/on.html"),
            }))
    pages.append(Page(f"acts/{h.act}/index.html", "redirect.html", {"target": "latest/index.html"}))
    pages.append(Page(f"acts/{h.act}/on.html", "on.html", {"act": h.act, "versions": keys}))
    return pages


def history_pages(kb, h) -> list[Page]:
    pages = []
    for address in h.addresses:
        path = unit_page(h.act, address)
        langs = []
        for lang in ("kk", "ru"):
            versions = history(h.timeline(address, lang))
            for j, v in enumerate(versions):
                v["source_link"] = _source_link(path, v["source"])
                prev = versions[j - 1] if j else None
                v["redline"] = redline(prev["text"], v["text"]) if prev and prev["text"] and v["text"] else None
            langs.append({"lang": lang, "versions": versions})
        pages.append(Page(path, "unit.html", {"act": h.act, "address": address, "label": label_of(address), "langs": langs,
                                              "act_url": rel(path, f"acts/{h.act}/latest/index.html") + f"#{address}"}))
    return pages


def order_pages(kb) -> list[Page]:
    pages = []
    for order in kb.corpus.orders:
        oid = str(order.id)
        path = order_page(oid)
        event = next((e for h in kb.histories for e in h.orders if e.id == oid), None)
        texts = []
        for t in kb.texts:
            if t.key[0] != oid:
                continue
            units = [n for n in t.parsed.tree.walk() if n.address and n.kind != "container"]
            texts.append({"lang": t.lang, "file": t.parsed.file,
                          "units": [{"address": n.address, "label": n.label, "text": n.text, "lines": n.lines} for n in units]})
        instrs = []
        for oi in kb.instructions_of(oid):
            for n, i in enumerate(oi.instructions, 1):
                target = unit_key(i.target)
                instrs.append({"n": n, "lang": oi.lang, "op": i.op.value, "target": i.target, "clause": i.clause.address,
                               "lines": (i.clause.first_line, i.clause.last_line), "text": i.new_text,
                               "old_words": i.old_words, "new_words": i.new_words,
                               "url": rel(path, unit_page(str(order.amends), target)) if order.amends else None})
            for p in oi.problems:
                instrs.append({"n": None, "lang": oi.lang, "op": "problem", "target": "", "clause": p.clause.address,
                               "lines": (p.clause.first_line, p.clause.last_line), "text": p.message, "url": None})
        pages.append(Page(path, "order.html", {
            "order": order, "oid": oid, "window": event.window if event else None, "texts": texts, "instructions": instrs,
            "act_url": rel(path, f"acts/{order.amends}/latest/index.html") if order.amends else None,
        }))
    return pages


def home_page(kb) -> Page:
    acts = []
    for h in kb.histories:
        src = next(s for s in kb.corpus.acts if str(s.id) == h.act)
        acts.append({"source": src, "url": f"acts/{h.act}/latest/index.html", "start": h.start,
                     "orders": [{"source": e.order, "window": e.window, "url": order_page(e.id)} for e in h.orders]})
    return Page("index.html", "home.html", {"acts": acts})


def check_page(kb) -> Page:
    findings = self_check(kb)
    aligns = [{"act": h.act, "pairs": [p.to_json() for p in align_act(h)]} for h in kb.histories]
    for a in aligns:
        for p in a["pairs"]:
            p["url"] = f"acts/{a['act']}/latest/index.html#{p['address']}"
    return Page("check.html", "check.html", {"findings": findings, "aligns": aligns})
