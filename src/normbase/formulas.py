"""Formulas: the clause sentences of amending acts, one table row each, in both languages.

reads: nothing; writes: nothing (the table and the patterns ``instructions.py`` reads clauses with).

Each row of ``_FORMULAS`` is one formula: its language (``None``: both), its action (a context —
the approved Rules, a unit, one language's text —, or an operation) and its pattern, whose named
phrases (``t`` nominative, ``loc`` locative, ``new`` instrumental, ``gen`` genitive) must read as
units by ``phrases.PHRASES``. Rows are tried in table order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normbase.phrases import NUM as _NUM
from normbase.phrases import QI as _QI
from normbase.phrases import Q as _Q


_W = r"(?:«(?P<w>.*))?$"  # inline wording after the formula
_END = r"\s*[:;.,]?\s*"
_KK_WORD = r"(?:сөз|сан|цифр|таңба|белгі)\w*"
_RU_WORD = r"(?:слов|цифр|числ|знак|букв)\w*"
_KK_PAIR = rf"«({_QI})» деген {_KK_WORD} (?:тиісінше )?«({_QI})» деген {_KK_WORD}"
_RU_PAIR = rf"{_RU_WORD} «({_QI})» (?:соответственно )?заменить {_RU_WORD} «({_QI})»"
# punctuation a clause puts after words («… деген сөздерден кейін нүктелі үтір қойылсын»): the mark
MARKS = {
    "нүктелі үтір": ";",
    "қос нүкте": ":",
    "үтір": ",",
    "нүкте": ".",
    "точку с запятой": ";",
    "двоеточие": ":",
    "запятую": ",",
    "точку": ".",
}
_MARK = "(?P<mark>" + "|".join(sorted(MARKS, key=len, reverse=True)) + ")"
_LIST_SEP = r"(?:\s*[,;]\s*(?:және |а также |и )?|\s+(?:және|и)\s+)"
_LOC = r"(?:(?P<loc>[^«»]+?)\s+)?"


@dataclass(frozen=True)
class _Formula:
    lang: str | None
    action: str
    pattern: re.Pattern[str]
    cases: tuple[tuple[str, str], ...]


def _f(lang: str | None, action: str, pattern: str, **cases: str) -> _Formula:
    return _Formula(lang, action, re.compile(pattern, re.I | re.S), tuple(cases.items()))


_FORMULAS: tuple[_Formula, ...] = (
    # context: the approved Rules (or an appendix) of the amended order
    _f(
        "kk",
        "rules",
        rf"^(?:көрсетілген|аталған) бұйрықпен бекітілген (?:[^«»:]|{_Q})*?"
        r"(?:Қағида|Ереже|Нұсқаулық)\w*\s*:(?P<rest>.*)$",
    ),
    _f("kk", "rules", r"^(?:көрсетілген|аталған) бұйрыққа (?:(?P<app>\d+)-)?қосымшада\s*:(?P<rest>.*)$"),
    _f(
        "ru",
        "rules",
        rf"^в (?:Правилах|Положении|Инструкции|Регламенте)\b(?:[^«»:]|{_Q})*?"
        r"утвержденн\w+ (?:указанным|этим|данным) приказом\s*:(?P<rest>.*)$",
    ),
    _f("ru", "rules", r"^в приложении(?: (?P<app>\d+))? к указанному приказу\s*:(?P<rest>.*)$"),
    # … of a decree or resolution («утвержденным вышеназванным Указом»,
    # «жоғарыда аталған Жарлықпен бекітілген»)
    _f(
        "kk",
        "rules",
        r"^(?:көрсетілген|аталған|жоғарыда аталған|осы) (?:Жарлықпен|қаулымен|бұйрықпен) бекітілген "
        rf"(?:[^«»:]|{_Q})*?(?:Қағида|Ереже|Нұсқаулық)\w*(?: (?P<app>\d+)-қосымшасында)?\s*:(?P<rest>.*)$",
    ),
    _f(
        "ru",
        "rules",
        r"^в (?:приложении(?: (?P<app>\d+))? к )?(?:Правила|Положени|Инструкци|Регламент)\w*\b"
        rf"(?:[^«»:]|{_Q})*?утвержденн\w+ (?:указанным|этим|данным|вышеназванным|настоящим) "
        r"(?:Указом|постановлением)\s*:(?P<rest>.*)$",
    ),
    # a clause for one language's text only («в тексте на русском языке …», «мемлекеттік тілдегі мәтінде …»)
    _f("ru", "only", r"^в тексте на (?P<only>русском|казахском|государственном) языке\s+(?P<rest>.+)$"),
    _f("kk", "only", r"^(?P<only>орыс|қазақ|мемлекеттік) тіл(?:індегі|дегі) мәтінде\s+(?P<rest>.+)$"),
    _f(
        "ru",
        "noop",
        r"^текст на (?:казахском|государственном|русском) языке не (?:меняется|изменяется)[;.]?$",
    ),
    _f("kk", "noop", r"^(?:орыс|қазақ|мемлекеттік) тіл(?:індегі|дегі) мәтін өзгермейді[;.]?$"),
    # context: a unit («7-тармақта:» / «в пункте 7:»)
    _f(None, "unit", r"^(?P<loc>[^«»:]+?)\s*:(?P<rest>.*)$", loc="loc"),
    # words
    _f(
        "kk",
        "replace_words",
        rf"^{_LOC}(?P<pairs>{_KK_PAIR}(?:{_LIST_SEP}{_KK_PAIR})*)\s+ауыстырылсын[;.]?$",
        loc="loc",
    ),
    _f(
        "kk",
        "delete_words",
        rf"^{_LOC}(?P<olds>«{_QI}»(?:{_LIST_SEP}«{_QI}»)*) деген {_KK_WORD}"
        r"\s+(?:алып тасталсын|жойылсын)[;.]?$",
        loc="loc",
    ),
    _f("ru", "replace_words", rf"^{_LOC}(?P<pairs>{_RU_PAIR}(?:{_LIST_SEP}{_RU_PAIR})*)[;.]?$", loc="loc"),
    _f(
        "ru",
        "delete_words",
        rf"^{_LOC}{_RU_WORD} (?P<olds>«{_QI}»(?:{_LIST_SEP}«{_QI}»)*)\s+исключить[;.]?$",
        loc="loc",
    ),
    # punctuation after words: a word replacement of «X» by «X;» (``instructions._do_punctuate``)
    _f(
        "kk",
        "punctuate",
        rf"^{_LOC}«(?P<after>{_QI})» деген {_KK_WORD} кейін {_MARK} қойыл(?:сын|ып)[;.]?$",
        loc="loc",
    ),
    _f(
        "ru",
        "punctuate",
        rf"^{_LOC}после {_RU_WORD} «(?P<after>{_QI})» (?:поставить|проставить) {_MARK}[;.]?$",
        loc="loc",
    ),
    _f(
        "kk",
        "append_words",
        rf"^(?P<t>.+?)\s+«(?P<nw>{_QI})» деген {_KK_WORD}\s*толықтырылсын[;.]?$",
        t="nom",
    ),
    _f("ru", "append_words", rf"^(?P<t>.+?)\s+дополнить {_RU_WORD}\s+«(?P<nw>{_QI})»[;.]?$", t="nom"),
    # units
    _f("kk", "replace", rf"^(?P<t>.+?)\s+мынадай редакцияда жазылсын{_END}{_W}", t="nom"),
    _f("ru", "replace", rf"^(?P<t>.+?)\s+изложить в (?:следующей|новой) редакции{_END}{_W}", t="nom"),
    _f("ru", "replace", rf"^изложить (?P<t>.+?)\s+в (?:следующей|новой) редакции{_END}{_W}", t="nom"),
    _f(
        "kk",
        "insert",
        rf"^(?:(?P<t>.+?)\s+)?мынадай мазмұндағы (?P<new>.+?)\s+толықтырылсын{_END}{_W}",
        t="nom",
        new="ins",
    ),
    _f(
        "ru",
        "insert",
        rf"^(?:(?P<t>.+?)\s+)?дополнить (?P<new>.+?)\s+следующего содержания{_END}{_W}",
        t="nom",
        new="ins",
    ),
    _f("kk", "delete", r"^(?P<t>.+?)\s+(?:алып тасталсын|жойылсын)[;.]?$", t="nom"),
    _f("ru", "delete", r"^(?P<t>.+?)\s+исключить[;.]?$", t="nom"),
    _f("ru", "delete", r"^исключить\s+(?P<t>.+?)[;.]?$", t="nom"),
    # repeal: a unit loses force (= delete), or the act itself
    _f("kk", "delete", r"^(?P<t>.+?)\s+күші жойылды деп танылсын[;.]?$", t="gen"),
    _f("ru", "delete", r"^признать утративш\w+ силу\s+(?P<t>.+?)[;.]?$", t="gen"),
    _f("ru", "delete", r"^(?P<t>.+?)\s+признать утративш\w+ силу[;.]?$", t="gen"),
    _f(
        "kk",
        "repeal",
        r"^(?=.*(?:бұйрығ|бұйрықт|қаулыс|Заңы\b|Жарлығы\b))"
        r"(?!.*(?:қосымшаға сәйкес|кейбір|\d-(?:тарма|тарау)|тармақша|бөлі))"
        r".*\sкүші жойылды деп танылсын[;.]?$",
    ),
    _f(
        "ru",
        "repeal",
        r"^признать утратившим силу (?:совместный )?(?:приказ|постановление|Закон|Указ)\b"
        r"(?!.*(?:согласно приложени|(?:пункт|подпункт|глав|част|абзац)\w*\s+\d)).*$",
    ),
)

_CLAUSE_LABEL = re.compile(rf"^{_NUM}\)\s+")
_VERB = re.compile(
    r"жазылсын|толықтырылсын|жойылсын|тасталсын|ауыстырылсын|танылсын|енгізілсін|қойыл|"
    r"изложить|дополнить|исключить|заменить|признать|внести|Дополнить|поставить|проставить",
    re.I,
)
_INTRO = re.compile(
    r"енгізілсін\s*:|(?:следующ|нижеследующ)\w*\s+(?:изменени|дополнени)\w*(?:\s+и\s+(?:изменени|дополнени)\w*)?\s*:",
    re.I,
)
_INTRO_RULES = re.compile(
    r"^\s*Внести\s+в\s+(?:Правила|Положение|Инструкцию|Регламент)|бекітілген\s[^.;:]*?(?:Қағида|Ереже|Нұсқаулық)\w*\s+мынадай",
    re.I,
)
_LOST_CONTAINER = re.compile(r"(?:бекітілген|утвержден|қосымша|приложени|приказ|бұйрық)[^:]*:\s*$", re.I)
_LOST_POINT = re.compile(r"тармақ|тарау|тақырып|атау|пункт|глав|заголов|наименовани", re.I)
_LABEL = re.compile(r"^«?(\d+)([.)])(?:\s|$)")
# Every formula needs a ":" (a context) or one of these verbs: a paragraph with neither (most of
# the quoted wording) is read by none, and _read_one skips them all.
assert all(
    f.action in ("rules", "unit", "only", "noop") or _VERB.search(f.pattern.pattern) for f in _FORMULAS
)
_ONLY = re.compile(r"\bязыке\b|мәтін", re.I)
_ONLY_LANG = {
    "русском": "ru",
    "орыс": "ru",
    "казахском": "kk",
    "государственном": "kk",
    "қазақ": "kk",
    "мемлекеттік": "kk",
}
_SCOPE = _f(None, "scope", "", loc="loc")  # «5-тармақта бірінші бөлік …»: a locative for this clause only
_LOST = "?"  # the point context after an unreadable clause naming a unit


# the formulas a language's clause may use, in table order
_FORMULAS_OF = {lang: tuple(f for f in _FORMULAS if f.lang in (None, lang)) for lang in (None, "kk", "ru")}
