"""The grammar of references: the pieces a citation is made of, found by spaCy rules.

reads: plain text (a unit's wording, a paragraph) and its language; writes: ``Piece`` values
(a unit mention, an act's kind, a date, a number, a title, a publication entry, «настоящий» /
«осы») in text order. ``references.py`` joins the pieces into references and resolves them.

The lexicon is declared once (``_rules(lang)``: a label and a list of token regexes per rule). It is
compiled two ways: into an ``EntityRuler`` over blank spaCy ``ru`` / ``xx`` pipelines (the
default, ``engine="spacy"``), and into plain character regexes (``engine="regex"``), the
baseline ``benchmarks/references.py`` measures spaCy against. spaCy has no Kazakh class: ``xx``
carries the Kazakh rules. Both pipelines share one tokenizer (``_tokens``), so that the
numbering of legal texts (``7-1)``, ``5-тармағында``, ``ст.2``, ``19.12.2007``) splits the same
way in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from normbase.model.kinds import ORD_KK, ORD_RU

# ---- lexicon -------------------------------------------------------------------------------------

NUM = r"\d+(?:-\d+)*"
# the ordinal words are the vocabulary's (model.kinds), with the «ё» spelling some texts use
RU_ORD = {**ORD_RU, "четвёрт": 4}
KK_ORD = dict(ORD_KK)
_RU_ORD_END = r"(?:ый|ой|ий|ая|ое|ого|ому|ым|ом|ую|ей|ья|ье|ьего|ьему|ьим|ьем|ью|ьей)"  # первый … третьей
_RU_ORD = rf"(?:{'|'.join(sorted(RU_ORD, key=len, reverse=True))}){_RU_ORD_END}"
_KK_ORD = rf"(?:{'|'.join(k for k in KK_ORD if ' ' not in k)})\w*"

# unit words: kind -> token regex (lower case, the whole token)
RU_UNIT = {
    "art": r"стать(?:я|и|е|ю|ей|ёй|ями|ях|ям)|статей|ст\.",
    "sp": r"подпункт(?:а|у|ом|е|ы|ов|ам|ами|ах)?|пп\.|подп\.",
    "p": r"пункт(?:а|у|ом|е|ы|ов|ам|ами|ах)?|п\.",
    "part": r"част(?:ь|и|ью|ей|ям|ями|ях)|абзац(?:а|у|ем|е|ы|ев|ам|ами|ах)?",
    "ch": r"глав(?:а|ы|е|у|ой|ами|ах)",
    "sec": r"раздел(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
    "app": r"приложени(?:е|я|ю|ем|и|й|ям|ями|ях)",
}
KK_UNIT = {  # the stem after «N-» or «N)», any case ending
    "art": r"ба[пб]\w*",
    "sp": r"тармақша\w*",
    "p": r"тармақ(?!ша)\w*|тармағ\w*",
    "part": r"бөлі[кг]\w*|абзац\w*|азат",
    "ch": r"тарау\w*",
    "sec": r"бөлім\w*",
    "app": r"қосымша\w*",
}
RU_KIND = {
    "law": r"закон(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
    "code": r"кодекс(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
    "decree": r"указ(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
    "resolution": r"постановлени(?:е|я|ю|ем|и|й|ям|ями|ях)",
    "order": r"приказ(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
    "instruction": r"распоряжени(?:е|я|ю|ем|и|й|ям|ями|ях)",
    "constitution": r"конституци(?:я|и|ю|ей)",
}
KK_KIND = {
    "law": r"заң(?:ы|ын|ына|ының|ымен|ында|ынан|ның|ға|да|нан|мен|дар\w*)?",
    "code": r"кодекс\w*",
    "decree": r"жарлығ\w*|жарлық\w*",
    "resolution": r"қаулы\w*",
    "order": r"бұйрық(?:қа|та|тың|пен|тан)?|бұйрығ(?:ы|ын|ына|ының|ымен|ында)",
    "instruction": r"өкім\w*",
    "constitution": r"конституция(?:сы|сының|сына|сымен|сын|да)?",
}
RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_KK_MONTH = r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\w*"
RU_TITLE_FIRST = ("о", "об", "по", "вопросы")  # a Russian title opens «О …», «Об …», «По вопросам …»
KK_TITLE_LAST = r"туралы|мәселелері"  # a Kazakh title closes «… туралы»
QUOTES_OPEN, QUOTES_CLOSE = ("«", '"', "„", "“"), ("»", '"', "“", "”")
_NO = [(r"n|№", "?"), (r"\d+", "?")]
PUBLICATIONS: dict[str, list[list[str | tuple[str, str]]]] = {  # id -> its name's token regexes, kk and ru
    "vedomosti-parliament": [
        [r"ведомост\w*", r"парламента", r"республики", r"казахстан"],
        [r"қазақстан", r"республикасы", r"парламентінің", r"жаршысы\w*"],
    ],
    "vedomosti-supreme-council": [
        [r"ведомост\w*", r"верховного", r"совета", r"республики", r"казахстан"],
        [r"қазақстан", r"республикасы", r"жоғарғы", r"кеңесінің", r"жаршысы\w*"],
    ],
    "zan-gazeti": [[r"«", r"заң", r"газет\w*", r"»", *_NO], [r"«", r"юридическая", r"газета", r"»", *_NO]],
    "kazakhstanskaya-pravda": [[r"«", r"казахстанская", r"правда", r"»"]],
    "egemen": [[r"«", r"егемен", r"қазақстан\w*", r"»"]],
}


def _opt(rx: str) -> tuple[str, str]:
    return (rx, "?")


def _rules(lang: str) -> list[tuple[str, list]]:
    """(label, token regexes) rules of one language; a token is a regex or (regex, op)."""
    rules: list[tuple[str, list]] = []
    num, ords = r"\d+(?:-\d+)*", (_RU_ORD if lang == "ru" else _KK_ORD)
    if lang == "ru":
        for kind, word in RU_UNIT.items():
            # more numbers of a list: «1, 2 и 3», «7-1) и 7-2)»; a trailing «и» is trimmed later
            rules.append((f"UNIT_{kind}", [word, num, _opt(r"\)"), (rf"{num}|\)|,|и|или", "*")]))
            if kind == "part":
                rules.append((f"UNIT_{kind}", [word, ords, (rf"{ords}|,|и", "*")]))
                rules.append((f"UNIT_{kind}", [ords, word]))
        rules.append(
            (
                "SELF",
                [
                    r"настоящ\w+",
                    "|".join(
                        [*RU_UNIT.values(), *RU_KIND.values(), r"правил\w*", r"положени\w+", r"инструкци\w+"]
                    ),
                ],
            )
        )
        for kind, word in RU_KIND.items():
            rules.append((f"KIND_{kind}", [word]))
            if kind == "code":
                rules.append((f"KIND_{kind}", [r"\w+(?:ого|ый|ым|ом|ому|ий)", word]))
        months = "|".join(RU_MONTHS)
        rules.append(("DATE", [r"от", r"\d{1,2}", months, r"\d{4}", _opt(r"года|г\.")]))
        rules.append(("DATE", [r"от", r"\d{1,2}\.\d{1,2}\.\d{4}", _opt(r"года|г\.")]))
        rules.append(("DATE", [r"\d{1,2}", months, r"\d{4}", _opt(r"года|г\.")]))
        rules.append(("DATE", [r"\d{1,2}\.\d{1,2}\.\d{4}", _opt(r"года|г\.")]))
        rules.append(
            (
                "PUBENTRY",
                [
                    _opt(r";"),
                    r"\d{4}",
                    r"г\.|года",
                    r",",
                    r"n|№",
                    r"\d+(?:-\d+)*(?:-[ivx]+)?",
                    r",",
                    r"ст\.|статья",
                    r"\d+",
                ],
            )
        )
        rules.append(("PUBENTRY", [r";", r"n|№", r"\d+(?:-\d+)*(?:-[ivx]+)?", r",", r"ст\.|статья", r"\d+"]))
    else:
        for kind, word in KK_UNIT.items():
            rules.append((f"UNIT_{kind}", [(rf"{num}|,|және|мен", "*"), rf"{num}-(?:{word})"]))
            rules.append((f"UNIT_{kind}", [num, r"\)", (rf"{num}|\)|,|және|мен|-", "*"), word]))
            if kind == "part":
                rules.append((f"UNIT_{kind}", [ords, (rf"{ords}|,|және|мен", "*"), word]))
        rules.append(
            (
                "SELF",
                [
                    r"осы",
                    "|".join(
                        [*KK_UNIT.values(), *KK_KIND.values(), r"қағидалар\w*", r"ереже\w*", r"нұсқаулық\w*"]
                    ),
                ],
            )
        )
        for kind, word in KK_KIND.items():
            rules.append((f"KIND_{kind}", [word]))
        rules.append(("DATE", [r"\d{4}", r"жылғы", r"\d{1,2}", _KK_MONTH]))
        rules.append(("DATE", [r"\d{4}\.\d{1,2}\.\d{1,2}"]))
        rules.append(("DATE", [r"\d{1,2}\.\d{1,2}\.\d{4}"]))
        rules.append(
            (
                "PUBENTRY",
                [
                    _opt(r";"),
                    r"\d{4}",
                    r"ж\.|жыл\w*",
                    r",",
                    r"n|№",
                    r"\d+(?:-\d+)*(?:-[ivx]+)?",
                    r",",
                    r"\d+-құжат",
                ],
            )
        )
        rules.append(("PUBENTRY", [r";", r"n|№", r"\d+(?:-\d+)*(?:-[ivx]+)?", r",", r"\d+-құжат"]))
    rules.append(("NUMBER", [r"n|№", r"\d+(?:-\d+)*(?:-[ivxлмвс]+)?"]))
    for pub, names in PUBLICATIONS.items():
        for name in names:
            rules.append((f"PUB_{pub}", [*name, _opt(r",")]))
    return rules


# ---- tokens --------------------------------------------------------------------------------------

_ABBR = r"(?:ст|п|пп|подп|г|ж|см|ч|гг|т|РК|ҚР)\."
_TOKEN = re.compile(
    rf"\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}\.\d{{1,2}}\.\d{{1,2}}"  # dates 19.12.2007, 2007.12.19
    rf"|(?:[^\W\d_]\.){{2,}}"  # и.о., т.е.
    rf"|(?<![^\W\d_]){_ABBR}"  # ст. п. г. ж.
    rf"|\d+(?:-\d+)*-[^\W\d_]+|\d+(?:-\d+)*(?:-[IVXivx]+)?"  # 5-тармағында, 7-1, 9-IV
    rf"|[^\W\d_]+(?:-[^\W\d_]+)*|\S",
    re.UNICODE,
)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Piece:
    label: str  # UNIT_p, KIND_law, DATE, NUMBER, TITLE, SELF, PUB_<id>, PUBENTRY
    start: int  # character offsets in the text
    end: int
    text: str


# ---- spaCy engine --------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _nlp(lang: str):
    import spacy
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc

    nlp = spacy.blank("ru" if lang == "ru" else "xx")

    def tokenize(text: str, toks: list[tuple[str, int, int]] | None = None) -> Doc:
        toks = _tokens(text) if toks is None else toks
        spaces = [a[2] < b[1] for a, b in zip(toks, toks[1:])] + ([toks[-1][2] < len(text)] if toks else [])
        return Doc(nlp.vocab, words=[t for t, _s, _e in toks], spaces=spaces)

    nlp.tokenizer = tokenize  # the Doc's text collapses runs of spaces: offsets come from ``_tokens``
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    assert isinstance(ruler, EntityRuler)
    patterns: list[dict[str, Any]] = []
    for label, toks in _rules(lang):
        pattern = []
        for t in toks:
            rx, op = t if isinstance(t, tuple) else (t, None)
            spec = {"LOWER": {"REGEX": f"^(?:{rx})$"}}
            if op:
                spec["OP"] = op
            pattern.append(spec)
        patterns.append({"label": label, "pattern": pattern})
    for o, c in zip(QUOTES_OPEN, QUOTES_CLOSE):  # a quoted title: «О …» / «… туралы»
        inner: dict[str, Any] = {"ORTH": {"NOT_IN": list(QUOTES_CLOSE)}, "OP": "*"}
        if lang == "ru":
            body = [{"LOWER": {"IN": list(RU_TITLE_FIRST)}}, inner]
        else:
            body = [inner, {"LOWER": {"REGEX": f"^(?:{KK_TITLE_LAST})$"}}]
        patterns.append({"label": "TITLE", "pattern": [{"ORTH": o}, *body, {"ORTH": c}]})
    ruler.add_patterns(patterns)
    return nlp, tokenize


def _spacy_pieces(text: str, lang: str) -> list[Piece]:
    nlp, tokenize = _nlp(lang)
    toks = _tokens(text)
    doc = tokenize(text, toks)  # what ``nlp(text)`` does, with the tokens made once
    for _name, component in nlp.pipeline:
        doc = component(doc)
    out = []
    for e in doc.ents:
        start, end = toks[e.start][1], toks[e.end - 1][2]
        out.append(Piece(e.label_, start, end, text[start:end]))
    return out


# ---- regex engine (the baseline) -----------------------------------------------------------------


@lru_cache(maxsize=2)
def _regexes(lang: str) -> list[tuple[str, re.Pattern]]:
    out = []
    for label, toks in _rules(lang):
        parts = []
        for t in toks:
            rx, op = t if isinstance(t, tuple) else (t, None)
            unit = rf"(?:{rx})(?!(?<=\w)\w)"
            parts.append(rf"(?:{unit}\s*){op}" if op else rf"{unit}\s*")
        out.append((label, re.compile(r"(?:(?<!\w)|(?=\W))" + "".join(parts), re.IGNORECASE)))
    inner = f"[^{re.escape(''.join(QUOTES_CLOSE))}]"
    if lang == "ru":
        body = rf"(?:{'|'.join(RU_TITLE_FIRST)})(?!\w){inner}*"
    else:
        body = rf"{inner}*?(?<!\w)(?:{KK_TITLE_LAST})"
    quoted = "|".join(rf"{re.escape(o)}\s*{body}\s*{re.escape(c)}" for o, c in zip(QUOTES_OPEN, QUOTES_CLOSE))
    out.append(("TITLE", re.compile(quoted, re.IGNORECASE)))
    return out


def _regex_pieces(text: str, lang: str) -> list[Piece]:
    found = []
    for label, rx in _regexes(lang):
        for m in rx.finditer(text):
            end = len(m.group().rstrip()) + m.start()
            if end > m.start():
                found.append(Piece(label, m.start(), end, text[m.start() : end]))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    out: list[Piece] = []  # longest first, no overlaps (as the EntityRuler does)
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        if all(p.end <= q.start or p.start >= q.end for q in out):
            out.append(p)
    return sorted(out, key=lambda p: p.start)


def pieces(text: str, lang: str, engine: str = "spacy") -> list[Piece]:
    """The pieces of references in ``text``, in text order, without overlaps."""
    return _spacy_pieces(text, lang) if engine == "spacy" else _regex_pieces(text, lang)
