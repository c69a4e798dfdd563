"""Search documents from the two seed texts, without waiting for the timelines.

reads: ``corpus/583-2007`` (the Russian snapshot) and ``amendments/488-2015`` (the
Kazakh amending order) through normbase's normalize → structure stages;
writes: ``SearchDoc`` values (nothing on disk).

* Russian: every unit of the 583 snapshot tree; its text is the unit's own text
  (label + text), so a point with subpoints holds its lead-in and each subpoint is a
  document of its own.
* Kazakh: every unit of 583-2007 that order 488 gives a wording for, addressed by the
  unit it replaces (``rules.p2``, ``rules.p7.sp5``, ``rules.p9.sp12``). The wordings
  come from ``normbase.instructions.parse_instructions`` when it works, otherwise from
  a small reader of the ``order.p1.part*`` paragraphs below. A wording that holds
  several units is split: ``N)`` paragraphs are subpoints, other paragraphs parts.

The dates are rough (this is test data): Kazakh wordings from 2015-08-26 (the day after
488's registration, the earliest its entry into force can be), uncertain; Russian units
undated, uncertain.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from normbase.address import parse_act_id
from normbase.normalize import decode, normalize
from normbase.search import SearchDoc
from normbase.sources import load_corpus
from normbase.structure import parse_structure
from normbase.tree import Node

ROOT = Path(__file__).resolve().parents[2]
ACT = "583-2007"
ORDER = "488-2015"
KK_FROM = date(2015, 8, 26)


def _tree(source, lang: str) -> tuple[Node, str]:
    t = source.text(lang)
    n = normalize(decode(t.data, str(t.path)), doc=t.name)
    return parse_structure(n.lines, lang, source.kind, str(t.path)).tree, t.path.name


def _own(node: Node) -> str:
    return " ".join(p for p in (node.label, node.text) if p)


def russian_docs(root: Path = ROOT) -> list[SearchDoc]:
    corpus = load_corpus(root)
    tree, name = _tree(corpus.get(parse_act_id(ACT)), "ru")
    out = []
    for node in tree.walk():
        if not node.address or node.kind in ("act", "container") or not _own(node):
            continue
        line = f":{node.lines[0]}" if node.lines else ""
        out.append(SearchDoc(ACT, node.address, "ru", 0, None, None, "uncertain", _own(node),
                             f"snapshot {ACT} [ru] {name}{line}"))
    return out


# -- the Kazakh wordings ---------------------------------------------------------

def _split(target: str, text: str) -> list[tuple[str, str]]:
    """A wording → (address, own text): the unit, its ``N)`` subpoints, further parts."""
    if target.endswith(".part1"):
        target = target[: -len(".part1")]
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if not paras:
        return []
    out = [(target, paras[0])]
    part = 1
    for para in paras[1:]:
        m = re.match(r"(\d+(?:-\d+)*)\)", para)
        if m and re.search(r"\.p\d+(-\d+)*$", target):
            out.append((f"{target}.sp{m.group(1)}", para))
        elif re.search(r"\.p\d+(-\d+)*$", target):
            part += 1
            out.append((f"{target}.part{part}", para))
        else:
            out[-1] = (out[-1][0], out[-1][1] + " " + para)
    return out


def _unquote(text: str) -> str:
    """A wording paragraph without its opening « and closing »; (punctuation inside kept)."""
    text = re.sub(r"^«", "", text.strip())
    return re.sub(r"\s*»[.;,]*$", "", text).strip()


def _wordings_from_instructions(tree: Node, file: str) -> list[tuple[str, str, str]]:
    from normbase.instructions import parse_instructions  # written by another helper

    instrs, _problems = parse_instructions(tree, order=ORDER, lang="kk", file=file)
    out = [(i.target, i.new_text, i.clause.address) for i in instrs
           if str(i.op) == "replace" and i.new_text]
    if len(out) < 20:
        raise ValueError("parse_instructions read too little of order 488")
    return out


INSTRUCTION = re.compile(r"редакцияда\s+жазылсын|тармақта:|жойылсын|ережесінде:")


def _wordings_fallback(tree: Node) -> list[tuple[str, str, str]]:
    """Targets and wordings read straight from the ``order.p1`` paragraphs."""
    p1 = tree.find("order.p1")
    paras = [(p1.address, p1.text)] + [(c.address, c.text) for c in p1.children]
    container, point, out = "order", None, []
    targets: list[str] = []
    for addr, text in paras:
        if not text.startswith("«") and INSTRUCTION.search(text):
            targets = []
            if "ережесінде:" in text:
                container = "rules"
            m = re.match(r"(\d+)-тармақта:", text)
            if m:
                point = m.group(1)
            if re.match(r"тақырыбы", text):
                targets = ["order.title"]
            elif re.match(r"атауы", text):
                targets = [f"{container}.title"]
            elif m := re.match(r"(\d+)-тараудың", text):
                targets = [f"rules.ch{m.group(1)}"]
            elif m := re.match(r"([\d,\s]+)-тармақ(тар)? мынадай", text):
                targets = [f"{container}.p{n}" for n in re.findall(r"\d+", m.group(1))]
            elif m := re.match(r"(\d+)\) тармақша", text):
                targets = [f"rules.p{point}.sp{m.group(1)}"]
            elif text.startswith("бірінші бөлік"):
                targets = [f"rules.p{point}"]
            elif text.startswith("екінші бөлік"):
                targets = [f"rules.p{point}.part2"]
            continue
        if not targets:
            continue
        body = _unquote(text)
        m = re.match(r"(\d+)\.\s", body)
        if len(targets) > 1 and m and f"{container}.p{m.group(1)}" in targets:
            out.append([f"{container}.p{m.group(1)}", body, addr])
        elif out and out[-1][0] in targets or (out and not text.startswith("«")):
            out[-1][1] += "\n" + body
        else:
            out.append([targets[0], body, addr])
    return [tuple(x) for x in out]


def kazakh_docs(root: Path = ROOT) -> list[SearchDoc]:
    corpus = load_corpus(root)
    order = corpus.get(parse_act_id(ORDER))
    tree, name = _tree(order, "kk")
    try:
        wordings = _wordings_from_instructions(tree, str(order.text("kk").path))
    except Exception:
        wordings = _wordings_fallback(tree)
    out, seen = [], set()
    for target, text, clause in wordings:
        for address, own in _split(target, _unquote(text)):
            if address in seen or not own:
                continue
            seen.add(address)
            out.append(SearchDoc(ACT, address, "kk", 1, KK_FROM, None, "uncertain", own,
                                 f"order {ORDER} [kk] {clause}"))
    return out


def seed_docs(root: Path = ROOT) -> list[SearchDoc]:
    return russian_docs(root) + kazakh_docs(root)


if __name__ == "__main__":
    for d in seed_docs():
        print(f"{d.lang} {d.address:18} {d.text[:90]}")
