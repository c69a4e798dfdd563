"""Errors that reach the user as one clear line.

reads: nothing; writes: nothing.

Every error caused by bad input is an ``InputError`` naming the file (and line
where there is one). The CLI prints ``str(error)`` and exits non-zero; it never
shows a traceback for an ``InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class NormbaseError(Exception):
    """Base class of every error normbase reports to the user."""


@dataclass(frozen=True)
class Location:
    """Where something is in a source: a file and, where known, a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class InputError(NormbaseError):
    """Bad input: the message names the file and line."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class UsageError(NormbaseError):
    """A bad address, act id, date or query given on the command line."""
