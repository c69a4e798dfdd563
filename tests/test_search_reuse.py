"""A rebuild analyses again only the acts whose timelines changed, and still writes the site's
search files byte for byte as a build from nothing does (``search_merge.client_index``: one
``ActPart`` per act in the stage cache, merged in corpus order).

Each case changes a project in one way, rebuilds it, and compares ``static/search`` with a build
of the same project from nothing. The acts and orders are synthetic (``benchmarks/synth.py``,
made up, not official texts)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from normbase.cli import main
from normbase.site import search_index, search_merge, search_shards
from tests.conftest import load_synth
from tests.test_site_reuse import _order_of, replace_text


def _build(root: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(root), "build"])
    assert result.exit_code == 0, result.output


def _search(root: Path) -> dict[str, bytes]:
    base = root / "out" / "site" / "static" / "search"
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture()
def built(tmp_path) -> Path:
    root = tmp_path / "p"
    load_synth().generate(4, 2, 3, root)  # synthetic acts and orders, made up
    _build(root)
    return root


@pytest.fixture()
def analysed(monkeypatch) -> list[str]:
    """The acts ``act_part`` analyses (it is called only for an act whose part is not reused)."""
    calls: list[str] = []
    make = search_index.act_part

    def counted(docs, *args):
        calls.append(docs[0].act if docs else "")
        return make(docs, *args)

    monkeypatch.setattr(search_index, "act_part", counted)
    return calls


def _rebuilt_equals_fresh(root: Path, tmp: Path, analysed: list[str]) -> list[str]:
    """Rebuild ``root``; assert its search files equal a build from nothing; return the acts the
    rebuild analysed."""
    analysed.clear()
    _build(root)
    again = list(analysed)
    rebuilt = _search(root)
    shutil.move(str(root / "out"), str(tmp / "kept-out"))
    analysed.clear()
    _build(root)
    assert len(analysed) == len(_acts(root))  # from nothing: every act
    assert rebuilt == _search(root)
    return again


def _acts(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "corpus").iterdir() if p.is_dir())


def test_a_rebuild_after_an_order_date_analyses_only_its_act(built, tmp_path, analysed):
    act = _acts(built)[1]
    meta = _order_of(built, act) / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"published = \S+", "published = 2030-01-01", text, count=1), encoding="utf-8")
    assert _rebuilt_equals_fresh(built, tmp_path, analysed) == [act]


def test_a_rebuild_after_an_act_text_analyses_only_that_act(built, tmp_path, analysed):
    act = _acts(built)[2]
    path = built / "corpus" / act / "ru.txt"
    data = path.read_bytes().replace("1. Настоящие".encode(), "1. Эти".encode(), 1)
    assert data != path.read_bytes()
    replace_text(built, f"corpus/{act}/ru.txt", data)
    assert _rebuilt_equals_fresh(built, tmp_path, analysed) == [act]


def test_a_rebuild_after_a_kazakh_text_is_still_the_fresh_build(built, tmp_path, analysed):
    """New Kazakh words change the corpus's vocabulary, so the stems of other acts' words may
    change too: their parts are made again only then, and the files are those of a fresh build."""
    act = _acts(built)[0]
    path = built / "corpus" / act / "kk.txt"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if re.match(r"\s*\d+\. ", line))
    data = text.replace(first, first + " Жаңа ережелерді мектептердің басшылары бекітеді.", 1)
    replace_text(built, f"corpus/{act}/kk.txt", data.encode())
    assert act in _rebuilt_equals_fresh(built, tmp_path, analysed)


def test_a_part_whose_kazakh_stems_the_vocabulary_no_longer_gives_is_made_again(tmp_path, analysed):
    from normbase.cache import Cache
    from normbase.pipeline import build, history_keys

    root = tmp_path / "p"
    load_synth().generate(3, 1, 2, root)  # synthetic, made up
    kb = build(root)
    cache = Cache(tmp_path / "cache")
    fresh = search_shards.site_files(kb)
    search_merge.client_index(kb, cache)
    analysed.clear()
    act = kb.histories[1].act
    key = search_merge.key_of("search-act", history_keys(kb)[act])
    part = cache.load("search-act", key)
    word = next(iter(part.kk_stems))
    part.kk_stems[word] += "x"  # as if analysed with another vocabulary
    cache.put("search-act", key, part)
    again = search_shards.site_files(kb, cache)
    assert analysed == [act]
    assert again == fresh


def test_the_search_files_are_merged_from_one_act_part_at_a_time(tmp_path, monkeypatch):
    """Whether made or read back from the cache, an act's ``ActPart`` is let go once merged: the
    overview's memory does not grow with the number of acts (``search_merge``)."""
    import weakref

    from normbase.cache import Cache
    from normbase.pipeline import build

    root = tmp_path / "p"
    load_synth().generate(6, 1, 2, root)  # synthetic, made up
    kb = build(root)
    alive: list[weakref.ref] = []
    most = [0]

    def held(part):
        if isinstance(part, search_index.ActPart):
            alive[:] = [r for r in alive if r() is not None] + [weakref.ref(part)]
            most[0] = max(most[0], len(alive))
        return part

    class Watched(Cache):
        def load(self, stage, key):
            return held(super().load(stage, key))

    make = search_index.act_part
    monkeypatch.setattr(search_index, "act_part", lambda *args: held(make(*args)))
    cache = Watched(tmp_path / "cache")
    fresh = search_shards.site_files(kb, cache)  # every part made
    assert len(kb.histories) == 6 and 1 <= most[0] <= 2
    most[0] = 0
    assert search_shards.site_files(kb, cache) == fresh  # every part read back
    assert 1 <= most[0] <= 2
