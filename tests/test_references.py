"""References: the extractor on synthetic sentences, the resolver, the judged set, show --json, check."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from normbase.dates import DateWindow
from normbase.references import find
from normbase.refresolve import ActInfo, Context, Registry, Target, resolve
from normbase.reflinks import Link, stale_citations
from normbase.versions import TEXT, Timeline, Version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "references"))
import refeval  # noqa: E402

REG = Registry([ActInfo("583-2007", "order", date(2007, 11, 29), "583", (), frozenset({"rules.p5", "order.p1"})),
                ActInfo("488-2015", "order", date(2015, 7, 27), "488")])

# synthetic sentences (made up for these tests, in the formulas of Kazakh/Russian legal technique)
CASES = [
    ("ru", "rules.p7", "согласно пункту 5 настоящих Правил", ["583-2007 rules.p5"]),
    ("kk", "rules.p7", "осы Қағидалардың 5-тармағында көзделген", ["583-2007 rules.p5"]),
    ("kk", "art3.p1", "осы баптың 2-тармағы", ["583-2007 art3.p2"]),
    ("ru", "art3.p1", "в порядке, предусмотренном пунктом 2 настоящей статьи", ["583-2007 art3.p2"]),
    ("ru", "order.preamble", 'В соответствии с подпунктом 25) статьи 5 Закона Республики Казахстан "Об образовании"',
     ["external: law «Об образовании» art5.sp25"]),
    ("kk", "order.preamble", "«Білім туралы» Қазақстан Республикасы Заңының 5-бабының 25) тармақшасына сәйкес",
     ["external: law «Білім туралы» art5.sp25"]),
    ("ru", "rules.p1", "утвержденных приказом и.о. Министра от 27.07.2015 № 488", ["488-2015"]),
    ("ru", "rules.p1", "утвержденных приказом Министра от 29 ноября 2008 года № 583", ["external: order 2008-11-29 №583"]),
    ("ru", "rules.p1", "(Ведомости Парламента Республики Казахстан, 2001 г., N 23, ст. 316)",
     ["publication: vedomosti-parliament 2001 №23 ст.316"]),
    ("kk", "rules.p1", "(Қазақстан Республикасы Парламентінің Жаршысы, 2001 ж., N 23, 316-құжат)",
     ["publication: vedomosti-parliament 2001 №23 ст.316"]),
    ("kk", "rules.p1", "2008 жылғы 01 ақпандағы «Заң газетінің» № 16 (1416) санында", ["publication: zan-gazeti 2008 №16"]),
    ("ru", "", "пункт 4 статьи 3 дополнить подпунктами 7-1) и 7-2)",
     ["583-2007 art3.p4", "583-2007 art3.p4.sp7-1", "583-2007 art3.p4.sp7-2"]),
    ("ru", "rules.p1", "Статья 5. Настоящий Закон вводится в действие", []),   # a label and the act itself
    ("ru", "", "## Глава 1. Общие положения Статья 1. Основные понятия", []),   # labels glued into one line
    ("kk", "", "2. Мынадай мазмұндағы 29-1-баппен толықтырылсын: \"29-1-бап. Комитеттер", ["583-2007 art29-1"]),
    ("kk", "", "10) (алып тасталды - 2009.04.29. N 154-IV Заңымен);", ["external: law 2009-04-29 №154-IV"]),
    ("ru", "", "10) исключен Законом РК от 29.04.2009 № 154-IV (порядок введения в действие см. ст. 2);",
     ["external: law 2009-04-29 №154-IV", "external: law 2009-04-29 №154-IV art2"]),
]


@pytest.mark.parametrize("engine", ["spacy", "regex"])
@pytest.mark.parametrize("lang,here,text,targets", CASES)
def test_synthetic_references(engine, lang, here, text, targets):
    got = [t.key for r in find(text, lang, engine) for t in resolve(r, Context("583-2007", here), REG)]
    assert got == targets


def test_amended_act_not_in_corpus_gives_external_units():
    ref = find("часть вторую статьи 2", "ru")[0]
    cite = find('Закон Республики Казахстан от 14 апреля 1993 г. "О реабилитации"', "ru")[0].act
    (t,) = resolve(ref, Context("7490", "", cite), REG)
    assert t.external and t.key == "external: law 1993-04-14 «О реабилитации» art2.part2"


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """``cli(*args)``: a command on the seed corpus, no stored build (the knowledge base is built in memory)."""
    from click.testing import CliRunner

    from normbase.cli import main

    out = tmp_path_factory.mktemp("out")

    def run(*args):
        result = CliRunner().invoke(main, ["--root", str(ROOT), "--out", str(out), *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return result.stdout
    return run


@pytest.fixture(scope="module")
def jcli(cli):
    return lambda *args: json.loads(cli(*args, "--json"))


BASELINE = json.loads((ROOT / "docs" / "references-baseline.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not refeval.REAL.is_dir(), reason="../shared/real-corpus/ is absent: the judged set needs it")
def test_judged_set_at_or_above_the_baseline():
    from normbase.pipeline import build

    kb = build(ROOT)
    judged = refeval.load_judged()
    assert len(judged) >= 80 and {j.where.split("/")[-1][:2] for j in judged if j.source.startswith("kb:")}
    s = refeval.score(judged, refeval.predict(sorted({j.source for j in judged}), kb), kb)
    assert s["precision"] >= BASELINE["precision"] and s["recall"] >= BASELINE["recall"], (s["missed"], s["wrong"])


def test_show_json_lists_the_preamble_reference_as_external(jcli):
    data = jcli("show", "583", "order.preamble")
    ru = next(d for d in data if d["lang"] == "ru")
    assert any(r["external"] and "подпунктом 25) статьи 5 Закона Республики Казахстан" in r["text"]
               and r["target"] == "external: law «Об образовании» art5.sp25" for r in ru["references"])
    assert all("cited_by" in d for d in data)


def test_refs_command_prints_both_lists(cli):
    out = cli("refs", "583", "order.preamble")
    assert "1 references, cited by 0" in out and "Об образовании" in out


def _w(d: date) -> DateWindow:
    return DateWindow(d, d, "synthetic")


class _H:
    def __init__(self, timelines):
        self._t = {(t.address, t.lang): t for t in timelines}

    def timeline(self, address, lang):
        return self._t.get((address, lang))


class _KB:
    def __init__(self, h):
        self.h = h

    def history(self, act):
        return self.h


def test_a_unit_citing_a_unit_changed_later_is_flagged():
    citing = Timeline("a", "rules.p7", "ru", (Version(None, None, TEXT, "согласно пункту 5"),))
    cited = Timeline("a", "rules.p5", "ru", (Version(None, _w(date(2016, 1, 29)), TEXT, "old"),
                                             Version(_w(date(2016, 1, 29)), None, TEXT, "new", changed_by="40-2016")))
    kb = _KB(_H([citing, cited]))
    link = Link("a", "rules.p7", "ru", (0,), "unit", "пункту 5", Target("a rules.p5", "a", "rules.p5"))
    (f,) = stale_citations(kb, [link])
    assert f.message.startswith("cites rules.p5, which changed on 2016-01-29")
    unchanged = Timeline("a", "rules.p5", "ru", (Version(None, None, TEXT, "old"),))
    assert stale_citations(_KB(_H([citing, unchanged])), [link]) == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from normbase.reflinks import segments  # noqa: E402

_WORDS = ["пункта", "5", "7-1)", "статьи", "настоящих", "Правил", "Закона", "РК", "от", "19.12.2007", "N", "9-IV",
          '"Об', 'образовании"', "«", "»", "осы", "Қағидалардың", "5-тармағында", "бабының", "25)", "тармақшасы",
          "Ведомости", "Парламента", "Республики", "Казахстан,", "1999", "г.,", "ст.", "647", ";", "(", ")", "\n", "и"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30), st.sampled_from(["kk", "ru"]),
       st.sampled_from(["spacy", "regex"]))
def test_any_text_gives_references_inside_it_and_its_segments_rebuild_it(words, lang, engine):
    text = " ".join(words)
    refs = find(text, lang, engine)
    links = []
    for r in refs:
        assert 0 <= r.start <= r.end <= len(text) and text[r.start:r.end] == r.text
        for t in resolve(r, Context("583-2007", "rules.p7"), REG):
            links.append(Link("583-2007", "rules.p7", lang, (0,), r.kind, r.text, t, r.start, r.end))
    paras = segments(text, links, lambda k: None)
    assert "\n".join("".join(s["text"] for s in p) for p in paras) == text


def test_every_real_corpus_text_reads_without_error():
    if not refeval.REAL.is_dir():
        pytest.skip("../shared/real-corpus/ is absent")
    files = sorted(refeval.REAL.rglob("*.md"))
    assert len(files) > 20
    for f in files:
        if f.name in ("kk.md", "ru.md"):
            for r in find(f.read_text(encoding="utf-8"), f.stem):
                assert r.text


def test_show_json_lists_the_references_of_the_version_shown(jcli):
    latest = jcli("show", "583", "rules.p6", "--lang", "kk")
    assert [r["target"] for r in latest["references"]] == ["external: resolution 2012-08-23 №1080"]
    assert jcli("show", "583", "rules.p6", "--lang", "kk", "--on", "2010-01-01")["references"] == []   # unknown then


def test_the_folded_prefilter_misses_no_text_the_trigger_finds():
    """``_may_cite`` first searches the case-folded text: every character that matches a letter of
    a ``_TRIGGER`` stem case-insensitively (upper case, Kazakh capitals, old forms such as «ᲃ» for
    «с») must fold onto that letter, or a text citing in capitals would lose its references."""
    import re

    from normbase.references import _TRIGGER, _may_cite

    letters = sorted({c for c in _TRIGGER.pattern if c.isalpha()})
    any_letter = re.compile(f"[{''.join(letters)}]", re.IGNORECASE)
    matching = [chr(code) for code in range(0x110000) if any_letter.fullmatch(chr(code))]
    assert "ᲃ" in matching and "Қ" in matching
    for c in matching:
        for letter in letters:
            if re.fullmatch(letter, c, re.IGNORECASE):
                assert c.casefold() == letter, (hex(ord(c)), letter)
    for text in ("СТАТЬЯ 5", "ҚАУЛЫСЫ", "ᲃтатьи 3", "ОСЫ\tбаптың", "П. 2", "ничего", "Заңы", ""):
        assert _may_cite(text) == bool(_TRIGGER.search(text)), text


def test_find_gives_a_fresh_list_of_the_same_references_each_time():
    text = "в соответствии с пунктом 2 статьи 5 настоящего Закона"
    first = find(text, "ru")
    first.clear()  # a caller changing the list it got changes nothing kept
    assert find(text, "ru") == find(text, "ru") != []
