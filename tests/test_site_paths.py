"""A published site and the knowledge base's store never name the folder they were built in: the
same project built in two folders gives the same bytes. The project is synthetic (``benchmarks/synth.py``, made-up texts)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normbase.cli import main
from tests.conftest import ROOT, load_synth


def _site(root: Path) -> dict[str, bytes]:
    """The files of the site and of the store (``out/kb``) built from ``root``."""
    result = CliRunner().invoke(main, ["--root", str(root), "build"])
    assert result.exit_code == 0, result.output
    out = root / "out"
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for folder in (out / "site", out / "kb")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_site_is_the_same_whichever_folder_it_is_built_in(tmp_path):
    import shutil

    sites = []
    for name in ("first-folder", "second-place"):
        root = tmp_path / name / "project"
        load_synth().generate(6, 2, 3, root, site=None)
        shutil.copytree(ROOT / "site", root / "site")
        sites.append(_site(root))
        leaks = [p for p, data in sites[-1].items() if str(root).encode() in data]
        assert not leaks, f"{leaks[0]} names the build folder {root}"
    assert any(b"amendments/" in data for p, data in sites[0].items() if p.startswith("site/orders/"))
    assert any(b'"amendments/' in data for p, data in sites[0].items() if p.startswith("kb/"))
    assert sites[0] == sites[1]
