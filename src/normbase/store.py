"""The knowledge base on disk.

reads: a built ``KnowledgeBase``, the input files (to fingerprint them), or the store
folder with its fast-load file; writes: the store folder (default ``out/kb``), atomically:
everything goes to a temporary sibling folder that replaces the old one in one rename, so a
failed or interrupted build leaves the previous store intact; and ``out/cache/kb.pickle``.

Layout::

    out/kb/manifest.json          normbase version, fingerprint of every input file, file list
    out/kb/<act>.json             one act and the orders amending it:
                                  "orders"        the orders with their entry into force
                                  "units"         every unit's versions in both languages
                                  "texts"         the parsed tree of each source text
                                                  (the act's, then its orders')
                                  "instructions"  the typed instructions of each order text
    out/kb/report.json            diagnostics, instruction problems, self-check findings

One file per act, not per source text: creating a file costs 0.15–0.6 ms of kernel time
on the benchmark machine, and 23,000 files at 1,000 acts cost more than all the encoding.
The JSON files have sorted keys and a fixed layout (``dump_json``: one line per member of
the top object and per element of its lists — a unit, a text, an order's instructions), so
that the same input gives the same bytes. They are made and written one at a time
(``exports`` is a lazy mapping), never all in memory. An act's file depends only on the act's
inputs (the act, its orders, their texts) and normbase's code: the manifest records, per act's
file, the digest of those and the file's sha256 (``made_from``), and a later save links the
previous store's file instead of making it again when the digest is the same and the file still
holds what was written.

Beside the store, ``out/cache/kb.pickle`` holds the KnowledgeBase for fast CLI look-ups,
each act pickled apart and signed with a key kept outside ``out/`` (``pack.py``,
``signing.py``: a pickle from anyone else is never unpickled): ``show``, ``history``, ``diff``
read only their act's part. ``load`` trusts it only when the store's manifest, the file's
header and the current inputs and code all have the same fingerprint. Hashing every input
file is the slow part of that check (0.6 s CPU for 40 MiB in 18,000 files), so the file also
records the inputs' stat signature (name, size, mtime, ctime, inode of each file): when it is
unchanged the inputs are the hashed ones and nothing is read; otherwise every file is hashed
as before. A file changed so recently before the save that a later change could keep its
timestamps (``RACY_SECONDS``) disables the shortcut for that build. It is a cache, not part of
the store: its bytes depend on which stage results were reused.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from normbase import __version__, outputs, signing
from normbase.outputs import staged  # noqa: F401 — the store's folder is replaced whole, as the site's

if TYPE_CHECKING:
    from normbase.pack import StoredKB

FORMAT = 2
INPUTS = ("corpus", "amendments")
RACY_SECONDS = 1.0  # a file changed this close before a save may change again unseen by its timestamps
_CODE = Path(__file__).parent


@contextmanager
def no_gc():
    """Without the cyclic garbage collector for a while. Saving or loading the knowledge base
    makes millions of objects (none of them garbage, none in a cycle); with the collector on,
    each of its full passes rescans the whole knowledge base: 2–5× the time at 100 acts,
    more the larger it is."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _walk(base: str, name: str, into: list[tuple[str, str]]) -> None:
    with os.scandir(base) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                _walk(e.path, f"{name}/{e.name}", into)
            elif e.is_file(follow_symlinks=False):  # a link is never read (sources.py refuses it)
                into.append((f"{name}/{e.name}", e.path))


def _files(root: Path, folders: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, path) of normbase's own code and of every file in ``folders``, sorted by name."""
    files = [(f"normbase:{p.relative_to(_CODE).as_posix()}", str(p)) for p in _CODE.rglob("*.py")]
    for sub in folders:
        base = os.path.join(root, sub)
        if os.path.isdir(base):
            _walk(base, sub, files)
    return sorted(files)


def _scan(root: Path, folders: tuple[str, ...], contents: bool) -> tuple[str | None, str, int]:
    """(content fingerprint or None, stat signature, newest mtime/ctime in ns) in one pass."""
    head = f"normbase {__version__} store {FORMAT}\n"
    content, stats, newest = hashlib.sha256(head.encode()), [head], 0
    for name, path in _files(root, folders):
        st = os.stat(path)
        stats.append(f"{name}\0{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}\n")
        if contents:
            newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
            content.update(name.encode() + b"\0" + _content_digest(path, st))
    return (
        (content.hexdigest() if contents else None),
        hashlib.sha256("".join(stats).encode()).hexdigest(),
        newest,
    )


_DIGESTS: dict[str, tuple[tuple, bytes]] = {}  # a file's path → its stat when read, the sha256 of its bytes


def _content_digest(path: str, st: os.stat_result) -> bytes:
    """The sha256 of the file's bytes. A build fingerprints its inputs more than once (the build's,
    the store's): a file whose size, times and inode are those it had when this process read it,
    and whose last change was ``RACY_SECONDS`` before that, is not read again."""
    now = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    known = _DIGESTS.get(path)
    if known is not None and known[0] == now:
        return known[1]
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).digest()
    if max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - int(RACY_SECONDS * 1e9):
        _DIGESTS[path] = (now, digest)  # (one entry a path: a changed file's replaces its last)
    else:
        _DIGESTS.pop(path, None)
    return digest


def fingerprint(root: Path, folders: tuple[str, ...] = INPUTS) -> str:
    """A hash of every input file (metadata and texts; with ``site`` in ``folders``, the
    site's templates too) and of normbase's own code."""
    stamp = _scan(root, folders, True)[0]
    assert stamp is not None  # contents=True
    return stamp


def stat_signature(root: Path, folders: tuple[str, ...] = INPUTS) -> str:
    """A hash of the names, sizes, times and inodes of the files ``fingerprint`` reads (reads none)."""
    return _scan(root, folders, False)[1]


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _layout(value, depth: int) -> str:
    if depth and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        return (
            "{\n"
            + ",\n".join(f"{_compact(k)}: {_layout(v, depth - 1)}" for k, v in sorted(value.items()))
            + "\n}"
        )
    if depth and isinstance(value, (list, tuple)) and value:
        return "[\n" + ",\n".join(_layout(v, depth - 1) for v in value) + "\n]"
    return _compact(value)


def dump_json(data) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, one line per member of the top object or array
    and per element of the lists in it; deeper values compact (the C encoder writes them:
    ``indent`` would force the pure-Python one, ~10× slower)."""
    return (_layout(data, 2) + "\n").encode("utf-8")


def write_atomically(target: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path → bytes) as the folder ``target``, replacing it whole."""
    with staged(target, "a normbase knowledge base", legacy=(target / "manifest.json").is_file()) as tmp:
        for rel, data in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def pickle_path(out: Path) -> Path:
    """The fast-load file of the store ``out`` (``out/kb`` → ``out/cache/kb.pickle``)."""
    return out.parent / "cache" / "kb.pickle"


def save(kb, root: Path, out: Path, exports: Mapping[str, bytes], build: str | None = None) -> None:
    """Write the store and its fast-load file; ``build`` is the fingerprint of everything the
    last full build read. ``exports`` (relative path → bytes, e.g. ``exports(kb)``) is read one
    file at a time, in sorted order."""
    from normbase import pack

    since = time.time_ns() - int(RACY_SECONDS * 1e9)
    stamp, statsig, newest = _scan(root, INPUTS, True)
    assert stamp is not None  # contents=True
    fast = pickle_path(out)
    fast.parent.mkdir(parents=True, exist_ok=True)
    tmp = fast.with_name(f".{fast.name}.{os.getpid()}.tmp")
    key = signing.key(create=True)
    try:
        with no_gc():
            if key is not None:  # without a key nothing would trust the file: none is written
                pack.write(kb, tmp, stamp, statsig if newest < since else None, key, previous=fast)
            names = []
            before = manifest(out)
            made_before = before.get("made_from", {}) if before.get("format") == FORMAT else {}
            made_from: dict[str, list[str]] = {}
            digest = getattr(exports, "digest", lambda rel: None)
            with staged(out, "a normbase knowledge base", marker=False) as folder:
                folders: set[Path] = set()  # made already
                for rel in sorted(exports):
                    path = folder / rel
                    outputs.make_parent(path, folders)
                    made = digest(rel)  # None: not an act's file, always made
                    was = made_before.get(rel)  # [digest, sha256] of the previous store's file
                    if made and was and was[0] == made and outputs.link_same(
                        out / rel, path, was[1], folders
                    ):
                        made_from[rel] = was
                    else:
                        data = exports[rel]
                        path.write_bytes(data)
                        if made:
                            made_from[rel] = [made, hashlib.sha256(data).hexdigest()]
                    names.append(rel)
                meta = {
                    "normbase": __version__,
                    "format": FORMAT,
                    "fingerprint": stamp,
                    "build": build,
                    "files": names,
                    "made_from": made_from,  # an act's file: the digest of its inputs, its sha256
                }
                (folder / "manifest.json").write_bytes(dump_json(meta))
        if key is not None:
            outputs.checkpoint("pickle:mid")
            tmp.replace(fast)
    finally:
        tmp.unlink(missing_ok=True)


def load(root: Path, out: Path, rebuild=None) -> StoredKB | None:
    """The stored knowledge base when it was built from exactly the current inputs and code,
    else None. It is a ``pack.StoredKB``: each act is read from the fast-load file when it is
    first asked for; should that part prove damaged, ``rebuild()`` (default: a build from the
    sources) answers instead. Nothing of a stale or damaged store is ever returned."""
    from normbase import pack

    meta = manifest(out)
    if meta.get("format") != FORMAT or not isinstance(meta.get("fingerprint"), str):
        return None
    packed = pack.open_pack(pickle_path(out))
    if packed is None or packed.stamp != meta["fingerprint"]:
        return None
    try:
        if packed.statsig is None or packed.statsig != stat_signature(root):
            if fingerprint(root) != packed.stamp:
                return None
    except OSError:
        return None
    return pack.StoredKB(packed, rebuild or (lambda: _build(root)))


def _build(root: Path):
    from normbase import pipeline

    return pipeline.build(root)


def group_of(source, acts: set[str]) -> str:
    """The act a source belongs to in the store and the fast-load file: an act's own id, an
    order's the act it amends."""
    amends = getattr(source, "amends", None)
    return str(amends) if amends is not None and str(amends) in acts else str(source.id)


class Exports(Mapping):
    """The JSON files of the store (see the module docstring): relative path → bytes, each
    file made when it is read, so that writing them holds one at a time in memory."""

    def __init__(self, kb):
        self._kb = kb
        with no_gc():
            acts = {str(s.id) for s in kb.corpus.acts}
            owner = {str(s.id): group_of(s, acts) for s in kb.corpus.all()}
            self._groups: dict[str, tuple[list, list, list]] = {}
            for h in kb.histories:
                self._members(owner, h.act)[0].append(h)
            for t in kb.texts:
                self._members(owner, t.key[0])[1].append(t)
            for oi in kb.instructions:
                self._members(owner, oi.order)[2].append(oi)
            self._files = {f"{name}.json": name for name in self._groups}
            self._files["report.json"] = None

    def _members(self, owner: dict[str, str], source: str) -> tuple[list, list, list]:
        return self._groups.setdefault(owner.get(source, source), ([], [], []))

    def digest(self, rel: str) -> str | None:
        """What an act's file is made from (its inputs and normbase's code: the act's file of the
        previous store with the same digest holds the same bytes); None for any other file."""
        from normbase.cache import key_of
        from normbase.pipeline import history_keys

        inputs = history_keys(self._kb).get(self._files.get(rel) or "")
        return key_of("store-act", inputs) if inputs else None

    def __getitem__(self, rel: str) -> bytes:
        name = self._files[rel]
        if name is None:
            return dump_json(_report_json(self._kb))
        histories, texts, instructions = self._groups[name]
        return dump_json(_act_json(name, histories[0] if histories else None, texts, instructions))

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def exports(kb) -> Exports:
    """The JSON files of the store, made on demand (see ``Exports``)."""
    return Exports(kb)


def _act_json(name: str, h, texts, instructions) -> dict:
    from normbase.clauses import instructions_to_json
    from normbase.query import history
    from normbase.tree import to_json

    return {
        "act": name,
        "orders": [
            {
                "order": e.id,
                "entry_into_force": str(e.window),
                "reason": e.window.reason,
                "langs": list(e.langs),
            }
            for e in (h.orders if h else ())
        ],
        "units": [
            {"address": t.address, "lang": t.lang, "versions": history(t)} for t in (h.timelines if h else ())
        ],
        "texts": [{"source": t.key[0], "lang": t.lang, "tree": to_json(t.parsed.tree)} for t in texts],
        "instructions": [
            {"order": oi.order, "lang": oi.lang, **instructions_to_json(oi.instructions, oi.problems)}
            for oi in instructions
        ],
    }


def _report_json(kb) -> dict:
    return {
        "diagnostics": [str(d) for d in kb.diagnostics],
        "instruction_problems": [str(p) for p in kb.problems],
        "findings": [str(f) for f in kb.findings],
    }


def manifest(out: Path) -> dict:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def clean_stale(out: Path) -> None:
    """Remove what killed builds left in ``out`` (see ``outputs.clean_stale``)."""
    outputs.clean_stale(out)
