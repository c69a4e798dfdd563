"""The synthetic corpus generator (benchmarks/synth.py) against the real pipeline.

A tiny synthetic corpus (2 acts × 2 amending orders, both languages) must build with no
instruction problems and no errors, its orders must read as exactly the instructions the
generator wrote, and ``query.answer`` must give, for every unit, language and check date,
the status, wording and order that the generator computed on its own (expected.json).
Generation is deterministic, and refuses to write into the repository's real sources.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from normbase.pipeline import build
from conftest import load_synth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


synth = load_synth()


def _make(path: Path, acts: int = 2, orders: int = 2, seed: int = 1, **kw) -> tuple[dict, object]:
    synth.generate(acts, orders, seed, path, site=None, **kw)
    expected = json.loads((path / "expected.json").read_text(encoding="utf-8"))
    return expected, build(path)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic-tiny")
    expected, kb = _make(path)
    return path, expected, kb, synth.compare(kb, expected)


def test_tiny_corpus_builds_clean(tiny):
    path, expected, kb, report = tiny
    assert [str(s.id) for s in kb.corpus.acts] == sorted(expected["acts"])
    assert len(kb.corpus.orders) == 4 and all(o.langs == ("kk", "ru") for o in kb.corpus.orders)
    assert report["problems"] == []
    assert kb.diagnostics == ()
    assert report["findings"] == []            # no error finding (instruction_not_applicable …)


def test_tiny_corpus_instructions_are_the_generated_ones(tiny):
    _, expected, kb, report = tiny
    assert report["instruction_mismatches"] == []
    assert sum(len(oi.instructions) for oi in kb.instructions) == 2 * sum(map(len, expected["instructions"].values()))


def test_tiny_corpus_matches_expected_wording(tiny):
    _, expected, _, report = tiny
    assert report["checked"] > 300
    assert report["mismatches"] == [], "\n".join(map(str, report["mismatches"][:20]))


def test_statuses_covered(tiny):
    _, expected, _, _ = tiny
    statuses = {run["status"] for act in expected["acts"].values() for langs in act["units"].values()
                for runs in langs.values() for run in runs}
    assert statuses >= {"in_force", "not_in_force", "deleted"}


def test_every_formula_and_the_repeal(tmp_path):
    """A few more acts use every formula family; a repealed act matches too."""
    expected, kb = _make(tmp_path, acts=6, orders=3, seed=3, repeal_every=3)
    report = synth.compare(kb, expected)
    assert expected["unused_families"] == []
    assert any(f == ["repeal"] for f in expected["families"].values())
    assert {run["status"] for a in expected["acts"].values() for l in a["units"].values() for r in l.values() for run in r} >= {"uncertain"}
    assert report["problems"] == [] and report["findings"] == [] and report["instruction_mismatches"] == []
    assert report["mismatches"] == [], "\n".join(map(str, report["mismatches"][:20]))


def test_generation_is_deterministic(tmp_path):
    files = {}
    for name in ("a", "b"):
        synth.generate(3, 2, 11, tmp_path / name, site=None)
        files[name] = {p.relative_to(tmp_path / name): p.read_bytes() for p in sorted((tmp_path / name).rglob("*")) if p.is_file()}
    assert files["a"] == files["b"]
    synth.generate(3, 2, 12, tmp_path / "c", site=None)
    assert (tmp_path / "c" / "expected.json").read_bytes() != files["a"][Path("expected.json")]


def test_small_corpus_is_a_prefix_of_a_larger_one(tmp_path):
    synth.generate(1, 2, 5, tmp_path / "one", site=None)
    synth.generate(3, 2, 5, tmp_path / "three", site=None)
    for p in (tmp_path / "one" / "corpus").rglob("*"):
        if p.is_file():
            assert p.read_bytes() == (tmp_path / "three" / p.relative_to(tmp_path / "one")).read_bytes()


def test_every_file_is_marked_synthetic(tmp_path):
    synth.generate(1, 1, 2, tmp_path, site=None)
    assert "SYNTHETIC" in (tmp_path / synth.MARKER).read_text(encoding="utf-8")
    metas = list(tmp_path.rglob("meta.toml"))
    assert len(metas) == 2 and all('note = "synthetic' in m.read_text(encoding="utf-8") for m in metas)
    assert json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))["note"].startswith("synthetic")


@pytest.mark.parametrize("target", ["corpus", "corpus/583-2007", "amendments/new", "."])
def test_refuses_to_write_into_the_real_sources(target):
    before = sorted(p.name for p in (ROOT / "corpus").iterdir())
    with pytest.raises(SystemExit):
        synth.generate(1, 1, 1, ROOT / target, site=None)
    assert sorted(p.name for p in (ROOT / "corpus").iterdir()) == before


def test_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        synth.generate(1, 1, 1, tmp_path, site=None)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_check_dates_probe_both_sides_of_each_entry_into_force(tiny):
    _, expected, _, _ = tiny
    for act in expected["acts"].values():
        days = [date.fromisoformat(d) for d in act["dates"]]
        assert days == sorted(days) and len(days) == 2 + 2 * len(act["orders"])
        for k, order in enumerate(act["orders"]):
            before, on = days[2 + 2 * k], days[3 + 2 * k]
            earliest = date.fromisoformat(order["earliest"])
            assert (before - earliest).days == -1
            assert (on - earliest).days == (0 if order["exact"] else 20)
