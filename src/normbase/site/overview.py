"""The order pages and the holdings statement of the static site, as data for the templates.

reads: a ``KnowledgeBase`` (sources and their metadata, instructions, timelines, the
self-check and the alignment); writes: nothing — returns ``Page`` values.

``holdings`` says what the corpus holds and what it lacks, in Kazakh, Russian and
English, computed from the metadata (not written by hand), so adding a text or a
publication date changes the statement on the next build (``holdings.html``).
"""

from __future__ import annotations

from datetime import date

from normbase.site.pages import Page, act_page, order_page, rel, text_lang, unit_page
from normbase.timelines import unit_key

OPS = {
    "replace": "new wording of",
    "insert": "inserts",
    "delete": "deletes",
    "replace_words": "replaces words in",
    "delete_words": "deletes words in",
    "repeal": "repeals",
    "problem": "not understood",
}
LANG_WORD = {
    "en": {"kk": "Kazakh", "ru": "Russian"},
    "kk": {"kk": "қазақша", "ru": "орысша"},
    "ru": {"kk": "казахский", "ru": "русский"},
}
BOTH = {"en": "in Kazakh and Russian", "kk": "қазақша және орысша", "ru": "на казахском и русском языках"}


def _num(s) -> tuple[str, str]:
    return s.id.number, str(s.id.year)


def _by_date(sources) -> list:
    return sorted(sources, key=lambda s: (s.id.year, s.signed or date.max, str(s.id)))


def _langs_of(s) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The texts of a source, as the holdings name them: one item for both languages, else
    one per language — (the word before "text", with its space; what follows the phrase)."""
    if set(s.langs) == {"kk", "ru"}:
        before = {"en": "", "kk": BOTH["kk"] + " ", "ru": ""}
        return [(before, {"en": ", " + BOTH["en"], "ru": " " + BOTH["ru"]})]
    return [({k: LANG_WORD[k][lang] + " " for k in LANG_WORD}, {"en": "", "ru": ""}) for lang in s.langs]


def holdings(kb) -> dict[str, dict[str, list[str]]]:
    """{lang: {"holds": [...], "lacks": [...]}} — phrases for the home page's statement."""
    out: dict[str, dict[str, list[str]]] = {lang: {"holds": [], "lacks": []} for lang in ("kk", "ru", "en")}

    def add(kind: str, en: str, kk: str, ru: str) -> None:
        out["en"][kind].append(en)
        out["kk"][kind].append(kk)
        out["ru"][kind].append(ru)

    for s in kb.corpus.acts:
        n, y = _num(s)
        for w, b in _langs_of(s):  # w: the language word before "text", b: both languages after it
            if s.kind == "consolidated":
                add(
                    "holds",
                    f"the {w['en']}consolidated text of order No. {n} ({y}){b['en']}",
                    f"№\u00a0{n} бұйрықтың ({y}) {w['kk']}шоғырландырылған мәтіні",
                    f"{w['ru']}консолидированный текст приказа №\u00a0{n} ({y}){b['ru']}",
                )
            else:
                add(
                    "holds",
                    f"the {w['en']}text of order No. {n} ({y}) as adopted{b['en']}",
                    f"№\u00a0{n} бұйрықтың ({y}) {w['kk']}түпнұсқа мәтіні",
                    f"{w['ru']}первоначальный текст приказа №\u00a0{n} ({y}){b['ru']}",
                )
    for s in _by_date(kb.corpus.orders):
        n, y = _num(s)
        for w, b in _langs_of(s):
            add(
                "holds",
                f"the {w['en']}text of amending order No. {n} ({y}){b['en']}",
                f"№\u00a0{n} өзгерту бұйрығының ({y}) {w['kk']}мәтіні",
                f"{w['ru']}текст изменяющего приказа №\u00a0{n} ({y}){b['ru']}",
            )
    for s in kb.corpus.acts:
        n, y = _num(s)
        if s.kind == "consolidated":
            add(
                "lacks",
                f"the text of order No. {n} ({y}) as adopted, {BOTH['en']}",
                f"№\u00a0{n} бұйрықтың ({y}) қабылданған кездегі мәтіні ({BOTH['kk']})",
                f"первоначальный текст приказа №\u00a0{n} ({y}) {BOTH['ru']}",
            )
        for lang in ("kk", "ru"):
            if lang in s.langs:
                continue
            L = {k: LANG_WORD[k][lang] for k in LANG_WORD}
            what = (
                ("consolidated", "шоғырландырылған", "консолидированный")
                if s.kind == "consolidated"
                else ("original", "түпнұсқа", "первоначальный")
            )
            add(
                "lacks",
                f"the {L['en']} {what[0]} text of order No. {n} ({y})",
                f"№\u00a0{n} бұйрықтың ({y}) {L['kk']} {what[1]} мәтіні",
                f"{L['ru']} {what[2]} текст приказа №\u00a0{n} ({y})",
            )
    for s in _by_date(kb.corpus.orders):
        n, y = _num(s)
        if not s.langs:
            add(
                "lacks",
                f"any text of order No. {n} ({y}): it is known only from a footnote",
                f"№\u00a0{n} бұйрықтың ({y}) мәтіні: ол тек ескертпеден белгілі",
                f"текст приказа №\u00a0{n} ({y}): он известен только из сноски",
            )
            continue
        for lang in ("kk", "ru"):
            if lang not in s.langs:
                L = {k: LANG_WORD[k][lang] for k in LANG_WORD}
                add(
                    "lacks",
                    f"the {L['en']} text of order No. {n} ({y})",
                    f"№\u00a0{n} бұйрықтың ({y}) {L['kk']} мәтіні",
                    f"{L['ru']} текст приказа №\u00a0{n} ({y})",
                )
    unpublished = [s for s in _by_date(kb.corpus.orders) if s.published is None]
    if unpublished:
        nums = ", ".join(f"№\u00a0{s.id.number}" for s in unpublished)
        add(
            "lacks",
            f"the dates of first official publication of orders {nums}, "
            "so only the earliest day of their entry into force is known",
            f"{nums} бұйрықтардың алғашқы ресми жарияланған күндері, "
            "сондықтан олардың күшіне енген күнінің тек ең ерте шегі белгілі",
            f"даты первого официального опубликования приказов {nums}, "
            "поэтому для вступления их в силу известна только самая ранняя дата",
        )
    return out


def _footnote_units(h, oid: str) -> list[dict]:
    """Units an order changed, as the timelines know it (for an order known from footnotes)."""
    out = {}
    for t in h.timelines:
        for v in t.versions:
            if v.changed_by == oid and t.address not in out:
                notes = [{"text": n, "lang": text_lang(n)} for n in (v.source.notes if v.source else ())]
                out[t.address] = {"address": t.address, "reason": v.reason, "notes": notes}
    return list(out.values())


def order_pages(kb, orders=None) -> list[Page]:
    """The pages of ``orders`` (default: every amending order of the corpus)."""
    pages = []
    for order in kb.corpus.orders if orders is None else orders:
        oid = str(order.id)
        path = order_page(oid)
        h = kb.history(str(order.amends)) if order.amends else None
        event = next((e for e in h.orders if e.id == oid), None) if h else None
        known = set(h.addresses) if h else set()
        texts = []
        for t in kb.texts_of(oid):
            units = [n for n in t.parsed.tree.walk() if n.address and n.kind != "container"]
            texts.append(
                {
                    "lang": t.lang,
                    "file": t.parsed.file,
                    "units": [
                        {
                            "address": n.address,
                            "label": n.label,
                            "text": n.text,
                            "lines": n.lines,
                            "depth": n.address.count("."),
                        }
                        for n in units
                    ],
                }
            )
        instrs = []
        for oi in kb.instructions_of(oid):
            for n, i in enumerate(oi.instructions, 1):
                target = unit_key(i.target)
                instrs.append(
                    {
                        "n": n,
                        "lang": oi.lang,
                        "op": i.op.value,
                        "op_text": OPS.get(i.op.value, i.op.value),
                        "target": i.target,
                        "clause": i.clause.address,
                        "lines": (i.clause.first_line, i.clause.last_line),
                        "text": i.new_text,
                        "old_words": i.old_words,
                        "new_words": i.new_words,
                        "message": None,
                        "url": rel(path, unit_page(h.act, target))
                        if h and target in known
                        else (rel(path, act_page(h.act)) if h else None),
                    }
                )
            for p in oi.problems:
                instrs.append(
                    {
                        "n": None,
                        "lang": oi.lang,
                        "op": "problem",
                        "op_text": OPS["problem"],
                        "target": "",
                        "clause": p.clause.address,
                        "lines": (p.clause.first_line, p.clause.last_line),
                        "text": None,
                        "message": p.message,
                        "old_words": None,
                        "new_words": None,
                        "url": None,
                    }
                )
        footnoted = []
        if h and not order.langs:
            footnoted = [
                dict(u, url=rel(path, unit_page(h.act, u["address"]))) for u in _footnote_units(h, oid)
            ]
        pages.append(
            Page(
                path,
                "order.html",
                {
                    "order": order,
                    "oid": oid,
                    "window": event.window if event else None,
                    "texts": texts,
                    "instructions": instrs,
                    "footnoted": footnoted,
                    "rule_lang": text_lang(order.entry_into_force_text or ""),
                    "act_url": rel(path, act_page(str(order.amends))) if h else None,
                    "on_act_url": rel(path, act_page(h.act, event.window.earliest.isoformat()))
                    if h and event
                    else None,
                    "on_day": event.window.earliest.isoformat() if h and event else None,
                },
            )
        )
    return pages
