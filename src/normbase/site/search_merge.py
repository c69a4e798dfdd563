"""The site's client-side search index, merged from the acts' parts one act at a time.

reads: a ``KnowledgeBase`` and, when there is one, the stage cache (``search-act/<key>.pickle``:
an act's ``ActPart``, under its ``history_key``; ``search-lexemes/<key>.pickle``: the Russian
lemmas' forms), through ``search_index.py``, which makes a part an act lacks;
writes: a ``ClientIndex`` (``search_index.py`` says what it holds) whose texts, unit versions and
result fragments are kept in temporary files, not in memory; the cache entries of the acts
analysed (and of the lemmas new to it).

The memory of the merge does not grow with the parts it has merged, only with what the index
itself must hold whole to be cut into sorted chunks (``search_shards.py``): the postings of each
term, the word forms, and a few numbers per wording and per unit version. ``client_index``
reads the parts twice, one at a time: once for the Kazakh vocabulary (which a part's stems
must match), then to merge them. ``Merge.add`` numbers a part's new wordings (``wid``, in
order of first use: the same values, so the same bytes, as one merge of all parts at once),
appends their postings and writes their texts to a temporary file, and writes each unit
version's JSON to another; ``Merge.index`` then counts the document frequencies and lengths,
and the fragments are composed from the versions file when they are cut.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
from array import array
from dataclasses import dataclass

from normbase.cache import key_of
from normbase.indexing import history_docs
from normbase.search import analysis
from normbase.search.kazakh import KazakhVocabulary
from normbase.site import search_index
from normbase.site.search_index import SEP, ActPart, _json

MEMO = 8192  # analysed wordings kept for the acts that share them, in each of ``Memo``'s two halves


class Memo:
    """(text, lang) → its analysis (``search_index.act_part``), for the wordings acts share: the
    latest ``MEMO`` and the ``MEMO`` before them, each kept while it is used (a bound on the
    memory, where a dict of every wording analysed would grow with the corpus)."""

    def __init__(self) -> None:
        self.young: dict[tuple[str, str], tuple] = {}
        self.old: dict[tuple[str, str], tuple] = {}

    def get(self, key: tuple[str, str]) -> tuple | None:
        done = self.young.get(key)
        if done is None and (done := self.old.get(key)) is not None:
            self[key] = done
        return done

    def __setitem__(self, key: tuple[str, str], done: tuple) -> None:
        self.young[key] = done
        if len(self.young) >= MEMO:
            self.old, self.young = self.young, {}


class Spill:
    """Strings appended one after another to a temporary file, read back by number."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.ends = array("q", [0])
        self.flushed = 0  # the strings written through to the file, where ``pread`` sees them

    def append(self, text: str) -> None:
        data = text.encode()
        self.file.write(data)
        self.ends.append(self.ends[-1] + len(data))

    def __len__(self) -> int:
        return len(self.ends) - 1

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k >= self.flushed:
            self.file.flush()
            self.flushed = len(self)
        start = self.ends[k]
        return os.pread(self.file.fileno(), self.ends[k + 1] - start, start).decode()


class Fragments:
    """wid → its result fragment, as JSON text: ``l`` and its first ``SHOWN`` unit versions (and
    ``m``, the number of overflow pages), composed from the versions file when asked for."""

    def __init__(self, merged: Merge) -> None:
        self.merged = merged

    def __len__(self) -> int:
        return len(self.merged.uses)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        shown = search_index.SHOWN  # (read when used: tests cut smaller pieces)
        vs = self.merged.versions_of(k, 0, shown)
        n = self.merged.uses[k]
        pages = -(-(n - shown) // search_index.OVERFLOW_PAGE) if n > shown else 0
        more = f',"m":{pages}' if pages else ""
        return f'{{"l":{_json(analysis.LANGS[self.merged.langs[k]])}{more},"v":[{",".join(vs)}]}}'


class Overflow:
    """wid → its unit versions past the first ``SHOWN``, each as JSON text (the wordings of more)."""

    def __init__(self, merged: Merge) -> None:
        self.merged = merged

    def __contains__(self, wid: int) -> bool:
        return self.merged.uses[wid] > search_index.SHOWN

    def __getitem__(self, wid: int) -> list[str]:
        return self.merged.versions_of(wid, search_index.SHOWN, self.merged.uses[wid])


@dataclass
class ClientIndex:
    n: int
    stats: dict
    lengths: array  # wid → field length
    fragments: Fragments  # wid → its result fragment, as JSON text (``l``, ``v``, ``m``)
    texts: Spill  # wid → its text and token offsets, as JSON text (``o``, ``x``)
    overflow: Overflow  # wid → its unit versions past the first ``SHOWN``, each as JSON text
    postings: dict
    forms: dict
    kk: dict


class Merge:
    """The parts of the acts, added in corpus order (see the module's docstring)."""

    def __init__(self) -> None:
        self.wid_of: dict[bytes, int] = {}  # a digest of (text, lang) → its wid
        self.uses = array("i")  # wid → its unit versions
        self.lengths = array("i")
        self.langs = bytearray()  # wid → its language's place in ``analysis.LANGS``
        self.texts = Spill()
        self.versions = Spill()  # each unit version's JSON, in ``search_docs`` order
        self.version_wid = array("i")
        self.postings: dict[str, dict[str, list]] = {lang: {} for lang in analysis.LANGS}
        self.forms: dict[str, dict[str, list[str]]] = {lang: {} for lang in analysis.LANGS}
        self.by_wid = array("i")  # the versions' numbers, ordered by wid (``index``)
        self.first = array("i")  # wid → where its versions begin in ``by_wid``

    def add(self, part: ActPart) -> None:
        m = []
        for i, (text, lang) in enumerate(part.wordings):
            digest = hashlib.blake2b(f"{lang}\n{text}".encode(), digest_size=16).digest()
            wid = self.wid_of.setdefault(digest, len(self.wid_of))
            if wid == len(self.uses):
                self._new(part, i, wid)
            m.append(wid)
        # a form the act holds is first met in one of its new wordings, or already held: the
        # forms (each a function of the form alone) are those of the wordings in wid order
        for lang, act_forms in part.forms.items():
            lang_forms = self.forms[lang]
            for form, terms in act_forms.items():
                if form not in lang_forms:
                    lang_forms[form] = list(terms)
        groups = [_json([[m[w], f] for w, f in g]) for g in part.groups]
        for w, head, f, g, tail in zip(part.wording, part.head, part.f, part.group, part.tail):
            wid = m[w]
            siblings = f',"g":{groups[g]}' if g >= 0 else ""
            self.versions.append(f'{head},"d":{len(self.version_wid)},"f":{f}{siblings},{tail}')
            self.version_wid.append(wid)
            self.uses[wid] += 1

    def _new(self, part: ActPart, i: int, wid: int) -> None:
        """Wording ``i`` of ``part``, met first there: its text, length and postings."""
        text, lang = part.wordings[i]
        at, counts, length = part.starts[i], part.counts, part.lengths[i]
        lang_post = self.postings[lang]
        for t in part.terms[i].split(SEP) if part.terms[i] else ():
            entry = lang_post.get(t)
            if entry is None:
                entry = lang_post[t] = [0, array("i"), 0, 0]
            tf = counts[at]
            flat = entry[1]
            flat.append(wid - entry[3])
            flat.append(length)
            flat.extend(counts[at : at + 1 + tf])
            entry[2] += 1
            entry[3] = wid
            at += 1 + tf
        self.uses.append(0)
        self.lengths.append(length)
        self.langs.append(analysis.LANGS.index(lang))
        self.texts.append(f'{{"o":{part.offsets[i]},"x":{text}}}')

    def versions_of(self, wid: int, start: int, stop: int) -> list[str]:
        """The JSON of the unit versions ``start … stop − 1`` of wording ``wid``, in order."""
        at = self.first[wid]
        stop = min(stop, self.uses[wid])
        return [self.versions[v] for v in self.by_wid[at + start : at + stop]]

    def index(self, vocabulary: KazakhVocabulary, lexemes: dict) -> ClientIndex:
        """The index of the parts added: each term's document frequency (the unit versions of
        the wordings it is in) and each language's total field length, now that every wording's
        uses are known."""
        self.wid_of = {}
        self.by_wid = array("i", sorted(range(len(self.version_wid)), key=self.version_wid.__getitem__))
        at = 0
        for n in self.uses:
            self.first.append(at)
            at += n
        uses = self.uses
        for lang_post in self.postings.values():
            for entry in lang_post.values():
                flat, i, wid, df = entry[1], 0, 0, 0
                while i < len(flat):
                    wid += flat[i]
                    df += uses[wid]
                    i += 3 + flat[i + 2]
                entry[0] = df
        stats = {lang: 0 for lang in analysis.LANGS}
        for length, n, lang in zip(self.lengths, uses, self.langs):
            stats[analysis.LANGS[lang]] += length * n
        search_index._add_russian_forms(self.forms["ru"], self.postings["ru"], lexemes)
        kk = search_index.kazakh_data(vocabulary, self.postings["kk"])
        return ClientIndex(len(self.version_wid), stats, self.lengths, Fragments(self), self.texts,
                           Overflow(self), self.postings, self.forms, kk)


def client_index(kb, cache=None) -> ClientIndex:
    """The whole index, from each act's ``ActPart`` (read from ``cache`` when it holds the act's
    part, else made and stored there), merged in corpus order, one part in memory at a time."""
    from normbase.pipeline import history_keys

    keys = history_keys(kb) if cache is not None and cache.folder is not None else {}

    def stored(h) -> ActPart | None:
        key = keys.get(h.act)
        part = cache.load("search-act", key_of("search-act", key)) if key else None
        return part if isinstance(part, ActPart) else None

    words: dict[str, str] = {}  # the Kazakh vocabulary's input (each word, one string for all acts)
    todo: list[tuple[str, ...] | None] = []  # per act: None when the cache holds its part, else its words
    part: ActPart | None = None
    collect = gc.isenabled()
    gc.disable()  # (many small objects are read, none is garbage: a collection is wasted time)
    try:
        for h in kb.histories:
            part = stored(h)
            if part is not None:
                words.update(zip(part.kk_stems, part.kk_stems))
            todo.append(None if part is not None else tuple(
                words.setdefault(w, w) for w in search_index.act_words(history_docs(h))))
        part = None
        vocabulary = KazakhVocabulary.from_words(words)
        said = search_index.hit_statuses(kb)
        memo = Memo()
        merged = Merge()
        for h, act_words in zip(kb.histories, todo):
            part = stored(h) if act_words is None else None
            if part is not None and any(vocabulary.stem(w) != s for w, s in part.kk_stems.items()):
                act_words, part = tuple(part.kk_stems), None  # the vocabulary now stems its words otherwise
            if part is None:
                docs = history_docs(h)
                if act_words is None:  # (its cache entry was there a moment ago)
                    act_words = tuple(search_index.act_words(docs))
                part = search_index.act_part(docs, act_words, vocabulary, said, memo)
                if keys.get(h.act):
                    cache.put("search-act", key_of("search-act", keys[h.act]), part)
            merged.add(part)
            del part
        del memo
        lexemes = cache.load("search-lexemes", key_of("search-lexemes")) if keys else None
        lexemes = lexemes if isinstance(lexemes, dict) else {}
        known = len(lexemes)
        ix = merged.index(vocabulary, lexemes)
    finally:
        if collect:
            gc.enable()
    if keys and len(lexemes) != known:
        cache.put("search-lexemes", key_of("search-lexemes"), lexemes)
    return ix
