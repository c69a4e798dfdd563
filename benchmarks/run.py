"""End-to-end benchmark on synthetic corpora: every build stage, memory, disk, look-ups, search.

reads: synthetic project folders made by ``benchmarks/synth.py`` (generated here);
writes: ``WORK/synthetic-<N>/`` (corpus, store, index, site), ``WORK/results.json``, a markdown
table on stdout, ``docs/benchmarks.md`` and ``docs/benchmarks.png``.

    python benchmarks/run.py                          # 10, 100 and 1,000 acts × 2 languages × 5 orders
    python benchmarks/run.py --sizes 10 100           # quicker
    python benchmarks/run.py --report-only            # re-render docs from WORK/results.json
    python benchmarks/run.py --sizes 100 --profile    # + cProfile of every stage (slower; timings not comparable)

Each size runs in a fresh subprocess (``--child``), so its peak memory is its own: the sum of
the PSS of the child and of the workers it forks (``TreeMemory``). The stages are what
``normbase build`` runs: ``pipeline.build`` (on every core for a large corpus), alignment
(``align.align_act`` for every act, as of the latest source), self-check, the store
(``store.save``), the whoosh index (``SearchIndex.build`` over ``indexing.search_docs``) and the
site (``site.build_site``, two processes). Afterwards the parse stages are also run one by one in
one process (ingest + normalize, structure, instructions, timelines) for the breakdown; with
``--verify`` that knowledge base must equal ``pipeline.build``'s. Every answer is compared with
the generator's ``expected.json``. Then: ``show`` latency (``units.compose`` on
random units and dates of a store loaded with ``store.load``), search latency (random corpus
words, with and without ``on=``), and the same analysed documents in SQLite FTS5.
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

STAGES = ["pipeline.build", "alignment", "self-check", "store", "index", "site"]   # what `normbase build` runs
PARSE_STAGES = ["ingest+normalize", "structure", "instructions", "timelines"]         # pipeline.build, step by step, one process
TARGETS = {"build_s": 60.0, "peak_mib": 1024.0, "show_ms": 5.0, "search_p95_ms": 50.0}


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # kB on Linux


class TreeMemory:
    """The peak memory of this process and every process it started (site workers, index
    writers, parse workers), sampled every 0.1 s as the sum of their PSS: a page shared
    by forked processes counts once, split between them (RSS would count it in each).

    The sampler is a separate process, not a thread: normbase forks workers only when no
    other thread runs (``search/bulk.py``), so a sampling thread would change what is measured."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, __file__, "--sample-memory", str(os.getpid())],
                                      stdout=subprocess.PIPE, text=True)

    @staticmethod
    def tree(root: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    @staticmethod
    def pss_kib(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def sample(root: int) -> None:
        """The sampler process: until SIGTERM, then print the peak (KiB)."""
        import signal

        peak, me = 0, os.getpid()
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        while not stop:
            peak = max(peak, sum(TreeMemory.pss_kib(p) for p in TreeMemory.tree(root) if p != me))
            time.sleep(0.1)
        print(peak, flush=True)

    def stop(self) -> float:
        self._proc.terminate()
        out, _ = self._proc.communicate()
        return int(out.strip() or 0) / 1024


def cpu_all() -> float:
    """CPU seconds of this process and of its ended children (workers are waited for)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def pickle_file(out: Path) -> Path:
    """Where the store keeps its pickled knowledge base (it moved once: follow the store)."""
    from normbase import store

    return store.pickle_path(out / "kb") if hasattr(store, "pickle_path") else out / "kb" / "kb.pickle"


def load_pickle(path: Path):
    """The whole knowledge base from ``kb.pickle`` (packed per act: ``pack.py``)."""
    from normbase import pack

    return pack.StoredKB(pack.open_pack(path), None).whole()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# ---------------------------------------------------------------------------------------
# The child: one corpus size in a fresh process

class Stages:
    def __init__(self, profile: Path | None):
        self.times: dict[str, float] = {}
        self.cpu: dict[str, float] = {}     # process CPU time: less sensitive than wall time to a busy machine
        self.rss: dict[str, float] = {}
        self.profile = profile

    def run(self, name: str, fn):
        prof = cProfile.Profile() if self.profile else None
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        result = fn()
        if prof:
            prof.disable()
        self.times[name] = time.perf_counter() - t0
        self.cpu[name] = time.process_time() - c0
        print(f"    {name}: {self.times[name]:.1f} s (cpu {self.cpu[name]:.1f} s), rss {rss_mib():.0f} MiB", file=sys.stderr, flush=True)
        self.rss[name] = rss_mib()
        if prof:
            s = io.StringIO()
            pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(25)
            t = io.StringIO()
            pstats.Stats(prof, stream=t).sort_stats("tottime").print_stats(15)
            with open(self.profile, "a", encoding="utf-8") as f:
                f.write(f"\n\n===== {name}: {self.times[name]:.2f} s =====\n--- cumulative ---\n{s.getvalue()}\n--- tottime ---\n{t.getvalue()}")
        return result


def build_stepwise(root: Path, st: Stages):
    """``pipeline.build``, one stage at a time (same functions, same order)."""
    from normbase.normalize import decode, normalize
    from normbase.pipeline import KnowledgeBase, SourceText, fold_history, read_instructions
    from normbase.sources import load_corpus
    from normbase.structure import parse_structure

    def ingest():
        corpus = load_corpus(root)
        files = [(source, t) for source in corpus.all() for t in source.texts]
        normalized = [normalize(decode(t.data, str(t.path)), doc=t.name) for _, t in files]
        return corpus, files, normalized

    corpus, files, normalized = st.run("ingest+normalize", ingest)
    texts = st.run("structure", lambda: tuple(
        SourceText(source, t.lang, n, parse_structure(n.lines, t.lang, source.kind, str(t.path)))
        for (source, t), n in zip(files, normalized)))
    instructions = st.run("instructions", lambda: tuple(read_instructions(t) for t in texts if t.source.kind == "amending"))
    def timelines():   # each act's fold gets its own texts and its orders' instructions, as in pipeline.build
        texts_of: dict = {}
        for t in texts:
            texts_of.setdefault(t.source.id, []).append(t)
        instructions_of: dict = {}
        for oi in instructions:
            instructions_of.setdefault(oi.order, []).append(oi)
        return tuple(fold_history(act, tuple(texts_of.get(act.id, ())),
                                  tuple(oi for o in corpus.orders_for(act.id) for oi in instructions_of.get(str(o.id), ())), corpus)
                     for act in corpus.acts)
    histories = st.run("timelines", timelines)
    return KnowledgeBase(corpus, texts, instructions, histories)


def child(root: Path, out_json: Path, seed: int, queries: int, shows: int, profile: Path | None, verify: bool) -> None:
    import synth
    from normbase import store
    from normbase.align import align_act
    from normbase.checks import self_check
    from normbase.indexing import search_docs
    from normbase.pipeline import build
    from normbase.search import SearchIndex
    from normbase.site import build_site

    res: dict = {"root": str(root), "rss_start_mib": rss_mib(), "load_average_start": os.getloadavg(),
}
    out = root / "out"
    shutil.rmtree(out, ignore_errors=True)
    st = Stages(profile)
    memory = TreeMemory()
    cpu0 = cpu_all()
    t_all = time.perf_counter()
    kb = st.run("pipeline.build", lambda: build(root))
    st.run("alignment", lambda: [align_act(h) for h in kb.histories])
    findings = st.run("self-check", lambda: self_check(kb))
    st.run("store", lambda: store.save(kb, root, out / "kb", store.exports(kb)))
    docs_holder = {}

    def index():   # (the documents are let go before the site, as `normbase build` does)
        docs = search_docs(kb)
        docs_holder["n"] = len(docs)
        SearchIndex.build(out / "index", docs).close()
    st.run("index", index)
    site = st.run("site", lambda: build_site(kb, root, out / "site"))
    res["build_total_s"] = time.perf_counter() - t_all
    res["build_cpu_all_s"] = cpu_all() - cpu0
    res["peak_build_mib"] = memory.stop()
    res["peak_main_rss_mib"] = peak_mib()
    res["stages_s"] = st.times
    res["stages_cpu_s"] = st.cpu   # this process only: the workers' CPU is not in it
    res["load_average"] = os.getloadavg()
    res["rss_after_mib"] = st.rss
    res["sizes"] = {
        "acts": len(kb.corpus.acts), "orders": len(kb.corpus.orders), "texts": len(kb.texts),
        "input_bytes": sum(len(t.data) for s in kb.corpus.all() for t in s.texts),
        "units": sum(len(h.addresses) for h in kb.histories),
        "timelines": sum(len(h.timelines) for h in kb.histories),
        "versions": sum(len(t.versions) for h in kb.histories for t in h.timelines),
        "instructions": sum(len(oi.instructions) for oi in kb.instructions),
        "search_docs": docs_holder["n"],
        "store_bytes": du(out / "kb"), "store_pickle_bytes": pickle_file(out).stat().st_size,
        "index_bytes": du(out / "index"),
        "site_bytes": du(out / "site"), "site_pages": site["pages"], "site_files": site["files"],
        "site_search_index_bytes": du(out / "site" / "static" / "search"),   # the search files (static/search/)
    }
    res["site_pages_per_s"] = site["pages"] / st.times["site"]
    res["errors"] = sum(1 for f in findings if f.severity == "error")

    # correctness against the generator's expectation
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    report = synth.compare(kb, expected)
    is_before = [bool(m.on and m.on < expected["acts"].get(m.act, {}).get("act_start", "")) for m in report["mismatches"]]
    before = [m for m, b in zip(report["mismatches"], is_before) if b]
    after = [m for m, b in zip(report["mismatches"], is_before) if not b]
    res["check"] = {"answers": report["checked"], "mismatches": len(after), "pre_act_text_mismatches": len(before),
                    "instruction_mismatches": len(report["instruction_mismatches"]), "problems": len(report["problems"]),
                    "error_findings": len(report["findings"]), "examples": [str(m) for m in after[:10]],
                    "seconds": time.perf_counter() - t0, "unused_families": expected["unused_families"]}
    del docs_holder
    # the parse stages one by one, in one process (pipeline.build runs them per act on every core)
    steps = Stages(None)
    stepwise_kb = build_stepwise(root, steps)
    res["parse_stages_s"], res["parse_stages_cpu_s"] = steps.times, steps.cpu
    if verify:   # the stepwise knowledge base is pipeline.build's
        res["check"]["stepwise_equals_pipeline_build"] = dict(store.exports(stepwise_kb)) == dict(store.exports(kb))
    del stepwise_kb

    out_json.write_text(json.dumps(res, indent=1, sort_keys=True), encoding="utf-8")   # partial results first
    # show: units.compose on a loaded store
    res.update(measure_show(root, out, seed, shows))
    out_json.write_text(json.dumps(res, indent=1, sort_keys=True), encoding="utf-8")
    # search: whoosh, then the same analysed documents in SQLite FTS5
    res.update(measure_search(out, seed, queries))
    res["peak_total_mib"] = peak_mib()
    out_json.write_text(json.dumps(res, indent=1, sort_keys=True), encoding="utf-8")


def measure_show(root: Path, out: Path, seed: int, n: int) -> dict:
    from normbase import store
    from normbase.units import compose

    t0 = time.perf_counter()
    kb = store.load(root, out / "kb")
    load_s = time.perf_counter() - t0
    current = kb is not None
    if kb is None:   # the code changed since the build (a shared working tree): read the pickle itself
        t0 = time.perf_counter()
        kb = load_pickle(pickle_file(out))
        load_s = time.perf_counter() - t0
    rng = random.Random(seed)
    samples = []
    for _ in range(n):
        h = rng.choice(kb.histories)
        address = rng.choice(h.addresses)
        lo = h.start.earliest - timedelta(days=60)
        hi = (h.orders[-1].window.earliest if h.orders else h.start.earliest) + timedelta(days=400)
        samples.append((h.act, address, rng.choice(("kk", "ru")), lo + timedelta(days=rng.randrange((hi - lo).days))))
    lat, lat_lookup = [], []
    for act, address, lang, on in samples:
        t0 = time.perf_counter()
        h = kb.history(act)
        compose(kb, h, address, lang, on)
        lat.append((time.perf_counter() - t0) * 1000)
    # the same with the act already looked up (compose alone)
    for act, address, lang, on in samples:
        h = kb.history(act)
        t0 = time.perf_counter()
        compose(kb, h, address, lang, on)
        lat_lookup.append((time.perf_counter() - t0) * 1000)
    # one real CLI call (process start, store fingerprint and load included)
    t0 = time.perf_counter()
    act, address, lang, on = samples[0]
    proc = subprocess.run([sys.executable, "-m", "normbase", "--root", str(root), "show", act, address, "--on", on.isoformat(),
                           "--lang", lang, "--json"], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    cli_s = time.perf_counter() - t0
    return {"show": {"n": n, "store_load_s": load_s, "store_current": current, "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95), "max_ms": max(lat),
                     "compose_only_p50_ms": pct(lat_lookup, 0.5), "compose_only_p95_ms": pct(lat_lookup, 0.95),
                     "cli_s": cli_s, "cli_ok": proc.returncode == 0, "cli_stderr": proc.stderr[-300:]}}


def measure_search(out: Path, seed: int, n: int) -> dict:
    from normbase.search import SearchIndex
    from normbase.search.analysis import TOKEN_RE, positions

    rng = random.Random(seed + 1)
    index = SearchIndex.open(out / "index")
    searcher_docs = [index._reader().stored_fields(i) for i in range(index._ix.doc_count_all())]   # noqa: SLF001 - sampling only
    queries = []
    for _ in range(n):
        d = rng.choice(searcher_docs)
        words = [m.group() for m in TOKEN_RE.finditer(d["text"]) if m.group("word") and len(m.group()) >= 4 and not m.group().isdigit()]
        if not words:
            continue
        k = 1 if rng.random() < 0.6 else 2
        start = rng.randrange(max(1, len(words) - k + 1))
        day = date.fromisoformat(d["valid_from"]) if d["valid_from"] else date(2006, 1, 1)
        queries.append((" ".join(words[start:start + k]), d["lang"], day + timedelta(days=rng.randrange(0, 200))))

    def run(with_on: bool, lang_given: bool = True) -> tuple[list[float], int]:
        lat, hits = [], 0
        for q, lang, on in queries:
            t0 = time.perf_counter()
            r = index.search(q, lang=lang if lang_given else None, on=on if with_on else None)
            lat.append((time.perf_counter() - t0) * 1000)
            hits += bool(r)
        return lat, hits

    run(False)   # warm up: field vocabularies, pymorphy3, caches
    plain, plain_hits = run(False)
    dated, dated_hits = run(True)
    both, _ = run(False, lang_given=False)
    res = {"search": {"queries": len(queries), "p50_ms": pct(plain, 0.5), "p95_ms": pct(plain, 0.95),
                      "on_p50_ms": pct(dated, 0.5), "on_p95_ms": pct(dated, 0.95),
                      "both_langs_p50_ms": pct(both, 0.5), "both_langs_p95_ms": pct(both, 0.95),
                      "found": plain_hits, "found_on": dated_hits,
                      "examples": [q for q, _, _ in queries[:8]]}}
    res["fts5"] = fts5_compare(out, index, searcher_docs, queries, positions)
    index.close()
    return res


def fts5_compare(out: Path, index, stored: list[dict], queries, positions) -> dict:
    """The same documents, analysed by normbase's analysis (the index's Kazakh vocabulary),
    in an FTS5 table; queries are the analysed query words, AND of (OR of readings)."""
    from normbase.search import SearchDoc  # noqa: F401 - for the reader: the stored fields are a SearchDoc's
    from normbase.search.analysis import analyze

    path = out / "fts5.sqlite"
    path.unlink(missing_ok=True)
    from normbase.search import analysis

    vocab = index.vocabulary
    for value in vars(analysis).values():   # as cold as whoosh's build was: analysis is part of indexing
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()
    t0 = time.perf_counter()
    analysed = [" ".join(analyze(d["text"], d["lang"], vocab if d["lang"] == "kk" else None)) for d in stored]
    analyse_s = time.perf_counter() - t0
    con = sqlite3.connect(path)
    t0 = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(terms, lang UNINDEXED, act UNINDEXED, from_day UNINDEXED, "
                "to_day UNINDEXED, key UNINDEXED, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-№/'\")")
    con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", [
        (terms, d["lang"], d["act"], date.fromisoformat(d["valid_from"]).toordinal() if d["valid_from"] else 0,
         date.fromisoformat(d["valid_to"]).toordinal() if d["valid_to"] else 10**7, d["key"]) for d, terms in zip(stored, analysed)])
    con.commit()
    insert_s = time.perf_counter() - t0
    size = path.stat().st_size

    def match(q: str, lang: str) -> str | None:
        groups = []
        for p in positions(q, lang, vocab if lang == "kk" else None):
            terms = [t.replace('"', '""') for t in p.query_terms]
            groups.append("(" + " OR ".join(f'"{t}"' for t in terms) + ")")
        return " AND ".join(groups) or None

    def run(with_on: bool) -> tuple[list[float], int]:
        lat, hits = [], 0
        for q, lang, on in queries:
            t0 = time.perf_counter()
            m = match(q, lang)
            if with_on:
                rows = con.execute("SELECT key FROM docs WHERE docs MATCH ? AND lang = ? AND from_day <= ? AND to_day > ? "
                                   "ORDER BY rank LIMIT 10", (m, lang, on.toordinal(), on.toordinal())).fetchall()
            else:
                rows = con.execute("SELECT key FROM docs WHERE docs MATCH ? AND lang = ? ORDER BY rank LIMIT 10", (m, lang)).fetchall()
            lat.append((time.perf_counter() - t0) * 1000)
            hits += bool(rows)
        return lat, hits

    run(False)
    plain, plain_hits = run(False)
    dated, dated_hits = run(True)
    con.close()
    return {"analyse_s": analyse_s, "insert_s": insert_s, "bytes": size, "p50_ms": pct(plain, 0.5), "p95_ms": pct(plain, 0.95),
            "on_p50_ms": pct(dated, 0.5), "on_p95_ms": pct(dated, 0.95), "found": plain_hits, "found_on": dated_hits}


# ---------------------------------------------------------------------------------------
# The parent: generate, run the children, report

def machine() -> dict:
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f"{int(next(l.split()[1] for l in open('/proc/meminfo') if l.startswith('MemTotal'))) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    import whoosh
    git = {}
    try:
        git["head"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        git["dirty_files"] = len(subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True).stdout.splitlines())
    except OSError:
        pass
    return {**git, "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "whoosh": ".".join(map(str, whoosh.__version__)), "sqlite": sqlite3.sqlite_version}


def mib(b: float) -> str:
    return f"{b / 2**20:.1f} MiB"


def table(results: list[dict]) -> str:
    cols = [f"{r['sizes']['acts']:,} acts" for r in results]
    rows: list[tuple[str, list[str]]] = []
    rows.append(("texts (kk + ru) / orders", [f"{r['sizes']['texts']:,} / {r['sizes']['orders']:,}" for r in results]))
    rows.append(("input", [mib(r["sizes"]["input_bytes"]) for r in results]))
    rows.append(("units / unit versions", [f"{r['sizes']['units']:,} / {r['sizes']['versions']:,}" for r in results]))
    for s in STAGES:
        rows.append((f"{s} (s)", [f"{r['stages_s'][s]:.2f}" for r in results]))
        if s == "pipeline.build":
            for p in PARSE_STAGES:
                rows.append((f"  · {p}, one process (s)", [f"{r['parse_stages_s'][p]:.2f}" if "parse_stages_s" in r else "–" for r in results]))
    rows.append(("**build, all stages (s)**", [f"**{r['build_total_s']:.1f}**" for r in results]))
    rows.append(("build, CPU time of every process (s)", [f"{r['build_cpu_all_s']:.1f}" if "build_cpu_all_s" in r else "–" for r in results]))
    rows.append(("`normbase build` (CLI, cold, s)", [f"{r['cli_build_s']:.1f}" if r.get("cli_build_s") else "–" for r in results]))
    rows.append(("**peak memory, build (all processes, PSS)**", [f"**{r['peak_build_mib']:.0f} MiB**" for r in results]))
    rows.append(("peak memory, build, main process (ru_maxrss)", [f"{r['peak_main_rss_mib']:.0f} MiB" if "peak_main_rss_mib" in r else "–" for r in results]))
    rows.append(("peak memory, whole run, main process (ru_maxrss)", [f"{r['peak_total_mib']:.0f} MiB" for r in results]))
    rows.append(("store on disk (JSON) + kb.pickle", [f"{mib(r['sizes']['store_bytes'])} + {mib(r['sizes']['store_pickle_bytes'])}" for r in results]))
    rows.append(("whoosh index on disk / documents", [f"{mib(r['sizes']['index_bytes'])} / {r['sizes']['search_docs']:,}" for r in results]))
    rows.append(("site on disk / pages", [f"{mib(r['sizes']['site_bytes'])} / {r['sizes']['site_pages']:,}" for r in results]))
    rows.append(("site search files (static/search/)", [mib(r["sizes"]["site_search_index_bytes"]) for r in results]))
    rows.append(("site pages per second", [f"{r['site_pages_per_s']:.0f}" for r in results]))
    rows.append(("store load (`store.load`, s)", [f"{r['show']['store_load_s']:.2f}" for r in results]))
    rows.append(("**`show` p50 / p95 (ms)** (history look-up + `units.compose`)", [f"**{r['show']['p50_ms']:.2f} / {r['show']['p95_ms']:.2f}**" for r in results]))
    rows.append(("`units.compose` alone p50 / p95 (ms)", [f"{r['show']['compose_only_p50_ms']:.2f} / {r['show']['compose_only_p95_ms']:.2f}" for r in results]))
    rows.append(("one `normbase show` process (s)", [f"{r['show']['cli_s']:.1f}" for r in results]))
    rows.append(("**search p50 / p95 (ms)**, lang given", [f"**{r['search']['p50_ms']:.1f} / {r['search']['p95_ms']:.1f}**" for r in results]))
    rows.append(("search p50 / p95 (ms), with `on=`", [f"{r['search']['on_p50_ms']:.1f} / {r['search']['on_p95_ms']:.1f}" for r in results]))
    rows.append(("search p50 / p95 (ms), both languages", [f"{r['search']['both_langs_p50_ms']:.1f} / {r['search']['both_langs_p95_ms']:.1f}" for r in results]))
    rows.append(("FTS5 p50 / p95 (ms), lang given", [f"{r['fts5']['p50_ms']:.2f} / {r['fts5']['p95_ms']:.2f}" for r in results]))
    rows.append(("FTS5 p50 / p95 (ms), with `on`", [f"{r['fts5']['on_p50_ms']:.2f} / {r['fts5']['on_p95_ms']:.2f}" for r in results]))
    rows.append(("FTS5 index: analysis + insert (s) / size", [f"{r['fts5']['analyse_s']:.1f} + {r['fts5']['insert_s']:.2f} / {mib(r['fts5']['bytes'])}" for r in results]))
    rows.append(("answers checked against expected.json / wrong", [f"{r['check']['answers']:,} / {r['check']['mismatches'] + r['check']['pre_act_text_mismatches']}" for r in results]))
    rows.append(("instruction problems / error findings", [f"{r['check']['problems']} / {r['check']['error_findings']}" for r in results]))
    head = "| | " + " | ".join(cols) + " |\n|---|" + "---:|" * len(cols) + "\n"
    return head + "".join(f"| {name} | " + " | ".join(vals) + " |\n" for name, vals in rows)


def plot(results: list[dict], png: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    acts = [r["sizes"]["acts"] for r in results]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
    for s in STAGES:
        ax1.plot(acts, [max(r["stages_s"][s], 1e-3) for r in results], marker="o", label=s)
    ax1.plot(acts, [r["build_total_s"] for r in results], marker="s", color="black", linewidth=2.5, label="all stages")
    ax1.plot([1000], [TARGETS["build_s"]], marker="*", markersize=14, color="red", linestyle="none", label="target: 60 s at 1,000 acts")
    ax1.plot(acts, [TARGETS["build_s"] * a / 1000 for a in acts], color="red", linestyle="--", linewidth=0.8,
             label="the target scaled linearly")
    lin = [results[0]["build_total_s"] * a / acts[0] for a in acts]
    ax1.plot(acts, lin, color="grey", linestyle=":", label="linear from the smallest")
    ax1.set(xscale="log", yscale="log", xlabel="acts (× 2 languages × 5 orders)", ylabel="seconds", title="Build time per stage")
    ax1.legend(fontsize=7, loc="upper left")
    ax1.grid(True, which="both", alpha=0.3)
    ax2.plot(acts, [r["peak_build_mib"] for r in results], marker="o", label="peak memory, build (all processes, PSS)")
    ax2.plot(acts, [r["sizes"]["store_bytes"] / 2**20 for r in results], marker="x", label="store on disk")
    ax2.plot(acts, [r["sizes"]["index_bytes"] / 2**20 for r in results], marker="x", label="whoosh index on disk")
    ax2.plot(acts, [r["sizes"]["site_bytes"] / 2**20 for r in results], marker="x", label="site on disk")
    ax2.axhline(TARGETS["peak_mib"], color="red", linestyle="--", label="target 1 GiB")
    ax2.set(xscale="log", yscale="log", xlabel="acts (× 2 languages × 5 orders)", ylabel="MiB", title="Memory and disk")
    ax2.legend(fontsize=7, loc="upper left")
    ax2.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=110, metadata={"Software": None})
    plt.close(fig)


def verdicts(results: list[dict]) -> list[str]:
    big = max(results, key=lambda r: r["sizes"]["acts"])
    n = big["sizes"]["acts"]
    out = []

    def v(ok: bool) -> str:
        return "**met**" if ok else "**missed**"
    out.append(f"| build end to end, {n:,} acts | ≤ 60 s | {big['build_total_s']:.1f} s | {v(big['build_total_s'] <= 60)} |")
    out.append(f"| peak memory, {n:,} acts | ≤ 1 GiB | {big['peak_build_mib']:.0f} MiB (build, all processes) | "
               f"{v(big['peak_build_mib'] <= 1024)} |")
    out.append(f"| `show` (look-up + compose), {n:,} acts | ≤ 5 ms | p95 {big['show']['p95_ms']:.2f} ms | {v(big['show']['p95_ms'] <= 5)} |")
    worst = max(big["search"]["p95_ms"], big["search"]["on_p95_ms"])
    out.append(f"| search p95, {n:,} acts | ≤ 50 ms | {big['search']['p95_ms']:.1f} ms (lang), {big['search']['on_p95_ms']:.1f} ms (`on=`), "
               f"{big['search']['both_langs_p95_ms']:.1f} ms (both languages) | {v(worst <= 50)} |")
    return out


def render(results: list[dict], meta: dict, md: Path, png: Path, command: str, notes: str) -> str:
    plot(results, png)
    tbl = table(results)
    correctness = "; ".join(
        f"{r['sizes']['acts']:,} acts: {r['check']['answers']:,} answers, "
        + (f"{r['check']['mismatches'] + r['check']['pre_act_text_mismatches']:,} wrong (e.g. {r['check']['examples'][0]})"
           if r['check']['mismatches'] + r['check']['pre_act_text_mismatches'] else "all right")
        + (f", {r['check']['instruction_mismatches']} orders read differently" if r['check']['instruction_mismatches'] else "")
        for r in results)
    ratio_rows = []
    for r in results:
        w, f = r["search"], r["fts5"]
        ratio_rows.append(f"| {r['sizes']['acts']:,} | {r['sizes']['search_docs']:,} | {r['stages_s']['index']:.1f} s | "
                          f"{f['analyse_s']:.1f} + {f['insert_s']:.2f} s | {w['p50_ms']:.1f} / {w['p95_ms']:.1f} ms | "
                          f"{f['p50_ms']:.2f} / {f['p95_ms']:.2f} ms | {w['p95_ms'] / max(f['p95_ms'], 1e-6):.0f}× | "
                          f"{mib(r['sizes']['index_bytes'])} / {mib(f['bytes'])} |")
    text = f"""# Benchmarks

End-to-end figures on synthetic corpora (`benchmarks/synth.py`: invented acts of an invented
ministry, both languages, {results[0]['sizes']['orders'] // max(1, results[0]['sizes']['acts'])} amending orders per act using every formula of design.md §4),
measured with `benchmarks/run.py`. Regenerate this page, the table and the plot with

    {command}

Machine: {meta['cpu']}, {meta['cores']} cores, {meta['memory']}; Python {meta['python']}, whoosh {meta['whoosh']},
SQLite {meta['sqlite']}; {meta['platform']}. Code: commit {meta.get('head', '?')} with {meta.get('dirty_files', '?')} files
changed in the working tree at the end of the run. The stages are those `normbase build` runs, in
its order; `pipeline.build`, the index and the site use both cores (forked workers) on large
corpora, so "CPU time of every process" can exceed the wall time. Each size runs in a fresh
process; its peak memory is the sum of the PSS of the process and its workers, sampled every
0.1 s (a page shared by forked processes counts once). The parse stages are also timed one by
one in a single process, for the breakdown. Load average at the start of each size (2 cores):
{', '.join(f"{r['sizes']['acts']:,} acts {r['load_average_start'][0]:.1f}" for r in results)}.

![time and memory vs corpus size](benchmarks.png)

## Figures

{tbl}
Stages: *pipeline.build* (ingest, normalize, structure, instructions, timelines; act by act on
both cores for a large corpus), and below it the same stages one by one in one process:
*ingest+normalize* (`sources.load_corpus`, `normalize.decode` + `normalize`), *structure*
(`structure.parse_structure`), *instructions* (`pipeline.read_instructions`), *timelines*
(`pipeline.fold_history` per act); *alignment* (`align.align_act` of every act, as of the latest
source), *self-check* (`checks.self_check`), *store* (`store.save` with `store.exports`),
*index* (`indexing.search_docs` + `SearchIndex.build`), *site* (`site.build_site`). `show` is
`kb.history(act)` + `units.compose`
on a store loaded with `store.load`, on random units, languages and dates; search is
`SearchIndex.search` on 1–2 random words taken from random documents (language given; with a
random `on=` date; both languages), snippets included.

Correctness: every answer of `query.answer` for every unit, language and check date is compared
with the generator's own expectation (`expected.json`: status, wording and the order that gave
it): {correctness}.

## Against the targets

| target | wanted | measured | |
|---|---|---|---|
{chr(10).join(verdicts(results))}

## whoosh against SQLite FTS5

The same documents (`indexing.search_docs`), analysed once by `normbase.search.analysis.analyze`
(with the index's Kazakh vocabulary) and fed to an FTS5 table as space-joined terms
(`tokenize = "unicode61 remove_diacritics 0 tokenchars '-№/'"`, language and validity days as
unindexed columns); a query is its analysed words, AND of (OR of each word's readings),
ranked by FTS5's bm25, top 10, filtered by language (and by day for `on`). whoosh's figures
are `SearchIndex.build` / `SearchIndex.search` as normbase uses them: the build includes the
Kazakh vocabulary and the surface-form tables, a search includes the query parser and the
snippets; FTS5's include the analysis of the documents / the query words, no snippets. The
ratio is whoosh ÷ FTS5 (lang given).

| acts | documents | whoosh build | FTS5 analysis + insert | whoosh p50 / p95 | FTS5 p50 / p95 | p95 ratio | index size whoosh / FTS5 |
|---:|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(ratio_rows)}

{notes}
"""
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(text, encoding="utf-8")
    return tbl


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--orders", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/normbase-bench"))
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--shows", type=int, default=1000)
    ap.add_argument("--cli-max", type=int, default=100, help="also time `normbase build` for sizes up to this")
    ap.add_argument("--profile", action="store_true", help="cProfile every stage into WORK/profile-<N>.txt")
    ap.add_argument("--md", type=Path, default=REPO / "docs" / "benchmarks.md")
    ap.add_argument("--png", type=Path, default=REPO / "docs" / "benchmarks.png")
    ap.add_argument("--notes", type=Path, default=REPO / "benchmarks" / "README.md",
                    help="a markdown file whose section '## Findings' is appended to docs/benchmarks.md")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--sample-memory", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--verify", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.sample_memory:
        TreeMemory.sample(args.sample_memory)
        return 0
    if args.child:
        child(args.child, args.child_out, args.seed, args.queries, args.shows,
              args.work / f"profile-{args.child.name}.txt" if args.profile else None, args.verify)
        return 0

    import synth

    args.work.mkdir(parents=True, exist_ok=True)
    results_file = args.work / "results.json"
    results: dict[str, dict] = json.loads(results_file.read_text()) if results_file.exists() else {}
    if not args.report_only:
        for n in args.sizes:
            root = args.work / f"synthetic-{n}"
            t0 = time.perf_counter()
            synth.generate(n, args.orders, args.seed, root)
            gen_s = time.perf_counter() - t0
            print(f"[{n} acts] generated in {gen_s:.1f} s; building …", file=sys.stderr, flush=True)
            if args.profile:
                (args.work / f"profile-{root.name}.txt").unlink(missing_ok=True)
            out_json = args.work / f"result-{n}.json"
            cmd = [sys.executable, __file__, "--child", str(root), "--child-out", str(out_json), "--seed", str(args.seed),
                   "--queries", str(args.queries), "--shows", str(args.shows), "--work", str(args.work)]
            cmd += ["--profile"] if args.profile else []
            cmd += ["--verify"] if n <= 100 else []
            subprocess.run(cmd, check=True)
            r = json.loads(out_json.read_text())
            r["generate_s"] = gen_s
            if n <= args.cli_max and not args.profile:   # cross-check: the real command, cold
                shutil.rmtree(root / "out-cli", ignore_errors=True)
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "normbase", "--root", str(root), "--out", str(root / "out-cli"), "build"],
                                      capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
                r["cli_build_s"] = time.perf_counter() - t0 if proc.returncode == 0 else None
                r["cli_build_tail"] = (proc.stdout + proc.stderr)[-400:]
                shutil.rmtree(root / "out-cli", ignore_errors=True)
            r["profiled"] = args.profile
            results[f"{n}-profiled" if args.profile else str(n)] = r
            print(f"[{n} acts] build {r['build_total_s']:.1f} s, peak {r['peak_build_mib']:.0f} MiB, "
                  f"wrong answers {r['check']['mismatches']}", file=sys.stderr, flush=True)
            results_file.write_text(json.dumps(results, indent=1, sort_keys=True))
    if not args.report_only:
        results["_meta"] = machine()          # the machine and code of the run, not of a later re-render
        results_file.write_text(json.dumps(results, indent=1, sort_keys=True))
    ordered = [results[k] for k in sorted((k for k in results if k.isdigit()), key=int)]
    if not ordered:
        print("no results", file=sys.stderr)
        return 1
    notes = ""
    if args.notes.exists():
        text = args.notes.read_text(encoding="utf-8")
        if "## Findings" in text:
            notes = text[text.index("## Findings"):]
    command = "python benchmarks/run.py --sizes " + " ".join(str(r["sizes"]["acts"]) for r in ordered)
    print(render(ordered, results.get("_meta") or machine(), args.md, args.png, command, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
