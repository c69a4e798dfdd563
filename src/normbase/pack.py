"""The knowledge base's fast-load file: each act pickled apart, read back one act at a time.

reads: a built ``KnowledgeBase`` (``write``), or the file ``out/cache/kb.pickle`` (``open_pack``
and ``StoredKB``); writes: the file given to ``write`` (the caller renames it into place).

Layout of the file::

    header   one line, padded to HEADER bytes: format, the store's fingerprint, the stat
             signature of the inputs when it was taken (or -), offset, length and signature of the index
    groups   one pickle per act: the act and the orders amending it (``Source``), their texts
             (``SourceText``), the orders' instructions and the act's ``ActHistory``
    index    a pickle: every source id in corpus order, the group each belongs to with its
             offset, length and signature, and the order of the texts, instructions and histories

Everything ``show``, ``history``, ``diff`` and ``align`` need for one act is in that act's
group, so a look-up unpickles one group (a few hundred KiB at most), not the whole knowledge
base. The index and each group are checked against their signature — an HMAC-SHA256 under
the key ``signing.py`` keeps outside ``out/`` — before they are unpickled: a damaged file, or
one written without the key (a received or crafted ``out/``: unpickling runs code), is never
trusted (``StoredKB`` then rebuilds from the sources). The file is a cache, not part of the
store: its bytes depend on which stage results a build reused.
"""

from __future__ import annotations

import pickle
from contextlib import nullcontext
from pathlib import Path

from normbase import signing
from normbase.pipeline import ActHistory, KnowledgeBase, OrderInstructions, SourceText
from normbase.sources import Corpus, Source
from normbase.store import group_of, no_gc as _no_gc

MAGIC = b"normbase-kb-pack"
FORMAT = 2  # 2: HMAC signatures (1: sha256)
HEADER = 320  # bytes: the header line, space-padded, ending in a newline
_PROTOCOL = 5


class Damaged(Exception):
    """The file is not what its header and index say: never trusted."""


def write(kb, path: Path, stamp: str, statsig: str | None, key: bytes, previous: Path | None = None) -> None:
    """Write ``kb`` into ``path`` group by group, each signed with ``key``: one group's pickle
    in memory at a time. An act's group made from the same inputs (``_made_from``) as in the
    ``previous`` file, intact and signed with ``key``, is copied from there, not pickled again."""
    acts = {str(s.id) for s in kb.corpus.acts}
    owner = {str(s.id): group_of(s, acts) for s in kb.corpus.all()}
    members: dict[str, tuple[list, list, list, list, list]] = {}

    def group(source_id: str):
        return members.setdefault(owner.get(source_id, source_id), ([], [], [], [], []))

    for s in kb.corpus.acts:
        group(str(s.id))[0].append(s)
    for s in kb.corpus.orders:
        group(str(s.id))[1].append(s)
    for t in kb.texts:
        group(t.key[0])[2].append(t)
    for oi in kb.instructions:
        group(oi.order)[3].append(oi)
    for h in kb.histories:
        group(h.act)[4].append(h)
    index = {
        "ids": kb.corpus.ids,
        "owner": owner,
        "acts": [str(s.id) for s in kb.corpus.acts],
        "orders": [str(s.id) for s in kb.corpus.orders],
        "texts": [t.key for t in kb.texts],
        "instructions": [(oi.order, oi.lang) for oi in kb.instructions],
        "histories": [h.act for h in kb.histories],
        "groups": {},
        "made_from": {},
    }
    made_from = _made_from(kb)
    before = open_pack(previous, key) if previous is not None else None
    with open(path, "wb") as f, open(previous, "rb") if before and previous else nullcontext() as old:
        f.write(b" " * HEADER)
        for name, parts in members.items():
            data, digest = _same_group(before, old, name, made_from.get(name)) if before else (None, "")
            if data is None:
                data = pickle.dumps(tuple(tuple(p) for p in parts), protocol=_PROTOCOL)
                digest = signing.sign(data, key)
            index["groups"][name] = (f.tell(), len(data), digest)
            if name in made_from:
                index["made_from"][name] = made_from[name]
            f.write(data)
        data = pickle.dumps(index, protocol=_PROTOCOL)
        at = f.tell()
        f.write(data)
        head = b" ".join(
            [
                MAGIC,
                str(FORMAT).encode(),
                stamp.encode(),
                (statsig or "-").encode(),
                str(at).encode(),
                str(len(data)).encode(),
                signing.sign(data, key).encode(),
            ]
        )
        assert len(head) < HEADER
        f.seek(0)
        f.write(head.ljust(HEADER - 1) + b"\n")


def _made_from(kb) -> dict[str, str]:
    """act → what its group is made from: its inputs (``pipeline.history_key``), where the
    project lies (a group holds the sources' paths) and normbase's code (``cache.key_of``)."""
    from normbase.cache import key_of
    from normbase.pipeline import history_keys

    keys = history_keys(kb)
    return {str(a.id): key_of("pack-group", keys[str(a.id)], str(a.meta_file)) for a in kb.corpus.acts}


def _same_group(before: Pack, old, name: str, made: str | None) -> tuple[bytes | None, str]:
    """The previous file's bytes and signature of group ``name`` when made from ``made`` and
    intact; else (None, "")."""
    if made is None or before.index.get("made_from", {}).get(name) != made:
        return None, ""
    at, size, digest = before.index["groups"][name]
    old.seek(at)
    data = old.read(size)
    if len(data) != size or not signing.valid(data, digest, before.key):
        return None, ""
    return data, digest


class Pack:
    """An opened fast-load file whose header and index are intact."""

    def __init__(self, path: Path, stamp: str, statsig: str | None, index: dict, key: bytes):
        self.path, self.stamp, self.statsig, self.index, self.key = path, stamp, statsig, index, key
        self.ids = tuple(index["ids"])
        self.owner: dict[str, str] = index["owner"]

    def read(self, name: str, f=None) -> KnowledgeBase:
        """One group as a small KnowledgeBase of its act and orders; ``Damaged`` if it is not intact."""
        try:
            at, size, digest = self.index["groups"][name]
            if f is None:
                with open(self.path, "rb") as g:
                    g.seek(at)
                    data = g.read(size)
            else:
                f.seek(at)
                data = f.read(size)
            if len(data) != size or not signing.valid(data, digest, self.key):
                raise Damaged(f"{self.path}: group {name} is damaged")
            with _no_gc():
                acts, orders, texts, instructions, histories = pickle.loads(data)
                return KnowledgeBase(Corpus(acts, orders), texts, instructions, histories)
        except Damaged:
            raise
        except Exception as e:  # noqa: BLE001 — anything unexpected in a cache means: do not trust it
            raise Damaged(f"{self.path}: group {name}: {e!r}") from None


def open_pack(path: Path, key: bytes | None = None) -> Pack | None:
    """The file's header and index when both are intact and signed with ``key`` (default: this
    user's, ``signing.key``), else None (missing, older format, damaged, or not signed by us)."""
    key = key or signing.key()
    if key is None:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER)
            fields = head.split()
            if (
                len(head) != HEADER
                or not head.endswith(b"\n")
                or len(fields) != 7
                or fields[0] != MAGIC
                or fields[1] != str(FORMAT).encode()
            ):
                return None
            stamp, statsig, at, size, digest = (x.decode("ascii") for x in fields[2:])
            f.seek(int(at))
            data = f.read(int(size))
        if len(data) != int(size) or not signing.valid(data, digest, key):
            return None
        with _no_gc():
            index = pickle.loads(data)
        return Pack(path, stamp, None if statsig == "-" else statsig, index, key)
    except Exception:  # noqa: BLE001 — a damaged cache is ignored, never trusted
        return None


_EMPTY = KnowledgeBase(Corpus((), ()), ())


class StoredKB:
    """A ``KnowledgeBase`` read from a fast-load file on demand.

    ``history``, ``text``, ``texts_of``, ``instructions_of`` and ``corpus.ids`` / ``corpus.get``
    / ``corpus.orders_for`` read only the group of the act they ask about; everything else
    (``texts``, ``histories``, ``corpus.acts`` …) assembles the whole knowledge base, equal to
    the one that was saved (equal values in the same order). A damaged group makes it call
    ``rebuild`` (a build from the sources) and answer from that from then on.
    """

    def __init__(self, pack: Pack, rebuild):
        self._pack = pack
        self._rebuild = rebuild
        self._groups: dict[str, KnowledgeBase] = {}
        self._kb: KnowledgeBase | None = None
        self.corpus = _CorpusView(self)

    @property
    def loaded(self) -> tuple[str, ...]:
        """The groups read so far (for tests and measurements)."""
        return tuple(self._groups)

    def part(self, source: str) -> KnowledgeBase:
        """The whole knowledge base once assembled, else the group that holds ``source``."""
        if self._kb is not None:
            return self._kb
        name = self._pack.owner.get(source)
        if name is None:
            return _EMPTY
        if name not in self._groups:
            try:
                self._groups[name] = self._pack.read(name)
            except Damaged:
                self._kb = self._rebuild()
                return self._kb
        return self._groups[name]

    def whole(self) -> KnowledgeBase:
        if self._kb is None:
            try:
                self._kb = self._assemble()
            except Damaged:
                self._kb = self._rebuild()
        return self._kb

    def _assemble(self) -> KnowledgeBase:
        idx = self._pack.index
        sources: dict[str, Source] = {}
        texts: dict[tuple, SourceText] = {}
        instructions: dict[tuple, OrderInstructions] = {}
        histories: dict[str, ActHistory] = {}
        with _no_gc(), open(self._pack.path, "rb") as f:
            for name in idx["groups"]:
                g = self._groups.get(name) or self._pack.read(name, f)
                sources.update((str(s.id), s) for s in g.corpus.all())
                texts.update((t.key, t) for t in g.texts)
                instructions.update(((oi.order, oi.lang), oi) for oi in g.instructions)
                histories.update((h.act, h) for h in g.histories)
            try:
                return KnowledgeBase(
                    Corpus(tuple(sources[a] for a in idx["acts"]), tuple(sources[o] for o in idx["orders"])),
                    tuple(texts[tuple(k)] for k in idx["texts"]),
                    tuple(instructions[tuple(k)] for k in idx["instructions"]),
                    tuple(histories[a] for a in idx["histories"]),
                )
            except KeyError as e:
                raise Damaged(f"{self._pack.path}: {e!r} is missing") from None

    def history(self, act: str):
        return self.part(act).history(act)

    def texts_of(self, source: str):
        return self.part(source).texts_of(source)

    def text(self, act: str, lang: str):
        return self.part(act).text(act, lang)

    def instructions_of(self, order: str):
        return self.part(order).instructions_of(order)

    def __getattr__(self, name: str):
        # texts, instructions, histories, diagnostics, problems, findings …: the whole knowledge base
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.whole(), name)


class _CorpusView:
    """``kb.corpus`` of a ``StoredKB``: ids from the index, one source from its group, the rest whole."""

    def __init__(self, kb: StoredKB):
        self._kb = kb

    @property
    def ids(self):
        return self._kb._kb.corpus.ids if self._kb._kb is not None else self._kb._pack.ids  # noqa: SLF001

    def get(self, act):
        return self._kb.part(str(act)).corpus.get(act)

    def orders_for(self, act):
        return self._kb.part(str(act)).corpus.orders_for(act)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._kb.whole().corpus, name)
