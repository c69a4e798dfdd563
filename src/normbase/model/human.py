"""Human address forms in both languages → ``Address``; and an address → its human form.

reads: what a user types; writes: ``Address`` values (through ``address.parse_canonical``).

Accepted (any order of the mentions; a Russian genitive chain reads bottom-up, a Kazakh one
top-down, and both give the same address)::

    ст. 3 п. 2 · статья 3, пункт 2, подпункт 1) · подпункт 1) пункта 2 статьи 3
    3-бап 2-тармақ 1) тармақша · 3-баптың 2-тармағының 1) тармақшасы
    подпункт д) части второй статьи 2 · 2-баптың екінші бөлігінің г) тармақшасы (letters: kinds.LETTERS)
    абзац четвертый статьи 3 · часть вторая пункта 2 · 7-тармақтың екінші бөлігі
    глава 2 · 2-тарау · раздел 1 · 1-бөлім · заголовок · тақырыбы
    3.2.1 (article, point, subpoint) · 7.5 (point, subpoint) · 7 (point)

A subpoint and a part may sit either way round (``art3.sp1.part2``, ``art2.part2.spd``): the
mentions' order decides, read top-down when the article or point is named first, bottom-up (the
Russian genitive chain) when it is named last; else the part is inside the subpoint.
Points and chapters without an article default to the ``rules`` container (the seed's Rules);
a mention of an article means an act without containers. The names come from ``kinds.KINDS``.
"""

from __future__ import annotations

import re

from normbase.model.address import Address, AddressError, build, parse_canonical
from normbase.model.kinds import (
    BY_NAME,
    KINDS,
    LETTER_TEXT,
    NUM,
    ORD_KK,
    ORD_RU,
    UnitKind,
    letter_number,
    number_label,
    ordinal,
)

_HUMAN_KINDS = ("section", "chapter", "paragraph-group", "article", "point", "subpoint", "part")
_KK_STEMS = {
    "section": "бөлім",
    "chapter": "тарау",
    "paragraph-group": "параграф",
    "article": "ба[пб]",
    "point": "тарма[қғ]",
    "part": "бөлі[кг]",
}
_ORD_WORD = (
    r"(?:"
    + "|".join(sorted((re.escape(w) for w in ORD_KK), key=len, reverse=True))
    + "|"
    + "|".join(sorted(ORD_RU, key=len, reverse=True))
    + r")\w*"
)


def _alternation(forms) -> str:
    return "|".join(sorted({re.escape(f) for f in forms}, key=len, reverse=True))


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    rows: list[tuple[str, str]] = []
    for kind in (BY_NAME[k] for k in _HUMAN_KINDS):
        words = _alternation(
            [*kind.ru.values(), *(v for v in kind.kk.values() if kind.name == "part"), *kind.human]
        )
        number = f"{NUM}|{LETTER_TEXT}" if kind.name == "subpoint" else NUM
        rows.append((rf"(?:{words})(?:(?<=\.)|(?!\w))\s*(?P<n>{number})\)?", kind.name))
        if kind.name == "part":
            rows.append((rf"(?:{words})(?!\w)\s*(?P<o>{_ORD_WORD})", "part"))
            rows.append((rf"(?P<o>{_ORD_WORD})\s+(?:{words})\w*", "part"))
        if kind.name == "subpoint":
            rows.append((rf"(?P<n>{NUM}|{LETTER_TEXT})\)\s*тармақша\w*", "subpoint"))
        elif kind.name in _KK_STEMS:
            rows.append((rf"(?P<n>{NUM})-{_KK_STEMS[kind.name]}\w*", kind.name))
    return [(re.compile(p, re.IGNORECASE), k) for p, k in rows]


_MENTIONS = _patterns()
_TITLE = re.compile(r"^(?:заголовок|наименование|тақырып|тақырыбы|атауы)$", re.IGNORECASE)
_NUMERIC = re.compile(rf"^({NUM})(?:\.({NUM})\)?)?(?:\.({NUM})\)?)?\.?$")
_SEPARATORS = re.compile(r"[\s,;]+")


def _mentions(text: str) -> list[tuple[str, str]] | None:
    out, pos = [], 0
    while pos < len(text):
        sep = _SEPARATORS.match(text, pos)
        if sep:
            pos = sep.end()
            continue
        for rx, kind in _MENTIONS:
            m = rx.match(text, pos)
            if m and (m.end() == len(text) or not text[m.end()].isalnum()):
                number = m.groupdict().get("n") or str(ordinal(m["o"]) or "")
                number = letter_number(number) or "" if kind == "subpoint" else number
                if not number:
                    return None
                out.append((kind, number))
                pos = m.end()
                break
        else:
            return None
    return out


def parse_human(text: str) -> Address:
    """A human form (see the module's docstring) → ``Address``; ``AddressError`` otherwise."""
    cleaned = " ".join(text.split())
    if _TITLE.match(cleaned):
        return parse_canonical("order.title")
    if (m := _NUMERIC.match(cleaned)) is not None:
        numbers = [g for g in m.groups() if g]
        if len(numbers) == 3:
            return build(("article", numbers[0]), ("point", numbers[1]), ("subpoint", numbers[2]))
        steps = [("point", numbers[0])] + ([("subpoint", numbers[1])] if len(numbers) == 2 else [])
        return build(*steps, container="rules")
    mentions = _mentions(cleaned)
    if not mentions:
        raise AddressError(
            f"bad address {text!r}: expected e.g. 'rules.p7.sp5', 'статья 3 пункт 2', "
            "'п. 7 пп. 5', '3-бап 2-тармақ 1) тармақша', 'абзац второй статьи 3' or '7.5'"
        )
    kinds = [k for k, _ in mentions]
    if len(set(kinds)) != len(kinds):
        raise AddressError(f"bad address {text!r}: names a {kinds[0]} twice")
    part_inside = _part_inside_subpoint(kinds)
    mentions.sort(key=lambda m: BY_NAME[m[0]].rank if part_inside or m[0] != "part" else 35)
    heads = {"section", "chapter", "paragraph-group"}
    if heads & set(kinds) and len(kinds) > 1:
        raise AddressError(
            f"bad address {text!r}: a chapter or section is a heading; name the article "
            "or point alone (they are numbered through the act)"
        )
    container = "" if "article" in kinds or "section" in kinds else "rules"
    try:
        return build(*mentions, container=container)
    except AddressError as e:
        raise AddressError(f"bad address {text!r}: {str(e).split(': ', 1)[-1]}") from None


def _part_inside_subpoint(kinds: list[str]) -> bool:
    """Whether a part named with a subpoint is inside it (``sp1.part2``) rather than above it
    (``part2.spd``): by the order of the mentions, relative to the article or point."""
    if "part" not in kinds or "subpoint" not in kinds:
        return True
    top = next((kinds.index(k) for k in ("article", "point") if k in kinds), None)
    part, sub = kinds.index("part"), kinds.index("subpoint")
    if top is not None and top < min(part, sub):
        return sub < part  # top-down: статья 2, часть 2, подпункт д)
    if top is not None and top > max(part, sub):
        return part < sub  # bottom-up: подпункт д) части второй статьи 2
    return True


def human_form(address: Address, lang: str = "ru") -> str:
    """The address as a reader writes it:
    ``статья 3, пункт 2, подпункт 1)`` / ``3-бап 2-тармақ 1) тармақша``."""
    out = []
    for kind_name, number in address.path:
        kind: UnitKind = BY_NAME[kind_name]
        if kind_name == "container" or not kind.ru:
            continue
        if lang == "kk":
            name = kind.kk.get("nom", kind.name)
            out.append(
                f"{number_label(number)}) {name}"
                if kind_name == "subpoint"
                else f"{number}-{name}"
                if kind.numbered
                else name
            )
        else:
            name = kind.ru.get("nom", kind.name)
            out.append(
                f"{name} {number_label(number)})" if kind_name == "subpoint" else f"{name} {number}".strip()
            )
    return (" " if lang == "kk" else ", ").join(out) or str(address)


__all__ = ["parse_human", "human_form", "KINDS"]
