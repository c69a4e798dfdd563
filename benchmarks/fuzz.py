"""A long fuzz session: the properties of ``tests/test_fuzz.py`` with a large budget.

reads: the seeds and the project (through ``tests/test_fuzz.py``); writes: a summary on
stdout (nothing on disk but temporary project copies, removed after each example; no
hypothesis database).

    PYTHONPATH=src python benchmarks/fuzz.py [--examples 20000] [--minutes N]
        [--only NAME ...] [--batch 500]

Each property runs in batches of ``--batch`` examples (each batch a fresh random seed) until
it has run ``--examples`` examples or its share of ``--minutes`` is spent (the time left,
split evenly between the properties still to run; a batch is not cut, so the total may run
over by one batch). A failure is shrunk by hypothesis; the summary prints the minimal
failing input of every distinct failure (exception type and place) and the property goes on
with the next batch. Exit status 1 when anything failed.

"Examples" counts the calls of the property's check, shrinking and replay included.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_fuzz import PROPERTIES  # noqa: E402


def _where(error: BaseException) -> str:
    """The innermost frame of the project's code where ``error`` was raised."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/normbase/" in f.filename or "test_fuzz" in f.filename]
    f = frames[-1] if frames else traceback.extract_tb(error.__traceback__)[-1]
    return f"{Path(f.filename).name}:{f.lineno} ({f.name})"


def run_property(name: str, examples: int, seconds: float, batch: int) -> dict:
    strategies, check = PROPERTIES[name]
    stats = {"examples": 0, "batches": 0, "failures": {}, "seconds": 0.0}

    def prop(kwargs: dict) -> None:
        stats["examples"] += 1
        try:
            check(**kwargs)
        except Exception as error:
            key = (type(error).__name__, _where(error))
            # the last failing call of a batch is hypothesis's replay of the shrunk example
            stats["failures"].setdefault(key, {"count": 0})
            stats["failures"][key].update(example=kwargs, message=str(error).split("\n")[0][:300])
            stats["failures"][key]["count"] += 1
            raise

    start = time.monotonic()
    while stats["examples"] < examples and time.monotonic() - start < seconds:
        n = min(batch, examples - stats["examples"])
        test = settings(max_examples=n, deadline=None, database=None, derandomize=False, report_multiple_bugs=True,
                        phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))(
            given(st.fixed_dictionaries(strategies))(prop))
        stats["batches"] += 1
        try:
            test()
        except BaseException as error:  # noqa: BLE001 — a failure (or an ExceptionGroup of them): recorded in prop
            if isinstance(error, KeyboardInterrupt):
                raise
    stats["seconds"] = time.monotonic() - start
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=20000, help="examples per property (upper bound)")
    parser.add_argument("--minutes", type=float, default=None, help="total wall time, split evenly between the properties")
    parser.add_argument("--only", nargs="*", choices=sorted(PROPERTIES), help="run only these properties")
    parser.add_argument("--batch", type=int, default=500, help="examples per hypothesis run (a fresh seed each)")
    args = parser.parse_args()
    names = args.only or list(PROPERTIES)
    total_start, failed = time.monotonic(), 0
    budget = args.minutes * 60 if args.minutes else float("inf")
    seconds = budget / len(names)
    print(f"fuzz: {', '.join(names)}; up to {args.examples} examples each"
          + (f", about {seconds:.0f} s each (time left by a property goes to the next)" if args.minutes else ""), flush=True)
    rows = []
    for k, name in enumerate(names):
        # a property that reaches --examples early leaves its time to the ones after it
        share = (budget - (time.monotonic() - total_start)) / (len(names) - k)
        stats = run_property(name, args.examples, share, args.batch)
        rows.append((name, stats))
        failed += len(stats["failures"])
        print(f"  {name}: {stats['examples']} examples in {stats['seconds']:.0f} s, "
              f"{len(stats['failures'])} distinct failure(s)", flush=True)
        for (kind, where), f in stats["failures"].items():
            print(f"    {kind} at {where} ({f['count']} failing calls): {f['message']}")
            print(f"      minimal example: {f['example']!r}", flush=True)
    print()
    print("| property | examples | wall time (s) | distinct failures |")
    print("| --- | ---: | ---: | ---: |")
    for name, stats in rows:
        print(f"| {name} | {stats['examples']} | {stats['seconds']:.0f} | {len(stats['failures'])} |")
    print(f"\ntotal wall time {time.monotonic() - total_start:.0f} s; {failed} distinct failure(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
