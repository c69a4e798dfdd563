"""Unit addresses and act ids: the public entry points, over the vocabulary in ``normbase.model``.

reads: strings typed by users or stored in the knowledge base;
writes: ``Address`` / ``ActId`` values and their canonical strings.

The grammars are written in ``model/address.py`` (addresses, built from the table of unit kinds
in ``model/kinds.py``), ``model/human.py`` (human forms in both languages) and ``model/acts.py``
(act ids with the convocation suffix). This module turns their errors into ``UsageError`` (a
bad address typed on the command line ends in one line and exit code 2).
"""

from __future__ import annotations

import re

from normbase.errors import UsageError
from normbase.model import acts as _acts
from normbase.model import address as _address
from normbase.model import human as _human
from normbase.model.acts import ActId
from normbase.model.address import Address
from normbase.model.kinds import HEADINGS

__all__ = [
    "ActId",
    "Address",
    "HEADINGS",
    "parse_act_id",
    "parse_address",
    "parse_canonical",
    "resolve_act",
    "resolve_in",
]


def parse_canonical(text: str) -> Address:
    """Parse the canonical dotted form; raise ``UsageError`` on anything else."""
    try:
        return _address.parse_canonical(text)
    except _address.AddressError as e:
        raise UsageError(str(e)) from None


def parse_address(text: str) -> Address:
    """Parse a canonical or human address form; ``UsageError`` with the reason otherwise."""
    if not isinstance(text, str):
        raise UsageError(f"bad address {text!r}")
    if any(ord(c) < 32 or c == "\x7f" for c in text) or "/" in text or ".." in text:
        raise UsageError(f"bad address {text!r}: contains '..', '/' or a control character")
    cleaned = " ".join(text.split())
    try:
        return _address.parse_canonical(cleaned)
    except _address.AddressError as canonical_error:
        try:
            return _human.parse_human(cleaned)
        except _address.AddressError as e:
            if cleaned[:1].isascii() and cleaned[:1].isalpha():
                raise UsageError(str(canonical_error)) from None
            raise UsageError(str(e)) from None


def resolve_in(text: str, units) -> str:
    """``text`` parsed (``parse_address``) and fitted to an act's ``units``: a human form names the seed's
    ``rules`` / ``order`` by default; in an act without containers (a law) the same path without it."""
    address = parse_address(text)
    known = set(units)
    numbers = re.fullmatch(r"\s*(\d+(?:-\d+)*)\.(\d+(?:-\d+)*)\)?\s*", text)
    if numbers and f"art{numbers[1]}" in known:  # «3.2» in a law: article 3, point (or subpoint) 2
        for step in ("p", "sp"):
            if f"art{numbers[1]}.{step}{numbers[2]}" in known:
                return f"art{numbers[1]}.{step}{numbers[2]}"
    if str(address) not in known and address.container and address.steps:
        bare = ".".join(address.steps)
        if bare in known or not any(
            u.startswith(f"{address.container}.") or u == address.container for u in known
        ):
            return str(parse_canonical(bare))
    return str(address)


def parse_act_id(text: str) -> ActId:
    try:
        return _acts.parse_act_id(text)
    except _acts.ActIdError as e:
        raise UsageError(str(e)) from None


def resolve_act(text: str, known) -> ActId:
    """Resolve ``583-2007``, ``319-III-2007``, ``319-III`` or a bare ``583`` against the known acts."""
    try:
        return _acts.resolve_act(text, known)
    except _acts.ActIdError as e:
        raise UsageError(str(e)) from None
