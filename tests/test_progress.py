"""Progress: one line per stage with its counts and time on a terminal; quiet otherwise."""

from __future__ import annotations

import io
import time

from rich.console import Console

from normbase.progress import Stages, enabled


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_quiet_when_not_a_terminal_or_on_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert enabled(_Tty()) and not enabled(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not enabled(_Tty())


def _run(delay: float, work: float) -> str:
    out = _Tty()
    console = Console(file=out, force_terminal=True, width=100)
    with Stages(delay=delay, console=console, on=True) as stages:
        with stages.stage("knowledge base") as s:
            time.sleep(work)
            s.info = "4 acts, 86 units"
        with stages.stage("site") as s:
            s.info = "112 pages"
    return out.getvalue()


def test_a_long_build_shows_every_stage_and_the_lines_stay():
    text = _run(delay=0.05, work=0.2)
    last = text.split("\r")[-1]   # the final frame stays on the screen
    assert "knowledge base" in last and "4 acts, 86 units" in last and "site" in last and "112 pages" in last
    assert "0:00:00" in last


def test_a_quick_build_prints_nothing():
    assert _run(delay=5, work=0) == ""
