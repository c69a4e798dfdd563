"""Index: every unit version with a wording becomes a search document.

reads: an act's timelines (``ActHistory``); writes: ``SearchDoc`` values (and, through
``normbase.search``, the whoosh index in ``out/index`` with ``out/index.stamp``, the
hash of the documents it holds). Read commands never write: ``open_index`` answers from a
private temporary index when the stored one is stale.

A version can be the answer on a date D when its earliest possible start is on or before D
and the next version's earliest possible start is after D — the same rule ``query.answer``
uses to pick the version, so ``search --on D`` finds the wordings ``show --on D`` gives. A
document holds no status: what a hit says (status, interval, source, reason) is asked of
``query.answer`` when the hit is shown (``normbase.answers.hit_json``).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from normbase import outputs, signing
from normbase.search import SearchDoc, SearchIndex
from normbase.timelines import TEXT


def search_docs(kb) -> list[SearchDoc]:
    return [d for h in kb.histories for d in history_docs(h)]


def history_docs(h) -> list[SearchDoc]:
    """The search documents of one act, in order (unit by unit, version by version)."""
    docs = []
    for t in h.timelines:
        for i, v in enumerate(t.versions):
            if v.state != TEXT or not v.text:
                continue
            nxt = t.versions[i + 1].start if i + 1 < len(t.versions) else None
            start = (
                v.start.earliest if v.start else h.start.earliest
            )  # the act's own wording: from the act's start
            if nxt and nxt.earliest <= start:
                continue  # superseded on its first day: never the answer on any date
            docs.append(
                SearchDoc(
                    act=t.act,
                    address=t.address,
                    lang=t.lang,
                    version=i,
                    valid_from=start,  # not before the act took effect
                    valid_to=nxt.earliest if nxt else None,
                    text=v.text,
                    source=v.source.describe() if v.source else "",
                )
            )
    return docs


def kb_stamp(kb) -> str:
    """Identifies the documents an index holds (same documents → same stamp)."""
    return docs_stamp(search_docs(kb))


def docs_stamp(docs: list[SearchDoc]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d.key}|{d.valid_from}|{d.valid_to}|{d.text}".encode())
    return h.hexdigest()


def write_index(kb, out: Path, docs: list[SearchDoc] | None = None) -> None:
    """Build the whoosh index of every unit version into ``out/index`` (replaced atomically);
    ``docs``: ``search_docs(kb)`` when the caller has them already."""
    docs = search_docs(kb) if docs is None else docs
    SearchIndex.build(out / "index", docs).close()
    outputs.write_file(out / "index.stamp", (docs_stamp(docs) + "\n").encode("utf-8"))


def open_index(kb, out: Path, note=None) -> SearchIndex:
    """The index for ``kb``: the stored one when it holds exactly kb's documents (``InputError``,
    "run normbase build", when it is damaged or not signed by this user). A stale or missing
    one is never rewritten here — a read command writes nothing — but answered from a private
    temporary index, removed when it is closed; ``note`` is told why."""
    docs = search_docs(kb)
    try:
        stamp = (out / "index.stamp").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        stamp = None
    current = stamp == docs_stamp(docs)
    if current and signing.key() is not None:
        return SearchIndex.open(out / "index")
    if note and stamp is not None:
        why = "is older than the sources" if not current else "cannot be checked (no signing key: signing.py)"
        note(
            f"the search index in {out / 'index'} {why}: answered from a temporary index; "
            "run `normbase build` to update it"
        )
    tmp = Path(tempfile.mkdtemp(prefix="normbase-search-"))
    try:
        index = SearchIndex.build(tmp / "index", docs, sign=False)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    index.remove_on_close = tmp
    return index
