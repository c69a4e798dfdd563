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
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import click
from rapidfuzz import process

from normbase import outputs, rebuild, store
from normbase.address import parse_address, resolve_act, resolve_in
from normbase.checks import self_check, taint_counts
from normbase.dates import parse_date
from normbase.errors import NormbaseError, UsageError, safe_text, system_error
from normbase.pipeline import KnowledgeBase, build
from normbase.timelines import unit_key

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
        "site": {
            "out": site["out"],
            "pages": site["pages"],
            "bytes": site["bytes"],
            "acts_kept": site.get("acts_kept"),  # acts whose files a rebuild kept (site/reuse.py)
        },
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
        + (f"; {site['acts_kept']} acts' files kept from the last build" if site.get("acts_kept") else "")
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
    from normbase.progress import Stages
    from normbase.site import build_site

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
    from normbase.reflinks import cited_by, cites, link_act

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


from normbase import cli_search, cli_units  # noqa: E402, F401  (they register their commands on main)
