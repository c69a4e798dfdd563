"""Search documents of the seed corpus: exactly what ``normbase build`` indexes.

reads: the project's ``corpus/`` and ``amendments/`` through the real pipeline;
writes: ``SearchDoc`` values (nothing on disk). Every version with a wording of every
unit, in both languages (``normbase.indexing.search_docs``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from normbase.indexing import search_docs
from normbase.pipeline import build
from normbase.search import SearchDoc

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _docs() -> tuple[SearchDoc, ...]:
    return tuple(search_docs(build(ROOT)))


def seed_docs() -> list[SearchDoc]:
    return list(_docs())
