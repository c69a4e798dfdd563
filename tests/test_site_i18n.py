"""The interface strings of the static site: one file per language, and every page loading one.

Built from the seeds: ``static/i18n/<lang>.js`` holds exactly ``site/i18n/<lang>.json`` and no
other language's table; no page names a table in its markup (the loader in its head writes in
the one the reader's language needs: ``templates/base.html``, browser tests in
``tests/browser/test_i18n_browser.py``), and every page's loader offers every language and
points at the folder that holds them, from wherever the page is.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from site_projects import read_tree  # noqa: E402

from normbase.pipeline import build  # noqa: E402
from normbase.site import build_site  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TABLE = re.compile(r'\(window\.NB_I18N=window\.NB_I18N\|\|\{\}\)\["(\w+)"\]=(.*);\n', re.S)
LOADER = re.compile(r'<script src="([^"]*)static/lang\.js"></script>\n</head>')   # the page's head
LANGS = re.compile(r'\}\)\((\[[^\]]*\])\);\s*$')   # static/lang.js: the table's languages


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("site-i18n") / "site"
    build_site(build(ROOT), ROOT, out)
    return read_tree(out)


def json_tables() -> dict[str, dict]:
    folder = ROOT / "site" / "i18n"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def test_each_language_has_its_own_file_holding_its_table_only(site):
    tables = json_tables()
    files = {p for p in site if p.startswith("static/i18n")}
    assert files == {f"static/i18n/{lang}.js" for lang in tables}      # and no static/i18n.js of them all
    for lang, table in tables.items():
        m = TABLE.fullmatch(site[f"static/i18n/{lang}.js"].decode("utf-8"))
        assert m and m.group(1) == lang
        assert json.loads(m.group(2)) == table                            # the whole file: one table


def test_every_page_loads_one_table_through_its_loader(site):
    langs = sorted(json_tables())
    pages = [p for p in site if p.endswith(".html")]
    assert {p.count("/") for p in pages} >= {0, 1, 2}                # pages at every depth
    for path in pages:
        text = site[path].decode("utf-8")
        assert "i18n/" not in re.sub(r"<script>.*?</script>", "", text, flags=re.S), path   # no table named
        m = LOADER.search(text)
        assert m, path
        loader = posixpath.normpath(posixpath.join(posixpath.dirname(path), m.group(1) + "static/lang.js"))
        assert loader == "static/lang.js", path
        folder = "static/i18n"    # lang.js: next to itself, in i18n/
    assert all(f"{folder}/{lang}.js" in site for lang in langs), path
    script = site["static/lang.js"].decode("utf-8")
    m = LANGS.search(script)
    assert m and sorted(json.loads(m.group(1))) == langs
    assert 'replace(/[^\\/]*$/, "") + "i18n/"' in script
