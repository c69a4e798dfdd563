"""Progress of long work on the terminal: one line per stage, with its counts and time (rich).

reads: whether stderr is a terminal and the ``CI`` variable; writes: the display on stderr.

The display appears only when the work has run for ``delay`` seconds (2 by default): a quick
command prints nothing more than it did. It stays quiet when stderr is not a terminal or ``CI``
is set. The lines of finished stages stay on the screen after the work ends (the command's own
summary follows them).

    with Stages() as stages:
        with stages.stage("knowledge base") as s:
            kb = build(root)
            s.info = f"{len(kb.histories)} acts"
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress
from contextlib import contextmanager


def enabled(stream=None) -> bool:
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class _Stage:
    def __init__(self, progress, task):
        self._progress, self._task = progress, task

    @property
    def info(self) -> str:
        return ""

    @info.setter
    def info(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, info=text)


class Stages:
    """A rich ``Progress`` that starts after ``delay`` seconds, or never when disabled."""

    def __init__(self, delay: float = 2.0, console=None, on: bool | None = None):
        self.on = enabled() if on is None else on
        self.delay, self.console = delay, console
        self.progress: Progress | None = None
        self._timer: threading.Timer | None = None
        self.started = False

    def __enter__(self) -> Stages:
        if self.on:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(finished_text="✓"),
                TextColumn("{task.description:<18}"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[info]}"),
                console=self.console or Console(stderr=True),
                transient=False,
            )
            if self.delay <= 0:
                self._start()
            else:
                self._timer = threading.Timer(self.delay, self._start)
                self._timer.daemon = True
                self._timer.start()
        return self

    def _start(self) -> None:
        if self.progress is not None and not self.started:
            self.started = True
            self.progress.start()

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self.started and self.progress is not None:
            self.progress.refresh()
            self.progress.stop()

    @contextmanager
    def stage(self, name: str):
        if self.progress is None:
            yield _Stage(None, None)
            return
        task = self.progress.add_task(name, total=None, info="")
        try:
            yield _Stage(self.progress, task)
        finally:
            self.progress.update(task, total=1, completed=1)
            self.progress.stop_task(task)
