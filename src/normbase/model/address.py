"""Unit addresses: a typed path of (kind, number) steps, built from the table of kinds.

reads: strings typed by users or stored in the knowledge base; writes: ``Address`` values.

Grammar (canonical form, dot-separated from the top; the kinds are ``kinds.KINDS``)::

    address   := [container "."] step ("." step)*  |  container
    container := "order" | "rules" | "app" INT
    step      := "title" | "header" | "preamble" | "toc" | "signature"
               | "sec" NUM | "ch" NUM | "par" NUM | "art" NUM | "p" NUM
               | "sp" (NUM | LNUM) | "part" INT | "para" INT
    NUM       := INT ("-" INT)*          # inserted units: 7-1, 7-1-2
    INT       := [1-9][0-9]*
    LNUM      := LETTER ("-" INT)*       # a subpoint numbered by a letter: «д)» → spd, «д-1)» → spd-1
    LETTER    := "a" | "ae" | "b" | "v" | "g" | "gh" | "d" | … # kinds.LETTERS: а ә б в г ғ д …, ASCII

Each step's kind must be allowed right under the one above it (``kinds.UnitKind.parents``):
headings are last; sections, chapters and paragraph groups are headings of the text
(``ch2``), never part of an article's or point's address (``art5``, not ``ch2.art5``);
points sit under the act, a container or an article (``art6.p1``); subpoints under an
article, a point or a part (``art2.part2.spd``: subpoint д) of part two of article 2); parts
under an article, a point or a subpoint. An act that approves
documents has containers (``order.p1``, ``rules.p7.sp5``); an act without appendices has none
(``title``, ``art3.part4``). Ids never shift when units are inserted or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from normbase.model.kinds import BY_NAME, UnitKind, make_step, step_kind


class AddressError(ValueError):
    """A string that is not an address; the message says why."""


Step = tuple[str, str]  # (kind name, number or "" / the container's name)


@dataclass(frozen=True, order=True)
class Address:
    """A parsed unit address: its steps from the top, each a (kind, number) pair."""

    path: tuple[Step, ...]

    def __str__(self) -> str:
        return ".".join(make_step(BY_NAME[k], n) for k, n in self.path)

    @property
    def container(self) -> str:
        """``order`` / ``rules`` / ``appN``, or "" for an act without containers."""
        return self.path[0][1] if self.path and self.path[0][0] == "container" else ""

    @property
    def steps(self) -> tuple[str, ...]:
        """The steps below the container, as strings."""
        return tuple(make_step(BY_NAME[k], n) for k, n in self.path[1 if self.container else 0 :])

    @property
    def parts(self) -> tuple[str, ...]:
        """Every step as a string, the container first (``rules.p7`` → ``rules``, ``p7``)."""
        return tuple(make_step(BY_NAME[k], n) for k, n in self.path)

    @property
    def kind(self) -> UnitKind:
        return BY_NAME[self.path[-1][0]]

    @property
    def number(self) -> str:
        return self.path[-1][1]

    @property
    def parent(self) -> Address | None:
        return Address(self.path[:-1]) if len(self.path) > 1 else None

    def child(self, step: str) -> Address:
        return parse_canonical(f"{self}.{step}")

    @property
    def last(self) -> str:
        return make_step(self.kind, self.number)

    def is_within(self, other: Address) -> bool:
        """True when ``self`` is ``other`` or lies below it."""
        return self.path[: len(other.path)] == other.path

    @property
    def ancestors(self) -> tuple[Address, ...]:
        """The units above this one, from the top (``rules.p7.sp5`` → ``rules``, ``rules.p7``)."""
        return tuple(Address(self.path[:i]) for i in range(1, len(self.path)))

    def find(self, kind: str) -> str | None:
        """The number of the step of ``kind`` in this address (``art`` of ``art3.p2`` → "3")."""
        return next((n for k, n in self.path if k == kind), None)


def parse_canonical(text: str) -> Address:
    """Parse the canonical dotted form; ``AddressError`` on anything else."""
    if not isinstance(text, str) or not text or len(text) > 200:
        raise AddressError(f"bad address {text!r}: empty or too long")
    if any(ord(c) < 32 or c in "/\\" or c == "\x7f" for c in text) or ".." in text:
        raise AddressError(f"bad address {text!r}: contains '..', '/' or a control character")
    path: list[Step] = []
    above = "top"
    for step in text.split("."):
        found = step_kind(step)
        if found is None:
            raise AddressError(f"bad address {text!r}: unknown step {step!r}")
        kind, number = found
        if path and BY_NAME[path[-1][0]].heading:
            raise AddressError(f"bad address {text!r}: {path[-1][0]!r} must be the last step")
        if above not in kind.parents:
            where = "at the top" if above == "top" else f"under a {above}"
            raise AddressError(
                f"bad address {text!r}: a {kind.name} cannot sit {where} "
                f"(allowed under: {', '.join(kind.parents)})"
            )
        path.append((kind.name, number))
        above = kind.name
    return Address(tuple(path))


@lru_cache(maxsize=1 << 16)
def parsed(text: str) -> Address:
    """``parse_canonical`` with a cache, for inner loops over the units of large corpora."""
    return parse_canonical(text)


@lru_cache(maxsize=1 << 16)
def within(address: str, other: str) -> bool:
    """True when the canonical ``address`` is ``other`` or lies below it; a string that is no
    canonical address (``act``, the whole act; ``""``, the act's root) is within itself only."""
    if address == other:
        return True
    try:
        return parsed(address).is_within(parsed(other))
    except AddressError:
        return False


def first_part(address: str) -> bool:
    """True for a unit's first part (``rules.p7.part1``): the unit's own text."""
    try:
        unit = parsed(address)
    except AddressError:
        return False
    return unit.kind.name == "part" and unit.number == "1"


def build(*steps: Step, container: str = "") -> Address:
    """An address from (kind, number) pairs, checked by the grammar."""
    parts = [container] if container else []
    parts += [make_step(BY_NAME[k], n) for k, n in steps]
    return parse_canonical(".".join(parts))
