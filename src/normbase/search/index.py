"""The search index: unit versions in, ranked hits out (whoosh stays behind this package).

reads: ``SearchDoc`` values (build) or an index folder written by ``build`` (open);
writes: a whoosh index folder with ``normbase-search.json`` (the analysis version, and the
signature of every other file) and ``surfaces-{lang}.tsv``, built in a temporary sibling
folder and renamed into place (``outputs.staged``).

whoosh unpickles its table of contents and its stored fields: ``open`` reads an index only
when the HMAC of its files under this user's key (``signing.py``) matches the one ``build``
recorded — a damaged index, or one anybody else wrote, is refused, never unpickled.

Every unit version is one document: act, address, language, version, the days it can
be in force (``[valid_from, valid_to)``, ``None`` = open), source, text (no status: a hit's
status, interval and reason are ``query.answer``'s, see ``normbase.answers``). The
text is indexed in ``text_ru`` or ``text_kk`` with that language's analysis (BM25F
ranking); the Kazakh analyzer carries the corpus vocabulary the suffix stripper checks
stems against, so the index and its queries always agree. ``build`` writes through
``normbase.search.bulk`` (a segment per chunk of acts and language, each wording analysed
once; a rebuild links the unchanged segments of the previous index, ``chunks.py``);
searches score through ``normbase.search.scoring`` (whoosh's BM25F, lengths cached).
"""

from __future__ import annotations

import hmac
import json
import os
import shutil
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from whoosh import index as windex
from whoosh import query as wq
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from normbase import signing
from normbase.errors import InputError, UsageError
from normbase.outputs import MARKER, OutputError, staged
from normbase.search.analysis import (
    ANALYSIS_VERSION,
    HYPHENS,
    LANGS,
    TOKEN_RE,
    NormbaseAnalyzer,
    Position,
    fold,
    positions,
)
from normbase.search.bulk import write_segments
from normbase.search.kazakh import KazakhVocabulary, readings as kazakh_readings
from normbase.search.query import (
    PROXIMITY_WEIGHT,
    RERANK_DEPTH,
    FieldVocabulary,
    closeness,
    compile_query,
    has_positive,
    parse_query,
)
from normbase.search.scoring import BM25F, InForce
from normbase.search.snippets import highlight

META = "normbase-search.json"
OPEN_END = 3_652_060  # after date.max.toordinal(): "no end"


@dataclass(frozen=True)
class SearchDoc:
    act: str  # "583-2007"
    address: str  # "rules.p7.sp5"
    lang: str  # "kk" | "ru"
    version: int  # index of the version in the unit's timeline
    valid_from: date | None  # earliest day this version can be in force (None: since the act began)
    valid_to: date | None  # the next version's earliest day (exclusive); None: current
    text: str
    source: str = ""  # "order 488-2015 [kk] order.p1.part37"

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"SearchDoc.lang must be one of {LANGS}, not {self.lang!r}")
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValueError(
                f"{self.act} {self.address} [{self.lang}] v{self.version}: valid_to is not after valid_from"
            )

    @property
    def key(self) -> str:
        return f"{self.act}|{self.address}|{self.lang}|{self.version}"


@dataclass(frozen=True)
class Hit:
    doc: SearchDoc
    score: float
    snippet: str  # matched words in [brackets]
    html_snippet: str  # escaped text, matched words in <mark>…</mark>


def kazakh_words(texts: Iterable[str]) -> set[str]:
    """The folded Kazakh words (hyphen parts separately) of ``texts``."""
    words: set[str] = set()
    for text in texts:
        for m in TOKEN_RE.finditer(text):
            if m.group("word"):
                words.update(p for p in HYPHENS.split(fold(m.group("word"))) if p and not p.isdigit())
    return words


def make_schema(vocabulary: KazakhVocabulary | None) -> Schema:
    """Only what a search reads is indexed: the two text fields and ``act`` (the act
    filter); the days a version can be in force on are per-document columns (read by
    ``scoring.InForce``), the rest is stored."""
    return Schema(
        key=STORED,
        act=ID(stored=True),
        address=STORED,
        lang=STORED,
        version=STORED,
        valid_from=STORED,
        valid_to=STORED,
        source=STORED,
        text=STORED,
        from_day=COLUMN(NumericColumn("i")),
        to_day=COLUMN(NumericColumn("i")),
        text_ru=TEXT(analyzer=NormbaseAnalyzer("ru"), phrase=True),
        text_kk=TEXT(analyzer=NormbaseAnalyzer("kk", vocabulary), phrase=True),
    )


def document_fields(d: SearchDoc) -> dict:
    """The whoosh fields of one document (as ``add_document`` takes them)."""
    return dict(
        key=d.key,
        act=d.act,
        address=d.address,
        lang=d.lang,
        version=d.version,
        valid_from=d.valid_from.isoformat() if d.valid_from else "",
        valid_to=d.valid_to.isoformat() if d.valid_to else "",
        source=d.source,
        text=d.text,
        from_day=d.valid_from.toordinal() if d.valid_from else 0,
        to_day=d.valid_to.toordinal() if d.valid_to else OPEN_END,
        **{f"text_{d.lang}": d.text},
    )


def _write_surfaces(file: Path, forms: dict[str, str]) -> None:
    """folded word form <TAB> primary term, one line each, sorted."""
    file.write_text(
        "".join(f"{f}\t{t}\n" for f, t in sorted(forms.items()) if "\t" not in f + t and "\n" not in f + t),
        encoding="utf-8",
    )


def _read_surfaces(file: Path) -> dict[str, str]:
    if not file.is_file():
        return {}
    rows = (line.split("\t") for line in file.read_text(encoding="utf-8").splitlines())
    return {r[0]: r[1] for r in rows if len(r) == 2}


def _signature(folder: Path, key: bytes) -> str:
    """The HMAC of every file of an index folder but its description and marker (names and bytes)."""
    mac = signing.signer(key)
    for name in sorted(os.listdir(folder)):
        if name in (META, MARKER):
            continue
        with open(folder / name, "rb") as f:
            data = f.read()
        mac.update(f"{name}\0{len(data)}\0".encode() + data)
    return mac.hexdigest()


def _signed(folder: Path, meta: dict, key: bytes) -> bool:
    """Whether the signature ``meta`` records is that of ``folder``'s files under ``key``
    (``OSError`` when a file cannot be read)."""
    return hmac.compare_digest(str(meta.get("signature")), _signature(folder, key))


def _trusted(folder: Path, key: bytes) -> bool:
    """Whether ``folder`` holds an index of this analysis signed with ``key`` (its files can be
    kept by a rebuild: none damaged, none written by anybody else)."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        return meta.get("analysis_version") == ANALYSIS_VERSION and _signed(folder, meta, key)
    except (OSError, ValueError, AttributeError):
        return False


class SearchIndex:
    """An open index. Use ``build`` or ``open``; ``close`` (or ``with``) when done."""

    def __init__(self, path: Path, ix, meta: dict):
        self.path = path
        self._ix = ix
        self.meta = meta
        self._searcher: Any = None  # a whoosh Searcher (untyped), opened on first use
        self._in_force: dict = {}  # InForce's per-document column cache (this searcher's)
        self._fields: dict[str, FieldVocabulary] = {}
        self.analyzers = {lang: ix.schema[f"text_{lang}"].analyzer for lang in LANGS}
        self.vocabulary: KazakhVocabulary = self.analyzers["kk"].vocabulary
        self.remove_on_close: Path | None = None  # a private temporary index: removed by close

    # -- building and opening ------------------------------------------------------
    @classmethod
    def build(cls, path: Path, docs: Iterable[SearchDoc], sign: bool = True) -> SearchIndex:
        """Write a fresh index of ``docs`` into ``path`` (replaced atomically), signed with this
        user's key (``sign`` false: a private index this process reads only, unsigned)."""
        path = Path(path)
        docs = list(docs)
        keys: set[str] = set()
        for d in docs:
            key = d.key
            if key in keys:
                raise ValueError(f"two search documents for {key}")
            keys.add(key)
        del keys
        if path.exists() and (not path.is_dir() or (any(path.iterdir()) and not (path / META).exists())):
            raise InputError("refusing to replace something that is not a normbase search index", file=path)
        secret = signing.key(create=True) if sign else None
        previous = path if secret and _trusted(path, secret) else None
        try:
            with staged(path, "a normbase search index", legacy=(path / META).is_file()) as tmp:
                vocabulary, surfaces = write_segments(
                    tmp, make_schema, docs, document_fields, previous=previous
                )
                for lang in LANGS:
                    _write_surfaces(tmp / f"surfaces-{lang}.tsv", surfaces[lang])
                meta = {
                    "analysis_version": ANALYSIS_VERSION,
                    "documents": len(docs),
                    "kazakh_vocabulary": len(vocabulary),
                    "signature": _signature(tmp, secret) if secret else None,
                }
                (tmp / META).write_text(json.dumps(meta, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        except OutputError as e:
            raise InputError(str(e), file=path) from None
        return cls.open(path, trusted=secret is None)

    @classmethod
    def open(cls, path: Path, trusted: bool = False) -> SearchIndex:
        """Open an index written by ``build``; ``InputError`` if it is missing, damaged, built
        with another analysis version, or not signed with this user's key (``trusted``: this
        process has just written it, unsigned for want of a key)."""
        path = Path(path)
        meta_file = path / META
        if not meta_file.is_file():
            raise InputError("no normbase search index here: run normbase build", file=path)
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            version = str(meta["analysis_version"])
        except (ValueError, KeyError, TypeError, OSError):
            raise InputError(
                "the search index description is damaged: run normbase build", file=meta_file
            ) from None
        if version != ANALYSIS_VERSION:
            raise InputError(
                f"index built with analysis v{version}, this is v{ANALYSIS_VERSION}: run normbase build",
                file=path,
            )
        if not trusted:
            key = signing.key()
            try:
                good = key is not None and _signed(path, meta, key)
            except OSError as e:
                raise InputError(
                    f"the search index cannot be read ({e.strerror}): run `normbase build`", file=path
                ) from None
            if not good:
                raise InputError(
                    "the search index is damaged or was not written by this user's normbase "
                    "(its signature does not match): run `normbase build`",
                    file=path,
                )
        try:
            ix = windex.open_dir(str(path))
            opened = cls(path, ix, meta)
        except Exception as e:  # a damaged or foreign whoosh folder
            raise InputError(
                f"the search index cannot be read ({type(e).__name__}): run normbase build", file=path
            ) from None
        return opened

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()
        if self.remove_on_close is not None:
            shutil.rmtree(self.remove_on_close, ignore_errors=True)
            self.remove_on_close = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self._ix.doc_count()

    # -- analysis ------------------------------------------------------------------
    def positions(self, text: str, lang: str) -> list[Position]:
        return positions(text, lang, self.vocabulary if lang == "kk" else None)

    def analyze(self, text: str, lang: str) -> list[str]:
        """The terms ``text`` has in this index (the Kazakh vocabulary applied)."""
        return [t for p in self.positions(text, lang) for t in p.terms]

    def field_vocabulary(self, lang: str) -> FieldVocabulary:
        if lang not in self._fields:
            self._fields[lang] = FieldVocabulary(
                sorted(self._reader().field_terms(f"text_{lang}")),
                _read_surfaces(self.path / f"surfaces-{lang}.tsv"),
                readings=kazakh_readings if lang == "kk" else None,
            )
        return self._fields[lang]

    def _reader(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=BM25F())
            self._in_force = {}
        return self._searcher.reader()

    # -- searching -----------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        on: date | None = None,
        act: str | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        """The best ``limit`` unit versions for ``query`` (see ``normbase.search.query``
        for the syntax), optionally only in one language, in force on a day, in one act."""
        if lang is not None and lang not in LANGS:
            raise UsageError(f"unknown language {lang!r}: use kk or ru")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise UsageError("the number of results must be a whole number of at least 1")
        if on is not None and not isinstance(on, date):
            raise UsageError("the date must be a day (YYYY-MM-DD)")
        if isinstance(on, datetime):
            on = on.date()
        tree = parse_query(query)
        if not has_positive(tree):
            raise UsageError("the query only excludes words: add a word to look for")
        compiled = {}
        for lg in [lang] if lang else LANGS:
            compiled[lg] = compile_query(
                tree, f"text_{lg}", partial(self.positions, lang=lg), self.field_vocabulary(lg)
            )
        subs = [c.query for c in compiled.values() if c.query is not None and c.words]
        if not subs:
            raise UsageError("the query has no words to search for")
        if self._reader().doc_count() == 0:  # the open reader (ix.doc_count() opens a new one per call)
            return []
        # The language needs no filter: a Kazakh query reads only text_kk, which only
        # Kazakh documents have. The other filters join the query as zero-score clauses,
        # so whoosh intersects posting lists instead of building a document set per search.
        filters: list[wq.Query] = []
        if act:
            act = str(act).strip()
            filters.append(wq.Term("act", act) if "-" in act else wq.Prefix("act", act + "-"))
        q = subs[0] if len(subs) == 1 else wq.Or(subs)
        if filters:
            q = wq.And([q] + [wq.ConstantScoreQuery(f, 0.0) for f in filters])
        self._reader()
        rerank = any(c.links for c in compiled.values())
        depth = max(limit, RERANK_DEPTH) if rerank else limit
        collector = self._searcher.collector(limit=depth)
        if on is not None:
            collector = InForce(collector, on.toordinal(), self._in_force)
        try:
            self._searcher.search_with_collector(q, collector)
            results = collector.results()
        except (OSError, EOFError, struct.error, zlib.error) as e:  # a segment changed under the open index
            raise InputError(
                f"the search index cannot be read ({type(e).__name__}): run `normbase build`", file=self.path
            ) from None
        hits = []
        for r in results:
            f = r.fields()
            doc = SearchDoc(
                act=f["act"],
                address=f["address"],
                lang=f["lang"],
                version=int(f["version"]),
                valid_from=date.fromisoformat(f["valid_from"]) if f["valid_from"] else None,
                valid_to=date.fromisoformat(f["valid_to"]) if f["valid_to"] else None,
                text=f["text"],
                source=f.get("source", ""),
            )
            hits.append((doc, float(r.score), self.positions(doc.text, doc.lang)))
        if rerank:
            # BM25 ranks by the words; units where the query's words stand together (in
            # its order, at most one word between) move up: up to 1.5× their score.
            hits = sorted(
                hits,
                key=lambda h: -h[1] * (1 + PROXIMITY_WEIGHT * closeness(compiled[h[0].lang].links, h[2])),
            )
        out = []
        for doc, score, poss in hits[:limit]:
            factor = 1 + PROXIMITY_WEIGHT * closeness(compiled[doc.lang].links, poss) if rerank else 1
            snippet, html_snippet = highlight(doc.text, poss, compiled[doc.lang].highlight)
            out.append(Hit(doc, score * factor, snippet, html_snippet))
        return out
