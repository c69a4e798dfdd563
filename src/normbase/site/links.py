"""Checks over the generated site: links, anchors, off-site URLs, well-formed HTML.

reads: generated HTML (strings) and file lists (``check_site``: the rendered site's pages no job
scanned and its stylesheets); writes: nothing; returns problems (strings).

- ``scan(html)``: regex passes over a page or a piece of one → its ids, its links
  (``href``/``src``, a ``meta refresh`` target), ``<html lang>``, ``<title>`` and the tags
  left open or closed without an opening. The templates write every attribute in double
  quotes and autoescape their values, so a tag is ``<name …>`` with no ``>`` inside; the
  text of ``<script>`` and ``<style>`` is skipped. Many times faster than ``html.parser``
  (tests check that both find the same ids and links on every page of the seed site),
  which is what lets the check run over every page of a large site. ``combine`` puts the
  scans of pieces together, so a piece shared by many pages is scanned once. The tag balance
  is worked out only when asked for (a page read back for its anchors is not balanced), and
  its regex leaves out the elements that hold text only. ``tests/test_links_same.py`` checks
  that this finds exactly what the plainer checker before it found (``tests/links_reference.py``).
- links: every link must point at a file of the site (relative URL), and every
  ``#fragment`` at an ``id`` in the target page (a plain relative URL is cut with string
  methods, a path resolved once per folder; a URL repeated on a page is checked once). Any
  absolute URL (``http:``, ``https:``, ``//host``) is an off-site request and a problem: the
  site ships everything it uses.
  ``url(…)`` in the CSS is checked too.
- HTML: every page has balanced tags, ``<html lang>``, a ``<title>``, and no ``id`` twice.

``check_links(files)`` and ``check_html(files)`` run these over a whole site held as
``path → bytes`` (tests); ``site/build.py`` runs them page by page while it writes.
"""

from __future__ import annotations

import html as htmllib
from pathlib import Path
import posixpath
import re
from collections import Counter
from functools import lru_cache
from urllib.parse import unquote, urlsplit

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# elements whose end tag HTML lets a page leave out; the templates close them anyway,
# but a stray one is not an error of structure
OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody option".split())

_RAW = re.compile(r"(<(script|style)\b[^>]*>).*?(</\2\s*>)", re.S | re.I)  # text not to read as tags
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*+"
# The tags, as <(/?)(name)[^>]*?(/?)> finds them (a tag ends at the first ">"), in one C pass
# that leaves out what changes nothing: an element holding text only, <x …>text</x> (its
# closing tag always closes it), and a self-closing tag (it opens nothing). Each other tag
# is (its name, lowercase, with "/" before when closing) or (its name to lower).
_TAG = re.compile(
    rf"<({_NAME})[^>]*+(?<!/)>[^<]*+</\1(?![a-zA-Z0-9-])[^>]*+>"
    rf"|<{_NAME}[^>]*+(?<=/)>"
    r"|<(/?[a-z][a-z0-9-]*+)(?![A-Z])[^>]*+>"
    rf"|<(/?{_NAME})[^>]*+>"
)
_SKIP = VOID | {"/" + t for t in VOID} | {""}  # what closes or opens nothing
# an id, href or src attribute: \s(id|href|src)="([^"]*)" (in text and in other attributes a
# quote is escaped), found from its =" (a literal the regex engine skips to) and looked behind
# from there; a match is (i, h, value): "i" for an id, "h" for an href, neither for a src
_ATTR = re.compile(r'="(?:(?<=\s(i)d=")|(?<=\s(h)ref=")|(?<=\ssrc="))([^"]*)"')
_REFRESH = re.compile(r'<meta\b[^>]*?\scontent\s*=\s*"([^"]*url=[^"]*)"', re.I)
_HTML_LANG = re.compile(r'<html\b[^>]*?\slang\s*=\s*"([^"]*)"', re.I)
_TITLE = re.compile(r"<title\b", re.I)


class Scan:
    """What a page, or a piece of one, holds; pieces combine (``combine``) into their page.

    The tag balance (``errors``, ``stack``, ``closes_outside``) of a scanned text is worked
    out when first asked for: a page read back only for its ids costs one regex pass."""

    __slots__ = ("ids", "links", "_errors", "_stack", "_closes_outside", "html_lang", "title", "_text")

    def __init__(
        self,
        ids: list[str],
        links: list[tuple[str, str]],  # (attribute, url)
        errors: list[str],  # tags closed over open ones, or closed without an opening
        stack: list[str],  # left open at the end, outermost first
        closes_outside: list[str],  # closed before anything opened here: they close what came before
        html_lang: str | None,
        title: bool,
        text: str | None = None,  # whose tags are still to balance
    ) -> None:
        self.ids, self.links, self.html_lang, self.title = ids, links, html_lang, title
        self._errors, self._stack, self._closes_outside, self._text = errors, stack, closes_outside, text

    def _balance(self) -> None:
        text, self._text = self._text, None
        if text is not None:
            _balance(text, self)

    @property
    def errors(self) -> list[str]:
        self._balance()
        return self._errors

    @property
    def stack(self) -> list[str]:
        self._balance()
        return self._stack

    @property
    def closes_outside(self) -> list[str]:
        self._balance()
        return self._closes_outside

    @property
    def open_tags(self) -> list[str]:
        return [t for t in self.stack if t not in OPTIONAL_END]

    @property
    def balanced(self) -> bool:
        return not (self.errors or self.open_tags or self.closes_outside)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Scan):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in _FIELDS)

    def __repr__(self) -> str:
        return "Scan(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in _FIELDS) + ")"


_FIELDS = ("ids", "links", "errors", "stack", "closes_outside", "html_lang", "title")


def _close(tag: str, out: Scan) -> None:
    """One closing tag against what is open — what a browser would match it with."""
    stack = out._stack
    if tag in stack:
        while stack[-1] != tag:
            left = stack.pop()
            if left not in OPTIONAL_END:
                out._errors.append(f"<{left}> not closed before </{tag}>")
        stack.pop()
    elif all(t in OPTIONAL_END for t in stack):
        stack.clear()
        out._closes_outside.append(tag)
    else:
        out._errors.append(f"</{tag}> without <{tag}>")


def scan(html: str) -> Scan:
    """Ids, links and tag balance of a page or of a piece of one.

    C-speed regex passes over the text (attributes, then — when first asked — tags); only
    the tag balance is a Python loop. A link is reported with its attribute's name (``href``,
    ``src``, ``content`` of a meta refresh). A ``<title>`` counts only in a piece that holds
    ``<html``."""
    if "<script" in html or "<style" in html:
        html = _RAW.sub(r"\1\3", html)
    found = _ATTR.findall(html)
    if "&" in html:
        found = [(i, h, htmllib.unescape(v)) if "&" in v else (i, h, v) for i, h, v in found]
    ids = [v for i, _h, v in found if i]
    links = [("href", v) if h else ("src", v) for i, h, v in found if not i]
    if "<meta" in html:
        links += [
            ("content", c.split("=", 1)[1].strip()) for c in _REFRESH.findall(html) if "url=" in c.lower()
        ]
    html_lang, title = None, False
    if "<html" in html:
        m = _HTML_LANG.search(html)
        html_lang = m.group(1) if m else None
        title = _TITLE.search(html) is not None
    return Scan(ids, links, [], [], [], html_lang, title, html)


def _balance(html: str, out: Scan) -> None:
    """The tags of ``html`` matched against each other into ``out``: a loop with no call
    for an opening tag or one that closes the innermost open element."""
    stack = out._stack
    for _pair, tag, other in _TAG.findall(html):
        if other:
            tag = other.lower()
        if tag in _SKIP:
            continue
        if tag[0] == "/":
            if stack and stack[-1] == tag[1:]:
                del stack[-1]
            else:
                _close(tag[1:], out)
        else:
            stack += (tag,)


def combine(parts) -> Scan:
    """The scan of pieces put one after the other (the same as scanning the joined text)."""
    out = Scan([], [], [], [], [], None, False)
    for s in parts:
        out.ids += s.ids
        out.links += s.links
        out._errors += s.errors
        for tag in s.closes_outside:
            _close(tag, out)
        out._stack += s.stack
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
    return _resolve(path, _dirname(path), url)


_dirname = lru_cache(maxsize=1 << 16)(posixpath.dirname)


def _resolve(path: str, folder: str, url: str) -> tuple[str | None, str, str | None]:
    """``resolve`` with the page's folder at hand. A plain URL — one ``urlsplit`` would only cut
    at its first "#" and "?", with nothing to unquote: no scheme, no host, no "%", no space or
    control character — is cut with ``str.partition``; its path is resolved once per folder."""
    if ":" in url or "%" in url or " " in url or url[:2] == "//" or not url.isprintable():
        if not url or url[0] in "#?":  # this page itself
            return path, unquote(urlsplit(url).fragment), None
        return _resolve_in(folder, url)
    head, _, fragment = url.partition("#")
    if not head or head[0] == "?":  # this page itself
        return path, fragment, None
    target = _target(folder, head.partition("?")[0] if "?" in head else head)
    return (None, "", None) if target is None else (target, fragment, None)


@lru_cache(maxsize=1 << 18)
def _target(folder: str, path: str) -> str | None:
    """The file a plain URL's path names (as ``_resolve_in`` finds it)."""
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(folder, path))
    if path.endswith("/") or target == ".":
        target = posixpath.join("" if target == "." else target, "index.html")
    return target


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


def forget() -> None:
    """Let go of the resolved paths remembered so far. They are worth keeping within a job (its
    pages share folders and targets) but name one act's folders: kept across jobs, they only grow
    with the acts a process renders (``site/build.py`` calls this after each act)."""
    for remembered in (_dirname, _target, _resolve_in):
        remembered.cache_clear()


def link_problems(
    path: str, links, exists, ids_of, elsewhere: list | None = None, checked: set | None = None
) -> list[str]:
    """Broken links and anchors of one page; ``exists(target)`` and ``ids_of(target)`` answer
    for the pages at hand. With ``elsewhere``, a link to a page not at hand is put there as
    ``(path, tag, url)`` to be checked later, instead of being reported broken. ``checked``:
    (target, fragment) pairs already found good, or already put ``elsewhere``, are skipped
    (a set shared between the pages of a job). A URL the page repeats is checked again only
    when it was found broken (and so reported again)."""
    problems: list[str] = []
    folder = _dirname(path)
    seen: set[str] = set()  # URLs of the page found to need nothing more
    for tag, url in links:
        if url in seen:
            continue
        target, fragment, problem = _resolve(path, folder, url)
        if problem:  # (then there is no target)
            problems.append(f"{path}: {problem} in {tag}=")
            continue
        if target is None:
            pass
        elif checked is not None and (target, fragment) in checked:
            pass
        elif elsewhere is not None and target[:3] != "../" and not exists(target):
            elsewhere.append((path, tag, url))
            if checked is None:
                continue  # (every copy of the link goes elsewhere)
            checked.add((target, fragment))  # one check later is enough for every page that links there
        elif target[:3] == "../" or not exists(target):
            problems.append(f"{path}: broken link {url!r} (no {target})")
            continue
        else:
            ids = ids_of(target) if fragment else None
            if ids is not None and fragment not in ids:
                problems.append(f"{path}: broken anchor {url!r} (no id {fragment!r} in {target})")
                continue
            if checked is not None:
                checked.add((target, fragment))
        seen.add(url)
    return problems


def css_problems(path: str, css: str, exists) -> list[str]:
    problems = []
    for url in _CSS_URL.findall(css):
        target, _, problem = resolve(path, url)
        if problem:
            problems.append(f"{path}: {problem} in url()")
        elif target is not None and not exists(target):
            problems.append(f"{path}: broken url({url!r}) (no {target})")
    return problems


def check_links(files: dict[str, bytes]) -> list[str]:
    """Every broken link or anchor and every off-site URL of a whole site held in memory."""
    scans = {p: scan(d.decode("utf-8")) for p, d in files.items() if p.endswith(".html")}
    ids = {p: set(s.ids) for p, s in scans.items()}
    problems = []
    for path, s in sorted(scans.items()):
        problems += link_problems(path, s.links, files.__contains__, ids.get)
    for path, data in sorted(files.items()):
        if path.endswith(".css"):
            problems += css_problems(path, data.decode("utf-8"), files.__contains__)
    return problems


def check_html(files: dict[str, bytes]) -> list[str]:
    """Every page that is not well formed, lacks ``lang`` or a title, or repeats an id."""
    return [
        p
        for path, data in sorted(files.items())
        if path.endswith(".html")
        for p in page_problems(path, scan(data.decode("utf-8")))
    ]


def check_site(out: Path, result) -> list[str]:
    """The links that left their job, and the stylesheets, checked against the whole site (``result``:
    the merged ``build.JobResult`` of every job)."""
    present = set(result.paths)
    if len(present) != len(result.paths):
        counts = Counter(result.paths)
        twice = next(p for p in result.paths if counts[p] > 1)
        return [f"two pages at {twice}"]
    scanned: dict[str, set[str]] = {}

    def ids_of(target: str) -> set[str] | None:  # the ids each job found in its pages
        if target not in scanned:
            found = result.ids_of(target)
            if found is not None:
                scanned[target] = found
            elif target.endswith(".html"):  # (a page no job rendered: static/)
                scanned[target] = set(scan((out / target).read_text(encoding="utf-8")).ids)
            else:
                scanned[target] = set()
        return scanned[target]

    problems = list(result.problems)
    for page, tag, url in result.elsewhere:
        problems += link_problems(page, [(tag, url)], present.__contains__, ids_of)
    for path in result.paths:
        if path.endswith(".css"):
            problems += css_problems(path, (out / path).read_text(encoding="utf-8"), present.__contains__)
    return sorted(problems)
