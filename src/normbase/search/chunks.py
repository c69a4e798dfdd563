"""Index segments by runs of acts, so that a rebuild writes only the segments whose documents changed.

reads: the documents of one language, in index order, and the folder of the previous index (its
file names and, for a chunk it keeps, that chunk's side files); writes: nothing itself — ``bulk``
writes the segments, their side files and links the kept ones.

A language's documents are cut into chunks of whole acts (``cut``): between ``every / 2`` and
``2 * every`` acts each, and in between a chunk ends after an act whose id hashes to a given
value, so the cuts depend on the acts themselves, not on their positions — changing, adding or
removing an act moves no other chunk's documents (but, rarely, the next one's). ``every`` is a
power of two, about ``acts / CHUNKS``, so it changes only when the corpus doubles or halves. A
corpus of fewer than ``CHUNK_FROM`` acts is one chunk per language. More chunks make a rebuild
cheaper and every search dearer (whoosh searches segment by segment; see docs/search.md).

A chunk is named by what its segment's bytes depend on (``segment_id``): normbase's code, the
language, every field of every document, and for Kazakh the corpus vocabulary the stripper
checks stems against (``KazakhVocabulary``: a new Kazakh word anywhere can change the stems of
words elsewhere, so every Kazakh chunk is written again then). A segment of the previous index
with the same name holds the same bytes and is linked instead of written — only when that index's
signature checks (``SearchIndex.build``): a damaged or foreign file is never carried over.

Documents keep their order and languages their place (Kazakh chunks first), so every document
has the number it has in a one-segment-per-language index; whoosh sums the statistics of its
segments (document frequencies, field lengths), so scores and ranks are the same too
(``tests/test_search_chunks.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from normbase.cache import code_hash

CHUNK_FROM = 16  # acts: below this, one segment per language
CHUNKS = 4  # about this many segments per language above CHUNK_FROM acts (4 to 8)


def every(acts: int) -> int:
    """One act in ``every`` ends a chunk: the power of two at most ``acts / CHUNKS``."""
    return 1 << max(0, (acts // CHUNKS).bit_length() - 1)


def _ends_chunk(act: str, n: int) -> bool:
    return int.from_bytes(hashlib.sha256(act.encode()).digest()[:8], "big") % n == n - 1


def cut(docs: Sequence[Any], acts: int) -> list[list[Any]]:
    """``docs`` (``.act`` each) in chunks of whole runs of acts; ``acts``: how many acts the
    whole index holds (both languages), which sets the chunks' size. A chunk holds at least
    ``every / 2`` acts and at most ``2 * every`` (so no chunk is much larger than the others:
    a rebuild rewrites the chunk of a changed act); in between, it ends after an act whose id
    hashes so (content-defined: cuts resynchronise right after a changed act)."""
    if not docs:
        return []
    if acts < CHUNK_FROM:
        return [list(docs)]
    n = every(acts)
    low, high = max(1, n // 2), 2 * n
    chunks: list[list[Any]] = [[]]
    last, run = None, 0  # the previous document's act; the acts the chunk holds so far
    for d in docs:
        if last is not None and d.act != last:
            run += 1
            if run >= high or (run >= low and _ends_chunk(last, max(1, n - low))):
                chunks.append([])
                run = 0
        chunks[-1].append(d)
        last = d.act
    return chunks


def content_key(lang: str, docs: Sequence[Any]) -> str:
    """What a chunk's documents are: every field of each (``SearchDoc``), in order."""
    h = hashlib.sha256(f"{code_hash()}\0{lang}".encode())
    for d in docs:
        h.update(
            f"\0{d.key}\0{d.valid_from}\0{d.valid_to}\0{d.source}\0{d.address}\0{d.act}\0".encode()
            + d.text.encode()
        )
    return h.hexdigest()


def segment_id(lang: str, key: str, vocabulary_digest: str = "") -> str:
    """A segment's name (its file name, ``MAIN_<id>.seg``) from what its bytes depend on."""
    return lang + hashlib.sha256(f"{key}\0{vocabulary_digest}".encode()).hexdigest()[:14]


def words_digest(words: set[str]) -> str:
    """The Kazakh words a vocabulary is made from (it is a function of them)."""
    return hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()
