"""The command line, finding across acts: ``search``, ``refs``, ``export``, ``changes`` (registered on
``cli.main``).

reads: the stored knowledge base, the search index and ``references.json``; writes: text or JSON on
stdout, or an export file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from normbase.address import resolve_act
from normbase.align import pair_for
from normbase.errors import UsageError, safe_text
from normbase.query import window_text
from normbase.timelines import unit_key

from normbase.cli import (
    LANG,
    _links,
    act_and_address,
    emit,
    friendly,
    load_kb,
    main,
    on_date,
    out_dir,
    require_history,
    require_unit,
)


def _window(data: dict | None):
    """A window as ``window_json`` wrote it, for ``window_text``."""
    return None if data is None else data["text"]


@main.command()
@click.argument("query")
@click.option("--lang", type=LANG, help="search one language (default: both)")
@click.option("--on", "on", help="only the wording in force on this date (YYYY-MM-DD)")
@click.option("--act", help="only this act")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def search(query: str, lang: str | None, on: str | None, act: str | None, limit: int, as_json: bool) -> None:
    """Full-text search over every version of every unit, in Kazakh and Russian.

    \b
    QUERY syntax:
      words            every word must occur (any form: методических finds методическое)
      "a phrase"       the words together, in this order (also «…» and “…”)
      -word, -"a b"    exclude units holding the word or phrase
      a OR b           either (OR in capitals; binds tighter than the spaces between words)
      ( … ), AND       grouping (at most 16 levels deep) and an explicit AND
    Anything else is taken literally, as words: NOT, +word, word*, field:value are not
    operators (a note on stderr says how such a query was read). At most 1,000 characters.
    """
    from normbase.answers import search_hit
    from normbase.indexing import open_index
    from normbase.search.query import reading_notes

    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids))) if act else None
    day = on_date(on)
    for note in reading_notes(query):
        click.echo(f"normbase: note: {safe_text(note)}", err=True)
    index = open_index(kb, out_dir(), note=lambda m: click.echo(f"normbase: note: {m}", err=True))
    try:
        hits = index.search(query, lang=lang, on=day, act=act_id, limit=limit)
    finally:
        index.close()
    items, rows = [], []
    for hit in hits:
        d = hit.doc
        h = kb.history(d.act)
        said = search_hit(h, d, day)
        if said is None:
            continue  # on that day the answer is not this wording (the index and answer() disagree)
        other = "ru" if d.lang == "kk" else "kk"
        pair = pair_for(h, d.address, day) if h else None
        aligned = None
        if pair is not None:
            side = pair.kk if other == "kk" else pair.ru
            aligned = {"lang": other, "status": pair.status, "text": side.text, "source": side.source}
        items.append(
            {
                "act": d.act,
                "address": d.address,
                "lang": d.lang,
                "score": round(hit.score, 4),
                "text": d.text,
                "snippet": hit.snippet,
                "version": d.version,
                "aligned": aligned,
                **said,
            }
        )
        span = f"{window_text(_window(said['valid_from']))} → {window_text(_window(said['valid_to']), True)}"
        rows.append(
            f"{d.act} {d.address} [{d.lang}] {hit.score:.2f}  {said['status']}  {span}\n  {hit.snippet}"
        )
        if said["status"] != "in_force" and said["reason"]:
            rows.append(f"  why: {said['reason']}")
        if aligned and aligned["text"]:
            rows.append(f"  [{other}, {aligned['status']}] {aligned['text'][:160]}")
    text = "\n".join(rows) if rows else f"no results for {query!r}"
    emit(items, as_json, text)


@main.command()
@click.argument("act")
@click.argument("address", required=False)
@click.option("--lang", type=LANG)
@click.option("--json", "as_json", is_flag=True)
@friendly
def refs(act: str, address: str | None, lang: str | None, as_json: bool) -> None:
    """What an act (or one unit) cites, and what cites it."""
    from normbase.reflinks import cited_by, cites

    kb = load_kb()
    act_id, addr = act_and_address(kb, act, address)
    h = require_history(kb, act_id)
    if addr:
        require_unit(h, addr)
    links = _links(kb)
    where = unit_key(addr) if addr else None
    out_refs = [
        k
        for k in (cites(links, act_id, where) if where else [k for k in links if k.act == act_id])
        if not lang or k.lang == lang
    ]
    out_by = [
        k
        for k in links
        if k.target.act == act_id
        and k.target.address
        and (where is None or k in cited_by(links, act_id, where))
        and (not lang or k.lang == lang)
    ]
    rows = [f"{act_id}{' ' + addr if addr else ''}: {len(out_refs)} references, cited by {len(out_by)}"]
    rows += [f"  {k.address} [{k.lang}] «{k.text}» → {k.target.key}" for k in out_refs]
    rows += ["cited by:"] + [f"  {k.act} {k.address} [{k.lang}] «{k.text}»" for k in out_by] if out_by else []
    emit(
        {
            "act": act_id,
            "address": addr,
            "references": [k.to_json() for k in out_refs],
            "cited_by": [k.to_json() for k in out_by],
        },
        as_json,
        "\n".join(rows),
    )


@main.command("export")
@click.argument("act", required=False)
@click.option("--akn", is_flag=True, help="Akoma Ntoso 3.0 XML of the act")
@click.option(
    "--json", "as_json", is_flag=True, help="the knowledge base's JSON of the act (docs/export.schema.json)"
)
@click.option(
    "--sqlite", "sqlite_file", type=click.Path(dir_okay=False), help="the whole knowledge base as SQLite"
)
@click.option("--on", "on", help="(--akn) the act as in force on this date (YYYY-MM-DD)")
@click.option("--lang", type=LANG, default="ru", show_default=True, help="(--akn) the language")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write to this file (default: stdout)")
@friendly
def export_cmd(
    act: str | None,
    akn: bool,
    as_json: bool,
    sqlite_file: str | None,
    on: str | None,
    lang: str,
    output: str | None,
) -> None:
    """Export an act (Akoma Ntoso or JSON) or the whole knowledge base (SQLite)."""
    from normbase import exports
    from normbase.export_sqlite import write_sqlite

    if sum((akn, as_json, bool(sqlite_file))) != 1:
        raise UsageError("choose one of --akn, --json, --sqlite FILE")
    kb = load_kb()
    if sqlite_file:
        counts = write_sqlite(kb, Path(sqlite_file))
        click.echo(f"{sqlite_file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
        return
    if not act:
        raise UsageError("--akn and --json export one act: name it (normbase export 583 --akn)")
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    require_history(kb, act_id)
    data = (
        exports.akn(kb, act_id, lang, on_date(on))
        if akn
        else exports.json_bytes(exports.act_json(kb, act_id))
    )
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@click.option("--since", required=True, help="the first day (YYYY-MM-DD)")
@click.option("--act", help="only this act")
@click.option("--json", "as_json", is_flag=True)
@friendly
def changes(since: str, act: str | None, as_json: bool) -> None:
    """What changed on or after a date: each amending order and each version date (as the site's feeds)."""
    from normbase.feeds import changes as list_changes

    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids))) if act else None
    found = list_changes(kb, on_date(since), act_id)
    rows = [
        f"{c.day}{'' if c.exact else ' (earliest)'}  {c.title}: {c.summary}"
        + "".join(f"\n    {a} [{lang}] version {n}" for a, lang, n in c.units)
        for c in found
    ]
    data = [
        {
            "date": c.day.isoformat(),
            "exact": c.exact,
            "kind": c.kind,
            "act": c.act,
            "order": c.order,
            "title": c.title,
            "summary": c.summary,
            "units": [{"address": a, "lang": lang, "version": n} for a, lang, n in c.units],
        }
        for c in found
    ]
    emit(data, as_json, "\n".join(rows) or f"no change on or after {since}")
