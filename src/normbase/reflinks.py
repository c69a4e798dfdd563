"""References in the knowledge base: every unit version's references, what cites a unit, and
the citations of a unit that changed later.

reads: a ``KnowledgeBase`` (timelines; the sources' metadata) through ``references.find`` /
``resolve``; writes: ``Link`` values, the references index ``OUT/references.json``
(``save_index``), ``Finding`` values (``stale_citations``) and the cut wording the site links
(``segments``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from normbase.kbview import whole
from normbase.references import find
from normbase.refresolve import ActInfo, Context, Registry, Target, resolve
from normbase.model.address import parsed, within

_ISSUER_KIND = (
    ("министр", "order"),
    ("президент", "decree"),
    ("правительств", "resolution"),
    ("үкімет", "resolution"),
    ("парламент", "law"),
)


def _kind_of(source) -> str | None:
    issuer = " ".join(source.issuer.values()).lower()
    return next((kind for word, kind in _ISSUER_KIND if word in issuer), None)


_CACHE: dict = {}  # what is made once per knowledge base: its registry and links, the site's tables


def per_kb(kb, name: str, make):
    """``make()``, once for the last knowledge base asked about (the site asks per act and unit);
    a view of one act (``kbview``) asks for its whole knowledge base's."""
    kb = whole(kb)
    if _CACHE.get("kb") is not kb:
        _CACHE.clear()
        _CACHE["kb"] = kb
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


def registry_of(kb) -> Registry:
    """The acts of a knowledge base, each with the addresses of its units (orders: none known)."""
    return per_kb(kb, "registry", lambda: _registry(kb))


def warm(kb, cache=None) -> None:
    """Find every reference of the knowledge base now (the site calls it before it forks workers);
    with a stage ``cache``, the references found in each act's wordings are kept there."""
    per_kb(kb, "links", lambda: link_kb(kb, cache=cache))
    links_by_version(kb, "")
    cited_by_index(kb)


def links_by_version(kb, act: str) -> dict:
    """(address, lang, version index) → the links of that unit version."""

    def make():
        out: dict = {}
        for k in per_kb(kb, "links", lambda: link_kb(kb)):
            for i in k.versions:
                out.setdefault(k.act, {}).setdefault((k.address, k.lang, i), []).append(k)
        return out

    return per_kb(kb, "by_version", make).get(act, {})


def cited_by_index(kb) -> dict:
    """(act, address) → the links citing that unit or a unit inside it, each link once per unit."""

    def make():
        out: dict = {}
        for k in per_kb(kb, "links", lambda: link_kb(kb)):
            if k.target.act and k.target.address:
                target = parsed(k.target.address)
                for unit in (*target.ancestors, target):
                    out.setdefault((k.target.act, str(unit)), []).append(k)
        return out

    return per_kb(kb, "cited_by", make)


class _KbAct:
    """An act of a knowledge base, read only when a reference may resolve into it (a stored
    knowledge base reads each act from disk when first asked): number and year come from its id."""

    def __init__(self, kb, act_id):
        self._kb, self._id = kb, act_id
        self.id, self.number, self.year = str(act_id), act_id.number, act_id.year

    def _source(self):
        return self._kb.corpus.get(self._id)

    kind = property(lambda self: _kind_of(self._source()))
    signed = property(lambda self: self._source().signed)
    titles = property(lambda self: tuple(self._source().title.values()))

    @property
    def addresses(self):
        h = self._kb.history(self.id)
        return frozenset(h.addresses) if h else None


def _registry(kb) -> Registry:
    # a _KbAct reads as an ActInfo (the same attributes, read from the knowledge base when asked)
    return Registry(cast(list[ActInfo], [_KbAct(kb, i) for i in kb.corpus.ids]))


def save_index(kb, path, build: str | None) -> None:
    """Every link of the knowledge base, for ``show --json``'s ``cited_by`` without reading every act
    (``normbase build`` writes it beside the store, atomically, with the build's fingerprint)."""
    data = {"build": build, "links": [k.to_json() for k in per_kb(kb, "links", lambda: link_kb(kb))]}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def load_index(path, build: str | None) -> list[Link] | None:
    """The links ``save_index`` wrote, when they are of the build ``build``; else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if build is None or data.get("build") != build:
        return None
    return [
        Link(
            d["act"],
            d["address"],
            d["lang"],
            tuple(d["versions"]),
            d["kind"],
            d["text"],
            Target(d["target"], d["target_act"], d["target_address"], d["external"]),
            d["start"],
            d["end"],
        )
        for d in data["links"]
    ]


@dataclass(frozen=True)
class Link:
    """One reference of one unit: the versions of the unit whose wording holds it, and its target."""

    act: str
    address: str
    lang: str
    versions: tuple[int, ...]  # indices into the unit's timeline
    kind: str
    text: str
    target: Target
    start: int = 0  # where the reference is in the wording
    end: int = 0

    def to_json(self) -> dict:
        return {
            "act": self.act,
            "address": self.address,
            "lang": self.lang,
            "versions": list(self.versions),
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            **self.target.to_json(),
        }


def link_act(
    kb,
    act: str,
    registry: Registry | None = None,
    engine: str = "spacy",
    under: str | None = None,
    local: bool = False,
    found: dict | None = None,
) -> list[Link]:
    """Every reference in every unit version of ``act`` (or of the unit ``under`` and the units
    inside it), both languages, resolved. ``local``: only the references into the act itself that
    name no other act (they resolve without reading any other act). ``found``: (lang, wording) → its
    references, as ``found_in`` gives them (else they are found here)."""
    registry = registry or registry_of(kb)
    h = kb.history(act)
    out: list[Link] = []
    if h is None:
        return out
    for t in h.timelines:
        if under and not within(t.address, under):
            continue
        by_text: dict[str, list[int]] = {}
        for i, v in enumerate(t.versions):
            if v.text:
                by_text.setdefault(v.text, []).append(i)
        for text, idx in by_text.items():
            refs = found[(t.lang, text)] if found is not None else find(text, t.lang, engine)
            for ref in refs:
                if local and (ref.kind != "unit" or ref.scope == "act"):
                    continue
                for target in resolve(ref, Context(act, t.address), registry):
                    out.append(
                        Link(
                            act, t.address, t.lang, tuple(idx), ref.kind, ref.text, target, ref.start, ref.end
                        )
                    )
    return out


def found_in(h, engine: str = "spacy", cache=None) -> dict:
    """(lang, wording) → the references ``find`` finds in it, for every wording of the act ``h``. A
    pure function of the wordings: with a stage ``cache`` it is kept there, keyed by them (finding
    references runs the spaCy pipeline over every wording, the costly part of linking)."""
    texts = sorted({(t.lang, v.text) for t in h.timelines for v in t.versions if v.text})

    def compute() -> dict:
        return {(lang, text): find(text, lang, engine) for lang, text in texts}

    if cache is None:
        return compute()
    from normbase.cache import key_of

    return cache.get("references", lambda: key_of("references", engine, _spacy_version(), texts), compute)


@lru_cache(maxsize=1)
def _spacy_version() -> str:
    """spaCy's version, read once (the package metadata is read from disk: ~1 ms an act)."""
    from importlib.metadata import version

    return version("spacy")


def link_kb(kb, engine: str = "spacy", cache=None) -> list[Link]:
    registry = registry_of(kb)
    return [
        link
        for h in kb.histories
        for link in link_act(kb, h.act, registry, engine, found=found_in(h, engine, cache) if cache else None)
    ]


def cited_by(links: list[Link], act: str, address: str) -> list[Link]:
    """The links whose target is ``address`` of ``act`` or a unit inside it."""
    return [
        k for k in links if k.target.act == act and k.target.address and within(k.target.address, address)
    ]


def cites(links: list[Link], act: str, address: str) -> list[Link]:
    return [k for k in links if k.act == act and within(k.address, address)]


def stale_citations(kb, links: list[Link]) -> list:
    """«cites p5, which changed on D»: a unit version citing a unit of the corpus whose wording changed
    later than the citing wording took effect (the citing text may rest on the old wording)."""
    from normbase.timelines import Finding, unit_key

    out = []
    for k in links:
        if not k.target.act or not k.target.address:
            continue
        target = kb.history(k.target.act)
        source = kb.history(k.act)
        if target is None or source is None:
            continue
        citing = source.timeline(k.address, k.lang)
        cited = target.timeline(unit_key(k.target.address), k.lang)
        if citing is None or cited is None:
            continue
        since = max(
            (citing.versions[i].start.earliest for i in k.versions if citing.versions[i].start), default=None
        )
        for v in cited.versions[1:]:
            if v.start and (since is None or v.start.earliest > since):
                out.append(
                    Finding(
                        "cites_changed_unit",
                        "info",
                        k.act,
                        k.address,
                        f"cites {k.target.address}, which changed on {v.start.earliest}"
                        f" ({v.changed_by or 'source'})",
                        v.changed_by,
                        k.lang,
                    )
                )
                break
    return out


def segments(text: str, links: list[Link], url_of) -> list[list[dict]]:
    """The wording cut at its references, paragraph by paragraph: ``{"text", "url", "title"}``
    pieces (``url_of(link)`` gives a link's URL, or None: an external target keeps a title only)."""
    spans, last = [], 0
    for k in sorted(links, key=lambda k: (k.start, -k.end)):
        if k.start >= last:  # a list «пунктами 1 и 2» has one span per target: the first one links
            spans.append(k)
            last = k.end
    flat: list[dict[str, Any]] = []
    at = 0
    for k in spans:
        if k.start > at:
            flat.append({"text": text[at : k.start], "url": None, "title": None})
        flat.append({"text": text[k.start : k.end], "url": url_of(k), "title": k.target.key})
        at = k.end
    if at < len(text):
        flat.append({"text": text[at:], "url": None, "title": None})
    paras: list[list[dict]] = [[]]
    for piece in flat:
        parts = piece["text"].split("\n")
        for i, part in enumerate(parts):
            if i:
                paras.append([])
            if part:
                paras[-1].append({**piece, "text": part})
    return paras
