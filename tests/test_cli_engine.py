"""The command line over the temporal engine: ``show``, ``history``, ``diff``, ``check``,
``align`` and ``build`` on the real corpus, as a lawyer would ask them.

Every test runs through click's CliRunner on ``normbase.cli.main`` with ``--root`` the
repository (or a temporary copy of its corpus/ and amendments/) and ``--out`` in a
temporary folder, so the working tree's own ``out/`` is never read nor written.

The seeds record no publication date for any order: the entry into force of order 488 is
known only from below (registered 2015-08-25, rule «publication day + 1» → not before
2015-08-26). A date after that bound gets 488's wording with status ``uncertain`` and the
reason; once the metadata records ``published = 2015-09-01`` the same question answers
``in_force`` from 2015-09-02, exactly.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import normbase.cli
import normbase.pipeline
import normbase.store
from normbase.cli import main

FIX = ROOT / "tests" / "fixtures" / "synthetic" / "engine"
P7_SP5_KK = "5) білім алушылардың ғылыми әлеуетін анықтау үшін"
ORDER_P1_RU = "1. Утвердить прилагаемые Правила"


# ---------------------------------------------------------------- helpers


def copy_project(dest: Path) -> Path:
    for sub in ("corpus", "amendments", "site"):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, dest / sub)
    for path in dest.rglob("*"):   # the seed texts are read-only in the repository
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def set_meta(root: Path, folder: str, old: str, new: str) -> None:
    meta = root / folder / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    new_text, n = re.subn(old, new, text, count=1, flags=re.M)
    assert n == 1, (old, text)
    meta.write_text(new_text, encoding="utf-8")


def add_order(root: Path, order_id: str, text_file: Path, lang: str, **dates: str) -> Path:
    """A synthetic amending order of 583-2007 in ``root/amendments/<order_id>`` (sha256 recorded)."""
    folder = root / "amendments" / order_id
    folder.mkdir()
    data = text_file.read_bytes()
    (folder / f"{lang}.txt").write_bytes(data)
    number = order_id.split("-")[0]
    rows = [
        "# SYNTHETIC amending order written by tests/test_cli_engine.py — not an official act",
        f'id = "{order_id}"', f'number = "{number}"', 'kind = "amending"', 'amends = "583-2007"',
        "title = {}", "issuer = {}",
        *(f"{k} = {v}" for k, v in dates.items()),
        'entry_into_force = "after_publication"',
        'note = "synthetic: an order whose instructions cannot apply"',
        "", "[[texts]]", f'file = "{lang}.txt"', f'lang = "{lang}"', f'sha256 = "{hashlib.sha256(data).hexdigest()}"',
    ]
    (folder / "meta.toml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def run(root: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "--out", str(out), *args])


def ok(root: Path, out: Path, *args: str):
    result = run(root, out, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """An out/ folder holding a store of the real corpus (later commands read it)."""
    path = tmp_path_factory.mktemp("out")
    ok(ROOT, path, "build")
    return path


@pytest.fixture(scope="module")
def cli(out):
    """``cli(*args)``: a command on the real corpus; returns stdout (exit code 0 checked)."""
    return lambda *args: ok(ROOT, out, *args).stdout


@pytest.fixture(scope="module")
def jcli(cli):
    return lambda *args: json.loads(cli(*args, "--json"))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the project whose amendments/488-2015/meta.toml records published = 2015-09-01."""
    root = copy_project(tmp_path_factory.mktemp("published"))
    set_meta(root, "amendments/488-2015", r'^published = "unknown".*$', "published = 2015-09-01")
    return root, root / "out"


def pjson(published, *args: str):
    root, out = published
    return json.loads(ok(root, out, *args, "--json").stdout)


# ---------------------------------------------------------------- show: certainty of a wording


def test_show_p7_sp5_kk_after_488_is_uncertain_with_the_reason(jcli):
    data = jcli("show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2016-06-01")
    assert data["text"].startswith(P7_SP5_KK)
    assert data["status"] == "uncertain"
    assert data["source"]["kind"] == "order" and data["source"]["act"] == "488-2015" and data["source"]["lang"] == "kk"
    assert data["changed_by"] == "488-2015"
    assert "entered into force on an unknown date, not before 2015-08-26" in data["reason"]
    assert "publication date not recorded" in data["reason"]
    assert data["valid_from"]["earliest"] == "2015-08-26" and data["valid_from"]["exact"] is False
    assert data["valid_from"]["latest"] is None


def test_show_p7_sp5_kk_with_publication_date_is_in_force_from_the_exact_day(published):
    data = pjson(published, "show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2016-06-01")
    assert data["text"].startswith(P7_SP5_KK)
    assert data["status"] == "in_force"
    assert data["source"]["act"] == "488-2015"
    assert data["valid_from"] == {**data["valid_from"], "earliest": "2015-09-02", "latest": "2015-09-02", "exact": True}
    assert "published 2015-09-01" in data["valid_from"]["reason"]


def test_with_publication_date_the_day_before_entry_into_force_is_unknown(published):
    data = pjson(published, "show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2015-09-01")
    assert data["status"] == "unknown" and data["text"] is None
    data = pjson(published, "show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2015-09-02")
    assert data["status"] == "in_force" and data["text"].startswith(P7_SP5_KK)


def test_show_inside_the_uncertain_window_on_its_first_day(jcli):
    assert jcli("show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2015-08-25")["status"] == "unknown"
    assert jcli("show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2015-08-26")["status"] == "uncertain"


def test_show_deleted_point_1(jcli):
    data = jcli("show", "583", "rules.p1", "--lang", "kk", "--on", "2016-06-01")
    assert data["text"] is None
    assert data["status"] in ("deleted", "uncertain")
    if data["status"] == "uncertain":
        assert "deleted" in data["reason"] and "2015-08-26" in data["reason"]
    assert data["changed_by"] == "488-2015"


def test_show_deleted_point_1_with_publication_date(published):
    data = pjson(published, "show", "583", "rules.p1", "--lang", "kk", "--on", "2016-06-01")
    assert data["status"] == "deleted" and data["text"] is None


def test_show_ru_before_488_is_unknown_never_the_current_text(jcli):
    data = jcli("show", "583", "rules.p7.sp5", "--lang", "ru", "--on", "2014-01-01")
    current = jcli("show", "583", "rules.p7.sp5", "--lang", "ru")["text"]
    assert data["status"] == "unknown" and data["text"] is None
    assert current and current.startswith("5) подготовка и проведение")
    assert "not in the corpus" in data["reason"]


def test_order_p1_ru_in_2010_is_unknown_and_as_of_the_latest_source_the_snapshot(jcli):
    old = jcli("show", "583", "order.p1", "--lang", "ru", "--on", "2010-01-01")
    assert old["status"] == "unknown" and old["text"] is None
    now = jcli("show", "583", "order.p1", "--lang", "ru")
    assert now["on"] is None
    assert now["status"] == "in_force" and now["text"].startswith(ORDER_P1_RU)
    assert now["source"]["kind"] == "snapshot"
    # the snapshot's wording reaches back only to 488 (no footnote, yet 488 rewrote it)
    assert now["valid_from"]["earliest"] == "2015-08-26" and now["changed_by"] == "488-2015"


def test_point_10_kk_is_unknown_after_order_40(jcli):
    data = jcli("show", "583", "rules.p10", "--lang", "kk")
    assert data["status"] == "unknown" and data["text"] is None
    assert data["changed_by"] == "40-2016" and "not in the corpus" in data["reason"]
    assert data["valid_from"]["earliest"] >= "2016-01-29"


def test_point_10_ru_is_the_snapshot_from_order_40(jcli):
    data = jcli("show", "583", "rules.p10", "--lang", "ru")
    assert data["status"] == "in_force"
    assert data["text"].startswith("10. Учебно-методическая и научно-методическая работа")
    assert data["changed_by"] == "40-2016"
    assert any("№ 40" in n for n in data["source"]["notes"])
    assert data["valid_from"]["earliest"] >= "2016-01-29"


def test_point_10_kk_between_488_and_40_is_488s_wording(jcli):
    data = jcli("show", "583", "rules.p10", "--lang", "kk", "--on", "2015-12-01")
    assert data["status"] == "uncertain" and data["text"].startswith("10. Оқу-әдістемелік және ғылыми-әдістемелік жұмыс")
    assert data["valid_to"]["earliest"] == "2016-01-29"


SHOW_KEYS = {"act", "address", "lang", "on", "status", "text", "valid_from", "valid_to", "source"}
STATUSES = {"in_force", "deleted", "unknown", "uncertain", "not_in_force"}


def test_show_json_keys(jcli):
    data = jcli("show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2016-06-01")
    assert SHOW_KEYS <= set(data)
    assert (data["act"], data["address"], data["lang"], data["on"]) == ("583-2007", "rules.p7.sp5", "kk", "2016-06-01")
    assert data["status"] in STATUSES


def test_show_without_lang_gives_both_languages_and_the_alignment(jcli):
    data = jcli("show", "583", "rules.p7.sp5", "--on", "2016-06-01")
    assert isinstance(data, list) and [d["lang"] for d in data] == ["kk", "ru"]
    for d in data:
        assert SHOW_KEYS <= set(d) and d["status"] in STATUSES
        assert d["alignment"]["status"] == "paired"
    assert data[0]["alignment"] == data[1]["alignment"]


def test_show_text_output_names_status_source_and_reason(cli):
    out = cli("show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2016-06-01")
    assert "UNCERTAIN" in out and "488-2015" in out and "2015-08-26" in out and P7_SP5_KK in out


def test_show_a_whole_point_composes_its_subpoints(jcli):
    data = jcli("show", "583", "rules.p7", "--lang", "kk", "--on", "2016-06-01")
    assert data["text"].startswith("7. Бастауыш")
    assert "1) [wording unknown]" in data["text"]   # sp1 of the kk text is not in the corpus
    assert P7_SP5_KK in data["text"]
    assert data["status"] == "unknown"             # the worst of its parts, with the reason
    assert "rules.p7.sp1" in data["reason"]


# ---------------------------------------------------------------- history


def test_history_of_the_order_title(jcli, cli):
    data = jcli("history", "583", "order.title")
    by_lang = {d["lang"]: d["versions"] for d in data}
    kk = [v for v in by_lang["kk"] if v["changed_by"] == "488-2015"]
    assert len(kk) == 1 and kk[0]["state"] == "text"
    assert kk[0]["text"].startswith("Оқу-әдістемелік және ғылыми-әдістемелік жұмысты ұйымдастыру")
    assert kk[0]["from"]["earliest"] == "2015-08-26" and kk[0]["to"]["earliest"] == "2022-10-04"
    ru = [v for v in by_lang["ru"] if v["changed_by"] == "78-2022"]
    assert len(ru) == 1 and ru[0]["state"] == "text"
    assert ru[0]["text"].startswith("Об утверждении Правил организации и осуществления")
    assert ru[0]["from"]["earliest"] == "2022-10-04" and ru[0]["to"] is None
    assert any("№ 78" in n for n in ru[0]["source"]["notes"])
    # ... and what is not known: kk after 78, ru between 488 and 78, both before 488
    assert by_lang["kk"][-1]["state"] == "unknown" and by_lang["kk"][-1]["changed_by"] == "78-2022"
    assert [v["state"] for v in by_lang["ru"]] == ["unknown", "unknown", "text"]
    text = cli("history", "583", "order.title")
    assert "≥ 2015-08-26 → ≥ 2022-10-04" in text and "≥ 2022-10-04 → the latest source" in text


# ---------------------------------------------------------------- diff


def order_488_units(jcli) -> set[str]:
    data = jcli("instructions", "488")
    return {re.sub(r"\.part1$", "", i["target"]) for i in data["instructions"]}


def test_diff_lists_what_488_changed_with_earlier_wording_unknown(jcli):
    data = jcli("diff", "583", "--from", "2015-01-01", "--to", "2016-06-01", "--lang", "kk")
    rows = {c["address"]: c for c in data["changes"]}
    targets = order_488_units(jcli)
    assert targets <= set(rows)
    assert all(c["lang"] == "kk" for c in data["changes"])
    for address in targets - {"rules.p1", "rules.p10"}:
        assert rows[address]["summary"] == "earlier wording unknown", address
        assert rows[address]["to"]["changed_by"] == "488-2015"
    assert rows["rules.p1"]["to"]["text"] is None and "deleted" in rows["rules.p1"]["to"]["reason"]
    assert rows["rules.p10"]["to"]["changed_by"] == "40-2016"   # changed again by order 40 before 2016-06-01


def test_diff_text_output(cli):
    out = cli("diff", "583", "--from", "2015-01-01", "--to", "2016-06-01", "--lang", "kk")
    assert "rules.p7.sp5 [kk]: earlier wording unknown" in out


def test_diff_with_no_change_says_so(jcli, cli):
    assert jcli("diff", "583", "--from", "2016-06-01", "--to", "2016-07-01")["changes"] == []
    assert "nothing changed" in cli("diff", "583", "--from", "2016-06-01", "--to", "2016-07-01")
    assert "nothing changed" in cli("diff", "583", "rules.p7", "--from", "2010-01-01", "--to", "2011-01-01", "--lang", "ru")


def test_diff_of_one_unit_with_publication_date_is_a_redline(published):
    data = pjson(published, "diff", "583", "rules.p10", "--from", "2015-10-01", "--to", "2016-06-01", "--lang", "kk")
    [row] = data["changes"]
    assert row["summary"] == "later wording unknown"   # 488's kk wording, then order 40's kk text is missing


# ---------------------------------------------------------------- check


def findings(jcli) -> list[dict]:
    return jcli("check", "583")


def test_check_footnotes_missing_in_ru(jcli):
    missing = {f["address"] for f in findings(jcli) if f["kind"] == "footnote_missing"}
    assert {"order.p1", "rules.p2", "rules.ch3"} <= missing
    for f in findings(jcli):
        if f["kind"] == "footnote_missing":
            assert f["lang"] == "ru" and f["order"] == "488-2015"


def test_check_point_1_deleted_and_consistently_absent(jcli):
    rows = [f for f in findings(jcli) if f["address"] == "rules.p1"]
    assert [f["kind"] for f in rows] == ["deleted_consistent"]
    assert rows[0]["severity"] == "info"


def test_check_points_3_to_6_are_not_in_the_source_never_deleted(jcli):
    for n in (3, 4, 5, 6):
        rows = [f for f in findings(jcli) if f["address"] == f"rules.p{n}"]
        assert [f["kind"] for f in rows] == ["not_in_source"], rows
        assert "not in the source" in rows[0]["message"] and "deleted" not in rows[0]["message"]


def test_check_has_no_errors_on_the_real_corpus(jcli, cli):
    assert not [f for f in findings(jcli) if f["severity"] == "error"]
    assert cli("check", "583").rstrip().endswith("notes")


# ---------------------------------------------------------------- align


ALIGN = {
    "order.p1": "paired", "rules.p2": "paired", "rules.ch2": "paired", "rules.p7": "paired",
    "rules.p7.sp5": "paired", "rules.p7.sp8": "paired", "rules.ch3": "paired", "rules.p11": "paired",
    "rules.p13": "paired", "rules.p14": "paired", "rules.p19": "paired", "rules.ch4": "paired",
    "order.title": "version_mismatch", "rules.p10": "version_mismatch",
    "rules.p3": "kk_only", "rules.p9": "kk_only",
    "rules.p15": "ru_only", "rules.p25": "ru_only",
}


def test_align_statuses(jcli):
    items = {i["address"]: i for i in jcli("align", "583")}
    assert {a: items[a]["status"] for a in ALIGN} == ALIGN
    assert "rules.p1" not in items   # deleted: nothing to pair


def test_align_items_shape(jcli):
    for item in jcli("align", "583"):
        assert {"address", "status", "kk", "ru", "score", "reasons"} <= set(item)
        for side in (item["kk"], item["ru"]):
            assert {"text", "source"} <= set(side)
        if item["status"] == "paired":
            assert item["kk"]["text"] and item["ru"]["text"] and 0 <= item["score"] <= 1
        else:
            assert item["reasons"]


def test_align_version_mismatch_names_both_orders(jcli):
    items = {i["address"]: i for i in jcli("align", "583")}
    reasons = " ".join(items["rules.p10"]["reasons"])
    assert "488-2015" in reasons and "40-2016" in reasons and "not translations" in reasons


# ---------------------------------------------------------------- bad input: one line, exit 2


@pytest.mark.parametrize("args, fragment", [
    (("show", "583", "rules.p7", "--on", "2015-02-30"), "2015-02-30"),
    (("show", "583", "rules.p7", "--on", "yesterday"), "yesterday"),
    (("show", "583", "rules.p99"), "rules.p99"),
    (("history", "583", "rules.p99"), "rules.p99"),
    (("show", "583", "rules.p7..sp5"), "rules.p7..sp5"),
    (("diff", "583", "--from", "2016-06-01", "--to", "2015-01-01"), "after"),
    (("diff", "583", "--from", "2016-02-30", "--to", "2016-06-01"), "2016-02-30"),
    (("align", "583", "--on", "someday"), "someday"),
    (("show", "999", "rules.p1"), "999"),
    (("show", "488", "rules.p1"), "amending order"),
])
def test_bad_input_is_one_line_exit_2(out, args, fragment):
    result = run(ROOT, out, *args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith("normbase: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- build and the store


def test_build_strict_passes_on_the_real_corpus(tmp_path):
    result = run(ROOT, tmp_path / "out", "build", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout


def test_build_strict_fails_on_an_order_that_cannot_apply(tmp_path):
    root = copy_project(tmp_path / "project")
    add_order(root, "999-2017", FIX / "583_bad_order_kk.txt", "kk",
              signed="2017-02-01", registered="2017-02-10", published='"unknown"')
    result = run(root, tmp_path / "out", "build", "--strict", "--json")
    assert result.exit_code == 1, result.output
    errors = json.loads(result.stdout)["errors"]
    assert any("rules.p1" in e and "deleted since order 488-2015" in e for e in errors), errors
    assert any("rules.p11" in e and "мұндай сөздер жоқ" in e for e in errors), errors
    # never applied by guess, and never the old wording as in force after it: unknown, the clause named
    for unit in ("rules.p1", "rules.p11"):
        data = json.loads(run(root, tmp_path / "out", "show", "583", unit, "--lang", "kk", "--json").stdout)
        assert (data["status"], data["text"], data["changed_by"]) == ("unknown", None, "999-2017"), data
        assert "was not applied" in data["reason"] and "999-2017/kk.txt:" in data["reason"]
    # without --strict the build still writes the store and exits 0
    assert run(root, tmp_path / "out", "build").exit_code == 0


def store_files(kb: Path) -> dict[str, bytes]:
    return {str(p.relative_to(kb)): p.read_bytes() for p in sorted(kb.rglob("*")) if p.is_file()}


def same_store(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    """The store is byte-identical (the fast-load pickle lives in out/cache, not in the store)."""
    assert sorted(a) == sorted(b)
    assert a == b


def test_build_writes_the_store_and_rebuilds_byte_identical(tmp_path):
    out = tmp_path / "out"
    ok(ROOT, out, "build")
    kb = out / "kb"
    manifest = json.loads((kb / "manifest.json").read_text(encoding="utf-8"))
    first = store_files(kb)
    assert set(manifest["files"]) <= set(first)
    assert "583-2007.json" in first and "kb.pickle" not in first     # one file per act (with its orders)
    assert (out / "cache" / "kb.pickle").is_file()
    ok(ROOT, out, "build")                      # up to date: the store is left as it is
    assert store_files(kb) == first
    ok(ROOT, tmp_path / "other", "build")       # a build from scratch elsewhere: the same bytes
    assert store_files(tmp_path / "other" / "kb") == first
    (out / "build.json").unlink()               # no build manifest: a full rebuild (stages from the cache)
    ok(ROOT, out, "build")
    same_store(store_files(kb), first)
    assert not [p for p in out.iterdir() if p.name.startswith(".kb.")]   # no temporary folder left


def test_a_failed_build_leaves_the_previous_store_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    ok(ROOT, out, "build")
    before = store_files(out / "kb")
    (out / "build.json").unlink()               # no build manifest: the next build is a full one
    real = normbase.store.exports
    monkeypatch.setattr(normbase.store, "exports", lambda kb: {**real(kb), "zzz/broken.json": None})
    result = run(ROOT, out, "build")
    assert result.exit_code != 0 and isinstance(result.exception, TypeError)
    assert store_files(out / "kb") == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kb.")]


def test_show_reads_the_store(tmp_path, monkeypatch):
    out = tmp_path / "out"
    ok(ROOT, out, "build")

    def no_build(*args, **kwargs):
        raise AssertionError("show rebuilt the knowledge base instead of reading the store")

    monkeypatch.setattr(normbase.pipeline, "build", no_build)
    monkeypatch.setattr(normbase.cli, "build", no_build)
    data = json.loads(ok(ROOT, out, "show", "583", "rules.p7.sp5", "--lang", "kk", "--on", "2016-06-01", "--json").stdout)
    assert data["status"] == "uncertain" and data["text"].startswith(P7_SP5_KK)
    # a store built from other inputs is not trusted: the stale store is ignored
    root = copy_project(tmp_path / "project")
    shutil.copytree(out / "kb", root / "out" / "kb")
    set_meta(root, "amendments/488-2015", r'^published = "unknown".*$', "published = 2015-09-01")
    result = run(root, root / "out", "show", "583", "rules.p7.sp5", "--lang", "kk")
    assert isinstance(result.exception, AssertionError)
