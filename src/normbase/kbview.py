"""One act of a knowledge base read afresh from the stage cache, for work done act by act.

reads: an act's stage cache entry (``pipeline.build`` keeps ``act/<history_key>``: the texts of
the act and of its orders, the orders' instructions, the act's timelines); writes: nothing.

A forked worker shares the knowledge base's memory with its parent until it touches it — and
even reading an object writes its reference count, so the page holding it is copied. A site job
that read its act from the shared knowledge base would copy, act after act, the whole knowledge
base into every worker: the build's memory would grow with the acts rendered. ``act_view`` gives
a job its act's own objects unpickled from the stage cache instead, owned by the job's process
and freed with the job, and everything else (the corpus, the other acts, the tables made once
per knowledge base) from the whole knowledge base. The cache entry is the one the knowledge base
was built from, so what a job renders does not depend on which of the two it read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from normbase.cache import Cache, Shared


class ActView:
    """The knowledge base ``whole`` as one act's job reads it (the same methods)."""

    def __init__(self, whole, group):
        self.whole, self.corpus = whole, whole.corpus
        self._history = group.history
        texts: dict[str, list] = {}
        for t in group.texts:
            texts.setdefault(t.key[0], []).append(t)
        instructions: dict[str, list] = {}
        for oi in group.instructions:
            instructions.setdefault(oi.order, []).append(oi)
        self._texts = {k: tuple(v) for k, v in texts.items()}
        self._instructions = {k: tuple(v) for k, v in instructions.items()}

    def history(self, act: str):
        return self._history if act == self._history.act else self.whole.history(act)

    def texts_of(self, source: str) -> tuple:
        return self._texts[source] if source in self._texts else self.whole.texts_of(source)

    def text(self, act: str, lang: str):
        return next((t for t in self.texts_of(act) if t.lang == lang), None)

    def instructions_of(self, order: str) -> tuple:
        found = self._instructions.get(order)
        return found if found is not None else self.whole.instructions_of(order)

    def __getattr__(self, name: str):  # histories, texts, … of the whole knowledge base
        return getattr(self.whole, name)


def whole(kb):
    """The knowledge base a view is of (a knowledge base is its own)."""
    return getattr(kb, "whole", kb)


class Views:
    """``views(act)``: the act's view read from ``cache``, or ``kb`` itself when the cache holds
    no entry for the act as the corpus is now (a knowledge base read from the store)."""

    def __init__(self, kb, cache: Cache | None):
        self.kb = kb
        self.cache = (
            Cache(cache.folder, Shared({f"source:{s.id}": s for s in kb.corpus.all()}))
            if cache is not None and cache.folder is not None
            else None
        )

    def __call__(self, act: str):
        from normbase.pipeline import history_keys

        key = history_keys(self.kb).get(act)
        if self.cache is None or key is None:
            return self.kb
        group = self.cache.load("act", key)
        if group is None or getattr(group.history, "act", None) != act:
            return self.kb
        return ActView(self.kb, group)


class OneActAtATime:
    """The knowledge base ``whole`` as a job that reads every act, one after the other, reads it:
    ``histories`` yields a stand-in for each act's history that reads it from its view
    (``views``: afresh from the stage cache, freed when the next is read) only when more than
    its ``act`` is asked; ``history(act)`` gives the last one read again. So a job that runs
    while a forked child shares the knowledge base does not write to (and so copy) every page
    holding a timeline, and an act the job need not read (its search part is in the cache) is
    not read."""

    def __init__(self, whole, views: Callable[[str], Any]):
        self.whole, self.corpus, self._views = whole, whole.corpus, views
        self._last = None

    @property
    def histories(self):
        for h in self.whole.histories:
            yield _HistoryWhenAsked(h.act, self)

    def history(self, act: str):
        if self._last is None or self._last.act != act:
            self._last = None
            self._last = self._views(act).history(act)
        return self._last

    def __getattr__(self, name: str):
        return getattr(self.whole, name)


class _HistoryWhenAsked:
    """An act's history, read from ``kb`` (a ``OneActAtATime``) when more than its act is asked."""

    def __init__(self, act: str, kb: OneActAtATime):
        self.act, self._kb = act, kb

    def __getattr__(self, name: str):
        return getattr(self._kb.history(self.act), name)
