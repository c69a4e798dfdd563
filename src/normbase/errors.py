"""Errors that reach the user as one clear line.

reads: nothing; writes: nothing.

``system_error`` words an error of the system (a full or read-only disk) as one line;
``safe_text`` shows control characters escaped, so that no text reaches a terminal raw.

Every error caused by bad input is an ``InputError`` naming the file (and line
where there is one). The CLI prints ``str(error)`` and exits non-zero; it never
shows a traceback for an ``InputError``.
"""

from __future__ import annotations

import errno
import re
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with every control character but newline and tab shown escaped (``\x1b``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def system_error(e: OSError) -> str:
    """One line for an error of the system met while reading or writing."""
    where = f"{e.filename}: " if e.filename else ""
    if e.errno == errno.ENOSPC:
        return (
            f"{where}no space left on the device; free some and run the command again "
            "(the previous build is whole)"
        )
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{where}{e.strerror} (normbase needs to write here, or to read this file)"
    if e.errno == errno.ENAMETOOLONG:
        return f"{where}file name too long"
    return f"{where}{e.strerror or e}"
