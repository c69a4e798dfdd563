"""The site's client-side search data, built with the CLI's own analysis.

reads: a ``KnowledgeBase`` (the same ``SearchDoc`` values the whoosh index holds, in the
same order, and the same Kazakh vocabulary);
writes: a ``ClientIndex`` (plain Python values) that ``search_shards.py`` cuts into the files
``static/search/…`` which ``static/search.js`` fetches piece by piece, without running
pymorphy3 or the Kazakh stripper in the browser.

A *document* of the site's index is a distinct (wording, language): many unit versions share
a wording (at 1,000 synthetic acts 165,140 versions have 67,666 wordings), and every
version of a wording scores the same. Its number (``wid``) is its place in the order of first
use in ``search_docs``, so ``wid`` order is the order of each wording's first unit version.

- ``lengths[wid]``: the field length (tokens, stacked terms counted, as whoosh counts them
  for BM25F);
- ``fragments[wid]``: as JSON text, ``x`` text, ``l`` lang, ``o`` token offsets
  (``Δstart, length`` per token: the start from the previous token's end), and ``v`` the
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
- ``postings``: per language, term → ``[df, [wid, tf, position…, wid, tf, …]]``, ``df`` the
  number of unit versions that hold the term (whoosh's document frequency, for the idf);
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
from dataclasses import dataclass
from itertools import groupby

from normbase.answers import SUPERSEDED, intervals
from normbase.indexing import search_docs
from normbase.query import answer
from normbase.search import analysis, kazakh
from normbase.search.index import kazakh_words
from normbase.search.kazakh import KazakhVocabulary
from normbase.site.pages import version_dates

FORMAT = 3
SHOWN = 8  # unit versions of a wording in its result fragment; the rest in overflow pages
OVERFLOW_PAGE = 64  # unit versions of a wording per overflow page
MAX_EXTENSIONS = 8  # FieldVocabulary.extensions keeps the first eight


@dataclass
class ClientIndex:
    n: int
    stats: dict
    lengths: array  # wid → field length
    fragments: list  # wid → its result fragment, as JSON text (``x``, ``l``, ``o``, ``v``, ``m``)
    overflow: dict  # wid → its unit versions past the first ``SHOWN``, each as JSON text
    postings: dict
    forms: dict
    kk: dict


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def client_index(kb) -> ClientIndex:
    """The whole index; each wording's fragment is written as JSON text at once (a dict per
    unit version would take ten times the memory)."""
    docs = search_docs(kb)
    wid_of: dict[tuple[str, str], int] = {}
    for d in docs:
        wid_of.setdefault((d.text, d.lang), len(wid_of))
    vocabulary = KazakhVocabulary.from_words(kazakh_words(text for text, lang in wid_of if lang == "kk"))
    uses = [0] * len(wid_of)
    versions: list[list[str]] = [[] for _ in wid_of]
    said = hit_statuses(kb)
    num = 0
    for _, versions_of_unit in groupby(docs, key=lambda d: (d.act, d.address, d.lang)):  # a unit's versions
        group = list(versions_of_unit)
        wids = [wid_of[(d.text, d.lang)] for d in group]
        days = [d.valid_from.isoformat() if d.valid_from else None for d in group]
        siblings = [[w, f] for w, f in zip(wids, days)] if len(group) > 1 else None
        for d, wid, f in zip(group, wids, days):
            version = {
                "d": num,
                "a": d.act,
                "u": d.address,
                "s": d.source,
                **said(d),
                "f": f,
                "t": d.valid_to.isoformat() if d.valid_to else None,
            }
            if siblings:
                version["g"] = siblings
            versions[wid].append(_json(version))
            uses[wid] += 1
            num += 1
    postings: dict[str, dict[str, list]] = {lang: {} for lang in analysis.LANGS}
    forms: dict[str, dict[str, list[str]]] = {lang: {} for lang in analysis.LANGS}
    lengths, fragments, overflow = array("i"), [], {}
    stats = {lang: 0 for lang in analysis.LANGS}
    for (text, lang), wid in wid_of.items():  # in wid order
        poss = analysis.positions(text, lang, vocabulary if lang == "kk" else None)
        at: dict[str, list[int]] = {}
        offsets: list[int] = []
        lang_forms, prev = forms[lang], 0
        for i, p in enumerate(poss):
            offsets += (p.start - prev, p.end - p.start)
            prev = p.end
            for t in p.terms:
                at.setdefault(t, []).append(i)
            form = analysis.fold(text[p.start : p.end])
            if form not in lang_forms:
                lang_forms[form] = list(p.query_terms)
        lang_post = postings[lang]
        for t, where in at.items():
            entry = lang_post.get(t)
            if entry is None:
                entry = lang_post[t] = [0, array("i")]
            entry[0] += uses[wid]
            entry[1].append(wid)
            entry[1].append(len(where))
            entry[1].extend(where)
        length = sum(len(p.terms) for p in poss)
        lengths.append(length)
        stats[lang] += length * uses[wid]
        # the keys in sorted order, as _json writes them
        vs = versions[wid]
        pages = -(-(len(vs) - SHOWN) // OVERFLOW_PAGE) if len(vs) > SHOWN else 0
        more = f',"m":{pages}' if pages else ""
        fragments.append(
            f'{{"l":{_json(lang)}{more},"o":{_json(offsets)},"v":[{",".join(vs[:SHOWN])}],"x":{_json(text)}}}'
        )
        if pages:
            overflow[wid] = vs[SHOWN:]
        versions[wid] = []
    _add_russian_forms(forms["ru"], postings["ru"])
    kk = kazakh_data(vocabulary, postings["kk"])
    return ClientIndex(len(docs), stats, lengths, fragments, overflow, postings, forms, kk)


def hit_statuses(kb):
    """``doc → {"c", "z", "w"}``: what ``query.answer`` says of a search document (see above)."""
    cache: dict[tuple, tuple] = {}
    days = {h.act: version_dates(h) for h in kb.histories}

    def said(d) -> dict:
        key = (d.act, d.address, d.lang)
        if key not in cache:
            cache.clear()  # a unit's versions come one after another: one unit at a time
            h = kb.history(d.act)
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


def _add_russian_forms(forms: dict, ids) -> None:
    """Every form of each corpus lemma, mapped like the CLI maps a query word: to its
    pymorphy3 readings that the index holds (forms that reach none are left out: the
    browser's typo tolerance takes over, as the CLI's does)."""
    morph = analysis._morph()
    for lemma in sorted(t for t in ids if analysis.CYRILLIC.search(t)):
        for parse in morph.parse(lemma):
            if parse.normal_form.replace("ё", "е") != lemma:
                continue
            for form in parse.lexeme:
                word = analysis.fold(form.word)
                if word in forms:
                    continue
                known = [t for t in analysis.ru_lemmas(word) if t in ids]
                if known:
                    forms[word] = known
            break


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
