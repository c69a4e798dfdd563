"""Unit addresses and act ids: data with a written grammar.

reads: strings typed by users or stored in the knowledge base;
writes: ``Address`` / ``ActId`` values and their canonical strings.

Grammar (canonical form, dot-separated from the top)::

    address   := container ("." step)*
    container := "order" | "rules" | "app" NUM
    step      := "title" | "header" | "preamble" | "signature"
               | "ch" NUM | "p" NUM | "sp" NUM | "part" INT | "para" INT
    NUM       := INT ("-" INT)*          # inserted units: 7-1, 7-1-2
    INT       := [1-9][0-9]*

    act       := INT "-" YEAR            # 583-2007; a bare INT resolves when unique

Constraints: a heading step (title/header/preamble/signature) is last;
``ch`` comes right under a container; ``sp`` and ``part`` only under ``p``
(``sp`` may also hold ``part``: a subpoint with paragraphs). Ids never shift when
units are inserted or deleted: they come from the official numbers.

Human forms are accepted by :func:`parse_address` too (the container defaults to
``rules``): ``п. 7 пп. 5``, ``пункт 7 подпункт 5)``, ``7-тармақ 5) тармақша``,
``7.5``, ``п. 14 ч. 2``, ``глава 2``, ``2-тарау``, ``заголовок``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normbase.errors import UsageError

_INT = r"[1-9][0-9]*"
_NUM = rf"{_INT}(?:-{_INT})*"
_CONTAINER = re.compile(rf"^(order|rules|app{_INT})$")
_STEP = re.compile(rf"^(?:(title|header|preamble|signature)|(ch|p|sp)({_NUM})|(part|para)({_INT}))$")
HEADINGS = ("title", "header", "preamble", "signature")


@dataclass(frozen=True, order=True)
class Address:
    """A parsed unit address: the container and the steps below it."""

    container: str
    steps: tuple[str, ...] = ()

    def __str__(self) -> str:
        return ".".join((self.container, *self.steps))

    @property
    def parent(self) -> Address | None:
        return Address(self.container, self.steps[:-1]) if self.steps else None

    def child(self, step: str) -> Address:
        return parse_canonical(f"{self}.{step}")

    @property
    def last(self) -> str:
        return self.steps[-1] if self.steps else self.container

    def is_within(self, other: Address) -> bool:
        """True when ``self`` is ``other`` or lies below it."""
        return self.container == other.container and self.steps[: len(other.steps)] == other.steps


def _check_order(container: str, steps: tuple[str, ...], text: str) -> None:
    kinds = [_step_kind(s) for s in steps]
    for i, kind in enumerate(kinds):
        above = kinds[i - 1] if i else "container"
        if kind in HEADINGS and i != len(kinds) - 1:
            raise UsageError(f"bad address {text!r}: {kind!r} must be the last step")
        if kind == "ch" and above != "container":
            raise UsageError(f"bad address {text!r}: a chapter sits right under {container!r}")
        if kind == "p" and above != "container":
            raise UsageError(f"bad address {text!r}: a point sits right under {container!r} (chapters are not part of a point's address)")
        if kind == "sp" and above != "p":
            raise UsageError(f"bad address {text!r}: a subpoint sits under a point")
        if kind == "part" and above not in ("p", "sp"):
            raise UsageError(f"bad address {text!r}: a part sits under a point or subpoint")


def _step_kind(step: str) -> str:
    m = _STEP.match(step)
    assert m
    return m.group(1) or m.group(2) or m.group(4)


def parse_canonical(text: str) -> Address:
    """Parse the canonical dotted form; raise ``UsageError`` on anything else."""
    if not isinstance(text, str) or not text or len(text) > 200:
        raise UsageError(f"bad address {text!r}: empty or too long")
    if any(ord(c) < 32 or c in "/\\" for c in text) or ".." in text:
        raise UsageError(f"bad address {text!r}: contains '..', '/' or a control character")
    container, *steps = text.split(".")
    if not _CONTAINER.match(container):
        raise UsageError(f"bad address {text!r}: must start with 'order', 'rules' or 'appN'")
    for step in steps:
        if not _STEP.match(step):
            raise UsageError(f"bad address {text!r}: unknown step {step!r}")
    _check_order(container, tuple(steps), text)
    return Address(container, tuple(steps))


# --- human forms ---------------------------------------------------------

_N = r"(\d+(?:-\d+)*)"
_HUMAN_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), template)
    for p, template in (
        # 7.5 / 7 / 7-1.2
        (rf"^{_N}\.{_N}\)?$", "rules.p{0}.sp{1}"),
        (rf"^{_N}\.?$", "rules.p{0}"),
        # п. 7 пп. 5 / пункт 7 подпункт 5) / п.7 пп.5
        (rf"^(?:п\.|пункт|пункта)\s*{_N}\s*,?\s*(?:пп\.|подпункт|подпункта)\s*{_N}\)?$", "rules.p{0}.sp{1}"),
        (rf"^(?:пп\.|подпункт)\s*{_N}\)?\s*(?:п\.|пункта)\s*{_N}$", "rules.p{1}.sp{0}"),
        (rf"^(?:п\.|пункт)\s*{_N}\s*,?\s*(?:ч\.|часть)\s*{_N}$", "rules.p{0}.part{1}"),
        (rf"^(?:ч\.|часть)\s*{_N}\s*(?:п\.|пункта)\s*{_N}$", "rules.p{1}.part{0}"),
        (rf"^(?:п\.|пункт)\s*{_N}$", "rules.p{0}"),
        (rf"^(?:гл\.|глава)\s*{_N}$", "rules.ch{0}"),
        # 7-тармақ 5) тармақша / 7-тармақтың 5) тармақшасы
        (rf"^{_N}-тармақ(?:тың|та)?\s*,?\s*{_N}\)\s*тармақша(?:сы)?$", "rules.p{0}.sp{1}"),
        (rf"^{_N}-тармақ(?:тың|та)?\s*,?\s*{_N}-бөлі(?:к|гі)$", "rules.p{0}.part{1}"),
        (rf"^{_N}-тармақ$", "rules.p{0}"),
        (rf"^{_N}-тарау$", "rules.ch{0}"),
        (r"^(?:заголовок|наименование|тақырып|тақырыбы)$", "order.title"),
    )
)


def parse_address(text: str) -> Address:
    """Parse a canonical or human address form; ``UsageError`` with the reason otherwise."""
    if not isinstance(text, str):
        raise UsageError(f"bad address {text!r}")
    if any(ord(c) < 32 or c == "\x7f" for c in text) or "/" in text or ".." in text:
        raise UsageError(f"bad address {text!r}: contains '..', '/' or a control character")
    cleaned = " ".join(text.split())
    if cleaned and cleaned.split(".")[0] in ("order", "rules") or re.match(r"^app\d", cleaned):
        return parse_canonical(cleaned)
    for pattern, template in _HUMAN_PATTERNS:
        m = pattern.match(cleaned)
        if m:
            return parse_canonical(template.format(*m.groups()))
    raise UsageError(
        f"bad address {text!r}: expected e.g. 'rules.p7.sp5', 'order.title', 'п. 7 пп. 5', '7-тармақ 5) тармақша' or '7.5'"
    )


# --- act ids --------------------------------------------------------------

_ACT = re.compile(r"^([1-9][0-9]*)-((?:19|20)[0-9]{2})$")


@dataclass(frozen=True, order=True)
class ActId:
    """An act or order: its number and year, e.g. ``583-2007``."""

    number: str
    year: int

    def __str__(self) -> str:
        return f"{self.number}-{self.year}"


def parse_act_id(text: str) -> ActId:
    if not isinstance(text, str) or any(ord(c) < 32 for c in text) or "/" in text or ".." in text or "\\" in text:
        raise UsageError(f"bad act id {text!r}: contains '..', '/' or a control character")
    m = _ACT.match(text.strip())
    if not m:
        raise UsageError(f"bad act id {text!r}: expected NUMBER-YEAR, e.g. 583-2007")
    return ActId(m.group(1), int(m.group(2)))


def resolve_act(text: str, known: list[ActId] | tuple[ActId, ...]) -> ActId:
    """Resolve ``583-2007`` or a bare ``583`` against the known acts."""
    if isinstance(text, str) and (any(ord(c) < 32 or c == "\x7f" for c in text) or "/" in text or "\\" in text or ".." in text):
        raise UsageError(f"bad act id {text!r}: contains '..', '/' or a control character")
    text = text.strip() if isinstance(text, str) else text
    if isinstance(text, str) and re.fullmatch(r"[1-9][0-9]*", text):
        matches = [a for a in known if a.number == text]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UsageError(f"unknown act {text!r}; known: {', '.join(map(str, sorted(known))) or 'none'}")
        raise UsageError(f"act {text!r} is ambiguous: {', '.join(map(str, sorted(matches)))}; give NUMBER-YEAR")
    act = parse_act_id(text)
    if act not in known:
        raise UsageError(f"unknown act {text!r}; known: {', '.join(map(str, sorted(known))) or 'none'}")
    return act
