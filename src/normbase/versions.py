"""The values of a timeline: versions of a unit's wording, where each comes from, findings.

reads: nothing; writes: nothing (data; ``timelines.py`` computes them, ``query.py``,
``align.py``, the store and the site read them). ``timelines`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from normbase.dates import DateWindow
from normbase.clauses import Instruction, InstructionProblem
from normbase.records import record
from normbase.sources import Source
from normbase.model.address import first_part, parsed

TEXT, DELETED, UNKNOWN, ABSENT = "text", "deleted", "unknown", "absent"


@record
class SourceRef:
    """Where a wording comes from."""

    kind: str  # "order" | "snapshot" | "original" | "footnote"
    act: str  # the order or act id that holds it
    lang: str | None = None
    address: str | None = None  # the clause (order.p1.part37) or the unit in the snapshot
    file: str | None = None
    lines: tuple[int, int] | None = None
    notes: tuple[str, ...] = ()  # footnotes that vouch for it
    occurrences: int | None = None  # words replaced or deleted: how many times they occurred in the unit

    def describe(self) -> str:
        where = f" {self.address}" if self.address else ""
        lines = f" (lines {self.lines[0]}-{self.lines[1]})" if self.lines else ""
        if self.kind == "order":
            times = f", {self.occurrences} occurrences" if self.occurrences and self.occurrences > 1 else ""
            return f"order {self.act} [{self.lang}]{where}{lines}{times}"
        if self.kind == "snapshot":
            return f"consolidated text of {self.act} [{self.lang}]{where}{lines}"
        if self.kind == "original":
            return f"original text of {self.act} [{self.lang}]{lines}"
        return f"footnote: {self.notes[0] if self.notes else self.act}"


@record
class Version:
    """One interval ``[start, end)`` of a unit's wording in one language."""

    start: DateWindow | None  # None: since the act itself took effect
    end: DateWindow | None  # None: still current as of the latest source
    state: str  # TEXT | DELETED | UNKNOWN | ABSENT
    text: str | None = None
    source: SourceRef | None = None
    changed_by: str | None = None  # the order that opened this interval
    reason: str = ""  # why unknown / absent, or what vouches for it
    proven_from: date | None = None  # a snapshot's wording is proven only from the snapshot's own date;
    # before it (back to ``start``) it is presumed: no later change is recorded
    contested: tuple[str, ...] = ()  # orders that changed the unit and may come after this wording: a
    # consolidated text that may predate them (their sequence is not proven)
    tainted: bool = False  # unknown because a clause that changed it could not be read or applied

    def ending(self, end: DateWindow | None) -> Version:
        """``replace(self, end=end)``, without ``replace``'s look-up of the fields
        (the fold calls it a lot)."""
        return Version(
            self.start,
            end,
            self.state,
            self.text,
            self.source,
            self.changed_by,
            self.reason,
            self.proven_from,
            self.contested,
            self.tainted,
        )


@record
class Timeline:
    act: str
    address: str
    lang: str
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Finding:
    """Something the self-check reports: ``kind`` says what, ``severity`` error or warning."""

    kind: str
    severity: str
    act: str
    address: str
    message: str
    order: str | None = None
    lang: str | None = None
    location: str | None = None  # file:line

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: [{self.kind}] {self.act} {self.address}: {self.message}"


@dataclass(frozen=True)
class OrderEvent:
    """An amending order as the fold sees it."""

    order: Source
    window: DateWindow
    langs: tuple[str, ...]  # languages whose text of the order is in the corpus
    instructions: tuple[Instruction, ...]
    problems: tuple[InstructionProblem, ...] = ()  # its clauses that could not be read

    @cached_property
    def id(self) -> str:
        return str(self.order.id)

    @property
    def sort_key(self) -> tuple:
        return (self.window.earliest, self.order.registered or date.max, int(self.order.id.number))


def unit_key(address: str) -> str:
    """The timeline a unit address reads: a point's ``part1`` is the point's own text."""
    return str(parsed(address).parent) if first_part(address) else address
