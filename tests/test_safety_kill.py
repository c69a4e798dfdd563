"""Every output fresh, or rebuilt (issue 13, item 4): the build manifest ``out/build.json``.

A build of the seeds (the smallest corpus) after an input change is killed (SIGKILL, by
``NORMBASE_KILL_AT``: ``outputs.checkpoint``) at each stage boundary and in the middle of each
stage; the build that follows gives an ``out/`` byte-identical to a build from scratch (all of
it but ``out/cache``, the stage cache, whose entries depend on what was reused). The builds run
in the project folder with ``--root .`` so that copies of it give the same bytes (the store
names each source file by its path). So do a build
after a deleted output file, a hand-edited page, a deleted store file or index segment.
The kill points besides two (and four of the six damaged outputs) are marked slow.
"""

from __future__ import annotations

import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from safety_helpers import change_input, copy_project, ok, one_line, run, same, snapshot, spawn

from normbase import manifest

FAST = ["site:mid", "manifest:before"]
SLOW = ["lock", "cache:mid", "pipeline", "site:swap", "site", "index:mid", "index:swap", "index", "kb:mid", "kb:swap",
        "pickle:mid", "kb", "manifest:after"]


HERE = Path(".")


@contextmanager
def inside(folder: Path):
    back = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(back)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    """A project built, and the snapshot of a build from scratch of its changed input."""
    base = tmp_path_factory.mktemp("kill")
    root = copy_project(base / "project")
    with inside(root):
        ok(HERE, "build", out=HERE / "out")
    changed = copy_project(base / "changed")
    change_input(changed)
    with inside(changed):
        ok(HERE, "build", out=HERE / "out")
    return root, snapshot(changed / "out")


@pytest.fixture
def project(built, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built[0], root)
    monkeypatch.chdir(root)
    return HERE


def killed_then_rebuilt(root: Path, point: str, reference: dict) -> None:
    change_input(root)
    proc = spawn(root, "build", out=HERE / "out", env={"NORMBASE_KILL_AT": point})
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, err)
    result = ok(root, "build", out=HERE / "out")
    complete = point == "manifest:after"          # killed after its last step: nothing left to do
    assert ("nothing changed" in result.stdout) == complete, result.stdout
    same(snapshot(root / "out"), reference)
    assert "nothing changed" in ok(root, "build", out=HERE / "out").stdout


@pytest.mark.parametrize("point", FAST + [pytest.param(p, marks=pytest.mark.slow) for p in SLOW])
def test_a_build_killed_at_each_stage_then_a_build_is_identical_to_one_from_scratch(project, built, point):
    killed_then_rebuilt(project, point, built[1])


@pytest.mark.parametrize("damage", ["edited page", "deleted store file"] + [
    pytest.param(d, marks=pytest.mark.slow) for d in ("deleted page", "deleted index file", "deleted manifest", "deleted stamp")])
def test_a_damaged_output_is_rebuilt(project, damage):
    out = project / "out"
    reference = snapshot(out)
    if damage == "deleted page":
        (out / "site" / "about.html").unlink()
    elif damage == "edited page":
        page = out / "site" / "index.html"
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited by hand</p></body>"))
    elif damage == "deleted store file":
        (out / "kb" / "583-2007.json").unlink()
    elif damage == "deleted index file":
        (out / "index" / "surfaces-ru.tsv").unlink()
    elif damage == "deleted manifest":
        (out / manifest.NAME).unlink()
    else:
        (out / "index.stamp").unlink()
    result = ok(project, "build")
    assert "nothing changed" not in result.stdout
    same(snapshot(out), reference)


def test_a_missing_index_segment_is_one_line_and_build_repairs_it(project):
    out = project / "out"
    reference = snapshot(out)
    segment = next((out / "index").glob("*.seg"))
    segment.unlink()
    one_line(run(project, "search", "методическими"), "search index", "run `normbase build`")
    ok(project, "build")
    same(snapshot(out), reference)
    assert "583-2007" in ok(project, "search", "методическими").stdout


def test_a_damaged_index_segment_is_one_line_and_build_repairs_it(project):
    out = project / "out"
    reference = snapshot(out)
    segment = next((out / "index").glob("*.seg"))
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    one_line(run(project, "search", "методическими"), "damaged", "run `normbase build`")
    ok(project, "build")
    same(snapshot(out), reference)


def test_the_manifest_records_the_site_as_it_is_on_disk(project):
    """The build records the site's fingerprint from the hashes of the files it wrote, without
    reading them again: it must be the fingerprint of the files on disk, or every next build
    would write the site again (and a wrong hash would hide a damaged page)."""
    out = project / "out"
    change_input(project)
    ok(project, "build")
    recorded = manifest.read(out)["outputs"]
    assert recorded == {name: manifest.fingerprint(out, name) for name in manifest.OUTPUTS}
    assert manifest.fingerprint(out, "site", {"index.html": "00" * 32}) != recorded["site"]
