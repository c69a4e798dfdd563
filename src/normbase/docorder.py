"""Document order: the units of an act in reading order.

reads: unit addresses, the parsed trees of the act's texts and the orders' events (``timelines.py``
calls it once per act); writes: nothing — returns the addresses sorted.

Headings first (an order opens with its title, then its header; an appendix with its header, then
its title), then chapters and points by number (a chapter heading goes before the first point the
sources put in it, or the first point the same clause names), sub-units after their unit; an act
without containers (a law) keeps the order its texts give.
"""

from __future__ import annotations

from functools import lru_cache

from normbase.model.address import AddressError, parsed, within
from normbase.model.kinds import number_key
from normbase.tree import Node
from normbase.versions import OrderEvent, unit_key


@lru_cache(maxsize=1 << 16)
def _is_inner_chapter(target: str) -> bool:
    """A chapter inside a container (``rules.ch2``), not a whole act or a top-level chapter."""
    try:
        unit = parsed(target)
    except AddressError:
        return False
    return unit.kind.name == "chapter" and unit.parent is not None


def _point_number(target: str) -> int | None:
    """The leading number of the point on the way to ``target`` (``rules.p7-1.sp5`` → 7); None: no point."""
    try:
        unit = parsed(target)
    except AddressError:
        return None
    point = next((a for a in (*unit.ancestors, unit) if a.kind.name == "point"), None)
    return int(point.number.split("-")[0]) if point is not None else None


# the order's own text opens with its title, then the header (issuer, date, registration);
# an appendix opens with its header («Утверждены приказом …»), then its title
_HEADINGS = {
    "order": {"title": 0, "header": 1, "preamble": 2},
    None: {"header": 0, "title": 1, "preamble": 2},
}


def _num(text: str) -> tuple[int, ...]:
    return number_key(text)  # 7-1 → (7, 1); a letter («д)») after every digit, in alphabet order


def document_order(units: list[str], trees: list[Node], events: list[OrderEvent]) -> list[str]:
    """Units in reading order: headings, then chapters and points by number (a chapter
    heading goes before the first point the sources put in it), sub-units after their unit."""
    chapter_at: dict[str, float] = {}
    for tree in trees:
        for node in tree.walk():
            if node.kind == "chapter":
                points = [c for c in node.children if c.kind == "point"]
                if points:
                    first = _num(parsed(points[0].address).number)[0]
                    chapter_at.setdefault(node.address, first - 0.5)
    for e in events:  # a chapter clause goes before the next point clause
        targets = [unit_key(i.target) for i in e.instructions]
        for k, t in enumerate(targets):
            if _is_inner_chapter(t) and t not in chapter_at:
                nxt = next((n for u in targets[k + 1 :] if (n := _point_number(u)) is not None), None)
                if nxt is not None:
                    chapter_at[t] = nxt - 0.5

    position: dict[str, float] = {}  # an act without containers (a law): the order its texts give
    for tree in trees:
        for node in tree.walk():
            if node.address and node.address not in position and not parsed(node.address).container:
                position[node.address] = float(len(position))
    numbered: dict[tuple, list[str]] = {}  # (parent, kind) → the numbered units the texts give
    for a in position:
        if (p := parsed(a)).number:
            numbered.setdefault((p.parent, p.kind.name), []).append(a)

    def inserted_at(unit) -> float:
        """A unit no text has (inserted by an order): after the last sibling of its kind numbered
        before it (and everything inside that one), else right after its parent."""
        if not unit.number:  # an unnumbered unit (a title, a preamble): right after its parent
            return position.get(str(unit.parent or ""), 1e9) + 0.5
        parent, kind, own = unit.parent, unit.kind.name, number_key(unit.number)
        earlier = [a for a in numbered.get((parent, kind), ()) if number_key(parsed(a).number) < own]
        if not earlier:
            return position.get(str(parent or ""), 1e9) + 0.5
        last = max(earlier, key=lambda a: number_key(parsed(a).number))
        return max(v for a, v in position.items() if within(a, last)) + 0.5

    def key(address: str) -> tuple:
        unit = parsed(address)
        if not unit.container:
            if address in position:
                return (-1, (position[address],), ())
            return (-1, (inserted_at(unit),), number_key(unit.number) if unit.number else ())
        container, *steps = unit.parts
        rank = 0 if container == "order" else 1 if container == "rules" else 2 + int(container[3:] or 0)
        if not steps:
            return (rank, (-1e9,), ())  # the container itself (e.g. a footnote with nowhere else to go)
        first, (kind, number) = steps[0], unit.path[1]
        headings = _HEADINGS.get(container, _HEADINGS[None])
        if first in headings:
            head: tuple = (-10.0 + headings[first],)
        elif kind == "signature":
            head = (1e9,)
        elif kind == "chapter":
            n = _num(number)[0]
            head = (0.5 if n == 1 else chapter_at.get(f"{container}.{first}", 1e8 + n), -1)
        elif kind == "point":
            head = (float(_num(number)[0]),) + _num(number)[1:]
        else:
            head = (1e7,)
        rest = tuple((0 if k == "subpoint" else 1, _num(n)) for k, n in unit.path[2:] if n) + tuple(
            (9, (0,)) for s in steps[1:] if s in headings
        )
        return (rank, head, rest)

    return sorted(units, key=key)
