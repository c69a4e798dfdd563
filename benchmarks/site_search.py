"""The site's search against the CLI's on the judged query set, in headless Chromium.

reads: the project (corpus/, amendments/, site/) and ``tests/search/judged_queries.tsv``;
writes: a site and a whoosh index in a temporary folder (deleted), a table on stdout
(``--json``: the figures as JSON).

    PYTHONPATH=src python benchmarks/site_search.py [--failures] [--pagefind] [--json]

For every judged query: the site's ``NB_search`` (static/search.js over
static/search-index.js, the page opened from a file:// URL) and the CLI's
``SearchIndex.search`` over ``normbase.indexing.search_docs(kb)``, both limited to the
query's language, no date; success@10 and MRR per language (``tests/search/judged.py``).
Payload: what a browser downloads to run a query (search.html, search.js, the index),
raw and gzip -9. ``--pagefind`` also indexes the built pages with Pagefind
(``pip install 'pagefind[bin]'``) and runs the same queries through its JS API.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

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

SITE_FILES = ("search.html", "static/search.js", "static/search-index.js", "static/app.js", "static/style.css")


def payload(site: Path) -> dict:
    out = {}
    for rel in SITE_FILES:
        data = (site / rel).read_bytes()
        out[rel] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}
    out["total"] = {k: sum(v[k] for v in out.values()) for k in ("bytes", "gzip")}
    return out


def site_search(page):
    def run(query: str, lang: str):
        hits = page.evaluate("([q, l]) => NB_search(q, {lang: l}).hits.slice(0, 10).map(h => [h.doc.a, h.doc.u])", [query, lang])
        return [tuple(h) for h in hits]
    return run


def timed(page, judged) -> dict:
    ms = page.evaluate("""(qs) => qs.map(([q, l]) => { const t = performance.now();
        for (let i = 0; i < 5; i++) NB_search(q, {lang: l}); return (performance.now() - t) / 5; })""",
                       [[j.query, j.lang] for j in judged])
    return {"median_ms": round(statistics.median(ms), 2), "max_ms": round(max(ms), 2)}


# ---- Pagefind on the same texts ------------------------------------------------------
# Pagefind keeps one index per page language (<html lang>), so every unit version gets a
# page of its own in its language (the site's act pages hold both languages under
# <html lang="en"> and would all land in one English-stemmed index): the fairest set-up.

PF_PAGE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{act} {address}</title></head>'
           '<body><main data-pagefind-body><h1>{act} {address}</h1><p data-pagefind-meta="unit:{act}|{address}">'
           '{text}</p></main></body></html>')
PF_PROBE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>probe</title></head><body>'
            '<script type="module">window.PF = await import("/pagefind/pagefind.js"); await window.PF.init();'
            ' window.PF_READY = true;</script></body></html>')


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
            (root / d.lang / f"{n}.html").write_text(PF_PAGE.format(lang=d.lang, act=d.act, address=d.address,
                                                                    text=html.escape(d.text)), encoding="utf-8")
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root)], capture_output=True, text=True)
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
                units = page.evaluate("""async (q) => { const r = await PF.search(q);
                    const data = await Promise.all(r.results.slice(0, 20).map(x => x.data()));
                    return data.map(d => d.meta.unit); }""", q)
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
            extra = {"index_s": round(index_s, 2), "index_files": len(files),
                     "index_bytes": sum(p.stat().st_size for p in files),
                     "bytes_after_init": startup, "bytes_after_first_query": first,
                     "bytes_after_all_queries": {lang: sum(v) for lang, v in sizes.items()},
                     "per_query_bytes_median": int(statistics.median(per_query)),
                     "per_query_bytes_max": max(per_query), "version": _pagefind_version()}
            for page, ctx in pages.values():
                ctx.close()
        finally:
            server.shutdown()
            server.server_close()
    return outcomes, extra


def _body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:   # a redirect or an aborted request has no body
        return 0


def _pagefind_version() -> str:
    from importlib.metadata import version
    try:
        return version("pagefind")
    except Exception:
        return "?"


def report(name: str, outcomes) -> dict:
    return {lang: summary(outcomes, lang) for lang in ("ru", "kk")} | {"name": name}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--failures", action="store_true", help="list the queries that fail")
    ap.add_argument("--pagefind", action="store_true", help="also measure Pagefind on the same pages")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    judged = load_judged()
    kb = build(ROOT)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        build_site(kb, ROOT, site)
        build_s = time.perf_counter() - t0
        with SearchIndex.build(Path(tmp) / "index", search_docs(kb)) as ix:
            cli = evaluate(lambda q, l: [(h.doc.act, h.doc.address) for h in ix.search(q, lang=l, limit=10)], judged)
        rows, extra = [report("CLI (whoosh)", cli)], {}
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            t0 = time.perf_counter()
            page.goto((site / "search.html").as_uri())
            page.wait_for_function("window.NB_search !== undefined")
            load_ms = (time.perf_counter() - t0) * 1000
            web = evaluate(site_search(page), judged)
            rows.append(report("site (search.js)", web))
            extra["site_timing"] = timed(page, judged) | {"page_load_ms": round(load_ms)}
            extra["offsite_requests"] = offsite(requests)
            if args.pagefind:
                pf, pf_extra = pagefind_eval(search_docs(kb), browser, judged)
                rows.append(report("Pagefind", pf))
                extra["pagefind"] = pf_extra
            browser.close()
        extra["payload"] = payload(site)
        extra["site_build_s"] = round(build_s, 2)
    result = {"rows": rows, **extra}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print("| search | ru success@10 | ru MRR | kk success@10 | kk MRR |\n|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['name']} | {r['ru']['success@10']:.3f} | {r['ru']['mrr']:.3f} | {r['kk']['success@10']:.3f} | {r['kk']['mrr']:.3f} |")
        print(f"\nqueries: ru {rows[0]['ru']['queries']}, kk {rows[0]['kk']['queries']}")
        print("payload per query (first search; the browser caches it after):")
        for rel, v in extra["payload"].items():
            print(f"  {rel:<24} {v['bytes']:>9,} B   gzip {v['gzip']:>8,} B")
        print(f"site search time per query: median {extra['site_timing']['median_ms']} ms, max {extra['site_timing']['max_ms']} ms; "
              f"search page ready in {extra['site_timing']['page_load_ms']} ms")
        if "pagefind" in extra:
            print("pagefind:", json.dumps(extra["pagefind"], ensure_ascii=False))
        print("off-site requests:", extra["offsite_requests"] or "none")
    if args.failures:
        for name, outs in (("CLI", cli), ("site", web)) + ((("Pagefind", pf),) if args.pagefind else ()):
            for o in outs:
                if not o.success:
                    print(f"FAIL {name} {o.judged.id} {o.judged.lang} {o.judged.query!r}: {o.ranks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
