"""Several cores: independent jobs, the first in this process, each other in a forked child.

reads/writes: nothing on disk itself (the jobs may use the stage cache). A child sends its
result back through a pipe, pickled by ``cache.dump``: the ``shared`` objects (the corpus's
sources) travel as references and come back as this process's own objects, so the result is
the object graph a serial run makes. A child that fails (it died, or its result could not be
pickled) has its job redone here: the outcome never depends on the children. Without
``fork`` (not Linux/macOS) every job runs here, one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from normbase.cache import dump, load

J = TypeVar("J")
R = TypeVar("R")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def give_back_memory() -> None:
    """Return the C heap's free pages to the system (glibc ``malloc_trim``), so that a child
    forked next does not share — and the machine does not hold — memory nobody uses."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when ``parent`` dies (Linux ``PR_SET_PDEATHSIG``), so that a
    killed build leaves no worker writing into its temporary folders after the next build
    cleaned them. Elsewhere, nothing."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the call took effect
        os._exit(1)


def run(
    jobs: Sequence[J],
    work: Callable[[J], R],
    shared: Mapping[str, object],
    send: Callable[[R], R] | None = None,
) -> list[R]:
    """``[work(job) for job in jobs]``, the jobs after the first each in a forked child, at once.

    ``send``: what a child sends back instead of its result (less, when the result is stored
    elsewhere too); the caller gets either (a failed child's job is redone here, unsent)."""
    if len(jobs) <= 1 or not can_fork():
        return [work(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, int]] = []
    unread: set[int] = set()  # pipe ends still to close if this fails half-way
    try:
        for job in jobs[1:]:
            read, write = os.pipe()
            unread.add(read)
            child: multiprocessing.process.BaseProcess = context.Process(
                target=_child, args=(work, job, write, shared, send, os.getpid()), daemon=True
            )
            try:
                child.start()
            finally:
                os.close(write)  # this process only reads: EOF when the child is gone
            children.append((child, read))
        results = [work(jobs[0])]
        for (child, read), job in zip(children, jobs[1:]):
            unread.discard(read)
            with os.fdopen(read, "rb") as pipe:
                try:
                    result, ok = load(pipe, shared), True
                except Exception:  # noqa: BLE001 — a child that died or sent garbage: redone below
                    result, ok = None, False
            child.join()
            results.append(result if ok and child.exitcode == 0 else work(job))
        return results
    finally:
        for read in unread:
            os.close(read)
        for child, _ in children:
            if child.is_alive():
                child.kill()
                child.join()


def _child(
    work: Callable[[J], R],
    job: J,
    write: int,
    shared: Mapping[str, object],
    send: Callable[[R], R] | None,
    parent: int,
) -> None:
    die_with_parent(parent)
    try:
        result = work(job)
        with os.fdopen(write, "wb") as pipe:
            dump(send(result) if send else result, pipe, shared)
    except BaseException:  # noqa: BLE001 — the parent redoes the job and reports what goes wrong
        os._exit(1)
