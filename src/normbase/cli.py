"""The command line: a thin layer over library functions.

reads: command-line arguments and the project folder; writes: text or JSON on stdout,
the knowledge base and site on ``build``.

Bad input of any kind ends in one line on stderr naming the file (and line) and exit
code 2 — never a traceback.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path

import click
from rapidfuzz import process

from normbase.address import parse_address, resolve_act
from normbase.errors import NormbaseError
from normbase.pipeline import KnowledgeBase, build
from normbase.tree import Node

LANG = click.Choice(["kk", "ru"])


def _root() -> Path:
    return Path(click.get_current_context().find_root().params.get("root") or ".")


def friendly(func):
    """Turn every ``NormbaseError`` into one clear line and exit code 2."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NormbaseError as e:
            click.echo(f"normbase: error: {e}", err=True)
            sys.exit(2)
    return wrapper


def emit(data, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(text)


@click.group()
@click.option("--root", type=click.Path(file_okay=False), default=".", help="project folder holding corpus/ and amendments/")
def main(root: str) -> None:
    """normbase — Kazakh/Russian normative legal acts on any date."""


def load_kb() -> KnowledgeBase:
    return build(_root())


def find_unit(tree: Node, address: str) -> tuple[Node, str] | None:
    """The node at ``address`` and the text it stands for (``…part1`` is a point's own text)."""
    node = tree.find(address)
    if node is not None:
        return node, node.full_text
    if address.endswith(".part1"):
        owner = tree.find(address[: -len(".part1")])
        if owner is not None and owner.kind in ("point", "subpoint"):
            return owner, " ".join(p for p in (owner.label, owner.text) if p)
    return None


def suggest(address: str, candidates: list[str]) -> str:
    best = [c for c, _score, _ in process.extract(address, candidates, limit=3)]
    return f"; closest: {', '.join(best)}" if best else ""


@main.command()
@click.argument("act")
@click.argument("address")
@click.option("--lang", type=LANG, help="one language only (default: every language that has the unit)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@friendly
def show(act: str, address: str, lang: str | None, as_json: bool) -> None:
    """Print a unit as the source publishes it: number, text, footnotes."""
    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    addr = str(parse_address(address))
    items, missing = [], []
    for t in kb.texts:
        if t.key[0] != act_id or (lang and t.lang != lang):
            continue
        found = find_unit(t.parsed.tree, addr)
        if found is None:
            missing.append(t)
            continue
        node, text = found
        items.append({
            "act": act_id, "address": addr, "lang": t.lang, "text": text,
            "notes": [n.text for n in node.notes],
            "source": {"file": t.parsed.file, "lines": list(node.lines) if node.lines else None},
        })
    if not items:
        langs = [t.lang for t in kb.texts if t.key[0] == act_id]
        if lang and lang not in langs:
            raise NormbaseError(f"act {act_id} has no {lang} text in the corpus (texts: {', '.join(langs) or 'none'})")
        addresses = sorted({n.address for t in missing for n in t.parsed.tree.walk() if n.address})
        raise NormbaseError(f"no unit {addr} in {act_id}{suggest(addr, addresses)}")
    rows = []
    for it in items:
        lines = it["source"]["lines"]
        where = f"{it['source']['file']}:{lines[0]}-{lines[1]}" if lines else it["source"]["file"]
        rows.append(f"{it['act']} {it['address']} [{it['lang']}] — {where}\n{it['text']}")
        rows += [f"  {n}" for n in it["notes"]]
    emit(items if len(items) > 1 else items[0], as_json, "\n\n".join(rows))


@main.command()
@click.argument("act")
@click.option("--lang", type=LANG)
@click.option("--json", "as_json", is_flag=True)
@friendly
def outline(act: str, lang: str | None, as_json: bool) -> None:
    """Print the tree of an act: addresses and first words."""
    kb = load_kb()
    act_id = str(resolve_act(act, list(kb.corpus.ids)))
    out, rows = [], []
    for t in kb.texts:
        if t.key[0] != act_id or (lang and t.lang != lang):
            continue
        units = []
        for node in t.parsed.tree.walk():
            if not node.address or node.kind == "container":
                continue
            first = " ".join(" ".join(p for p in (node.label, node.text) if p).split()[:8])
            units.append({"address": node.address, "kind": node.kind, "label": node.label,
                          "first_words": first, "notes": len(node.notes)})
            depth = node.address.count(".")
            rows.append(f"{'  ' * depth}{node.address:<22} {first}{'  [' + str(len(node.notes)) + ' note]' if node.notes else ''}")
        out.append({"act": act_id, "lang": t.lang, "file": t.parsed.file, "units": units})
        rows.insert(len(rows) - len(units), f"# {act_id} [{t.lang}] {t.parsed.file}")
    if not out:
        raise NormbaseError(f"act {act_id} has no {'text in ' + lang if lang else 'text'} in the corpus")
    emit(out, as_json, "\n".join(rows))


@main.command("build")
@click.option("--strict", is_flag=True, help="fail on any diagnostic")
@click.option("--json", "as_json", is_flag=True)
@friendly
def build_cmd(strict: bool, as_json: bool) -> None:
    """Build the knowledge base from corpus/ and amendments/."""
    kb = load_kb()
    diags = [str(d) for d in kb.diagnostics]
    summary = {
        "sources": [{"id": str(s.id), "kind": s.kind, "langs": list(s.langs)} for s in kb.corpus.all()],
        "texts": [{"act": t.key[0], "lang": t.lang, "units": sum(1 for n in t.parsed.tree.walk() if n.address)} for t in kb.texts],
        "diagnostics": diags,
    }
    text = "\n".join(
        [f"{s['id']:<10} {s['kind']:<13} texts: {', '.join(s['langs']) or 'none (known from a footnote)'}" for s in summary["sources"]]
        + [f"{t['act']} [{t['lang']}]: {t['units']} units" for t in summary["texts"]]
        + [f"{len(diags)} diagnostics"] + diags
    )
    emit(summary, as_json, text)
    if strict and diags:
        sys.exit(1)
