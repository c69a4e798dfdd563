"""The site's client-side search index, built with the CLI's own analysis.

reads: a ``KnowledgeBase`` (the same ``SearchDoc`` values the whoosh index holds, in the
same order, and the same Kazakh vocabulary);
writes: a plain dict for ``static/search-index.js`` (``window.NB_INDEX``), which
``static/search.js`` queries without running pymorphy3 or the Kazakh stripper:

- ``docs``: one per unit version, in ``search_docs`` order: ``a`` act, ``u`` address,
  ``l`` lang, ``f``/``t`` the days it can be in force (ISO, ``[f, t)``, null = open),
  what ``query.answer`` says of it (``answers``): ``c`` the status as of the latest source
  (``superseded`` when the latest source gives another wording), ``z`` the status on each
  day, as ``[[from, status], …]`` (a day's status is the last entry from on or before it;
  a day before the first entry, or with status null, is not this wording's), ``w`` the
  version's interval as the CLI writes it (``["≥ 2015-08-26", null]``), ``s`` source,
  ``x`` text, ``k`` the act page that shows it (a version date or ``latest``), ``n`` field
  length (tokens, stacked terms counted, as whoosh
  counts them for BM25F), ``p`` the analysed tokens, flat: ``start, end, count, term id…``
  (the first term of a token is its primary term; phrases and proximity use positions);
- ``terms``: per language, the sorted index terms (a term id is its place in the list);
- ``forms``: per language, a folded word form → the ids of the terms a query word of that
  form stands for (its readings that the index holds). Russian: every word form of the
  corpus and every form of each corpus lemma that pymorphy3 knows (so an unseen
  inflection is found without pymorphy3); Kazakh: every word form of the corpus;
- ``kk``: the Kazakh suffix stripper as data, for a query word that is not a corpus form:
  ``endings`` (every valid ``[plural] [possessive] [case]`` chain, with the allomorph next
  to the stem, the sounds it may follow, whether the reading is reliable and whether the
  stem's last consonant is devoiced), the sound classes and vowel sets, ``support`` (how
  many corpus words share each attested stem) and ``ext`` (a stem → index terms it is an
  unstripped reading of, as ``FieldVocabulary.extensions``); ``kk_suffixes`` lists the
  allomorphs. ``tests/browser`` checks that the browser's reduction equals
  ``KazakhVocabulary.stem`` word for word;
- ``acts``: per act, its version dates (the pages ``acts/<act>/<date>/`` that exist);
- ``stats``: per language, the total field length (BM25F's average is total / all docs).
"""

from __future__ import annotations

from normbase.answers import SUPERSEDED, intervals
from normbase.indexing import search_docs
from normbase.query import answer
from normbase.search import analysis, kazakh
from normbase.search.index import kazakh_words
from normbase.search.kazakh import KazakhVocabulary
from normbase.site.pages import version_dates

FORMAT = 2
MAX_EXTENSIONS = 8  # FieldVocabulary.extensions keeps the first eight


def page_key(days: list, valid_from, current: bool) -> str:
    """The act page a version's wording is shown on: ``latest`` for a current version,
    else the latest version date at or before the day it starts."""
    if current:
        return "latest"
    if valid_from is None:
        return days[0].isoformat()
    return max((d for d in days if d <= valid_from), default=days[0]).isoformat()


def client_index(kb) -> dict:
    docs = search_docs(kb)
    # many unit versions share a wording: each distinct (wording, language) is analysed once
    wordings = list(dict.fromkeys((d.text, d.lang) for d in docs))
    vocabulary = KazakhVocabulary.from_words(kazakh_words(text for text, lang in wordings if lang == "kk"))
    days = {h.act: version_dates(h) for h in kb.histories}
    analysed = {w: analysis.positions(w[0], w[1], vocabulary if w[1] == "kk" else None) for w in wordings}
    terms = {
        lang: sorted({t for (_, of), poss in analysed.items() if of == lang for p in poss for t in p.terms})
        for lang in analysis.LANGS
    }
    ids = {lang: {t: i for i, t in enumerate(ts)} for lang, ts in terms.items()}
    forms: dict[str, dict[str, list[int]]] = {lang: {} for lang in analysis.LANGS}
    flats: dict[tuple[str, str], tuple[list[int], int]] = {}
    for (text, lang), poss in analysed.items():  # in the order of first use, as the docs list them
        flat: list[int] = []
        term_ids, lang_forms = ids[lang], forms[lang]
        for p in poss:
            flat += [p.start, p.end, len(p.terms)] + [term_ids[t] for t in p.terms]
            form = analysis.fold(text[p.start : p.end])
            if form not in lang_forms:
                lang_forms[form] = [term_ids[t] for t in p.query_terms]
        flats[(text, lang)] = (flat, sum(len(p.terms) for p in poss))
    out_docs, stats = [], {lang: 0 for lang in analysis.LANGS}
    said = hit_statuses(kb)
    for d in docs:
        flat, length = flats[(d.text, d.lang)]
        stats[d.lang] += length
        out_docs.append(
            {
                "a": d.act,
                "u": d.address,
                "l": d.lang,
                "s": d.source,
                "x": d.text,
                **said(d),
                "f": d.valid_from.isoformat() if d.valid_from else None,
                "t": d.valid_to.isoformat() if d.valid_to else None,
                "k": page_key(days[d.act], d.valid_from, d.valid_to is None),
                "n": length,
                "p": flat,
            }
        )
    _add_russian_forms(forms["ru"], ids["ru"])
    return {
        "format": FORMAT,
        "analysis": analysis.ANALYSIS_VERSION,
        "docs": out_docs,
        "terms": terms,
        "forms": {lang: dict(sorted(f.items())) for lang, f in forms.items()},
        "stats": stats,
        "acts": {act: [d.isoformat() for d in ds] for act, ds in sorted(days.items())},
        "kk": kazakh_data(vocabulary, ids["kk"]),
        "kk_suffixes": kk_suffixes(),
    }


def hit_statuses(kb):
    """``doc → {"c", "z", "w"}``: what ``query.answer`` says of a search document (see above)."""
    cache: dict[tuple, tuple] = {}
    days = {h.act: version_dates(h) for h in kb.histories}

    def said(d) -> dict:
        key = (d.act, d.address, d.lang)
        if key not in cache:
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


def _add_russian_forms(forms: dict, ids: dict) -> None:
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
                known = [ids[t] for t in analysis.ru_lemmas(word) if t in ids]
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


def kazakh_data(vocabulary: KazakhVocabulary, ids: dict) -> dict:
    ext: dict[str, list[int]] = {}
    for term in sorted(ids):
        for st in sorted(kazakh.readings(term)):
            if st != term and st not in ids and len(ext.setdefault(st, [])) < MAX_EXTENSIONS:
                ext[st].append(ids[term])
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
