"""The judged reference set: documents, predictions and their precision / recall.

reads: ``../shared/real-corpus/`` (paragraphs of the files named in ``judged.tsv``), the seed
knowledge base (unit versions of 583-2007 in both languages), ``acts.tsv`` and ``judged.tsv``
beside this file; writes: nothing (``benchmarks/references.py`` prints, ``tests/test_references.py``
asserts).

The real-corpus laws are not parsed into units yet, so their paragraphs are read as plain text;
the citing unit (``art5``, ``art5.p2``) is followed from the headings «Статья 5.» / «5-бап.» and the
point numbers «2.», and an amending act's target («Внести в Закон …», «… Заңына … енгізілсін») from
its first clause. Footnotes («Сноска.», «Ескерту.») and the table of contents are not unit text and
are skipped. A prediction counts when it lies on the judged line, overlaps the judged span and
names the same target.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from normbase.references import ActCite, find
from normbase.refresolve import ActInfo, Context, Registry, resolve

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REAL = ROOT.parent / "shared" / "real-corpus"
_SKIP = re.compile(r"^\s*(сноска|ескерту|примечание|рқао|ркао|ещё|ескертпе)", re.IGNORECASE)
_ART = re.compile(r"^\s*(?:#+\s*)?(?:Статья\s+(\d+(?:-\d+)*)|(\d+(?:-\d+)*)\s*-\s*бап)\s*\.", re.IGNORECASE)
_POINT = re.compile(r"^\s*(\d+(?:-\d+)*)\.\s")
_AMEND = re.compile(r"Внести в|енгізілсін|внести следующие", re.IGNORECASE)


@dataclass(frozen=True)
class Judged:
    source: str    # a real-corpus file (4051/ru.md) or kb:<act>
    where: str     # line number (files) or address/lang (kb)
    span: str
    target: str


@dataclass(frozen=True)
class Predicted:
    source: str
    where: str
    start: int
    end: int
    span: str
    target: str


def registry(kb=None) -> Registry:
    acts = []
    with open(HERE / "acts.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)]
    for r in rows:
        titles = [_heading(REAL / p) for p in (r["titles_from"] or "").split()]
        titles += [t for t in (r.get("other_titles") or "").split("|") if t]
        acts.append(ActInfo(r["id"], r["kind"] or None, date.fromisoformat(r["signed"]) if r["signed"] else None,
                            r["number"] or "", tuple(t for t in titles if t)))
    if kb is not None:
        from normbase.reflinks import registry_of

        acts += registry_of(kb).acts
    return Registry(acts)


def _heading(path: Path) -> str:
    if not path.is_file():
        return ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def load_judged() -> list[Judged]:
    with open(HERE / "judged.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Judged(r["source"], r["where"], r["span"], r["target"]) for r in rows]


def file_documents(rel: str):
    """(line number, text, Context) of each paragraph of a real-corpus file."""
    path = REAL / rel
    act, lang = rel.split("/")[0], Path(rel).stem
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("# ")), 0)   # after the table of contents
    art = point = None
    amended = None
    quoted = False   # inside an amending act's quoted new wording: the amended act's own text
    q_art = q_point = last_art = None
    for n, line in enumerate(lines[start:], start + 1):
        if not line.strip() or _SKIP.match(line):
            continue
        if amended is not None and not quoted and line.lstrip()[:1] in "\"«":
            quoted, q_art, q_point = True, last_art, None   # new parts of the article the clause names
        body = line.lstrip().lstrip("\"«")
        m = _ART.match(body)
        pm = _POINT.match(body)
        if quoted:
            if m:
                q_art, q_point = m[1] or m[2], None
            elif pm and q_art:
                q_point = pm[1]
            here = ".".join(x for x in (f"art{q_art}" if q_art else "", f"p{q_point}" if q_point else "") if x)
            target = amended if isinstance(amended, str) else act
            yield n, line, lang, Context(target, here, None if isinstance(amended, str) else amended)
            if re.search(r"[\"»]\s*[.;]\s*$", line):
                quoted = False
            continue
        if m:
            art, point = m[1] or m[2], None
        elif pm and art:
            point = pm[1]
        here = ".".join(x for x in (f"art{art}" if art else "", f"p{point}" if point else "") if x)
        yield n, line, lang, Context(act, here, amended)
        named = [n for r in find(line, lang) if r.kind == "unit" for k, n in r.steps if k == "art"]
        last_art = named[-1] if named else None
        if amended is None and _AMEND.search(line):
            amended = _amended_act(line, lang, act)


def _amended_act(line: str, lang: str, act: str):
    reg = registry()
    for ref in find(line, lang):
        if ref.kind == "act":
            info = reg.match(ref.act)
            return info.id if info else ref.act
    return None


def kb_documents(kb, act: str):
    """(address/lang, text, Context) of each distinct unit version of an act in the knowledge base."""
    h = kb.history(act)
    for t in h.timelines:
        seen = set()
        for v in t.versions:
            if v.text and v.text not in seen:
                seen.add(v.text)
                yield f"{t.address}/{t.lang}", v.text, t.lang, Context(act, t.address)


def predict(sources: list[str], kb=None, engine: str = "spacy") -> list[Predicted]:
    reg = registry(kb)
    out = []
    for source in sources:
        docs = kb_documents(kb, source[3:]) if source.startswith("kb:") else file_documents(source)
        for where, text, lang, ctx in docs:
            for ref in find(text, lang, engine):
                for t in resolve(ref, ctx, reg):
                    out.append(Predicted(source, str(where), ref.start, ref.end, ref.text, t.key))
    return out


def _lines(source: str, kb=None) -> dict[str, str]:
    if source.startswith("kb:"):
        return {w: text for w, text, _l, _c in kb_documents(kb, source[3:])}
    return {str(n): text for n, text, _l, _c in file_documents(source)}


def score(judged: list[Judged], predicted: list[Predicted], kb=None) -> dict:
    """Precision, recall and the misses; each judged reference matches at most one prediction."""
    texts = {s: _lines(s, kb) for s in {j.source for j in judged}}
    free = list(predicted)
    found, missed = 0, []
    for j in judged:
        text = texts[j.source].get(j.where, "")
        at = text.find(j.span)
        hit = next((p for p in free if p.source == j.source and p.where == j.where and p.target == j.target
                    and at >= 0 and p.start < at + len(j.span) and at < p.end), None)
        if hit:
            free.remove(hit)
            found += 1
        else:
            missed.append(j)
    return {"judged": len(judged), "predicted": len(predicted), "correct": found,
            "precision": found / len(predicted) if predicted else 1.0,
            "recall": found / len(judged) if judged else 1.0, "missed": missed, "wrong": free}


_ = ActCite   # re-exported for the benchmark
