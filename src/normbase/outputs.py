"""Output folders: which folders normbase may write, replace and clean, and one build at a time.

reads: the output folder's marker files and listings, the lock file; writes: the marker
``.normbase-output`` of an output folder, the lock file ``.lock`` in it, and the folders it
replaces whole (``staged``), each with its own marker listing the files normbase wrote there.

The rules (README, "Output folders"):

* normbase writes only into folders it made: each carries the marker file. An output folder
  that exists, is not empty and has no marker is refused, and so are the project root, its
  ``corpus/``, ``amendments/`` and ``site/``, anything inside them or above them, and ``$HOME``
  (and above it): ``claim``.
* A folder normbase replaces whole (``kb/``, ``index/``, ``site/`` or a site given with
  ``site --out``) lists in its marker every file written into it. A file there that the list
  does not name — the user's — stops the build before anything is written, and it is never
  deleted: a replaced folder is removed file by file, by its list (``discard``).
* Temporary folders are named after the process writing them (``.site.tmp-<pid>``,
  ``.site.old-<pid>``); only those of processes no longer running are cleaned (``clean_stale``).
* One build at a time: an exclusive ``fcntl.flock`` on ``<out>/.lock`` (``build_lock``); a
  second build waits, with a message, or with ``--no-wait`` ends with one line.
* A replaced folder is discarded while the build goes on: inside ``discards_aside()`` (the
  build's whole run) each is removed by a forked child, and the context waits for them all.
* ``checkpoint(name)``: with ``NORMBASE_KILL_AT=name`` in the environment the process kills
  itself there (SIGKILL) — the tests of a build interrupted at every stage use it.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import signal
from contextlib import contextmanager
from pathlib import Path

from normbase.errors import NormbaseError

MARKER = ".normbase-output"
LOCK = ".lock"
TOP_MARKER = b"normbase output folder: normbase writes here and replaces kb/, index/ and site/ whole\n"
INPUT_FOLDERS = ("corpus", "amendments", "site")
OWN = ("kb", "index", "site", "cache")  # what normbase makes inside an output folder


class OutputError(NormbaseError):
    """An output folder normbase must not write into, or cannot yet (another build holds it)."""


def checkpoint(name: str) -> None:
    """Kill this process here when the environment asks for it (tests of interrupted builds)."""
    if os.environ.get("NORMBASE_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def refusal(target: Path, root: Path) -> str | None:
    """Why ``target`` may not be an output folder of the project ``root`` (None: it may)."""
    t, r = target.resolve(), root.resolve()
    if _inside(r, t):
        return "it is the project folder or a folder above it"
    for name in INPUT_FOLDERS:
        if _inside(t, r / name):
            return f"it is the project's {name}/ folder or inside it"
    home = os.environ.get("HOME")
    if home and _inside(Path(home).resolve(), t):
        return "it is your home folder or a folder above it"
    return None


def _legacy(folder: Path) -> bool:
    """An output folder of a normbase from before the markers: only normbase's own names in it,
    and the store's manifest says normbase wrote it."""
    try:
        names = [p.name for p in folder.iterdir()]
        meta = json.loads((folder / "kb" / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    own = set(OWN) | {"index.stamp", MARKER, LOCK, "build.json", "references.json"}
    return isinstance(meta, dict) and "normbase" in meta and all(n in own or n.startswith(".") for n in names)


def claim(out: Path, root: Path) -> Path:
    """Make sure ``out`` is an output folder normbase may write into (made, with its marker,
    when it does not exist); ``OutputError`` naming the folder and the reason otherwise."""
    why = refusal(out, root)
    if why is None and out.exists() and not out.is_dir():
        why = "it is not a folder"
    if (
        why is None
        and out.is_dir()
        and not (out / MARKER).is_file()
        and any(out.iterdir())
        and not _legacy(out)
    ):
        why = (
            f"it is not empty and normbase did not make it (no {MARKER} file in it); "
            "give a new or empty folder"
        )
    if why:
        raise OutputError(f"refusing to write into {out}: {why}")
    out.mkdir(parents=True, exist_ok=True)
    if not (out / MARKER).is_file():
        (out / MARKER).write_bytes(TOP_MARKER)
    return out


# -- folders replaced whole --------------------------------------------------------------


def _files(folder: Path) -> list[str]:
    """Every file (and symbolic link) under ``folder``, relative, sorted; links are not followed."""
    found = []
    for base, dirs, names in os.walk(folder):
        rel = os.path.relpath(base, folder)
        for name in names + [d for d in dirs if os.path.islink(os.path.join(base, d))]:
            found.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return sorted(found)


def listing(folder: Path) -> list[str] | None:
    """The files the marker of a replaced folder says normbase wrote there (for the store,
    whose ``manifest.json`` lists its files, that list); None without one."""
    for name, extra in ((MARKER, []), ("manifest.json", ["manifest.json"])):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
            files = data["files"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(files, list):
            return [f for f in files if isinstance(f, str)] + extra
    return None


def foreign(folder: Path, legacy: bool = False) -> list[str]:
    """The files in ``folder`` normbase did not write there (by its marker's list). A folder
    without a marker is wholly foreign, unless ``legacy`` (made by normbase before markers)."""
    if not folder.exists():
        return []
    if not folder.is_dir() or folder.is_symlink():
        return [folder.name]
    listed = listing(folder)
    present = _files(folder)
    if listed is None:
        return [] if legacy or not present else present
    allowed = set(listed) | {MARKER}
    return [f for f in present if f not in allowed]


def made_before_markers(folder: Path) -> bool:
    """A store, index or site folder written by a normbase from before the markers: its own
    description file is there (the store's manifest, the index's, the site's search index or
    search manifest)."""
    try:
        meta = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if isinstance(meta, dict) and "normbase" in meta:
            return True
    except (OSError, ValueError):
        pass
    static = folder / "static"
    return (folder / "normbase-search.json").is_file() or any(  # the site search, old and new
        (static / name).is_file() for name in ("search-index.js", "search/manifest.js")
    )


def refuse_foreign(out: Path, names: tuple[str, ...] = ("kb", "index", "site")) -> None:
    """Before a build writes anything: ``OutputError`` when one of the folders it replaces holds
    a file normbase did not write."""
    for name in names:
        others = foreign(out / name, legacy=made_before_markers(out / name))
        if others:
            raise OutputError(
                f"refusing to replace {out / name}: {out / name / others[0]} was not written by "
                f"normbase ({len(others)} such files); move them out of it"
            )


def discard(folder: Path) -> bool:
    """Remove a replaced folder file by file, only what its marker lists (a folder without a
    marker, from before them, whole); what else is there stays. True when it is gone."""
    listed = listing(folder)
    if listed is None:
        shutil.rmtree(folder, ignore_errors=True)
        return not folder.exists()
    top = str(folder)
    for rel in [*listed, MARKER]:
        if rel.startswith("/") or ".." in rel.split("/"):
            continue  # (a marker edited by hand names nothing outside the folder)
        path = os.path.join(top, rel)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode) or stat.S_ISLNK(mode):  # a file or a link, never what a link points to
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    for base, _dirs, _names in sorted(os.walk(folder), key=lambda w: -len(w[0])):
        try:
            os.rmdir(base)
        except OSError:
            pass
    return not folder.exists()


def pid_of(name: str) -> int | None:
    """The process id a temporary name ends in (``.kb.tmp-123``, ``.kb.pickle.123``), or None."""
    m = re.search(r"[-.](\d+)$", name)
    return int(m.group(1)) if m else None


def alive(pid: int | None) -> bool:
    if pid is None or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead(parent: Path, name: str) -> None:
    """Remove ``.<name>.tmp-*`` and ``.<name>.old-*`` left in ``parent`` by processes no longer
    running (whole: only normbase names a folder so, and it checked for foreign files before
    it moved one there); a replaced folder whose successor never arrived is put back instead."""
    for kind in ("old", "tmp"):
        for path in sorted(parent.glob(f".{name}.{kind}-*")):
            if alive(pid_of(path.name)):
                continue  # another process's, still running
            if kind == "old" and not (parent / name).exists():
                path.rename(parent / name)  # killed between its two renames: the previous output comes back
            else:
                shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged(target: Path, what: str = "a normbase output", legacy: bool = False, marker: bool = True):
    """A temporary sibling folder ``.<name>.tmp-<pid>`` to fill; on success it gets a marker
    listing its files and replaces ``target`` whole (two renames), on any error or
    interruption it is removed and ``target`` stays as it was. ``target`` must be absent,
    empty, or a folder normbase wrote (``legacy``: accepted without a marker) holding no
    file normbase did not write — else ``OutputError`` before anything is written. ``marker``
    false: the caller writes the list itself (the store's ``manifest.json``)."""
    target = Path(os.path.abspath(target))
    others = foreign(target, legacy or made_before_markers(target))
    if others:
        if listing(target) is None:
            raise OutputError(f"refusing to replace {target}: it is not {what} (no {MARKER} file in it)")
        raise OutputError(
            f"refusing to replace {target}: {target / others[0]} was not written by normbase"
            f" ({len(others)} such files); move them out of it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    pid = os.getpid()
    tmp = target.with_name(f".{target.name}.tmp-{pid}")
    old = target.with_name(f".{target.name}.old-{pid}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        yield tmp
        if marker:
            (tmp / MARKER).write_text(
                json.dumps({"normbase": "output folder", "files": _files(tmp)}, indent=0) + "\n",
                encoding="utf-8",
            )
        checkpoint(f"{target.name}:mid")
        if target.exists():
            target.rename(old)
        checkpoint(f"{target.name}:swap")
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    if old.exists():
        _discard_replaced(old)
    remove_dead(target.parent, target.name)


_discarding: list[int] | None = None  # inside ``discards_aside``: the children discarding folders


@contextmanager
def discards_aside():
    """Folders ``staged`` replaces in here are discarded each by a forked child while this process
    goes on (removing 20,000 files is seconds of system calls); on leaving, however it is left,
    this waits until every one is done. Nested or without ``fork``: folders are discarded at once."""
    global _discarding
    if _discarding is not None or not hasattr(os, "fork"):
        yield
        return
    _discarding = []
    try:
        yield
    finally:
        children, _discarding = _discarding, None
        for pid in children:
            os.waitpid(pid, 0)


def _discard_replaced(old: Path) -> None:
    """``discard(old)``, in a child when ``discards_aside`` is open. A child killed half-way
    leaves ``old`` to the next build (``remove_dead``)."""
    if _discarding is None:
        discard(old)
        return
    pid = os.fork()
    if pid == 0:  # the child: discard, then end without running this process's exit handlers
        code = 1
        try:
            discard(old)
            code = 0
        finally:
            os._exit(code)
    _discarding.append(pid)


# -- one build at a time ------------------------------------------------------------------


@contextmanager
def build_lock(out: Path, wait: bool = True, say=None):
    """Hold the exclusive lock of the output folder ``out`` (``out/.lock``, ``fcntl.flock``).
    Held by another process: wait for it (``say`` is told so first), or with ``wait=False``
    raise ``OutputError``. The kernel releases the lock when its holder ends, however it ends."""
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            if not wait:
                raise OutputError(
                    f"another normbase build is writing {out} (it holds {out / LOCK}); "
                    "try again when it ends, or without --no-wait to wait for it"
                ) from None
            if say:
                say(f"normbase: another build is writing {out}; waiting for it to end")
            fcntl.flock(fd, fcntl.LOCK_EX)
        checkpoint("lock")
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_stale(out: Path) -> None:
    """What killed builds left in ``out`` (under the lock): their temporary and replaced store,
    site and index folders, and temporary files of the fast-load file and the stage cache."""
    if not out.is_dir():
        return
    for name in ("kb", "site", "index"):
        remove_dead(out, name)
    cache = out / "cache"
    for folder in (cache, *(p for p in cache.glob("*") if p.is_dir())) if cache.is_dir() else ():
        for path in folder.glob(".*.tmp"):  # .kb.pickle.<pid>.tmp, .<key>.pickle.<pid>.tmp
            if path.is_file() and not alive(pid_of(path.name[:-4])):
                path.unlink(missing_ok=True)
    for path in out.glob(
        ".*.tmp"
    ):  # .build.json.<pid>.tmp, .index.stamp.<pid>.tmp, .references.json.<pid>.tmp
        if path.is_file() and not alive(pid_of(path.name[:-4])):
            path.unlink(missing_ok=True)


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically (a temporary file named after this process, then a rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def make_parent(path: Path, folders: set[Path] | None = None) -> None:
    """Make the folder ``path`` goes in; ``folders``: those made already, so that a writer of
    many files makes each folder once, not once per file."""
    if folders is None or path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(path.parent)


def link_same(old: Path, new: Path, sha256: str, folders: set[Path] | None = None) -> bool:
    """Hard-link a previous output's file ``old`` as ``new`` when it still holds the bytes whose
    sha256 was recorded when it was written; False (nothing made) when it does not, or is gone.
    ``folders``: as ``make_parent``'s."""
    try:
        if hashlib.sha256(old.read_bytes()).hexdigest() != sha256:
            return False
        make_parent(new, folders)
        os.link(old, new)
    except OSError:
        return False
    return True
