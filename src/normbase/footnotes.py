"""reads: the text of one footnote (normalized, one line) and its language / writes: nothing.

Editorial footnotes of consolidated texts («Сноска.» / «Ескерту.»).

A footnote names the unit it is about and one or more amending orders, each with what the order
did (replaced, amended, deleted, inserted), its date and number, and usually the order's own
entry-into-force rule in parentheses::

    Сноска. Пункт 7 с изменениями, внесенными приказами и.о. Министра … РК от 27.07.2015 № 488
    (вводится в действие …); от 18.01.2016 № 40 (вводится в действие …).
    Ескерту. 7-тармаққа өзгерістер енгізілді - ҚР … министрінің м.а. 27.07.2015 № 488
    (алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі) бұйрығымен.

Every «№ number» is one order; the text before it (back to the previous order) may state a new
change kind and a new issuer, otherwise both carry over from the previous order.
``parse_footnote`` never raises: what it cannot read is listed in ``Footnote.problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from normbase.dates import LANGS, EntryRule, find_dates, find_entry_rule, fold
from normbase.model.acts import act_id_of

__all__ = [
    "ChangeKind",
    "OrderRef",
    "Change",
    "Footnote",
    "is_footnote_start",
    "parse_footnote",
    "target_hint",
    "KIND_PHRASES",
]


class ChangeKind(StrEnum):
    REPLACED = "replaced"
    AMENDED = "amended"
    DELETED = "deleted"
    INSERTED = "inserted"


@dataclass(frozen=True)
class OrderRef:
    """An amending order as a footnote names it; ``act_id`` is ``<number>-<year>``."""

    number: str
    date: date | None
    issuer: str
    act_id: str = ""

    def __post_init__(self) -> None:
        if not self.act_id:  # «от 04.07.2022 N 134-VII» → 134-VII-2022 (model/acts.py)
            object.__setattr__(self, "act_id", act_id_of(self.number, self.date.year if self.date else None))


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    order: OrderRef
    entry_rule: EntryRule | None
    rule_text: str | None


@dataclass(frozen=True)
class Footnote:
    text: str
    lang: str
    subject: str
    target_hint: str | None
    changes: tuple[Change, ...]
    problems: tuple[str, ...] = field(default=())


# What a footnote says the order did; per language, the phrase found first in a stretch wins.
KIND_PHRASES: dict[str, tuple[tuple[ChangeKind, str], ...]] = {
    "ru": (
        (ChangeKind.REPLACED, r"(?:изложен\w* )?в (?:новой )?редакции"),
        (ChangeKind.AMENDED, r"с изменени(?:ем|ями)(?: и дополнени(?:ем|ями))?"),
        (ChangeKind.AMENDED, r"с дополнени(?:ем|ями)"),
        (ChangeKind.AMENDED, r"внесенн\w*|изменен(?:а|о|ы)?(?!\w)"),
        (ChangeKind.AMENDED, r"внесен[оы]? (?:изменени|дополнени)\w*"),
        (ChangeKind.DELETED, r"исключен(?:а|о|ы)?(?!\w)|утратил\w* силу"),
        (ChangeKind.INSERTED, r"дополнен(?:а|о|ы)?(?!\w)"),
    ),
    "kk": (
        (ChangeKind.REPLACED, r"(?:жаңа )?редакцияда(?: жазылды)?"),
        (ChangeKind.AMENDED, r"өзгеріс\w*(?: мен толықтыру\w*)? енгізілді"),
        (ChangeKind.AMENDED, r"толықтыру\w* енгізілді"),
        (ChangeKind.DELETED, r"(?:алып тасталды|(?:күші )?жойылды)"),
        (ChangeKind.INSERTED, r"толықтырылды"),
    ),
}
_KIND_RX = {
    lang: [(kind, re.compile(p.replace(" ", r"\s+"))) for kind, p in table]
    for lang, table in KIND_PHRASES.items()
}

_START = re.compile(r"\s*(?:сноск[аи]|ескерту|ескертпе)\s*[.:]\s*")
_NUMBER = re.compile(r"№\s*(\w(?:[\w/]|-(?=\w))*)")
_DATE_GLUE = re.compile(r"\s*\.?\s*(?:года|г\.|жылғы)?\s*$")  # «2004.12.20. № 13»: the date's own dot
_RU_FROM = re.compile(r"(?<!\w)от\s*$")
_ACT_AFTER_KK = re.compile(r"\s*(?:бұйрығ|бұйрықтар|қаулы|шешім|жарлығ|заң)\w*")
_ACT_RU = re.compile(
    r"(?<!\w)(?:совместн\w* )?(?:приказ|постановлени|решени|указ|закон"
    r"|распоряжени)\w*\s*"
)
_LEAD_JUNK = re.compile(
    r"[\s;,.)]*(?:(?:и|а\s+также|және|бұйрығ\w*|бұйрықтар\w*|қаулы\w*)"
    r"(?!\w)[\s;,.]*)*"
)
_ISSUER_JUNK = re.compile(r"[\s,;:\-–—]*(?:внесенн\w*|в\s+соответствии\s+с)?[\s,;:\-–—]*")
_KK_STATE = re.compile(r"(?<!\w)(?:қр|қазақстан\s+республикасы)(?!\w)")
_KK_DASH = re.compile(r"\s[-–—]\s")
_EDGES = " \t-–—:,;"


_START_LETTERS = frozenset("сСcCеЕeEёЁ")  # what folds to the first letter of «сноска» / «ескерту»


def is_footnote_start(line: str) -> bool:
    """True when ``line`` opens an editorial footnote («Сноска.», «Ескерту.»)."""
    head = line.lstrip()[:24]  # the mark opens the line: fold only its start
    return head[:1] in _START_LETTERS and bool(_START.match(fold(head)))


def _clean(s: str) -> str:
    return " ".join(s.split()).lstrip(_EDGES + ".").rstrip(_EDGES)


def _first_kind(folded: str, lang: str) -> tuple[ChangeKind, int, int] | None:
    best = None
    for kind, rx in _KIND_RX[lang]:
        m = rx.search(folded)
        if m and (best is None or (m.start(), -m.end()) < (best[1], -best[2])):
            best = (kind, m.start(), m.end())
    return best


def _paren_end(folded: str, pos: int) -> int | None:
    """End of the parenthesis opening at ``pos`` (nested once); None when it never closes."""
    depth = 0
    for i in range(pos, len(folded)):
        if folded[i] == "(":
            depth += 1
        elif folded[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


@dataclass
class _Ref:
    start: int  # where the reference begins (its date, «от», or «№»)
    end: int  # after the number, its act word and its parenthesis
    number: str
    day: date | None
    rule_span: tuple[int, int] | None  # inside the parenthesis


def _find_refs(folded: str, pos: int, problems: list[str], text: str = "") -> list[_Ref]:
    refs: list[_Ref] = []
    body_at = pos
    while (m := _NUMBER.search(folded, pos)) is not None:
        number = text[m.start(1) : m.end(1)] if text else m.group(1)  # as printed: «134-VII», not folded
        if not any(ch.isdigit() for ch in number):
            pos = m.end()
            continue
        start, day = m.start(), None
        floor = refs[-1].end if refs else body_at
        before = [
            (d, s)
            for d, s in find_dates(folded[floor : m.start()])
            if _DATE_GLUE.fullmatch(folded[floor + s[1] : m.start()])
        ]
        end = m.end()
        if before:
            day, span = before[-1]
            start = floor + span[0]
            if (frm := _RU_FROM.search(folded, floor, start)) is not None:
                start = frm.start()
        else:
            after = re.match(r"\s*от\s+", folded[end:])
            found = find_dates(folded[end + after.end() :]) if after else []
            if after and found and found[0][1][0] == 0:
                day = found[0][0]
                end += after.end() + found[0][1][1]
            else:
                problems.append(f"order № {number} has no date")
        if (a := _ACT_AFTER_KK.match(folded, end)) and folded[a.end() :].lstrip()[:1] == "(":
            end = a.end()  # «№ 488 бұйрығымен (…)»
        rule_span = None
        p = re.compile(r"\s*\(").match(folded, end)
        if p is not None:
            close = _paren_end(folded, p.end() - 1)
            if close is None:
                problems.append(f"order № {number}: parenthesis never closes")
                close = len(folded)
            rule_span = (p.end(), close - (1 if folded[close - 1 : close] == ")" else 0))
            end = close
        refs.append(_Ref(start, end, number, day, rule_span))
        pos = end
    return refs


_HINTS: tuple[tuple[str, str], ...] = (
    # (pattern on folded text, hint template; {1}/{2} are groups)
    (r"подпункт\w* (\d+(?:-\d+)?)\)? пункта (\d+(?:-\d+)?) стать\w* (\d+(?:-\d+)?)", "art{3}.p{2}.sp{1}"),
    (r"(?<!под)пункт\w* (\d+(?:-\d+)?) стать\w* (\d+(?:-\d+)?)", "art{2}.p{1}"),
    (r"подпункт\w* (\d+(?:-\d+)?)\)? стать\w* (\d+(?:-\d+)?)", "art{2}.sp{1}"),
    (r"(?<!\w)стать\w* (\d+(?:-\d+)?)", "art{1}"),
    (r"(\d+(?:-\d+)?)-ба[пб]\w* (\d+(?:-\d+)?)-тарма[қғ]\w* (\d+(?:-\d+)?)\)? тармақша", "art{1}.p{2}.sp{3}"),
    (r"(\d+(?:-\d+)?)-ба[пб]\w* (\d+(?:-\d+)?)-тарма[қғ]", "art{1}.p{2}"),
    (r"(\d+(?:-\d+)?)-ба[пб]\w* (\d+(?:-\d+)?)\)? тармақша", "art{1}.sp{2}"),
    (r"(\d+(?:-\d+)?)-ба[пб]", "art{1}"),
    (r"подпункт\w* (\d+(?:-\d+)?)\)? пункта (\d+(?:-\d+)?)", "p{2}.sp{1}"),
    (r"(\d+(?:-\d+)?)-тармақ\w* (\d+(?:-\d+)?)\)? тармақша", "p{1}.sp{2}"),
    (r"(?:заголовок|наименование|название) глав\w* (\d+(?:-\d+)?)", "ch{1}"),
    (r"(?:заголовок|наименование|название) глав", "chapter"),
    (r"(?<!\w)глав\w* (\d+(?:-\d+)?)", "ch{1}"),
    (r"(\d+(?:-\d+)?)-тарау", "ch{1}"),
    (r"тарау\w* (?:тақырыб|атау)", "chapter"),
    (r"(?<!под)пункт\w* (\d+(?:-\d+)?)", "p{1}"),
    (r"(\d+(?:-\d+)?)-тармақ", "p{1}"),
    (r"приложени\w* (\d+)|(\d+)-қосымша", "app{1}"),
    (r"^(?:заголовок|наименование|название|тақырыб\w*|атау\w*)$", "title"),
    (r"^(?:преамбула|кіріспе)", "preamble"),
)
_HINT_RX = [(re.compile(p.replace(" ", r"\s+")), t) for p, t in _HINTS]


def target_hint(subject: str) -> str | None:
    """An address hint from a footnote's subject: "title", "chapter", "ch2", "p7", "p7.sp5"."""
    s = _clean(fold(subject))
    for rx, template in _HINT_RX:
        if (m := rx.search(s)) is not None:
            groups = [g for g in m.groups() if g is not None]
            return template.format(None, *groups) if groups else template
    return None


def _issuer(lead: str, folded: str, lang: str) -> str:
    """The office named in ``lead`` (original spelling); ``folded`` is ``lead`` folded."""
    if lang == "ru":
        acts = list(_ACT_RU.finditer(folded))
        if acts:
            return _clean(lead[acts[-1].end() :])
    junk = _ISSUER_JUNK.match(folded)
    assert junk is not None  # the pattern matches the empty string
    return _clean(lead[junk.end() :])


def _split_unstated(lead: str, flead: str, lang: str) -> tuple[str, str]:
    """(subject, issuer part) of a first stretch that states no change kind."""
    if lang == "kk":
        if (dash := _KK_DASH.search(lead)) is not None:
            return lead[: dash.start()], lead[dash.end() :]
        m = _KK_STATE.search(flead)
    else:
        m = _ACT_RU.search(flead)
    return (lead[: m.start()], lead[m.start() :]) if m else (lead, "")


def parse_footnote(text: str, lang: str) -> Footnote:
    """Read one footnote; never raises — what it cannot read is listed in ``problems``."""
    problems: list[str] = []
    if lang not in LANGS:
        problems.append(f"unknown language {lang!r}; read as Russian")
        lang = "ru"
    text = text.strip()
    folded = fold(text)
    start = _START.match(folded)
    if start is None:
        problems.append("does not start with «Сноска.» / «Ескерту.»")
    body_at = start.end() if start else 0
    refs = _find_refs(folded, body_at, problems, text)
    if not refs:
        problems.append("no order (date and №) found")
    tail_end = refs[-1].end if refs else len(text)
    tail_kind = _first_kind(folded[tail_end:], lang)  # «… № 488 бұйрығымен жаңа редакцияда.»

    subject, hint, issuer = "", None, ""
    kind: ChangeKind | None = None
    changes: list[Change] = []
    prev_end = body_at
    for i, stop in enumerate([r.start for r in refs] or [len(text)]):
        junk = _LEAD_JUNK.match(folded, prev_end)
        assert junk is not None  # the pattern matches the empty string
        at = junk.end() if i else prev_end
        lead, flead = text[at:stop], folded[at:stop]
        found = _first_kind(flead, lang)
        if found is not None:
            kind, k0, k1 = found
            pre, post = lead[:k0], lead[k1:]
        elif i == 0:
            pre, post = _split_unstated(lead, flead, lang)
            kind = tail_kind[0] if tail_kind else None
            if kind is None and refs:
                problems.append("what the order did (replaced, amended, …) is not stated")
        else:
            pre, post = "", lead
        if i == 0:
            subject = _clean(pre)
            hint = target_hint(subject)
            if kind is ChangeKind.INSERTED:  # «Правила дополнены пунктом 7-1 …»
                m = _ACT_RU.search(fold(post))
                hint = target_hint(post[: m.start()] if m else post) or hint
        issuer = _issuer(post, fold(post), lang) or issuer
        if not refs:
            break
        ref = refs[i]
        prev_end = ref.end
        if kind is None:
            continue
        if not issuer:
            problems.append(f"order № {ref.number}: issuer not stated")
        rule = None
        rule_text = _clean(text[ref.rule_span[0] : ref.rule_span[1]]) if ref.rule_span else ""
        if rule_text:
            other = "kk" if lang == "ru" else "ru"
            rule = find_entry_rule(rule_text, lang) or find_entry_rule(rule_text, other)
            if rule is None:
                problems.append(f"order № {ref.number}: entry-into-force rule not recognised: {rule_text!r}")
        order = OrderRef(ref.number, ref.day, issuer)
        changes.append(Change(kind, order, rule, rule_text or None))
    return Footnote(text, lang, subject, hint, tuple(changes), tuple(problems))
