"""One clear line, exit 2, for every failure a user can cause or meet (issue 13, items 5 and 6):
dates outside 1900–2100, queries nested too deep or too long, ids and file names too long, a
read-only or full disk (simulated: ``safety_helpers.failing_writes``), a missing or damaged
index (``test_safety_kill.py``), input files that cannot be read (``test_safety_inputs.py``);
and terminal escape sequences in legal text shown escaped."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from conftest import replace_text
from safety_helpers import (A488, change_input, copy_built, edit_meta, failing_writes, ok, one_line, run, same,  # noqa: F401
                            safety_template, snapshot)

RU = "corpus/583-2007/002_30b5a514a47d93be.txt"


@pytest.fixture
def project(safety_template, tmp_path) -> Path:
    return copy_built(safety_template, tmp_path / "project")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("value", ["9999-12-31", "1899-12-31", '"2101-01-01"'])
def test_a_date_outside_the_bounds_in_metadata_is_one_line(project, value):
    before = snapshot(project / "out")
    edit_meta(project, A488, 'published = "unknown"', f"published = {value}")
    for args in (("build",), ("show", "583", "rules.p7"), ("search", "советы"), ("check",)):
        one_line(run(project, *args), "meta.toml", "published", "1900-01-01")
    same(snapshot(project / "out"), before)


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "0001-01-01"])
def test_a_date_outside_the_bounds_on_the_command_line_is_one_line(project, day):
    one_line(run(project, "show", "583", "rules.p7", "--on", day), "outside")
    one_line(run(project, "search", "советы", "--on", day), "outside")
    one_line(run(project, "diff", "583", "--from", "2015-01-01", "--to", day), "outside")


# ---------------------------------------------------------------- queries


@pytest.mark.parametrize(("query", "words"), [
    ("(" * 500 + "советы" + ")" * 500, "longer than 1000"),
    ("(" * 300 + "советы" + ")" * 300, "16 levels"),
    ("(" * 17 + "советы" + ")" * 17, "16 levels"),
    ("советы " + "-(" * 20 + "советы" + ")" * 20, "16 levels"),
    ("советы " * 200, "longer than 1000"),
])
def test_a_query_past_the_bounds_is_one_line(project, query, words):
    one_line(run(project, "search", query), words)


def test_a_query_at_the_bounds_is_answered(project):
    assert "583-2007" in ok(project, "search", "(" * 16 + "советами" + ")" * 16).stdout


# ---------------------------------------------------------------- ids and file names


def test_an_act_id_past_the_length_is_one_line(project):
    long_id = "5" * 250 + "-2007"
    folder = project / "corpus" / long_id
    (project / "corpus" / "583-2007").rename(folder)
    edit_meta(project, f"corpus/{long_id}", 'id = "583-2007"', f'id = "{long_id}"')
    edit_meta(project, f"corpus/{long_id}", 'number = "583"', f'number = "{"5" * 250}"')
    one_line(run(project, "build"), "longer than 64")
    one_line(run(project, "show", long_id, "rules.p7"), "longer than 64")


def test_an_act_id_past_the_length_on_the_command_line_is_one_line(project):
    for args in (("show", "5" * 250 + "-2007", "rules.p7"), ("outline", "5" * 255), ("search", "a", "--act", "7" * 300),
                 ("show", "583", "rules.p" + "7" * 300)):
        assert one_line(run(project, *args))


def test_a_text_file_name_past_the_length_is_one_line(project):
    name = "t" * 200 + ".txt"
    (project / RU).rename(project / "corpus" / "583-2007" / name)
    edit_meta(project, "corpus/583-2007", "002_30b5a514a47d93be.txt", name)
    one_line(run(project, "build"), "longer than 128")


# ---------------------------------------------------------------- read-only and full disks


def test_a_read_only_out_is_one_line_for_build_and_site(project):
    out = project / "out"
    before = snapshot(out)
    change_input(project)
    with failing_writes(out, errno.EROFS) as failed:
        one_line(run(project, "build"), "Read-only file system")
        one_line(run(project, "site"), "Read-only file system")
        assert failed
    same(snapshot(out), before)


def test_a_read_only_out_still_answers_the_read_commands(project):
    """A read command writes nothing: with the index stale it answers from a private one."""
    out = project / "out"
    change_input(project)
    with failing_writes(out, errno.EROFS) as failed:
        assert "583-2007" in ok(project, "search", "методическими").stdout
        ok(project, "show", "583", "rules.p7.sp5")
    assert failed == []


@pytest.mark.parametrize("after", [0, 60] + [pytest.param(n, marks=pytest.mark.slow) for n in (2, 10, 30)])  # 30: in the site
def test_a_full_disk_is_one_line_and_the_next_build_is_whole(project, tmp_path, after):
    """ENOSPC after ``after`` writes into out/ (at different stages of the build): one line,
    exit 2, the previous build still whole; with space again, a build like one from scratch."""
    out = project / "out"
    before = snapshot(out)
    change_input(project)
    with failing_writes(out, errno.ENOSPC, after=after) as failed:
        one_line(run(project, "build"), "no space left")
    assert failed
    for name in ("kb/manifest.json", "site/index.html", "index.stamp", "build.json"):
        assert snapshot(out)[name] == before[name]
    ok(project, "build")
    ok(project, "build", out=tmp_path / "scratch")
    same(snapshot(out), snapshot(tmp_path / "scratch"))


# ---------------------------------------------------------------- escape sequences


def test_terminal_escape_sequences_in_legal_text_are_shown_escaped(project):
    """synthetic: an escape sequence written into a unit of a copy of the Russian seed."""
    data = (project / RU).read_bytes()
    word = "экспертиза нормативных".encode()
    assert word in data
    replace_text(project, RU, data.replace(word, "экспертиза \x1b[2J\x1b]0;owned\x07\x9b31m нормативных".encode(), 1))
    ok(project, "build")
    result = ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b[2J\\x1b]0;owned\\x07\\x9b31m" in result.stdout
    as_json = json.loads(ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru", "--json").stdout)
    assert "\x1b[2J" in as_json["text"]                  # the data is kept; only its display is escaped
    assert "\x1b" not in ok(project, "search", "экспертиза").stdout
    assert "\x1b" not in ok(project, "history", "583", "rules.p13.sp2").stdout
