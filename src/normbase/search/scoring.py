"""Ranking and the date filter at search time: whoosh's BM25F and column reads, remembered
per document.

reads: an open whoosh searcher's segment readers (field lengths, the ``from_day`` /
``to_day`` columns);
writes: nothing (per-searcher caches in memory).

A search spends most of its time scoring matched documents, and whoosh's BM25F reads
each document's field length through five calls down to the length column, then calls
``bm25``. ``BM25F`` here gives the same scores, bit for bit (the same floating-point
operations in the same order), from the document's length term
``K1 * ((1 - B) + B * fl / avgfl)``, read through whoosh once per document and field and
then remembered for the searcher's life. Block-quality skipping is whoosh's own.

``InForce`` keeps the matches that can be in force on one day, from the same per-document
columns, remembered the same way.
"""

from __future__ import annotations

from array import array

from whoosh import scoring
from whoosh.collectors import WrappingCollector

UNKNOWN = -1


class BM25F(scoring.BM25F):
    """whoosh's ``BM25F`` (same parameters, same scores) with cached length terms. One
    instance per searcher: the cache holds segment-local document numbers."""

    def __init__(self, B: float = 0.75, K1: float = 1.2):
        super().__init__(B=B, K1=K1)
        self._cache: dict[tuple[int, str], array] = {}

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf=qf)
        B = self._field_B.get(fieldname, self.B)
        reader = searcher.reader()
        key = (id(reader), fieldname)
        norms = self._cache.get(key)
        if norms is None:
            norms = self._cache[key] = array("d", [0.0]) * reader.doc_count_all()
        return _Scorer(searcher, fieldname, text, B, self.K1, qf, norms)


class _Scorer(scoring.BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf, norms: array):
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        self._norms = norms  # per document: K1 * ((1 - B) + B * fl / avgfl); 0.0 = not read yet
        self._k1p1 = K1 + 1

    def score(self, matcher):
        docid = matcher.id()
        norm = self._norms[docid]
        if not norm:
            fl = self.dfl(docid)
            norm = self._norms[docid] = self.K1 * ((1 - self.B) + self.B * fl / self.avgfl)
        tf = matcher.weight()
        # = whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1), evaluated in the same order
        return self.idf * ((tf * self._k1p1) / (tf + norm))


class InForce(WrappingCollector):
    """Passes on only the matches that can be in force on one day (``from_day`` <= day <
    ``to_day``, per-document columns read once per document and remembered in
    ``cache``, a dict the caller keeps with its searcher)."""

    def __init__(self, child, day: int, cache: dict):
        super().__init__(child)
        self.day = day
        self._cache = cache

    def set_subsearcher(self, subsearcher, offset):
        super().set_subsearcher(subsearcher, offset)
        reader = subsearcher.reader()
        key = id(reader)
        if key not in self._cache:
            n = reader.doc_count_all()
            self._cache[key] = (
                reader.column_reader("from_day", translate=False),
                reader.column_reader("to_day", translate=False),
                array("i", [UNKNOWN]) * n,
                array("i", [UNKNOWN]) * n,
            )
        self._columns = self._cache[key]

    def collect_matches(self):
        child, day = self.child, self.day
        first_col, last_col, first, last = self._columns
        for sub_docnum in child.matches():
            lo = first[sub_docnum]
            if lo == UNKNOWN:
                lo = first[sub_docnum] = first_col[sub_docnum]
                last[sub_docnum] = last_col[sub_docnum]
            if lo <= day < last[sub_docnum]:
                child.collect(sub_docnum)
