"""The build manifest: what the last complete build read and wrote, written last.

reads: the output folder (``kb/``, ``index/``, ``index.stamp``, ``site/``) to fingerprint it,
and ``<out>/build.json``; writes: ``<out>/build.json`` (atomically, after every other output).

``build.json`` holds normbase's version, the fingerprint of the inputs (``corpus/``,
``amendments/``, ``site/`` and normbase's own code: ``store.fingerprint``) and one fingerprint
per output — the sha256 of its files' names and bytes. A build compares them with what is on
disk: an output whose fingerprint differs (a build killed at any moment, a deleted file, a
hand-edited page) is stale and written again, and so is every output when the inputs changed.
A build killed before the manifest is written leaves the previous manifest, whose inputs or
outputs no longer match: the next build redoes what is missing. The manifest holds no times
or paths: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from normbase import __version__
from normbase.outputs import checkpoint, write_file

NAME = "build.json"
OUTPUTS = ("kb", "index", "site")  # index.stamp goes with the index


def _digest(paths: list[tuple[str, Path]], known: Mapping[str, str] | None = None) -> str:
    h = hashlib.sha256()
    for rel, path in paths:
        if known is not None and rel in known:
            file = bytes.fromhex(known[rel])
        else:
            with open(path, "rb") as f:
                file = hashlib.file_digest(f, "sha256").digest()
        h.update(rel.encode() + b"\0" + file)
    return h.hexdigest()


def _tree(folder: Path) -> list[tuple[str, Path]]:
    found = []
    for base, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(base) / name
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def fingerprint(out: Path, name: str, known: Mapping[str, str] | None = None) -> str | None:
    """The fingerprint of one output as it is on disk; None when it is missing or unreadable.
    ``known``: the sha256 (hex) of files just written, by path in the output, not read again (a
    wrong one can only make the next build find the output stale and write it again)."""
    folder = out / name
    if not folder.is_dir():
        return None
    paths = _tree(folder)
    if name == "index":
        if not (out / "index.stamp").is_file():
            return None
        paths.append(("../index.stamp", out / "index.stamp"))
    try:
        return _digest(paths, known)
    except OSError:
        return None


def read(out: Path) -> dict:
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stale(out: Path, inputs: str) -> set[str]:
    """The outputs to write again: all of them when the inputs (or normbase) changed since the
    last complete build, else those whose files differ from what that build wrote."""
    meta = read(out) or {}
    recorded: dict = meta["outputs"] if isinstance(meta.get("outputs"), dict) else {}
    if meta.get("normbase") != __version__ or meta.get("inputs") != inputs:
        return set(OUTPUTS)
    return {
        name for name in OUTPUTS if recorded.get(name) is None or recorded[name] != fingerprint(out, name)
    }


def write(out: Path, inputs: str, known: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """Record ``inputs`` and the fingerprint of every output as written: the last step of a build.
    ``known``: output → the sha256 of the files this build wrote there (see ``fingerprint``)."""
    outputs = {name: fingerprint(out, name, (known or {}).get(name)) for name in OUTPUTS}
    data = {"normbase": __version__, "inputs": inputs, "outputs": outputs}
    checkpoint("manifest:before")
    write_file(out / NAME, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    checkpoint("manifest:after")
