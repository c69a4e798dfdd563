"""The site's client-side search data, built with the CLI's own analysis: each act's share.

reads: a ``KnowledgeBase``'s histories (the same ``SearchDoc`` values the whoosh index holds, in
the same order, and the same Kazakh vocabulary) and the Russian lemmas' forms (pymorphy3);
writes: an act's ``ActPart`` (plain Python values), which ``search_merge.py`` keeps in the stage
cache and merges into a ``ClientIndex`` (described below) that ``search_shards.py`` cuts into the
files ``static/search/…`` which ``static/search.js`` fetches piece by piece, without running
pymorphy3 or the Kazakh stripper in the browser; the Kazakh stripper's data.

What costs is per act — the answers of each unit version (``hit_statuses``), the analysis of
each wording (tokens, lemmas, stems, positions) and the JSON of both — so each act's share is
made once (``act_part``) and kept; a rebuild makes it again only for the acts whose timelines
changed (or whose Kazakh words the corpus's vocabulary now stems otherwise), and ``search_merge``
numbers the wordings and versions of all parts in corpus order: the same values, so the same
bytes, as a build from nothing.

A *document* of the site's index is a distinct (wording, language): many unit versions share
a wording (at 1,000 synthetic acts 165,140 versions have 67,666 wordings), and every
version of a wording scores the same. Its number (``wid``) is its place in the order of first
use in ``search_docs``, so ``wid`` order is the order of each wording's first unit version.

- ``lengths[wid]``: the field length (tokens, stacked terms counted, as whoosh counts them
  for BM25F);
- ``fragments[wid]``: as JSON text, what the date filter and the ranking read of a wording
  (``search_shards`` writes 64 to a result file ``r/<i>.js``): ``l`` lang, and ``v`` the
  unit versions with this wording, in ``search_docs`` order: ``d`` their number in
  ``search_docs`` (the CLI's document number, for ties), ``a`` act, ``u`` address, ``f``/``t``
  the days it can be in force (ISO, ``[f, t)``, null = open), ``s`` source, what
  ``query.answer`` says of it (``answers``): ``c`` the status as of the latest source
  (``superseded`` when the latest source gives another wording), ``z`` the status on each
  day as ``[[from, status], …]`` (a day's status is the last entry from on or before it; a
  day before the first entry, or with status null, is not this wording's), ``w`` the
  version's interval as the CLI writes it (``["≥ 2015-08-26", null]``); and ``g`` when the
  unit has other versions in this language: all of them as ``[[wid, f], …]`` in version
  order (a search without a date shows a unit once, with its latest matching wording).
  A wording shared by more than ``SHOWN`` unit versions keeps the first ``SHOWN`` there,
  with ``m`` the number of pages of ``OVERFLOW_PAGE`` versions that ``overflow[wid]`` holds
  the rest in;
- ``texts[wid]``: as JSON text, what only a hit that is shown needs (``search_shards``
  writes a few to a text file ``x/<i>.js``): ``x`` the text and ``o`` its token offsets
  (``Δstart, length`` per token: the start from the previous token's end);
- ``postings``: per language, term → ``[df, postings, wordings, last wid]``, ``df`` the
  number of unit versions that hold the term (whoosh's document frequency, for the idf), the
  postings flat and delta-coded as ``search_shards`` writes them (``Δwid, length, tf, p₀,
  Δp…`` per wording, in wid order);
- ``forms``: per language, a folded word form → the terms a query word of that form stands
  for (its readings that the index holds). Russian: every word form of the corpus and every
  form of each corpus lemma that pymorphy3 knows (so an unseen inflection is found without
  pymorphy3); Kazakh: every word form of the corpus;
- ``kk``: the Kazakh suffix stripper as data, for a query word that is not a corpus form:
  ``endings`` (every valid ``[plural] [possessive] [case]`` chain, with the allomorph next
  to the stem, the sounds it may follow, whether the reading is reliable and whether the
  stem's last consonant is devoiced), the sound classes and vowel sets, ``support`` (how
  many corpus words share each attested stem) and ``ext`` (a stem → index terms it is an
  unstripped reading of, as ``FieldVocabulary.extensions``). ``tests/browser`` checks that
  the browser's reduction equals ``KazakhVocabulary.stem`` word for word;
- ``n``: the number of unit versions (whoosh's document count) and ``stats``: per language,
  the total field length over the unit versions (BM25F's average is total / ``n``).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from normbase.answers import SUPERSEDED, intervals
from normbase.query import answer
from normbase.search import analysis, kazakh
from normbase.search.index import kazakh_words
from normbase.search.kazakh import KazakhVocabulary
from normbase.site.pages import version_dates

FORMAT = 4  # 4: texts and offsets apart from the versions (x/ files)
SHOWN = 8  # unit versions of a wording in its result fragment; the rest in overflow pages
OVERFLOW_PAGE = 64  # unit versions of a wording per overflow page
MAX_EXTENSIONS = 8  # FieldVocabulary.extensions keeps the first eight


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


SEP = "\x1f"  # between the terms of a wording in an ``ActPart`` (no term holds it)


@dataclass
class ActPart:
    """What the index holds of one act, apart from what the other acts give it (wids, document
    numbers, document frequencies): kept per act in the stage cache (``search-act``) under the
    act's ``history_key``, so a rebuild analyses only the acts whose timelines changed. Few
    objects (strings and arrays, not a list per posting): it is read back for every act.

    Per distinct wording, in order of first use: ``wordings`` (text as JSON, lang), ``offsets``
    (its token offsets as JSON), ``lengths`` (its field length), ``terms`` (its terms, joined
    by ``SEP``), ``starts`` (where its entries begin in ``counts``, which holds for each of
    its terms: tf, then its token numbers). ``forms``: per language, each folded word form
    of the act → its query terms. Per unit version, in
    order: ``wording``, ``head`` (its JSON up to ``c``), ``f`` (as JSON), ``group`` (its unit's
    place in ``groups`` or -1) and ``tail`` (its JSON from ``s``); ``groups``: per unit with
    several versions in a language, ``[[wording, f], …]``. ``kk_stems``: each folded Kazakh
    word of its wordings → the stem it was analysed with (a Kazakh stem depends on the whole
    corpus's vocabulary: a part whose stems the vocabulary no longer gives is made again)."""

    wordings: list[tuple[str, str]] = field(default_factory=list)
    offsets: list[str] = field(default_factory=list)
    lengths: array = field(default_factory=lambda: array("i"))
    terms: list[str] = field(default_factory=list)
    starts: array = field(default_factory=lambda: array("i"))
    counts: array = field(default_factory=lambda: array("i"))
    forms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    wording: array = field(default_factory=lambda: array("i"))
    head: list[str] = field(default_factory=list)
    f: list[str] = field(default_factory=list)
    group: array = field(default_factory=lambda: array("i"))
    tail: list[str] = field(default_factory=list)
    groups: list[list] = field(default_factory=list)
    kk_stems: dict[str, str] = field(default_factory=dict)


def act_words(docs) -> set[str]:
    """The folded words of an act's Kazakh wordings (the input of the corpus's Kazakh vocabulary)."""
    return kazakh_words({d.text for d in docs if d.lang == "kk"})


def act_part(docs, words: Iterable[str], vocabulary: KazakhVocabulary, said, memo) -> ActPart:
    """The ``ActPart`` of an act's search documents (``indexing.history_docs``) and Kazakh words
    (``act_words``); ``memo``: (text, lang) → its analysis, for the wordings acts share."""
    local: dict[tuple[str, str], int] = {}
    for d in docs:
        local.setdefault((d.text, d.lang), len(local))
    part = ActPart()
    text_of: dict = {}  # a value → its JSON (the acts, statuses and days repeat)

    def j(value) -> str:
        out = text_of.get(value)
        if out is None:
            out = text_of[value] = _json(value)
        return out

    for _, versions_of_unit in groupby(docs, key=lambda d: (d.act, d.address, d.lang)):  # a unit's versions
        group = list(versions_of_unit)
        ws = [local[(d.text, d.lang)] for d in group]
        days = [d.valid_from.isoformat() if d.valid_from else None for d in group]
        g = -1
        if len(group) > 1:
            g = len(part.groups)
            part.groups.append([[w, f] for w, f in zip(ws, days)])
        for d, w, f in zip(group, ws, days):
            s = said(d)  # the keys in sorted order, as _json writes them: a c | d f g | s t u w z
            to = d.valid_to.isoformat() if d.valid_to else None
            part.wording.append(w)
            part.head.append(f'{{"a":{j(d.act)},"c":{j(s["c"])}')
            part.f.append(j(f))
            part.group.append(g)
            part.tail.append(_json({"s": d.source, "t": to, "u": d.address, "w": s["w"], "z": s["z"]})[1:])
    for text, lang in local:
        done = memo.get((text, lang))
        if done is None:
            done = memo[(text, lang)] = _analyse(text, lang, vocabulary if lang == "kk" else None)
        x, offsets, length, terms, counts, forms = done
        part.wordings.append((x, lang))
        part.offsets.append(offsets)
        part.lengths.append(length)
        part.terms.append(terms)
        part.starts.append(len(part.counts))
        part.counts.extend(counts)
        lang_forms = part.forms.setdefault(lang, {})
        for form, query in forms:
            lang_forms.setdefault(form, query)
    part.kk_stems = {w: vocabulary.stem(w) for w in sorted(words)}
    return part


def _analyse(text: str, lang: str, vocabulary: KazakhVocabulary | None) -> tuple:
    """(text as JSON, token offsets as JSON, field length, terms joined by ``SEP``, for each
    term tf then its token numbers delta-coded (as ``search_shards`` writes them), each form
    with its query terms in order of first use) of one wording."""
    poss = analysis.positions(text, lang, vocabulary)
    at: dict[str, list[int]] = {}
    offsets: list[int] = []
    forms: dict[str, tuple[str, ...]] = {}
    prev = 0
    for i, p in enumerate(poss):
        offsets += (p.start - prev, p.end - p.start)
        prev = p.end
        for t in p.terms:
            at.setdefault(t, []).append(i)
        forms.setdefault(analysis.fold(text[p.start : p.end]), p.query_terms)
    counts = array("i")
    for where in at.values():
        counts.append(len(where))
        counts.extend([where[0]] + [b - a for a, b in zip(where, where[1:])])
    length = sum(len(p.terms) for p in poss)
    return _json(text), _json(offsets), length, SEP.join(at), counts, tuple(forms.items())


def hit_statuses(kb):
    """``doc → {"c", "z", "w"}``: what ``query.answer`` says of a search document (see above)."""
    cache: dict[tuple, tuple] = {}
    days: dict[str, list] = {}

    def said(d) -> dict:
        key = (d.act, d.address, d.lang)
        if key not in cache:
            cache.clear()  # a unit's versions come one after another: one unit at a time
            h = kb.history(d.act)
            if d.act not in days:
                days.clear()  # an act's units, too
                days[d.act] = version_dates(h)
            t = h.timeline(d.address, d.lang)
            cache[key] = (intervals(t, h.start, days[d.act]), answer(t, None, h.start))
        ivs, latest = cache[key]
        f, to = d.valid_from, d.valid_to
        z: list[list[str | None]] = []
        window = None
        for start, until, a in ivs:
            if (start is not None and to is not None and start >= to) or (
                until is not None and f is not None and until <= f
            ):
                continue  # the interval lies outside the days the document can be in force
            day = max(start, f) if start is not None and f is not None else (start or f)
            status = a.status if a.version == d.version and a.text is not None else None
            if status is not None:
                window = [
                    str(a.valid_from) if a.valid_from else None,
                    str(a.valid_to) if a.valid_to else None,
                ]
            if day is not None and (not z or z[-1][1] != status):
                z.append([day.isoformat(), status])
        current = latest.version == d.version and latest.text is not None
        return {"c": latest.status if current else SUPERSEDED, "z": z, "w": window}

    return said


def _add_russian_forms(forms: dict, ids, lexemes: dict) -> None:
    """Every form of each corpus lemma, mapped like the CLI maps a query word: to its
    pymorphy3 readings that the index holds (forms that reach none are left out: the
    browser's typo tolerance takes over, as the CLI's does). ``lexemes``: lemma → its forms
    with their readings, whatever the corpus (kept from build to build: ``search_merge.client_index``)."""
    for lemma in sorted(t for t in ids if analysis.CYRILLIC.search(t)):
        lexeme = lexemes.get(lemma)
        if lexeme is None:
            lexeme = lexemes[lemma] = _lexeme(lemma)
        for word, readings in lexeme:
            if word not in forms:
                known = [t for t in readings if t in ids]
                if known:
                    forms[word] = known


def _lexeme(lemma: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded forms of ``lemma`` that pymorphy3 knows, each with its readings (``ru_lemmas``)."""
    for parse in analysis._morph().parse(lemma):
        if parse.normal_form.replace("ё", "е") == lemma:
            words = [analysis.fold(form.word) for form in parse.lexeme]
            return tuple((w, analysis.ru_lemmas(w)) for w in words)
    return ()


def kk_suffixes() -> list[str]:
    return sorted({a for slot in kazakh.SUFFIXES.values() for a, _ in slot}, key=lambda s: (-len(s), s))


def kazakh_endings() -> list[list]:
    """Every suffix chain ``[plural] [poss] [case]`` the stripper accepts, as
    ``[ending, allomorph next to the stem, sound classes it may follow, reliable, devoice]``.

    The conditions between the suffixes of a chain do not depend on the stem, so they are
    checked here, once, with the stripper's own rules; what depends on the stem (the sound
    before the first suffix and vowel harmony with it) is left to the browser."""
    S = kazakh.SUFFIXES
    cases = [(slot, a, c) for slot in kazakh.CASES for a, c in S[slot]]
    out = set()
    for plural in [None] + [("plural", a, c) for a, c in S["plural"]]:
        for poss in [None] + [("poss", a, c) for a, c in S["poss"]]:
            for case in [None] + cases:
                chain = [x for x in (plural, poss, case) if x]
                if not chain or not _chain_ok(chain, poss):
                    continue
                inner = chain[0]
                classes = inner[2].replace("P", "")
                if not classes:
                    continue
                slots = [x[0] for x in chain]
                reliable = (
                    "plural" in slots
                    or "gen" in slots
                    or "locrel" in slots
                    or (
                        poss is not None
                        and case is not None
                        and len(chain) == 2
                        and (case[0], case[1]) != ("acc", "н")
                    )
                )
                out.add(
                    (
                        "".join(x[1] for x in chain),
                        inner[1],
                        classes,
                        int(reliable),
                        int(poss is not None and plural is None),
                    )
                )
    return [list(e) for e in sorted(out, key=lambda e: (-len(e[0]), e))]


def _chain_ok(chain: list, poss) -> bool:
    for prev, nxt in zip(chain, chain[1:]):
        if not kazakh._harmony_ok(prev[1], nxt[1]):
            return False
        if nxt[0] not in ("plural", "poss") and prev is poss:
            if "P" not in nxt[2]:  # a case after a possessive takes its possessive form
                return False
        elif kazakh._sound_class(prev[1], False) not in nxt[2]:
            return False
    return True


def kazakh_data(vocabulary: KazakhVocabulary, ids) -> dict:
    ext: dict[str, list[int]] = {}
    for term in sorted(ids):
        for st in sorted(kazakh.readings(term)):
            if st != term and st not in ids and len(ext.setdefault(st, [])) < MAX_EXTENSIONS:
                ext[st].append(term)
    return {
        "endings": kazakh_endings(),
        "vowels": "".join(sorted(kazakh.VOWELS)),
        "back": "".join(sorted(kazakh.BACK)),
        "classes": {
            "R": "".join(sorted(kazakh.RYU)),
            "L": "".join(sorted(kazakh.LZJ)),
            "N": "".join(sorted(kazakh.NASAL)),
        },
        "invariant": sorted(kazakh.INVARIANT),
        "front": "".join(sorted(kazakh.FRONT)),
        "min_stem": kazakh.MIN_STEM,
        "min_weak_stem": kazakh.MIN_WEAK_STEM,
        "support": dict(sorted(vocabulary.support.items())),
        "ext": ext,
    }
