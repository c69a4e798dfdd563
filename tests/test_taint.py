"""Never a confident wrong answer: what could not be read or applied taints what it may have changed.

SYNTHETIC: every project here is written by ``test_engine_synthetic.make_project`` from the
synthetic fixtures under ``tests/fixtures/synthetic/engine`` (each says so on its first line); the
clauses below are made up in the shape of the design guide's formulas (§4). The act 7-2010 took
effect on 2010-02-12; each order ``o(id, day)`` is in force 6 days after ``day``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from normbase.instructions import _State, readable_targets
from normbase.normalize import decode
from normbase.errors import InputError
from test_engine_synthetic import ORIGINAL, o, project  # noqa: F401 — ``project`` is a fixture

pytestmark = pytest.mark.synthetic

REPLACE_P4_RU = ["пункт 4 изложить в следующей редакции:", "«4. Проверку проводит комиссия из пяти человек.»."]


def clause_named(reason: str, order: str, lang: str) -> bool:
    """The reason names the order, the language, the clause and its file:line."""
    return bool(re.search(rf"order {order} \[{lang}\] order\.p1\.part\d+ \(\S+{lang}\.txt:\d+\)", reason))


# ---------------------------------------------------------------- clauses that cannot be read


def test_unknown_formula_with_a_readable_target_taints_that_unit_only(project):
    p = project(o("11-2012", "2012-03-01", ru=["пункт 4 переписать заново;"]))
    assert [f.kind for f in p.errors] == ["instruction_problem"]
    assert p.ask("rules.p4", "ru", "2012-03-06").text == ORIGINAL[("rules.p4", "ru")]   # before: unchanged
    for lang in ("ru", "kk"):   # kk: the order has no Kazakh text
        after = p.ask("rules.p4", lang, "2012-03-07")
        assert (after.status, after.text) == ("unknown", None)
        assert clause_named(after.reason, "11-2012", "ru") and "could not be read" in after.reason
    assert p.ask("rules.p6", "ru", "2013-01-01").text == ORIGINAL[("rules.p6", "ru")]   # not named: untouched


def test_unknown_formula_naming_nothing_taints_every_unit_of_the_act(project):
    p = project(o("11-2012", "2012-03-01", kk=["Қағидалар жаңаша түзетілсін;"]))
    assert [f.kind for f in p.errors] == ["instruction_problem"]
    for unit in p.h.addresses:
        for lang in ("kk", "ru"):
            assert p.ask(unit, lang, "2012-03-06").status != "unknown" or unit.endswith("header"), (unit, lang)
            after = p.ask(unit, lang, "2013-01-01")
            assert after.status == "unknown" and clause_named(after.reason, "11-2012", "kk"), (unit, lang)


def test_unbalanced_quotes_still_name_the_point(project):
    p = project(o("11-2012", "2012-03-01", ru=["пункт 3 изложить в следующей редакции:",
                                               "«3. Проверка проводится ежеквартально.",
                                               "в пункте 6 слова «председателем» заменить словами «секретарем»."]))
    # the open quotation swallows the order's point 2 and its signature: reported, but they
    # command nothing, so they taint nothing
    problem, *swallowed = p.kb.problems
    assert problem.targets == ("rules.p3",) and "never closed" in problem.message
    assert [s.targets for s in swallowed] == [(), ()]
    after = p.ask("rules.p3", "ru", "2013-01-01")
    assert after.status == "unknown" and clause_named(after.reason, "11-2012", "ru")
    assert p.ask("rules.p3.part2", "ru", "2013-01-01").status == "unknown"   # inside the point
    assert p.ask("rules.p3", "ru", "2012-03-06").text == ORIGINAL[("rules.p3", "ru")]
    assert p.ask("rules.p6", "ru", "2013-01-01").text == "6. Протокол подписывается секретарем комиссии."


def test_a_missing_target_is_an_error_and_unknown_after_the_order(project):
    p = project(o("11-2012", "2012-03-01", ru=["в пункте 5:", "подпункт 7) изложить в следующей редакции:",
                                               "«7) хранит протокол.»."]))
    [error] = p.errors
    assert error.kind == "instruction_not_applicable" and error.address == "rules.p5.sp7"
    assert p.ask("rules.p5.sp7", "ru", "2012-03-06").status == "not_in_force"
    after = p.ask("rules.p5.sp7", "ru", "2013-01-01")
    assert after.status == "unknown" and clause_named(after.reason, "11-2012", "ru") and "not applied" in after.reason


def test_an_uncertain_window_gives_unknown_inside_it(project):
    p = project(o("11-2012", "2012-03-01", published=False, ru=["пункт 4 переписать заново;"]))
    after = p.ask("rules.p4", "ru", "2013-01-01")
    assert after.status == "unknown" and "not before 2012-03-02" in after.reason and "could not be read" in after.reason
    assert p.ask("rules.p4", "ru", "2012-03-01").status == "in_force"


# ---------------------------------------------------------------- the words of a clause


def test_words_occurring_twice_are_all_replaced_counted_and_listed(project):
    p = project(o("11-2012", "2012-03-01", ru=["пункт 4 изложить в следующей редакции:",
                                               "«4. Проверку проводит комиссия, и комиссия ведет протокол.»."]),
                o("12-2013", "2013-03-01", ru=["в пункте 4 слово «комиссия» заменить словом «группа»."]))
    a = p.ask("rules.p4", "ru", "2014-01-01")
    assert a.text == "4. Проверку проводит группа, и группа ведет протокол." and a.status == "in_force"
    assert a.source.occurrences == 2 and "2 occurrences" in a.source.describe()
    [listed] = [f for f in p.findings if f.kind == "words_several_times"]
    assert listed.address == "rules.p4" and listed.order == "12-2013" and "occur 2 times" in listed.message


def test_words_inside_a_longer_word_or_after_a_hyphen_are_not_matched(project):
    p = project(o("11-2012", "2012-03-01", ru=["пункт 4 изложить в следующей редакции:",
                                               "«4. Проверку проводит учебно-методическая комиссия и методическая группа.»."]),
                o("12-2013", "2013-03-01", ru=["в пункте 4 слова «методическая» заменить словами «научная»."]),
                o("13-2014", "2014-03-01", ru=["в пункте 6 слово «комисс» исключить."]))
    assert p.ask("rules.p4", "ru", "2014-01-01").text == (
        "4. Проверку проводит учебно-методическая комиссия и научная группа.")
    assert p.ask("rules.p4", "ru", "2014-01-01").source.occurrences == 1
    [error] = p.errors   # «комисс» is only inside «комиссии»
    assert error.address == "rules.p6" and "do not occur" in error.message
    assert p.ask("rules.p6", "ru", "2015-01-01").status == "unknown"


# ---------------------------------------------------------------- orders whose sequence is not proven


def test_same_day_orders_touching_one_unit_are_uncertain_naming_both(project):
    p = project(o("30-2012", "2012-03-01", ru=REPLACE_P4_RU),
                o("13-2012", "2012-03-01", kk=["4-тармақ мынадай редакцияда жазылсын:", "«4. Тексеруді бес адам жүргізеді.»."]))
    a = p.ask("rules.p4", "kk", "2012-03-07")
    assert a.status in ("uncertain", "unknown")
    ru = p.ask("rules.p4", "ru", "2012-03-07")   # 30-2012 sorts last; it never silently wins
    assert ru.status == "uncertain" and "13-2012" in ru.reason and "30-2012" in ru.reason
    assert p.ask("rules.p4", "ru", "2012-03-06").status == "in_force"


def test_an_order_before_its_act_is_an_error(project):
    p = project(o("11-2009", "2009-06-01", ru=REPLACE_P4_RU))
    [error] = p.errors
    assert error.kind == "order_before_act" and error.order == "11-2009"
    assert p.ask("rules.p4", "ru", "2011-01-01").status == "unknown"   # never the wording by guess


def test_one_order_inserting_the_same_unit_twice_is_an_error(project):
    p = project(o("11-2012", "2012-03-01", ru=["дополнить пунктом 6-1 следующего содержания:", "«6-1. Первый.».",
                                               "дополнить пунктом 6-1 следующего содержания:", "«6-1. Второй.»."]))
    [error] = p.errors
    assert error.address == "rules.p6-1" and "inserts this unit twice" in error.message
    assert p.ask("rules.p6-1", "ru", "2013-01-01").status == "unknown"


# ---------------------------------------------------------------- provenance and the act's own dates


def test_a_deletion_cites_the_clause_in_each_language(project):
    p = project(o("11-2012", "2012-03-01", ru=["пункт 6 исключить."], kk=["6-тармақ алып тасталсын."]))
    for lang in ("ru", "kk"):
        a = p.ask("rules.p6", lang, "2013-01-01")
        assert a.status == "deleted" and a.source.lang == lang and a.source.file.endswith(f"{lang}.txt")


def test_the_act_is_not_in_force_before_its_own_entry_into_force(project):
    p = project()
    before = p.ask("rules.p4", "ru", "2010-02-11")   # published 2010-02-01, in force ten days after
    assert before.status == "not_in_force" and "2010-02-12" in before.reason
    a = p.ask("rules.p4", "ru", "2010-02-12")
    assert a.status == "in_force" and a.valid_from is not None and a.valid_from.earliest == date(2010, 2, 12)


# ---------------------------------------------------------------- readable targets of unreadable clauses
# Each sentence is a real clause of order 488-2015 (tests/golden/instructions) with its formula
# word damaged, so that no formula reads it.

@pytest.mark.parametrize("sentence, lang, point, expected", [
    ("7-тармақта: 5) тармақша мынадай редакцияда жазыл:", "kk", None, ("rules.p7.sp5",)),
    ("10, 11, 12, 13 және 14-тармақтар мынадай редакцияда жазылсынн:", "kk", None,
     ("rules.p10", "rules.p11", "rules.p12", "rules.p13", "rules.p14")),
    ("5) тармақша мынадай редакцияда жазыл: «5) ашық сабақтар", "kk", "rules.p8", ("rules.p8.sp5",)),
    ("мынадай мазмұндағы бөліммен толықтыр: «2-1. Жаңа", "kk", None, None),
    ("пункт 3 изложит в следующей редакции: «3. В пункте 5 слова", "ru", None, ("rules.p3",)),
])
def test_readable_targets_of_a_damaged_clause(sentence, lang, point, expected):
    assert readable_targets(sentence, lang, _State("rules", point)) == expected


# ---------------------------------------------------------------- encodings


def test_mojibake_in_a_cp1251_file_is_refused_at_its_line():
    text = "строка один\nстрока два\n" + "Правила".encode("utf-8").decode("cp1251") + "\n"
    with pytest.raises(InputError) as e:
        decode(text.encode("cp1251"), "corpus/x/ru.txt")
    assert "corpus/x/ru.txt" in str(e.value) and ":3" in str(e.value) and "UTF-8" in str(e.value)


def test_a_bad_byte_is_reported_at_its_own_line():
    data = ("строка\n" * 99).encode("utf-8") + b"\xff\xfe broken\n"
    with pytest.raises(InputError) as e:
        decode(data, "corpus/x/ru.txt")
    assert ":100" in str(e.value)


# ---------------------------------------------------------------- said loudly


def test_build_ends_with_the_counts_and_show_names_the_clause(tmp_path):
    import shutil

    from click.testing import CliRunner

    from normbase.cli import main
    from test_engine_synthetic import make_project

    root = make_project(tmp_path / "p", [o("11-2012", "2012-03-01", ru=["пункт 4 переписать заново;"])])
    shutil.copytree(Path(__file__).resolve().parents[1] / "site", root / "site")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--root", str(root), "--out", str(out), "build"])
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-2:]
    assert last[0].startswith("1 amending clauses could not be read or applied")
    assert last[1].startswith("2 unit wordings")   # rules.p4 in ru and in kk
    strict = CliRunner().invoke(main, ["--root", str(root), "--out", str(out), "build", "--strict"])
    assert strict.exit_code == 1
    shown = CliRunner().invoke(main, ["--root", str(root), "--out", str(out), "show", "7-2010", "rules.p4",
                                      "--lang", "ru", "--on", "2013-01-01"])
    assert shown.exit_code == 0 and "unknown" in shown.stdout and "11-2012/ru.txt:8" in shown.stdout, shown.stdout


# ---------------------------------------------------------------- a consolidated text and later orders


def consolidated_project(root: Path, as_of: str, *orders):
    """The synthetic act as a consolidated text current on ``as_of`` (a date or "unknown"), and orders."""
    from normbase.pipeline import build
    from test_engine_synthetic import ACT, make_project

    make_project(root, list(orders))
    meta = root / "corpus" / ACT / "meta.toml"
    text = meta.read_text(encoding="utf-8").replace('kind = "original"', 'kind = "consolidated"')
    snapshot = f"snapshot_as_of = {as_of}" if as_of[0].isdigit() else f'snapshot_as_of = "{as_of}"'
    meta.write_text(text.replace("\nsigned =", f"\n{snapshot}\nsigned =", 1), encoding="utf-8")
    kb = build(root)
    return kb, kb.history(ACT)


def ask(h, address, lang, day):
    from normbase.query import answer

    return answer(h.timeline(address, lang), date.fromisoformat(day), h.start)


WORDS_P4 = ["в пункте 4 слова «трех» заменить словами «пяти»."]


def test_an_order_after_the_snapshot_applies_on_top_of_it(tmp_path):
    _kb, h = consolidated_project(tmp_path / "p", "2011-01-01", o("11-2012", "2012-03-01", ru=WORDS_P4))
    assert ask(h, "rules.p4", "ru", "2011-06-01").text == ORIGINAL[("rules.p4", "ru")]
    assert ask(h, "rules.p4", "ru", "2011-06-01").status == "in_force"   # proven on its own date
    a = ask(h, "rules.p4", "ru", "2012-03-07")
    assert (a.status, a.text, a.changed_by) == ("in_force", "4. Проверку проводит комиссия из пяти человек.", "11-2012")
    assert ask(h, "rules.p4", "kk", "2012-03-07").status == "unknown"   # the order has no Kazakh text


@pytest.mark.parametrize("as_of", ["unknown", "2012-06-01"])
def test_an_order_whose_place_against_the_snapshot_is_unproven_is_uncertain_naming_both(tmp_path, as_of):
    # published unknown: in force on an unknown date ≥ 2012-03-02, perhaps after the consolidated text
    _kb, h = consolidated_project(tmp_path / "p", as_of, o("11-2012", "2012-03-01", published=False, ru=WORDS_P4))
    a = ask(h, "rules.p4", "ru", "2013-01-01")
    assert a.status == "uncertain" and "may predate order 11-2012" in a.reason, a
    assert a.source.kind == "snapshot"


# ---------------------------------------------------------------- several consolidated texts of one act


def two_states_project(root: Path, later_edit, *orders):
    """The synthetic act as two Russian consolidated texts: the fixture as of 2011-01-01 and, as of
    2013-06-01, the fixture changed by ``later_edit`` (text → text); the Kazakh one as of 2013-06-01."""
    import hashlib

    from normbase.pipeline import build
    from test_engine_synthetic import ACT, make_project

    make_project(root, list(orders))
    folder = root / "corpus" / ACT
    later = later_edit((folder / "ru.txt").read_text(encoding="utf-8"))
    (folder / "ru-2013.txt").write_text(later, encoding="utf-8")
    meta = (folder / "meta.toml").read_text(encoding="utf-8").replace('kind = "original"', 'kind = "consolidated"')
    meta = meta.replace('file = "ru.txt"\nlang = "ru"\n', 'file = "ru.txt"\nlang = "ru"\nas_of = 2011-01-01\n')
    meta += ('\n[[texts]]\nfile = "ru-2013.txt"\nlang = "ru"\nas_of = 2013-06-01\n'
             f'sha256 = "{hashlib.sha256(later.encode()).hexdigest()}"\n')
    meta = meta.replace('file = "kk.txt"\nlang = "kk"\n', 'file = "kk.txt"\nlang = "kk"\nas_of = 2013-06-01\n')
    (folder / "meta.toml").write_text(meta, encoding="utf-8")
    kb = build(root)
    return kb, kb.history(ACT)


def test_an_order_the_later_text_already_shows_is_applied_once(tmp_path):
    kb, h = two_states_project(tmp_path / "p", lambda t: t.replace("из трех человек", "из пяти человек"),
                               o("11-2012", "2012-03-01", ru=WORDS_P4))
    assert [s.state.as_of for s in h.states] == [date(2011, 1, 1)]
    versions = h.timeline("rules.p4", "ru").versions
    assert [v.changed_by for v in versions if v.state == "text"].count("11-2012") == 1   # no duplicate
    assert ask(h, "rules.p4", "ru", "2011-06-01").text == ORIGINAL[("rules.p4", "ru")]
    a = ask(h, "rules.p4", "ru", "2013-07-01")
    assert (a.status, a.text) == ("in_force", "4. Проверку проводит комиссия из пяти человек.")
    assert not [f for f in h.findings if f.kind in ("snapshot_differs", "unexplained_change")]


def test_a_change_between_two_texts_no_act_explains_is_found_and_dated_by_a_window(tmp_path):
    kb, h = two_states_project(tmp_path / "p", lambda t: t.replace("подписывается председателем", "подписывается секретарем"))
    [found] = [f for f in h.findings if f.kind == "unexplained_change"]
    assert found.address == "rules.p6" and "2011-01-01" in found.message and found.lang == "ru"
    assert ask(h, "rules.p6", "ru", "2011-01-01").text == ORIGINAL[("rules.p6", "ru")]   # proven on its date
    between = ask(h, "rules.p6", "ru", "2012-06-01")   # changed on a day the texts do not give
    assert between.status == "uncertain" and "between the consolidated texts" in between.reason
    after = ask(h, "rules.p6", "ru", "2013-06-01")
    assert (after.status, after.text) == ("in_force", "6. Протокол подписывается секретарем комиссии.")


@pytest.mark.parametrize("kind, as_of, message", [
    ("original", ("2011-01-01", "2013-06-01"), "only a consolidated act holds several"),
    ("consolidated", ("2011-01-01", None), "each needs its own as_of date"),
    ("consolidated", ("2011-01-01", "2011-01-01"), "each needs its own as_of date"),
])
def test_several_texts_in_one_language_need_a_consolidated_act_and_their_own_dates(tmp_path, kind, as_of, message):
    import hashlib

    from normbase.sources import load_corpus
    from test_engine_synthetic import ACT, make_project

    root = make_project(tmp_path / "p", [])
    folder = root / "corpus" / ACT
    (folder / "ru-2.txt").write_bytes((folder / "ru.txt").read_bytes())
    digest = hashlib.sha256((folder / "ru.txt").read_bytes()).hexdigest()
    meta = (folder / "meta.toml").read_text(encoding="utf-8").replace('kind = "original"', f'kind = "{kind}"')
    meta = meta.replace('file = "ru.txt"\nlang = "ru"\n', f'file = "ru.txt"\nlang = "ru"\nas_of = {as_of[0]}\n')
    second = f"as_of = {as_of[1]}\n" if as_of[1] else ""
    meta += f'\n[[texts]]\nfile = "ru-2.txt"\nlang = "ru"\n{second}sha256 = "{digest}"\n'
    (folder / "meta.toml").write_text(meta, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_corpus(root)
    assert message in str(e.value) and "meta.toml" in str(e.value)


def test_verify_classifies_every_unit_of_a_pair_of_texts(tmp_path):
    from normbase.verify import verify

    kb, h = two_states_project(tmp_path / "p",
                               lambda t: t.replace("из трех человек", "из пяти человек")
                               .replace("подписывается председателем", "подписывается секретарем")
                               .replace("Проверка проводится ежегодно.", "Проверка проводится, ежегодно."),
                               o("11-2012", "2012-03-01", ru=WORDS_P4))
    [report] = verify(kb)
    assert (report.lang, report.orders, report.earlier[1], report.later[1]) == ("ru", ("11-2012",), "2011-01-01", "2013-06-01")
    units = {u.address: u for u in report.units}
    assert units["rules.p4"].status == "exact" and units["rules.p4"].touched
    assert units["rules.p3"].status == "whitespace"
    assert units["rules.p6"].status == "differs" and "no amending act in the corpus explains" in units["rules.p6"].reason
    assert "[-председателем-] {+секретарем+}" in units["rules.p6"].diff
    assert 0 < report.edit_share < 0.05
    counts = report.counts()
    assert counts["differs"] == 1 and counts["not_comparable"] == 0 and sum(counts.values()) == len(report.units)
