"""The store at scale: streamed JSON, the per-act fast-load file, and when it is trusted.

A small synthetic project (benchmarks/synth.py: 3 acts × 2 amending orders, both languages)
is built once; each test copies its sources. Covered here: ``dump_json``'s layout;
``save`` writes the store one file at a time and deterministically; ``load`` gives back a
knowledge base equal to the saved one, reading one act's part for a look-up; a store
whose inputs or code changed, or whose fast-load file is damaged, is never trusted (the
stat-signature shortcut included); ``normbase show`` after a build reads only its act.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import normbase.cli
import normbase.pipeline
from normbase import pack, store
from normbase.cli import main
from normbase.pipeline import build
from conftest import load_synth  # noqa: E402


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "project"
    load_synth().generate(3, 2, 7, root, site=None)
    return root


@pytest.fixture
def project(template, tmp_path) -> Path:
    root = tmp_path / "project"
    for sub in ("corpus", "amendments"):
        shutil.copytree(template / sub, root / sub)
    return root


def saved(root: Path, kb=None):
    kb = kb or build(root)
    store.save(kb, root, root / "out" / "kb", store.exports(kb))
    return kb


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def never(*args, **kwargs):
    raise AssertionError("rebuilt from the sources instead of reading the store")


# ---------------------------------------------------------------- the JSON layout


def test_dump_json_is_valid_sorted_and_one_line_per_unit():
    data = {"units": [{"b": 1, "a": [1, 2, {"z": None, "y": "қазақ"}]}, {"a": 2}], "act": "1-2000",
            "empty": [], "nested": {"k": [1, 2], "j": {"x": 1}}, "n": 1.5}
    text = store.dump_json(data).decode("utf-8")
    assert json.loads(text) == data
    assert text.splitlines() == [
        "{", '"act": "1-2000",', '"empty": [],', '"n": 1.5,', '"nested": {', '"j": {"x":1},', '"k": [1,2]', "},",
        '"units": [', '{"a":[1,2,{"y":"қазақ","z":null}],"b":1},', '{"a":2}', "]", "}"]
    assert store.dump_json(dict(reversed(list(data.items())))) == text.encode("utf-8")   # insertion order does not matter
    odd = {2: "a", 1: [3]}                             # keys JSON turns into strings: written compactly, still valid
    assert json.loads(store.dump_json(odd)) == json.loads(json.dumps(odd))


# ---------------------------------------------------------------- saving


def test_save_streams_the_exports_one_file_at_a_time(project):
    kb = build(project)
    real = store.exports(kb)
    out = project / "out" / "kb"
    asked: list[str] = []

    class Watched(Mapping):
        def __getitem__(self, rel):
            staging = [p for p in out.parent.glob(".kb.tmp-*")]
            assert len(staging) == 1
            written = sorted(p.relative_to(staging[0]).as_posix() for p in staging[0].rglob("*.json"))
            assert written == sorted(asked), "a file was made before the previous one was written"
            asked.append(rel)
            return real[rel]

        def __iter__(self):
            return iter(real)

        def __len__(self):
            return len(real)

    store.save(kb, project, out, Watched())
    assert sorted(asked) == sorted(real) and len(asked) == len(set(asked))      # each made once
    assert set(files(out)) == set(real) | {"manifest.json"}


def test_store_is_one_file_per_act_and_byte_identical_across_builds(project, tmp_path):
    kb = saved(project)
    first = files(project / "out" / "kb")
    assert sorted(first) == ["100-2005.json", "110-2006.json", "120-2007.json", "manifest.json", "report.json"]
    act = json.loads(first["100-2005.json"])
    assert sorted(act) == ["act", "instructions", "orders", "texts", "units"]
    assert {(t["source"], t["lang"]) for t in act["texts"]} == {(s, lang) for s in ("100-2005", "101-2006", "102-2007") for lang in ("kk", "ru")}
    assert {i["order"] for i in act["instructions"]} == {"101-2006", "102-2007"}
    assert len(first["100-2005.json"].splitlines()) > len(act["units"])       # one line per unit, not one line per file
    # the same input again, built afresh, saved elsewhere: the same bytes
    again = build(project)
    store.save(again, project, tmp_path / "again" / "kb", store.exports(again))
    assert files(tmp_path / "again" / "kb") == first
    # and the exports of the knowledge base read back from the fast-load file are the same
    back = store.load(project, project / "out" / "kb", rebuild=never)
    assert dict(store.exports(back.whole())) == dict(store.exports(kb))


def test_a_failed_save_leaves_the_previous_store_and_fast_load_file(project):
    kb = saved(project)
    before = files(project / "out")
    broken = {**store.exports(kb), "zzz.json": None}
    with pytest.raises(TypeError):
        store.save(kb, project, project / "out" / "kb", broken)
    assert files(project / "out") == before       # no temporary folder or file left either


# ---------------------------------------------------------------- loading


def test_load_gives_back_the_saved_knowledge_base_reading_one_act_per_look_up(project):
    kb = saved(project)
    back = store.load(project, project / "out" / "kb", rebuild=never)
    assert isinstance(back, pack.StoredKB) and back.loaded == ()
    assert list(back.corpus.ids) == list(kb.corpus.ids)               # from the index: nothing read
    assert back.loaded == ()
    h = back.history("110-2006")
    assert h == kb.history("110-2006") and back.loaded == ("110-2006",)
    assert back.text("110-2006", "ru") == kb.text("110-2006", "ru")
    assert back.instructions_of("112-2007") == kb.instructions_of("112-2007")     # an order of the same act
    assert back.corpus.get(kb.corpus.ids[-1]) == kb.corpus.get(kb.corpus.ids[-1])
    assert back.loaded == ("110-2006", "120-2007")
    assert back.history("999-2000") is None and back.texts_of("999-2000") == ()
    assert back.loaded == ("110-2006", "120-2007")
    whole = back.whole()                                              # everything else: the whole knowledge base
    assert whole == kb and back.histories == kb.histories and back.texts == kb.texts
    assert back.history("110-2006") is whole.history("110-2006") is h  # the parts already read are reused


def test_a_store_is_not_trusted_once_an_input_changes(project):
    saved(project)
    kb_dir = project / "out" / "kb"
    assert store.load(project, kb_dir, rebuild=never) is not None
    meta = min((project / "amendments").iterdir()) / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert store.load(project, kb_dir, rebuild=never) is None
    meta.write_text(meta.read_text(encoding="utf-8").replace("# changed\n", ""), encoding="utf-8")
    assert store.load(project, kb_dir, rebuild=never) is not None     # the same bytes again: trusted again
    (project / "corpus" / "extra.txt").write_text("x", encoding="utf-8")   # any new input file counts
    assert store.load(project, kb_dir, rebuild=never) is None


def test_a_store_is_not_trusted_once_the_code_changes(project, tmp_path, monkeypatch):
    code = tmp_path / "code"
    shutil.copytree(Path(store.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store, "_CODE", code)
    saved(project)
    assert store.load(project, project / "out" / "kb", rebuild=never) is not None
    with open(code / "units.py", "a", encoding="utf-8") as f:
        f.write("\n# a change of the code\n")
    assert store.load(project, project / "out" / "kb", rebuild=never) is None


def _age(root: Path, monkeypatch) -> None:
    """Make the stat-signature shortcut available: no input changed in the last RACY_SECONDS."""
    monkeypatch.setattr(store, "RACY_SECONDS", 0.05)
    time.sleep(0.1)


def test_the_stat_signature_shortcut_reads_no_input_and_sees_every_change(project, monkeypatch):
    _age(project, monkeypatch)
    saved(project)
    kb_dir = project / "out" / "kb"
    assert pack.open_pack(store.pickle_path(kb_dir)).statsig == store.stat_signature(project)
    calls = []
    real = store.fingerprint
    monkeypatch.setattr(store, "fingerprint", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert store.load(project, kb_dir, rebuild=never) is not None and calls == []     # nothing hashed
    # same size, same mtime, other bytes: the ctime gives it away, the hash refuses it
    text = min((project / "corpus").iterdir()) / "ru.txt"
    data, st = text.read_bytes(), text.stat()
    text.write_bytes(data[:-2] + (b"!!" if data[-2:] != b"!!" else b"??"))
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.load(project, kb_dir, rebuild=never) is None and len(calls) == 1
    # the same bytes in a new file (another inode): hashed, and trusted
    fresh = text.with_name("ru.new")
    fresh.write_bytes(data)
    fresh.replace(text)
    assert store.load(project, kb_dir, rebuild=never) is not None and len(calls) == 2


def test_inputs_changed_just_before_the_save_disable_the_shortcut(project, monkeypatch):
    monkeypatch.setattr(store, "RACY_SECONDS", 3600.0)      # every input is "recent"
    saved(project)
    assert pack.open_pack(store.pickle_path(project / "out" / "kb")).statsig is None
    calls = []
    real = store.fingerprint
    monkeypatch.setattr(store, "fingerprint", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert store.load(project, project / "out" / "kb", rebuild=never) is not None and len(calls) == 1


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_fast_load_file_is_never_trusted(project, monkeypatch):
    _age(project, monkeypatch)
    kb = saved(project)
    kb_dir = project / "out" / "kb"
    fast = store.pickle_path(kb_dir)
    good = fast.read_bytes()
    index = pack.open_pack(fast).index
    at, size, _ = index["groups"]["110-2006"]
    index_at = int(good[: pack.HEADER].split()[4])
    for damage in (lambda: fast.write_bytes(good[: len(good) // 2]),          # truncated: its index is gone
                   lambda: _flip(fast, index_at + 10),                       # a bit of the index
                   lambda: _flip(fast, 30),                                  # the header's fingerprint
                   lambda: fast.write_bytes(b"")):
        fast.write_bytes(good)
        damage()
        assert store.load(project, kb_dir, rebuild=never) is None
    # a damaged act: the index is fine, that act's part is not — the sources answer instead
    fast.write_bytes(good)
    _flip(fast, at + size // 2)
    rebuilt = []
    back = store.load(project, kb_dir, rebuild=lambda: rebuilt.append(1) or build(project))
    assert back is not None and back.history("100-2005") == kb.history("100-2005") and rebuilt == []
    assert back.history("110-2006") == kb.history("110-2006") and rebuilt == [1]
    assert back.whole() == kb and rebuilt == [1]


def test_a_fast_load_file_of_another_build_is_not_trusted(project):
    """Killed between the store's rename and the fast-load file's: the manifest and the file
    disagree, and neither is used."""
    saved(project)
    fast = store.pickle_path(project / "out" / "kb")
    old = fast.read_bytes()
    meta = min((project / "amendments").iterdir()) / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    saved(project)
    fast.write_bytes(old)
    assert store.load(project, project / "out" / "kb", rebuild=never) is None
    (project / "out" / "kb" / "manifest.json").unlink()
    assert store.load(project, project / "out" / "kb", rebuild=never) is None


def test_clean_stale_removes_a_killed_builds_fast_load_file(project):
    saved(project)
    cache = project / "out" / "cache"
    dead = cache / ".kb.pickle.999999999.tmp"
    mine = cache / f".kb.pickle.{os.getppid()}.tmp"      # a live process's: left alone
    dead.write_bytes(b"x")
    mine.write_bytes(b"x")
    store.clean_stale(project / "out")
    assert not dead.exists() and mine.exists()
    assert (cache / "kb.pickle").exists()


# ---------------------------------------------------------------- the CLI


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=True)


@pytest.mark.parametrize("args, act", [
    (("show", "110", "order.p2", "--json"), "110-2006"),
    (("show", "120-2007", "order.p3", "--lang", "ru", "--on", "2007-06-01"), "120-2007"),
    (("history", "110", "order.p2", "--json"), "110-2006"),
    (("diff", "100", "--from", "2005-01-01", "--to", "2030-01-01", "--json"), "100-2005"),
    (("align", "120", "--json"), "120-2007"),
    (("instructions", "111-2006", "--json"), "110-2006"),
    (("outline", "101-2006", "--lang", "kk"), "100-2005"),
])
def test_a_look_up_after_a_build_reads_only_its_act(project, monkeypatch, args, act):
    expected = cli(project, *args)                     # no store yet: built from the sources
    assert expected.exit_code == 0, expected.output
    saved(project)
    read: list[str] = []
    real = pack.Pack.read
    monkeypatch.setattr(pack.Pack, "read", lambda self, name, f=None: read.append(name) or real(self, name, f))
    monkeypatch.setattr(normbase.pipeline, "build", never)
    monkeypatch.setattr(normbase.cli, "build", never)
    result = cli(project, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.output == expected.output
    assert read == [act]


def test_show_does_not_trust_a_stale_store(project, monkeypatch):
    saved(project)
    monkeypatch.setattr(normbase.cli, "build", never)
    meta = project / "corpus" / "110-2006" / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    result = cli(project, "show", "110", "order.p2")
    assert isinstance(result.exception, AssertionError) and "rebuilt" in str(result.exception)


def _group_bytes(fast: Path) -> dict[str, bytes]:
    opened = pack.open_pack(fast)
    assert opened is not None
    data = fast.read_bytes()
    return {name: data[at : at + size] for name, (at, size, _) in opened.index["groups"].items()}


def test_a_save_copies_the_groups_of_unchanged_acts_from_the_previous_fast_load_file(project, monkeypatch):
    """After one order changed, the groups of the other acts are copied from the previous file
    (pickling them is most of the fast-load file's cost), that act's group is made again, and
    the file reads back as the knowledge base just built. A damaged previous group is not copied."""
    saved(project)
    fast = store.pickle_path(project / "out" / "kb")
    before = _group_bytes(fast)
    meta = project / "amendments" / "112-2007" / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    pickled: list[object] = []
    dumps = pack.pickle.dumps
    monkeypatch.setattr(pack.pickle, "dumps", lambda obj, **kw: pickled.append(obj) or dumps(obj, **kw))
    kb = saved(project)
    after = _group_bytes(fast)
    assert len(pickled) == 2  # the changed act's group, and the index
    assert all(after[n] == before[n] for n in after if n != "110-2006") and "110-2006" in after
    assert store.load(project, project / "out" / "kb", rebuild=never).whole() == kb
    _flip(fast, pack.open_pack(fast).index["groups"]["100-2005"][0] + 40)  # a bit of a group copied next time
    meta.write_text(meta.read_text(encoding="utf-8").replace("# changed\n", ""), encoding="utf-8")
    pickled.clear()
    kb = saved(project)
    assert len(pickled) == 3  # 110-2006 changed back, 100-2005 damaged, the index
    assert store.load(project, project / "out" / "kb", rebuild=never).whole() == kb


def test_a_second_fingerprint_reads_only_the_inputs_changed_since_the_first(project, monkeypatch):
    """A build fingerprints its inputs twice (its own, the store's): an input unchanged since the
    first, and older than RACY_SECONDS then, is not read again; a changed one is, even with its size
    and mtime kept, and the fingerprints are those of a fresh process."""
    _age(project, monkeypatch)
    store._DIGESTS.clear()
    first = store.fingerprint(project)
    read: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: read.append(str(path)) or real_open(path, *a, **k))
    assert store.fingerprint(project) == first and read == []
    text = min((project / "corpus").iterdir()) / "ru.txt"
    data, st = text.read_bytes(), text.stat()
    text.write_bytes(data[:-2] + (b"!!" if data[-2:] != b"!!" else b"??"))
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))
    read.clear()
    changed = store.fingerprint(project)
    assert read == [str(text)] and changed != first
    store._DIGESTS.clear()
    assert store.fingerprint(project) == changed
