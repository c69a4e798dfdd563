"""Shared test fixtures: golden files and the two seed texts.

Golden files
------------
``golden(name, data)`` compares ``data`` (anything JSON can hold) with
``tests/golden/<name>.json``. ``name`` may contain ``/`` for subfolders
(``structure/583-2007-ru``); it may not be absolute or contain ``..``.

The one documented way to (re)generate every golden file::

    python -m pytest --update-goldens

With the flag the fixture writes the file and the test passes; without it a missing
file fails with a message naming that command. Files are UTF-8 JSON,
``ensure_ascii=False, indent=1, sort_keys=True`` with a trailing newline, so a
regenerated file differs from the old one only where the data changed. Read the
diff (``git diff tests/golden``) before committing regenerated goldens.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # so that `python -m pytest …` works without PYTHONPATH=src
    sys.path.insert(0, str(ROOT / "src"))

from normbase.normalize import NormalizedText, decode, normalize  # noqa: E402
from normbase.structure import ParsedText, parse_structure  # noqa: E402

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_COMMAND = "python -m pytest --update-goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="write tests/golden/*.json from the current output instead of comparing",
    )


def dump_golden(data: object) -> str:
    """The exact text of a golden file holding ``data``."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def golden_path(name: str) -> Path:
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError(f"bad golden name {name!r}: use a relative name like 'structure/583-2007-ru'")
    return GOLDEN_DIR.joinpath(*pure.parts).with_name(pure.name + ".json")


# The slowest tests (each several seconds, measured with ``--durations``), marked ``slow`` here in one
# place so that ``pytest -m "not slow"`` is the quick loop; a test can also carry
# ``@pytest.mark.slow`` itself (tests that build whole projects of real acts do).
SLOW = (
    "tests/browser/",                                                       # a real Chromium
    "test_bad_input.py::test_build_killed_mid_way",                         # kills builds mid-way
    "test_bad_input.py::test_accepted_encoding_reads_exactly_like_the_original",
    "test_fuzz.py::",                                                       # long property searches
    "test_lossless.py::test_damaged_seeds_never_raise_and_stay_lossless",
    "test_cli_engine.py::test_a_failed_build_leaves_the_previous_store_intact",
    "test_cli_engine.py::test_build_writes_the_store_and_rebuilds_byte_identical",
    "test_site_build.py::test_a_defect_in_a_shared_row_fails_the_build",
    "test_site_build.py::test_two_processes_build_the_same_bytes_as_one",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(s in item.nodeid for s in SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, data)``: compare ``data`` with ``tests/golden/<name>.json`` (or write it)."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, data: object) -> None:
        path = golden_path(name)
        # Round-trip first: the comparison is of JSON values (tuples become lists, keys strings).
        text = dump_golden(data)
        actual = json.loads(text)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(
                f"golden file {path.relative_to(ROOT)} is missing; run `{UPDATE_COMMAND}` "
                "to create it, then read it and check it is right",
                pytrace=False,
            )
        expected = json.loads(path.read_text(encoding="utf-8"))
        assert actual == expected, (
            f"output differs from golden file {path.relative_to(ROOT)}; if the change is intended, "
            f"run `{UPDATE_COMMAND}` and review `git diff tests/golden`"
        )

    return check


# ---------------------------------------------------------------- the seeds


@dataclass(frozen=True)
class Seed:
    """One seed text through normalize → structure, with paths relative to the repo."""

    act: str      # "583-2007"
    lang: str     # "ru" | "kk"
    kind: str     # source kind: "consolidated" | "amending"
    file: str     # repo-relative path of the text file
    normalized: NormalizedText
    parsed: ParsedText

    @property
    def tree(self):
        return self.parsed.tree


SEEDS = {
    "ru": ("583-2007", "consolidated", "corpus/583-2007/002_30b5a514a47d93be.txt"),
    "kk": ("488-2015", "amending", "amendments/488-2015/000_25adfcbe3fa7ad9f.txt"),
}


def load_seed(lang: str) -> Seed:
    act, kind, rel = SEEDS[lang]
    path = ROOT / rel
    normalized = normalize(decode(path.read_bytes(), rel), doc=path.name)
    parsed = parse_structure(normalized.lines, lang, kind, rel)
    return Seed(act, lang, kind, rel, normalized, parsed)


@pytest.fixture(scope="session")
def ru_seed() -> Seed:
    return load_seed("ru")


@pytest.fixture(scope="session")
def kk_seed() -> Seed:
    return load_seed("kk")


@pytest.fixture(scope="session", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest) -> Seed:
    return load_seed(request.param)


def replace_text(root: Path, rel: str, data: bytes) -> None:
    """Write ``data`` as the text file ``rel`` of a project copy and record its sha256 in the
    folder's meta.toml, so that the file loads (tests of damaged or re-encoded sources)."""
    import hashlib
    import re

    path = root / rel
    path.write_bytes(data)
    meta = path.parent / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    new, count = re.subn(r'(sha256 = ")[0-9a-f]{64}(")', rf"\g<1>{hashlib.sha256(data).hexdigest()}\g<2>", text)
    assert count == 1
    meta.write_text(new, encoding="utf-8")


def load_synth():
    """``benchmarks/synth.py``, the synthetic corpus generator, as a module (loaded once)."""
    import importlib.util

    name = "normbase_bench_synth"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "synth.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module   # dataclasses look the module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]
