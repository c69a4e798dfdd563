"""The command line over the foundation (ingest → normalize → structure): ``show`` and
``outline`` on the seeds, and bad input of every kind ending in one clear line, exit code 2.

Every test runs on a copy of the project's corpus/ and amendments/ in a temporary folder,
so no stored knowledge base of the working tree is read and nothing is written there."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import replace_text
from click.testing import CliRunner
from conftest import ROOT

from normbase.cli import main

RU_FILE = Path("corpus/583-2007/002_30b5a514a47d93be.txt")
P13_SP2 = ("2) экспертиза нормативных правовых документов по учебно-методической и научно-методической "
           "работе и рекомендация их для рассмотрения методическими (научно-методическими, "
           "научно-техническими) советами;")


def copy_project(dest: Path) -> Path:
    for sub in ("corpus", "amendments"):
        shutil.copytree(ROOT / sub, dest / sub)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def ok(root: Path, *args: str):
    result = run(root, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def assert_usage_error(result, *fragments: str) -> str:
    """Exit code 2, one line on stderr starting ``normbase: error:``, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    stderr = result.stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith("normbase: error: "), stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    return stderr


# ---------------------------------------------------------------- show


def test_show_text(project):
    out = ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru").stdout
    assert P13_SP2 in out
    assert "583-2007" in out and "rules.p13.sp2" in out


@pytest.mark.parametrize("form", ["rules.p13.sp2", "п. 13 пп. 2", "13.2", "пункт 13 подпункт 2)"])
def test_show_human_address_forms_give_the_same_unit(project, form):
    data = json.loads(ok(project, "show", "583", form, "--lang", "ru", "--json").stdout)
    assert (data["act"], data["address"], data["lang"], data["text"]) == ("583-2007", "rules.p13.sp2", "ru", P13_SP2)


def test_show_act_by_full_id(project):
    data = json.loads(ok(project, "show", "583-2007", "rules.p13.sp2", "--lang", "ru", "--json").stdout)
    assert data["address"] == "rules.p13.sp2"


def test_show_json_keys(project):
    data = json.loads(ok(project, "show", "583", "rules.p13.sp2", "--lang", "ru", "--json").stdout)
    assert {"act", "address", "lang", "text", "notes"} <= set(data)
    assert isinstance(data["notes"], list)


def test_show_json_notes_hold_the_order_40_footnote(project):
    data = json.loads(ok(project, "show", "583", "rules.p10", "--lang", "ru", "--json").stdout)
    assert data["text"].startswith("10. Учебно-методическая и научно-методическая работа")
    assert [n for n in data["notes"] if "18.01.2016 № 40" in n] == [
        "Сноска. Пункт 10 в редакции приказа Министра образования и науки РК от 18.01.2016 № 40 "
        "(вводится в действие по истечении десяти календарных дней после дня его первого официального "
        "опубликования)."
    ]


# ---------------------------------------------------------------- outline


def test_outline_json(project):
    data = json.loads(ok(project, "outline", "583", "--json").stdout)
    data = data if isinstance(data, list) else [data]
    assert [(d["act"], d["lang"]) for d in data] == [("583-2007", "ru")]
    units = {u["address"]: u for u in data[0]["units"]}
    assert list(units)[:4] == ["order.title", "order.header", "order.preamble", "order.p1"]
    assert units["rules.p13.sp2"]["kind"] == "subpoint" and units["rules.p13.sp2"]["label"] == "2)"
    assert units["rules.ch4"]["kind"] == "chapter"
    assert sum(u["notes"] for u in units.values()) == 9


def test_outline_text_shows_the_tree(project):
    out = ok(project, "outline", "488").stdout
    assert "order.preamble" in out and "order.p4" in out and "order.signature" in out


# ---------------------------------------------------------------- bad input: one line, exit 2


def test_unknown_act(project):
    assert_usage_error(run(project, "show", "999", "rules.p1"), "999")


def test_unknown_act_in_outline(project):
    assert_usage_error(run(project, "outline", "999"), "999")


def test_missing_address_suggests_close_ones(project):
    stderr = assert_usage_error(run(project, "show", "583", "rules.p99", "--lang", "ru"), "rules.p99")
    suggestions = re.findall(r"rules\.p\d+", stderr.split("rules.p99", 1)[1])
    assert suggestions, stderr  # names close addresses that exist


@pytest.mark.parametrize("address", ["rules.p7..sp5", "../x", "rules.p7.sp", "rules/p7", "p7.rules", ""])
def test_malformed_address(project, address):
    assert_usage_error(run(project, "show", "583", address))


def test_outline_of_a_language_the_act_lacks(project):
    assert_usage_error(run(project, "outline", "583", "--lang", "kk"), "583-2007", "kk")


def test_bad_date(project):
    result = run(project, "show", "583", "rules.p10", "--lang", "ru", "--on", "2016-02-30")
    if "--on" in run(project, "show", "--help").stdout:
        assert_usage_error(result, "2016-02-30")


# ---------------------------------------------------------------- damaged source files


def damaged_project(tmp_path: Path, data: bytes) -> Path:
    """A copy of the project whose Russian text file holds ``data`` (sha256 updated so it loads)."""
    root = copy_project(tmp_path / "damaged")
    replace_text(root, str(RU_FILE), data)
    return root


SEED_BYTES = (ROOT / RU_FILE).read_bytes()


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty"),
        (b"\n \n\t\n", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (SEED_BYTES[:5001], "decode"),  # cut inside a character, where cp1251 cannot read it either
        ("Règlement général café".encode("latin-1"), "decode"),
    ],
    ids=["empty", "blank", "binary", "png", "truncated-mid-char", "latin1"],
)
def test_damaged_text_file_is_one_clear_line(tmp_path, data, problem):
    root = damaged_project(tmp_path, data)
    stderr = assert_usage_error(run(root, "show", "583", "rules.p13.sp2", "--lang", "ru"), RU_FILE.name)
    assert problem in stderr.lower()


def test_truncated_utf8_file_is_rejected(tmp_path):
    """Cut inside a two-byte character: once read as cp1251 mojibake ('РћР± СѓС‚РІ…'), now an error."""
    root = damaged_project(tmp_path, SEED_BYTES[:1000])
    assert_usage_error(run(root, "outline", "583"), RU_FILE.name, "truncated")


def test_cp1251_copy_reads_like_the_utf8_original(tmp_path):
    """cp1251 Cyrillic is an accepted encoding (normalize.decode): same units, same wording."""
    root = damaged_project(tmp_path, SEED_BYTES.decode("utf-8").encode("cp1251"))
    data = json.loads(ok(root, "show", "583", "rules.p13.sp2", "--lang", "ru", "--json").stdout)
    assert data["text"] == P13_SP2


def test_sha256_mismatch_is_one_clear_line(tmp_path):
    root = copy_project(tmp_path / "changed")
    (root / RU_FILE).write_bytes(SEED_BYTES + b"\n")
    assert_usage_error(run(root, "outline", "583"), RU_FILE.name, "sha256")


def test_missing_root_folders(tmp_path):
    assert_usage_error(run(tmp_path, "outline", "583"), "corpus")
