"""Where a built site's bytes go: by kind of file, and inside the act pages by feature.

reads: a built site folder (``out/site`` of a project ``normbase build`` wrote); writes nothing.

    PYTHONPATH=src python benchmarks/synth.py --acts 100 --orders 5 --repeal-every 10 --wrap 96 \
        --out /tmp/s100
    cp -r site /tmp/s100/site && PYTHONPATH=src python -m normbase --root /tmp/s100 build
    python benchmarks/site_bytes.py /tmp/s100/out/site

Prints two Markdown tables: the files grouped by kind (an act's page, its ``timelines.js``, the
order pages, the source pages, the search files, feeds, …) with their count, MiB and share of the
site; and the act pages' bytes by feature (the cells' metadata lines, the wordings, the
``#about`` section and its alignment table, …), each as a share of all act pages. A feature's
bytes are those of the elements the pattern matches, tags included; the features overlap
nowhere except the alignment table, which is inside ``#about``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

FEATURES = {
    "cells' metadata (`p.meta`)": r'<p class="meta".*?</p>',
    "wordings (`p.wording`)": r'<p class="wording">.*?</p>',
    "gaps (`p.gap`)": r'<p class="gap.*?</p>',
    "reasons of a cell (`p.reason`)": r'<p class="reason".*?</p>',
    "alignment reasons of a unit (`p.pair-reasons`)": r'<p class="pair-reasons".*?</p>',
    "unit headers (`header.unit-head`)": r'<header class="unit-head">.*?</header>',
    "table of contents (`nav.toc`)": r'<nav class="toc".*?</nav>',
    "`#about` section": r'<section class="about".*?</section>',
    "… of it the alignment table": r'<table class="alignment.*?</table>',
    "everything before the table of contents": r"^.*?(?=<nav class=\"toc\")",
}


def kind_of(rel: Path) -> str:
    parts = rel.parts
    if parts[0] == "acts":
        return f"acts/<act>/{rel.name}"
    if parts[0] == "static" and len(parts) > 2 and parts[1] == "search":
        return "static/search/*"
    if parts[0] in ("orders", "sources", "feeds", "static", "list"):
        return f"{parts[0]}/*{rel.suffix}"
    return "other pages (home, search, check, …)"


def main() -> None:
    site = Path(sys.argv[1])
    size: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for p in sorted(site.rglob("*")):
        if p.is_file():
            k = kind_of(p.relative_to(site))
            size[k] += p.stat().st_size
            count[k] += 1
    total = sum(size.values())
    print(f"site: {total / 2**20:.2f} MiB, {sum(count.values()):,} files\n")
    print("| files | count | MiB | share |\n|---|---:|---:|---:|")
    for k, v in size.most_common():
        print(f"| {k} | {count[k]:,} | {v / 2**20:.2f} | {v / total:.1%} |")
    feat: Counter[str] = Counter()
    pages = 0
    for f in sorted(site.glob("acts/*/index.html")):
        html = f.read_text(encoding="utf-8")
        pages += len(html.encode())
        for name, pattern in FEATURES.items():
            feat[name] += sum(len(m.group(0).encode()) for m in re.finditer(pattern, html, re.S))
    print(f"\nact pages: {pages / 2**20:.2f} MiB\n")
    print("| feature of the act pages | MiB | share of act pages |\n|---|---:|---:|")
    for name in FEATURES:
        print(f"| {name} | {feat[name] / 2**20:.2f} | {feat[name] / max(pages, 1):.1%} |")


if __name__ == "__main__":
    main()
