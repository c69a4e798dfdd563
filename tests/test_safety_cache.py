"""No code runs from the output folder (issue 13, item 7): the pickles normbase keeps in
``out/`` — the fast-load file, the stage cache, whoosh's index — are read only when signed with
this user's key (``signing.py``). A crafted file that would run code when unpickled is refused
or ignored, never executed, and the look-up still answers."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest
from safety_helpers import copy_built, ok, one_line, run, safety_template  # noqa: F401 — safety_template: a fixture

from normbase import pack, signing, store
from normbase.cache import MAGIC


class Tripwire:
    """Unpickling it creates ``path``: proof that the file was executed."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "a"))


@pytest.fixture
def project(safety_template, tmp_path) -> Path:
    return copy_built(safety_template, tmp_path / "project", cache=True)


def crafted_pack(path: Path, stamp: str, payload: bytes, digest) -> None:
    """A fast-load file laid out as ``pack.write`` lays it out, its index ``payload``, signed
    by ``digest(payload)`` (what a forger can compute: a sha256, or an HMAC under its own key)."""
    head = b" ".join([pack.MAGIC, str(pack.FORMAT).encode(), stamp.encode(), b"-", str(pack.HEADER).encode(),
                      str(len(payload)).encode(), digest(payload).encode()])
    path.write_bytes(head.ljust(pack.HEADER - 1) + b"\n" + payload)


@pytest.mark.parametrize("forger", ["sha256", "another key"])
def test_a_crafted_fast_load_file_is_never_executed_and_show_still_answers(project, tmp_path, forger):
    out = project / "out"
    fired = tmp_path / "executed"
    stamp = store.manifest(out / "kb")["fingerprint"]
    digest = (lambda d: hashlib.sha256(d).hexdigest()) if forger == "sha256" else \
        (lambda d: signing.sign(d, b"k" * 32))
    fast = store.pickle_path(out / "kb")
    crafted_pack(fast, stamp, pickle.dumps(Tripwire(fired)), digest)
    result = ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru")
    assert "экспертиза нормативных правовых документов" in result.stdout
    ok(project, "history", "583", "rules.p13.sp2")
    assert not fired.exists(), "the crafted fast-load file was executed"
    # the file is live: a loader that skipped the signature would have run it
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(signing, "valid", lambda *a: True)
        pack.open_pack(fast, b"k" * 32)
    assert fired.exists()


@pytest.mark.parametrize("layout", ["signed by another key",
                                    pytest.param("plain pickle", marks=pytest.mark.slow),
                                    pytest.param("sha256", marks=pytest.mark.slow)])
def test_a_crafted_stage_cache_entry_is_never_executed(project, tmp_path, layout):
    from normbase.pipeline import history_key
    from normbase.sources import load_corpus

    out = project / "out"
    fired = tmp_path / "executed"
    corpus = load_corpus(project)
    act = corpus.acts[0]
    entry = out / "cache" / "act" / f"{history_key(act, corpus)}.pickle"
    assert entry.is_file()
    evil = pickle.dumps(Tripwire(fired))
    entry.write_bytes({"plain pickle": evil, "sha256": MAGIC + hashlib.sha256(evil).hexdigest().encode() + evil,
                       "signed by another key": MAGIC + signing.sign(evil, b"k" * 32).encode() + evil}[layout])
    (out / "build.json").unlink(missing_ok=True)                # a full build, reading the stage cache
    ok(project, "build")
    assert not fired.exists(), "the crafted stage-cache entry was executed"
    assert "экспертиза" in ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru").stdout


def test_a_crafted_index_is_refused_never_executed(project, tmp_path):
    from whoosh import index as windex
    from whoosh.filedb.filestore import FileStorage

    out = project / "out"
    fired = tmp_path / "executed"
    toc = next((out / "index").glob("_MAIN_*.toc"))
    stream = FileStorage(str(out / "index")).create_file(toc.name)   # whoosh's table of contents, forged
    for size in (windex._INT_SIZE, windex._LONG_SIZE, windex._FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(windex._CURRENT_TOC_VERSION)
    for num in windex.__version__[:3]:
        stream.write_varint(num)
    stream.write_string(pickle.dumps(Tripwire(fired), 2))
    stream.write_int(0)
    stream.write_int(0)
    stream.write_pickle([])
    stream.close()
    one_line(run(project, "search", "методическими"), "search index", "run `normbase build`")
    assert not fired.exists(), "the crafted index was executed"
    crafted = tmp_path / "crafted-index"
    shutil.copytree(out / "index", crafted)
    ok(project, "build")
    assert "583-2007" in ok(project, "search", "методическими").stdout
    assert not fired.exists()
    with pytest.raises(Exception):                              # the forged index is live: whoosh runs it
        windex.open_dir(str(crafted))
    assert fired.exists()


def test_read_commands_never_make_the_key(project, tmp_path, monkeypatch):
    """Without a key nothing in out/ is trusted: the look-ups answer from the sources, and
    make no key (a read command writes nothing)."""
    key = tmp_path / "no-such-key"
    monkeypatch.setenv(signing.KEY_ENV, str(key))
    assert "экспертиза" in ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru").stdout
    assert "583-2007" in ok(project, "search", "методическими").stdout
    assert not key.exists()
    ok(project, "build")                                        # a build makes one, private
    assert key.is_file() and key.stat().st_mode & 0o077 == 0
