"""Whole units on a date: a point with its parts and subpoints, put together.

reads: an act's timelines; writes: plain dicts (the ``show`` answer: the composed text,
its status, source and the answer of every unit inside it).

A point's timeline holds its own paragraph; its parts and subpoints have timelines of
their own, each with its own source and certainty. Composing never hides a gap: a unit
whose wording is unknown appears as ``[wording unknown]`` with its official number.
"""

from __future__ import annotations

from datetime import date

from normbase.model.address import AddressError, first_part, parse_canonical
from normbase.model.kinds import number_label
from normbase.timelines import unit_key
from normbase.query import IN_FORCE, NOT_IN_FORCE, STATUS_DELETED, STATUS_UNKNOWN, UNCERTAIN, Answer, answer

_RANK = {STATUS_UNKNOWN: 0, UNCERTAIN: 1, IN_FORCE: 2}


def label_of(address: str) -> str:
    """The official number of a unit as printed: ``rules.p7.sp5`` → ``5)``, ``rules.p7`` → ``7.``."""
    try:
        a = parse_canonical(address)
    except AddressError:
        return ""
    if a.kind.name == "subpoint":
        return f"{number_label(a.number)})"  # spd → «д)»
    return f"{a.number}." if a.kind.name in ("point", "chapter", "article", "section") else ""


def unit_answers(h, address: str, lang: str, on: date | None) -> list[Answer]:
    """The answers for ``address`` and every unit below it, in document order."""
    if first_part(address):
        return [answer(h.timeline(unit_key(address), lang), on, h.start)]
    keys = ([address] if h.timeline(address, lang) is not None else []) + list(h.below(address))
    return [answer(h.timeline(k, lang), on, h.start) for k in keys]


def notes_for(kb, act: str, address: str, lang: str) -> list[str]:
    """Footnotes of the source text for the unit (and the units above it)."""
    text = kb.text(act, lang)
    if text is None:
        return []
    a = parse_canonical(unit_key(address))
    ancestors = [a]  # the unit's ancestors by address, from the top (tree order), then itself
    while (parent := ancestors[0].parent) is not None:
        ancestors.insert(0, parent)
    return [n for up in ancestors for n in text.notes_at(str(up))]


def compose(kb, h, address: str, lang: str, on: date | None) -> dict:
    answers = unit_answers(h, address, lang, on)
    own = answers[0]
    visible = [a for a in answers if a.status not in (NOT_IN_FORCE, STATUS_DELETED) or a is own]
    lines = []
    for a in visible:
        if a.text is not None:
            lines.append(a.text)
        elif a is own and a.status in (STATUS_DELETED, NOT_IN_FORCE):
            continue
        else:
            lines.append(f"{label_of(a.address)} [wording unknown]".strip())
    status, reason = own.status, own.reason
    inner = [a for a in visible[1:]]
    if own.status in (IN_FORCE, UNCERTAIN, STATUS_UNKNOWN) and inner:
        worst = min((a for a in visible), key=lambda a: _RANK.get(a.status, 3))
        if worst.status != own.status and _RANK.get(worst.status, 3) < _RANK.get(own.status, 3):
            status = worst.status
            parts = sorted({a.address for a in inner if a.status == worst.status})
            reason = (
                f"{'; '.join(x for x in (own.reason,) if x)}{'; ' if own.reason else ''}"
                f"{worst.status} for {', '.join(parts)}: {worst.reason}"
            )
    data = own.to_json()
    data.update(
        {
            "address": address,
            "status": status,
            "text": "\n".join(lines) if any(a.text for a in visible) else None,
            "reason": reason,
            "notes": notes_for(kb, h.act, address, lang),
        }
    )
    if len(answers) > 1:
        data["units"] = [a.to_json() for a in answers]
    return data
