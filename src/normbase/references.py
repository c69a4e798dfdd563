"""Cross-references: what a unit cites, resolved to an address, and what cites a unit.

reads: plain text (any unit version, either language) and a ``Registry`` (the acts known, with
their kind, dates, number, titles and the set of addresses each has); writes: ``Reference``
values. ``reflinks.py`` runs it over every unit version of a ``KnowledgeBase``.

Interface (small on purpose):

- ``find(text, lang, engine="spacy")`` → the references in the text, unresolved;
- ``refresolve.resolve(ref, Context(act, here, amended), registry)`` → a ``Target``;
- ``Registry(acts)`` (``reflinks.registry_of(kb)`` for a knowledge base) — what the resolver can
  resolve into.

A reference has a kind: ``unit`` (a chain «подпункта 25) статьи 5», «5-бабының 25) тармақшасы»
with the act it belongs to: «настоящих Правил» / «осы Қағидалардың», another act, or none —
the same act), ``act`` (an act named by kind, date, number or title) or ``publication``
(«Ведомости Парламента …, 1999 г., N 19, ст. 647», «Жаршысы», «Заң газеті»). A whole-act
reference to the citing act itself («настоящий Закон», its own header) is not reported.

The target grammar (the judged set and ``show --json`` use it): ``<act> <address>`` or ``<act>``
inside the corpus; ``external: <kind> <date> №<number> «<title>» <address>`` (the parts the
text gives) outside; ``publication: <id> <year> №<issue> ст.<article>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from normbase.normalize import fix_lookalikes
from normbase.dates import find_dates
from normbase.refgrammar import KK_ORD, KK_UNIT, RU_ORD, RU_UNIT, Piece, pieces
from normbase.model.kinds import BY_STEP, KINDS

_FILLER_TOKEN = re.compile(r"^(?:[^\W\d_][\w-]*|(?:[^\W\d_]\.){2,}|[A-Z]\d{6}_?|РК\.?|ҚР\.?)$")
_NUM = re.compile(r"\d+(?:-\d+)*")


def step_rank(step: str) -> tuple[int, int]:
    """Where a cited step goes in an address: the vocabulary's rank, then its place in the table
    (a section above a chapter, both of rank 10); an appendix («приложение 2») comes first."""
    if step == "app":
        return (0, 0)
    kind = BY_STEP[step]
    return (kind.rank, KINDS.index(kind))


@dataclass(frozen=True)
class ActCite:
    """An act as the text names it; every part optional."""

    kind: str | None = None
    date: date | None = None
    year: int | None = None
    number: str | None = None
    title: str | None = None

    def describe(self) -> str:
        parts = [self.kind or "act"]
        if self.date:
            parts.append(self.date.isoformat())
        elif self.year:
            parts.append(str(self.year))
        if self.number:
            parts.append(f"№{self.number}")
        if self.title:
            parts.append(f"«{self.title}»")
        return " ".join(parts)


@dataclass(frozen=True)
class Reference:
    kind: str  # unit | act | publication
    start: int
    end: int
    text: str
    steps: tuple[tuple[str, str], ...] = ()  # (kind, number) from the top: (("art", "5"), ("sp", "25"))
    scope: str | None = None  # unit references: "self" (настоящ… / осы), "act" (named), None
    self_unit: str | None = None  # «настоящей статьи» → "art": the step comes from the citing unit
    container: str | None = None  # «настоящих Правил» → "rules", «настоящего приказа» → "order"
    act: ActCite | None = None
    publication: tuple[str, ...] | None = None  # (id, year, issue, article)


# ---- extraction ----------------------------------------------------------------------------------


def _gap(text: str, a: Piece | int, b: Piece | int) -> str:
    start = a.end if isinstance(a, Piece) else a
    end = b.start if isinstance(b, Piece) else b
    return text[start:end]


def _filler(gap: str, limit: int = 14) -> bool:
    words = gap.removeprefix(".").split()  # «2009.04.29. N 154-IV Заңымен»: a dot closing the date
    return len(words) <= limit and all(_FILLER_TOKEN.match(w) for w in words)


def _unit_steps(p: Piece, lang: str) -> list[tuple[str, str]]:
    kind = p.label[5:]
    low = p.text.lower()
    if kind == "part":
        ords = RU_ORD if lang == "ru" else KK_ORD
        found = []
        for w in re.findall(r"\w+", low):
            n = next(
                (n for stem, n in sorted(ords.items(), key=lambda kv: -len(kv[0])) if w.startswith(stem)),
                None,
            )
            if n and (lang == "ru" or w in ords or any(w.startswith(k) for k in ords)):
                found.append((kind, str(n)))
        if found:
            return found
    nums = _NUM.findall(p.text)
    return [(kind, n) for n in nums]


def _parse_date(text: str) -> tuple[date | None, int | None]:
    """The first date the text writes (``dates.find_dates``: numeric, Russian or Kazakh), and its
    year; else only a year, when one is written."""
    found = find_dates(text)
    if found:
        return found[0][0], found[0][0].year
    m = re.search(r"\d{4}", text)
    return None, (int(m[0]) if m else None)


def _title(text: str) -> str:
    return " ".join(text.strip('«»"„“” ').split())


def _act_groups(text: str, ps: list[Piece], lang: str) -> dict[int, tuple[int, int, ActCite]]:
    """Each KIND piece with the DATE / NUMBER / TITLE pieces around it: index → (first, last, cite)."""
    out = {}
    attrs = ("DATE", "NUMBER", "TITLE")
    for i, p in enumerate(ps):
        if not p.label.startswith("KIND_"):
            continue
        got: dict[str, Piece] = {}
        first = last = i
        step = 1 if lang == "ru" else -1
        j, prev = i + step, p
        while 0 <= j < len(ps) and ps[j].label in attrs and ps[j].label not in got:
            gap = _gap(text, prev, ps[j]) if step == 1 else _gap(text, ps[j], prev)
            if not _filler(gap):
                break
            got[ps[j].label] = ps[j]
            prev, j = ps[j], j + step
        if step == 1:
            last = j - 1
        else:
            first = j + 1
        if (
            lang == "ru"
            and "TITLE" not in got
            and last + 1 < len(ps)
            and ps[last + 1].label == "TITLE"
            and _filler(_gap(text, ps[last], ps[last + 1]), 16)
        ):
            got["TITLE"], last = ps[last + 1], last + 1  # «Закона РК от … № … "О …"»
        kind = p.label[5:]
        specific = bool(got) or kind == "constitution" or (kind == "code" and " " in p.text.strip())
        if not specific:
            continue
        day, year = _parse_date(got["DATE"].text) if "DATE" in got else (None, None)
        number = _NUM.search(got["NUMBER"].text.split(maxsplit=1)[-1]) if "NUMBER" in got else None
        num = None
        if number:
            m = re.search(r"\d+(?:-\d+)*(?:-[IVXivx]+)?", got["NUMBER"].text)
            num = m[0].upper() if m else None
        cite = ActCite(kind, day, year, num, _title(got["TITLE"].text) if "TITLE" in got else None)
        out[i] = (first, last, cite)
    taken = {k for first, last, _c in out.values() for k in range(first, last + 1)}
    for i, p in enumerate(ps[:-1]):  # «от 4 июля 2006 года N 148», «2006.07.04 N 148»: an act of a list
        q = ps[i + 1]
        if (
            p.label == "DATE"
            and q.label == "NUMBER"
            and i not in taken
            and i + 1 not in taken
            and not _gap(text, p, q).strip()
            and re.match(r"от\s|\d+\.\d+\.\d+", p.text)
        ):
            day, year = _parse_date(p.text)
            m = re.search(r"\d+(?:-\d+)*(?:-[IVXivx]+)?", q.text)
            out[i] = (i, i + 1, ActCite(None, day, year, m[0].upper() if m else None))
    return out


# the stems every rule starts from (a text without any of them holds no reference)
_TRIGGER = re.compile(
    r"стат|ст\.|пункт|п\.|част|абзац|глав|раздел|прилож|ба[пб]|тармақ|тармағ|бөлі|тарау|қосымша"
    r"|закон|кодекс|указ|постановл|приказ|распоряж|конститу|заң|жарлы|қаулы|бұйры|өкім"
    r"|настоящ|осы\s|ведомост|жаршы|газет",
    re.IGNORECASE,
)
_TRIGGER_FOLDED = re.compile(_TRIGGER.pattern)  # the same stems, on a case-folded text: ~7 times faster


def _may_cite(text: str) -> bool:
    """Whether ``text`` holds a stem of ``_TRIGGER``: first on the case-folded text (a cheap check
    that misses nothing ``_TRIGGER`` finds: its stems are lower-case Cyrillic, and folding maps every
    upper-case or old form of those letters onto them), then, for the few texts it lets through,
    ``_TRIGGER`` itself, so that the answer is exactly ``_TRIGGER``'s."""
    return bool(_TRIGGER_FOLDED.search(text.casefold())) and bool(_TRIGGER.search(text))


def find(text: str, lang: str, engine: str = "spacy") -> list[Reference]:
    """The references in ``text`` (unresolved), in text order."""
    if not _may_cite(text):
        return []  # no word any rule starts from: the pipeline need not run
    return list(_found(text, lang, engine))


@lru_cache(maxsize=1 << 16)
def _found(text: str, lang: str, engine: str) -> tuple[Reference, ...]:
    """``find``, kept per wording: many wordings recur across acts and versions (a reference is
    immutable, so the same ones can be given out again), and the pipeline is the costly part."""
    probe = fix_lookalikes(text)  # «Парламентiнiң» with a Latin i, as older Kazakh texts have it
    ps = pieces(probe if len(probe) == len(text) else text, lang, engine)
    groups = _act_groups(text, ps, lang)
    refs: list[Reference] = []
    used: set[int] = set()
    i = 0
    while i < len(ps):
        p = ps[i]
        if p.label.startswith("UNIT_") and i not in used and _is_label(text, p):
            i += 1  # «Статья 5. …», «5-бап. …», «Глава 2.»: the unit's own label, not a reference
            continue
        if p.label.startswith("UNIT_") and i not in used:
            j = i
            while (
                j + 1 < len(ps)
                and ps[j + 1].label.startswith("UNIT_")
                and not _gap(text, ps[j], ps[j + 1]).strip()
            ):
                j += 1
            chain = ps[i : j + 1]
            ref = _unit_ref(text, ps, i, j, chain, groups, lang, used)
            if ref:
                refs.append(ref)
            used.update(range(i, j + 1))
            i = j + 1
            continue
        if p.label.startswith("PUB_"):
            refs += _publications(text, ps, i, lang, used)
        i += 1
    for k, (first, last, cite) in groups.items():
        if k not in used and not any(x in used for x in range(first, last + 1)):
            refs.append(
                Reference(
                    "act", ps[first].start, ps[last].end, text[ps[first].start : ps[last].end], act=cite
                )
            )
    refs.sort(key=lambda r: (r.start, r.end))
    return tuple(_nest_additions(text, refs))


_ADD = re.compile(r"дополн\w*|толықтырыл\w*", re.IGNORECASE)


def _nest_additions(text: str, refs: list[Reference]) -> list[Reference]:
    """«пункт 4 статьи 3 дополнить подпунктами 7-1) и 7-2)»: the new units are inside the unit named
    first (articles and chapters are numbered through the act, so never nested)."""
    out: list[Reference] = []
    for r in refs:
        prev = out[-1] if out else None
        if (
            r.kind == "unit"
            and prev is not None
            and prev.kind == "unit"
            and r.scope is None
            and prev.scope is None
            and r.steps
            and prev.steps
            and r.steps[0][0] not in ("art", "ch", "sec", "app")
            and step_rank(r.steps[0][0]) > max(step_rank(k) for k, _n in prev.steps)
            and _ADD.search(text[prev.end : r.start] + text[r.end : r.end + 30])
            and not re.search(r"[.;]", text[prev.end : r.start])
        ):
            parent = tuple(s for s in prev.steps if len({n for k, n in prev.steps if k == s[0]}) == 1)
            r = Reference(
                r.kind, r.start, r.end, r.text, parent + r.steps, r.scope, r.self_unit, r.container, r.act
            )
        out.append(r)
    return out


_LABEL = re.compile(r"(?:Статья|Глава|Раздел|Параграф)\s+\d+(?:-\d+)*|\d+(?:-\d+)*\s*-\s*(?:бап|тарау|бөлім)")


def _is_label(text: str, p: Piece) -> bool:
    """A unit's own label: at the start of the text and followed by «.» / «:», or anywhere as the
    nominative label with its dot («… Общие положения Статья 1. Основные понятия», «…толықтырылсын:
    "29-1-бап. …»): a citation is declined («статьей 5», «5-бабына») or runs on without a dot."""
    after = bool(re.match(r"\s*[.:]", text[p.end :]))
    return after and (not text[: p.start].strip(' #*\t"«') or bool(_LABEL.fullmatch(p.text)))


def _self_piece(p: Piece, lang: str) -> tuple[str | None, str | None]:
    """(unit kind, container) of «настоящей статьи» / «настоящих Правил» / «осы баптың»."""
    word = p.text.split(maxsplit=1)[-1].lower()
    for kind, rx in (RU_UNIT if lang == "ru" else KK_UNIT).items():
        if re.fullmatch(rx, word):
            return kind, None
    if re.match(r"правил|положени|инструкци|қағидалар|ереже|нұсқаулық", word):
        return None, "rules"
    if re.match(r"приказ|бұйрық|бұйрығ", word):
        return None, "order"
    return None, None


def _unit_ref(text, ps, i, j, chain, groups, lang, used) -> Reference | None:
    steps = [s for p in chain for s in _unit_steps(p, lang)]
    start, end = chain[0].start, chain[-1].end
    start, end = start, start + len(text[start:end].rstrip(" ,;-–и").rstrip())
    if lang == "ru" and text[start:end].endswith(" и"):
        end -= 2
    scope = self_unit = container = act = None
    nxt = j + 1 if lang == "ru" else i - 1  # the act a chain belongs to: after it (ru), before it (kk)
    if 0 <= nxt < len(ps):
        q = ps[nxt]
        gap = _gap(text, chain[-1], q) if lang == "ru" else _gap(text, q, chain[0])
        if not gap.strip():
            if q.label == "SELF":
                self_unit, container = _self_piece(q, lang)
                scope = "self"
                used.add(nxt)
                start, end = min(start, q.start), max(end, q.end)
            else:
                owner = next(
                    (
                        (k, g)
                        for k, g in groups.items()
                        if (g[0] if lang == "ru" else g[1]) == nxt or k == nxt
                    ),
                    None,
                )
                if owner:
                    k, (first, last, act) = owner
                    scope = "act"
                    used.update(range(first, last + 1))
                    used.add(k)
                    start, end = min(start, ps[first].start), max(end, ps[last].end)
    if scope is None and re.search(r"(?<!\w)(?:см\.|қараңыз)\s*$", text[:start]) and groups:
        before = [g for k, g in groups.items() if ps[g[1]].end <= start]
        if before:  # «… от 4 июля 2006 года N 148 (порядок введения в действие см. ст.2)»
            first, last, act = max(before, key=lambda g: g[1])
            scope = "act"
    if not steps:
        return None
    return Reference("unit", start, end, text[start:end], tuple(steps), scope, self_unit, container, act)


def _publications(text, ps, i, lang, used) -> list[Reference]:
    p, pub = ps[i], ps[i].label[4:]
    out: list[Reference] = []
    year_before = ""  # an entry without its year has the year of the entry before it
    j = i + 1
    while j < len(ps) and ps[j].label == "PUBENTRY" and not _gap(text, ps[j - 1], ps[j]).strip(" ,;"):
        e = ps[j]
        nums = re.findall(r"\d+(?:-\d+)*(?:-[IVXivx]+)?", e.text)
        year = year_before = nums[0] if len(nums) == 3 else year_before
        issue, article = nums[-2], nums[-1]
        s = p.start if not out else e.start + (1 if e.text.startswith(";") else 0)
        s = s + len(text[s : e.end]) - len(text[s : e.end].lstrip("; "))
        out.append(
            Reference(
                "publication", s, e.end, text[s : e.end], publication=(pub, year, issue.upper(), article)
            )
        )
        used.add(j)
        j += 1
    if not out:  # «2008 жылғы 01 ақпандағы «Заң газетінің» № 16 (1416) санында»
        prev = ps[i - 1] if i and ps[i - 1].label == "DATE" and not _gap(text, ps[i - 1], p).strip() else None
        day, year = _parse_date(prev.text) if prev else (None, None)
        issue = re.search(r"\d+", p.text)
        s = prev.start if prev else p.start
        out.append(
            Reference(
                "publication",
                s,
                p.end,
                text[s : p.end],
                publication=(pub, str(year or ""), issue[0] if issue else "", ""),
            )
        )
    used.add(i)
    return out
