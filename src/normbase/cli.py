"""The command line: a thin layer over library functions.

reads: command-line arguments, the project folder and the stored knowledge base;
writes: text or JSON on stdout; ``build`` writes the store (and the site).

Bad input of any kind ends in one line on stderr naming the file (and line) and exit
code 2 — never a traceback; so does an error of the system (a read-only or full disk, a file
that cannot be read). ``build --strict`` exits 1 when the build report has errors. Plain-text
output shows control characters other than newline and tab escaped (``safe_text``): legal text
cannot drive the terminal. Which folders ``build`` and ``site`` may write, one build at a time
and the build manifest: ``outputs.py``, ``rebuild.py`` and ``manifest.py``.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import click
from rapidfuzz import process

from normbase import outputs, rebuild, store
from normbase.address import parse_address, resolve_act, resolve_in
from normbase.align import align_act, pair_for
from normbase.answers import history_answers
from normbase.checks import self_check, taint_counts
from normbase.dates import parse_date
from normbase.errors import NormbaseError, UsageError, safe_text, system_error
from normbase.instructions import instructions_to_json
from normbase.pipeline import KnowledgeBase, build
from normbase.query import diff as unit_diff, history as unit_history, render_redline, window_text
from normbase.timelines import unit_key
from normbase.units import compose
from normbase.model.address import within

if TYPE_CHECKING:
    from normbase.pack import StoredKB

LANG = click.Choice(["kk", "ru"])
LANGS = ("kk", "ru")


def friendly(func):
    """Turn every ``NormbaseError`` (and an error of the system) into one clear line and exit code 2."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NormbaseError as e:
            message = str(e)
        except OSError as e:
            message = system_error(e)
        click.echo(f"normbase: error: {safe_text(' '.join(message.splitlines()))}", err=True)
        sys.exit(2)

    return wrapper


def emit(data, as_json: bool, text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) if as_json else safe_text(text))


def _params() -> dict:
    return click.get_current_context().find_root().params


def root_dir() -> Path:
    return Path(_params().get("root") or ".")


def out_dir() -> Path:
    out = _params().get("out")
    return Path(out) if out else root_dir() / "out"


def load_kb() -> KnowledgeBase | StoredKB:
    """The stored knowledge base when it is current, else a fresh build in memory. The stored
    one reads each act from disk when it is first asked for (``pack.StoredKB``): a look-up of
    one act reads that act only."""
    root = root_dir()
    return store.load(root, out_dir() / "kb", rebuild=lambda: build(root)) or build(root)


@overload
def on_date(text: str) -> date: ...
@overload
def on_date(text: None) -> None: ...
@overload
def on_date(text: str | None) -> date | None: ...
def on_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as e:
        raise UsageError(f"bad date {text!r}: {e} (use YYYY-MM-DD)") from None


@overload
def act_and_address(kb: KnowledgeBase | StoredKB, act: str, address: str) -> tuple[str, str]: ...
@overload
def act_and_address(
    kb: KnowledgeBase | StoredKB, act: str, address: str | None
) -> tuple[str, str | None]: ...
def act_and_address(kb: KnowledgeBase | StoredKB, act: str, address: str | None) -> tuple[str, str | None]:
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    if address is None:
        return act_id, None
    h = kb.history(act_id)
    return act_id, (resolve_in(address, h.addresses) if h is not None else str(parse_address(address)))


def require_history(kb: KnowledgeBase | StoredKB, act_id: str):
    h = kb.history(act_id)
    if h is None:
        raise UsageError(
            f"{act_id} is an amending order, not an act with a history; try 'normbase instructions {act_id}'"
        )
    return h


def require_unit(h, address: str) -> None:
    units = h.addresses
    key = unit_key(address)
    if key not in units:
        best = [c for c, _s, _i in process.extract(address, units, limit=3)]
        raise UsageError(f"no unit {address} in {h.act}; closest: {', '.join(best)}")


@click.group()
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    default=".",
    help="project folder holding corpus/ and amendments/",
)
@click.option(
    "--out", type=click.Path(file_okay=False), default=None, help="output folder (default: ROOT/out)"
)
@click.version_option(package_name="normbase")
def main(root: str, out: str | None) -> None:
    """normbase — Kazakh/Russian normative legal acts on any date."""


@main.command("build")
@click.option("--strict", is_flag=True, help="exit 1 when the build report has errors")
@click.option(
    "--no-wait", is_flag=True, help="when another build is writing OUT, exit (code 2) instead of waiting"
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def build_cmd(strict: bool, no_wait: bool, as_json: bool) -> None:
    """Build the knowledge base from corpus/ and amendments/ into OUT/kb, OUT/index and OUT/site.

    One build at a time per OUT: a second one waits for the first (or, with --no-wait, exits).
    What the last complete build wrote is in OUT/build.json; an output that no longer matches
    it (a killed build, a deleted or edited file) is written again."""
    root, out = root_dir(), out_dir()
    outputs.claim(out, root)
    with outputs.build_lock(out, wait=not no_wait, say=lambda m: click.echo(m, err=True)):
        kb, errors, findings, site, done, refused = rebuild.run(root, out, strict)
    summary: dict[str, Any] = {
        "sources": [{"id": str(s.id), "kind": s.kind, "langs": list(s.langs)} for s in kb.corpus.all()],
        "units": {h.act: len(h.addresses) for h in kb.histories},
        "instructions": {f"{oi.order} [{oi.lang}]": len(oi.instructions) for oi in kb.instructions},
        "errors": [str(f) for f in errors],
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "store": str(out / "kb"),
        "rebuilt": done,
        "site": {"out": site["out"], "pages": site["pages"], "bytes": site["bytes"]},
    }
    lines = [
        f"{s['id']:<10} {s['kind']:<13} texts: {', '.join(s['langs']) or 'none (known from a footnote)'}"
        for s in summary["sources"]
    ]
    lines += [f"{k}: {v} instructions" for k, v in summary["instructions"].items()]
    lines += [f"{k}: {v} units with timelines" for k, v in summary["units"].items()]
    lines += [f"{len(errors)} errors, {summary['warnings']} warnings (normbase check lists them)"] + [
        f"  {e}" for e in summary["errors"]
    ]
    lines.append(done)
    lines.append(
        f"knowledge base in {summary['store']}, site in {site['out']}"
        + (f" ({site['pages']} pages, {site['bytes'] // 1024} KiB)" if site["pages"] else "")
    )
    unread, tainted = taint_counts(kb, findings)
    summary |= {"clauses_not_read_or_applied": unread, "answers_unknown_or_uncertain_because": tainted}
    lines += [
        f"{unread} amending clauses could not be read or applied (normbase check lists them)",
        f"{tainted} unit wordings (unit × language) are unknown or uncertain because of them",
    ]
    emit(summary, as_json, "\n".join(lines))
    if refused:
        click.echo(f"normbase: error: {done}", err=True)
        for e in errors:
            click.echo(safe_text(f"  {e}"), err=True)
        sys.exit(1)


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
@click.argument("act", required=False)
@click.option("--json", "as_json", is_flag=True)
@friendly
def check(act: str | None, as_json: bool) -> None:
    """The self-check: where the sources disagree or are silent."""
    from normbase.progress import Stages

    with Stages() as stages:
        with stages.stage("knowledge base"):
            kb = load_kb()
        act_id = str(resolve_act(act, list(kb.corpus.ids))) if act else None
        with stages.stage("self-check") as st:
            findings = self_check(kb, act_id)
            st.info = f"{len(findings)} findings"
        with stages.stage("references") as st:
            stale = _stale_citations(kb, act_id)
            st.info = f"{len(stale)} citations of units changed later"
    findings += stale
    data = [
        {
            "kind": f.kind,
            "severity": f.severity,
            "act": f.act,
            "address": f.address,
            "order": f.order,
            "lang": f.lang,
            "message": f.message,
            "location": f.location,
        }
        for f in findings
    ]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    text = "\n".join(
        [str(f) for f in findings]
        + [f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes"]
    )
    emit(data, as_json, text)


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


@main.command()
@click.argument("act", required=False)
@click.option("--json", "as_json", is_flag=True)
@friendly
def verify(act: str | None, as_json: bool) -> None:
    """Apply the amending orders between two dated consolidated texts of an act to the earlier one
    and compare every unit with the later one (exact, whitespace, differs, not comparable)."""
    from normbase.verify import verify as verify_pairs

    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids))) if act else None
    reports = verify_pairs(kb, act_id)
    rows = []
    for r in reports:
        counts = r.counts()
        rows.append(
            f"{r.act} [{r.lang}] {r.earlier[1]} → {r.later[1]} "
            f"via {', '.join(r.orders) or 'no order of the corpus'}: "
            + ", ".join(f"{n} {k}" for k, n in counts.items())
            + f"; edit distance {100 * r.edit_share:.2f} % of the later text"
        )
        for u in r.units:
            if u.status in ("differs", "not_comparable") or u.touched:
                rows.append(
                    f"  {u.address:<20} {u.status:<15} {'(touched) ' if u.touched else ''}{u.reason}"
                    + (f"\n    {u.diff}" if u.diff else "")
                )
        rows += [f"  kk↔ru: {d}" for d in r.divergences]
    if not reports:
        rows.append("no act has two dated consolidated texts in one language: nothing to verify")
    emit([r.to_json() for r in reports], as_json, "\n".join(rows))


@main.command("site")
@click.option(
    "--out", "site_out", type=click.Path(file_okay=False), help="the site folder (default: OUT/site)"
)
@click.option("--strict", is_flag=True, help="fail on any warning")
@friendly
def site_cmd(site_out: str | None, strict: bool) -> None:
    """Render the knowledge base into a static site (default OUT/site)."""
    from normbase.site import build_site

    from normbase.progress import Stages

    root, out = root_dir(), out_dir()
    target = Path(site_out) if site_out else out / "site"
    why = outputs.refusal(target, root)
    if why:
        raise outputs.OutputError(f"refusing to write the site into {target}: {why}")
    outputs.claim(out, root)
    with outputs.build_lock(out, say=lambda m: click.echo(m, err=True)):  # not while a build writes OUT
        with Stages() as stages:
            with stages.stage("knowledge base"):
                kb = load_kb()
            with stages.stage("site") as st:
                summary = build_site(kb, root, target, strict=strict)
                st.info = f"{summary['pages']} pages"
    emit(
        summary,
        False,
        f"site written to {summary['out']}: {summary['pages']} pages, {summary['files']} files, "
        f"{summary['bytes'] // 1024} KiB; every internal link and anchor checked; "
        f"{len(summary['warnings'])} warnings",
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


def _index_current() -> bool:
    from normbase.reflinks import load_index

    return (
        load_index(out_dir() / "references.json", store.manifest(out_dir() / "kb").get("build")) is not None
    )


def _links(kb, act_id: str | None = None, under: str | None = None):
    """Every link of the corpus, from the index ``build`` wrote when it is current; without it,
    with ``act_id``: the links of that act (of the unit ``under``) only, reading no other act
    unless a reference may resolve into it — and then ``cited_by`` knows that act's links only."""
    from normbase.reflinks import link_act, link_kb, load_index

    stored = load_index(out_dir() / "references.json", store.manifest(out_dir() / "kb").get("build"))
    if stored is not None:
        return stored
    return link_kb(kb) if act_id is None else link_act(kb, act_id, under=under)


def _add_references(kb, act_id: str, addr: str, items: list[dict], day: date | None) -> None:
    """``show --json``: what the unit (and the units inside it) cite in the versions shown on the
    date, and what cites it."""
    from normbase.query import version_index
    from normbase.reflinks import cited_by, cites

    from normbase.reflinks import link_act

    key = unit_key(addr)
    links = _links(kb, act_id, key)
    citing = links if _index_current() else link_act(kb, act_id, local=True)
    h = kb.history(act_id)
    for it in items:

        def shown(k) -> bool:
            t = h.timeline(k.address, k.lang)
            return t is not None and version_index(t, day) in k.versions

        it["references"] = [
            k.to_json() for k in cites(links, act_id, key) if k.lang == it["lang"] and shown(k)
        ]
        it["cited_by"] = [k.to_json() for k in cited_by(citing, act_id, key) if k.lang == it["lang"]]


def _stale_citations(kb, act_id: str | None):
    from normbase.reflinks import stale_citations

    return [f for f in stale_citations(kb, _links(kb)) if act_id is None or f.act == act_id]


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
