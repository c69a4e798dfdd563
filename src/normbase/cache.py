"""A content-addressed cache of stage results, for incremental builds.

reads/writes: ``out/cache/<stage>/<key>.pickle`` (``pipeline.build`` keeps one entry per act
in ``act/``: the texts of the act and of its orders, their instructions, its timelines). A key
is the sha256 of everything the result depends on: the input bytes or metadata, the results it
was computed from, and normbase's own code (any change to the code invalidates every entry).
A damaged entry is recomputed, never trusted; so is one not signed with this user's key
(``signing.py``: an entry is ``MAGIC``, the HMAC-SHA256 of its pickle, then the pickle — a
pickle from anyone else could run code when loaded). Entries are written atomically (temp file
+ rename, the name unique per process, so the processes of one build share the folder);
entries no build used for a while may be deleted by hand at any time. Without a key (none can
be made) nothing is stored or read.

``shared`` objects (the corpus's sources) are pickled as references by key and resolved on
load to the objects of the current build, never stored again in every entry: ``dump`` /
``load`` do this for the cache and for ``parallel.py``. An entry naming a key the current
build does not have is treated as damaged.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
from collections.abc import Mapping
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import IO, TypeVar
from collections.abc import Callable

from normbase import signing
from normbase.outputs import checkpoint

T = TypeVar("T")
MAGIC = b"normbase-cache-1\n"


@lru_cache(maxsize=1)
def code_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def key_of(*parts: object) -> str:
    h = hashlib.sha256(code_hash().encode())
    for part in parts:
        h.update(b"\0" + (part if isinstance(part, bytes) else repr(part).encode()))
    return h.hexdigest()[:32]


class Cache:
    def __init__(self, folder: Path | None, shared: Mapping[str, object] | None = None):
        self.folder = folder
        self.shared = shared if isinstance(shared, Shared) else Shared(shared or {})
        self.hits = 0
        self.misses = 0
        self.key = signing.key(create=True) if folder is not None else None
        if self.key is None:
            self.folder = None  # unsigned entries would be trusted by no one: no cache at all

    def get(self, stage: str, key: str | Callable[[], str], compute: Callable[[], T]) -> T:
        """The stored result for ``key`` (a callable: computed only when there is a folder),
        else ``compute()``, stored."""
        if self.folder is None:
            return compute()
        key = key() if callable(key) else key
        value = self.load(stage, key)
        if value is not None:
            self.hits += 1
            return value
        value = compute()
        self.misses += 1
        self.put(stage, key, value)
        return value

    def load(self, stage: str, key: str):
        """The stored result for ``key``; None when there is none, or a damaged one (never trusted)."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / stage / f"{key}.pickle").read_bytes()
        except OSError:
            return None
        head = len(MAGIC) + 64
        if data[: len(MAGIC)] != MAGIC or not signing.valid(
            data[head:], data[len(MAGIC) : head].decode("ascii", "replace"), self.key
        ):
            return None  # damaged, or not signed by us: never unpickled
        try:
            return load(BytesIO(data[head:]), self.shared)
        except Exception:  # noqa: BLE001 — a damaged entry (or naming a source this build has not): recomputed
            return None

    def put(self, stage: str, key: str, value: object) -> None:
        """Store ``value`` for ``key``, atomically."""
        if self.folder is None:
            return
        path = self.folder / stage / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        buffer = BytesIO()
        dump(value, buffer, self.shared)
        data = buffer.getvalue()
        with tmp.open("wb") as f:
            assert self.key is not None  # a cache with a folder has its key
            f.write(MAGIC + signing.sign(data, self.key).encode() + data)
        checkpoint("cache:mid")
        tmp.replace(path)


# -- pickles with shared objects by reference -------------------------------------------


def _shared_ref(key: str) -> object:
    """What a reference to a shared object unpickles to without ``load``: an error."""
    raise pickle.UnpicklingError(
        f"a reference to the shared object {key!r}: read it with normbase.cache.load"
    )


class Shared(dict):
    """Objects pickled as references to their key (``dump``), resolved by ``load``: a mapping
    key → object that keeps what ``dump`` needs, made once for many pickles."""

    def __init__(self, objects: Mapping[str, object] = ()):  # type: ignore[assignment]
        super().__init__(objects)
        keys = {id(obj): key for key, obj in self.items()}

        def reduce(obj: object):
            key = keys.get(id(obj))
            return (_shared_ref, (key,)) if key is not None else obj.__reduce_ex__(5)

        self.dispatch_table = {**copyreg.dispatch_table, **{type(obj): reduce for obj in self.values()}}


def dump(value: object, file: IO[bytes], shared: Mapping[str, object]) -> None:
    """Pickle ``value`` to ``file``; the objects of ``shared`` go as references to their key."""
    pickler = pickle.Pickler(file, protocol=5)
    pickler.dispatch_table = (shared if isinstance(shared, Shared) else Shared(shared)).dispatch_table
    pickler.dump(value)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], shared: Mapping[str, object]):
        super().__init__(file)
        self.shared = shared

    def find_class(self, module: str, name: str):
        if module == __name__ and name == "_shared_ref":
            return self.shared.__getitem__  # KeyError: a source this build does not have
        return super().find_class(module, name)


def load(file: IO[bytes], shared: Mapping[str, object]):
    """Unpickle what ``dump`` wrote, references resolved to the objects of ``shared``."""
    return _Unpickler(file, shared).load()
