"""Wording: a new wording an order gives → the units it holds, each with its own text.

reads: an instruction's target address and its wording (and, for an article, whether the order's
text in another language opens it with a name); writes: nothing — ``(address, own text)`` pairs
for ``timelines.py``.

A point's wording holds its subpoints (``N)``) and further parts (unlabelled paragraphs); an
article's also holds points (``N.``, numbered anew in the article) with their own subpoints and
parts, and its unlabelled paragraphs are its parts, from ``part1`` after a heading that is only a
name (``heading_named``: the two languages have equal force).
"""

from __future__ import annotations

import re
from functools import lru_cache

from normbase.clauses import Instruction
from normbase.model.address import AddressError, parsed
from normbase.versions import OrderEvent


@lru_cache(maxsize=1 << 16)
def _last_kind(target: str) -> tuple[str, bool]:
    """The kind of a target's last step and whether a step is above it; ("", False) for what is no
    address (``act``, the whole act)."""
    try:
        unit = parsed(target)
    except AddressError:
        return "", False
    return unit.kind.name, unit.parent is not None


def wording_units(target: str, text: str, named: bool | None = None) -> list[tuple[str, str]]:
    """Split a replacement wording into (address, own text) pairs: the unit, then its
    subpoints (``N)``) and further parts (unlabelled paragraphs). An article's wording also
    holds points (``N.``, numbered anew in the article) with their own subpoints and parts; its
    unlabelled paragraphs are its parts, from ``part1`` after a heading that is only a name."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return [(target, "")]
    kind, below = _last_kind(target)
    if kind == "article":
        return _article_units(target, paragraphs, named)
    in_point = kind == "point" and below  # a point inside a container or an article, not one at the top
    out = [(target, paragraphs[0])]
    part = 1
    for para in paragraphs[1:]:
        m = re.match(r"^([1-9]\d{0,2}(?:-[1-9]\d{0,2})*)\)\s*", para)  # an official number (address grammar)
        if m and in_point and f"{target}.sp{m.group(1)}" not in dict(out):
            out.append((f"{target}.sp{m.group(1)}", para))
        elif in_point:
            part += 1
            out.append((f"{target}.part{part}", para))
        else:
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{para}")
    return out


def _heading_is_a_name(first: str) -> bool:
    """«Статья 1. Основные понятия»: a name, no text (a final dot ends a sentence of the article)."""
    return not re.search(r"[.;:!?]$", first)


def heading_named(event: OrderEvent, instr: Instruction) -> bool | None:
    """Whether an article's new wording opens with its name, as the order's text in another language
    shows it: the two texts have equal force, so a heading without a final dot in one («5-1-бап.
    … критерийлері») makes the other's final dot («… собственности.») punctuation, not a sentence.
    None: no other language says more than the wording itself."""
    for other in event.instructions:
        if (
            other.clause.lang != instr.clause.lang
            and other.op == instr.op
            and other.target == instr.target
            and other.new_text
            and _heading_is_a_name(other.new_text.split("\n", 1)[0].strip())
        ):
            return True
    return None


def _article_units(target: str, paragraphs: list[str], named: bool | None = None) -> list[tuple[str, str]]:
    out = [(target, paragraphs[0])]
    named = _heading_is_a_name(paragraphs[0]) if named is None else named
    owner, parts = target, {target: 0 if named else 1}
    for para in paragraphs[1:]:
        point = re.match(r"^([1-9]\d{0,2}(?:-[1-9]\d{0,2})*)\.\s+", para)
        sub = re.match(r"^([1-9]\d{0,2}(?:-[1-9]\d{0,2})*)\)\s*", para)
        if point and f"{target}.p{point.group(1)}" not in dict(out):
            owner = f"{target}.p{point.group(1)}"
            parts[owner] = 1
            out.append((owner, para))
        elif sub and f"{owner}.sp{sub.group(1)}" not in dict(out):
            out.append((f"{owner}.sp{sub.group(1)}", para))
        else:
            parts[owner] += 1
            out.append((f"{owner}.part{parts[owner]}", para))
    return out
