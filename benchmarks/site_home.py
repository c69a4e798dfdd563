"""The home page's first view at scale: the bytes a browser fetches to show the list of acts.

reads: a project folder (e.g. one ``benchmarks/synth.py`` wrote); writes: the home pages,
``static/acts-index.js`` and the static files into a temporary folder (not the whole site).

    PYTHONPATH=src python benchmarks/synth.py --acts 1000 --orders 2 --out /tmp/syn1000
    PYTHONPATH=src python benchmarks/site_home.py /tmp/syn1000

Prints, for ``index.html`` and what it loads before any filter is used (style.css, app.js,
home.js and the one string table of the reader's language, ``static/i18n/<lang>.js``), the
raw and gzip -9 sizes; the first view in each interface language (``first_view``) and the
largest of them (``first_view_raw`` / ``first_view_gzip``); and the lazily fetched acts index.
Fonts (``static/fonts``, asked for by style.css) are not counted.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

from normbase.pipeline import build
from normbase.site import home as H
from normbase.site.build import _Renderer, i18n_js

SHARED = ("index.html", "static/style.css", "static/app.js", "static/home.js")


def main(root: Path) -> dict:
    t0 = time.perf_counter()
    kb = build(root)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        r = _Renderer(kb, root / "site", out)
        r.run(H.home_pages(kb))
        t2 = time.perf_counter()
        files = {"index.html": (out / "index.html").read_bytes(), **i18n_js(root / "site"),
                 "static/acts-index.js": H.acts_index_js(kb)}
        for name in ("style.css", "app.js", "home.js"):
            files[f"static/{name}"] = (root / "site" / "static" / name).read_bytes()
        sizes = {k: (len(v), len(gzip.compress(v, 9))) for k, v in files.items()}
        pages = sum(1 for _ in (out / "list").glob("*.html")) + 1
    views = {}
    for path in sorted(p for p in sizes if p.startswith("static/i18n/")):
        parts = [sizes[p] for p in (*SHARED, path)]
        views[Path(path).stem] = (sum(raw for raw, _ in parts), sum(gz for _, gz in parts))
    return {"acts": len(kb.histories), "list_pages": pages, "sizes": sizes, "first_view": views,
            "first_view_raw": max(raw for raw, _ in views.values()),
            "first_view_gzip": max(gz for _, gz in views.values()),
            "kb_seconds": round(t1 - t0, 1), "home_seconds": round(t2 - t1, 1)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), indent=1))
