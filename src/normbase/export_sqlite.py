"""The knowledge base as one SQLite database, for SQL and Datasette.

reads: a ``KnowledgeBase`` (sources, timelines, instructions, self-check findings, alignment) and
the references of ``references.py``; writes: one ``.sqlite`` file (replaced atomically). The
schema (``SCHEMA``) and the dated question (``DATED_QUERY``) are documented in docs/export.md.

``DATED_QUERY`` answers "what did unit U of act A say in language L on day D" the way ``show``
does (``query.answer``): the latest version whose earliest start is on or before D, and its
status from the stored facts — an inexact entry-into-force window still open on D makes the
wording ``uncertain`` (``unknown`` stays unknown), an unproven order of orders makes it
uncertain, a consolidated text proves its wording only from its own date, and before the act's
first day nothing is in force.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from normbase.align import align_act
from normbase.checks import self_check
from normbase.clauses import instructions_to_json

SCHEMA = """
CREATE TABLE acts (id TEXT PRIMARY KEY, number TEXT, kind TEXT, title_kk TEXT, title_ru TEXT, signed TEXT,
                   registered TEXT, published TEXT, amends TEXT, entry_into_force TEXT, start TEXT);
CREATE TABLE units (act TEXT, address TEXT, position INTEGER, PRIMARY KEY (act, address));
CREATE TABLE versions (act TEXT, address TEXT, lang TEXT, n INTEGER, state TEXT, text TEXT,
                       start_earliest TEXT, start_latest TEXT, start_exact INTEGER, start_reason TEXT,
                       end_earliest TEXT, end_latest TEXT, end_exact INTEGER,
                       source_kind TEXT, source_act TEXT, source_address TEXT, source TEXT,
                       changed_by TEXT, reason TEXT, proven_from TEXT, sequence_unproven INTEGER,
                       PRIMARY KEY (act, address, lang, n));
CREATE INDEX versions_by_start ON versions (act, lang, start_earliest);
CREATE INDEX versions_by_order ON versions (changed_by);
CREATE TABLE instructions (order_id TEXT, lang TEXT, n INTEGER, op TEXT, target TEXT, old_words TEXT,
                           new_words TEXT, new_text TEXT, clause TEXT, first_line INTEGER, last_line INTEGER,
                           PRIMARY KEY (order_id, lang, n));
CREATE INDEX instructions_by_target ON instructions (target);
CREATE TABLE findings (kind TEXT, severity TEXT, act TEXT, address TEXT, order_id TEXT, lang TEXT,
                       message TEXT, location TEXT);
CREATE INDEX findings_by_unit ON findings (act, address);
CREATE TABLE alignment (act TEXT, address TEXT, status TEXT, score REAL, reasons TEXT,
                        PRIMARY KEY (act, address));
CREATE TABLE "references" (act TEXT, address TEXT, lang TEXT, versions TEXT, kind TEXT, text TEXT,
                           target TEXT, target_act TEXT, target_address TEXT, external INTEGER);
CREATE INDEX references_by_target ON "references" (target_act, target_address);
CREATE INDEX references_by_unit ON "references" (act, address);
"""

DATED_QUERY = """
SELECT v.n, v.text AS wording, v.start_earliest, v.start_latest, v.end_earliest, v.end_latest, v.changed_by,
  CASE
    WHEN v.start_earliest IS NULL AND :day < a.start THEN 'not_in_force'
    WHEN v.start_earliest IS NOT NULL AND v.start_exact = 0
      AND (v.start_latest IS NULL OR :day < v.start_latest)
      THEN CASE WHEN v.state = 'unknown' THEN 'unknown' ELSE 'uncertain' END
    WHEN v.state = 'text' AND v.start_earliest IS NOT NULL AND v.sequence_unproven = 1 THEN 'uncertain'
    WHEN v.state = 'text' AND v.proven_from IS NOT NULL AND :day < v.proven_from THEN 'uncertain'
    ELSE CASE v.state WHEN 'text' THEN 'in_force' WHEN 'deleted' THEN 'deleted' WHEN 'unknown' THEN 'unknown'
                      ELSE 'not_in_force' END
  END AS status
FROM versions v JOIN acts a ON a.id = v.act
WHERE v.act = :act AND v.address = :address AND v.lang = :lang
  AND (v.start_earliest IS NULL OR v.start_earliest <= :day)
ORDER BY v.n DESC LIMIT 1
"""


def _d(x) -> str | None:
    return x.isoformat() if x else None


def write_sqlite(kb, path: Path) -> dict:
    """Write the database to ``path`` (atomically); returns the row counts."""
    from normbase.reflinks import link_kb

    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(SCHEMA)
        for s in kb.corpus.all():
            h = kb.history(str(s.id))
            db.execute(
                "INSERT INTO acts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    str(s.id),
                    s.id.number,
                    s.kind,
                    s.title.get("kk"),
                    s.title.get("ru"),
                    _d(s.signed),
                    _d(s.registered),
                    _d(s.published),
                    str(s.amends) if s.amends else None,
                    s.entry_into_force,
                    _d(h.start.earliest) if h else None,
                ),
            )
        for h in kb.histories:
            db.executemany(
                "INSERT INTO units VALUES (?,?,?)", [(h.act, a, i) for i, a in enumerate(h.addresses)]
            )
            for t in h.timelines:
                db.executemany(
                    "INSERT INTO versions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [_version_row(t, i, v) for i, v in enumerate(t.versions)],
                )
            for p in align_act(h, None):
                db.execute(
                    "INSERT INTO alignment VALUES (?,?,?,?,?)",
                    (h.act, p.address, p.status, p.score, "; ".join(p.reasons)),
                )
        for oi in kb.instructions:
            for n, i in enumerate(instructions_to_json(oi.instructions, oi.problems)["instructions"], 1):
                db.execute(
                    "INSERT INTO instructions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        oi.order,
                        oi.lang,
                        n,
                        i.get("op"),
                        i.get("target"),
                        i.get("old_words"),
                        i.get("new_words"),
                        i.get("new_text"),
                        (i.get("clause") or {}).get("address"),
                        (i.get("clause") or {}).get("first_line"),
                        (i.get("clause") or {}).get("last_line"),
                    ),
                )
        for f in self_check(kb):
            db.execute(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)",
                (f.kind, f.severity, f.act, f.address, f.order, f.lang, f.message, f.location),
            )
        for k in link_kb(kb):
            db.execute(
                'INSERT INTO "references" VALUES (?,?,?,?,?,?,?,?,?,?)',
                (
                    k.act,
                    k.address,
                    k.lang,
                    ",".join(map(str, k.versions)),
                    k.kind,
                    k.text,
                    k.target.key,
                    k.target.act,
                    k.target.address,
                    int(k.target.external),
                ),
            )
        db.commit()
        counts = {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("acts", "units", "versions", "instructions", "findings", "alignment", "references")
        }
    finally:
        db.close()
    os.replace(tmp, path)
    return counts


def _version_row(t, i: int, v) -> tuple:
    earlier = [
        w
        for w in t.versions[:i]
        if w.start is not None
        and not w.start.exact
        and v.start is not None
        and (w.start.latest is None or w.start.latest > v.start.earliest)
    ]
    s, e, src = v.start, v.end, v.source
    return (
        t.act,
        t.address,
        t.lang,
        i,
        v.state,
        v.text,
        _d(s.earliest) if s else None,
        _d(s.latest) if s else None,
        int(s.exact) if s else None,
        s.reason if s else None,
        _d(e.earliest) if e else None,
        _d(e.latest) if e else None,
        int(e.exact) if e else None,
        src.kind if src else None,
        src.act if src else None,
        src.address if src else None,
        src.describe() if src else None,
        v.changed_by,
        v.reason,
        _d(v.proven_from),
        int(bool(earlier)),
    )
