"""The whole flow as one short function.

reads: the project folder (``corpus/``, ``amendments/``);
writes: a ``KnowledgeBase`` in memory (``store.py`` saves it, ``site`` renders it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from normbase.cache import Cache, key_of
from normbase.dates import DateWindow
from normbase.errors import InputError
from normbase.instructions import Instruction, InstructionProblem, parse_instructions
from normbase.normalize import NormalizedText, decode, normalize
from normbase.sources import Corpus, Source, load_corpus
from normbase.structure import Diagnostic, ParsedText, parse_structure
from normbase.timelines import Finding, OrderEvent, Timeline, act_window, build_timelines, order_window


@dataclass(frozen=True)
class SourceText:
    """One text file of a source: its normalized lines and its tree."""

    source: Source
    lang: str
    normalized: NormalizedText
    parsed: ParsedText
    _notes: dict = field(init=False, repr=False, compare=False)   # address → its footnotes' texts

    def __post_init__(self) -> None:
        notes: dict[str, list[str]] = {}
        for node in self.parsed.tree.walk():
            if node.address and node.notes:
                notes.setdefault(node.address, []).extend(n.text for n in node.notes)
        object.__setattr__(self, "_notes", {k: tuple(v) for k, v in notes.items()})

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.source.id), self.lang)

    def notes_at(self, address: str) -> tuple[str, ...]:
        """The footnotes («Сноска.» / «Ескерту.») attached to the unit ``address`` itself."""
        return self._notes.get(address, ())


@dataclass(frozen=True)
class OrderInstructions:
    order: str
    lang: str
    instructions: tuple[Instruction, ...]
    problems: tuple[InstructionProblem, ...]


@dataclass(frozen=True)
class ActHistory:
    act: str
    start: DateWindow
    orders: tuple[OrderEvent, ...]        # in the fold's total order
    timelines: tuple[Timeline, ...]       # in document order, kk and ru of each unit
    findings: tuple[Finding, ...]
    # indexes derived from ``timelines`` once, so that a look-up never scans every timeline
    _by_key: dict = field(init=False, repr=False, compare=False)
    _addresses: tuple = field(init=False, repr=False, compare=False)
    _below: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        addresses = tuple(dict.fromkeys(t.address for t in self.timelines))
        below: dict[str, list[str]] = {}
        for address in addresses:
            steps = address.split(".")
            for i in range(1, len(steps)):
                below.setdefault(".".join(steps[:i]), []).append(address)
        object.__setattr__(self, "_by_key", {(t.address, t.lang): t for t in self.timelines})
        object.__setattr__(self, "_addresses", addresses)
        object.__setattr__(self, "_below", {k: tuple(v) for k, v in below.items()})

    def timeline(self, address: str, lang: str) -> Timeline | None:
        return self._by_key.get((address, lang))

    @property
    def addresses(self) -> list[str]:
        return list(self._addresses)

    def below(self, address: str) -> tuple[str, ...]:
        """The units inside ``address`` (not itself), in document order."""
        return self._below.get(address, ())


@dataclass(frozen=True)
class KnowledgeBase:
    corpus: Corpus
    texts: tuple[SourceText, ...]
    instructions: tuple[OrderInstructions, ...] = ()
    histories: tuple[ActHistory, ...] = ()
    # indexes built once, so that a look-up never scans every text, order or act
    _texts_of: dict = field(init=False, repr=False, compare=False)
    _histories: dict = field(init=False, repr=False, compare=False)
    _instructions_of: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        texts_of: dict[str, list[SourceText]] = {}
        for t in self.texts:
            texts_of.setdefault(t.key[0], []).append(t)
        instructions_of: dict[str, list[OrderInstructions]] = {}
        for oi in self.instructions:
            instructions_of.setdefault(oi.order, []).append(oi)
        histories: dict[str, ActHistory] = {}
        for h in self.histories:
            histories.setdefault(h.act, h)
        object.__setattr__(self, "_texts_of", {k: tuple(v) for k, v in texts_of.items()})
        object.__setattr__(self, "_histories", histories)
        object.__setattr__(self, "_instructions_of", {k: tuple(v) for k, v in instructions_of.items()})

    def texts_of(self, source: str) -> tuple[SourceText, ...]:
        """The text files of one act or order (by id), in corpus order."""
        return self._texts_of.get(source, ())

    def text(self, act: str, lang: str) -> SourceText | None:
        return next((t for t in self.texts_of(act) if t.lang == lang), None)

    def history(self, act: str) -> ActHistory | None:
        return self._histories.get(act)

    def instructions_of(self, order: str) -> tuple[OrderInstructions, ...]:
        return self._instructions_of.get(order, ())

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for t in self.texts for d in t.parsed.diagnostics)

    @property
    def problems(self) -> tuple[InstructionProblem, ...]:
        return tuple(p for i in self.instructions for p in i.problems)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for h in self.histories for f in h.findings)


def read_text(source: Source, lang: str) -> SourceText:
    """ingest → normalize → structure for one text file."""
    text_file = source.text(lang)
    assert text_file is not None
    normalized = normalize(decode(text_file.data, str(text_file.path)), doc=text_file.name)
    parsed = parse_structure(normalized.lines, lang, source.kind, str(text_file.path))
    return SourceText(source, lang, normalized, parsed)


def read_instructions(text: SourceText) -> OrderInstructions:
    instrs, problems = parse_instructions(text.parsed.tree, order=str(text.source.id), lang=text.lang, file=text.parsed.file)
    return OrderInstructions(str(text.source.id), text.lang, instrs, problems)


def fold_history(act: Source, texts: tuple[SourceText, ...], instructions: tuple[OrderInstructions, ...], corpus: Corpus) -> ActHistory:
    """Timelines of one act: its original texts, snapshots and amending orders."""
    mine = [t for t in texts if t.source.id == act.id]
    originals = {t.lang: t.parsed.tree for t in mine if act.kind == "original"}
    snapshots = {t.lang: (act, t.parsed.tree, t.parsed.file) for t in mine if act.kind == "consolidated"}
    events = []
    for order in corpus.orders_for(act.id):
        try:
            window = order_window(order)
        except ValueError as e:
            raise InputError(str(e), order.meta_file) from None
        instrs = tuple(i for oi in instructions if oi.order == str(order.id) for i in oi.instructions)
        events.append(OrderEvent(order, window, order.langs, instrs))
    timelines, findings = build_timelines(act, originals, snapshots, events)
    events.sort(key=lambda e: e.sort_key)
    return ActHistory(str(act.id), act_window(act), tuple(events), tuple(timelines), tuple(findings))


def build(root: Path, cache: Cache | None = None) -> KnowledgeBase:
    """ingest → structure → instructions → timelines (alignment, index and site read the result).

    With a ``cache``, each text, each order's instructions and each act's timelines are
    recomputed only when what they depend on changed (see ``cache.py``).
    """
    cache = cache or Cache(None)
    corpus = load_corpus(root)
    texts = tuple(cache.get("text", text_key(source, t), lambda s=source, t=t: read_text(s, t.lang))
                  for source in corpus.all() for t in source.texts)
    instructions = tuple(cache.get("instructions", text_key(t.source, t.source.text(t.lang)), lambda t=t: read_instructions(t))
                         for t in texts if t.source.kind == "amending")
    # grouped once, so that each act's fold reads only its own texts and orders (not all of them)
    texts_of: dict[str, list[SourceText]] = {}
    for t in texts:
        texts_of.setdefault(str(t.source.id), []).append(t)
    instructions_of: dict[str, list[OrderInstructions]] = {}
    for oi in instructions:
        instructions_of.setdefault(oi.order, []).append(oi)
    histories = tuple(cache.get("timelines", history_key(act, corpus),
                                lambda a=act: fold_history(a, tuple(texts_of.get(str(a.id), ())),
                                                           tuple(oi for o in corpus.orders_for(a.id) for oi in instructions_of.get(str(o.id), ())),
                                                           corpus))
                      for act in corpus.acts)
    return KnowledgeBase(corpus, texts, instructions, histories)


def text_key(source: Source, text_file) -> str:
    """What a parsed text depends on: its bytes, its name (errata), its language, its kind, its metadata."""
    return key_of(text_file.sha256, text_file.name, text_file.lang, _meta(source))


def history_key(act: Source, corpus: Corpus) -> str:
    """What an act's timelines depend on: the act and every order amending it (metadata and texts)."""
    parts = [_meta(act)] + [t.sha256 for t in act.texts]
    for order in sorted(corpus.orders_for(act.id), key=lambda o: str(o.id)):
        parts += [_meta(order)] + [t.sha256 for t in order.texts]
    return key_of(*parts)


def _meta(source: Source) -> bytes:
    return source.meta_file.read_bytes()
