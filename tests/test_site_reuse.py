"""A rebuild keeps an act's site files only when nothing they show changed (``site/reuse.py``),
and an act's file of the store only when its inputs did not change (``store.save``).

Each case changes a project in one way, rebuilds it, and compares the site with a build of the
same project from nothing: byte for byte, file for file. The acts and orders are synthetic
(``benchmarks/synth.py``, made up, not official texts)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from normbase.cli import main
from tests.conftest import load_synth


def replace_text(root: Path, rel: str, data: bytes) -> None:
    """Write the text file ``rel`` and its sha256 in the folder's meta.toml."""
    import hashlib

    path = root / rel
    path.write_bytes(data)
    meta = path.parent / "meta.toml"
    pattern = rf'(file = "{re.escape(path.name)}"\s+lang = "\w+"\s+sha256 = ")[0-9a-f]{{64}}'
    new, count = re.subn(pattern, rf"\g<1>{hashlib.sha256(data).hexdigest()}", meta.read_text("utf-8"))
    assert count == 1
    meta.write_text(new, encoding="utf-8")


def _build(root: Path) -> int:
    """``normbase build``; returns how many acts' files it kept from the previous build."""
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["site"]["acts_kept"]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _inodes(site: Path) -> dict[str, tuple[int, ...]]:
    """act → the inodes of its page and data file (a file of the same bytes is kept as it was)."""
    return {p.name: tuple(f.stat().st_ino for f in sorted(p.iterdir())) for p in (site / "acts").iterdir()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reuse") / "p"
    load_synth().generate(4, 2, 3, root)  # synthetic acts and orders, made up
    _build(root)
    return root


def _rebuilt_equals_fresh(root: Path, tmp: Path) -> set[str]:
    """Rebuild ``root``; assert its site equals a build from nothing; return the acts whose page
    or data file was written again."""
    before = _inodes(root / "out" / "site")
    stored_before = {p.name: p.stat().st_ino for p in (root / "out" / "kb").glob("*.json")}
    kept = _build(root)
    after = _inodes(root / "out" / "site")
    assert kept == len(after) - len({act for act in after if before.get(act) != after[act]})
    stored = {p.name: p.stat().st_ino for p in (root / "out" / "kb").glob("*.json")}
    assert {act for act in after if stored[f"{act}.json"] != stored_before[f"{act}.json"]} <= {
        act for act in after if before.get(act) != after[act]}, "a store file made again, its act's site not"
    rebuilt = _tree(root / "out" / "site"), _tree(root / "out" / "kb")
    shutil.move(str(root / "out"), str(tmp / "kept-out"))  # the same place: order pages name their files
    _build(root)
    assert rebuilt == (_tree(root / "out" / "site"), _tree(root / "out" / "kb"))
    shutil.rmtree(root / "out")
    shutil.move(str(tmp / "kept-out"), str(root / "out"))
    return {act for act in after if before.get(act) != after[act]}


def _order_of(root: Path, act: str) -> Path:
    return next(p.parent for p in sorted((root / "amendments").glob("*/meta.toml"))
                if f'amends = "{act}"' in p.read_text(encoding="utf-8"))


def test_a_changed_order_rerenders_only_its_act(built, tmp_path):
    acts = sorted(_inodes(built / "out" / "site"))
    meta = _order_of(built, acts[1]) / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"published = \S+", "published = 2030-01-01", text, count=1), encoding="utf-8")
    assert _rebuilt_equals_fresh(built, tmp_path) == {acts[1]}


def test_a_changed_act_text_rerenders_only_that_act(built, tmp_path):
    acts = sorted(_inodes(built / "out" / "site"))
    path = built / "corpus" / acts[2] / "ru.txt"
    data = path.read_bytes().replace("1. Настоящие".encode(), "1. Эти".encode(), 1)
    assert data != path.read_bytes()
    replace_text(built, f"corpus/{acts[2]}/ru.txt", data)
    assert _rebuilt_equals_fresh(built, tmp_path) == {acts[2]}


def test_a_hand_edited_site_file_is_rendered_again(built, tmp_path):
    acts = sorted(_inodes(built / "out" / "site"))
    data = built / "out" / "site" / "acts" / acts[0] / "timelines.js"
    data.write_bytes(data.read_bytes() + b"\n")
    assert acts[0] in _rebuilt_equals_fresh(built, tmp_path)


def test_a_changed_template_rerenders_every_act(built, tmp_path):
    base = built / "site" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    assert _rebuilt_equals_fresh(built, tmp_path) == set(_inodes(built / "out" / "site"))


def test_an_act_digest_follows_the_acts_it_cites(tmp_path):
    """B cites A: A's inputs are in B's digest; an act neither cites nor is cited by is not."""
    from normbase.pipeline import build
    from normbase.reflinks import warm
    from normbase.site.home import findings_by_act
    from normbase.site.reuse import act_digests

    root = tmp_path / "p"
    load_synth().generate(3, 1, 3, root, site=None)  # synthetic acts and orders, made up
    a, b, c = sorted(p.name for p in (root / "corpus").iterdir())
    head = re.search(r"Утверждены приказом (.+)", (root / "corpus" / a / "ru.txt").read_text("utf-8"))
    assert head
    text = (root / "corpus" / b / "ru.txt").read_text("utf-8")
    cite = f"1. В соответствии с приказом {head.group(1).strip()} настоящие"
    replace_text(root, f"corpus/{b}/ru.txt", text.replace("1. Настоящие", cite, 1).encode())

    def digests():
        kb = build(root)
        warm(kb)
        return act_digests(kb, "site", findings_by_act(kb)[0])

    first = digests()
    other = (root / "corpus" / a / "ru.txt").read_bytes().replace("1. Настоящие".encode(), b"1. ", 1)
    replace_text(root, f"corpus/{a}/ru.txt", other)
    second = digests()
    assert first[a] != second[a] and first[b] != second[b], "B cites A: a change of A re-renders B"
    assert first[c] == second[c]


def test_act_jobs_read_from_the_stage_cache_render_what_the_knowledge_base_renders(tmp_path):
    """The site's act jobs read their act from the stage cache (``kbview``): the same site, byte
    for byte, as one rendered from the knowledge base in memory."""
    from normbase.cache import Cache
    from normbase.kbview import ActView, Views
    from normbase.pipeline import build
    from normbase.site import build_site

    root = tmp_path / "p"
    load_synth().generate(3, 2, 4, root)  # synthetic acts and orders, made up
    _build(root)
    kb = build(root, Cache(root / "out" / "cache"))
    views = Views(kb, Cache(root / "out" / "cache"))
    assert all(isinstance(views(h.act), ActView) for h in kb.histories)
    assert views(kb.histories[0].act).history(kb.histories[0].act) is not kb.histories[0]
    build_site(build(root), root, tmp_path / "site")  # no cache: every act from the knowledge base
    assert _tree(tmp_path / "site") == _tree(root / "out" / "site")
