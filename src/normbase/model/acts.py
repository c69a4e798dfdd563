"""Act ids: ``<number>[-<convocation>]-<year>``, data with a written grammar.

reads: strings typed by users, folder names, footnotes' numbers; writes: ``ActId`` values.

Grammar::

    act          := NUMBER ["-" CONVOCATION] "-" YEAR     # 583-2007, 319-III-2007, 134-VII-2022
    NUMBER       := [1-9][0-9]*
    CONVOCATION  := I | II | III | IV | V | VI | VII | VIII | IX | X    # the Parliament's convocation
    YEAR         := (19|20)[0-9][0-9]

Laws of Parliament carry the convocation in their number (Закон от 27.07.2007 № 319-III); the
id keeps it, so a footnote's «от 04.07.2022 N 134-VII» names ``134-VII-2022``. A bare
``319-III`` or ``319`` resolves when exactly one known act has that number, and ``319-2007``
(a Kazakh footnote often leaves the convocation out) when one known act of 2007 has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONVOCATIONS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_CONV = "|".join(sorted(CONVOCATIONS, key=len, reverse=True))
_ACT = re.compile(rf"^([1-9][0-9]*)(?:-({_CONV}))?-((?:19|20)[0-9]{{2}})$")
_BARE = re.compile(rf"^([1-9][0-9]*)(?:-({_CONV}))?$")
_LOOKALIKE = str.maketrans("ІХУ", "IXV")  # Cyrillic І/Х in an older text's «N 9-ІV»


class ActIdError(ValueError):
    """A string that is not an act id; the message says why."""


@dataclass(frozen=True, order=True)
class ActId:
    """An act or order: its number, the convocation (laws of Parliament) and year."""

    number: str
    year: int
    convocation: str = ""

    def __str__(self) -> str:
        return "-".join(p for p in (self.number, self.convocation, str(self.year)) if p)

    @property
    def full_number(self) -> str:
        """The number as the act states it: ``319-III``, ``583``."""
        return f"{self.number}-{self.convocation}" if self.convocation else self.number


def _check_chars(text: object) -> str:
    if (
        not isinstance(text, str)
        or any(ord(c) < 32 or c == "\x7f" for c in text)
        or "/" in text
        or ".." in text
        or "\\" in text
    ):
        raise ActIdError(f"bad act id {text!r}: contains '..', '/' or a control character")
    return text.strip()


def parse_act_id(text: str) -> ActId:
    m = _ACT.match(_check_chars(text))
    if not m:
        raise ActIdError(
            f"bad act id {text!r}: expected NUMBER-YEAR or NUMBER-CONVOCATION-YEAR, "
            "e.g. 583-2007 or 319-III-2007"
        )
    return ActId(m.group(1), int(m.group(3)), m.group(2) or "")


def act_id_of(number: str, year: int | None) -> str:
    """The id an act with this official number (``134-VII``, ``488``) and year has: ``134-VII-2022``."""
    number = number.strip().translate(_LOOKALIKE)
    return f"{number}-{year}" if year else number


def resolve_act(text: str, known) -> ActId:
    """Resolve ``319-III-2007``, ``319-III`` or a bare ``319`` against the known acts."""
    text = _check_chars(text)
    known = list(known)
    listing = ", ".join(map(str, sorted(known))) or "none"
    if (bare := _BARE.match(text)) is not None:
        number, conv = bare.group(1), bare.group(2)
        matches = [a for a in known if a.number == number and (conv is None or a.convocation == conv)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ActIdError(f"unknown act {text!r}; known: {listing}")
        raise ActIdError(
            f"act {text!r} is ambiguous: {', '.join(map(str, sorted(matches)))}; give the full id"
        )
    act = parse_act_id(text)
    if act in known:
        return act
    if not act.convocation:  # «2007.12.19 N 9» (a Kazakh footnote omits it) names 9-IV-2007 when unique
        matches = [a for a in known if (a.number, a.year) == (act.number, act.year)]
        if len(matches) == 1:
            return matches[0]
    raise ActIdError(f"unknown act {text!r}; known: {listing}")
