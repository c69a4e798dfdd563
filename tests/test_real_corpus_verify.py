"""``normbase verify`` on the real before/after pairs whose amending act is in the corpus.

Reads ``../shared/real-corpus/`` (skips, with the reason, only when it is absent; CI has it); the
texts are copied into a temporary project at test time, never into the repository. The pairs are
the first two of the corpus README's "Known before/after pairs":

1. 17443 [ru] ``versions/2007-01-11/ru.md`` → ``ru.md`` via 44216 (12.02.2009 N 131-IV);
2. 104143 [kk] ``versions/2009-04-29/kk.md`` → ``kk.md`` via 143474 (02.06.2020 № 340-VI).

Each consolidated text is dated by the latest amendment its footnotes cite (the corpus README's
version label: the text is current at least from then). The amending laws' own dates are not in
their texts: their metadata say so (``published = "unknown"``), as a user would write it. The
figures the tests assert are the ones ``docs/verify.md`` reports.

The README's other three pairs (4051 [ru], 4051 [kk], 673 [ru]) bracket only acts that are not in
the corpus: ``verify`` compares them too, applies nothing, and every difference it finds must say
that no amending act in the corpus explains it (``test_pairs_without_their_amending_act``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from normbase.pipeline import build
from normbase.verify import verify
from real_corpus import REAL, ROOT, SKIP

pytestmark = [SKIP, pytest.mark.slow]


def _texts(folder: Path, files: list[tuple[str, str, str, str | None]]) -> str:
    rows = []
    for rel, name, lang, as_of in files:
        shutil.copyfile(REAL / rel, folder / name)
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        rows.append(f'[[texts]]\nfile = "{name}"\nlang = "{lang}"\n' + (f"as_of = {as_of}\n" if as_of else "")
                    + f'sha256 = "{digest}"\n')
    return "\n".join(rows)


def pair_project(root: Path, act: tuple[str, str, str, str], texts, law: tuple[str, str, str, str] | None) -> Path:
    """A project: the act (id, number, signed, folder in the real corpus) with its dated texts, and the
    amending law (id, number, signed, folder) in both languages (None: no amending act in the corpus)."""
    act_id, number, signed, _ = act
    (root / "corpus" / act_id).mkdir(parents=True)
    (root / "corpus" / act_id / "meta.toml").write_text(
        f'id = "{act_id}"\nnumber = "{number}"\nkind = "consolidated"\ntitle = {{}}\nissuer = {{}}\n'
        f'signed = {signed}\npublished = "unknown"\nnote = "real act, copied for a test"\n\n'
        + _texts(root / "corpus" / act_id, texts), encoding="utf-8")
    shutil.copytree(ROOT / "site", root / "site")
    if law is None:
        (root / "amendments").mkdir()
        return root
    law_id, law_number, law_signed, law_folder = law
    folder = root / "amendments" / law_id
    folder.mkdir(parents=True)
    folder.joinpath("meta.toml").write_text(
        f'id = "{law_id}"\nnumber = "{law_number}"\nkind = "amending"\namends = "{act_id}"\ntitle = {{}}\n'
        f'issuer = {{}}\nsigned = {law_signed}\npublished = "unknown"\nentry_into_force = "unknown"\n'
        f'note = "real amending law, copied for a test"\n\n'
        + _texts(folder, [(f"{law_folder}/ru.md", "ru.md", "ru", None), (f"{law_folder}/kk.md", "kk.md", "kk", None)]),
        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = {}
    root = pair_project(tmp_path_factory.mktemp("v17443"), ("17443-2003", "17443", "2003-11-04", "17443"),
                        [("17443/versions/2007-01-11/ru.md", "ru-2007.md", "ru", "2007-01-11"),
                         ("17443/ru.md", "ru.md", "ru", "2009-02-12")],
                        ("131-IV-2009", "131-IV", "2009-02-12", "44216"))
    out["17443"] = verify(build(root))
    root = pair_project(tmp_path_factory.mktemp("v104143"), ("104143-1997", "104143", "1997-05-07", "104143"),
                        [("104143/versions/2009-04-29/kk.md", "kk-2009.md", "kk", "2009-04-29"),
                         ("104143/kk.md", "kk.md", "kk", "2020-06-02"), ("104143/ru.md", "ru.md", "ru", "2009-04-29")],
                        ("340-VI-2020", "340-VI", "2020-06-02", "143474"))
    out["104143"] = verify(build(root))
    return out


def _touched(report):
    return {u.address: u for u in report.units if u.touched}


def test_real_corpus_verify_17443_via_44216(reports):
    [report] = reports["17443"]
    assert (report.lang, report.orders) == ("ru", ("131-IV-2009",))
    touched = _touched(report)
    assert {"art1", "art5-1", "art12.sp2", "art13.sp1-1", "art15.sp4"} <= set(touched)
    # the inserted art. 5-1 is exact too: the Russian law quotes its heading with a final dot, the
    # Kazakh one without — the heading is a name in both (wording.heading_named)
    assert all(u.status in ("exact", "whitespace") for u in touched.values()), \
        {a: (u.status, u.reason) for a, u in touched.items() if u.status not in ("exact", "whitespace")}
    residual = {u.address: u.reason for u in report.units if u.status not in ("exact", "whitespace")}
    assert set(residual) == {"toc", "art13.sp16"}, residual   # 07.08.2007 N 321 is not in the corpus
    assert all("no amending act in the corpus explains" in r for r in residual.values())
    assert report.edit_share < 0.02


def test_real_corpus_verify_104143_via_143474(reports):
    [report] = [r for r in reports["104143"] if r.lang == "kk"]
    assert report.orders == ("340-VI-2020",)
    touched = _touched(report)
    assert {"art7", "art19.part2", "art19.part3", "art19.part4"} <= set(touched)
    assert all(u.status in ("exact", "whitespace") for u in touched.values()), \
        {a: (u.status, u.reason) for a, u in touched.items() if u.status not in ("exact", "whitespace")}
    for u in report.units:   # every residual has its reason
        assert u.status in ("exact", "whitespace") or u.reason
    assert report.edit_share < 0.06


UNEXPLAINED = [  # act, number, signed, folder, (earlier file, as of), (later file, as of)
    ("4051-1999", "4051", "1999-07-13", "4051", "ru", ("versions/2007-12-19/ru.md", "2007-12-19"),
     ("ru.md", "2014-03-31")),
    ("4051-1999", "4051", "1999-07-13", "4051", "kk", ("versions/2006-07-04/kk.md", "2006-07-04"),
     ("kk.md", "2007-12-19")),
    ("673-1998", "673", "1998-05-20", "673", "ru", ("versions/2002-03-21/ru.md", "2002-03-21"),
     ("ru.md", "2007-07-21")),
]


@pytest.mark.parametrize("act,number,signed,folder,lang,earlier,later", UNEXPLAINED,
                         ids=[f"{r[3]}-{r[4]}" for r in UNEXPLAINED])
def test_pairs_without_their_amending_act(tmp_path, act, number, signed, folder, lang, earlier, later):
    texts = [(f"{folder}/{earlier[0]}", f"{lang}-old.md", lang, earlier[1]),
             (f"{folder}/{later[0]}", f"{lang}.md", lang, later[1])]
    [report] = verify(build(pair_project(tmp_path, (act, number, signed, folder), texts, None)))
    assert (report.lang, report.orders) == (lang, ())
    assert not _touched(report)
    residual = [u for u in report.units if u.status not in ("exact", "whitespace")]
    assert residual, "the two texts differ: the README names the acts between them"
    # each residual says that an act outside the corpus is behind it (changed, inserted or deleted it)
    assert all(re.search(r"no amending act in the corpus|an act not in the corpus", u.reason) for u in residual), \
        [(u.address, u.reason) for u in residual]
    counts = {s: sum(1 for u in report.units if u.status == s)
              for s in ("exact", "whitespace", "differs", "not_comparable")}
    print(f"\n{folder} [{lang}] {earlier[1]} → {later[1]}: {len(report.units)} units {counts} "
          f"edit distance {report.edit_share:.2%}")
