"""Link checker for the generated site.

reads: the generated pages (path → bytes); writes: nothing; returns problems.

Every ``href``/``src`` must point at a page or file of the site (relative URL), and every
``#fragment`` at an ``id`` in the target page. Any absolute URL (``http:``, ``https:``,
``//host``) is an off-site request and a problem: the site ships everything it uses.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src") or (name == "content" and tag == "meta" and "url=" in value.lower()):
                if name == "content":
                    value = value.split("=", 1)[1].strip()
                self.links.append((tag, value))


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def check_links(files: dict[str, bytes]) -> list[str]:
    parsed = {path: parse(data.decode("utf-8")) for path, data in files.items() if path.endswith(".html")}
    problems = []
    for path, page in sorted(parsed.items()):
        base = posixpath.dirname(path)
        for tag, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if parts.scheme not in ("", "mailto"):
                    problems.append(f"{path}: off-site URL {url!r} in <{tag}>")
                continue
            if url.startswith("javascript:"):
                continue
            target = path if not parts.path else posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            if target.endswith("/") or parts.path.endswith("/"):
                target = posixpath.join(target, "index.html")
            if target not in files:
                problems.append(f"{path}: broken link {url!r} (no {target})")
                continue
            if parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                problems.append(f"{path}: broken anchor {url!r} (no id {parts.fragment!r} in {target})")
    return problems
