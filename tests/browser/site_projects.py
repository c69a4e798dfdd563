"""Projects for the site tests: the real seeds, and a synthetic act whose text holds markup.

reads: the repository's corpus/, amendments/, site/ and the synthetic fixtures in
``tests/fixtures/synthetic/engine``; writes: a project folder under a temporary path.

``NASTY`` goes into the Russian text of the synthetic act (point 3 of the Rules) and into
its metadata title: the site must show it literally, never as markup. ``LONG`` (point 6)
must not widen a phone's page. The synthetic order
11-2012 gives point 4 a new wording in both languages, so a unit has two known wordings
and a redline.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "synthetic" / "engine"
NASTY = '<script>alert(1)</script> & "quotes" \'single\' <b>bold</b>'
ACT = "7-2010"
# a word longer than a phone is wide, and a file name with no break opportunity
LONG = "Сверхдлиннаяслитнаястрокабезпробеловдляпроверкипереносанателефоне" * 2 + " C:/normbase/corpus/583-2007/002_30b5a514a47d93be.txt"


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site: relative path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_seed_project(dest: Path) -> Path:
    for sub in ("corpus", "amendments", "site"):
        shutil.copytree(ROOT / sub, dest / sub)
    return dest


def _texts(rows: list[tuple[str, str, bytes]]) -> str:
    out = []
    for name, lang, data in rows:
        out += ["", "[[texts]]", f'file = "{name}"', f'lang = "{lang}"', f'sha256 = "{hashlib.sha256(data).hexdigest()}"']
    return "\n".join(out) + "\n"


def make_markup_project(dest: Path) -> Path:
    """A synthetic original act 7-2010 (kk, ru) with ``NASTY`` in its Russian point 3 and
    title, and a synthetic order 11-2012 that replaces point 4 in both languages."""
    shutil.copytree(ROOT / "site", dest / "site")
    act = dest / "corpus" / ACT
    act.mkdir(parents=True)
    rows = []
    for lang in ("kk", "ru"):
        data = (FIX / f"original_{lang}.txt").read_text(encoding="utf-8")
        if lang == "ru":
            data = data.replace("3. Проверка проводится ежегодно.", f"3. Проверка проводится ежегодно {NASTY}.")
            data = data.replace("6. Протокол подписывается председателем комиссии.", f"6. Протокол подписывается {LONG}.")
        (act / f"{lang}.txt").write_bytes(data.encode("utf-8"))
        rows.append((f"{lang}.txt", lang, data.encode("utf-8")))
    title = NASTY.replace("\\", "\\\\").replace('"', '\\"')
    (act / "meta.toml").write_text(
        "# SYNTHETIC test fixture (tests/browser/site_projects.py) — not an official act\n"
        f'id = "{ACT}"\nnumber = "7"\nkind = "original"\ntitle.ru = "Правила {title}"\ntitle.kk = "Қағидалар"\n'
        'issuer = {}\nsigned = 2010-01-11\nregistered = 2010-01-20\npublished = 2010-02-01\n'
        f'note = "synthetic: {title}"\n' + _texts(rows), encoding="utf-8")
    order = dest / "amendments" / "11-2012"
    order.mkdir(parents=True)
    clauses = {
        "ru": ["в Правилах проверки синтетических текстов, утвержденных указанным приказом:",
               "пункт 4 изложить в следующей редакции:", "«4. Проверку проводит комиссия из пяти человек.»."],
        "kk": ["көрсетілген бұйрықпен бекітілген Синтетикалық мәтіндерді тексеру қағидаларында:",
               "4-тармақ мынадай редакцияда жазылсын:", "«4. Тексеруді бес адамнан тұратын комиссия жүргізеді.»."],
    }
    rows = []
    for lang, lines in clauses.items():
        frame = (FIX / f"order_{lang}.txt").read_text(encoding="utf-8")
        data = frame.replace("{number}", "11").replace("{clauses}", "\n".join(f"      {c}" for c in lines)).encode("utf-8")
        (order / f"{lang}.txt").write_bytes(data)
        rows.append((f"{lang}.txt", lang, data))
    (order / "meta.toml").write_text(
        "# SYNTHETIC test fixture (tests/browser/site_projects.py) — not an official act\n"
        'id = "11-2012"\nnumber = "11"\nkind = "amending"\ntitle = {}\nissuer = {}\namends = "7-2010"\n'
        'signed = 2012-03-01\nregistered = 2012-03-01\npublished = 2012-03-06\nentry_into_force = "after_publication"\n'
        'note = "synthetic"\n' + _texts(rows), encoding="utf-8")
    return dest


REF_RU = "6. Протокол подписывается председателем комиссии, указанной в пункте 4 настоящих Правил."
REF_KK = "6. Хаттамаға осы Қағидалардың 4-тармағында көрсетілген комиссия төрағасы қол қояды."


def make_reference_project(dest: Path) -> Path:
    """The markup project with point 6 citing point 4 (SYNTHETIC wording): on the 2012 version the
    reference must lead to point 4 as order 11-2012 restated it."""
    make_markup_project(dest)
    act = dest / "corpus" / ACT
    rows = []
    for lang, old, new in (("ru", None, REF_RU), ("kk", "6. Хаттамаға комиссия төрағасы қол қояды.", REF_KK)):
        data = (act / f"{lang}.txt").read_text(encoding="utf-8")
        data = data.replace(old, new) if old else "\n".join(
            "      " + new if line.strip().startswith("6. Протокол подписывается") else line for line in data.split("\n"))
        (act / f"{lang}.txt").write_bytes(data.encode("utf-8"))
        rows.append((f"{lang}.txt", lang, data.encode("utf-8")))
    meta = (act / "meta.toml").read_text(encoding="utf-8")
    (act / "meta.toml").write_text(meta[: meta.index("\n[[texts]]")] + _texts(rows), encoding="utf-8")
    return dest
