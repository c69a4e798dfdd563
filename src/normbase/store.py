"""The knowledge base on disk.

reads: a built ``KnowledgeBase``, or the store folder; writes: the store folder
(default ``out/kb``), atomically: everything goes to a temporary sibling folder that
replaces the old one in one rename, so a failed or interrupted build leaves the previous
store intact.

Layout::

    out/kb/manifest.json          normbase version, fingerprint of every input file, file list
    out/kb/<act>/tree-<lang>.json the parsed tree of each source text
    out/kb/<act>/instructions-<lang>.json   (amending orders)
    out/kb/<act>/timelines.json   every unit's versions in both languages (acts)
    out/kb/report.json            diagnostics, instruction problems, self-check findings

The JSON files are sorted and indented so that the same input gives the same bytes.

Beside the store, ``out/cache/kb.pickle`` holds the whole KnowledgeBase for fast CLI
look-ups (``show``, ``history``, ``diff`` read it when its fingerprint matches the inputs).
It is a cache, not part of the store: its bytes depend on which stage results were reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from contextlib import contextmanager
from pathlib import Path

from normbase import __version__

FORMAT = 1


def fingerprint(root: Path, folders: tuple[str, ...] = ("corpus", "amendments")) -> str:
    """A hash of every input file (metadata and texts; with ``site`` in ``folders``, the
    site's templates too) and of normbase's own code."""
    h = hashlib.sha256(f"normbase {__version__} store {FORMAT}\n".encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):  # the code is an input too
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for sub in folders:
        base = root / sub
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def dump_json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_atomically(target: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path → bytes) as the folder ``target``, replacing it whole."""
    with staged(target) as tmp:
        for rel, data in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


@contextmanager
def staged(target: Path):
    """A temporary sibling folder to fill; on success it replaces ``target`` whole (two
    renames), on any error or interruption it is removed and ``target`` stays as it was."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        yield tmp
        if target.exists():
            target.rename(old)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}.tmp-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)


def pickle_path(out: Path) -> Path:
    return out.parent / "cache" / "kb.pickle"


def save(kb, root: Path, out: Path, exports: dict[str, bytes], build: str | None = None) -> None:
    """Write the store; ``build`` is the fingerprint of everything the last full build read."""
    stamp = fingerprint(root)
    manifest = {"normbase": __version__, "format": FORMAT, "fingerprint": stamp, "build": build, "files": sorted(exports)}
    files = dict(exports)
    files["manifest.json"] = dump_json(manifest)
    fast = pickle_path(out)
    fast.parent.mkdir(parents=True, exist_ok=True)
    tmp = fast.with_name(f".{fast.name}.{os.getpid()}.tmp")
    tmp.write_bytes(stamp.encode() + b"\n" + pickle.dumps(kb, protocol=5))
    write_atomically(out, files)
    tmp.replace(fast)


def load(root: Path, out: Path):
    """The stored knowledge base when it was built from exactly the current inputs, else None."""
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        stamp = fingerprint(root)
        if meta.get("fingerprint") != stamp or meta.get("format") != FORMAT:
            return None
        head, _, body = pickle_path(out).read_bytes().partition(b"\n")
        if head.decode() != stamp:
            return None
        return pickle.loads(body)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, UnicodeDecodeError):
        return None  # a damaged store is rebuilt from the sources, never trusted


def exports(kb) -> dict[str, bytes]:
    """The JSON files of the store (see the module docstring)."""
    from normbase.query import history
    from normbase.tree import to_json
    from normbase.instructions import instructions_to_json

    files: dict[str, bytes] = {}
    for t in kb.texts:
        files[f"{t.key[0]}/tree-{t.lang}.json"] = dump_json(to_json(t.parsed.tree))
    for oi in kb.instructions:
        files[f"{oi.order}/instructions-{oi.lang}.json"] = dump_json(instructions_to_json(oi.instructions, oi.problems))
    for h in kb.histories:
        files[f"{h.act}/timelines.json"] = dump_json({
            "act": h.act,
            "orders": [{"order": e.id, "entry_into_force": str(e.window), "reason": e.window.reason, "langs": list(e.langs)} for e in h.orders],
            "units": [{"address": t.address, "lang": t.lang, "versions": history(t)} for t in h.timelines],
        })
    files["report.json"] = dump_json({
        "diagnostics": [str(d) for d in kb.diagnostics],
        "instruction_problems": [str(p) for p in kb.problems],
        "findings": [str(f) for f in kb.findings],
    })
    return files


def manifest(out: Path) -> dict:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> None:
    """Remove what killed builds left in ``out``: temporary and replaced store, site and index
    folders — except a replaced folder whose successor never arrived, which is put back."""
    if not out.is_dir():
        return
    for pattern in (".kb.tmp-*", ".kb.old-*", ".site.tmp-*", ".site.old-*", ".index.*"):
        for path in out.glob(pattern):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue   # another build's, still running
            name = path.name[1:].split(".", 1)[0]           # ".kb.old-123" → "kb"
            if ".old-" in path.name and not (out / name).exists():
                path.rename(out / name)   # killed between its two renames: the previous output comes back
                continue
            shutil.rmtree(path, ignore_errors=True)
