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
from typing import Any, TypeVar, cast, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    made = dataclass(frozen=True, slots=True)(cls)
    names = [f.name for f in fields(cast(Any, made)) if f.init]
    get = attrgetter(*names)

    def reduce_one(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return made, (get(self),)

    def reduce_many(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return made, get(self)

    # set on the class after dataclass() built it (slots=True makes a new class)
    cast(Any, made).__reduce__ = reduce_one if len(names) == 1 else reduce_many
    return made
