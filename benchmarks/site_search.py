"""The site's search against the CLI's, and what a query costs in headless Chromium.

reads: the project (corpus/, amendments/, site/) and ``tests/search/judged_queries.tsv``; with
``--project DIR`` a synthetic project (``benchmarks/synth.py``) instead;
writes: a site (or only its search files) in a temporary folder or ``DIR/search-site/``, a
table on stdout (``--json``: the figures as JSON).

    PYTHONPATH=src python benchmarks/site_search.py [--failures] [--pagefind] [--json]
    PYTHONPATH=src python benchmarks/site_search.py --project DIR [--queries 120] [--json]

Judged set (default): for every judged query, the site's ``NB_search`` (static/search.js
over static/search/, the page served by a local HTTP server) and the CLI's
``SearchIndex.search`` over ``normbase.indexing.search_docs(kb)``, both limited to the
query's language, no date; success@10 and MRR per language (``tests/search/judged.py``).

Cost per query (both modes): each query runs in a fresh browser context (nothing cached),
on a page that has loaded search.js and the manifest. Transferred = the gzip -9 size of
every file the query loaded (term and form chunks, typo and stripper files, the result
files of the first 10 hits), as a static host serves them compressed; time = from the call
of ``NB_search`` to the first 10 hits with their texts (``performance.now()`` in the page).

``--project DIR``: the search files of DIR's knowledge base (``pipeline.build``, then
``search_shards.site_files``; written once into ``DIR/search-site/`` and reused), queried
with ``--queries`` random queries of 1–2 adjacent words from random wordings (seeded; a
third of them on a date one of the wording's versions is in force). ``--pagefind`` also
indexes the built pages with Pagefind (``pip install 'pagefind[bin]'``) and runs the judged
queries through its JS API.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "search"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_support import launch, offsite  # noqa: E402
from judged import evaluate, load_judged, summary  # noqa: E402

from normbase.indexing import search_docs  # noqa: E402
from normbase.pipeline import build  # noqa: E402
from normbase.search import SearchIndex  # noqa: E402
from normbase.site import build_site  # noqa: E402

SCRIPTS = ("search-query.js", "search.js")
PROBE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>'
    + "".join(f'<script src="static/{name}"></script>' for name in SCRIPTS)
    + "</body></html>"
)
RUN = """async ([q, l, on]) => { const t = performance.now();
    const r = await NB_search(q, {lang: l, on: on || ""});
    return {ms: performance.now() - t, error: r.error || null, total: r.total,
            hits: r.hits.slice(0, 10).map(h => [h.doc.a, h.doc.u])}; }"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Served:
    """A folder on a local HTTP server, and the gzip size of each file it served."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._gzip: dict[str, int] = {}

    def gzip_size(self, url: str) -> int:
        path = unquote(urlsplit(url).path).lstrip("/")
        if path not in self._gzip:
            self._gzip[path] = len(gzip.compress((self.folder / path).read_bytes(), 9, mtime=0))
        return self._gzip[path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def cost(browser, served: Served, page_path: str, queries: list[tuple[str, str, str]]) -> list[dict]:
    """Each query in a fresh context: what it loads after the manifest (gzip) and how long it takes."""
    out = []
    for q, lang, on in queries:
        ctx = browser.new_context()
        page = ctx.new_page()
        urls: list[str] = []
        page.on("request", lambda r, urls=urls: urls.append(r.url))
        t0 = time.perf_counter()
        page.goto(served.base + page_path)
        page.wait_for_function("window.NB_ready === true")
        ready_ms = (time.perf_counter() - t0) * 1000
        before = len(urls)
        r = page.evaluate(RUN, [q, lang, on])
        loaded = [u for u in urls[before:] if "/static/search/" in u]
        kinds: dict[str, list[int]] = {}
        for u in loaded:
            kind = kinds.setdefault(file_kind(u), [0, 0])
            kind[0] += 1
            kind[1] += served.gzip_size(u)
        out.append(
            {
                "q": q,
                "lang": lang,
                "on": on,
                "ms": r["ms"],
                "error": r["error"],
                "hits": r["hits"],
                "total": r["total"],
                "files": len(loaded),
                "gzip": sum(served.gzip_size(u) for u in loaded),
                "kinds": kinds,
                "page_ready_ms": ready_ms,
                "offsite": offsite(urls),
            }
        )
        ctx.close()
    return out


KINDS = re.compile(r"/static/search/(?:(?:kk|ru)/)?(r/\d+x|r/\d+|x/\d+|stem|manifest|[a-z]+)[^/]*\.js$")


def file_kind(url: str) -> str:
    """The kind of a search file, by its name: ``f`` forms, ``t`` terms, ``u`` rest of the postings,
    ``v`` typo vocabulary, ``stem`` the Kazakh stripper, ``r`` result files, ``rx`` their pages of
    further versions, ``x`` the texts of the hits shown, and any other prefix as it is
    (``search_shards.py`` names them)."""
    m = KINDS.search(unquote(urlsplit(url).path))
    if not m:
        return "other"
    kind = m.group(1)
    if kind.startswith("x/"):
        return "x"
    return "rx" if kind.endswith("x") else "r" if kind.startswith("r/") else kind


def by_kind(rows: list[dict]) -> dict:
    """Per kind of file: the mean files and gzip bytes per query, and the share of all bytes."""
    total = sum(r["gzip"] for r in rows) or 1
    names = sorted({k for r in rows for k in r["kinds"]})
    out = {}
    for k in names:
        files = sum(r["kinds"].get(k, [0, 0])[0] for r in rows)
        size = sum(r["kinds"].get(k, [0, 0])[1] for r in rows)
        out[k] = {
            "files_mean": round(files / len(rows), 2),
            "gzip_mean": int(size / len(rows)),
            "share": round(size / total, 3),
        }
    return out


def stats(rows: list[dict]) -> dict:
    if not rows:
        return {}
    kb = sorted(r["gzip"] for r in rows)
    ms = sorted(r["ms"] for r in rows)

    def pct(xs, q):
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    return {
        "queries": len(rows),
        "gzip_median": int(statistics.median(kb)),
        "gzip_p95": pct(kb, 0.95),
        "gzip_max": kb[-1],
        "ms_median": round(statistics.median(ms), 1),
        "ms_p95": round(pct(ms, 0.95), 1),
        "ms_max": round(ms[-1], 1),
        "files_max": max(r["files"] for r in rows),
        "over_300kB": sum(r["gzip"] > 300_000 for r in rows),
        "over_300ms": sum(r["ms"] > 300 for r in rows),
        "by_kind": by_kind(rows),
    }


def search_folder_size(site: Path) -> dict:
    files = [p for p in (site / "static" / "search").rglob("*.js")]
    manifest = (site / "static" / "search" / "manifest.js").read_bytes()
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "manifest_bytes": len(manifest),
        "manifest_gzip": len(gzip.compress(manifest, 9, mtime=0)),
        "search_js_gzip": sum(
            len(gzip.compress((site / "static" / name).read_bytes(), 9, mtime=0)) for name in SCRIPTS
        ),
    }


# ---- Pagefind on the same texts ------------------------------------------------------
# Pagefind keeps one index per page language (<html lang>), so every unit version gets a
# page of its own in its language (the site's act pages hold both languages under
# <html lang="en"> and would all land in one English-stemmed index): the fairest set-up.

PF_PAGE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{act} {address}</title></head>'
    '<body><main data-pagefind-body><h1>{act} {address}</h1><p data-pagefind-meta="unit:{act}|{address}">'
    "{text}</p></main></body></html>"
)
PF_PROBE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>probe</title></head><body>'
    '<script type="module">window.PF = await import("/pagefind/pagefind.js"); await window.PF.init();'
    " window.PF_READY = true;</script></body></html>"
)


def pagefind_eval(docs, browser, judged) -> tuple[list, dict]:
    import functools
    import html
    import subprocess
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n, d in enumerate(docs):
            (root / d.lang).mkdir(exist_ok=True)
            (root / d.lang / f"{n}.html").write_text(
                PF_PAGE.format(lang=d.lang, act=d.act, address=d.address, text=html.escape(d.text)),
                encoding="utf-8",
            )
        t0 = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(root)], capture_output=True, text=True
        )
        if run.returncode:
            raise RuntimeError(run.stdout + run.stderr)
        index_s = time.perf_counter() - t0
        for lang in ("kk", "ru"):
            (root / f"probe-{lang}.html").write_text(PF_PROBE.format(lang=lang), encoding="utf-8")

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages, sizes = {}, {}
        try:
            for lang in ("kk", "ru"):
                ctx = browser.new_context()
                page = ctx.new_page()
                got: list[int] = []
                page.on("response", lambda r, got=got: got.append(_body_size(r)))
                page.goto(base + f"probe-{lang}.html")
                page.wait_for_function("window.PF_READY === true")
                pages[lang], sizes[lang] = (page, ctx), got
            per_query = []
            startup = {lang: sum(sizes[lang]) for lang in pages}
            first: dict[str, int] = {}

            def run_query(q: str, lang: str):
                page = pages[lang][0]
                before = sum(sizes[lang])
                units = page.evaluate(
                    """async (q) => { const r = await PF.search(q);
                    const data = await Promise.all(r.results.slice(0, 20).map(x => x.data()));
                    return data.map(d => d.meta.unit); }""",
                    q,
                )
                per_query.append(sum(sizes[lang]) - before)
                first.setdefault(lang, sum(sizes[lang]))
                out = []
                for u in units:
                    unit = tuple(u.split("|", 1))
                    if unit not in out:
                        out.append(unit)
                return out

            outcomes = evaluate(run_query, judged)
            files = [p for p in (root / "pagefind").rglob("*") if p.is_file()]
            extra = {
                "index_s": round(index_s, 2),
                "index_files": len(files),
                "index_bytes": sum(p.stat().st_size for p in files),
                "bytes_after_init": startup,
                "bytes_after_first_query": first,
                "bytes_after_all_queries": {lang: sum(v) for lang, v in sizes.items()},
                "per_query_bytes_median": int(statistics.median(per_query)),
                "per_query_bytes_max": max(per_query),
                "version": _pagefind_version(),
            }
            for _page, ctx in pages.values():
                ctx.close()
        finally:
            server.shutdown()
            server.server_close()
    return outcomes, extra


def _body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:  # a redirect or an aborted request has no body
        return 0


def _pagefind_version() -> str:
    from importlib.metadata import version

    try:
        return version("pagefind")
    except Exception:
        return "?"


def report(name: str, outcomes) -> dict:
    return {lang: summary(outcomes, lang) for lang in ("ru", "kk")} | {"name": name}


def judged_mode(args, browser) -> dict:
    judged = load_judged()
    kb = build(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        build_site(kb, ROOT, site)
        build_s = time.perf_counter() - t0
        with SearchIndex.build(Path(tmp) / "index", search_docs(kb)) as ix:
            cli = evaluate(
                lambda q, lg: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=lg, limit=10)], judged
            )
        served = Served(site)
        try:
            rows = cost(browser, served, "search.html", [(j.query, j.lang, "") for j in judged])
        finally:
            served.close()
        by_query = {(r["q"], r["lang"]): [tuple(h) for h in r["hits"]] for r in rows}
        web = evaluate(lambda q, lang: by_query[(q, lang)], judged)
        result = {
            "rows": [report("CLI (whoosh)", cli), report("site (search.js)", web)],
            "cost": stats(rows),
            "size": search_folder_size(site),
            "site_build_s": round(build_s, 2),
            "offsite_requests": sorted({u for r in rows for u in r["offsite"]}),
        }
        if args.pagefind:
            pf, pf_extra = pagefind_eval(search_docs(kb), browser, judged)
            result["rows"].append(report("Pagefind", pf))
            result["pagefind"] = pf_extra
        result["failures"] = [
            f"{name} {o.judged.id} {o.judged.lang} {o.judged.query!r}: {o.ranks}"
            for name, outs in (("CLI", cli), ("site", web))
            for o in outs
            if not o.success
        ]
    return result


def synthetic_queries(site: Path, n: int, seed: int) -> list[tuple[str, str, str]]:
    """``n`` queries of 1–2 adjacent words of random wordings; every third on a day one of
    the wording's versions is the answer."""
    from normbase.site.search_shards import FRAG, XFRAG, parse

    def read(key: str):
        return parse((site / "static" / "search" / f"{key}.js").read_text(encoding="utf-8"))[1]

    rng = random.Random(seed)
    files = sorted(
        (p for p in (site / "static" / "search" / "r").glob("*.js") if p.stem.isdigit()),
        key=lambda p: int(p.stem),
    )
    out = []
    while len(out) < n:  # (the same random draws as when the texts were in the result files)
        path = rng.choice(files)
        frags = parse(path.read_text(encoding="utf-8"))[1]
        k = rng.randrange(len(frags))
        frag, wid = frags[k], int(path.stem) * FRAG + k
        text = read(f"x/{wid // XFRAG}")[wid % XFRAG]
        starts, at = [], 0
        for k in range(0, len(text["o"]), 2):
            at += text["o"][k]
            starts.append((at, at + text["o"][k + 1]))
            at += text["o"][k + 1]
        words = [text["x"][a:b] for a, b in starts if text["x"][a:b].isalpha()]
        if len(words) < 2:
            continue
        i = rng.randrange(len(words) - 1)
        q = " ".join(words[i : i + rng.choice((1, 2))])
        on = ""
        if len(out) % 3 == 2:
            days = [seg[0] for v in frag["v"] for seg in v["z"] if seg[1] is not None]
            if not days:
                continue
            on = rng.choice(days)
        out.append((q, frag["l"], on))
    return out


def synthetic_mode(args, browser) -> dict:
    from normbase.site.search_shards import site_files

    site = args.project / "search-site"
    stamp = search_code_stamp()
    made = site / "static" / "search" / "manifest.js"
    if not made.is_file() or read_json(site / "timing.json").get("code") != stamp:
        kb, build_s = knowledge_base(args.project)
        t0 = time.perf_counter()
        files = site_files(kb)
        del kb
        write_files(site, files)
        (site / "timing.json").write_text(
            json.dumps({"kb_s": build_s, "search_files_s": time.perf_counter() - t0, "code": stamp})
        )
    for name in SCRIPTS:
        (site / "static" / name).write_bytes((ROOT / "site" / "static" / name).read_bytes())
    (site / "probe.html").write_text(PROBE, encoding="utf-8")
    queries = synthetic_queries(site, args.queries, args.seed)
    served = Served(site)
    try:
        rows = cost(browser, served, "probe.html", queries)
    finally:
        served.close()
    plain = [r for r in rows if not r["on"]]
    dated = [r for r in rows if r["on"]]
    return {
        "project": str(args.project),
        "cost": stats(rows),
        "cost_plain": stats(plain),
        "cost_dated": stats(dated),
        "size": search_folder_size(site),
        "no_hit": sum(not r["hits"] for r in rows),
        "errors": [r for r in rows if r["error"]],
        "worst": sorted(rows, key=lambda r: -r["gzip"])[:5],
        "slowest": sorted(rows, key=lambda r: -r["ms"])[:5],
        "offsite_requests": sorted({u for r in rows for u in r["offsite"]}),
    }


HISTORIES = "search-histories.pickle"  # in the project folder: what the search files are made from


def knowledge_base(project: Path):
    """The project's knowledge base, as far as the site's search reads it (its act histories),
    and the seconds the build took. The histories are pickled into ``project/HISTORIES`` once
    and read back from there: a change to the search files' cut or to the JS needs no new
    build of the knowledge base (whose stage cache any change to normbase's code invalidates)."""
    import pickle

    from normbase.pipeline import KnowledgeBase

    kept = project / HISTORIES
    if kept.is_file():
        with kept.open("rb") as fh:
            histories, build_s = pickle.load(fh)
    else:
        t0 = time.perf_counter()
        histories = build(project).histories
        build_s = time.perf_counter() - t0
        with (project / (HISTORIES + ".part")).open("wb") as fh:
            pickle.dump((histories, build_s), fh, protocol=pickle.HIGHEST_PROTOCOL)
        (project / (HISTORIES + ".part")).replace(kept)
    return KnowledgeBase(corpus=None, texts=(), histories=histories), build_s  # type: ignore[arg-type]


def search_code_stamp() -> str:
    """A hash of the code that makes the search files: they are made again when it changes."""
    import hashlib

    names = ("search_index.py", "search_shards.py")
    h = hashlib.sha256()
    for name in names:
        h.update((ROOT / "src" / "normbase" / "site" / name).read_bytes())
    return h.hexdigest()[:16]


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_files(site: Path, files: dict[str, str]) -> None:
    if site.exists():
        shutil.rmtree(site)
    for rel, text in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--failures", action="store_true", help="list the queries that fail")
    ap.add_argument("--pagefind", action="store_true", help="also measure Pagefind on the same pages")
    ap.add_argument("--project", type=Path, help="a synthetic project folder (benchmarks/synth.py)")
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        result = synthetic_mode(args, browser) if args.project else judged_mode(args, browser)
        browser.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    if "rows" in result:
        print("| search | ru success@10 | ru MRR | kk success@10 | kk MRR |\n|---|---|---|---|---|")
        for r in result["rows"]:
            print(
                f"| {r['name']} | {r['ru']['success@10']:.3f} | {r['ru']['mrr']:.3f} | "
                f"{r['kk']['success@10']:.3f} | {r['kk']['mrr']:.3f} |"
            )
        if args.failures:
            print("\n".join(result["failures"]) or "no failures")
        if "pagefind" in result:
            print("pagefind:", json.dumps(result["pagefind"], ensure_ascii=False))
    for key in ("cost", "cost_plain", "cost_dated"):
        if key in result:
            print(key, json.dumps(result[key]))
    print("size", json.dumps(result["size"]))
    print("off-site requests:", result["offsite_requests"] or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
