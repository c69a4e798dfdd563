"""Ingest: the real corpus loads; bad metadata gets a clear error naming the file and key."""

import hashlib
import shutil
from pathlib import Path

import pytest

from normbase.errors import InputError
from normbase.sources import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def test_real_corpus_loads():
    corpus = load_corpus(ROOT)
    ids = sorted(str(s.id) for s in corpus.all())
    assert ids == ["40-2016", "488-2015", "583-2007", "78-2022"]
    act = corpus.get(corpus.acts[0].id)
    assert act.kind == "consolidated" and act.langs == ("ru",)
    o488 = next(o for o in corpus.orders if o.id.number == "488")
    assert o488.published is None and str(o488.signed) == "2015-07-27" and str(o488.registered) == "2015-08-25"
    assert o488.entry_into_force == "after_publication" and str(o488.amends) == "583-2007"
    for number in ("40", "78"):
        o = next(o for o in corpus.orders if o.id.number == number)
        assert o.texts == () and "footnote" in o.known_from


@pytest.mark.parametrize("name,folder", [("000_25adfcbe3fa7ad9f.txt", "amendments/488-2015"), ("002_30b5a514a47d93be.txt", "corpus/583-2007")])
def test_seed_copies_are_byte_for_byte(name, folder):
    copy = (ROOT / folder / name).read_bytes()
    if SEEDS.is_dir():
        assert copy == (SEEDS / name).read_bytes()
    digest = hashlib.sha256(copy).hexdigest()
    assert digest in (ROOT / folder / "meta.toml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    for sub in ("corpus", "amendments"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    return tmp_path


def edit(project: Path, folder: str, old: str, new: str) -> Path:
    meta = project / folder / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    assert old in text, old
    meta.write_text(text.replace(old, new, 1), encoding="utf-8")
    return meta


CASES = [
    ("amendments/488-2015", 'registration_number = "11934"', 'registration_number = "11934"\ncolour = "red"', "unknown key 'colour'"),
    ("amendments/488-2015", 'signed = 2015-07-27', '', "missing key 'signed'"),
    ("amendments/488-2015", 'signed = 2015-07-27', 'signed = 27', "key 'signed'"),
    ("amendments/488-2015", 'published = "unknown"', 'published = "2015-02-30"', "impossible date"),
    ("amendments/488-2015", 'published = "unknown"', 'published = 2015-07-01', "published 2015-07-01 before signed"),
    ("amendments/488-2015", 'registered = 2015-08-25', 'registered = 2015-07-01', "registered 2015-07-01 before signed"),
    ("amendments/488-2015", 'amends = "583-2007"', 'amends = "999-2001"', "not in corpus"),
    ("amendments/488-2015", 'entry_into_force = "after_publication"', 'entry_into_force = "someday"', "entry_into_force"),
    ("amendments/488-2015", 'lang = "kk"', 'lang = "en"', "lang 'en'"),
    ("amendments/488-2015", 'sha256 = "2bff', 'sha256 = "0bff', "differs from the recorded"),
    ("amendments/488-2015", 'file = "000_25adfcbe3fa7ad9f.txt"', 'file = "../000.txt"', "plain name"),
    ("amendments/488-2015", 'file = "000_25adfcbe3fa7ad9f.txt"', 'file = "absent.txt"', "missing"),
    ("amendments/488-2015", 'id = "488-2015"', 'id = "488-2015"\nid = "488-2015"', "bad TOML"),
    ("amendments/488-2015", 'kind = "amending"', 'kind = "consolidated"', "not allowed here"),
    ("amendments/40-2016", 'known_from = ', 'note2 = ', "unknown key 'note2'"),
]


@pytest.mark.parametrize("folder,old,new,message", CASES)
def test_bad_metadata(project, folder, old, new, message):
    meta = edit(project, folder, old, new)
    with pytest.raises(InputError) as e:
        load_corpus(project)
    assert message in str(e.value)
    assert str(meta) in str(e.value) or str(meta.parent) in str(e.value)


def test_missing_metadata_file(project):
    (project / "amendments/78-2022/meta.toml").unlink()
    with pytest.raises(InputError, match="missing metadata file"):
        load_corpus(project)


def test_two_orders_with_the_same_id(project):
    shutil.copytree(project / "amendments/78-2022", project / "amendments/78-2022-copy")
    edit(project, "amendments/78-2022-copy", 'id = "78-2022"', 'id = "78-2022"')
    with pytest.raises(InputError, match="does not match the folder name"):
        load_corpus(project)


def test_adding_an_order_by_dropping_a_folder(project):
    folder = project / "amendments/99-2023"
    folder.mkdir()
    (folder / "meta.toml").write_text(
        'id = "99-2023"\nnumber = "99"\nkind = "amending"\namends = "583-2007"\ntitle = {}\nissuer = {}\n'
        'signed = 2023-01-10\npublished = "unknown"\nentry_into_force = "from_signing"\nknown_from = "synthetic test"\ntexts = []\n',
        encoding="utf-8",
    )
    corpus = load_corpus(project)
    assert "99-2023" in [str(i) for i in corpus.ids]


@pytest.mark.parametrize("act_id,number,ok", [
    ("319-III-2007", "319-III", True), ("134-VII-2022", "134-VII", True),
    ("319-III-2007", "319", False), ("319-III-2007", "319-IV", False), ("319-iii-2007", "319-iii", False),
])
def test_law_with_a_convocation_in_its_number(project, act_id, number, ok):
    # a law of Parliament: the id keeps the convocation; ``number`` is the official number as printed
    folder = project / "corpus" / act_id
    folder.mkdir()
    (folder / "meta.toml").write_text(
        f'id = "{act_id}"\nnumber = "{number}"\nkind = "consolidated"\ntitle = {{}}\nissuer = {{}}\n'
        'signed = "unknown"\npublished = "unknown"\nknown_from = "synthetic test"\ntexts = []\n', encoding="utf-8")
    if ok:
        assert act_id in [str(i) for i in load_corpus(project).ids]
    else:
        with pytest.raises(InputError, match="key '(id|number)'"):
            load_corpus(project)
