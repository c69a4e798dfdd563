"""Index: every unit version with a wording becomes a search document.

reads: an act's timelines (``ActHistory``); writes: ``SearchDoc`` values (and, through
``normbase.search``, the whoosh index in ``out/index``).

A version is in force on a date D when its earliest possible start is on or before D and
the next version's earliest possible start is after D — the same rule ``query.answer``
uses, so ``search --on D`` finds exactly the wordings ``show --on D`` gives. Versions whose
start is a window without an upper bound are ``uncertain``.
"""

from __future__ import annotations

from normbase.search import SearchDoc
from normbase.timelines import TEXT


def search_docs(kb) -> list[SearchDoc]:
    docs = []
    for h in kb.histories:
        for t in h.timelines:
            for i, v in enumerate(t.versions):
                if v.state != TEXT or not v.text:
                    continue
                nxt = t.versions[i + 1].start if i + 1 < len(t.versions) else None
                if v.start and nxt and nxt.earliest <= v.start.earliest:
                    continue  # superseded on its first day: never the answer on any date
                certainty = "in_force" if v.start is None or v.start.exact else "uncertain"
                docs.append(SearchDoc(
                    act=t.act, address=t.address, lang=t.lang, version=i,
                    valid_from=v.start.earliest if v.start else None,
                    valid_to=nxt.earliest if nxt else None,
                    certainty=certainty, text=v.text,
                    source=v.source.describe() if v.source else "",
                ))
    return docs
