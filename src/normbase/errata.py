"""Document errata: named, exact fixes for defects of one source file.

reads: nothing (the table is data in this module); writes: nothing.

Some defects of the PDF text extractions cannot be repaired by a general rule
without risking damage elsewhere: a word the PDF moved to the end of its line,
or a letter-spaced word whose spacing is broken (``б іл ім`` for ``білім``).
Each such fix is an ``Erratum``: it names the document (the source file's
name), the 1-based line in the original file, the exact wrong text, the right
text, and a sentence describing the defect.

Guarantees:

- an erratum applies only to its own document and only on its own line;
- its wrong text must occur exactly once on that line, otherwise
  ``ErratumMismatch`` is raised (so the table cannot rot silently when a
  source file changes);
- the names of the applied errata are returned in table order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from normbase.errors import InputError


@dataclass(frozen=True)
class Erratum:
    """One exact fix: on ``line`` of ``doc`` replace ``wrong`` by ``right``."""

    name: str
    doc: str
    line: int
    wrong: str
    right: str
    defect: str


class ErratumMismatch(InputError):
    """An erratum's wrong text is not (exactly once) on its line."""


ORDER_488_KK = "000_25adfcbe3fa7ad9f.txt"  # Kazakh amending order No. 488 of 2015

ERRATA: tuple[Erratum, ...] = (
    Erratum(
        name="488-kk-12-moved-buirygyna",
        doc=ORDER_488_KK,
        line=12,
        wrong="№ 583  (Қазақстан Республикасының нормативтік құқықтық бұйрығына",
        right="№ 583 бұйрығына (Қазақстан Республикасының нормативтік құқықтық",
        defect="The PDF moved the word 'бұйрығына' (order) from after '№ 583' to the end of the line.",
    ),
    Erratum(
        name="488-kk-64-broken-letter-spacing",
        doc=ORDER_488_KK,
        line=64,
        wrong="бойынша б іл ім  беру  ұйымының қызмет і .» ;",
        right="бойынша білім беру ұйымының қызметі.»;",
        defect="Partial letter-spacing: 'білім' is split as 'б іл ім' and 'қызметі' as 'қызмет і', "
        "which the general rule cannot tell from real words.",
    ),
    Erratum(
        name="488-kk-79-moved-kaulysymen",
        doc=ORDER_488_KK,
        line=79,
        wrong="№ 1080  бекітілген білім берудің тиісті деңгейлерінің қаулысымен",
        right="№ 1080 қаулысымен бекітілген білім берудің тиісті деңгейлерінің",
        defect=(
            "The PDF moved the word 'қаулысымен' (by the decree) from after '№ 1080' to the end of the line."
        ),
    ),
    Erratum(
        name="488-kk-115-broken-letter-spacing",
        doc=ORDER_488_KK,
        line=115,
        wrong="кеңестерд і  ұйымдастыру  және  өтк і зу ;» ;",
        right="кеңестерді ұйымдастыру және өткізу;»;",
        defect="Partial letter-spacing: 'кеңестерді' is split as 'кеңестерд і' and 'өткізу' as 'өтк і зу'.",
    ),
)


def _check_table(table: tuple[Erratum, ...]) -> tuple[Erratum, ...]:
    """The table itself, if every entry is well formed (unique name, one line, a real change)."""
    names = [erratum.name for erratum in table]
    for erratum in table:
        if names.count(erratum.name) > 1 or erratum.line < 1 or erratum.wrong == erratum.right:
            raise ValueError(f"malformed erratum {erratum.name!r}")
        if not erratum.defect or "\n" in erratum.wrong + erratum.right:
            raise ValueError(f"malformed erratum {erratum.name!r}: no defect, or more than one line")
    return table


ERRATA = _check_table(ERRATA)


def errata_for(doc: str | None, table: Iterable[Erratum] = ERRATA) -> tuple[Erratum, ...]:
    """The entries of ``table`` for the document named ``doc`` (a file name or path)."""
    if not doc:
        return ()
    name = PurePath(doc).name
    return tuple(erratum for erratum in table if erratum.doc == name)


def apply_errata(
    lines: list[str], doc: str | None, table: Iterable[Erratum] = ERRATA
) -> tuple[list[str], tuple[str, ...]]:
    """Apply the errata of ``doc`` to the raw ``lines`` (index 0 = line 1).

    Returns the fixed lines and the names of the applied errata, in order.
    Raises ``ErratumMismatch`` when an erratum's wrong text is not exactly
    once on its line.
    """
    fixed = list(lines)
    applied: list[str] = []
    for erratum in errata_for(doc, table):
        index = erratum.line - 1
        found = fixed[index].count(erratum.wrong) if 0 <= index < len(fixed) else 0
        if found != 1:
            raise ErratumMismatch(
                f"erratum {erratum.name!r}: expected text found {found} times on its line, "
                f"not once: {erratum.wrong!r}",
                file=doc,
                line=erratum.line,
            )
        fixed[index] = fixed[index].replace(erratum.wrong, erratum.right)
        applied.append(erratum.name)
    return fixed, tuple(applied)
