"""The site's search data cut into pieces a query fetches only as it needs them.

reads: a ``ClientIndex`` (``search_merge.py``);
writes: each file as it is cut (``write_files``: relative path, text; ``site_files`` collects
them into a dict for tests and benchmarks), every file a ``.js`` file that calls
``NB_searchData(<key>, <data>)`` (``fetch()`` does not work on ``file://``, a ``<script>``
element does), all under ``static/search/``:

- ``manifest.js`` (key ``manifest``, loaded with the search page): the format and analysis
  version, ``n`` and ``stats`` (BM25F's document count and field lengths), ``frag`` and
  ``xfrag`` (how many wordings a result file and a text file hold), and per language the
  first key of every chunk below (``terms``, ``forms``) and the word lengths that have a
  ``v`` file (``vocab``);
- ``<lang>/f<i>.js``: a range of the sorted word forms → the terms a query word of that form
  stands for;
- ``<lang>/t<i>.js``: a range of the sorted terms → ``[df, postings]`` or ``[df, postings, 1]``,
  the postings flat and delta-coded: ``Δwid, n, tf, p₀, Δp…`` per wording (``n`` the
  wording's field length, the positions token numbers). A term in more than ``TIER``
  wordings keeps there only the ``TIER`` where it weighs most in BM25F (tf against length)
  and is marked ``1``; the rest of its postings are in
- ``<lang>/u<i>.js`` (first keys in the manifest's ``rest``), fetched only when a query
  needs them (``search.js``: a negated word, too few hits, or "More results" past them);
- ``<lang>/v<L>.js``: the terms and the word forms (with their first term) of ``L`` letters,
  for the typo tolerance (a word within edit distance k has a length within k);
- ``kk/stem.js``: the Kazakh stripper's data, for a Kazakh word that is not a corpus form;
- ``r/<i>.js``: the result fragments of wordings ``i·frag … (i+1)·frag − 1``: what the date
  filter and the ranking read, the language and the first unit versions (``search_index.py``);
  ``r/<i>x<k>.js``: wid → page k of the other unit versions of those wordings that many units
  share (fetched only when the hits reach them);
- ``x/<i>.js``: the texts and token offsets of wordings ``i·xfrag … (i+1)·xfrag − 1``,
  fetched only for the hits shown (a query reads many result files to filter and rank,
  and shows ten hits).

A chunk closes once it passes ``CHUNK`` characters, so a query downloads its terms' chunks
and a little around them. Keys are sorted and JSON is compact: the same index gives the same
bytes.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any

from normbase.search import analysis
from normbase.site import search_index
from normbase.site.search_index import FORMAT, kk_suffixes
from normbase.site.search_merge import ClientIndex, client_index

BASE = "static/search/"
ESCAPED = "\\u003c"  # "<" in a string: no "</script>" in a file, even if someone inlines it
CHUNK = 24_000  # characters of JSON per term or form chunk (before gzip)
FRAG = 64  # wordings per result file
XFRAG = 16  # wordings per text file
TIER = 1000  # wordings per term in its first tier (the rest are fetched only when needed)
K1, B = 1.2, 0.75  # whoosh's BM25F defaults, as the CLI and search.js use them


def js(key: str, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", ESCAPED)
    return f"NB_searchData({json.dumps(key)},{payload});\n"


Emit = Callable[[str, str], None]  # (path, text) of one file


def _chunks(lang: str, kind: str, items: list[tuple[str, str]], emit: Emit) -> list[str]:
    """Sorted ``(key, value as JSON)`` pairs into files of about ``CHUNK`` characters; the first
    key of each. (A file is the JSON of the dict of its pairs, as ``js`` writes it: each value
    is encoded once.)"""
    firsts: list[str] = []
    part: list[str] = []
    size = 0

    def close() -> None:
        key = f"{lang}/{kind}{len(firsts) - 1}"
        payload = ("{" + ",".join(part) + "}").replace("<", ESCAPED)
        emit(BASE + key + ".js", f"NB_searchData({json.dumps(key)},{payload});\n")

    for key, value in items:
        if not part:
            firsts.append(key)
        part.append(_text(key) + ":" + value)
        size += len(key) + len(value)
        if size >= CHUNK:
            close()
            part, size = [], 0
    if part:
        close()
    return firsts


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ints(values) -> str:
    return "[" + ",".join(map(str, values)) + "]"


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def site_files(kb, cache=None) -> dict[str, str]:
    """Every file of the site's search, by path relative to the site."""
    return shard(client_index(kb, cache))


def write_files(kb, emit: Emit, cache=None) -> None:
    """``emit(path, text)`` for every file of the site's search, each as soon as it is cut (the
    site writes it then: the files are never all in memory at once). With the stage ``cache``,
    only the acts whose timelines changed are analysed again (``search_index.client_index``)."""
    cut(client_index(kb, cache), emit)


def shard(ix: ClientIndex) -> dict[str, str]:
    """The files of ``ix``, by path, sorted."""
    files: dict[str, str] = {}
    cut(ix, files.__setitem__)
    return dict(sorted(files.items()))


def cut(ix: ClientIndex, emit: Emit) -> None:
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "analysis": analysis.ANALYSIS_VERSION,
        "n": ix.n,
        "stats": ix.stats,
        "frag": FRAG,
        "xfrag": XFRAG,
        "wordings": len(ix.fragments),
        "terms": {},
        "forms": {},
        "vocab": {},
        "rest": {},
        "tier": TIER,
    }
    for lang in analysis.LANGS:
        post = ix.postings[lang]
        terms = sorted(post)
        items, rest = [], []
        avg = (ix.stats[lang] / ix.n) if ix.n else 1.0
        for t in terms:
            df, flat, wordings, _ = post[t]
            if wordings <= TIER:
                items.append((t, f"[{df},{_ints(flat)}]"))
                continue
            first, more = _tiers(flat, avg or 1.0)
            items.append((t, f"[{df},{_ints(first)},1]"))
            rest.append((t, _ints(more)))
        manifest["terms"][lang] = _chunks(lang, "t", items, emit)
        manifest["rest"][lang] = _chunks(lang, "u", rest, emit)
        forms = ix.forms[lang]
        form_list = sorted(forms)
        manifest["forms"][lang] = _chunks(lang, "f", [(f, _text(forms[f])) for f in form_list], emit)
        by_length: dict[int, dict[str, list]] = {}
        for t in terms:
            by_length.setdefault(utf16_len(t), {"t": [], "f": []})["t"].append(t)
        for f in form_list:
            if forms[f]:
                by_length.setdefault(utf16_len(f), {"t": [], "f": []})["f"].append([f, forms[f][0]])
        for n, data in sorted(by_length.items()):
            key = f"{lang}/v{n}"
            emit(BASE + key + ".js", js(key, data))
        manifest["vocab"][lang] = sorted(by_length)
    emit(BASE + "kk/stem.js", js("kk/stem", ix.kk | {"suffixes": kk_suffixes()}))
    for i in range(0, len(ix.fragments), FRAG):
        key = f"r/{i // FRAG}"
        payload = ("[" + ",".join(ix.fragments[i : i + FRAG]) + "]").replace("<", ESCAPED)
        emit(BASE + key + ".js", f"NB_searchData({json.dumps(key)},{payload});\n")
        shown = range(i, min(i + FRAG, len(ix.fragments)))
        left = {wid: ix.overflow[wid] for wid in shown if wid in ix.overflow}
        page = 0
        while left:  # the versions past the first few of the file's widely shared wordings, a page at a time
            step = search_index.OVERFLOW_PAGE
            part = {wid: vs[page * step : (page + 1) * step] for wid, vs in left.items()}
            body = ",".join(f'"{wid}":[{",".join(vs)}]' for wid, vs in part.items() if vs)
            pkey = f"{key}x{page}"
            overflow = ("{" + body + "}").replace("<", ESCAPED)
            emit(BASE + pkey + ".js", f"NB_searchData({json.dumps(pkey)},{overflow});\n")
            page += 1
            left = {wid: vs for wid, vs in left.items() if len(vs) > page * step}
    for i in range(0, len(ix.texts), XFRAG):
        key = f"x/{i // XFRAG}"
        payload = ("[" + ",".join(ix.texts[i : i + XFRAG]) + "]").replace("<", ESCAPED)
        emit(BASE + key + ".js", f"NB_searchData({json.dumps(key)},{payload});\n")
    emit(BASE + "manifest.js", js("manifest", manifest))


def _tiers(flat, avg: float) -> tuple[list, list]:
    """The postings (``Δwid, length, tf, p₀, Δp…`` per wording) of the ``TIER`` wordings where
    the term weighs most in BM25F (tf and length; the idf is the term's; ties to the first
    wid), and the rest, each in wid order and delta-coded again."""
    starts, wids = [], []
    i = wid = 0
    while i < len(flat):
        wid += flat[i]
        starts.append(i)
        wids.append(wid)
        i += 3 + flat[i + 2]
    starts.append(i)
    # minus each wording's weight (a stable sort on it keeps equal weights in wid order)
    weights = [
        -(tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg)))
        for length, tf in ((flat[j + 1], flat[j + 2]) for j in starts[:-1])
    ]
    best = bytearray(len(wids))
    for e in sorted(range(len(wids)), key=weights.__getitem__)[:TIER]:
        best[e] = 1
    first: list[int] = []
    more: list[int] = []
    last_first = last_more = 0
    for e, wid in enumerate(wids):
        if best[e]:
            first.append(wid - last_first)
            first.extend(flat[starts[e] + 1 : starts[e + 1]])
            last_first = wid
        else:
            more.append(wid - last_more)
            more.extend(flat[starts[e] + 1 : starts[e + 1]])
            last_more = wid
    return first, more


# ---- reading the files back (tests, benchmarks) ---------------------------------------

_CALL = re.compile(r'^NB_searchData\(("[^"]*"),(.*)\);\n$', re.S)


def parse(text: str) -> tuple[str, Any]:
    """``(key, data)`` of one file."""
    m = _CALL.match(text)
    if not m:
        raise ValueError("not a search data file")
    data: Any = json.loads(m.group(2))
    return json.loads(m.group(1)), data


def versions(files: dict[str, str]) -> list[dict]:
    """Every unit version of the result files, as ``{a, u, l, x, s, c, z, w, f, t, d}``, in
    ``search_docs`` order."""
    out = []
    texts: dict[int, list] = {}  # a text file's number → its wordings' texts, each file read once
    for path, text in files.items():
        stem = path.removeprefix(BASE + "r/").removesuffix(".js")
        if path.startswith(BASE + "r/") and stem.isdigit():
            for wid, frag in enumerate(parse(text)[1], int(stem) * FRAG):
                vs = list(frag["v"])
                for page in range(frag.get("m", 0)):
                    vs += parse(files[f"{BASE}r/{stem}x{page}.js"])[1][str(wid)]
                n = wid // XFRAG
                if n not in texts:
                    texts[n] = parse(files[f"{BASE}x/{n}.js"])[1]
                x = texts[n][wid % XFRAG]["x"]
                out += [v | {"x": x, "l": frag["l"]} for v in vs]
    return sorted(out, key=lambda v: v["d"])


def lookup(firsts: list[str], key: str) -> int:
    """The chunk that holds ``key`` (the last whose first key is ≤ it), as search.js finds it."""
    return max(bisect.bisect_right(firsts, key) - 1, 0)
