"""The command line, reading one act: ``show``, ``history``, ``diff``, ``instructions``, ``outline``,
``align`` (registered on ``cli.main``).

reads: the stored knowledge base; writes: text or JSON on stdout.
"""

from __future__ import annotations

from datetime import date, timedelta

import click

from normbase.address import resolve_act
from normbase.align import align_act, pair_for
from normbase.answers import history_answers
from normbase.errors import UsageError
from normbase.clauses import instructions_to_json
from normbase.model.address import within
from normbase.query import diff as unit_diff
from normbase.query import history as unit_history
from normbase.query import render_redline, window_text
from normbase.timelines import unit_key
from normbase.units import compose

from normbase.cli import (
    LANG,
    LANGS,
    _add_references,
    act_and_address,
    emit,
    friendly,
    load_kb,
    main,
    on_date,
    require_history,
    require_unit,
)


@main.command()
@click.argument("act")
@click.argument("address")
@click.option("--on", "on", help="date (YYYY-MM-DD); default: as of the latest source")
@click.option("--lang", type=LANG, help="one language (default: both, side by side)")
@click.option("--json", "as_json", is_flag=True)
@friendly
def show(act: str, address: str, on: str | None, lang: str | None, as_json: bool) -> None:
    """The wording of a unit on a date, with its source and certainty."""
    kb = load_kb()
    act_id, addr = act_and_address(kb, act, address)
    day = on_date(on)
    h = require_history(kb, act_id)
    require_unit(h, addr)
    items = [compose(kb, h, addr, one, day) for one in ((lang,) if lang else LANGS)]
    blocks = [f"{act_id} {addr} {'on ' + str(day) if day else 'as of the latest source'}"]
    pair = pair_for(h, unit_key(addr), day)
    if not lang:
        alignment = (
            {"status": pair.status, "score": pair.score, "reasons": list(pair.reasons)} if pair else None
        )
        for it in items:
            it["alignment"] = alignment
        if pair:
            blocks.append(
                f"alignment: {pair.status}"
                + (f" (score {pair.score})" if pair.score is not None else "")
                + "".join(f"\n  {r}" for r in pair.reasons)
            )
    if as_json:
        _add_references(kb, act_id, addr, items, day)
    for it in items:
        head = f"[{it['lang']}] {it['status'].upper()}"
        if it["valid_from"] or it["valid_to"]:
            start = it["valid_from"]["text"] if it["valid_from"] else window_text(None)
            end = it["valid_to"]["text"] if it["valid_to"] else window_text(None, True)
            head += f" — from {start} to {end}"
        rows = [head]
        if it["text"]:
            rows += [f"  {line}" for line in it["text"].split("\n")]
        if it["source"]:
            rows.append(f"  source: {it['source']['describe']}")
        rows += [f"  note: {n}" for n in it["notes"]]
        if it["reason"]:
            rows.append(f"  why: {it['reason']}")
        blocks.append("\n".join(rows))
    emit(items if len(items) > 1 else items[0], as_json, "\n\n".join(blocks))


def _days(first: str | None, until: str | None) -> str:
    """``[first, until)`` in words, the last day included."""
    if first is None:
        return f"before {until}"
    if until is None:
        return f"from {first} on"
    last = (date.fromisoformat(until) - timedelta(days=1)).isoformat()
    return first if last == first else f"{first} to {last}"


@main.command()
@click.argument("act")
@click.argument("address")
@click.option("--lang", type=LANG)
@click.option("--json", "as_json", is_flag=True)
@friendly
def history(act: str, address: str, lang: str | None, as_json: bool) -> None:
    """Every version of a unit in both languages, with its interval and source."""
    kb = load_kb()
    act_id, addr = act_and_address(kb, act, address)
    h = require_history(kb, act_id)
    require_unit(h, addr)
    key = unit_key(addr)
    out, rows = [], [f"{act_id} {addr}"]
    for one in (lang,) if lang else LANGS:
        t = h.timeline(key, one)
        versions = unit_history(t)
        for v, said in zip(versions, history_answers(t, h.start)):
            v["answers"] = said  # what show --on gives on the days this version is the answer
        out.append({"act": act_id, "address": addr, "lang": one, "versions": versions})
        rows.append(f"[{one}]")
        for v in versions:
            start = v["from"]["text"] if v["from"] else window_text(None)
            end = v["to"]["text"] if v["to"] else window_text(None, True)
            what = (v["text"] or "").split("\n")[0][:90] if v["state"] == "text" else v["state"].upper()
            src = f" — {v['source']['describe']}" if v["source"] else ""
            rows.append(f"  {start} → {end}: {what}{src}")
            if v["reason"]:
                rows.append(f"      {v['reason']}")
            if v["answers"]:
                spans = (f"{_days(x['from'], x['until'])}: {x['status']}" for x in v["answers"])
                rows.append("      answer: " + "; ".join(spans))
    emit(out, as_json, "\n".join(rows))


@main.command()
@click.argument("act")
@click.argument("address", required=False)
@click.option("--from", "date_from", required=True, help="earlier date (YYYY-MM-DD)")
@click.option("--to", "date_to", required=True, help="later date (YYYY-MM-DD)")
@click.option("--lang", type=LANG)
@click.option("--json", "as_json", is_flag=True)
@friendly
def diff(
    act: str, address: str | None, date_from: str, date_to: str, lang: str | None, as_json: bool
) -> None:
    """Word-level redline of every unit that changed between two dates."""
    kb = load_kb()
    act_id, addr = act_and_address(kb, act, address)
    a, b = on_date(date_from), on_date(date_to)
    if a > b:
        raise UsageError(f"--from {a} is after --to {b}")
    h = require_history(kb, act_id)
    if addr:
        require_unit(h, addr)
    rows, out = [], []
    for t in h.timelines:
        if (lang and t.lang != lang) or (addr and not within(t.address, addr)):
            continue
        d = unit_diff(t, a, b, h.start)
        if d is None:
            continue
        out.append(d)
        rows.append(f"{t.address} [{t.lang}]: {d['summary']}")
        if "redline" in d and d["summary"] == "changed":
            rows.append(f"  {render_redline(d['redline'])}")
        elif d["to"]["text"] and d["from"]["status"] == "unknown":
            rows.append(f"  new wording ({d['to']['status']}): {d['to']['text'][:200]}")
    header = f"{act_id}{' ' + addr if addr else ''}: {a} → {b}{' [' + lang + ']' if lang else ''}"
    text = "\n".join([header] + (rows or ["nothing changed between these dates as far as the sources show"]))
    emit({"act": act_id, "address": addr, "from": str(a), "to": str(b), "changes": out}, as_json, text)


@main.command()
@click.argument("order")
@click.option("--json", "as_json", is_flag=True)
@friendly
def instructions(order: str, as_json: bool) -> None:
    """The typed instructions of an amending order."""
    kb = load_kb()
    order_id = str(resolve_act(order, list(kb.corpus.ids)))
    found = kb.instructions_of(order_id)
    source = kb.corpus.get(resolve_act(order_id, list(kb.corpus.ids)))
    if not found:
        why = (
            "it is not an amending order"
            if source.kind != "amending"
            else f"its text is not in the corpus ({source.known_from})"
        )
        raise UsageError(f"no instructions for {order_id}: {why}")
    out, rows = [], []
    for oi in found:
        data = instructions_to_json(oi.instructions, oi.problems)
        out.append({"order": oi.order, "lang": oi.lang, **data})
        rows.append(
            f"order {oi.order} [{oi.lang}]: {len(oi.instructions)} instructions, {len(oi.problems)} problems"
        )
        for n, i in enumerate(oi.instructions, 1):
            words = f" «{i.old_words}» → «{i.new_words or ''}»" if i.old_words else ""
            first = f" {i.new_text.split(chr(10))[0][:70]}…" if i.new_text else ""
            rows.append(
                f"{n:>3}. {i.op.value:<14} {i.target:<18}{words}{first}  "
                f"[lines {i.clause.first_line}-{i.clause.last_line}]"
            )
        rows += [f"  problem: {p}" for p in oi.problems]
    emit(out if len(out) > 1 else out[0], as_json, "\n".join(rows))


@main.command()
@click.argument("act")
@click.option("--lang", type=LANG)
@click.option("--json", "as_json", is_flag=True)
@friendly
def outline(act: str, lang: str | None, as_json: bool) -> None:
    """The tree of a source text as published: addresses and first words."""
    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    out, rows = [], []
    for t in kb.texts_of(act_id):
        if lang and t.lang != lang:
            continue
        units = []
        rows.append(f"# {act_id} [{t.lang}] {t.parsed.file}")
        for node in t.parsed.tree.walk():
            if not node.address or node.kind == "container":
                continue
            first = " ".join(" ".join(p for p in (node.label, node.text) if p).split()[:8])
            units.append(
                {
                    "address": node.address,
                    "kind": node.kind,
                    "label": node.label,
                    "first_words": first,
                    "notes": len(node.notes),
                }
            )
            notes = f"  [{len(node.notes)} note]" if node.notes else ""
            rows.append(f"{'  ' * node.address.count('.')}{node.address:<22} {first}{notes}")
        out.append({"act": act_id, "lang": t.lang, "file": t.parsed.file, "units": units})
    if not out:
        raise UsageError(f"{act_id} has no {lang + ' ' if lang else ''}text in the corpus")
    emit(out if len(out) > 1 else out[0], as_json, "\n".join(rows))


@main.command()
@click.argument("act")
@click.option("--on", "on", help="date (YYYY-MM-DD); default: as of the latest source")
@click.option("--json", "as_json", is_flag=True)
@friendly
def align(act: str, on: str | None, as_json: bool) -> None:
    """Kazakh↔Russian alignment of every unit, with the reason for what does not pair."""
    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    h = require_history(kb, act_id)
    pairs = align_act(h, on_date(on))
    rows = [f"{act_id} alignment {'on ' + on if on else 'as of the latest source'}"]
    for p in pairs:
        score = f"{p.score:.2f}" if p.score is not None else "  — "
        rows.append(f"{p.address:<20} {p.status:<18} {score}  {'; '.join(p.reasons)}")
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p.status] = counts.get(p.status, 0) + 1
    rows.append(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    emit([p.to_json() for p in pairs], as_json, "\n".join(rows))
