"""Bulk indexing: the search documents into whoosh segments, each wording analysed once.

reads: documents (``SearchDoc``-like: ``.lang``, ``.text``, and their whoosh fields as
``index.document_fields`` gives them) and the schema ``index.make_schema`` makes;
writes: a whoosh index in an empty folder — a segment per chunk of acts and language
(``chunks.py``: a rebuild links the unchanged segments of the previous index), through
whoosh's own codec writers (per-document writer, field writer) and table of contents —
and returns the Kazakh vocabulary and the word forms (``surfaces``) of each language.

whoosh's ``add_document`` runs the analyzer on every document and pushes every posting
through an external sort (pickled runs on disk); at 1,000 acts (165,140 unit versions,
1.5 million postings) that took 70–85 s. Here:

* every distinct token is analysed once (``analysis.token_terms``, which
  ``analysis.positions`` uses too), every distinct wording once (many unit versions share
  theirs): its terms, their positions in whoosh's ``Positions`` encoding, its length;
* postings are gathered per term in document order (arrays), so they come out sorted
  with no external sort, and go to whoosh's field writer term by term;
* stored fields, field lengths and columns go through whoosh's per-document writer as
  ``add_document`` sends them (the stored fields as a zlib stream that is not compressed:
  see ``_PerDocWriter``);
* the two languages are written by two processes when the corpus is large
  (``PARALLEL_MIN``) and a second core is there; a query reads one language's field, so
  it finds nothing to do in the other language's segments.

A segment holds what ``add_document`` + ``commit`` would write for the same documents
(``tests/test_search_bulk.py`` compares every posting, length, column and stored field
with whoosh's own writer); only the bytes differ: the stored fields are not compressed,
and the posting blocks' pickles are smaller, because equal position lists are one shared
object.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import threading
import traceback
from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3PerDocWriter
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.util.numeric import byte_to_length, length_to_byte

from normbase.parallel import die_with_parent
from normbase.search import chunks
from normbase.search.analysis import HYPHENS, LANGS, TOKEN_RE, fold, positions, token_terms
from normbase.search.kazakh import KazakhVocabulary


class Wordings:
    """The distinct texts of one language, tokenized once: each text is a sequence of
    token ids; each distinct token (its first match) is analysed once."""

    def __init__(self, lang: str):
        self.lang = lang
        self.text_ids: dict[str, int] = {}  # text -> its number here
        self.sequences: list[array] = []  # per text: token ids, in order
        self.token_ids: dict[str, int] = {}  # token (marked when a number) -> id
        self.matches: list = []  # per token: its first match

    def add(self, text: str) -> int:
        n = self.text_ids.get(text)
        if n is None:
            n = self.text_ids[text] = len(self.sequences)
            ids, seq = self.token_ids, array("I")
            for m in TOKEN_RE.finditer(text):
                tok = m.group() if m.group("word") else "\0" + m.group()
                i = ids.get(tok)
                if i is None:
                    i = ids[tok] = len(self.matches)
                    self.matches.append(m)
                seq.append(i)
            self.sequences.append(seq)
        return n

    def kazakh_words(self) -> set[str]:
        """What ``index.kazakh_words`` gives for these texts (folded word parts)."""
        words: set[str] = set()
        for m in self.matches:
            if m.group("word"):
                words.update(p for p in HYPHENS.split(fold(m.group("word"))) if p and not p.isdigit())
        return words

    def surfaces(self, vocabulary: KazakhVocabulary | None) -> dict[str, str]:
        """Folded word form -> primary term, for every word form (and hyphen part),
        the first reading met winning — as reading the texts in order gives."""
        forms: dict[str, str] = {}
        for m in self.matches:
            raw = fold(m.group())
            forms.setdefault(raw, token_terms(m, self.lang, vocabulary)[0][0])
            parts = [x for x in HYPHENS.split(raw) if x]
            if len(parts) > 1:
                for part, p in zip(parts, positions(" ".join(parts), self.lang, vocabulary)):
                    forms.setdefault(part, p.terms[0])
        return forms

    def postings(self, vocabulary: KazakhVocabulary | None, encode) -> Postings:
        """Every text's terms with their positions (``encode``: whoosh's format encoder)."""
        terms: dict[str, int] = {}
        token_terms_ = []
        for m in self.matches:
            token_terms_.append(
                tuple(terms.setdefault(t, len(terms)) for t in token_terms(m, self.lang, vocabulary)[0])
            )
        encoded: dict[tuple, bytes] = {}
        texts = []
        for seq in self.sequences:
            poses: dict[int, list[int]] = {}
            length = 0
            for i, tok in enumerate(seq):
                tt = token_terms_[tok]
                length += len(tt)
                for t in tt:
                    p = poses.get(t)
                    if p is None:
                        poses[t] = [i]
                    else:
                        p.append(i)
            ids, freqs, values = array("I"), array("I"), []
            for t, p in poses.items():
                key = tuple(p)
                v = encoded.get(key)
                if v is None:
                    v = encoded[key] = encode(p)
                ids.append(t)
                freqs.append(len(p))
                values.append(v)
            texts.append((length, ids, freqs, values))
        return Postings(list(terms), texts)


class Postings:
    """Per distinct text: (field length, term ids, frequencies, encoded positions)."""

    def __init__(self, terms: list[str], texts: list[tuple]):
        self.terms = terms
        self.texts = texts


def write_segment(
    storage,
    codec,
    schema,
    lang: str,
    docs: Sequence,
    fields_of: Callable[[Any], dict],
    vocabulary: KazakhVocabulary | None,
    segid: str,
    wordings: Wordings | None = None,
) -> tuple:
    """One finished (not yet listed) whoosh segment ``segid`` holding ``docs``, all of language
    ``lang`` (``fields_of(doc)``: its fields as ``add_document`` takes them, the text in
    ``text_<lang>``; ``doc.text``: that text; ``wordings``: those of ``docs`` when made
    already); returns (the segment, the word forms of the texts, ``Wordings.surfaces``)."""
    tf = f"text_{lang}"
    if wordings is None:
        wordings = Wordings(lang)
        for d in docs:
            wordings.add(d.text)
    postings = wordings.postings(vocabulary, schema[tf].format.encode)
    segment = codec.new_segment(storage, "MAIN")
    segment.segid = segid  # not whoosh's random name: the same documents, the same bytes
    pdw = _PerDocWriter(codec, storage, segment)
    fw = codec.field_writer(storage, segment)
    nterms = len(postings.terms)
    t_docs = [array("I") for _ in range(nterms)]
    t_weights = [array("d") for _ in range(nterms)]  # the frequencies, as the floats whoosh weighs them by
    t_values: list[list[bytes]] = [[] for _ in range(nterms)]
    lengths = array("I")  # per document: its text's field length as whoosh reads it back
    other: dict[str, dict[bytes, tuple]] = {}  # other indexed fields: term -> (documents, weight, value)
    memo: dict[str, dict] = {}  # other indexed fields: value -> its postings
    plans: dict[tuple, list] = {}
    docnum = 0
    for d in docs:
        fields = fields_of(d)
        names = tuple(fields)
        plan = plans.get(names)
        if plan is None:
            plan = plans[names] = _plan(schema, names, tf)
        length, ids, freqs, values = postings.texts[wordings.text_ids[fields[tf]]]
        for t, f, v in zip(ids, freqs, values):
            t_docs[t].append(docnum)
            t_weights[t].append(f)
            t_values[t].append(v)
        lengths.append(byte_to_length(length_to_byte(length)) if length else 0)
        pdw.start_doc(docnum)
        for name, field, indexed, stored, column in plan:
            value = fields[name]
            if value is None:
                continue
            if name == tf:
                pdw.add_field(name, field, None, length)
                continue
            if indexed:
                _gather(name, field, value, docnum, memo, other)
            pdw.add_field(name, field, value if stored else None, 0)
            if column is not None:
                pdw.add_column_value(name, column, field.to_column_value(value))
        pdw.finish_doc()
        docnum += 1
    # postings: fields in name order, terms in byte order (the order whoosh's pool sorts them in)
    for name in sorted({tf, *other}):
        field = schema[name]
        fw.start_field(name, field)
        if name == tf:
            terms = postings.terms
            for t in sorted(range(nterms), key=terms.__getitem__):
                if t_docs[t]:
                    fw.start_term(terms[t].encode("utf-8"))
                    for n, w, v in zip(t_docs[t], t_weights[t], t_values[t]):
                        fw.add(n, w, v, lengths[n])
                    fw.finish_term()
        else:
            for tbytes, (numbers, weight, vbytes) in sorted(other[name].items()):
                fw.start_term(tbytes)
                for n in numbers:
                    fw.add(n, weight, vbytes, 0)
                fw.finish_term()
        fw.finish_field()
    pdw.close()
    fw.close()
    segment.set_doc_count(docnum)
    for name in segment.list_files(storage):  # the compound file records their times: a fixed one
        os.utime(os.path.join(storage.folder, name), ns=(0, 0))
    segment.create_compound_file(storage)  # one file, read through mmap (many small reads otherwise)
    return segment, wordings.surfaces(vocabulary)


class _PerDocWriter(W3PerDocWriter):
    """whoosh's per-document writer, storing each document's stored fields in a zlib
    stream of level 0 (no compression) instead of 3: compressing 165,000 small pickles
    one by one took a quarter of the build, for 30 % of their size. whoosh's reader
    (``zlib.decompress``) reads either."""

    def _create_column(self, fieldname, column):
        if fieldname == "_stored":
            column = STORED_LEVEL_0
        super()._create_column(fieldname, column)


STORED_LEVEL_0 = PickleColumn(CompressedBytesColumn(level=0))


def _gather(name: str, field, value, docnum: int, memo: dict, other: dict) -> None:
    """Add the postings of a non-text indexed field's value (its ``index`` output)."""
    known = memo.setdefault(name, {})
    items = known.get(value)
    if items is None:
        items = list(field.index(value))
        if len(known) < 10_000:
            known[value] = items
    byterm = other.setdefault(name, {})
    for tbytes, _freq, weight, vbytes in items:
        entry = byterm.get(tbytes)
        if entry is None:
            entry = byterm[tbytes] = (array("I"), weight, vbytes)
        elif entry[1:] != (weight, vbytes):
            raise NotImplementedError(f"bulk indexing needs one weight and value per term of {name!r}")
        entry[0].append(docnum)


def _plan(schema, names, text_field: str) -> list[tuple]:
    """The fields of a document in ``add_document``'s order, with what it does with each."""
    out = []
    for name in sorted(n for n in names if not n.startswith("_")):
        field = schema[name]
        if name.startswith("text_") and name != text_field:
            raise ValueError(f"a {text_field} segment cannot hold {name}")
        if (
            field.separate_spelling()
            or field.vector
            or (field.scorable and name != text_field)
            or (name == text_field and (field.stored or field.column_type))
        ):
            raise NotImplementedError(f"bulk indexing does not handle field {name!r} ({field!r})")
        out.append((name, field, field.indexed, field.stored, field.column_type))
    return out


PARALLEL_MIN = 5_000  # documents: below this, a second process costs more than it saves


def write_language(
    storage,
    codec,
    schema,
    lang: str,
    docs: Sequence,
    acts: int,
    fields_of: Callable[[Any], dict],
    previous: Path | None,
) -> tuple:
    """The segments of one language's ``docs``, a chunk each (``chunks.cut``; ``acts``: how many
    acts the index holds): a chunk whose segment the ``previous`` index folder holds (same name:
    same bytes, see ``chunks.segment_id``) is linked from there, the others written. Each
    segment has a side file (``.json``: the totals of its field lengths, which whoosh's table of
    contents records, and its word forms), and a Kazakh chunk one of its words (``.words``), so
    that a later build keeping it need not read its texts again.
    Returns (the segments in order, the Kazakh vocabulary or None, the word forms)."""
    parts = chunks.cut(docs, acts)
    keys = [chunks.content_key(lang, part) for part in parts]
    made: dict[int, Wordings] = {}
    words_of: dict[int, list[str]] = {}
    vocabulary, digest = None, ""
    if lang == "kk":
        for n, (part, key) in enumerate(zip(parts, keys)):
            known = _read_lines(previous, f"MAIN_w{key[:16]}.words")
            if known is None:
                made[n] = Wordings(lang)
                for d in part:
                    made[n].add(d.text)
                known = sorted(made[n].kazakh_words())
            words_of[n] = known
        words = {w for known in words_of.values() for w in known}
        vocabulary = KazakhVocabulary.from_words(words)
        digest = chunks.words_digest(words)
    segments: list = []
    forms: dict[str, str] = {}
    for n, (part, key) in enumerate(zip(parts, keys)):
        segid = chunks.segment_id(lang, key, digest)
        names = [f"MAIN_{segid}.seg", f"MAIN_{segid}.json"] + ([f"MAIN_w{key[:16]}.words"] if digest else [])
        if previous is not None and all((previous / name).is_file() for name in names):
            for name in names:
                _link(previous / name, storage.folder, name)
            side = json.loads((previous / names[1]).read_text(encoding="utf-8"))
            segment = codec.new_segment(storage, "MAIN")
            segment.segid, segment.compound = segid, True
            segment.set_doc_count(len(part))
            segment._fieldlengths = defaultdict(int, side["fieldlengths"])  # as the field writer leaves it
            part_forms = side["forms"]
        else:
            segment, part_forms = write_segment(
                storage, codec, schema, lang, part, fields_of, vocabulary, segid, made.get(n)
            )
            side = {
                "fieldlengths": list(segment._fieldlengths.items()),
                "forms": dict(sorted(part_forms.items())),
            }
            with open(os.path.join(storage.folder, names[1]), "x", encoding="utf-8") as f:
                json.dump(side, f, ensure_ascii=False, separators=(",", ":"))
            if digest:
                _write_lines(storage.folder, names[2], words_of[n])
        segments.append(segment)
        for f, t in part_forms.items():
            forms.setdefault(f, t)  # the first chunk's reading wins, as reading the texts in order
    return segments, vocabulary, forms


def _read_lines(folder: Path | None, name: str) -> list[str] | None:
    if folder is None:
        return None
    try:
        return (folder / name).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def _write_lines(folder, name: str, lines: list[str]) -> None:
    with open(os.path.join(folder, name), "x", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def _link(old: Path, folder, name: str) -> None:
    """``old`` linked into ``folder`` as ``name`` (copied where links are refused)."""
    new = os.path.join(folder, name)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def write_segments(
    folder: Path,
    make_schema: Callable,
    docs: Sequence,
    fields_of: Callable[[Any], dict],
    parallel: bool | None = None,
    previous: Path | None = None,
) -> tuple[KazakhVocabulary, dict[str, dict[str, str]]]:
    """A whoosh index of ``docs`` in the new, empty ``folder``: each language's segments
    (``write_language``; Kazakh first), so both cores can write one language each
    (``parallel``: None = when there are ``PARALLEL_MIN`` documents or more, a second core
    and ``fork``); the schema is ``make_schema(vocabulary)``; ``previous``: the folder of an
    index whose files can be trusted (its signature checked), whose unchanged segments are
    linked. Returns the Kazakh vocabulary and, per language, the word forms
    (``Wordings.surfaces``)."""
    storage = FileStorage(str(folder)).create()
    codec = default_codec()
    draft = make_schema(None)  # the fields' formats; the analyzers are not used here
    temp = storage.temp_storage("MAIN.tmp")  # the per-document writers' scratch files (random names)
    by_lang = {lang: [d for d in docs if d.lang == lang] for lang in LANGS}
    acts = len({d.act for d in docs})
    langs = [lang for lang in LANGS if by_lang[lang]]
    if parallel is None:
        parallel = len(docs) >= PARALLEL_MIN and _can_fork()
    results: dict[str, tuple] = {}
    child = None
    # While the child runs, the garbage collector leaves the objects that exist now alone
    # in both processes: a full collection writes to every object and would copy every
    # page the two processes still share (the whole knowledge base, in a build).
    freeze = parallel and len(langs) > 1 and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:

        def one(lang: str):
            return write_language(storage, codec, draft, lang, by_lang[lang], acts, fields_of, previous)

        if parallel and len(langs) > 1:
            child = _start(one, langs[0])
        for lang in langs[1 if child else 0 :]:
            results[lang] = one(lang)
        if child:
            results[langs[0]] = _result(*child)
            child = None
    finally:
        if child:
            child[0].terminate()
            child[0].join()
        if freeze:
            gc.unfreeze()
    vocabulary = results["kk"][1] if "kk" in results else KazakhVocabulary.from_words(())
    TOC(make_schema(vocabulary), [s for lang in langs for s in results[lang][0]], 0).write(storage, "MAIN")
    temp.destroy()
    return vocabulary, {lang: results[lang][2] if lang in results else {} for lang in LANGS}


def _can_fork() -> bool:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores > 1 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start(fn, *args):
    """Run ``fn(*args)`` in a forked process; (the process, the end its answer arrives at)."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    parent = os.getpid()

    def run() -> None:
        die_with_parent(parent)
        try:
            answer: tuple[object, ...] = ("ok", fn(*args))
        except BaseException as e:  # noqa: BLE001 - handed to the parent, which raises it
            answer = ("error", e, traceback.format_exc())
        try:
            send.send(answer)
        except Exception as e:  # noqa: BLE001 - a result or an exception that does not pickle
            text = f"{answer[-1] if answer[0] == 'error' else ''}could not send the answer: {e!r}"
            send.send(("error", RuntimeError(text), text))

    process = ctx.Process(target=run, name="normbase-index-writer", daemon=True)
    process.start()
    send.close()
    return process, receive


def _result(process, receive):
    try:
        answer = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the index writer process died (exit code {process.exitcode})") from None
    finally:
        receive.close()
    process.join()
    if answer[0] == "ok":
        return answer[1]
    answer[1].add_note(f"in the index writer process:\n{answer[2]}")
    raise answer[1]
