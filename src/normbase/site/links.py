"""Checks over the generated site: links, anchors, off-site URLs, well-formed HTML.

reads: the generated files (path → bytes); writes: nothing; returns problems (strings).

- ``check_links``: every ``href``/``src`` (and a ``meta refresh`` target) must point at a
  file of the site (relative URL), and every ``#fragment`` at an ``id`` in the target page.
  Any absolute URL (``http:``, ``https:``, ``//host``) is an off-site request and a
  problem: the site ships everything it uses. ``url(…)`` in the CSS is checked too.
- ``check_html``: every page parses with balanced tags, has ``<html lang>`` and a
  ``<title>``, and no ``id`` twice (an anchor must name one place).
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# elements whose end tag HTML lets a page leave out; the templates close them anyway,
# but a stray one is not an error of structure
OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody option".split())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.dup_ids: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.html_lang = None
        self.title = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag == "title":
            self.title = True
        if tag not in VOID:
            self.stack.append(tag)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                if value in self.ids:
                    self.dup_ids.append(value)
                self.ids.add(value)
            if name in ("href", "src"):
                self.links.append((tag, value))
            elif name == "content" and tag == "meta" and "url=" in value.lower():
                self.links.append((tag, value.split("=", 1)[1].strip()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in self.stack:
            while self.stack and self.stack[-1] != tag:
                left = self.stack.pop()
                if left not in OPTIONAL_END:
                    self.errors.append(f"<{left}> not closed before </{tag}>")
            self.stack.pop()
        else:
            self.errors.append(f"</{tag}> without <{tag}>")


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _resolve(path: str, url: str) -> tuple[str | None, str, str | None]:
    """(target file or None when off-site/ignored, fragment, problem)."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme in ("mailto", "data"):
            return None, "", None
        return None, "", f"off-site URL {url!r}"
    if url.startswith("javascript:"):
        return None, "", None
    target = path if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
    if parts.path.endswith("/") or target == ".":
        target = posixpath.join("" if target == "." else target, "index.html")
    return target, unquote(parts.fragment), None


def parse_pages(files: dict[str, bytes]) -> dict[str, _Collector]:
    """Every page of the site, parsed once (both checks read the result)."""
    return {path: parse(data.decode("utf-8")) for path, data in files.items() if path.endswith(".html")}


def check_links(files: dict[str, bytes], parsed: dict[str, _Collector] | None = None) -> list[str]:
    parsed = parse_pages(files) if parsed is None else parsed
    problems = []
    for path, page in sorted(parsed.items()):
        for tag, url in page.links:
            target, fragment, problem = _resolve(path, url)
            if problem:
                problems.append(f"{path}: {problem} in <{tag}>")
            if target is None:
                continue
            if target.startswith("../") or target not in files:
                problems.append(f"{path}: broken link {url!r} (no {target})")
                continue
            if fragment and target in parsed and fragment not in parsed[target].ids:
                problems.append(f"{path}: broken anchor {url!r} (no id {fragment!r} in {target})")
    for path, data in sorted(files.items()):
        if not path.endswith(".css"):
            continue
        for url in _CSS_URL.findall(data.decode("utf-8")):
            target, _, problem = _resolve(path, url)
            if problem:
                problems.append(f"{path}: {problem} in url()")
            elif target is not None and target not in files:
                problems.append(f"{path}: broken url({url!r}) (no {target})")
    return problems


def check_html(files: dict[str, bytes], parsed: dict[str, _Collector] | None = None) -> list[str]:
    problems = []
    for path, data in sorted(files.items()):
        if not path.endswith(".html"):
            continue
        page = parsed[path] if parsed is not None else parse(data.decode("utf-8"))
        problems += [f"{path}: {e}" for e in page.errors]
        left = [t for t in page.stack if t not in OPTIONAL_END]
        if left:
            problems.append(f"{path}: unclosed <{'>, <'.join(left)}>")
        if not page.html_lang:
            problems.append(f"{path}: <html> has no lang")
        if not page.title:
            problems.append(f"{path}: no <title>")
        problems += [f"{path}: id {i!r} appears twice" for i in sorted(set(page.dup_ids))]
    return problems
