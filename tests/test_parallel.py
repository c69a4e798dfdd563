"""A build shared by several processes (``parallel.py``, ``pipeline.build(workers=…)``) and the
stage cache's pickles with shared sources: the same knowledge base, the same error, the same
objects as a serial build.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from normbase import parallel, pipeline
from normbase.cache import Cache, dump, load
from normbase.errors import InputError
from normbase.tree import to_json
from conftest import load_synth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic-parallel")
    load_synth().generate(5, 2, 3, path, site=None)
    return path


def _everything(kb) -> str:
    """The knowledge base as text: every tree (with its lines), instruction, timeline and finding."""
    return repr((
        [(t.key, to_json(t.parsed.tree), t.parsed.diagnostics, t.parsed.file, sorted(t._notes.items())) for t in kb.texts],
        [(oi.order, oi.lang, oi.instructions, oi.problems) for oi in kb.instructions],
        [(h.act, h.start, [(e.id, e.window, e.langs, e.instructions) for e in h.orders], h.timelines, h.findings)
         for h in kb.histories],
    ))


@pytest.mark.parametrize("workers", [2, 3, 7])
def test_parallel_build_is_the_serial_build(project, workers):
    serial, shared = pipeline.build(project, workers=1), pipeline.build(project, workers=workers)
    assert _everything(shared) == _everything(serial)
    assert [t.key for t in shared.texts] == [(str(s.id), t.lang) for s in shared.corpus.all() for t in s.texts]
    # the sources a child used come back as this process's own objects, not copies
    assert all(t.source is shared.corpus.get(t.source.id) for t in shared.texts)
    assert all(e.order is shared.corpus.get(e.order.id) for h in shared.histories for e in h.orders)


def test_normalized_lines_are_recomputed_the_same(project):
    for t in pipeline.build(project, workers=2).texts[:4]:
        data = t.source.text(t.lang)
        assert t.normalized == pipeline.normalize(pipeline.decode(data.data, str(data.path)), doc=data.name)


def _damage(root: Path, rel: str) -> None:
    """Make ``rel`` undecodable (a NUL byte), its sha256 updated in meta.toml."""
    path = root / rel
    data = b"\x00" + path.read_bytes()
    path.write_bytes(data)
    meta = path.parent / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    old = hashlib.sha256(data[1:]).hexdigest()
    assert old in text
    meta.write_text(text.replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8")


def _copy(project: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    return root, sorted(p.name for p in (root / "corpus").iterdir())


def _same_error(root: Path, where: str) -> None:
    with pytest.raises(InputError) as serial:
        pipeline.build(root, workers=1)
    assert where in str(serial.value)
    for workers in (2, 3):
        with pytest.raises(InputError) as shared:
            pipeline.build(root, workers=workers)
        assert str(shared.value) == str(serial.value)
        assert (type(shared.value), shared.value.file, shared.value.line) == (type(serial.value), serial.value.file, serial.value.line)


def test_parallel_build_raises_the_error_a_serial_build_meets_first(project, tmp_path):
    root, acts = _copy(project, tmp_path)
    _damage(root, f"corpus/{acts[-1]}/ru.txt")   # in the last process's part
    _damage(root, f"corpus/{acts[0]}/kk.txt")    # in the first's: a serial build reads it first
    _same_error(root, f"{acts[0]}/kk.txt")


def test_an_act_text_is_read_before_any_order_text(project, tmp_path):
    root, acts = _copy(project, tmp_path)
    order = next(m.parent for m in (root / "amendments").glob("*/meta.toml") if f'amends = "{acts[0]}"' in m.read_text(encoding="utf-8"))
    _damage(root, f"amendments/{order.name}/kk.txt")   # in the first process's part, but late in a serial build
    _damage(root, f"corpus/{acts[-1]}/kk.txt")          # in the last process's part: a serial build reads it first
    _same_error(root, f"{acts[-1]}/kk.txt")


def test_an_earlier_stage_fails_first_whichever_process(project, tmp_path):
    root, acts = _copy(project, tmp_path)
    order = next(m for m in (root / "amendments").glob("*/meta.toml") if f'amends = "{acts[0]}"' in m.read_text(encoding="utf-8"))
    meta = order.read_text(encoding="utf-8")   # timelines, in the first process's part: no date to count from
    meta = re.sub(r'(?m)^(signed|registered|published) = .*$', r'\1 = "unknown"', meta)
    meta = re.sub(r'(?m)^entry_into_force = .*$', 'entry_into_force = "unknown"', meta)
    order.write_text(re.sub(r"(?m)^entry_into_force_text = .*\n", "", meta), encoding="utf-8")
    _same_error(root, order.parent.name)
    _damage(root, f"corpus/{acts[-1]}/ru.txt")   # texts, in the last process's part: a serial build meets it first
    _same_error(root, f"{acts[-1]}/ru.txt")


def test_split_keeps_order_and_balances():
    assert pipeline._split([5, 5, 5, 5], 2) == [[0, 1], [2, 3]]
    assert pipeline._split([1, 1, 10], 2) == [[0, 1, 2]]
    assert pipeline._split([10, 1, 1], 2) == [[0], [1, 2]]
    assert pipeline._split([], 4) == [[]]
    assert pipeline._split([3, 3, 3], 9) == [[0], [1], [2]]
    assert [i for job in pipeline._split(list(range(50)), 3) for i in job] == list(range(50))


def test_small_corpora_are_built_in_one_process(monkeypatch):
    monkeypatch.delenv("NORMBASE_WORKERS", raising=False)
    assert pipeline._workers(None, pipeline.PARALLEL_FROM_BYTES - 1) == 1
    assert pipeline._workers(None, pipeline.PARALLEL_FROM_BYTES) == parallel.cpu_count()
    assert pipeline._workers(3, 0) == 3
    monkeypatch.setenv("NORMBASE_WORKERS", "1")
    assert pipeline._workers(None, 10 * pipeline.PARALLEL_FROM_BYTES) == 1


# -- parallel.run ------------------------------------------------------------------------

class _Thing:
    def __init__(self, name: str):
        self.name = name


def test_run_returns_results_in_order_with_shared_objects_as_they_are():
    thing = _Thing("shared")
    results = parallel.run([1, 2, 3], lambda j: (j, os.getpid(), thing, _Thing("own")), {"thing": thing})
    assert [r[0] for r in results] == [1, 2, 3]
    assert all(r[2] is thing for r in results)
    if parallel.can_fork():
        assert results[0][1] == os.getpid() and {r[1] for r in results[1:]}.isdisjoint({os.getpid()})


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork")
def test_a_failed_child_has_its_job_redone_here():
    parent = os.getpid()

    def work(job):
        if os.getpid() != parent and job == 2:
            os._exit(3)   # dies without a result
        if os.getpid() != parent and job == 3:
            return lambda: None   # cannot be pickled
        return job * 10
    assert parallel.run([1, 2, 3], work, {}) == [10, 20, 30]


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork")
def test_the_queue_gives_every_result_in_order_and_this_process_does_the_first_job(tmp_path):
    """A long first job does not hold the other jobs back: the child takes them meanwhile (the
    first job here ends only once the child has done all the others)."""
    import time

    def work(job):
        if job == 0:
            deadline = time.monotonic() + 60
            while len(list(tmp_path.iterdir())) < 5 and time.monotonic() < deadline:
                time.sleep(0.01)
        else:
            (tmp_path / str(job)).touch()
        return job, os.getpid()

    results = parallel.run_queue(list(range(6)), work, {}, children=1)
    assert [r[0] for r in results] == list(range(6))
    assert results[0][1] == os.getpid()
    assert all(pid != os.getpid() for _, pid in results[1:])


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork")
def test_a_failed_queue_child_has_its_jobs_redone_here():
    parent = os.getpid()

    def work(job):
        if os.getpid() != parent and job == 4:
            os._exit(3)   # dies without a result, after it did others
        return job * 10
    assert parallel.run_queue(list(range(8)), work, {}, children=2) == [n * 10 for n in range(8)]
    assert parallel.run_queue([1, 2], lambda j: j, {}, children=0) == [1, 2]


# -- the cache's pickles -------------------------------------------------------------------

def test_shared_objects_are_pickled_by_reference():
    a, b = _Thing("a"), _Thing("b")
    out = io.BytesIO()
    dump([a, b, a], out, {"a": a})
    assert b"a" in out.getvalue() and out.getvalue().count(b"_Thing") == 1
    other = _Thing("other a")
    loaded = load(io.BytesIO(out.getvalue()), {"a": other})
    assert loaded[0] is other and loaded[2] is other and loaded[1].name == "b"
    with pytest.raises(KeyError):
        load(io.BytesIO(out.getvalue()), {})


def test_cache_entries_resolve_to_the_current_sources(project, tmp_path):
    cache = Cache(tmp_path / "cache")
    first = pipeline.build(project, cache, workers=2)
    assert cache.misses > 0 and cache.hits == 0
    warm = Cache(tmp_path / "cache")
    again = pipeline.build(project, warm, workers=1)
    assert warm.misses == 0 and warm.hits == cache.misses
    assert _everything(again) == _everything(first)
    assert all(t.source is again.corpus.get(t.source.id) for t in again.texts)
    entries = list((tmp_path / "cache" / "act").iterdir())   # one per act: its texts, its orders' instructions, its timelines
    assert len(entries) == len(first.corpus.acts) == cache.misses
    for entry in entries:   # a source is stored as a reference, without its bytes
        data = entry.read_bytes()
        assert b"source:" in data and not any(t.data[:300] in data for s in first.corpus.all() for t in s.texts)


def test_a_changed_order_recomputes_only_its_act(project, tmp_path):
    root, acts = _copy(project, tmp_path)
    pipeline.build(root, Cache(tmp_path / "cache"), workers=2)
    order = next(m for m in (root / "amendments").glob("*/meta.toml") if f'amends = "{acts[2]}"' in m.read_text(encoding="utf-8"))
    order.write_text(order.read_text(encoding="utf-8").replace('note = "', 'note = "edited; '), encoding="utf-8")
    entry = sorted((tmp_path / "cache" / "act").iterdir())[0]
    entry.write_bytes(entry.read_bytes()[:100])   # a damaged entry: recomputed, never trusted
    cache = Cache(tmp_path / "cache")
    kb = pipeline.build(root, cache, workers=2)
    assert (cache.hits, cache.misses) in ((len(acts) - 2, 2), (len(acts) - 1, 1))   # (the damaged one may be the edited act's)
    assert _everything(kb) == _everything(pipeline.build(root, workers=1))


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork")
def test_a_group_a_child_stored_then_lost_is_redone(project, tmp_path, monkeypatch):
    parent, real_put = os.getpid(), Cache.put

    def put(self, stage, key, value):   # a child's entries vanish before the parent reads them
        if os.getpid() != parent:
            return
        real_put(self, stage, key, value)
    monkeypatch.setattr(Cache, "put", put)
    cache = Cache(tmp_path / "cache")
    kb = pipeline.build(project, cache, workers=3)
    assert cache.misses == len(kb.corpus.acts) and _everything(kb) == _everything(pipeline.build(project, workers=1))


def test_a_worker_dies_with_the_build_that_forked_it(tmp_path):
    """A build killed with SIGKILL must not leave a worker writing into its temporary folder
    (the next build removes that folder; an orphan would bring it back)."""
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "child.pid"
    script = f"""
import os, time
from normbase import parallel
def work(job):
    if job == 1:
        open({str(marker)!r}, "w").write(str(os.getpid()))
        time.sleep(60)
    else:
        time.sleep(60)
parallel.run([0, 1], work, {{}})
"""
    from normbase import parallel

    src = str(Path(parallel.__file__).resolve().parents[1])
    parent = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": src})
    deadline = time.monotonic() + 30
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    child = int(marker.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        if open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
            return   # killed, not yet reaped by init
        time.sleep(0.05)
    raise AssertionError("the worker outlived the build that forked it")


def test_a_rebuild_parses_only_the_metadata_that_changed(project, tmp_path, monkeypatch):
    import tomllib

    root, acts = _copy(project, tmp_path)
    first = pipeline.build(root, Cache(tmp_path / "cache"), workers=1)
    metas = (root / "amendments").glob("*/meta.toml")
    order = next(m for m in metas if f'amends = "{acts[2]}"' in m.read_text(encoding="utf-8"))
    edited = order.read_text(encoding="utf-8").replace('note = "', 'note = "edited; ')
    order.write_text(edited, encoding="utf-8")
    parsed: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text, real=real: parsed.append(text) or real(text))
    again = pipeline.build(root, Cache(tmp_path / "cache"), workers=1)
    assert parsed == [order.read_text(encoding="utf-8")]   # the others' parse read from the stage cache
    assert again.corpus.get(first.corpus.orders[0].id) is not None
    fresh = pipeline.build(root, workers=1)   # no cache: every file parsed
    assert len(parsed) == 1 + len(fresh.corpus.acts) + len(fresh.corpus.orders)
    assert repr(again.corpus) == repr(fresh.corpus) and _everything(again) == _everything(fresh)
