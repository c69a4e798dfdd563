"""The faster link and HTML checker finds exactly what the one before it found
(``links_reference.py``): the same ids, links, tag balance and problems, on generated HTML
and links and on every page of the seed site.
"""

from __future__ import annotations

import sys
from pathlib import Path

import links_reference as ref
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from site_projects import read_tree  # noqa: E402

from normbase.pipeline import build  # noqa: E402
from normbase.site import build_site  # noqa: E402
from normbase.site import links  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("ids", "links", "errors", "stack", "closes_outside", "html_lang", "title")


def _fields(s) -> tuple:
    return tuple(getattr(s, k) for k in FIELDS) + (s.open_tags, s.balanced)


def assert_same_scan(html: str) -> None:
    old, new = ref.scan(html), links.scan(html)
    assert _fields(new) == _fields(old), html
    assert links.page_problems("p/x.html", new) == ref.page_problems("p/x.html", old)


# ---------------------------------------------------------------- generated HTML

_NAMES = st.sampled_from(
    [
        "div",
        "p",
        "span",
        "a",
        "abbr",
        "li",
        "td",
        "br",
        "img",
        "meta",
        "html",
        "title",
        "head",
        "DIV",
        "Span",
        "bR",
        "h1",
        "x-y",
        "svg",
        "path",
        "script",
        "style",
        "b",
        "ins",
    ]
)
_URLS = st.sampled_from(
    [
        "",
        "#",
        "#x",
        "#L1",
        "?on=2016#a",
        "x.html",
        "x.html#a",
        "./x.html?h=a#a",
        "../up.html",
        "d/",
        "d/#a",
        ".",
        "..",
        "a%20b.html#c%2Fd",
        "a%2F",
        "//host/x",
        "https://e.kz/",
        "mailto:a@b",
        "data:x",
        "javascript:void(0)",
        " x.html",
        "x.html\t#a",
        "x y.html",
        "#a&amp;b",
        "a.html?x=1&amp;y=2",
        "x:y.html",
        "\u00a0x.html",
        "ü.html#ü",
        "x.html##a",
        "x.html#a?b",
    ]
)


@st.composite
def _tag(draw) -> str:
    name = draw(_NAMES)
    attrs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["id", "href", "src", "class", "content", "lang", "data-id"]),
                st.one_of(_URLS, st.sampled_from(["x", "0;url=y.html", "kk"])),
            ),
            max_size=3,
        )
    )
    space = draw(st.sampled_from([" ", "\n", "\t", "  "]))
    text = "".join(f'{space}{k}="{v}"' for k, v in attrs)
    end = draw(st.sampled_from([">", "/>", " />", "/ >"]))
    return draw(st.sampled_from([f"<{name}{text}{end}", f"</{name}>", f"</{name} >", f"</{name}/>"]))


_PIECES = st.one_of(
    _tag(),
    st.sampled_from(
        [
            "text",
            " ",
            "<",
            ">",
            "< a>",
            "</>",
            "<!-- c -->",
            "<!doctype html>",
            ' id="t"',
            '<html lang="kk">',
            "<title>",
            '<meta http-equiv="refresh" content="0; URL=r.html">',
            "<script>if (a <b) x = '<div>';</script>",
            "<style>p > a {}</STYLE>",
            '<scRipt src="s.js">',
            "&amp;",
            "a&lt;b",
            '"',
            "=",
            "/",
            ' id="',
            'xid="',
            '\thref="',
            ' src="',
            '\u00a0id="',
            ' href="a id="b"',
        ]
    ),
    st.text(alphabet='<>/"= aAbB#?:%&;\n-1', max_size=12),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_generated_html_scans_the_same(pieces):
    assert_same_scan("".join(pieces))


@pytest.mark.parametrize(
    "html",
    [
        "<a>t</abbr>",
        "<abbr>t</a>",
        "<div><a>t</abbr></div>",
        "<A>t</a>",
        "<p>t</P>",
        "<P>t</P></p>",
        "<Div>",
        "<div/>x</div>",
        "<div />x</div>",
        "<div/ >x</div>",
        "<br>x</br>",
        "<BR>x</Br>",
        "<p>x</br></p>",
        '<a title="<b>">x</a>',
        "<a>x</a/>",
        "<a>x</a",
        "<a>x",
        "<a-1>x</a-1>",
        "<a>x<",
        "<a>>x</a>",
        "<li>a<li>b</ul>",
        "</p>x",
        "<td>a</tr>",
        "<span>a</span></div>",
        "<p><b>x</p></b>",
    ],
)
def test_the_tricky_tags_scan_the_same(html):
    assert_same_scan(html)
    assert_same_scan(f"<div>{html}</div>")


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.lists(st.integers(0, 30), max_size=5))
def test_combined_pieces_give_the_same_as_before(pieces, cuts):
    bounds = sorted({0, len(pieces), *(c for c in cuts if c <= len(pieces))})
    parts = ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])]
    old, new = ref.combine(ref.scan(p) for p in parts), links.combine(links.scan(p) for p in parts)
    assert _fields(new) == _fields(old)


# ---------------------------------------------------------------- generated links

_FILES = [
    "x.html",
    "p/x.html",
    "p/d/index.html",
    "index.html",
    "up.html",
    "d/index.html",
    "a b.html",
    "p/a/b.html",
    "ü.html",
]
_IDS = {"x.html": {"a"}, "p/x.html": {"a", "L1", "c/d"}, "p/d/index.html": set(), "index.html": {"a"}}


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from(["p/x.html", "x.html", "p/d/index.html"]),
    st.lists(st.tuples(st.sampled_from(["href", "src", "content"]), _URLS), max_size=25),
    st.sets(st.sampled_from(_FILES)),
    st.sampled_from(["none", "elsewhere", "checked", "both"]),
    st.sets(st.tuples(st.sampled_from(_FILES), st.sampled_from(["", "a", "L1"])), max_size=3),
)
def test_generated_links_give_the_same_problems(page, page_links, present, mode, known):
    def ids_of(target):
        return _IDS.get(target)

    results = []
    for impl in (ref, links):
        elsewhere = [] if mode in ("elsewhere", "both") else None
        checked = set(known) if mode in ("checked", "both") else None
        problems = impl.link_problems(page, page_links, present.__contains__, ids_of, elsewhere, checked)
        results.append((problems, elsewhere, checked))
        assert [impl.resolve(page, u) for _t, u in page_links] == [
            ref.resolve(page, u) for _t, u in page_links
        ]
    assert results[1] == results[0]


# ---------------------------------------------------------------- the seed site


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "site"
    build_site(build(ROOT), ROOT, out, workers=1)
    return read_tree(out)


def test_every_page_of_the_seed_site_gives_the_same(seed_site):
    pages = {p: d.decode("utf-8") for p, d in seed_site.items() if p.endswith(".html")}
    assert len(pages) > 10
    old_scans, new_scans = {}, {}
    for path, html in pages.items():
        old_scans[path], new_scans[path] = ref.scan(html), links.scan(html)
        assert _fields(new_scans[path]) == _fields(old_scans[path]), path
    old_ids = {p: set(s.ids) for p, s in old_scans.items()}
    # as a job checks its pages (links leaving for another job kept for later), then as the site does
    for elsewhere, checked in ((None, None), ([], set()), ([], None)):
        got = []
        for impl, scans in ((ref, old_scans), (links, new_scans)):
            out = list(elsewhere) if elsewhere is not None else None
            seen = set(checked) if checked is not None else None
            problems = [
                p
                for path in sorted(scans)
                for p in impl.link_problems(
                    path, scans[path].links, seed_site.__contains__, old_ids.get, out, seen
                )
            ]
            got.append((problems, out, seen))
        assert got[1] == got[0]
    # with a page missing and an anchor gone, the same problems again
    present = set(seed_site) - {"cite.html"}
    shrunk = {p: set(i) - {"main"} for p, i in old_ids.items()}
    old = [
        p
        for path, s in sorted(old_scans.items())
        for p in ref.link_problems(path, s.links, present.__contains__, shrunk.get)
    ]
    new = [
        p
        for path, s in sorted(new_scans.items())
        for p in links.link_problems(path, s.links, present.__contains__, shrunk.get)
    ]
    assert old and new == old
