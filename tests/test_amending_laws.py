"""An amending law that amends several acts, on a small synthetic project (made-up legal text under
tests/fixtures/synthetic/laws/, each file says so on its first line; the meta.toml files written
here say so in their ``note``): each article «Внести в Закон …» / «… Заңына … енгізілсін:» routes
its clauses to the act whose date, number and title it states, each clause is applied to its own
act, and a clause naming an act that is not in the corpus is reported, never dropped.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from normbase.pipeline import build
from normbase.query import answer

pytestmark = pytest.mark.synthetic
FIX = Path(__file__).resolve().parent / "fixtures" / "synthetic" / "laws"


def _source(root: Path, where: str, sid: str, number: str, kind: str, stem: str, signed: str, **keys: str) -> None:
    folder = root / where / sid
    folder.mkdir(parents=True)
    rows = [f'id = "{sid}"', f'number = "{number}"', f'kind = "{kind}"', "title = {}", "issuer = {}",
            f"signed = {signed}", "published = " + keys.pop("published", signed),
            *(f"{k} = {v}" for k, v in keys.items()),
            'note = "synthetic: written by tests/test_amending_laws.py, not an official act"']
    for lang in ("ru", "kk"):
        data = (FIX / f"{stem}_{lang}.md").read_bytes()
        (folder / f"{lang}.md").write_bytes(data)
        rows += ["", "[[texts]]", f'file = "{lang}.md"', f'lang = "{lang}"', f'sha256 = "{hashlib.sha256(data).hexdigest()}"']
    (folder / "meta.toml").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("laws")
    shutil_site(root)
    _source(root, "corpus", "11-IV-2010", "11-IV", "original", "law_a", "2010-03-10")
    _source(root, "corpus", "22-IV-2011", "22-IV", "original", "law_b", "2011-04-20")
    _source(root, "amendments", "44-IV-2012", "44-IV", "amending", "amending", "2012-05-02",
            amends='["11-IV-2010", "22-IV-2011"]', entry_into_force='"after_publication"')
    return build(root)


def shutil_site(root: Path) -> None:
    import shutil
    shutil.copytree(Path(__file__).resolve().parents[1] / "site", root / "site")


def now(kb, act: str, address: str, lang: str) -> str | None:
    h = kb.history(act)
    timeline = h.timeline(address, lang)
    assert timeline is not None, (act, address, lang)
    return answer(timeline, None, h.start).text


@pytest.mark.parametrize("lang,words,appended,part", [
    ("ru", "10 - 12", "Комиссия состоит из трех членов, назначаемых председателем.",
     "Сведения реестра обновляются ежемесячно."),
    ("kk", "10-12", "Комиссия үш мүшеден тұрады, төраға тағайындайтын.",
     "Тізілім мәліметтері ай сайын жаңартылады."),
])
def test_each_clause_is_applied_to_its_own_act(kb, lang, words, appended, part):
    assert words in now(kb, "11-IV-2010", "art3", lang)
    assert now(kb, "11-IV-2010", "art2.p2", lang).endswith(appended)
    assert now(kb, "22-IV-2011", "art2.part3", lang) == part
    assert kb.history("22-IV-2011").timeline("art2.part3", lang) is not None
    assert kb.history("11-IV-2010").timeline("art2.part3", lang) is None   # never applied to the other act


def test_each_act_gets_only_its_own_instructions(kb):
    for act, targets in (("11-IV-2010", {"art1", "art3", "art2.p2"}), ("22-IV-2011", {"art2.part3"})):
        events = kb.history(act).orders
        assert [str(e.order.id) for e in events] == ["44-IV-2012"]
        assert {i.target for i in events[0].instructions} == targets


def test_a_clause_naming_an_act_not_in_the_corpus_is_reported(kb):
    problems = kb.history("11-IV-2010").orders[0].problems
    assert sorted(p.clause.lang for p in problems) == ["kk", "ru"]
    assert all(p.message.startswith("amends an act not in the corpus") and p.targets == () for p in problems)
    assert not kb.history("22-IV-2011").orders[0].problems
    assert kb.history("11-IV-2010").timeline("art4", "ru") is None   # «статью 4 исключить» is not applied here


def test_a_change_of_the_russian_text_only_is_applied_once_and_only_there(kb):
    assert now(kb, "11-IV-2010", "art1", "ru").endswith("Проверки проводятся каждый год.")
    assert now(kb, "11-IV-2010", "art1", "kk").endswith("Тексерулер жыл сайын жүргізіледі.")
    assert not [f for f in kb.history("11-IV-2010").findings if f.severity == "error"]
    instrs = kb.history("11-IV-2010").orders[0].instructions
    assert sorted((i.clause.lang, i.only_lang) for i in instrs if i.target == "art1") == [("kk", "ru"), ("ru", "ru")]


@pytest.mark.parametrize("text,words,out", [
    ("2) ведет реестр;", ", вносит в него изменения", "2) ведет реестр, вносит в него изменения;"),
    ("Комиссия состоит из трех членов.", " и секретаря", "Комиссия состоит из трех членов и секретаря."),
    ("без знака", " в конце", "без знака в конце"),
])
def test_words_go_before_the_final_punctuation(text, words, out):
    from normbase.timelines import append_words
    assert append_words(text, words) == out


class _Act:
    def __init__(self, id_, signed=None, number=None, title=None):
        from datetime import date
        self.id, self.signed, self.number = id_, date.fromisoformat(signed) if signed else None, number
        self.title = {"ru": title} if title else {}


@pytest.mark.parametrize("wrapper,acts,expected", [
    ("Внести в Закон Республики Казахстан от 7 мая 1997 года «О комитетах» следующие изменения:",
     [_Act("a", "1997-05-07"), _Act("b", "1998-05-20")], "a"),
    ("Внести в Указ Президента Республики Казахстан от 7 сентября 2011 года № 150 «Об утверждении Правил» следующее изменение:",
     [_Act("a", None, "150"), _Act("b", None, "151")], "a"),
    ("«Синтетикалық тізілімдер туралы» Қазақстан Республикасының Заңына мынадай өзгеріс енгізілсін:",
     [_Act("a", title="О проверках"), _Act("b", title="Синтетикалық тізілімдер туралы")], "b"),
    ("Внести в Закон Республики Казахстан «О статусе столицы» следующие дополнения:", [_Act("a")], "a"),
    ("Внести в Закон Республики Казахстан от 20 мая 1998 г. «О статусе столицы» следующие дополнения:",
     [_Act("a", "1999-01-01")], None),
    ("Внести в Закон Республики Казахстан «О статусе столицы» следующие дополнения:", [_Act("a"), _Act("b")], None),
])
def test_a_wrapper_routes_to_the_act_it_names(wrapper, acts, expected):
    from normbase.amended import act_ref, route
    dest, why = route(act_ref(wrapper), acts)
    assert dest == expected
    assert bool(why) == (expected is None)


def test_words_throughout_a_law_change_every_unit_and_make_no_unit_of_their_own(tmp_path):
    root = tmp_path
    shutil_site(root)
    _source(root, "corpus", "11-IV-2010", "11-IV", "original", "law_a", "2010-03-10")
    folder = root / "amendments" / "55-IV-2013"
    folder.mkdir(parents=True)
    text = ("SYNTHETIC TEXT (synthetic test fixture for tests/test_amending_laws.py; not an official text)\n\n"
            "# О внесении изменения в Закон Республики Казахстан \"О синтетических проверках\"\n\n"
            "Статья 1. Внести в Закон Республики Казахстан от 10 марта 2010 года № 11-IV \"О синтетических проверках\" "
            "следующее изменение:\n\nпо всему тексту слово \"комиссия\" заменить словами \"рабочая группа\".\n\n"
            "Статья 2. Настоящий Закон вводится в действие со дня его первого официального опубликования.\n").encode()
    (folder / "ru.md").write_bytes(text)
    (folder / "meta.toml").write_text(
        'id = "55-IV-2013"\nnumber = "55-IV"\nkind = "amending"\ntitle = {}\nissuer = {}\nsigned = 2013-01-10\n'
        'published = 2013-01-10\namends = "11-IV-2010"\nentry_into_force = "after_publication"\n'
        'note = "synthetic: written by tests/test_amending_laws.py, not an official act"\n\n[[texts]]\nfile = "ru.md"\n'
        f'lang = "ru"\nsha256 = "{hashlib.sha256(text).hexdigest()}"\n', encoding="utf-8")
    kb = build(root)
    assert now(kb, "11-IV-2010", "art2.p1", "ru").endswith("Проверку проводит рабочая группа.")
    assert kb.history("11-IV-2010").timeline("act", "ru") is None


@pytest.mark.parametrize("amends,message", [
    ('["11-IV-2010", "99-2011"]', "amends 99-2011, which is not in corpus/"),
    ("[]", "a list of act ids must hold at least one id"),
])
def test_a_bad_list_of_amended_acts_is_one_clear_error(tmp_path, amends, message):
    from normbase.errors import InputError
    from normbase.sources import load_corpus
    _source(tmp_path, "corpus", "11-IV-2010", "11-IV", "original", "law_a", "2010-03-10")
    _source(tmp_path, "amendments", "44-IV-2012", "44-IV", "amending", "amending", "2012-05-02",
            amends=amends, entry_into_force='"after_publication"')
    with pytest.raises(InputError, match=re.escape(message)):
        load_corpus(tmp_path)
