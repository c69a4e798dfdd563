"""What a reader needs at a glance: certainty labels, citations, source pages.

reads: ``query.answer``'s ``Answer`` values (through ``answers``), timelines, the corpus
metadata and the source files; writes: nothing — returns plain data for the templates
(``Page`` values for the source texts).

Nothing here computes a status. ``labels`` says *why* an answer ``query.answer`` called
``uncertain`` is uncertain, from that answer's own interval and its version's proof date:

- ``window`` — the wording's order (or the act) entered into force on an unknown date, not
  before D (the answer's ``valid_from`` is a window and the day asked lies inside it);
- ``presumed`` — the wording is proven by a consolidated text only from its own, later
  date; before that it is presumed (the day asked lies before the version's ``proven_from``);
- ``sequence`` — neither: the order of the changes is not proven (the reason says which).
"""

from __future__ import annotations

from normbase.normalize import decode
from normbase.model.address import parsed

STATUS_EN = {
    "in_force": "in force",
    "uncertain": "uncertain",
    "unknown": "wording unknown",
    "deleted": "deleted",
    "not_in_force": "not in force",
}
KIND_EN = {
    "window": "entered into force on an unknown date ≥ {d}",
    "presumed": "presumed from a later consolidated text ({d})",
    "sequence": "order of changes not proven",
}


def labels(a, t, act_start=None) -> list[dict]:
    """The badges of one answer: its status and, for ``uncertain``, why — each
    ``{"status", "kind", "key", "d", "text"}`` (``key`` names the UI string)."""
    if a.status != "uncertain":
        return [
            {
                "status": a.status,
                "kind": a.status,
                "key": f"status.{a.status}",
                "d": "",
                "text": STATUS_EN.get(a.status, a.status),
            }
        ]
    out = []
    on = a.on
    v = t.versions[a.version]
    w = a.valid_from or (act_start if v.start is None else None)
    if on is not None and w is not None and not w.exact and (w.latest is None or on < w.latest):
        out.append(("window", w.earliest.isoformat()))
    if on is not None and v.proven_from is not None and on < v.proven_from:
        out.append(("presumed", v.proven_from.isoformat()))
    if not out:
        out.append(("sequence", ""))
    return [
        {"status": "uncertain", "kind": k, "key": f"kind.{k}", "d": d, "text": KIND_EN[k].format(d=d)}
        for k, d in out
    ]


# ---------------------------------------------------------------- citations

_RU_GEN = {
    "Правила": "Правил",
    "Положение": "Положения",
    "Инструкция": "Инструкции",
    "Порядок": "Порядка",
    "Устав": "Устава",
    "Регламент": "Регламента",
    "Перечень": "Перечня",
    "Стандарт": "Стандарта",
}
_KK_GEN = {
    "Қағидалары": "Қағидаларының",
    "Қағидалар": "Қағидалардың",
    "Ережесі": "Ережесінің",
    "Ереже": "Ереженің",
    "Нұсқаулық": "Нұсқаулықтың",
    "Тәртібі": "Тәртібінің",
}
_STEPS = {  # step prefix → (ru nominative, ru genitive, kk possessive, kk genitive, en)
    "sec": ("раздел {n}", "раздела {n}", "{n}-бөлімі", "{n}-бөлімінің", "section {n}"),
    "ch": ("глава {n}", "главы {n}", "{n}-тарауы", "{n}-тарауының", "chapter {n}"),
    "art": ("статья {n}", "статьи {n}", "{n}-бабы", "{n}-бабының", "article {n}"),
    "p": ("пункт {n}", "пункта {n}", "{n}-тармағы", "{n}-тармағының", "point {n}"),
    "sp": ("подпункт {n})", "подпункта {n})", "{n}) тармақшасы", "{n}) тармақшасының", "subpoint {n})"),
    "part": ("часть {n}", "части {n}", "{n}-бөлігі", "{n}-бөлігінің", "part {n}"),
}
_ANY = ("{n}",) * 5


def _steps(address: str) -> list[tuple[str, str]]:
    out = []
    for step in parsed(address).parts[1:]:
        for prefix in ("part", "sec", "art", "ch", "sp", "p"):
            if step.startswith(prefix) and step[len(prefix) :][:1].isdigit():
                out.append((prefix, step[len(prefix) :]))
                break
        else:
            out.append((step, ""))
    return out


def _doc_gen(title: str, table: dict, kk: bool) -> str:
    """A document's name in the genitive where its head word is in ``table`` (ru: the first
    word, kk: the last; a Russian «Об утверждении X» already holds X in the genitive), else
    the title in quotes."""
    words = title.split()
    if not words:
        return ""
    if not kk and title.startswith("Об утверждении "):
        return title[len("Об утверждении ") :]
    head = words[-1] if kk else words[0]
    gen = next((v for k, v in table.items() if k.lower() == head.lower()), None)
    if gen is None:
        return f"«{title}»"
    gen = gen if head[:1].isupper() else gen[:1].lower() + gen[1:]
    return " ".join(words[:-1] + [gen]) if kk else " ".join([gen] + words[1:])


def unit_names(address: str, titles: dict, number: str) -> dict:
    """How the unit is named in a citation, per UI language (ru, kk, en): «подпункт 5)
    пункта 7 Правил …» / «… Қағидаларының 7-тармағының 5) тармақшасы»: ``unit_steps``
    joined to ``doc_forms`` of its container as ``join_name`` (and static/app.js) join them."""
    return join_name(unit_steps(address), doc_forms(parsed(address).parts[0], titles, number))


def join_name(steps: tuple, doc: tuple) -> dict:
    """ru and en name the unit first, kk the document first."""
    return {"ru": f"{steps[0]} {doc[0]}", "kk": f"{doc[1]} {steps[1]}", "en": f"{steps[2]} of {doc[2]}"}


def doc_forms(container: str, titles: dict, number: str) -> tuple[str, str, str]:
    """The document a unit of ``container`` belongs to, in the form a citation needs it
    (ru, kk genitive; en): the same for every unit of the container, so given once per act."""
    doc = titles.get(container, {})
    act = (f"приказа № {number}", f"№ {number} бұйрықтың", f"order No. {number}")
    order_title = titles.get("order", {})
    if container == "order" or not (doc or order_title):
        return act
    approves = order_title.get("ru", "") if order_title.get("ru", "").startswith("Об утверждении ") else ""
    return (
        _doc_gen(doc.get("ru", "") or approves, _RU_GEN, False) or act[0],
        _doc_gen(doc.get("kk", ""), _KK_GEN, True) or act[1],
        f"the {container} approved by {act[2]}",
    )


def unit_steps(address: str) -> tuple[str, str, str]:
    """The unit's own part of its name (ru, kk, en): «подпункт 5) пункта 7» — without the document."""
    steps = [s for s in _steps(address) if s[1]]
    tail = parsed(address).last
    if not steps:
        return {
            "title": ("заголовок", "тақырыбы", "the title"),
            "header": ("вводная часть", "кіріспесі", "the header"),
            "preamble": ("преамбула", "преамбуласы", "the preamble"),
        }.get(tail, (tail, tail, tail))
    inner = list(reversed(steps))  # ru and en name the innermost unit first
    ru = [(_STEPS.get(p) or _ANY)[0 if i == 0 else 1].format(n=n) for i, (p, n) in enumerate(inner)]
    kk = [
        (_STEPS.get(p) or _ANY)[3 if i < len(steps) - 1 else 2].format(n=n) for i, (p, n) in enumerate(steps)
    ]
    en = " of ".join((_STEPS.get(p) or _ANY)[4].format(n=n) for p, n in inner)
    return " ".join(ru), " ".join(kk), en


def doc_titles(kb, h) -> dict:
    """{container: {lang: its title as of the latest source}} (``rules`` → «Правила …»)."""
    out: dict = {}
    for address in h.addresses:
        parts = parsed(address).parts
        if len(parts) == 2 and parts[1] == "title":
            for lang in ("kk", "ru"):
                v = h.timeline(address, lang).versions[-1]
                if v.text:
                    out.setdefault(parts[0], {})[lang] = v.text
    return out


# ---------------------------------------------------------------- source texts


def source_page_path(source_id: str, lang: str) -> str:
    return f"sources/{source_id}/{lang}.html"


def source_texts(kb, sources=None) -> list[dict]:
    """Every text file of ``sources`` (default: of the corpus), line by line, for the source pages."""
    out = []
    for s in list(kb.corpus.acts) + list(kb.corpus.orders) if sources is None else sources:
        for tf in s.texts:
            text = decode(tf.data, str(tf.path))
            out.append(
                {
                    "id": str(s.id),
                    "lang": tf.lang,
                    "file": tf.path.name,
                    "sha256": tf.sha256,
                    "lines": text.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
                    "path": source_page_path(str(s.id), tf.lang),
                }
            )
    return out
