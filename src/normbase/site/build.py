"""Site build: render every page → check every internal link and anchor → swap in.

reads: a ``KnowledgeBase`` and the project's ``site/`` folder (``templates/`` for Jinja2,
``static/`` copied as is, ``pages/*.md`` prose rendered with markdown-it-py);
writes: the output folder (default ``out/site``), atomically: pages are written into a
temporary sibling folder (``outputs.staged``: it refuses to replace a folder normbase did not
write, or one holding a file it did not write) as they are rendered, and that folder replaces
the previous site only when every check passed — a failed or interrupted build leaves the
previous site as it was. Byte-identical for the same input: every page depends on the
knowledge base only, JSON is key-sorted, nothing reads the clock.

The work is split into jobs (the overview pages; one per act: its page, its ``timelines.js``
and the pages of the orders amending it),
taken from a queue by this process (the overview first) and a forked child per extra core
(``parallel.run_queue``) when the corpus is large enough to pay for them. A job writes its
files and checks its own links; links that leave the job are checked at the end against the whole site.

An act page repeats each unit for every version date and view, so the pieces of a unit
(its head, each language's cell) are rendered once per distinct content (``fragment``)
and pasted into each page that shows them; the link and HTML checks scan each distinct
piece once and the rest of each page once, and combine the results (``links.combine``) —
the same result as scanning every page whole.

Legal text never goes through Markdown: it is rendered from the tree by the templates,
with Jinja2's autoescaping on, so ``<``, ``>``, ``&`` and quotes in a source show literally.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from normbase import parallel
from normbase.cache import Cache
from normbase.kbview import OneActAtATime, Views
from normbase.align import align_act, compare
from normbase.answers import ON_MARK
from normbase.address import parse_act_id
from normbase.errors import InputError
from normbase.site import glance as G
from normbase.site import home as H
from normbase.site import overview as O
from normbase.site import pages as P
from normbase.site.act_data import timelines_js
from normbase.site.links import check_site, combine, link_problems, page_problems, scan
from normbase.site.links import forget as forget_links
from normbase.outputs import make_parent, staged
from normbase.site.reuse import act_digests, relink, sha256
from normbase.store import fingerprint

NAV = (
    ("index.html", "Acts", "en"),
    ("search.html", "Іздеу · Поиск", None),
    ("holdings.html", "Holdings", "en"),
    ("check.html", "Check", "en"),
    ("about.html", "About", "en"),
    ("cite.html", "How to cite", "en"),
    ("add-act.html", "Add an act", "en"),
)
FRAGMENTS = "<!--nb:fragments-->"  # where a page's fragments go
PARALLEL_FROM = 8  # acts; below this the pool costs more than it saves


def _env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a build reads each template once (not checked on disk again per use)
    )
    env.filters["rel"] = P.rel
    env.globals["STATUS_TEXT"] = P.STATUS_TEXT
    env.globals["LANG_NAMES"] = P.LANG_NAMES
    env.globals["ON_MARK"] = ON_MARK
    env.globals["SINCE"] = P.SINCE
    env.globals["PAIR_REASONS_AT_UNIT"] = P.PAIR_REASONS_AT_UNIT
    en = json.loads((templates.parent / "i18n" / "en.json").read_text(encoding="utf-8"))
    env.globals["FINDING_EN"] = {
        k.removeprefix("finding."): v for k, v in en.items() if k.startswith("finding.")
    }
    return env


def _prose(site_dir: Path) -> list[P.Page]:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    out = []
    for path in sorted((site_dir / "pages").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = next(
            (line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), path.stem
        )
        out.append(P.Page(f"{path.stem}.html", "prose.html", {"title": title, "body": md.render(text)}))
    return out


def _nav(path: str) -> list[dict]:
    return [
        {
            "url": P.rel(path, target),
            "text": text,
            "lang": lang,
            "current": target == path,
            "key": "nav." + target.removesuffix(".html"),
        }
        for target, text, lang in NAV
    ]


def site_warnings(kb) -> list[str]:
    """What a lenient build reports and ``--strict`` refuses: the parser's diagnostics."""
    return [f"{d.file}:{d.line}: {d.message}" for d in kb.diagnostics]


def ui_strings(site_dir: Path) -> dict[str, dict[str, str]]:
    """The interface strings: one table per language, ``site/i18n/<lang>.json``."""
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((site_dir / "i18n").glob("*.json"))
    }


def i18n_js(site_dir: Path) -> dict[str, bytes]:
    """``static/i18n/<lang>.js``: each one language's table, added to ``window.NB_I18N``. A page
    loads only the one it shows (the loader in ``templates/base.html``; app.js adds another when
    the reader switches)."""
    files = {}
    for lang, table in ui_strings(site_dir).items():
        payload = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        payload = payload.replace("<", "\\u003c")
        into = f"(window.NB_I18N=window.NB_I18N||{{}})[{json.dumps(lang)}]"
        files[f"static/i18n/{lang}.js"] = f"{into}={payload};\n".encode()
    return files


# ---------------------------------------------------------------- jobs


@dataclass
class JobResult:
    paths: list[str] = field(default_factory=list)
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    elsewhere: list[tuple[str, str, str]] = field(default_factory=list)  # (page, tag, url) leaving the job
    kept: int = 0  # files kept from the previous site (same bytes)
    hashes: dict[str, str] = field(default_factory=dict)  # path → sha256 of what was written
    ids: dict[str, str] = field(default_factory=dict)  # page → its ids, sorted, one per line
    reused: int = 0  # act jobs whose files were kept whole from the previous site (``reuse.py``)

    def ids_of(self, page: str) -> set[str] | None:
        """The ids of a page the job rendered (None: not one of its pages)."""
        held = self.ids.get(page)
        return None if held is None else set(held.split("\n")) - {""}


def _write(
    out: Path,
    path: str,
    data: bytes,
    result: JobResult,
    folders: set | None = None,
    previous: Path | None = None,
) -> None:
    """Write ``data`` at ``out/path`` — or, when the previous site (``previous``) holds the
    same bytes there, keep that file (a hard link: not rewritten, its date stays)."""
    target = out / path
    make_parent(target, folders)  # one mkdir per folder, not per page
    result.paths.append(path)
    result.bytes += len(data)
    result.hashes[path] = sha256(data)
    if previous is not None and _keep(previous / path, target, data):
        result.kept += 1
        return
    try:
        f = open(target, "xb")
    except FileExistsError:  # (written twice: never write into a file kept from the previous site)
        target.unlink()
        f = open(target, "xb")
    with f:
        f.write(data)


def _keep(old: Path, target: Path, data: bytes) -> bool:
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


class _Renderer:
    """Renders pages into ``out`` and checks each one (fragments scanned once)."""

    def __init__(self, kb, site_dir: Path, out: Path, previous: Path | None = None):
        self.kb, self.site_dir, self.out, self.previous = kb, site_dir, out, previous
        self.env = _env(site_dir / "templates")
        self.fragment_cache: dict[tuple, str] = {}
        self.macros: dict[tuple[str, str], Any] = {}
        self.fragment_scans: dict[str, object] = {}
        self.folders: set[Path] = set()
        # called with (act, its job's result) once the job is done (``render_all``)
        self.store: Callable[[str, JobResult], None] | None = None
        self.view: Callable[[str], Any] = lambda act: kb  # an act job's knowledge base (``kbview``)
        self._findings: tuple[dict, list] | None = None
        self._overview: tuple[list[P.Page], bytes, tuple[bytes, list[str]]] | None = None

    def findings(self) -> tuple[dict, list]:
        """The self-check of the whole corpus, run once (before any fork: ``render_all``)."""
        if self._findings is None:
            self._findings = H.findings_by_act(self.kb)
        return self._findings

    def fragment(self, key: tuple, template: str, macro: str, make_args) -> str:
        """A piece of HTML — ``macro`` of ``template`` called with ``make_args()`` — rendered
        once per ``key`` (which must hold everything the piece depends on)."""
        html = self.fragment_cache.get(key)
        if html is None:
            if (template, macro) not in self.macros:  # the template's module made once, not per piece
                self.macros[(template, macro)] = getattr(self.env.get_template(template).module, macro)
            html = str(self.macros[(template, macro)](*make_args()))
            self.fragment_cache[key] = html
        return html

    def _scan_piece(self, piece: str):
        s = self.fragment_scans.get(piece)
        if s is None:
            s = self.fragment_scans[piece] = scan(piece)
        return s

    def run(self, pages: list[P.Page]) -> JobResult:
        """Render, write and check ``pages``; links to pages of other jobs are left in
        ``elsewhere``. Each distinct link target is checked once per job."""
        result = JobResult()
        links: list[tuple[str, list]] = []
        ids: dict[str, set[str]] = {}
        for page in pages:
            context = dict(page.context, path=page.path, root=P.rel(page.path, ""), nav=_nav(page.path))
            if page.fragments is not None:
                context["fragments"] = Markup(FRAGMENTS)
            text = self.env.get_template(page.template).render(**context)
            if page.fragments is None:
                s = scan(text)
            else:
                head, _, tail = text.partition(FRAGMENTS)
                s = combine([scan(head), *map(self._scan_piece, page.fragments), scan(tail)])
                text = "".join([head, *page.fragments, tail])
            result.problems += page_problems(page.path, s)
            ids[page.path] = set(s.ids)
            result.ids[page.path] = "\n".join(sorted(ids[page.path]))  # compact: kept to the end
            links.append((page.path, s.links))
            _write(self.out, page.path, text.encode("utf-8"), result, self.folders, self.previous)
        checked: set[tuple[str, str]] = set()
        for path, page_links in links:
            result.problems += link_problems(
                path, page_links, ids.__contains__, ids.get, result.elsewhere, checked
            )
        self.fragment_cache.clear()
        self.fragment_scans.clear()
        return result

    def job(self, job: tuple) -> JobResult:
        kind, arg = job
        kb = self.kb
        if kind == "act":  # the act's page and timelines, the orders amending it, their source texts
            kb = self.view(arg)  # its own objects from the stage cache when there is one (kbview.py)
            h = kb.history(arg)
            orders = kb.corpus.orders_for(parse_act_id(arg))
            sources = [kb.corpus.get(parse_act_id(arg)), *orders]
            path = P.act_path(arg)
            alignment = align_act(h)  # as of the latest source: the page's pair flags and its about section
            about = H.act_about(kb, h, path, self.findings()[0][arg], alignment)
            answers = P.latest_answers(h)  # what the page shows (and timelines.js leaves out)
            result = self.run(
                P.act_pages(kb, h, self.fragment, alignment, about, answers)
                + O.order_pages(kb, orders)
                + [P.Page(x["path"], "source.html", {"s": x}) for x in G.source_texts(kb, sources)]
            )
            data, links = timelines_js(kb, h, answers)
            _write(self.out, P.data_path(arg), data, result, self.folders, self.previous)
            result.elsewhere += [(path, "href", url) for url in links]  # checked with the whole site
            result = _settle(self._feed(arg, result, kb))
            if self.store is not None:
                self.store(arg, result)
            _forget_act()
            return result
        pages, acts_index, feed = self.overview_inputs()
        result = self.run(pages)
        from normbase.site.search_shards import write_files

        def search_file(path: str, text: str) -> None:  # static/search/…, see search_shards.py
            _write(self.out, path, text.encode(), result, self.folders)

        # each act's timelines read afresh (a child may share the knowledge base: render_all)
        write_files(OneActAtATime(kb, self.view), search_file, getattr(self.view, "cache", None))
        for path, data in i18n_js(self.site_dir).items():
            _write(self.out, path, data, result)
        _write(self.out, "static/acts-index.js", acts_index, result)
        return self._feed(None, result, kb, feed)

    def overview_inputs(self) -> tuple[list[P.Page], bytes, tuple[bytes, list[str]]]:
        """What the overview reads of the whole knowledge base, made once: its pages (the home
        list, holdings, checks, search, prose, the pages of any order no act job covers — none
        while every order must amend an act of the corpus, as sources.py requires), the acts'
        index and the corpus feed. ``render_all`` asks before it forks: made while a child
        shares the knowledge base, they would copy every page of it they touch (each act's
        answers are asked), in this process."""
        if self._overview is None:
            kb = self.kb
            covered = {str(o.id) for h in kb.histories for o in kb.corpus.orders_for(parse_act_id(h.act))}
            covered |= {h.act for h in kb.histories}
            loose = [o for o in kb.corpus.orders if str(o.id) not in covered]
            others = [s for s in list(kb.corpus.acts) + loose if str(s.id) not in covered]
            notes = [{"id": str(x.id), "note": x.note} for x in kb.corpus.all() if x.note]
            from normbase import feeds

            pages = (
                H.home_pages(kb)
                + [H.holdings_page(kb, O.holdings(kb), notes)]
                + H.check_pages(kb, self.findings())
                + [P.Page("search.html", "search.html", {})]
                + _prose(self.site_dir)
                + O.order_pages(kb, loose)
                + [P.Page(x["path"], "source.html", {"s": x}) for x in G.source_texts(kb, others)]
            )
            self._overview = (pages, H.acts_index_js(kb), feeds.atom(kb, None))
        return self._overview

    def _feed(self, act: str | None, result: JobResult, kb, feed=None) -> JobResult:
        """The Atom feed of an act (or of the corpus, ``feed`` when made already); its links
        are checked with the whole site."""
        from normbase import feeds

        data, links = feed or feeds.atom(kb, act)
        path = feeds.feed_path(act)
        _write(self.out, path, data, result, self.folders, self.previous)
        result.elsewhere += [(path, "href", url) for url in links]
        return result


def _forget_act() -> None:
    """An act job's memos of its own act let go (links' paths, compared wordings that hold its
    texts), so that a process's memory does not grow with the acts it renders."""
    forget_links()
    compare.cache_clear()


def _settle(result: JobResult) -> JobResult:
    """The links the job's data file and feed hold into the job's own pages checked now, and one
    link kept per target leaving the job (memory held per act until the end stays small)."""
    own = set(result.paths)
    ids: dict[str, set[str]] = {}

    def ids_of(target: str) -> set[str]:
        if target not in ids:
            ids[target] = result.ids_of(target) or set()
        return ids[target]

    leaving: list[tuple[str, str, str]] = []
    checked: set[tuple[str, str]] = set()
    for page, tag, url in result.elsewhere:
        result.problems += link_problems(page, [(tag, url)], own.__contains__, ids_of, leaving, checked)
    result.elsewhere = leaving
    return result


def _jobs(kb) -> list[tuple]:
    """The overview pages first, then each act with the orders amending it."""
    return [("overview", None)] + [("act", h.act) for h in kb.histories]


def _heaviest_first(kb, jobs: list[tuple]) -> list[tuple]:
    """The overview first, then the acts from the most work to the least (an act's work grows
    with its units and version dates), so that the last jobs taken are short."""

    def weight(job: tuple) -> int:
        h = kb.history(job[1])
        return len(h.timelines) * (len(P.version_dates(h)) + 2)  # answers asked per interval

    overview = [job for job in jobs if job[0] != "act"]
    return overview + sorted((job for job in jobs if job[0] == "act"), key=lambda j: (-weight(j), j[1]))


def _merge(results) -> JobResult:
    total = JobResult()
    for r in results:
        total.paths += r.paths
        total.bytes += r.bytes
        total.problems += r.problems
        total.elsewhere += r.elsewhere
        total.kept += r.kept
        total.hashes.update(r.hashes)
        total.ids.update(r.ids)
        total.reused += r.reused
    return total


def render_all(
    kb, site_dir: Path, out: Path, workers: int, previous: Path | None = None, cache: Cache | None = None
) -> JobResult:
    """Every page and file of the site, written into ``out``; returns what the checks found.

    With a stage ``cache``, an act job whose digest (``reuse.py``) a previous build stored, and
    whose files are still in the ``previous`` site as written, is not rendered: its files are
    linked from there. With ``workers`` > 1 and a large enough corpus, the jobs are a queue:
    this process starts with the overview (its inputs made before the fork), a forked child per
    extra core with the heaviest act, then each takes the next job (``parallel.run_queue``)."""
    from normbase.reflinks import warm

    warm(kb, cache)  # the references of the whole corpus (links and "cited by"), once, before any fork
    renderer = _Renderer(kb, site_dir, out, previous)
    renderer.findings()  # the self-check, once for every job
    renderer.overview_inputs()  # what the overview reads of the whole knowledge base (before a fork)
    renderer.view = Views(kb, cache)
    jobs, kept = _jobs(kb), []
    if cache is not None and cache.folder is not None:
        digests = act_digests(kb, fingerprint(site_dir.parent, ("site",)), renderer.findings()[0])
        renderer.store = lambda act, result: cache.put("site-act", digests[act], result)
        for job in jobs[1:]:
            stored = cache.load("site-act", digests[job[1]]) if previous is not None else None
            if stored is not None and relink(previous, out, stored):
                kept.append(dataclasses.replace(stored, kept=len(stored.paths), reused=1))
        done = {path for r in kept for path in r.paths}
        jobs = [job for job in jobs if job[0] != "act" or P.act_path(job[1]) not in done]
    if workers > 1 and len(jobs) > PARALLEL_FROM and parallel.can_fork():
        # a queue: this process does the overview (it reads the whole knowledge base, which a
        # child would copy) while the children render acts; then every process takes the next act
        queue = _heaviest_first(kb, jobs)
        rendered = dict(zip(queue, parallel.run_queue(queue, renderer.job, {}, workers - 1)))
        total = _merge([rendered[jobs[0]], *kept, *(rendered[job] for job in jobs[1:])])
    else:
        total = _merge([*kept, *(renderer.job(job) for job in jobs)])
    static = site_dir / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            name = f"static/{path.relative_to(static).as_posix()}"
            _write(out, name, path.read_bytes(), total, None, previous)
    return total


def refuse_links(site_dir: Path) -> None:
    """The site's templates, styles and pages stay inside the project: a symbolic link in
    ``site/`` (it would publish whatever it points to) is an ``InputError``."""
    if site_dir.is_symlink():
        raise InputError("is a symbolic link: normbase reads only files inside the project", site_dir)
    for base, dirs, names in os.walk(site_dir):
        for name in dirs + names:
            if os.path.islink(os.path.join(base, name)):
                raise InputError(
                    "is a symbolic link: normbase reads only files inside the project",
                    os.path.join(base, name),
                )


def build_site(
    kb, root: Path, out: Path, strict: bool = False, workers: int | None = None, cache: Cache | None = None
) -> dict:
    """Render, check, swap in. Returns a summary; ``InputError`` on broken links or HTML (and,
    with ``strict``, on any warning) — then the previous site stays as it was."""
    site_dir = root / "site"
    if not (site_dir / "templates").is_dir():
        raise InputError("missing site templates folder", site_dir / "templates")
    refuse_links(site_dir)
    warnings = site_warnings(kb)
    if strict and warnings:
        raise InputError(f"--strict: {len(warnings)} warnings (nothing written), e.g. {warnings[0]}", out)
    workers = workers or min(2, os.cpu_count() or 1)
    previous = Path(out) if Path(out).is_dir() else None  # its files of unchanged bytes are kept
    with staged(out, "a site normbase wrote") as tmp:
        result = render_all(kb, site_dir, tmp, workers, previous, cache)
        problems = check_site(tmp, result)
        if problems:
            raise InputError(f"{len(problems)} site problems (nothing written), e.g. {problems[0]}", out)
    return {
        "pages": sum(1 for p in result.paths if p.endswith(".html")),
        "files": len(result.paths),
        "bytes": result.bytes,
        "kept": result.kept,
        "acts_kept": result.reused,
        "hashes": result.hashes,  # path → sha256 of every file written or kept
        "warnings": warnings,
        "out": str(out),
    }
