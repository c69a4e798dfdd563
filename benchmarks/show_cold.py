"""One look-up by a fresh reader of the fast-load file, 1,000 times: open + check + unpickle
the signed index, then one signed act group, then ``units.compose``; and the same look-up warm.

    python benchmarks/show_cold.py OUT/cache/kb.pickle
"""
from __future__ import annotations

import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from normbase import pack
from normbase.units import compose

path = Path(sys.argv[1])
t0 = time.perf_counter(); whole = pack.StoredKB(pack.open_pack(path), None).whole(); load = time.perf_counter() - t0
rng = random.Random(1)
samples = []
for _ in range(1000):
    h = rng.choice(whole.histories)
    a = rng.choice(h.addresses)
    lo = h.start.earliest - timedelta(days=60)
    hi = (h.orders[-1].window.earliest if h.orders else h.start.earliest) + timedelta(days=400)
    samples.append((h.act, a, rng.choice(("kk", "ru")), lo + timedelta(days=rng.randrange((hi - lo).days))))
del whole
cold, warm = [], []
for act, a, lang, on in samples:
    t0 = time.perf_counter()
    kb = pack.StoredKB(pack.open_pack(path), None)     # a new reader: header + signed index, then one signed group
    compose(kb, kb.history(act), a, lang, on)
    cold.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    compose(kb, kb.history(act), a, lang, on)
    warm.append((time.perf_counter() - t0) * 1000)


def pct(values: list[float], q: float) -> float:
    return sorted(values)[int(q * (len(values) - 1))]


print(f"whole load {load:.2f} s; cold look-up (open + verify + one act) p50 {pct(cold, .5):.2f} ms p95 {pct(cold, .95):.2f} ms;"
      f" warm p50 {pct(warm, .5):.3f} ms p95 {pct(warm, .95):.3f} ms; file {path.stat().st_size / 2**20:.0f} MiB")
