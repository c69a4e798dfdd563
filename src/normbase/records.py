"""Compact immutable records, for the values a knowledge base holds by the hundred thousand.

reads: nothing; writes: nothing.

``@record`` is ``@dataclass(frozen=True, slots=True)`` — no per-instance ``__dict__``, about
half the memory — pickled as the call of its constructor with its fields (in C, by
``attrgetter``): faster to pickle and to load than the default state dict, and a loaded
record is as compact as a built one (the stage cache, ``parallel.py`` and the store's pickle
move millions of them). Only fields given to ``__init__`` are pickled; the others are
recomputed by the constructor.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T", bound=type)


def record(cls: T) -> T:
    cls = dataclass(frozen=True, slots=True)(cls)
    names = [f.name for f in fields(cls) if f.init]
    get = attrgetter(*names)
    if len(names) == 1:
        cls.__reduce__ = lambda self: (cls, (get(self),))
    else:
        cls.__reduce__ = lambda self: (cls, get(self))
    return cls
