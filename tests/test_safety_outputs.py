"""Output folders: normbase writes only into folders it made, never deletes a file it did not
write; one build at a time; read commands write nothing (issue 13, items 1 and 3)."""

from __future__ import annotations

import json
import shutil
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import (change_input, copy_built, ok, one_line, run, safety_template, same,  # noqa: F401
                            snapshot, spawn)

from normbase import outputs


@pytest.fixture
def project(safety_template, tmp_path) -> Path:
    return copy_built(safety_template, tmp_path / "project")


def tree(folder: Path) -> dict[str, bytes]:
    return snapshot(folder, skip=())


def test_site_out_corpus_is_refused_and_corpus_untouched(project):
    before = tree(project / "corpus")
    one_line(run(project, "site", "--out", str(project / "corpus")), "refusing", "corpus")
    same(tree(project / "corpus"), before)


@pytest.mark.parametrize("where", [".", "corpus", "amendments", "site", "corpus/583-2007", ".."])
def test_build_refuses_the_project_its_input_folders_and_above(project, where):
    before = {sub: tree(project / sub) for sub in ("corpus", "amendments", "site")}
    target = project / where
    one_line(run(project, "build", out=target), "refusing to write into")
    one_line(run(project, "site", "--out", str(target)), "refusing")
    for sub, files in before.items():
        same(tree(project / sub), files)


def test_home_and_above_are_refused(project, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    one_line(run(project, "build", out=home), "home folder")
    one_line(run(project, "site", "--out", str(home)), "home folder")
    one_line(run(project, "build", out=home.parent), "refusing")        # above it (and above the project)
    assert (home / "notes").is_dir() and sorted(p.name for p in home.iterdir()) == ["notes"]


def test_a_folder_normbase_did_not_make_is_refused_and_kept(project, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "letter.txt").write_text("my own file")
    one_line(run(project, "build", out=mine), "not empty", outputs.MARKER)
    one_line(run(project, "site", "--out", str(mine)), "not a site normbase wrote")
    assert sorted(p.name for p in mine.iterdir()) == ["letter.txt"] and (mine / "letter.txt").read_text() == "my own file"
    empty = tmp_path / "empty"
    empty.mkdir()
    ok(project, "build", out=empty)                                     # an empty folder is taken
    assert (empty / outputs.MARKER).is_file() and (empty / "site" / "index.html").is_file()


@pytest.mark.parametrize("inside", ["site", pytest.param("kb", marks=pytest.mark.slow),
                                    pytest.param("index", marks=pytest.mark.slow)])
def test_a_file_normbase_did_not_write_in_an_output_is_never_deleted(project, inside):
    out = project / "out"
    stray = out / inside / "my-notes.txt"
    stray.write_text("mine")
    change_input(project)                                               # the next build rewrites everything
    one_line(run(project, "build"), "was not written by normbase", "my-notes.txt")
    assert stray.read_text() == "mine"
    stray.unlink()
    ok(project, "build")


def test_a_standalone_site_folder_is_replaced_by_its_list_only(project, tmp_path):
    site = tmp_path / "published"
    ok(project, "site", "--out", str(site))
    listing = json.loads((site / outputs.MARKER).read_text(encoding="utf-8"))["files"]
    assert "index.html" in listing
    ok(project, "site", "--out", str(site))                             # its own folder: replaced
    (site / "extra.html").write_text("mine")
    one_line(run(project, "site", "--out", str(site)), "extra.html")
    assert (site / "extra.html").read_text() == "mine"


def test_a_temporary_folder_of_a_running_builder_is_left_alone(project):
    out = project / "out"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = out / f".site.tmp-{sleeper.pid}"
        dead = out / ".site.tmp-999999999"
        for folder in (live, dead):
            folder.mkdir()
            (folder / "page.html").write_text("half written")
        (out / "cache" / ".kb.pickle.999999999.tmp").parent.mkdir(parents=True, exist_ok=True)
        (out / "cache" / ".kb.pickle.999999999.tmp").write_bytes(b"x")
        change_input(project)
        ok(project, "build")
        assert (live / "page.html").read_text() == "half written", "a running builder's folder was cleaned"
        assert not dead.exists() and not (out / "cache" / ".kb.pickle.999999999.tmp").exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_no_wait_build_exits_with_one_line_while_another_holds_the_lock(project):
    out = project / "out"
    with outputs.build_lock(out):
        one_line(run(project, "build", "--no-wait"), "another normbase build is writing", "--no-wait")
    ok(project, "build", "--no-wait")


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_says_so(project):
    out = project / "out"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
                               "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(1.5)",
                               str(out / outputs.LOCK)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        start = time.monotonic()
        proc = spawn(project, "build")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert b"waiting for it to end" in err and time.monotonic() - start >= 1.0
    finally:
        holder.kill()
        holder.wait()


def test_two_concurrent_builds_after_a_change_give_a_build_from_scratch(project, tmp_path):
    """``build & build & wait`` after an input change: both exit 0 (the second waits for the
    first, then finds nothing to do) and ``out/`` equals a build from scratch."""
    change_input(project)
    procs = [spawn(project, "build") for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
    ok(project, "build", out=tmp_path / "scratch")
    same(snapshot(project / "out"), snapshot(tmp_path / "scratch"))
    for page in ("index.html", "about.html", "search.html", "check.html"):
        assert (project / "out" / "site" / page).is_file()


def test_read_commands_never_write(project):
    """After an input change every read command answers (the search from a private temporary
    index, with a note) and ``out/`` is left exactly as it was: names, bytes and times."""
    out = project / "out"
    change_input(project)
    import tempfile

    temps = set(Path(tempfile.gettempdir()).glob("normbase-search-*"))
    before = {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None) for p in sorted(out.rglob("*"))}
    for args in (("show", "583", "rules.p7.sp5"), ("history", "583", "rules.p7"), ("check",),
                 ("diff", "583", "--from", "2015-01-01", "--to", "2016-06-01"), ("outline", "583"),
                 ("align", "583"), ("instructions", "488"), ("search", "методическими")):
        result = ok(project, *args)
        if args[0] == "search":
            assert "run `normbase build`" in result.stderr and "583-2007" in result.stdout
    after = {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None) for p in sorted(out.rglob("*"))}
    assert after == before, "a read command wrote into out/"
    assert set(Path(tempfile.gettempdir()).glob("normbase-search-*")) <= temps, "the temporary index was left behind"


def test_an_output_folder_of_an_older_normbase_is_taken_over(project):
    """An out/ written before the markers (normbase's names only, its store's manifest) is
    adopted: marked, and rebuilt."""
    out = project / "out"
    for marker in [out / outputs.MARKER, *out.glob(f"*/{outputs.MARKER}"), out / "build.json", out / outputs.LOCK]:
        marker.unlink()
    ok(project, "build")
    assert (out / outputs.MARKER).is_file() and (out / "site" / outputs.MARKER).is_file()


def test_an_output_that_is_a_file_is_refused(project, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("mine")
    result = run(project, "build", out=target)               # click's own check: a usage error, exit 2
    assert result.exit_code == 2 and "is a file" in result.output and "Traceback" not in result.output
    assert target.read_text() == "mine"


def test_a_folder_of_the_user_in_place_of_an_output_is_never_deleted(project):
    """out/site replaced by the user's own folder (no marker, not a site normbase wrote)."""
    site = project / "out" / "site"
    shutil.rmtree(site)
    site.mkdir()
    (site / "my-page.html").write_text("mine")
    one_line(run(project, "build"), "my-page.html", "was not written by normbase")
    one_line(run(project, "site"), "not a site normbase wrote")
    assert (site / "my-page.html").read_text() == "mine"


def test_a_marker_naming_files_outside_its_folder_deletes_none_of_them(tmp_path):
    from normbase.outputs import MARKER, discard

    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "out" / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "page.html").write_text("mine", encoding="utf-8")
    files = ["sub/page.html", "../../precious.txt", str(outside), "sub"]
    (folder / MARKER).write_text(json.dumps({"files": files}), encoding="utf-8")
    assert discard(folder)                       # its own file gone, and the emptied folders
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_inside_discards_aside_a_replaced_folder_is_removed_by_a_child_and_waited_for(tmp_path, monkeypatch):
    """The build discards the folders it replaced while it goes on; leaving the context waits for
    every child, and a user's file in the replaced folder is still never deleted."""
    target = tmp_path / "site"
    with outputs.staged(target) as tmp:
        (tmp / "a.html").write_text("first", encoding="utf-8")
    removed_here: list[Path] = []
    real_discard = outputs.discard
    monkeypatch.setattr(outputs, "discard", lambda folder: removed_here.append(folder) or real_discard(folder))
    with outputs.discards_aside():
        with outputs.staged(target) as tmp:
            (tmp / "b.html").write_text("second", encoding="utf-8")
        children = list(outputs._discarding or [])
        assert len(children) == 1 and children[0] != os.getpid()
    assert outputs._discarding is None
    assert removed_here == []                    # not in this process: in the child, which is done
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (target / "b.html").read_text(encoding="utf-8") == "second"
    with outputs.staged(target) as tmp:          # outside the context: at once, in this process
        (tmp / "c.html").write_text("third", encoding="utf-8")
    assert len(removed_here) == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
