"""The real acts in ``../shared/real-corpus/`` (never copied into the repository): where they are,
which files hold the same state in both languages, and a temporary project folder holding one act.

Tests that use them are named ``test_real_corpus_*`` and skip, with the reason, only when the
folder is absent (a user's clone); CI has it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-corpus"
SKIP = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real corpus is absent ({REAL}); CI has it")


def files() -> list[str]:
    """Every act file of the real corpus (both languages, all versions), relative to it."""
    if not REAL.is_dir():
        return []
    return sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*.md") if p.name != "README.md")


# Files holding the same state of an act in both languages (the corpus README's table).
SAME_STATE = {
    "104143": ("104143/ru.md", "104143/versions/2009-04-29/kk.md"),
    "4051": ("4051/versions/2007-12-19/ru.md", "4051/kk.md"),
    "17443": ("17443/ru.md", "17443/versions/2009-02-12/kk.md"),
    "673": ("673/ru.md", "673/kk.md"),
    **{a: (f"{a}/ru.md", f"{a}/kk.md") for a in ("12307", "3053", "143474", "44216", "7490", "9459", "70132")},
}


def project(tmp_path: Path, act: str, year: int, ru: str | None, kk: str | None,
            kind: str = "consolidated") -> tuple[Path, str]:
    """A temporary project folder with one act (``corpus/<id>/meta.toml`` + its text files copied)."""
    act_id = f"{act}-{year}"
    folder = tmp_path / "corpus" / act_id
    folder.mkdir(parents=True)
    (tmp_path / "amendments").mkdir(exist_ok=True)
    if not (tmp_path / "site").exists():
        shutil.copytree(ROOT / "site", tmp_path / "site")   # the site's templates, styles and pages
    texts = []
    for lang, rel in (("ru", ru), ("kk", kk)):
        if rel is None:
            continue
        name = f"{lang}.md"
        shutil.copyfile(REAL / rel, folder / name)
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        texts.append(f'[[texts]]\nfile = "{name}"\nlang = "{lang}"\nsha256 = "{digest}"\n')
    (folder / "meta.toml").write_text(
        f'id = "{act_id}"\nnumber = "{act}"\nkind = "{kind}"\ntitle = {{}}\nissuer = {{}}\n'
        f'signed = "unknown"\npublished = "unknown"\nsnapshot_as_of = "unknown"\n'
        f'note = "real act from the shared real corpus ({REAL.name}), copied for a test"\n\n' + "\n".join(texts),
        encoding="utf-8")
    return tmp_path, act_id
