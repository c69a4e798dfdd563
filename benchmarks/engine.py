"""Temporal engine speed: build the timelines of a large synthetic act, then answer look-ups.

reads: nothing (everything is generated, deterministically, from ``--seed``);
writes: a markdown table on stdout (and, with ``--profile``, the top of a cProfile report).

    PYTHONPATH=src python benchmarks/engine.py [--units 5000] [--instructions 10000]
        [--orders 100] [--lookups 10000] [--seed 583] [--profile] [--tracemalloc]

The act: an original text in both languages (no text parsing: ``Node`` trees built
directly) — an order with its title and two points, and Rules with chapters, points,
subpoints and parts, about ``--units`` units in all. The orders: ``--orders`` amending
orders with dates spread over 2011–2024 (half with a recorded publication date, so half
the answers are ``uncertain``), each in kk, ru or both, holding together
``--instructions`` typed instructions (``Instruction`` values built directly): replace a
point (with its subpoints), a subpoint or a part; replace or delete words; insert a point
``N-k`` or a subpoint; delete a subpoint or a point. Some instructions fail on purpose (the
target was deleted by an earlier order, the words were replaced away): they become
findings, as in a real corpus. The look-ups: ``--lookups`` random (address, language,
date or "latest") questions, each answered twice — ``query.answer`` on the unit's own
timeline and ``units.compose`` of the unit with everything below it (what ``show`` does).

Not a test: the figures depend on the machine. Times are the CPU time of this process
(``--wall``: wall-clock time), so that other work on a shared machine disturbs them less.
Peak memory is the process's maximum resident set size (``resource``); ``--tracemalloc``
adds the peak of Python allocations (and slows everything down: time it without).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from normbase.address import parse_act_id  # noqa: E402
from normbase.align import align_act, pair_for  # noqa: E402
from normbase.clauses import Clause, Instruction, Op  # noqa: E402
from normbase.normalize import NormalizedText  # noqa: E402
from normbase.pipeline import ActHistory, SourceText  # noqa: E402
from normbase.query import answer  # noqa: E402
from normbase.sources import Source  # noqa: E402
from normbase.structure import ParsedText  # noqa: E402
from normbase.fold import act_window, order_window  # noqa: E402
from normbase.timelines import OrderEvent, build_timelines  # noqa: E402
from normbase.tree import Node  # noqa: E402
from normbase.units import compose  # noqa: E402

ACT = "1-2010"
# CPU time of this process (not wall time): the figures hold on a machine shared with other
# work; ``--wall`` measures wall-clock time instead.
CLOCK, CLOCK_NS = time.process_time, time.process_time_ns

WORDS = {
    "ru": "комиссия проверка протокол организация образование методический работа программа учебный план отчет "
          "председатель совет кафедра студент преподаватель курс экзамен практика результат порядок".split(),
    "kk": "комиссия тексеру хаттама ұйым білім әдістемелік жұмыс бағдарлама оқу жоспар есеп төраға кеңес кафедра "
          "студент оқытушы курс емтихан практика нәтиже тәртіп".split(),
}


def sentence(rng: random.Random, lang: str, n: int = 10) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n))


def source(source_id: str, kind: str, signed: date, registered: date | None, published: date | None, langs=()) -> Source:
    return Source(id=parse_act_id(source_id), kind=kind, folder=Path(source_id), meta_file=Path(source_id) / "meta.toml",
                  title={}, issuer={}, signed=signed, registered=registered, registration_number=None, published=published,
                  amends=parse_act_id(ACT) if kind == "amending" else None,
                  entry_into_force="after_publication" if kind == "amending" else None, entry_into_force_text=None,
                  snapshot_as_of=None, known_from="synthetic benchmark", note="synthetic benchmark", texts=())


def make_act(rng: random.Random, units: int) -> tuple[dict[str, Node], list[str], list[str]]:
    """Original trees (kk, ru) of about ``units`` units; the point and subpoint addresses."""
    per_point = 4.63                                   # a point, 3 subpoints, half a part (and chapters)
    n_points = max(4, round(units / per_point))
    n_chapters = max(2, n_points // 25)
    shape = []                                         # (chapter, point, subpoints, parts)
    for p in range(1, n_points + 1):
        shape.append(((p - 1) * n_chapters // n_points + 1, p, rng.randint(1, 5), rng.randint(1, 2)))
    trees, points, subpoints = {}, [], []
    for lang in ("kk", "ru"):
        r = random.Random(f"{rng.random()}-{lang}")
        chapters: dict[int, list[Node]] = {}
        for ch, p, sps, parts in shape:
            kids = [Node("subpoint", f"rules.p{p}.sp{s}", f"{s})", sentence(r, lang) + ";") for s in range(1, sps + 1)]
            kids += [Node("part", f"rules.p{p}.part{k}", "", sentence(r, lang) + ".") for k in range(2, parts + 1)]
            chapters.setdefault(ch, []).append(Node("point", f"rules.p{p}", f"{p}.", sentence(r, lang) + ":", tuple(kids)))
            if lang == "kk":
                points.append(f"rules.p{p}")
                subpoints += [k.address for k in kids]
        rules = [Node("title", "rules.title", "", sentence(r, lang, 5))]
        rules += [Node("chapter", f"rules.ch{c}", f"{c}.", sentence(r, lang, 4), tuple(pts)) for c, pts in sorted(chapters.items())]
        order = Node("container", "order", "", "", (Node("title", "order.title", "", sentence(r, lang, 6)),
                                                    Node("point", "order.p1", "1.", sentence(r, lang)),
                                                    Node("point", "order.p2", "2.", sentence(r, lang))))
        trees[lang] = Node("act", "", "", "", (order, Node("container", "rules", "", "", tuple(rules))))
    return trees, points, subpoints


def make_orders(rng: random.Random, n_orders: int, n_instr: int, points: list[str], subpoints: list[str]) -> list[OrderEvent]:
    events = []
    inserted: dict[str, int] = {}
    per_order = [n_instr // n_orders + (1 if k < n_instr % n_orders else 0) for k in range(n_orders)]
    for k, count in enumerate(per_order):
        signed = date(2011, 1, 1) + timedelta(days=k * (14 * 365 // n_orders) + rng.randint(0, 20))
        year = signed.year
        order_id = f"{k + 1}-{year}"
        registered = signed + timedelta(days=rng.randint(0, 30))
        published = registered + timedelta(days=rng.randint(1, 10)) if rng.random() < 0.5 else None
        langs = rng.choice([("kk",), ("ru",), ("kk", "ru")])
        src = source(order_id, "amending", signed, registered, published, langs)
        instrs = []
        for i in range(count):
            lang = rng.choice(langs)
            clause = Clause(order_id, lang, f"order.p1.part{i + 2}", f"amendments/{order_id}/{lang}.txt", i + 10, i + 12, "synthetic")
            roll = rng.random()
            if roll < 0.30:       # replace a subpoint or a part
                t = rng.choice(subpoints)
                label = f"{t.rsplit('sp', 1)[1]})" if ".sp" in t else ""
                instrs.append(Instruction(Op.REPLACE, t, clause, new_text=f"{label} {sentence(rng, lang)};".strip()))
            elif roll < 0.45:     # replace a whole point with its subpoints
                p = rng.choice(points)
                n = p.rsplit("p", 1)[1]
                body = [f"{n}. {sentence(rng, lang)}:"] + [f"{s}) {sentence(rng, lang)};" for s in range(1, rng.randint(2, 5))]
                instrs.append(Instruction(Op.REPLACE, p, clause, new_text="\n".join(body)))
            elif roll < 0.55:     # replace part one only
                p = rng.choice(points)
                instrs.append(Instruction(Op.REPLACE, f"{p}.part1", clause, new_text=f"{p.rsplit('p', 1)[1]}. {sentence(rng, lang)}:"))
            elif roll < 0.80:     # words (in a point and its subpoints, now and then in one subpoint)
                t = rng.choice(points) if rng.random() < 0.8 else rng.choice(subpoints)
                old = rng.choice(WORDS[lang])
                if rng.random() < 0.7:
                    instrs.append(Instruction(Op.REPLACE_WORDS, t, clause, old_words=old, new_words=rng.choice(WORDS[lang])))
                else:
                    instrs.append(Instruction(Op.DELETE_WORDS, t, clause, old_words=old))
            elif roll < 0.92:     # insert a point N-k or a subpoint
                p = rng.choice(points)
                if rng.random() < 0.5:
                    k2 = inserted[p] = inserted.get(p, 0) + 1
                    n = p.rsplit("p", 1)[1]
                    instrs.append(Instruction(Op.INSERT, f"{p}-{k2}", clause, new_text=f"{n}-{k2}. {sentence(rng, lang)}.", after=p))
                else:
                    key = f"{p}.sp"
                    k2 = inserted[key] = inserted.get(key, 0) + 1
                    instrs.append(Instruction(Op.INSERT, f"{p}.sp{20 + k2}", clause, new_text=f"{20 + k2}) {sentence(rng, lang)};"))
            else:                 # delete (mostly subpoints)
                t = rng.choice(subpoints if rng.random() < 0.8 else points)
                instrs.append(Instruction(Op.DELETE, t, clause))
        events.append(OrderEvent(src, order_window(src), langs, tuple(instrs)))
    return events


class _KB:
    """The little of a KnowledgeBase that ``units.compose`` reads: the source texts
    (``notes_for`` looks for the footnotes of the unit and of the units above it)."""

    def __init__(self, act: Source, trees: dict[str, Node]):
        self.texts = {lang: SourceText(act, lang, NormalizedText((), ()), ParsedText(tree, (), lang, f"{ACT}/{lang}.txt"))
                      for lang, tree in trees.items()}

    def text(self, act, lang):
        return self.texts.get(lang) if act == ACT else None


def measure(args) -> dict:
    rng = random.Random(args.seed)
    trees, points, subpoints = make_act(rng, args.units)
    events = make_orders(rng, args.orders, args.instructions, points, subpoints)
    act = source(ACT, "original", date(2010, 1, 11), date(2010, 1, 20), date(2010, 2, 1))

    builds = []
    for _ in range(max(1, args.repeat)):
        t0 = CLOCK()
        timelines, findings = build_timelines(act, trees, {}, list(events))
        ordered = sorted(events, key=lambda e: e.sort_key)
        h = ActHistory(ACT, act_window(act), tuple(ordered), tuple(timelines), tuple(findings))
        builds.append(CLOCK() - t0)

    addresses = h.addresses
    questions = []
    for _ in range(args.lookups):
        on = None if rng.random() < 0.1 else date(2009, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
        questions.append((rng.choice(addresses), rng.choice(("kk", "ru")), on))
    kb = _KB(act, trees)
    statuses: dict[str, int] = {}
    answer_ns, compose_ns = [], []
    t1 = CLOCK()
    for address, lang, on in questions:
        a0 = CLOCK_NS()
        a = answer(h.timeline(address, lang), on, h.start)
        a1 = CLOCK_NS()
        compose(kb, h, address, lang, on)
        a2 = CLOCK_NS()
        answer_ns.append(a1 - a0)
        compose_ns.append(a2 - a1)
        statuses[a.status] = statuses.get(a.status, 0) + 1
    lookup_s = CLOCK() - t1
    pair_ns = []
    for address, _lang, on in questions[: args.align_lookups]:   # what ``show`` without --lang adds
        a0 = CLOCK_NS()
        pair_for(h, address, on)
        pair_ns.append(CLOCK_NS() - a0)
    t2 = CLOCK()
    pairs = align_act(h, None)
    align_s = CLOCK() - t2
    return {
        "original_units": sum(len([n for n in t.walk() if n.address and n.kind not in ("container", "act")]) for t in trees.values()) // 2,
        "pair_ns": pair_ns, "align_s": align_s, "pairs": len(pairs),
        "units": len(addresses), "timelines": len(timelines), "versions": sum(len(t.versions) for t in timelines),
        "orders": len(events), "instructions": sum(len(e.instructions) for e in events), "findings": len(findings),
        "builds": builds, "lookups": len(questions), "lookup_s": lookup_s,
        "answer_ns": answer_ns, "compose_ns": compose_ns, "statuses": statuses,
    }


def pct(values: list[int], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] / 1000   # µs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=5000)
    ap.add_argument("--instructions", type=int, default=10000)
    ap.add_argument("--orders", type=int, default=100)
    ap.add_argument("--lookups", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=583)
    ap.add_argument("--repeat", type=int, default=3, help="builds to time (the table gives the best and the median)")
    ap.add_argument("--align-lookups", type=int, default=1000, help="look-ups also aligned with pair_for (show without --lang)")
    ap.add_argument("--profile", action="store_true", help="print the top of a cProfile report of the whole run")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the peak of Python allocations (slower)")
    ap.add_argument("--wall", action="store_true", help="measure wall-clock time instead of the process's CPU time")
    args = ap.parse_args()
    if args.wall:
        global CLOCK, CLOCK_NS
        CLOCK, CLOCK_NS = time.perf_counter, time.perf_counter_ns

    if args.tracemalloc:
        tracemalloc.start()
    if args.profile:
        prof = cProfile.Profile()
        r = prof.runcall(measure, args)
    else:
        r = measure(args)
    traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB

    both = [a + c for a, c in zip(r["answer_ns"], r["compose_ns"])]
    print(f"synthetic act: {r['original_units']} units in the original text, {r['units']} with the inserted ones "
          f"({r['timelines']} timelines, {r['versions']} versions); "
          f"{r['orders']} orders, {r['instructions']} instructions, {r['findings']} findings; seed {args.seed}")
    print(f"answers: {', '.join(f'{k} {v}' for k, v in sorted(r['statuses'].items()))}; "
          f"times: {'wall clock' if args.wall else 'CPU time of the process'}")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| build_timelines (best / median of {len(r['builds'])}) | {min(r['builds']):.2f} / {statistics.median(r['builds']):.2f} s |")
    print(f"| look-ups (answer + compose) | {r['lookups'] / r['lookup_s']:,.0f} /s ({r['lookup_s']:.2f} s for {r['lookups']:,}) |")
    print(f"| query.answer p50 / p95 | {pct(r['answer_ns'], 50):.1f} / {pct(r['answer_ns'], 95):.1f} µs |")
    print(f"| units.compose p50 / p95 | {pct(r['compose_ns'], 50):.1f} / {pct(r['compose_ns'], 95):.1f} µs |")
    print(f"| one look-up (both) p50 / p95 | {pct(both, 50):.1f} / {pct(both, 95):.1f} µs |")
    if r["pair_ns"]:
        print(f"| align.pair_for p50 / p95 ({len(r['pair_ns']):,} look-ups) | {pct(r['pair_ns'], 50):.1f} / {pct(r['pair_ns'], 95):.1f} µs |")
    print(f"| align.align_act, whole act ({r['pairs']:,} pairs) | {r['align_s']:.2f} s |")
    print(f"| peak RSS | {rss_mib:.0f} MiB |")
    if traced is not None:
        print(f"| peak Python allocations (tracemalloc) | {traced / 2**20:.0f} MiB |")
    if args.profile:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        print("\n```\n" + out.getvalue().strip() + "\n```")


if __name__ == "__main__":
    main()
