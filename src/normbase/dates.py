"""reads: strings (an order's text, a footnote's parenthesis, a written date) / writes: nothing.

Dates of orders and their entry into force.

Pure functions: nothing here reads today's date or the file system.

* ``ENTRY_RULES`` is the one table of entry-into-force rules, each with its Russian and Kazakh
  phrases (regular expressions in which a space stands for any run of whitespace).
* ``find_entry_rule`` finds the rule an order's text (or a footnote's parenthesis) states.
* ``entry_into_force`` turns a rule and the known dates of an order into a ``DateWindow``: an
  exact day when the sources prove it, else the days the sources allow, with the reason.
* ``parse_date`` / ``find_dates`` read ``2015-07-27``, ``27.07.2015``, ``2010.03.11``,
  ``29 ноября 2007 года``, ``2007 жылғы 29 қарашадағы``, ``2015 жылы 25 тамызда``.

Matching is tolerant: case, ``ё``/``е``, Latin look-alike letters, ``N``/``№`` and runs of
whitespace are folded first (the fold keeps every character's position, so spans index the
caller's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "RuleKind",
    "EntryRule",
    "ENTRY_RULES",
    "find_entry_rule",
    "match_entry_rule",
    "DateWindow",
    "entry_into_force",
    "parse_date",
    "find_dates",
    "fold",
    "MIN_DATE",
    "MAX_DATE",
    "in_bounds",
]

LANGS = ("kk", "ru")

# The days normbase accepts anywhere (metadata, --on, dates written in a text): a date outside
# them is a typo (9999-12-31), and the arithmetic of entry into force must not overflow.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)


def in_bounds(d: date) -> bool:
    return MIN_DATE <= d <= MAX_DATE


# Latin look-alikes -> Cyrillic, ё -> е; one character for one character.
_FOLD = str.maketrans(
    {
        "a": "а",
        "e": "е",
        "o": "о",
        "p": "р",
        "c": "с",
        "x": "х",
        "y": "у",
        "i": "і",
        "A": "А",
        "E": "Е",
        "O": "О",
        "P": "Р",
        "C": "С",
        "X": "Х",
        "Y": "У",
        "K": "К",
        "M": "М",
        "H": "Н",
        "T": "Т",
        "B": "В",
        "ё": "е",
        "Ё": "Е",
    }
)
_LATIN_N = re.compile(r"(?<![^\W\d_])N(?=\s*\d)|(?<![^\W\d_])N[oо]\.?(?=\s*\d)")


def fold(text: str) -> str:
    """Lower-case, ``ё``→``е``, Latin look-alikes→Cyrillic, ``N`` before a number→``№``.

    The result has the same length as ``text``: positions in it are positions in ``text``.
    """
    text = _LATIN_N.sub(lambda m: "№" + " " * (len(m.group()) - 1), text)
    text = text.translate(_FOLD)
    low = text.lower()
    if len(low) == len(text):  # every character lowered to one character: positions kept
        return low
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a phrase: a literal space matches any run of whitespace."""
    return re.compile(pattern.replace(" ", r"\s+"))


# ---------------------------------------------------------------------------------------------
# Entry-into-force rules: THE table.


class RuleKind(StrEnum):
    AFTER_PUBLICATION = "after_publication"  # publication day + 1
    TEN_DAYS_AFTER_PUBLICATION = "ten_days_after_publication"  # publication day + 11
    FROM_SIGNING = "from_signing"  # the signing day
    FROM_PUBLICATION = "from_publication"  # the publication day


@dataclass(frozen=True)
class EntryRule:
    """A rule of entry into force: ``base`` day (``publication``/``signing``) + ``offset_days``."""

    kind: RuleKind
    offset_days: int | None
    base: str
    phrases: dict[str, tuple[str, ...]] = field(hash=False, repr=False)

    @property
    def description(self) -> str:
        day = f"{self.base} day"
        return day if not self.offset_days else f"{day} + {self.offset_days}"


_PUB_KK = r"(?:(?:алғашқы|алғаш|бірінші) )?ресми жариялан(?:ған күнінен|ған күннен|ғаннан)"
_PUB_RU = r"(?:его |их )?(?:первого )?официального опубликования"
_TEN_KK = r"(?:күнтізбелік )?(?:он|10) (?:күнтізбелік )?күн"

ENTRY_RULES: tuple[EntryRule, ...] = (
    EntryRule(
        RuleKind.TEN_DAYS_AFTER_PUBLICATION,
        11,
        "publication",
        {
            "ru": (
                r"по истечении (?:десяти|10)(?: \((?:десяти|10)\))? (?:календарных )?дней"
                r" (?:после дня|со дня|после) " + _PUB_RU,
            ),
            "kk": (
                _PUB_KK + r" кейін " + _TEN_KK + r" өткен(?: соң|нен кейін)",
                r"(?:алғашқы )?ресми жариялан\w* (?:күнінен )?бастап " + _TEN_KK + r" өткен",
            ),
        },
    ),
    EntryRule(
        RuleKind.AFTER_PUBLICATION,
        1,
        "publication",
        {
            "ru": (
                r"(?:вводится|вводятся|вступает|вступают) (?:в действие|в силу) после дня " + _PUB_RU,
                r"(?<!дней\s)(?<!дня\s)после дня (?:его |их )?первого официального опубликования",
            ),
            "kk": (_PUB_KK + r" кейін(?! " + _TEN_KK + r")",),
        },
    ),
    EntryRule(
        RuleKind.FROM_PUBLICATION,
        0,
        "publication",
        {
            "ru": (
                r"(?:вводится|вводятся|вступает|вступают) (?:в действие|в силу) со дня " + _PUB_RU,
                r"(?<!дней\s)со дня (?:его |их )?первого официального опубликования",
            ),
            "kk": (
                r"(?:(?:алғашқы|алғаш|бірінші) )?ресми жариялан(?:ған күнінен|ған күннен|ған күні)"
                r" бастап(?! " + _TEN_KK + r")",
            ),
        },
    ),
    EntryRule(
        RuleKind.FROM_SIGNING,
        0,
        "signing",
        {
            "ru": (r"(?:со дня|с момента|с даты) (?:его |их )?подписания",),
            "kk": (r"қол қойылған (?:күнінен|күннен|күні) бастап", r"қол қойылғаннан бастап"),
        },
    ),
)

_COMPILED = {
    (rule.kind, lang): tuple(_rx(p) for p in rule.phrases[lang]) for rule in ENTRY_RULES for lang in LANGS
}


def match_entry_rule(text: str, lang: str) -> tuple[EntryRule, tuple[int, int]] | None:
    """The rule stated in ``text`` and the span of its phrase, or None.

    The phrase that starts first wins (ties: the longest), so «по истечении десяти … после дня
    его первого официального опубликования» is ten days, not the «после дня …» inside it.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {LANGS}")
    folded = fold(text)
    best: tuple[int, int, EntryRule] | None = None
    for rule in ENTRY_RULES:
        for rx in _COMPILED[(rule.kind, lang)]:
            m = rx.search(folded)
            if m and (best is None or (m.start(), -m.end()) < (best[0], -best[1])):
                best = (m.start(), m.end(), rule)
    return None if best is None else (best[2], (best[0], best[1]))


def find_entry_rule(text: str, lang: str) -> EntryRule | None:
    """The entry-into-force rule stated in an order's text or a footnote's parenthesis."""
    found = match_entry_rule(text, lang)
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Windows of dates.


@dataclass(frozen=True, order=True)
class DateWindow:
    """When something happened, as far as the sources prove: ``earliest`` … ``latest``."""

    _key: tuple = field(init=False, repr=False)  # sorts windows; None (unknown) sorts last
    earliest: date
    latest: date | None
    reason: str

    def __post_init__(self) -> None:
        if self.earliest is None:  # no date at all is known (signed = published = "unknown"): no lower bound
            object.__setattr__(self, "earliest", date.min)
        if self.latest is not None and self.latest < self.earliest:
            raise ValueError(f"empty date window: {self.earliest} … {self.latest}")
        key = (self.earliest, self.latest is None, self.latest or date.min, self.reason)
        object.__setattr__(self, "_key", key)

    @classmethod
    def exactly(cls, day: date, reason: str) -> DateWindow:
        return cls(day, day, reason)

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    def contains(self, d: date) -> bool:
        return self.earliest <= d and (self.latest is None or d <= self.latest)

    def before(self, d: date) -> bool:
        """The whole window lies before ``d``."""
        return self.latest is not None and self.latest < d

    def after(self, d: date) -> bool:
        """The whole window lies after ``d``."""
        return self.earliest > d

    def __str__(self) -> str:
        if self.exact:
            return self.earliest.isoformat()
        if self.latest is None:
            return "unknown" if self.earliest == date.min else f"≥ {self.earliest.isoformat()}"
        return f"{self.earliest.isoformat()} … {self.latest.isoformat()}"


def _check_order(
    signed: date | None, registered: date | None, published: date | None, first_known: date | None
) -> None:
    if signed and registered and registered < signed:
        raise ValueError(f"registered {registered} before it was signed {signed}")
    for name, d in (
        ("signed", signed),
        ("registered", registered),
        ("known not to be published before", first_known),
    ):
        if published and d and published < d:
            raise ValueError(
                f"published {published} but {name} {d}: publication cannot precede signing or registration"
            )


def entry_into_force(
    rule: EntryRule | None,
    *,
    signed: date | None,
    registered: date | None,
    published: date | None,
    first_known: date | None = None,
) -> DateWindow:
    """The day an order entered into force, or the window of days the sources allow.

    ``first_known``: a day the publication is known not to precede (raises the lower bound).
    Raises ValueError on contradictory dates or when no date at all is known.
    """
    _check_order(signed, registered, published, first_known)
    if rule is None:
        known = [(d, n) for d, n in ((signed, "signing"), (registered, "registration")) if d]
        if not known:
            raise ValueError(
                "entry into force unknown: no rule and neither signing nor registration date recorded"
            )
        day, what = max(known)
        return DateWindow(
            day,
            None,
            f"entered into force on an unknown date, not before "
            f"{day} ({what}); its entry-into-force rule is unknown",
        )
    offset = timedelta(days=rule.offset_days or 0)
    if rule.base == "signing":
        if signed is None:
            raise ValueError(f"rule {rule.kind} needs the signing date, which is not recorded")
        return DateWindow.exactly(
            signed + offset,
            f"entered into force on {signed + offset}: signed {signed}, rule {rule.description}",
        )
    if published is not None:
        day = published + offset
        return DateWindow.exactly(
            day, f"entered into force on {day}: published {published}, rule {rule.description}"
        )
    bounds = [
        (d, n)
        for d, n in (
            (signed, "signing"),
            (registered, "state registration"),
            (first_known, "the first known date"),
        )
        if d
    ]
    if not bounds:
        raise ValueError(
            f"rule {rule.kind}: publication date unknown and no signing or registration date recorded"
        )
    pub, what = max(bounds, key=lambda b: b[0])
    day = pub + offset
    return DateWindow(
        day,
        None,
        f"entered into force on an unknown date, not before {day}; "
        f"publication date not recorded (rule {rule.description}; publication "
        f"cannot precede {what} on {pub})",
    )


# ---------------------------------------------------------------------------------------------
# Written dates.

_RU_MONTHS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_KK_MONTHS = (
    "қаңтар|қантар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек|қырқүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
_RU_MONTH_RX = (
    r"(?P<mon>январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]"
    r"|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])(?!\w)"
)
_KK_MONTH_RX = r"(?P<mon>" + "|".join(_KK_MONTHS) + r")\w*"
_QO, _QC = r"[«\"“„']?", r"[»\"”“']?"
_DATE_RXS: dict[str, tuple[re.Pattern[str], ...]] = {
    "num": (
        re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)(?!\.\d)"),
        re.compile(r"(?<![\d.])(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?!\d)(?!\.\d)"),
    ),
    "ru": (
        re.compile(
            _QO
            + r"(?<!\d)(?P<d>\d{1,2})"
            + _QC
            + r"\s+"
            + _RU_MONTH_RX
            + r"\s+(?P<y>\d{4})(?!\d)(?:\s*(?:года|год|г\.))?"
        ),
    ),
    "kk": (
        re.compile(
            r"(?<!\d)(?P<y>\d{4})\s*(?:жылғы|жылы|жылдың|ж\.)\s*"
            + _QO
            + r"(?P<d>\d{1,2})"
            + _QC
            + r"(?:\s*-\s*|\s+)"
            + _KK_MONTH_RX
        ),
    ),
}


_DIGIT = re.compile(r"\d")


def _month(name: str, table: tuple[str, ...]) -> int:
    for number, stems in enumerate(table, start=1):
        if any(name.startswith(stem) for stem in stems.split("|")):
            return number
    raise ValueError(f"bad date: unknown month {name!r}")  # pragma: no cover - regex guards


def _scan(text: str, lang: str) -> list[tuple[tuple[int, int], int, int, int]]:
    """Date-shaped pieces of ``text`` as (span, year, month, day), unvalidated, no overlaps."""
    if not _DIGIT.search(text):
        return []  # every date pattern has a digit (and folding makes none)
    folded = fold(text)
    groups = ["num"] + ([lang] if lang in LANGS else list(LANGS))
    hits = []
    for group in groups:
        for rx in _DATE_RXS[group]:
            for m in rx.finditer(folded):
                if group == "num":
                    mon = int(m["m"])
                else:
                    mon = _month(m["mon"], _RU_MONTHS if group == "ru" else _KK_MONTHS)
                hits.append((m.span(), int(m["y"]), mon, int(m["d"])))
    hits.sort(key=lambda h: (h[0][0], -h[0][1]))
    out: list[tuple[tuple[int, int], int, int, int]] = []
    for hit in hits:
        if not out or hit[0][0] >= out[-1][0][1]:
            out.append(hit)
    return out


def find_dates(text: str, lang: str = "any") -> list[tuple[date, tuple[int, int]]]:
    """Valid dates written inside ``text`` (``lang`` "ru", "kk" or "any") with their spans.

    Date-shaped pieces that are not real days (``30.02.2015``) or lie outside ``MIN_DATE`` …
    ``MAX_DATE`` are skipped.
    """
    found = []
    for span, y, m, d in _scan(text, lang):
        try:
            day = date(y, m, d)
        except ValueError:
            continue
        if in_bounds(day):
            found.append((day, span))
    return found


_PUNCT = r"[\s.,;:«»\"“„'()]*"
_PREFIX = re.compile(_PUNCT + r"(?:от)?" + _PUNCT)
_SUFFIX = re.compile(_PUNCT + r"(?:(?:года|год|г\.?|жылғы|жылы|ж\.?)" + _PUNCT + r")?")


def parse_date(text: str) -> date:
    """One date written in ``text`` (numeric, Russian or Kazakh); ValueError("bad date: …")."""
    hits = _scan(text, "any")
    if len(hits) != 1:
        raise ValueError(f"bad date: {text!r}")
    (start, end), y, m, d = hits[0]
    if not _PREFIX.fullmatch(fold(text[:start])) or not _SUFFIX.fullmatch(fold(text[end:])):
        raise ValueError(f"bad date: {text!r}")
    try:
        day = date(y, m, d)
    except ValueError as err:
        raise ValueError(f"bad date: {text!r} ({err})") from None
    if not in_bounds(day):
        raise ValueError(f"bad date: {text!r} is outside {MIN_DATE} … {MAX_DATE}")
    return day
