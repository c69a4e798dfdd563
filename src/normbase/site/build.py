"""Site build: gather every page → check every internal link and anchor → write.

reads: a ``KnowledgeBase`` and the project's ``site/`` folder (``templates/`` for Jinja2,
``static/`` copied as is, ``pages/*.md`` prose rendered with markdown-it-py);
writes: the output folder (default ``out/site``), atomically (``store.write_atomically``:
a failed build leaves the previous site as it was) and byte-identically for the same
input: pages are rendered in sorted order, JSON is key-sorted, nothing reads the clock.

Legal text never goes through Markdown: it is rendered from the tree by the templates,
with Jinja2's autoescaping on, so ``<``, ``>``, ``&`` and quotes in a source show literally.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from normbase.errors import InputError
from normbase.site import overview as O
from normbase.site import pages as P
from normbase.site.links import check_html, check_links, parse_pages
from normbase.store import write_atomically

NAV = (("index.html", "Acts", "en"), ("search.html", "Іздеу · Поиск", None), ("check.html", "Check", "en"),
       ("about.html", "About", "en"), ("cite.html", "How to cite", "en"), ("add-act.html", "Add an act", "en"))


def _env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["rel"] = P.rel
    env.globals["STATUS_TEXT"] = P.STATUS_TEXT
    env.globals["LANG_NAMES"] = P.LANG_NAMES
    return env


def _prose(site_dir: Path) -> list[P.Page]:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    out = []
    for path in sorted((site_dir / "pages").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        out.append(P.Page(f"{path.stem}.html", "prose.html", {"title": title, "body": md.render(text)}))
    return out


def gather(kb, site_dir: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site (path → bytes) and the warnings met on the way."""
    env = _env(site_dir / "templates")
    pages = [O.home_page(kb), O.check_page(kb)] + O.order_pages(kb) + _prose(site_dir)
    for h in kb.histories:
        pages += P.act_pages(kb, h) + P.history_pages(kb, h)
    pages.append(P.Page("search.html", "search.html", {}))
    files: dict[str, bytes] = {}
    for page in sorted(pages, key=lambda p: p.path):
        if page.path in files:
            raise InputError(f"two pages at {page.path}", site_dir)
        context = dict(page.context, path=page.path, root=P.rel(page.path, ""), nav=_nav(page.path))
        files[page.path] = env.get_template(page.template).render(**context).encode("utf-8")
    static = site_dir / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    files["static/search-index.js"] = search_index_js(kb)
    warnings = [f"{d.file}:{d.line}: {d.message}" for d in kb.diagnostics]
    return files, warnings


def _nav(path: str) -> list[dict]:
    return [{"url": P.rel(path, target), "text": text, "lang": lang, "current": target == path} for target, text, lang in NAV]


def search_index_js(kb) -> bytes:
    """The client-side search index (``window.NB_INDEX``), see ``search_index.py``."""
    from normbase.site.search_index import client_index

    payload = json.dumps(client_index(kb), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")   # no "</script>" in the file, even if someone inlines it
    return f"window.NB_INDEX={payload};\n".encode("utf-8")


def check(files: dict[str, bytes]) -> list[str]:
    """Every problem that must stop a build: broken links and anchors, off-site URLs,
    pages that do not parse as well-formed HTML."""
    parsed = parse_pages(files)
    return check_links(files, parsed) + check_html(files, parsed)


def build_site(kb, root: Path, out: Path, strict: bool = False) -> dict:
    """Gather, check, write. Returns a summary; ``InputError`` on broken links or HTML (and,
    with ``strict``, on any warning) — then nothing is written and the previous site stays."""
    site_dir = root / "site"
    if not (site_dir / "templates").is_dir():
        raise InputError("missing site templates folder", site_dir / "templates")
    files, warnings = gather(kb, site_dir)
    problems = check(files)
    if problems:
        raise InputError(f"{len(problems)} site problems (nothing written), e.g. {problems[0]}", out)
    if strict and warnings:
        raise InputError(f"--strict: {len(warnings)} warnings (nothing written), e.g. {warnings[0]}", out)
    write_atomically(out, files)
    return {"pages": sum(1 for p in files if p.endswith(".html")), "files": len(files),
            "bytes": sum(len(b) for b in files.values()), "warnings": warnings, "out": str(out)}
