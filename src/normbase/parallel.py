"""Several cores: independent jobs shared with forked children — fixed shares (``run``: the
first in this process, each other in a child) or a queue (``run_queue``: each process takes
the next job as it finishes one, so one long job does not leave a core idle).

reads/writes: nothing on disk itself (the jobs may use the stage cache). A child sends its
result back through a pipe, pickled by ``cache.dump``: the ``shared`` objects (the corpus's
sources) travel as references and come back as this process's own objects, so the result is
the object graph a serial run makes. A child that fails (it died, or its result could not be
pickled) has its job redone here: the outcome never depends on the children. Without
``fork`` (not Linux/macOS) every job runs here, one after the other.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from normbase.cache import dump, load

J = TypeVar("J")
R = TypeVar("R")
T = TypeVar("T")


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


def _forked(
    tasks: Sequence[Callable[[], object]], here: Callable[[], T], shared: Mapping[str, object]
) -> tuple[T, list[tuple[bool, object]]]:
    """Each of ``tasks`` in a forked child, at once, and ``here()`` in this process meanwhile;
    returns what ``here`` gave and, per task, (it came back, what it gave). A child sends its
    value through a pipe (``cache.dump``); one that died or sent garbage gives ``(False, None)``."""
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, int]] = []
    unread: set[int] = set()  # pipe ends still to close if this fails half-way
    frozen = gc.get_freeze_count()
    gc.freeze()  # no collection traverses (and so copies) in either process what both share
    try:
        for task in tasks:
            read, write = os.pipe()
            unread.add(read)
            child: multiprocessing.process.BaseProcess = context.Process(
                target=_child, args=(task, write, shared, os.getpid()), daemon=True
            )
            try:
                child.start()
            finally:
                os.close(write)  # this process only reads: EOF when the child is gone
            children.append((child, read))
        mine = here()
        gathered: list[tuple[bool, object]] = []
        for child, read in children:
            unread.discard(read)
            with os.fdopen(read, "rb") as pipe:
                try:
                    value, ok = load(pipe, shared), True
                except Exception:  # noqa: BLE001 — a child that died or sent garbage: the caller redoes it
                    value, ok = None, False
            child.join()
            gathered.append((ok and child.exitcode == 0, value))
        return mine, gathered
    finally:
        if not frozen:
            gc.unfreeze()
        for read in unread:
            os.close(read)
        for child, _ in children:
            if child.is_alive():
                child.kill()
                child.join()


def _child(task: Callable[[], object], write: int, shared: Mapping[str, object], parent: int) -> None:
    die_with_parent(parent)
    try:
        value = task()
        with os.fdopen(write, "wb") as pipe:
            dump(value, pipe, shared)
    except BaseException:  # noqa: BLE001 — the parent redoes the work and reports what goes wrong
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
    keep: Callable[[R], R] = send or (lambda r: r)
    tasks = [lambda job=job: keep(work(job)) for job in jobs[1:]]
    first, gathered = _forked(tasks, lambda: work(jobs[0]), shared)
    redone = [value if ok else work(job) for (ok, value), job in zip(gathered, jobs[1:])]
    return [first, *redone]  # type: ignore[list-item]


def run_queue(
    jobs: Sequence[J],
    work: Callable[[J], R],
    shared: Mapping[str, object],
    children: int,
    send: Callable[[R], R] | None = None,
) -> list[R]:
    """``[work(job) for job in jobs]``, shared out as a queue between this process and
    ``children`` forked children: this process does ``jobs[0]`` first (a job that reads the
    whole of what the children would copy), then every process takes the next job not yet
    taken. The results come back in the order of ``jobs``; the jobs of a child that failed are
    redone here (``send`` as in ``run``)."""
    if children < 1 or len(jobs) <= 1 or not can_fork():
        return [work(job) for job in jobs]
    taken = multiprocessing.get_context("fork").Value("q", 1)  # the next job to take; jobs[0] is here
    keep: Callable[[R], R] = send or (lambda r: r)

    def take() -> int | None:
        with taken.get_lock():
            n = taken.value
            if n >= len(jobs):
                return None
            taken.value = n + 1
            return n

    def loop(n: int | None, done: Callable[[R], R]) -> dict[int, R]:
        results: dict[int, R] = {}
        while n is not None:
            results[n] = done(work(jobs[n]))
            n = take()
        return results

    tasks = [lambda: loop(take(), keep)] * min(children, len(jobs) - 1)
    results, gathered = _forked(tasks, lambda: loop(0, lambda r: r), shared)
    for ok, sent in gathered:
        if ok:
            results.update(sent)  # type: ignore[call-overload]
    return [results[n] if n in results else work(jobs[n]) for n in range(len(jobs))]
