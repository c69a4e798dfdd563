"""Snippets: the best window of a unit's original text with the matched words marked.

reads: a unit's text, its analysed positions and the terms to mark;
writes: a terminal snippet (``[word]``) and an HTML snippet (``<mark>word</mark>``,
text escaped).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from normbase.search.analysis import Position

WIDTH = 240
_SPACE = re.compile(r"\s+")


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        lo, hi = 0, width
    else:
        lead = width // 5
        best, best_n = spans[0][0], -1
        for start, _ in spans:
            lo = max(0, start - lead)
            n = sum(1 for s, e in spans if s >= lo and e <= lo + width)
            if n > best_n:
                best, best_n = lo, n
        lo, hi = best, min(len(text), best + width)
        if hi == len(text):
            lo = max(0, hi - width)
    # widen to word boundaries
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def highlight(
    text: str, positions: Iterable[Position], terms: set[str], width: int = WIDTH
) -> tuple[str, str]:
    """(terminal snippet, HTML snippet) of ``text`` around the positions holding ``terms``."""
    spans = [(p.start, p.end) for p in positions if any(t in terms for t in p.terms)]
    lo, hi = _window(text, spans, width)
    segments: list[tuple[str, bool]] = []
    at = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        if s > at:
            segments.append((text[at:s], False))
        segments.append((text[s:e], True))
        at = e
    if at < hi:
        segments.append((text[at:hi], False))
    plain, marked = [], []
    for seg, hit in segments:
        seg = _SPACE.sub(" ", seg)
        plain.append(f"[{seg}]" if hit else seg)
        marked.append(f"<mark>{html.escape(seg)}</mark>" if hit else html.escape(seg))
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    return (head + "".join(plain).strip() + tail, html.escape(head) + "".join(marked).strip() + tail)
