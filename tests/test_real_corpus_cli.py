"""The command line on a real law (673, both languages) copied into a temporary project.

Needs the real corpus (``real_corpus.py``); skips with the reason only when it is absent.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from real_corpus import SKIP, project

from normbase.cli import main

pytestmark = [SKIP, pytest.mark.slow]


@pytest.fixture(scope="module")
def law(tmp_path_factory):
    root, act_id = project(tmp_path_factory.mktemp("law"), "673", 1998, "673/ru.md", "673/kk.md")
    built = CliRunner().invoke(main, ["--root", str(root), "build"])
    # a consolidated act with signed = "unknown" (the README allows it): the whole build, site included
    assert built.exit_code == 0, built.output
    assert (root / "out" / "site" / "index.html").is_file()
    return root


def run(root, *args):
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_real_corpus_show_article_with_its_footnote_ru(law):
    out = run(law, "show", "673", "статья 3", "--lang", "ru")
    assert "673-1998 art3 " in out
    assert "Статья 3. Полномочия местных представительного и исполнительных органов" in out
    assert "note: Сноска. В статью 3 внесены изменения" in out


def test_real_corpus_show_article_with_its_footnote_kk(law):
    out = run(law, "show", "673", "3-бап", "--lang", "kk")
    assert "673-1998 art3 " in out and "3-бап." in out
    assert "note: ЕСКЕРТУ. 3-бап толықтырылды" in out


@pytest.mark.parametrize("human,canonical", [
    ("ст. 3 п. 4 пп. 7-1", "art3.p4.sp7-1"), ("3-баптың 4-тармағының 7-1) тармақшасы", "art3.p4.sp7-1"),
    ("подпункт 2) пункта 4 статьи 3", "art3.p4.sp2"), ("3.2", "art3.p2"), ("глава 1", None),
])
def test_real_corpus_human_addresses(law, human, canonical):
    result = CliRunner().invoke(main, ["--root", str(law), "show", "673", human, "--lang", "ru"])
    if canonical is None:   # the law has no chapters: one clear line, exit code 2
        assert result.exit_code == 2 and "no unit ch1" in result.output
    else:
        assert result.exit_code == 0 and f" {canonical} " in result.output.split("\n")[0]


def test_real_corpus_search_finds_the_text_after_a_footnote(law):
    # Art. 3-1 follows the footnote of Art. 3 in both texts
    out = run(law, "search", "изъятие земельных участков для государственных надобностей", "--lang", "ru")
    assert "673-1998 art3-1" in out
    out = run(law, "search", "мемлекеттiк қажеттiлiктер үшiн алып қою", "--lang", "kk", "--act", "673")
    assert "673-1998 art3-1" in out
