"""The home page's first view at scale: the bytes a browser fetches to show the list of acts.

reads: a project folder (e.g. one ``benchmarks/synth.py`` wrote); writes: the home pages,
``static/acts-index.js`` and the static files into a temporary folder (not the whole site).

    PYTHONPATH=src python benchmarks/synth.py --acts 1000 --orders 2 --out /tmp/syn1000
    PYTHONPATH=src python benchmarks/site_home.py /tmp/syn1000

Prints, for ``index.html`` and what it loads before any filter is used (style.css,
i18n.js, app.js, home.js), the raw and gzip -9 sizes; and the lazily fetched acts index.
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


def main(root: Path) -> dict:
    t0 = time.perf_counter()
    kb = build(root)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        r = _Renderer(kb, root / "site", out)
        r.run(H.home_pages(kb))
        t2 = time.perf_counter()
        files = {"index.html": (out / "index.html").read_bytes(),
                 "static/i18n.js": i18n_js(root / "site"),
                 "static/acts-index.js": H.acts_index_js(kb)}
        for name in ("style.css", "app.js", "home.js"):
            files[f"static/{name}"] = (root / "site" / "static" / name).read_bytes()
        sizes = {k: (len(v), len(gzip.compress(v, 9))) for k, v in files.items()}
        pages = sum(1 for _ in (out / "list").glob("*.html")) + 1
    first = sum(v[1] for k, v in sizes.items() if k != "static/acts-index.js")
    return {"acts": len(kb.histories), "list_pages": pages, "sizes": sizes, "first_view_gzip": first,
            "first_view_raw": sum(v[0] for k, v in sizes.items() if k != "static/acts-index.js"),
            "kb_seconds": round(t1 - t0, 1), "home_seconds": round(t2 - t1, 1)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), indent=1))
