"""Helpers of the ``test_safety_*`` tests: a project copy, the CLI in-process and as a process,
snapshots of an output folder, and writes that fail (a read-only or full disk, simulated).

Every case works on a temporary copy of the project (``corpus/``, ``amendments/``, ``site/``).
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from normbase.cli import main

A488 = "amendments/488-2015"


def copy_project(dest: Path) -> Path:
    for sub in ("corpus", "amendments", "site"):
        shutil.copytree(ROOT / sub, dest / sub)
    for path in dest.rglob("*"):   # the seed texts are read-only in the repository
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


@pytest.fixture(scope="session")
def safety_template(tmp_path_factory) -> Path:
    """One good build of a copy of the project, for every ``test_safety_*`` module (each test
    works on a copy: ``copy_built``)."""
    root = copy_project(tmp_path_factory.mktemp("safety") / "project")
    ok(root, "build")
    return root


def copy_built(template: Path, dest: Path, cache: bool = False) -> Path:
    """The template project with its out/ — without out/cache unless ``cache`` (its stage
    results name the template's absolute paths: a build here recomputes them)."""
    shutil.copytree(template, dest,
                    ignore=lambda folder, names: ["cache"] if not cache and Path(folder) == template / "out" else [])
    return dest


def run(root: Path, *args: str, out: Path | None = None):
    return CliRunner().invoke(main, ["--root", str(root), "--out", str(out or root / "out"), *args])


def ok(root: Path, *args: str, out: Path | None = None):
    result = run(root, *args, out=out)
    assert result.exit_code == 0 and result.exception is None, (result.output, result.exception)
    return result


def one_line(result, *fragments: str, code: int = 2) -> str:
    """One line ``normbase: error: …`` on stderr, exit ``code``, no traceback."""
    assert "Traceback" not in result.output, result.output
    assert isinstance(result.exception, SystemExit), (result.exit_code, repr(result.exception), result.output)
    assert result.exit_code == code, (result.exit_code, result.output)
    err = result.stderr
    assert err.startswith("normbase: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    return err


def snapshot(folder: Path, skip: tuple[str, ...] = ("cache/",)) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name → bytes), but those under ``skip``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)}


def same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    missing, extra = sorted(set(b) - set(a)), sorted(set(a) - set(b))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    assert not (missing or extra or changed), f"missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]}"


def edit_meta(root: Path, folder: str, old: str, new: str) -> None:
    meta = root / folder / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    assert old in text, (old, text)
    meta.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_input(root: Path) -> None:
    """Order 488's publication date becomes known: every timeline changes."""
    edit_meta(root, A488, 'published = "unknown"', "published = 2015-09-01")


def spawn(root: Path, *args: str, out: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
                   **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "normbase", "--root", str(root), "--out", str(out or root / "out"),
                             *args], cwd=root, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@contextmanager
def failing_writes(folder: Path, err: int, after: int = 0):
    """Every write under ``folder`` (opening a file to write, making a folder, renaming into
    it) fails with ``err`` once ``after`` of them have succeeded: a read-only (EROFS) or full
    (ENOSPC) disk, without touching the real one. Yields the list of the failed paths."""
    base = os.path.abspath(folder)
    seen, failed = [0], []

    def check(path) -> None:
        if not isinstance(path, (str, bytes, os.PathLike)):
            return
        p = os.path.abspath(os.fsdecode(path))
        if p == base or p.startswith(base + os.sep):
            seen[0] += 1
            if seen[0] > after:
                failed.append(p)
                raise OSError(err, os.strerror(err), p)

    real_open, real_os_open = builtins.open, os.open
    real_mkdir, real_rename, real_replace = os.mkdir, os.rename, os.replace

    def fake_open(file, mode="r", *a, **k):
        if any(c in mode for c in "wax+"):
            check(file)
        return real_open(file, mode, *a, **k)

    def fake_os_open(path, flags, *a, **k):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            check(path)
        return real_os_open(path, flags, *a, **k)

    def fake_mkdir(path, *a, **k):
        check(path)
        return real_mkdir(path, *a, **k)

    def fake_rename(src, dst, *a, **k):
        check(dst)
        return real_rename(src, dst, *a, **k)

    def fake_replace(src, dst, *a, **k):
        check(dst)
        return real_replace(src, dst, *a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "open", fake_open)
        mp.setattr(io, "open", fake_open)
        mp.setattr(os, "open", fake_os_open)
        mp.setattr(os, "mkdir", fake_mkdir)
        mp.setattr(os, "rename", fake_rename)
        mp.setattr(os, "replace", fake_replace)
        yield failed
