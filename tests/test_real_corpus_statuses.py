"""Units a real consolidated text shows as «исключен» / «алып тасталды» are deleted in the timelines.

Reads ``../shared/real-corpus/`` (skips, with the reason, only when it is absent; CI has it).
"""

from __future__ import annotations

from normbase.pipeline import build
from normbase.query import answer
from real_corpus import SKIP, project

pytestmark = SKIP


def test_real_corpus_a_unit_left_as_excluded_is_deleted_not_in_force_text(tmp_path):
    root, act = project(tmp_path, "4051", 1999, "4051/versions/2007-12-19/ru.md", "4051/kk.md")
    h = build(root).history(act)
    for lang in ("ru", "kk"):
        a = answer(h.timeline("art1.sp2", lang), None, h.start)
        assert a.status == "deleted" and a.text is None, (lang, a)
        assert "deleted" in a.reason
    assert answer(h.timeline("art1.sp1", "ru"), None, h.start).text   # its neighbour keeps its wording
