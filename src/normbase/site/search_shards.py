"""The site's search data cut into pieces a query fetches only as it needs them.

reads: a ``ClientIndex`` (``search_index.py``);
writes: a dict of relative path → text, every file a ``.js`` file that calls
``NB_searchData(<key>, <data>)`` (``fetch()`` does not work on ``file://``, a ``<script>``
element does), all under ``static/search/``:

- ``manifest.js`` (key ``manifest``, loaded with the search page): the format and analysis
  version, ``n`` and ``stats`` (BM25F's document count and field lengths), ``frag`` (how many
  wordings a result file holds), and per language the first key of every chunk below
  (``terms``, ``forms``) and the word lengths that have a ``v`` file (``vocab``);
- ``<lang>/f<i>.js``: a range of the sorted word forms → the terms a query word of that form
  stands for;
- ``<lang>/t<i>.js``: a range of the sorted terms → ``[df, postings]``, the postings flat
  and delta-coded: ``Δwid, n, tf, p₀, Δp…`` per wording (``n`` the wording's field length,
  the positions token numbers);
- ``<lang>/v<L>.js``: the terms and the word forms (with their first term) of ``L`` letters,
  for the typo tolerance (a word within edit distance k has a length within k);
- ``kk/stem.js``: the Kazakh stripper's data, for a Kazakh word that is not a corpus form;
- ``r/<i>.js``: the result fragments of wordings ``i·frag … (i+1)·frag − 1``: text, token
  offsets (``Δstart, length`` per token) and the unit versions (``search_index.py``).

A chunk closes once it passes ``CHUNK`` characters, so a query downloads its terms' chunks
and a little around them. Keys are sorted and JSON is compact: the same index gives the same
bytes.
"""

from __future__ import annotations

import bisect
import json
import re

from normbase.search import analysis
from normbase.site.search_index import FORMAT, ClientIndex, client_index, kk_suffixes

BASE = "static/search/"
CHUNK = 24_000  # characters of JSON per term or form chunk (before gzip)
FRAG = 64  # wordings per result file


def js(key: str, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "</script>" in a file, even if someone inlines it
    return f"NB_searchData({json.dumps(key)},{payload});\n"


def _chunks(lang: str, kind: str, items: list[tuple[str, object]], files: dict) -> list[str]:
    """Sorted ``(key, value)`` pairs into files of about ``CHUNK`` characters; the first key
    of each."""
    firsts: list[str] = []
    part: dict = {}
    size = 0

    def close() -> None:
        key = f"{lang}/{kind}{len(firsts) - 1}"
        files[BASE + key + ".js"] = js(key, part)

    for key, value in items:
        if not part:
            firsts.append(key)
        part[key] = value
        size += len(key) + len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        if size >= CHUNK:
            close()
            part, size = {}, 0
    if part:
        close()
    return firsts


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def site_files(kb) -> dict[str, str]:
    """Every file of the site's search, by path relative to the site."""
    return shard(client_index(kb))


def shard(ix: ClientIndex) -> dict[str, str]:
    files: dict[str, str] = {}
    lengths = [w["n"] for w in ix.wordings]
    manifest = {
        "format": FORMAT,
        "analysis": analysis.ANALYSIS_VERSION,
        "n": ix.n,
        "stats": ix.stats,
        "frag": FRAG,
        "wordings": len(ix.wordings),
        "terms": {},
        "forms": {},
        "vocab": {},
    }
    for lang in analysis.LANGS:
        post = ix.postings[lang]
        terms = sorted(post)
        items = []
        for t in terms:
            df, flat = post[t]
            items.append((t, _encode(df, flat, lengths)))
        manifest["terms"][lang] = _chunks(lang, "t", items, files)
        forms = ix.forms[lang]
        manifest["forms"][lang] = _chunks(lang, "f", [(f, forms[f]) for f in sorted(forms)], files)
        by_length: dict[int, dict[str, list]] = {}
        for t in terms:
            by_length.setdefault(utf16_len(t), {"t": [], "f": []})["t"].append(t)
        for f in sorted(forms):
            if forms[f]:
                by_length.setdefault(utf16_len(f), {"t": [], "f": []})["f"].append([f, forms[f][0]])
        for n, data in sorted(by_length.items()):
            key = f"{lang}/v{n}"
            files[BASE + key + ".js"] = js(key, data)
        manifest["vocab"][lang] = sorted(by_length)
    files[BASE + "kk/stem.js"] = js("kk/stem", ix.kk | {"suffixes": kk_suffixes()})
    for i in range(0, len(ix.wordings), FRAG):
        key = f"r/{i // FRAG}"
        files[BASE + key + ".js"] = js(key, [_fragment(w) for w in ix.wordings[i : i + FRAG]])
    files[BASE + "manifest.js"] = js("manifest", manifest)
    return dict(sorted(files.items()))


def _encode(df: int, flat, lengths: list[int]) -> list:
    out: list[int] = []
    i, last = 0, 0
    while i < len(flat):
        wid, tf = flat[i], flat[i + 1]
        out += (wid - last, lengths[wid], tf)
        prev = 0
        for p in flat[i + 2 : i + 2 + tf]:
            out.append(p - prev)
            prev = p
        last, i = wid, i + 2 + tf
    return [df, out]


def _fragment(w: dict) -> dict:
    o, prev, offsets = [], 0, w["o"]
    for k in range(0, len(offsets), 2):
        o += (offsets[k] - prev, offsets[k + 1] - offsets[k])
        prev = offsets[k + 1]
    return {"x": w["x"], "l": w["l"], "o": o, "v": w["v"]}


# ---- reading the files back (tests, benchmarks) ---------------------------------------

_CALL = re.compile(r'^NB_searchData\(("[^"]*"),(.*)\);\n$', re.S)


def parse(text: str) -> tuple[str, object]:
    """``(key, data)`` of one file."""
    m = _CALL.match(text)
    if not m:
        raise ValueError("not a search data file")
    return json.loads(m.group(1)), json.loads(m.group(2))


def versions(files: dict[str, str]) -> list[dict]:
    """Every unit version of the result files, as ``{a, u, l, x, s, c, z, w, f, t, d}``, in
    ``search_docs`` order."""
    out = []
    for path, text in files.items():
        if path.startswith(BASE + "r/"):
            for frag in parse(text)[1]:
                out += [v | {"x": frag["x"], "l": frag["l"]} for v in frag["v"]]
    return sorted(out, key=lambda v: v["d"])


def lookup(firsts: list[str], key: str) -> int:
    """The chunk that holds ``key`` (the last whose first key is ≤ it), as search.js finds it."""
    return max(bisect.bisect_right(firsts, key) - 1, 0)
