"""Paragraphs (step 1 of the structure parsers): normalized lines → paragraphs, and the labels
both parsers read.

reads: ``NormalizedText`` lines of one source file and its language; writes: ``Paragraph`` values
(text, first and last source line, indent) and ``Diagnostic`` values. A paragraph starts at an
indented line, a label (``7.``, ``5)``, ``а)``, a chapter, an article), a footnote, the enacting
formula or a signature; an order's header lines (up to its title) are paragraphs of their own.
``structure.py`` (orders) and ``articles.py`` (laws) build the tree from them. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence

from normbase.footnotes import is_footnote_start
from normbase.model.kinds import LETTER_TEXT
from normbase.normalize import Line


_NUM = r"[1-9]\d{0,2}(?:-[1-9]\d{0,2})*"  # an official number: no 0, no leading zero (address.py's INT)
POINT_LABEL = re.compile(rf"^«?({_NUM})\.\s+(?=\S)")
SUBPOINT_LABEL = re.compile(rf"^«?({_NUM})\)\s*(?=\S)")
LETTER_LABEL = re.compile(
    rf"^«?({LETTER_TEXT})\)\s*(?=\S)"
)  # «а) …», «д) …»: a subpoint numbered by a letter
ENACTING = re.compile(r"(ПРИКАЗЫВАЮ|ПРИКАЗЫВАЕМ|ПОСТАНОВЛЯ[ЕЮ]Т?|БҰЙЫРАМЫН|БҰЙЫРАМЫЗ|ҚАУЛЫ ЕТЕДІ)\s*:?\s*$")
RU_HEADER_START = re.compile(r"^(Приказ|Совместный приказ|Постановление|Указ|Распоряжение)\b")
APPENDIX_HEADER = re.compile(
    r"^(Утвержден[ыао]?\b|Приложение\b|.*бұйрығымен\s+бекітілген\b|.*қосымша\b)", re.IGNORECASE
)
SIGNATURE = re.compile(
    r"^(И\.\s*о\.\s*)?(Министр|Министрдің|Председатель|Төраға|Аким|Әкім|Вице-министр)\S*\b.*"
    r"[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*)?[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі-]+$"
)
SENTENCE_END = re.compile(r"[.;:!?»)]$")
# An appendix's header block, when it follows the order's own points (stricter than APPENDIX_HEADER).
RULES_HEADER_START = re.compile(
    r"^(Утвержден[ыао]?|Приложение|Бекітілген)\b|бұйрығымен\s+бекітілген$|^\d+-қосымша\b", re.IGNORECASE
)
APPENDIX_HEADER_END = re.compile(r"(№\s*\d+(?:-\d+)*|бекітілген)$")
# A chapter named by its word: «Глава 2. …» / «2-тарау. …» (the seed's Rules number them bare: «2. …»)
# The heading's dot is required unless nothing else is on the line: «2-тарау мынадай редакцияда жазылсын»
# is a clause, «2-тараудың атауы» a phrase, neither a heading.
HEADING_DOT = r"\s*(?:\.|(?=\s*$))\s*"
CHAPTER = re.compile(
    rf"^(?:Глава|ГЛАВА)\s+(?P<n>{_NUM}){HEADING_DOT}|^(?P<k>{_NUM})\s*-\s*(?:тарау|ТАРАУ){HEADING_DOT}"
)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_BARE_LABEL = re.compile(r"^«?\d{1,3}(?:-\d{1,3})*[.)]$")


def is_noise(text: str) -> bool:
    """An unlabelled line or paragraph without any Cyrillic letter (page number, URL, rule):
    not legal text."""
    return not (
        _CYRILLIC.search(text)
        or _BARE_LABEL.match(text)
        or POINT_LABEL.match(text)
        or SUBPOINT_LABEL.match(text)
        or LETTER_LABEL.match(text)
    )


def join_lines(texts) -> str:
    """Lines of one paragraph joined by a space, but none before a line starting with , ; : . ) » etc."""
    out = ""
    for text in texts:
        out = _join(out, text)
    return out


def _join(out: str, text: str) -> str:
    return f"{out}{'' if not out or text[:1] in ',;:.!?)]»' else ' '}{text}"


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int | None
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.severity}: {self.message}"
            if self.line
            else f"{self.file}: {self.severity}: {self.message}"
        )


@dataclass(frozen=True)
class Paragraph:
    text: str
    first: int
    last: int
    indent: int


def heading_like(text: str) -> bool:
    """A chapter heading: short, and not ending like a sentence."""
    body = POINT_LABEL.sub("", text, count=1)
    return bool(body) and not re.search(r"[.;:]$", body) and len(body.split()) <= 25 and not body[0].islower()


# -- step 1: lines → paragraphs ----------------------------------------------


def _starts_paragraph(line: Line, prev: Line, para_text: str, in_header: bool) -> bool:
    text, prev_text = line.text, prev.text
    if is_footnote_start(text):
        return True
    if in_header:
        return (
            bool(ENACTING.search(text))
            and line.indent >= 2
            or (line.indent >= 2 and bool(SENTENCE_END.search(prev_text)))
        )
    labelled = bool(POINT_LABEL.match(text) or SUBPOINT_LABEL.match(text) or LETTER_LABEL.match(text))
    if prev_text.endswith(("№", "N")):
        return False
    ends = bool(SENTENCE_END.search(prev_text))  # the line before ends a sentence
    if is_noise(para_text) or (ends and is_noise(text)):
        return True  # a noise line after a sentence is a paragraph of its own
    if SIGNATURE.match(para_text) or (ends and SIGNATURE.match(text)):
        return True  # a signature (one line, or a block ending with the name) is a paragraph of its own
    if ends and RULES_HEADER_START.search(text):
        return True
    if RULES_HEADER_START.search(para_text) and APPENDIX_HEADER_END.search(prev_text) and text[:1].isupper():
        return True  # the appendix's title follows its header block
    if line.indent >= 2 and (ends or labelled or text.startswith("«")):
        return True
    if labelled and (ends or (POINT_LABEL.match(para_text) and heading_like(para_text))):
        return True
    return False


def paragraphs(lines: Sequence[Line], lang: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    in_header = True
    cur: list[Line] = []
    para_text = ""  # join_lines of ``cur``, kept as lines are added

    def flush() -> None:
        nonlocal para_text
        if cur:
            out.append(Paragraph(para_text, cur[0].source_line, cur[-1].end_line, cur[0].indent))
            cur.clear()
            para_text = ""

    title_done = False
    for line in lines:
        if not line.text:
            continue
        if cur:
            if in_header and not title_done and _title_ends_before(line, cur, lang):
                title_done = True
                flush()
            elif line.heading or cur[-1].heading or _starts_paragraph(line, cur[-1], para_text, in_header):
                flush()  # a Markdown heading is a paragraph of its own
        cur.append(line)
        para_text = _join(para_text, line.text)
        if in_header and ENACTING.search(line.text):
            in_header = False
            title_done = True
            flush()
    flush()
    if in_header:  # no enacting formula: treat the whole text as a body
        return _paragraphs_without_header(lines, lang)
    return out


def _title_ends_before(line: Line, cur: list[Line], lang: str) -> bool:
    if lang == "ru":
        return bool(RU_HEADER_START.match(line.text))
    return bool(re.search(r"туралы$", cur[-1].text))


def _paragraphs_without_header(lines: Sequence[Line], lang: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    cur: list[Line] = []
    para_text = ""  # join_lines of ``cur``
    for line in lines:
        if cur and (
            line.heading or cur[-1].heading or _starts_paragraph(line, cur[-1], para_text, in_header=False)
        ):
            out.append(Paragraph(para_text, cur[0].source_line, cur[-1].end_line, cur[0].indent))
            cur, para_text = [], ""
        cur.append(line)
        para_text = _join(para_text, line.text)
    if cur:
        out.append(Paragraph(para_text, cur[0].source_line, cur[-1].end_line, cur[0].indent))
    return out
