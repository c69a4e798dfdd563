"""Inputs stay inside the project (issue 13, item 2): a symbolic link in corpus/, amendments/
or site/, a hard link to a file outside, a file that cannot be read — each is one line, exit 2,
and nothing of the file outside reaches the output (not even its sha256)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from safety_helpers import copy_project, one_line, run

RU = "corpus/583-2007/002_30b5a514a47d93be.txt"
SECRET = b"root:x:0:0:secret line of a file outside the project\n"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def outside(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


def record_sha(root: Path, rel: str, data: bytes) -> None:
    """What the user told by a failed build would do: write the file's sha256 into meta.toml."""
    meta = (root / rel).parent / "meta.toml"
    text = re.sub(r'(sha256 = ")[0-9a-f]{64}(")', rf"\g<1>{hashlib.sha256(data).hexdigest()}\g<2>",
                  meta.read_text(encoding="utf-8"), count=1)
    meta.write_text(text, encoding="utf-8")


def nothing_leaked(root: Path) -> None:
    out = root / "out"
    if out.exists():
        for p in out.rglob("*"):
            assert not (p.is_file() and b"secret line" in p.read_bytes()), p


@pytest.mark.parametrize("target", ["outside", "etc"])
def test_a_symlinked_text_is_refused(project, outside, target):
    link = project / RU
    link.unlink()
    dest = outside if target == "outside" else Path("/etc/passwd")
    link.symlink_to(dest)
    record_sha(project, RU, dest.read_bytes())          # even with its sha256 recorded
    for args in (("build",), ("show", "583", "rules.p7"), ("search", "советы")):
        err = one_line(run(project, *args), "symbolic link", "002_30b5a514a47d93be.txt")
        assert hashlib.sha256(dest.read_bytes()).hexdigest() not in err
    nothing_leaked(project)


def test_the_sha256_of_a_link_is_never_printed(project, outside):
    link = project / RU
    link.unlink()
    link.symlink_to(outside)                            # sha256 not recorded: still no digest shown
    err = one_line(run(project, "build"), "symbolic link")
    assert hashlib.sha256(SECRET).hexdigest() not in err and "differs from the recorded" not in err


@pytest.mark.parametrize("what", ["act folder", "corpus folder", "meta.toml", "extra file"])
def test_other_symlinks_in_the_inputs_are_refused(project, outside, tmp_path, what):
    if what == "act folder":
        real = tmp_path / "act"
        (project / "corpus" / "583-2007").rename(real)
        (project / "corpus" / "583-2007").symlink_to(real, target_is_directory=True)
    elif what == "corpus folder":
        (project / "corpus").rename(tmp_path / "corpus")
        (project / "corpus").symlink_to(tmp_path / "corpus", target_is_directory=True)
    elif what == "meta.toml":
        meta = project / "amendments" / "488-2015" / "meta.toml"
        meta.rename(tmp_path / "meta.toml")
        meta.symlink_to(tmp_path / "meta.toml")
    else:
        (project / "amendments" / "488-2015" / "notes.txt").symlink_to(outside)
    one_line(run(project, "build"), "symbolic link")
    nothing_leaked(project)


def test_a_symlink_in_site_is_refused(project, outside):
    (project / "site" / "static" / "passwd.txt").symlink_to(outside)
    one_line(run(project, "build"), "symbolic link", "passwd.txt")
    nothing_leaked(project)


def test_a_hard_link_to_a_file_outside_is_refused(project, outside):
    link = project / RU
    link.unlink()
    os.link(outside, link)
    record_sha(project, RU, SECRET)
    one_line(run(project, "build"), "hard links", "002_30b5a514a47d93be.txt")
    nothing_leaked(project)


def test_a_hard_link_inside_the_inputs_is_accepted(project):
    """Two names of one file, both inside amendments/: nothing leaves the project."""
    text = project / "amendments" / "488-2015" / "000_25adfcbe3fa7ad9f.txt"
    os.link(text, project / "amendments" / "488-2015" / "copy.txt")
    result = run(project, "build")
    assert result.exit_code == 0, result.output


def test_an_input_that_cannot_be_read_is_one_line(project, monkeypatch):
    """A permission error (simulated: the tests may run as root, whom chmod does not stop)."""
    target = str(project / RU)
    real = Path.read_bytes

    def read_bytes(self):
        if str(self) == target:
            raise PermissionError(13, "Permission denied", target)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    one_line(run(project, "build"), "cannot read", "Permission denied", "002_30b5a514a47d93be.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_input_file_is_one_line(project):
    (project / RU).chmod(0)
    one_line(run(project, "build"), "cannot read", "002_30b5a514a47d93be.txt")
