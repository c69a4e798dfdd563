"""A content-addressed cache of stage results, for incremental builds.

reads/writes: ``out/cache/<stage>/<key>.pickle``. A key is the sha256 of everything the
result depends on: the input bytes or metadata, the results it was computed from, and
normbase's own code (any change to the code invalidates every entry). A damaged entry is
recomputed, never trusted. Entries are written atomically (temp file + rename); entries no
build used for a while may be deleted by hand at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


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
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def get(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        if self.folder is None:
            return compute()
        path = self.folder / stage / f"{key}.pickle"
        if path.is_file():
            try:
                value = pickle.loads(path.read_bytes())
                self.hits += 1
                return value
            except Exception:  # noqa: BLE001 — a damaged entry is recomputed
                pass
        value = compute()
        self.misses += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=5))
        tmp.replace(path)
        return value
