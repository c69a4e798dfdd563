"""Alignment: the Kazakh and Russian wordings of each unit, paired — or not, with the reason.

reads: an act's timelines (``ActHistory``); writes: ``Pair`` values, a layer keyed by
address beside the trees (the CLI, ``show`` and the site join it at render time).

Both languages share the skeleton, so units pair by address. The value is in what does
not pair:

- ``kk_only`` / ``ru_only``: wording in one language only (the other is unknown);
- ``version_mismatch``: both have wording, but from different orders or intervals (one
  language's latest known wording predates a change whose text in that language is missing)
  — never presented as translations of each other;
- ``structure_mismatch``: different numbers of subpoints or parts;
- ``content_mismatch``: numbers, dates, ``№`` references, percentages or quoted names that
  disagree inside a pair;
- ``paired``: same version in both languages, nothing disagrees.

Each pair with two wordings gets an agreement score in [0, 1] from signals that cross the
language gap: numbers, dates, references, subpoint/part counts, length ratio (rapidfuzz
compares the number sequences).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from normbase.dates import find_dates
from normbase.model.address import parse_canonical
from normbase.query import Answer, answer
from normbase.timelines import TEXT, Timeline

PAIRED, KK_ONLY, RU_ONLY = "paired", "kk_only", "ru_only"
VERSION_MISMATCH, STRUCTURE_MISMATCH, CONTENT_MISMATCH = (
    "version_mismatch",
    "structure_mismatch",
    "content_mismatch",
)
# Kazakh/Russian length ratios seen in parallel legal text; outside this band is suspicious.
LENGTH_BAND = (0.7, 1.6)


@dataclass(frozen=True)
class Side:
    lang: str
    text: str | None
    source: str | None
    changed_by: str | None
    current: bool  # the wording in force on the date (False: the latest known, superseded)
    status: str  # the answer's status on the date
    version: int | None

    def to_json(self) -> dict:
        return {
            "lang": self.lang,
            "text": self.text,
            "source": self.source,
            "changed_by": self.changed_by,
            "current": self.current,
            "status": self.status,
        }


@dataclass(frozen=True)
class Pair:
    address: str
    status: str
    kk: Side
    ru: Side
    score: float | None
    reasons: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "address": self.address,
            "status": self.status,
            "kk": self.kk.to_json(),
            "ru": self.ru.to_json(),
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _side(t: Timeline, on: date | None, start) -> Side:
    a: Answer = answer(t, on, start)
    if a.text is not None:
        return Side(
            t.lang, a.text, a.source.describe() if a.source else None, a.changed_by, True, a.status, a.version
        )
    for i in range(a.version - 1, -1, -1):  # the latest known wording before it
        v = t.versions[i]
        if v.state == TEXT:
            return Side(
                t.lang, v.text, v.source.describe() if v.source else None, v.changed_by, False, a.status, i
            )
    return Side(t.lang, None, None, a.changed_by, False, a.status, None)


# -- cross-language signals -------------------------------------------------------------

_NUM = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_REF = re.compile(r"№\s*(\d+)")
_PCT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|процент|пайыз)")
_QUOTED = re.compile(r"«([^«»]{3,})»")


def signals(text: str) -> dict:
    found = find_dates(text)
    dates = [d.isoformat() for d, _ in found]
    stripped = text
    for _, (s, e) in sorted(found, key=lambda x: -x[1][0]):
        stripped = stripped[:s] + " " + stripped[e:]
    return {
        "numbers": sorted(_NUM.findall(stripped)),
        "dates": sorted(dates),
        "refs": sorted(_REF.findall(text)),
        "percents": sorted(_PCT.findall(text)),
        "quoted": len(_QUOTED.findall(text)),
    }


@lru_cache(maxsize=1 << 15)
def compare(kk: str, ru: str) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """(score, content problems, soft notes) for two wordings of the same unit. Remembered:
    a pair of wordings is compared again for every date it is in force on (the site's pages)."""
    a, b = signals(kk), signals(ru)
    problems, notes, parts = [], [], []
    for key, what in (
        ("numbers", "numbers"),
        ("dates", "dates"),
        ("refs", "№ references"),
        ("percents", "percentages"),
    ):
        if a[key] or b[key]:
            sim = fuzz.ratio(" ".join(a[key]), " ".join(b[key])) / 100
            parts.append(sim)
            if a[key] != b[key]:
                problems.append(f"{what} differ: kk {a[key]} / ru {b[key]}")
    if a["quoted"] != b["quoted"]:
        problems.append(f"quoted names differ in count: kk {a['quoted']} / ru {b['quoted']}")
        parts.append(0.5)
    ratio = len(kk) / max(1, len(ru))
    in_band = LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1]
    parts.append(1.0 if in_band else max(0.0, 1 - abs(ratio - 1)))
    if not in_band:
        notes.append(f"length ratio kk/ru {ratio:.2f} outside {LENGTH_BAND[0]}–{LENGTH_BAND[1]}")
    return round(sum(parts) / len(parts), 3), tuple(problems), tuple(notes)


@lru_cache(maxsize=1 << 16)
def _depth(address: str) -> int:
    return len(parse_canonical(address).path)


def _children(h, address: str) -> list[str]:
    depth = _depth(address) + 1
    return [a for a in h.below(address) if _depth(a) == depth]


def _structure(h, address: str, sides: dict) -> list[str]:
    """Different numbers of parts/subpoints — compared only where both languages know them all."""
    kids = _children(h, address)
    counts = []
    for i in (0, 1):
        states = [sides[c][i] for c in kids]
        if any(s.text is None and s.status in ("unknown", "uncertain") for s in states):
            return []  # one language does not know all its parts: nothing to compare
        counts.append(sum(1 for s in states if s.text is not None and s.current))
    if counts[0] != counts[1]:
        return [f"parts/subpoints differ: kk {counts[0]} / ru {counts[1]}"]
    return []


def _sides(h, addresses, on: date | None) -> dict[str, tuple[Side, Side]]:
    return {
        a: (_side(h.timeline(a, "kk"), on, h.start), _side(h.timeline(a, "ru"), on, h.start))
        for a in addresses
    }


def _pair(h, address: str, sides: dict) -> Pair | None:
    """The pair of one unit (None: neither language has a wording); ``sides`` holds it and its children."""
    kk, ru = sides[address]
    if kk.text is None and ru.text is None:
        return None
    if kk.text is None or ru.text is None:
        only = KK_ONLY if ru.text is None else RU_ONLY
        have, lack = (kk, ru) if only == KK_ONLY else (ru, kk)
        return Pair(
            address,
            only,
            kk,
            ru,
            None,
            (f"only {have.lang} has wording ({have.source}); the {lack.lang} wording is {lack.status}",),
        )
    if kk.changed_by != ru.changed_by or not (kk.current and ru.current):
        why = [
            f"kk wording from {'order ' + kk.changed_by if kk.changed_by else 'the original text'}"
            f"{'' if kk.current else ' (superseded: the later kk wording is unknown)'}",
            f"ru wording from {'order ' + ru.changed_by if ru.changed_by else 'the original text'}"
            f"{'' if ru.current else ' (superseded: the later ru wording is unknown)'}",
            "not translations of each other",
        ]
        return Pair(address, VERSION_MISMATCH, kk, ru, None, tuple(why))
    score, problems, notes = compare(kk.text, ru.text)
    structure = _structure(h, address, sides)
    if structure:
        score = round(score * 0.8, 3)
    status = STRUCTURE_MISMATCH if structure else CONTENT_MISMATCH if problems else PAIRED
    return Pair(address, status, kk, ru, score, (*structure, *problems, *notes))


def align_act(h, on: date | None = None) -> list[Pair]:
    """The alignment of every unit of an act on a date (None: as of the latest source)."""
    addresses = h.addresses
    sides = _sides(h, addresses, on)
    return [p for a in addresses if (p := _pair(h, a, sides)) is not None]


def pair_for(h, address: str, on: date | None) -> Pair | None:
    """The pair of one unit — the same as its item in ``align_act``, without aligning the whole act."""
    if h.timeline(address, "kk") is None or h.timeline(address, "ru") is None:
        return None
    return _pair(h, address, _sides(h, [address] + _children(h, address), on))
