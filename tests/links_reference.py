"""The link and HTML checker as it was before it was made faster (normbase 22aaa9f,
``src/normbase/site/links.py``): the reference ``test_links_same.py`` compares the checker with.
Kept as it was; not used by normbase itself."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# elements whose end tag HTML lets a page leave out; the templates close them anyway,
# but a stray one is not an error of structure
OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody option".split())

_RAW = re.compile(r"(<(script|style)\b[^>]*>).*?(</\2\s*>)", re.S | re.I)  # text not to read as tags
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_ATTR = re.compile(r'\s(id|href|src)="([^"]*)"')  # in text and in other attributes a quote is escaped
_REFRESH = re.compile(r'<meta\b[^>]*?\scontent\s*=\s*"([^"]*url=[^"]*)"', re.I)
_HTML_LANG = re.compile(r'<html\b[^>]*?\slang\s*=\s*"([^"]*)"', re.I)
_TITLE = re.compile(r"<title\b", re.I)


@dataclass
class Scan:
    """What a page, or a piece of one, holds; pieces combine (``combine``) into their page."""

    ids: list[str]
    links: list[tuple[str, str]]  # (attribute, url)
    errors: list[str]  # tags closed over open ones, or closed without an opening
    stack: list[str]  # left open at the end, outermost first
    closes_outside: list[str]  # closed before anything opened here: they close what came before
    html_lang: str | None
    title: bool

    @property
    def open_tags(self) -> list[str]:
        return [t for t in self.stack if t not in OPTIONAL_END]

    @property
    def balanced(self) -> bool:
        return not (self.errors or self.open_tags or self.closes_outside)


def _close(tag: str, out: Scan) -> None:
    """One closing tag against what is open — what a browser would match it with."""
    stack = out.stack
    if tag in stack:
        while stack[-1] != tag:
            left = stack.pop()
            if left not in OPTIONAL_END:
                out.errors.append(f"<{left}> not closed before </{tag}>")
        stack.pop()
    elif all(t in OPTIONAL_END for t in stack):
        stack.clear()
        out.closes_outside.append(tag)
    else:
        out.errors.append(f"</{tag}> without <{tag}>")


def scan(html: str) -> Scan:
    """Ids, links and tag balance of a page or of a piece of one.

    Two C-speed regex passes over the text (attributes, tags); only the tag balance is
    a Python loop. A link is reported with its attribute's name (``href``, ``src``,
    ``content`` of a meta refresh). A ``<title>`` counts only in a piece that holds ``<html``."""
    if "<script" in html or "<style" in html:
        html = _RAW.sub(r"\1\3", html)
    out = Scan([], [], [], [], [], None, False)
    for name, value in _ATTR.findall(html):
        if "&" in value:
            value = htmllib.unescape(value)
        if name == "id":
            out.ids.append(value)
        else:
            out.links.append((name, value))
    if "<meta" in html:
        out.links += [
            ("content", c.split("=", 1)[1].strip()) for c in _REFRESH.findall(html) if "url=" in c.lower()
        ]
    if "<html" in html:
        m = _HTML_LANG.search(html)
        out.html_lang = m.group(1) if m else None
        out.title = _TITLE.search(html) is not None
    stack = out.stack
    for close, tag, self_closing in _TAG.findall(html):
        if not tag.islower():
            tag = tag.lower()
        if tag in VOID:
            continue
        if close:
            _close(tag, out)
        elif not self_closing:
            stack.append(tag)
    return out


def combine(parts) -> Scan:
    """The scan of pieces put one after the other (the same as scanning the joined text)."""
    out = Scan([], [], [], [], [], None, False)
    for s in parts:
        out.ids += s.ids
        out.links += s.links
        out.errors += s.errors
        for tag in s.closes_outside:
            _close(tag, out)
        out.stack += s.stack
        out.html_lang = out.html_lang or s.html_lang
        out.title = out.title or s.title
    return out


def page_problems(path: str, s: Scan) -> list[str]:
    """What is wrong with one whole page."""
    problems = [f"{path}: {e}" for e in s.errors]
    problems += [f"{path}: </{t}> without <{t}>" for t in s.closes_outside]
    if s.open_tags:
        problems.append(f"{path}: unclosed <{'>, <'.join(s.open_tags)}>")
    if not s.html_lang:
        problems.append(f"{path}: <html> has no lang")
    if not s.title:
        problems.append(f"{path}: no <title>")
    dups = sorted(i for i, n in Counter(s.ids).items() if n > 1)
    problems += [f"{path}: id {i!r} appears twice" for i in dups]
    return problems


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def resolve(path: str, url: str) -> tuple[str | None, str, str | None]:
    """(target file or None when off-site/ignored, fragment, problem)."""
    if not url or url[0] in "#?":  # this page itself
        return path, unquote(urlsplit(url).fragment), None
    return _resolve_in(posixpath.dirname(path), url)


@lru_cache(maxsize=1 << 16)
def _resolve_in(folder: str, url: str) -> tuple[str | None, str, str | None]:
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme in ("mailto", "data"):
            return None, "", None
        return None, "", f"off-site URL {url!r}"
    if url.startswith("javascript:"):
        return None, "", None
    if not parts.path:
        return None, "", None
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if parts.path.endswith("/") or target == ".":
        target = posixpath.join("" if target == "." else target, "index.html")
    return target, unquote(parts.fragment), None


def link_problems(
    path: str, links, exists, ids_of, elsewhere: list | None = None, checked: set | None = None
) -> list[str]:
    """Broken links and anchors of one page; ``exists(target)`` and ``ids_of(target)`` answer
    for the pages at hand. With ``elsewhere``, a link to a page not at hand is put there as
    ``(path, tag, url)`` to be checked later, instead of being reported broken. ``checked``:
    (target, fragment) pairs already found good, or already put ``elsewhere``, are skipped
    (a set shared between the pages of a job)."""
    problems = []
    for tag, url in links:
        target, fragment, problem = resolve(path, url)
        if problem:
            problems.append(f"{path}: {problem} in {tag}=")
        if target is None:
            continue
        if checked is not None:
            if (target, fragment) in checked:
                continue
        if elsewhere is not None and not exists(target) and not target.startswith("../"):
            elsewhere.append((path, tag, url))
            if checked is not None:  # one check later is enough for every page that links there
                checked.add((target, fragment))
            continue
        if target.startswith("../") or not exists(target):
            problems.append(f"{path}: broken link {url!r} (no {target})")
            continue
        if fragment:
            ids = ids_of(target)
            if ids is not None and fragment not in ids:
                problems.append(f"{path}: broken anchor {url!r} (no id {fragment!r} in {target})")
                continue
        if checked is not None:
            checked.add((target, fragment))
    return problems
