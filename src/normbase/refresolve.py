"""Cross-references resolved: a ``Reference`` (``references.find``) to the act and address it names.

reads: a ``Reference``, the citing ``Context`` and a ``Registry`` of the acts known (their kind,
dates, number, titles and addresses); writes: ``Target`` values (the target grammar is in
``references.py``'s docstring). The levels a reference leaves out come from the citing unit; the
order of the steps in an address is the vocabulary's (``model.kinds``: rank, then table order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from normbase.model.address import parsed, within
from normbase.model.kinds import BY_STEP, CONTAINERS, make_step, step_kind
from normbase.normalize import fix_lookalikes
from normbase.references import ActCite, Reference, step_rank


@dataclass(frozen=True)
class Target:
    key: str  # the target string (see the module docstring)
    act: str | None = None  # the act id when in the corpus
    address: str | None = None
    external: bool = False

    def to_json(self) -> dict:
        return {
            "target": self.key,
            "target_act": self.act,
            "target_address": self.address,
            "external": self.external,
        }


@dataclass
class ActInfo:
    id: str
    kind: str | None
    signed: date | None
    number: str
    titles: tuple[str, ...] = ()
    addresses: frozenset | None = None  # None: not known (the act is not parsed into units)

    @property
    def year(self) -> int | None:
        return self.signed.year if self.signed else None


@dataclass
class Registry:
    acts: list[ActInfo] = field(default_factory=list)
    _index: dict = field(default_factory=dict, init=False, repr=False)
    _titles: dict | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for a in self.acts:  # by id, base number and year: what an act's id says, without reading it
            self._index.setdefault(("id", a.id), []).append(a)
            if a.number:
                self._index.setdefault(("number", _base_number(a.number)), []).append(a)
            year = a.year
            if year:
                self._index.setdefault(("year", year), []).append(a)

    def get(self, act_id: str) -> ActInfo | None:
        found = self._index.get(("id", act_id))
        return found[0] if found else None

    def _by_title(self, title: str) -> list[ActInfo]:
        if self._titles is None:  # built when first asked (it reads every act's titles)
            self._titles = {}
            for a in self.acts:
                for t in a.titles:
                    self._titles.setdefault(_norm_title(t), []).append(a)
        return self._titles.get(_norm_title(title), [])

    def match(self, cite: ActCite) -> ActInfo | None:
        """The one act the citation names, or None (not in the corpus, or ambiguous)."""
        if cite.number:
            pool = self._index.get(("number", _base_number(cite.number)), [])
        elif cite.date:
            pool = self._index.get(("year", cite.date.year), [])
        elif cite.title:
            pool = self._by_title(cite.title)
        else:
            pool = []
        found = list({id(a): a for a in pool if _matches(a, cite)}.values())
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Context:
    act: str  # the citing act
    here: str = ""  # the citing unit's address (art5.p2, rules.p7.sp5)
    amended: str | ActCite | None = None  # in an amending act: the act its clauses amend (id, or as cited)


# ---- resolution ----------------------------------------------------------------------------------


def _norm_title(t: str) -> str:
    t = fix_lookalikes(t).lower().replace("ё", "е")
    return " ".join(re.sub(r"[«»\"„“”.,]", " ", t).split())


def _base_number(n: str) -> str:
    return re.sub(r"-[IVXLC]+$", "", n.upper())


def _matches(a: ActInfo, c: ActCite) -> bool:
    if c.kind and a.kind and c.kind != a.kind:
        return False
    if c.number:  # «N 9» in a Kazakh footnote is «N 9-IV»: the convocation may be left out
        if not a.number or _base_number(c.number) != _base_number(a.number):
            return False
        if c.date and a.signed:
            return c.date == a.signed
        if c.year and a.signed:
            return c.year == a.signed.year
        return bool(c.title and _norm_title(c.title) in map(_norm_title, a.titles))
    if c.date:
        return bool(a.signed and c.date == a.signed and (c.kind or c.title))
    return bool(c.title and _norm_title(c.title) in map(_norm_title, a.titles))


_FILLED = ("art", "p", "sp", "ch", "sec")  # the levels a reference may take from the citing unit


def _address(steps: list[tuple[str, str]]) -> str:
    ordered = sorted(steps, key=lambda s: step_rank(s[0]))
    return ".".join(f"app{n}" if k == "app" else make_step(BY_STEP[k], n) for k, n in ordered)


def resolve(ref: Reference, ctx: Context, registry: Registry) -> list[Target]:
    """The targets of a reference (a list «пунктами 1 и 2» has one per number)."""
    if ref.kind == "publication":
        assert ref.publication is not None  # set on every publication reference
        pub, year, issue, article = ref.publication
        key = f"publication: {pub} {year} №{issue}" + (f" ст.{article}" if article else "")
        return [Target(" ".join(key.split()), external=True)]
    if ref.kind == "act":
        assert ref.act is not None  # set on every act reference
        info = registry.match(ref.act)
        if info is None:
            return [Target(f"external: {ref.act.describe()}", external=True)]
        return [] if info.id == ctx.act else [Target(info.id, info.id)]
    if ref.scope == "act":
        assert ref.act is not None  # the act a reference of scope "act" names
        info = registry.match(ref.act)
        act_id = info.id if info else None
    elif ref.scope == "self":
        act_id, info = ctx.act, registry.get(ctx.act)
    elif isinstance(ctx.amended, ActCite):  # an amending act's clause; the act it amends is not here
        act_id, info = None, None
        ref = Reference(ref.kind, ref.start, ref.end, ref.text, ref.steps, ref.scope, act=ctx.amended)
    else:  # no act named: in an amending act, the act it amends; else the citing act itself
        act_id = ctx.amended or ctx.act
        info = registry.get(act_id)
    by_kind: dict[str, list[str]] = {}
    for k, n in ref.steps:
        by_kind.setdefault(k, []).append(n)
    lists = [(k, ns) for k, ns in by_kind.items()]
    combos: list[list[tuple[str, str]]] = [[]]
    for k, ns in lists:
        combos = [c + [(k, n)] for c in combos for n in ns]
    out = []
    for steps in combos:
        if act_id is None:  # an act named (scope "act") or amended, and not in the knowledge base
            assert ref.act is not None
            out.append(Target(f"external: {ref.act.describe()} {_address(steps)}", external=True))
            continue
        here = ctx.here if act_id == ctx.act else ""
        address = _complete(steps, ref, here, info)
        out.append(Target(f"{act_id} {address}", act_id, address))
    return out


def _complete(steps: list[tuple[str, str]], ref: Reference, here: str, info: ActInfo | None) -> str:
    """Fill the levels the text leaves out from the citing unit: «пункта 3 настоящей статьи» in
    art5 → art5.p3; «пункта 5 настоящих Правил» → rules.p5."""
    here_steps = list(parsed(here).parts) if here else []
    container = ref.container
    if container is None and here_steps and CONTAINERS.match(here_steps[0]):
        container = here_steps[0]
    if (
        container
        and info
        and info.addresses is not None
        and not any(a != container and within(a, container) for a in info.addresses)
    ):
        container = None
    own = {k for k, _n in steps}
    if ref.self_unit:  # «пункта 3 настоящей статьи»: the levels down to the article
        top = step_rank(ref.self_unit)
        inside = lambda r: r > top
    else:  # the levels above the highest the reference names
        top = min(step_rank(k) for k in own)
        inside = lambda r: r >= top
    fill = []
    for s in here_steps:
        found = step_kind(s)
        if found is None or found[0].step not in _FILLED or inside(step_rank(found[0].step)):
            continue
        k, n = found[0].step, found[1]
        if (ref.self_unit and step_rank(k) <= step_rank(ref.self_unit)) or (ref.scope is None and k == "art"):
            fill.append((k, n))
    address = _address(fill + steps)
    return f"{container}.{address}" if container else address
