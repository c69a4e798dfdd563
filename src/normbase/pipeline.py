"""The whole flow as one short function.

reads: the project folder (``corpus/``, ``amendments/``), and the stage cache when given
(``<cache>/act/``: one entry per act); writes: a ``KnowledgeBase`` in memory (``store.py``
saves it, ``site`` renders it), and the entries of the acts it recomputed. A large corpus is
built by all cores, act by act (``parallel.py``).
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections import ChainMap
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from normbase import parallel
from normbase.cache import Cache, Shared, key_of
from normbase.dates import DateWindow
from normbase.errors import InputError
from normbase.address import parse_act_id
from normbase.instructions import parse_instructions
from normbase.clauses import Instruction, InstructionProblem, routed
from normbase.normalize import NormalizedText, decode, normalize
from normbase.snapshots import Snapshot
from normbase.sources import Corpus, Source, TextFile, load_corpus, project_name
from normbase.paragraphs import Diagnostic
from normbase.structure import ParsedText, parse_structure
from normbase.fold import act_window, order_window
from normbase.timelines import Finding, OrderEvent, Timeline, build_timelines
from normbase.model.address import parsed


@dataclass(frozen=True)
class SourceText:
    """One text file of a source: its tree (and its normalized lines, see ``normalized``)."""

    source: Source
    lang: str
    _normalized: NormalizedText | None = field(repr=False, compare=False)  # None: normalized again when asked
    parsed: ParsedText
    _notes: dict = field(init=False, repr=False, compare=False)  # address → its footnotes' texts
    state: TextFile | None = None  # an earlier consolidated text of the act (``Source.states``), not its text

    def __post_init__(self) -> None:
        notes: dict[str, list[str]] = {}
        for node in self.parsed.tree.walk():
            if node.address and node.notes:
                notes.setdefault(node.address, []).extend(n.text for n in node.notes)
        object.__setattr__(self, "_notes", {k: tuple(v) for k, v in notes.items()})

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.source.id), self.lang)

    @property
    def normalized(self) -> NormalizedText:
        """The normalized lines the tree was built from. ``read_text`` does not keep them (the
        knowledge base would hold every line of the corpus twice, a fifth of its memory): they are
        normalized again, which gives the same lines (``normalize`` is a pure function)."""
        if self._normalized is not None:
            return self._normalized
        text_file = self.text_file
        return normalize(decode(text_file.data, str(text_file.path)), doc=text_file.name)

    @property
    def text_file(self) -> TextFile:
        """The file read: ``state``, or the source's text in this language."""
        text_file = self.state or self.source.text(self.lang)
        assert text_file is not None
        return text_file

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
    orders: tuple[OrderEvent, ...]  # in the fold's total order
    timelines: tuple[Timeline, ...]  # in document order, kk and ru of each unit
    findings: tuple[Finding, ...]
    states: tuple[
        SourceText, ...
    ] = ()  # the act's earlier consolidated texts (``Source.states``), oldest first
    # indexes derived from ``timelines`` once, so that a look-up never scans every timeline
    _by_key: dict = field(init=False, repr=False, compare=False)
    _addresses: tuple = field(init=False, repr=False, compare=False)
    _below: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        addresses = tuple(dict.fromkeys(t.address for t in self.timelines))
        below: dict[str, list[str]] = {}
        for address in addresses:
            for above in parsed(address).ancestors:
                below.setdefault(str(above), []).append(address)
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
        texts = self.texts + tuple(t for h in self.histories for t in h.states)
        return tuple(d for t in texts for d in t.parsed.diagnostics)

    @property
    def problems(self) -> tuple[InstructionProblem, ...]:
        return tuple(p for i in self.instructions for p in i.problems)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for h in self.histories for f in h.findings)


def read_text(source: Source, lang: str, state: TextFile | None = None) -> SourceText:
    """ingest → normalize → structure for one text file (``state``: an earlier consolidated text)."""
    text_file = state or source.text(lang)
    assert text_file is not None
    normalized = normalize(decode(text_file.data, str(text_file.path)), doc=text_file.name)
    parsed = parse_structure(normalized.lines, lang, source.kind, project_name(source, text_file))
    return SourceText(source, lang, None, parsed, state)  # the lines are not kept: see SourceText.normalized


def read_instructions(text: SourceText) -> OrderInstructions:
    instrs, problems = parse_instructions(
        text.parsed.tree, order=str(text.source.id), lang=text.lang, file=text.parsed.file
    )
    return OrderInstructions(str(text.source.id), text.lang, instrs, problems)


def fold_history(
    act: Source, texts: tuple[SourceText, ...], instructions: tuple[OrderInstructions, ...], corpus: Corpus
) -> ActHistory:
    """Timelines of one act: its original texts, snapshots and amending orders.

    ``texts`` and ``instructions`` may hold those of other acts and orders too: they are skipped.
    """
    mine = [t for t in texts if t.source.id == act.id]
    originals = {t.lang: t.parsed.tree for t in mine if act.kind == "original"}
    states = tuple(read_text(act, f.lang, f) for f in act.states)
    snapshots = [
        Snapshot(t.lang, act, t.parsed.tree, t.parsed.file, t.text_file.as_of)
        for t in (*states, *mine)
        if act.kind == "consolidated"
    ]
    orders = corpus.orders_for(act.id)
    of_order: dict[str, list[Instruction]] = {str(o.id): [] for o in orders}
    problems_of: dict[str, list[InstructionProblem]] = {str(o.id): [] for o in orders}
    for oi in instructions:
        if oi.order in of_order:
            mine_i, mine_p = routed(
                act, corpus.get(parse_act_id(oi.order)), oi.instructions, oi.problems, corpus
            )
            of_order[oi.order].extend(mine_i)
            problems_of[oi.order].extend(mine_p)
    events = []
    for order in orders:
        try:
            window = order_window(order)
        except ValueError as e:
            raise InputError(str(e), order.meta_file) from None
        events.append(
            OrderEvent(
                order, window, order.langs, tuple(of_order[str(order.id)]), tuple(problems_of[str(order.id)])
            )
        )
    timelines, findings = build_timelines(act, originals, snapshots, events)
    events.sort(key=lambda e: e.sort_key)
    return ActHistory(str(act.id), act_window(act), tuple(events), tuple(timelines), tuple(findings), states)


# Below this much text (bytes) a build runs in one process: a child would cost more than it saves.
PARALLEL_FROM_BYTES = 1_000_000


def build(root: Path, cache: Cache | None = None, workers: int | None = None) -> KnowledgeBase:
    """ingest → structure → instructions → timelines (alignment, index and site read the result).

    With a ``cache``, each act's results — the texts of the act and of its orders, the orders'
    instructions, the act's timelines — are one entry, recomputed only when the act or one of
    its orders changed (see ``history_key`` and ``cache.py``). ``workers``: how many processes
    share what is recomputed, by act (an act with its orders; see ``parallel.py``); None: the
    ``NORMBASE_WORKERS`` environment variable, else every core when at least
    ``PARALLEL_FROM_BYTES`` of text is to be read, else one. The result is the same, in the
    same order, and so is the error raised for bad input. After a large build its objects are
    frozen out of the cyclic garbage collector's reach (see ``_collector_paused``).
    """
    cache = cache or Cache(None)
    corpus = _load_corpus(root, cache)
    weights = [
        sum(len(t.data) for s in (act, *corpus.orders_for(act.id)) for t in s.texts) for act in corpus.acts
    ]
    with _collector_paused(large=sum(weights) >= PARALLEL_FROM_BYTES), ExitStack() as stack:
        shared = Shared({f"source:{s.id}": s for s in corpus.all()})
        files = [(s, t.lang) for s in corpus.all() for t in s.texts]  # every text, in the order of kb.texts
        places: dict = {
            act.id: [] for act in corpus.acts
        }  # act id → where the texts of the act and its orders are in ``files``
        for n, (source, _) in enumerate(files):
            for owner in source.amends_all or (
                source.amends or source.id,
            ):  # an order amending several acts: each
                places[owner].append(n)
        store = Cache(cache.folder, shared)
        keys = (
            [history_key(act, corpus) for act in corpus.acts]
            if cache.folder
            else [str(k) for k in range(len(corpus.acts))]
        )
        groups = {
            k: group
            for k, key in enumerate(keys)
            if cache.folder
            and (group := store.load("act", key)) is not None
            and _fits(group, places[corpus.acts[k].id], files)
        }
        todo = [k for k in range(len(corpus.acts)) if k not in groups]
        runs = _split([weights[k] for k in todo], _workers(workers, sum(weights[k] for k in todo)))
        if len(runs) > 1 and not cache.folder:  # the children's groups go through this build's own folder
            store = Cache(
                Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="normbase-build-"))), shared
            )

        def work(job: tuple[list[int], bool]) -> _Part:
            acts, keep = job
            save = (lambda k, group: store.put("act", keys[k], group)) if cache.folder or not keep else None
            return _build_part(corpus, acts, places, files, save, keep)

        # The first run is this process's: its groups stay in memory. A child stores each of its
        # groups as soon as it is folded (holding one at a time) and sends back their acts only.
        parts = parallel.run([([todo[i] for i in run], i == 0) for i, run in enumerate(runs)], work, shared)
        errors = [p.error for p in parts if p.error]
        if errors:
            raise min(errors, key=lambda e: e[:2])[2]  # the one a serial build meets first
        for part in parts:
            groups.update(part.groups)
            for k in part.stored:
                group = store.load("act", keys[k])
                if group is None or not _fits(
                    group, places[corpus.acts[k].id], files
                ):  # gone meanwhile: redone here
                    redo = _build_part(corpus, [k], places, files, None, True)
                    if redo.error:
                        raise redo.error[2]
                    group = redo.groups[k]
                groups[k] = group
        if cache.folder:
            cache.hits += len(keys) - len(todo)
            cache.misses += len(todo)
        return _assemble(corpus, groups, places)


class _Group(NamedTuple):
    """One act's results: the texts of the act and of its orders (in corpus order), the
    orders' instructions (the same order), the act's timelines."""

    texts: tuple[SourceText, ...]
    instructions: tuple[OrderInstructions, ...]
    history: ActHistory


@dataclass
class _Part:
    """What one process built: its acts' groups (or only their acts, ``stored``: the groups are
    in the store), or the failure a serial build would meet first among them."""

    groups: dict[int, _Group] = field(default_factory=dict)
    stored: list[int] = field(default_factory=list)
    error: tuple[int, int, Exception] | None = None  # (stage, place in a serial build, error)


def _build_part(corpus: Corpus, acts: list[int], places: dict, files: list, save, keep: bool) -> _Part:
    """The groups of ``corpus.acts[k]`` for ``k`` in ``acts``, one act after the other: each is
    handed to ``save(k, group)`` (when given) and kept in the part (``keep``) or only named.

    A failure ends nothing at once: what a serial build would meet before it is still done, so
    that the part reports the first failure a serial build would meet (a serial build reads every
    text, then every order's instructions, then folds every act's timelines). A stage is
    (0 texts, 1 instructions, 2 timelines), a place the text's index in ``files`` or the act's.
    """
    part = _Part()

    def first(stage: int, place: int) -> bool:  # could this step fail before the failure known so far?
        return part.error is None or (stage, place) < part.error[:2]

    def failed(stage: int, place: int, error: Exception) -> None:
        if first(stage, place):
            part.error = (stage, place, error)

    for k in acts:
        act, texts, instructions = corpus.acts[k], [], []
        for n in places[act.id]:
            if not first(0, n):
                break  # the rest of this act's texts come later, and so does everything else of it
            try:
                texts.append(read_text(*files[n]))
            except Exception as error:  # noqa: BLE001 — reported by build, if no earlier failure is
                failed(0, n, error)
                break
        if len(texts) < len(places[act.id]):
            continue
        for n, text in zip(places[act.id], texts):
            if text.source.kind == "amending" and first(1, n):
                try:
                    instructions.append(read_instructions(text))
                except Exception as error:  # noqa: BLE001
                    failed(1, n, error)
        if len(instructions) < sum(t.source.kind == "amending" for t in texts) or not first(2, k):
            continue
        try:
            group = _Group(
                tuple(texts),
                tuple(instructions),
                fold_history(act, tuple(texts), tuple(instructions), corpus),
            )
        except Exception as error:  # noqa: BLE001
            failed(2, k, error)
            continue
        if save:
            save(k, group)
        if keep:
            part.groups[k] = group
        else:
            part.stored.append(k)
    return part


def _fits(group: _Group, places: list[int], files: list) -> bool:
    """Whether a stored group holds the texts of these places of ``files`` (else it is recomputed)."""
    return len(group.texts) == len(places) and all(
        t.source is files[n][0] and t.lang == files[n][1] for n, t in zip(places, group.texts)
    )


def _assemble(corpus: Corpus, groups: dict[int, _Group], places: dict) -> KnowledgeBase:
    """The knowledge base of every act's group, each text and instruction in its serial place."""
    texts: dict[int, SourceText] = {}
    instructions: dict[int, OrderInstructions] = {}
    for k, act in enumerate(corpus.acts):
        group = groups[k]
        texts.update(zip(places[act.id], group.texts))
        instructions.update(
            zip(
                [n for n, t in zip(places[act.id], group.texts) if t.source.kind == "amending"],
                group.instructions,
            )
        )
    return KnowledgeBase(
        corpus,
        tuple(texts[n] for n in sorted(texts)),
        tuple(instructions[n] for n in sorted(instructions)),
        tuple(groups[k].history for k in range(len(corpus.acts))),
    )


def _load_corpus(root: Path, cache: Cache) -> Corpus:
    """``load_corpus``, with every meta.toml's parse kept in the stage cache (``meta/``) by its
    bytes' sha256: a rebuild parses only the files that changed. The entry keeps the files of
    this build only."""
    if cache.folder is None:
        return load_corpus(root)
    key = key_of("parsed meta.toml files")
    before = cache.load("meta", key)
    before = before if isinstance(before, dict) else {}
    used: dict = {}
    corpus = load_corpus(root, ChainMap(used, before))
    if used.keys() != before.keys():
        cache.put("meta", key, used)
    return corpus


def _workers(requested: int | None, size: int) -> int:
    if not parallel.can_fork():
        return 1
    if requested is None:
        env = os.environ.get("NORMBASE_WORKERS", "").strip()
        requested = int(env) if env.isdigit() else parallel.cpu_count() if size >= PARALLEL_FROM_BYTES else 1
    return max(1, requested)


def _split(weights: list[int], n: int) -> list[list[int]]:
    """``range(len(weights))`` in at most ``n`` runs of about equal weight."""
    jobs: list[list[int]] = []
    total, current, sum_ = sum(weights), [], 0
    for i, weight in enumerate(weights):
        current.append(i)
        sum_ += weight
        if len(jobs) < n - 1 and sum_ * n >= total * (len(jobs) + 1):
            jobs.append(current)
            current = []
    return [job for job in jobs + [current] if job] or [[]]


@contextmanager
def _collector_paused(large: bool):
    """No cyclic garbage collection while building: the build makes millions of long-lived,
    acyclic objects, which the collector would traverse again and again (an eighth of the
    build's time) to free nothing. After a ``large`` build they are frozen (``gc.freeze``):
    the stages after it (alignment, store, index, site) then never traverse them either (at
    1,000 acts a full collection takes 1.4 s); reference counting still frees them. What was
    garbage before is collected first, so that freezing keeps nothing alive."""
    enabled = gc.isenabled()
    if large and enabled:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if large and enabled:
            gc.freeze()
        if enabled:
            gc.enable()


def history_key(act: Source, corpus: Corpus) -> str:
    """What an act's results depend on: the act and every order amending it (metadata, which
    names each text file and its language, and the texts' sha256)."""
    parts = [_meta(act)] + [t.sha256 for t in act.texts + act.states]
    for order in sorted(corpus.orders_for(act.id), key=lambda o: str(o.id)):
        parts += [_meta(order)] + [t.sha256 for t in order.texts]
        parts += [
            _meta(corpus.get(a)) for a in order.amends_all if a != act.id
        ]  # a clause's routing reads them
    return key_of(*parts)


def history_keys(kb) -> dict[str, str]:
    """{act: ``history_key``} of a knowledge base's acts, made once per knowledge base (the site's
    reuse and act views and the store's reuse all ask for them)."""
    from normbase.reflinks import per_kb

    return per_kb(kb, "history_keys", lambda: {str(a.id): history_key(a, kb.corpus) for a in kb.corpus.acts})


def _meta(source: Source) -> bytes:
    return source.meta_file.read_bytes()
