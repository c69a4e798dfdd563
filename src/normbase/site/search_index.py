"""The site's client-side search index, built with the CLI's own analysis.

reads: a ``KnowledgeBase`` (the same ``SearchDoc`` values the whoosh index holds);
writes: a plain dict for ``static/search-index.js``:

- ``docs``: one per unit version: act, address, lang, from/to (ISO days), certainty,
  text, and the URL of the unit's anchor on the act page of the right date;
- ``terms``: ``"<lang>:<term>"`` → [[doc, term frequency], …];
- ``idf``: ``"<lang>:<term>"`` → inverse document frequency;
- ``vocab``: per language, every folded surface word of the corpus (Russian: also every
  form of each lemma pymorphy3 knows) → the terms it analyses to, so the browser maps a
  query word to index terms without running pymorphy3 or the Kazakh stripper;
- ``kk_suffixes``: the Kazakh suffixes the stripper knows, to reduce a query word that
  is not in the vocabulary to an attested stem.
"""

from __future__ import annotations

import math
from collections import Counter

from normbase.indexing import search_docs
from normbase.search import analysis
from normbase.search.kazakh import KazakhVocabulary
from normbase.site.pages import version_dates

MAX_FORMS_PER_LEMMA = 40


def _page_key(h, valid_from) -> str:
    """The version page a document's wording is shown on."""
    days = version_dates(h)
    if valid_from is None:
        return days[0].isoformat()
    best = days[0]
    for d in days:
        if d <= valid_from:
            best = d
    return best.isoformat()


def client_index(kb) -> dict:
    docs = search_docs(kb)
    kk_vocab = KazakhVocabulary.from_words(
        w for d in docs if d.lang == "kk" for w in analysis.word_pieces(analysis.fold(d.text)))
    histories = {h.act: h for h in kb.histories}
    out_docs, postings, vocab = [], {}, {"kk": {}, "ru": {}}
    for n, d in enumerate(docs):
        h = histories[d.act]
        last = d.valid_to is None
        key = "latest" if last else _page_key(h, d.valid_from)
        out_docs.append({"act": d.act, "address": d.address, "lang": d.lang, "certainty": d.certainty,
                         "from": d.valid_from.isoformat() if d.valid_from else None,
                         "to": d.valid_to.isoformat() if d.valid_to else None,
                         "text": d.text, "url": f"acts/{d.act}/{key}/index.html#{d.address}"})
        counts: Counter = Counter()
        for pos in analysis.positions(d.text, d.lang, kk_vocab if d.lang == "kk" else None):
            counts.update(pos.terms)
            surface = analysis.fold(d.text[pos.start:pos.end])
            vocab[d.lang].setdefault(surface, list(pos.terms[: pos.readings]))
        for term, tf in counts.items():
            postings.setdefault(f"{d.lang}:{term}", []).append([n, tf])
    _add_russian_forms(vocab["ru"])
    total = max(1, len(out_docs))
    idf = {k: round(math.log(1 + total / len(v)), 4) for k, v in postings.items()}
    return {"analysis": analysis.ANALYSIS_VERSION, "docs": out_docs, "terms": dict(sorted(postings.items())),
            "idf": dict(sorted(idf.items())), "vocab": {l: dict(sorted(v.items())) for l, v in vocab.items()},
            "kk_suffixes": _kk_suffixes()}


def _add_russian_forms(vocab: dict) -> None:
    """Every form of each lemma in the corpus maps to that lemma (so an unseen inflection of a
    corpus word is found without pymorphy3 in the browser)."""
    morph = analysis._morph()
    lemmas = sorted({t for terms in vocab.values() for t in terms if t.isalpha()})
    for lemma in lemmas:
        for parse in morph.parse(lemma)[:1]:
            for form in parse.lexeme[:MAX_FORMS_PER_LEMMA]:
                word = analysis.fold(form.word)
                vocab.setdefault(word, [lemma])


def _kk_suffixes() -> list[str]:
    from normbase.search.kazakh import SUFFIXES
    return sorted({a for slot in SUFFIXES.values() for a, _ in slot}, key=lambda s: (-len(s), s))
