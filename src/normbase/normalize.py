"""Normalization: a PDF text extraction of a legal act → clean lines.

reads: the text of one source file (``decoding.decode`` made it of the bytes) and the errata table of
``normbase.errata``; writes: nothing. ``normalize`` is a pure function
text → ``NormalizedText``; a structure parser consumes its lines.

Pipeline (rule numbers as in the design): 1 ``normalize_characters``, 2
``apply_errata`` (raw lines), 3 ``split_lines``; line by line 4
``join_letter_spacing``, 5 ``fix_lookalikes``, 6 ``number_signs``, 7
``tidy_spaces``; then 9 ``restore_labels`` and 8 ``join_split_lines`` in turn until
stable (a join can bring a label to a line's end, a label move can expose a split
word), and last ``number_signs_across_lines`` (it needs the final line starts).
This ordering is what makes ``normalize`` idempotent. Rule 9 puts a label in front
of the first line of its paragraph (nearest line at or above with an indent; in
Kazakh texts lines at column 0 continue the paragraph above) and leaves the rest
of its line as its own line (``редакцияда жазылсын:`` is not merged).

Guarantees of ``normalize(text, doc)`` — each is tested in tests/test_normalize.py:

G1 characters: the output is NFC and contains no CR, soft hyphen, zero-width
   character, BOM, tab or other whitespace than single spaces between words.
G2 errata: the errata of ``doc`` are applied on their own source lines and named
   in ``errata``; an erratum whose wrong text is missing raises ``ErratumMismatch``.
G3 lines: no line is blank; no line has leading/trailing spaces or two spaces in a row.
G4 letter-spacing: no run of 3+ one-character tokens (or ``:;,.`` glued to one
   letter/digit; ``№`` and ``N`` before a number excluded) one space apart remains,
   unless all its letters are one-letter words (и в с к о у а я); such runs are
   joined into words, a number before a joined ``-…`` run glued to it (``10-тармақ``).
G5 look-alikes: a word with at least as many Cyrillic as Latin letters contains no
   Latin a c e o p x y i A B C E H I K M O P T X Y; all-Latin words are unchanged.
G6 numbers: ``N`` standing alone before a number becomes ``№``; ``№`` before a
   number is followed by exactly one space; any other ``N`` stays.
G7 punctuation: no space before . , ; : ! ? ) ] » unless that mark is glued to the
   next word; no space after ( [ «.
G8 split words: no line ends with a letter and ``-`` while the next line starts with
   a lowercase letter, and no line but the last ends with ( [ «. The hyphen is kept
   for a compound: parts in different scripts, else the document's vocabulary (the
   hyphenated vs the solid form, then the first part used as a compound's first
   part elsewhere), else Kazakh letters or a Russian first part ending in о/е.
G9 labels: no line ends with a target label (``1-тармақ``, ``5-тармақта``,
   ``10, 11-тармақтар``, ``2-тараудың``, ``5) тармақша``, ``7-1-тармақ``) after a
   space, ``:`` or ``;`` unless the rest of its line has no letter or digit outside
   labels; no line ends with a word that has a ``:`` glued to its front.
G10 provenance: ``source_line`` is the 1-based original line where the line's text
   starts (a label moved to its front excepted), strictly increasing; ``indent`` is
   the number of leading whitespace characters of that source line.
G11 words: no letter or digit is dropped or duplicated: the multiset of words equals
   the source's, up to joined letter-spacing, look-alikes, N→№, errata and dropped
   soft-break hyphens.
G12 totality and idempotence: never raises for any ``str`` (except G2), and
   ``normalize(normalize(t).text).text == normalize(t).text``.

``normalize_inline`` (rules 1, 4–7; line breaks are spaces) has G1, G4–G7 and
idempotence. Decoding the bytes (``decode``, re-exported here) is in ``decoding.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from normbase.decoding import decode as decode  # the step before (decoding.py); importers use it from here
from normbase.decoding import is_cyrillic
from normbase.errata import apply_errata
from normbase.records import record


@record
class Line:
    text: str  # normalized: no leading/trailing whitespace, single spaces inside
    indent: int  # leading whitespace characters of the (first) source line; a paragraph hint
    source_line: int  # 1-based line of the original file where this text starts
    last_line: int = 0  # the last original line joined into it (0: the same as ``source_line``)
    heading: int = (
        0  # Markdown input: the level of the ``#`` marks the line had (a structure hint, never text)
    )

    @property
    def end_line(self) -> int:
        return self.last_line or self.source_line


@dataclass(frozen=True)
class NormalizedText:
    lines: tuple[Line, ...]
    errata: tuple[str, ...]  # names of the errata applied, in order

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# ---------------------------------------------------------------- character rules

_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width, BOM
_ODD_SPACE = re.compile(r"[^\S\n ]")  # any whitespace but LF and space


def normalize_characters(text: str) -> str:
    """Rule 1: CRLF/CR → LF; invisible characters removed; odd spaces → space; NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    return unicodedata.normalize("NFC", _ODD_SPACE.sub(" ", text))


_ONE_LETTER_WORDS = frozenset("ивскоуая")
_SPACED_TOKEN = re.compile(r"[^\s№]|[:;,.][^\W_]")  # one character, or ':е' ';1' glued
# three spaced tokens in a row (any run of spaces between them): without one, no run can be joined
_MAYBE_SPACED = re.compile(r"(?<![^ ])(?:[^\s№]|[:;,.][^\W_])(?: +(?:[^\s№]|[:;,.][^\W_])){2}(?![^ ])")
_SPACES = re.compile(" {2,}")


def join_letter_spacing(text: str) -> str:
    """Rule 4: join letter-spaced words (letters 1 space apart, words 2+ apart).

    Runs are first found with the source spacing, then again once spaces are
    collapsed, so that the result holds no run the rule would join (idempotence).
    """
    if not _MAYBE_SPACED.search(text):  # the common case: nothing to join, only spaces to collapse
        return _SPACES.sub(" ", text)
    return _join_spaced_runs(_SPACES.sub(" ", _join_spaced_runs(text)))


def _join_spaced_runs(text: str) -> str:
    parts = re.split("( +)", text)
    tokens, gaps = parts[0::2], parts[1::2]
    spaced = [bool(_SPACED_TOKEN.fullmatch(token)) for token in tokens]
    for i, token in enumerate(tokens[:-1]):  # 'N 5', '№ 5' are a number, never letters
        if token in ("N", "№") and tokens[i + 1][:1].isdecimal():
            spaced[i] = spaced[i + 1] = False
    runs, start = [], 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or not (spaced[i] and spaced[i - 1] and gaps[i - 1] == " "):
            if spaced[start]:
                runs.append((start, i))
            start = i
    if not any(end - begin >= 3 and _has_word_letter(tokens[begin:end]) for begin, end in runs):
        return text  # not a letter-spaced line: single-letter tokens are real words
    glued: set[int] = set()
    for begin, end in runs:
        if end - begin >= 2:
            glued.update(range(begin, end - 1))
            if tokens[begin] == "-" and begin and tokens[begin - 1].isdecimal() and gaps[begin - 1] == " ":
                glued.add(begin - 1)  # '10 - т а р м а қ' → '10-тармақ'
    pieces = [tokens[0]]
    for i, gap in enumerate(gaps):
        pieces += ["" if i in glued else gap, tokens[i + 1]]
    return unicodedata.normalize("NFC", "".join(pieces))


def _has_word_letter(tokens: list[str]) -> bool:
    """True if some letter is not a one-letter word (so the run is not 'и в с')."""
    return any(
        ch.isalpha() and ch.translate(_LOOKALIKES).lower() not in _ONE_LETTER_WORDS
        for t in tokens
        for ch in t
    )


_LOOKALIKES = str.maketrans("aceopxyiABCEHIKMOPTXY", "асеорхуіАВСЕНІКМОРТХУ")
_LETTERS = re.compile(r"[^\W\d_]+")


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def fix_lookalikes(text: str) -> str:
    """Rule 5: Latin look-alikes inside a mostly-Cyrillic word → Cyrillic letters."""
    if not _ASCII_LETTER.search(text):
        return text  # no Latin letter: nothing to fix (and the text is NFC already, rule 1)
    while (fixed := unicodedata.normalize("NFC", _LETTERS.sub(_fix_word, text))) != text:
        text = fixed  # NFC may compose a new letter into a word: repeat until stable
    return text


def _fix_word(match: re.Match[str]) -> str:
    word = match.group()
    return (
        word.translate(_LOOKALIKES)
        if _script(word) == "cyrillic" and any(ch.isascii() for ch in word)
        else word
    )


def _script(word: str) -> str:
    cyrillic = sum(1 for ch in word if is_cyrillic(ch))
    latin = sum(1 for ch in word if ch.isascii() and ch.isalpha())
    return "cyrillic" if cyrillic and cyrillic >= latin else "other"


_NUMBER_SIGN = re.compile(r"(?<!\w)[N№] *(?=\d)")


def number_signs(text: str) -> str:
    """Rule 6: ``N`` standing alone before a number → ``№``; ``№583`` → ``№ 583``."""
    return _NUMBER_SIGN.sub("№ ", text) if "N" in text or "№" in text else text


_SPACE_BEFORE_CLOSING = re.compile(r" +(?=[.,;:!?)\]»](?![^\W_]))")
_SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[«]) +")


def tidy_spaces(text: str) -> str:
    """Rule 7: collapse and strip spaces; none before closing or after opening punctuation."""
    text = (_SPACES.sub(" ", text) if "  " in text else text).strip(" ")
    return _SPACE_AFTER_OPENING.sub("", _SPACE_BEFORE_CLOSING.sub("", text)) if " " in text else text


_INLINE_RULES: tuple[Callable[[str], str], ...] = (
    join_letter_spacing,
    fix_lookalikes,
    number_signs,
    tidy_spaces,
)


def normalize_inline(text: str) -> str:
    """The character-level rules (1, 4–7) for a short string; line breaks count as spaces."""
    text = normalize_characters(text).replace("\n", " ").strip(" ")
    for rule in _INLINE_RULES:
        text = rule(text)
    return text


# ---------------------------------------------------------------- line rules


def split_lines(raw_lines: list[str]) -> list[Line]:
    """Rule 3: one ``Line`` per non-blank source line, with its indent and number."""
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.lstrip(" ")
        if stripped.strip(" "):
            lines.append(Line(stripped.rstrip(" "), len(raw) - len(stripped), number))
    return lines


_NUMBER = r"\d+(?:-\d+)*"  # 7, 7-1
_TRAILING_LABEL = re.compile(
    rf"(?:(?<=[ :;])|^)(?<!№ )(?P<label>(?:{_NUMBER},? )*{_NUMBER}-(?:тармақтар|тармақта|тармақ|тараудың)"
    rf"|{_NUMBER}\) ?тармақша)$"
)
_LABEL_ENDINGS = ("тармақтар", "тармақта", "тармақ", "тараудың", "тармақша")  # how a _TRAILING_LABEL ends
_ANY_LABEL = re.compile(
    rf"(?:{_NUMBER},? )*{_NUMBER}-(?:тармақтар|тармақта|тармақ|тараудың)|{_NUMBER}\) ?тармақша"
)
_COLON_BEFORE_LAST_WORD = re.compile(r"(?:^|(?<= )): ?(?P<word>[^\W_](?:[^\s:]*[^\W_])?)$")


def restore_labels(lines: list[Line]) -> list[Line]:
    """Rule 9: put back in front of its clause a label the PDF moved to a line's end.

    ``мынадай редакцияда жазылсын:1-тармақ`` → ``1-тармақ мынадай редакцияда жазылсын:``;
    ``, , мынадай редакцияда жазылсын: 10 11 12-тармақтар`` → ``10, 11, 12-тармақтар …``;
    ``жүзеге асыру :ережесінде`` → ``жүзеге асыру ережесінде:``.
    """
    lines = list(lines)
    for i, line in enumerate(lines):
        text = line.text
        while (found := _trailing_label(text := _colon_after_last_word(text))) is not None:
            label, rest = found
            target = _paragraph_start(lines, i)
            if target == i:
                text = _prepend(label, rest)
            else:
                lines[target] = replace(lines[target], text=_prepend(label, lines[target].text))
                text = rest
        if text != lines[i].text:
            lines[i] = replace(lines[i], text=text)
    return lines


def _colon_after_last_word(text: str) -> str:
    match = _COLON_BEFORE_LAST_WORD.search(text) if ":" in text else None
    if match is None:
        return text
    head = text[: match.start()].rstrip(" ")
    moved = f"{head} {match['word']}:" if head else f"{match['word']}:"
    return tidy_spaces(number_signs(moved))  # the new neighbours obey rules 6-7: 'N :5' → '№ 5:'


def _trailing_label(text: str) -> tuple[str, str] | None:
    """The label at the end of ``text`` and the rest, if the label should move."""
    match = _TRAILING_LABEL.search(text) if text.endswith(_LABEL_ENDINGS) else None
    if match is None:
        return None
    label, rest = match["label"], tidy_spaces(text[: match.start()])
    items = re.split(r",? ", label)
    commas = re.match(r"(?:, ?)+", rest)
    if len(items) > 1 and commas and commas.group().count(",") == len(items) - 1:
        label, rest = (
            ", ".join(items),
            rest[commas.end() :].lstrip(" "),
        )  # the PDF moved the commas to the front
    if not re.search(r"[^\W_]", _ANY_LABEL.sub("", rest)):
        return None  # no clause left (only labels or punctuation) to put the label in front of
    return label, rest


def _paragraph_start(lines: list[Line], i: int) -> int:
    """The nearest line at or above ``i`` with an indent; ``i`` if there is none."""
    for j in range(i, -1, -1):
        if lines[j].indent:
            return j
    return i


def _prepend(label: str, text: str) -> str:
    return label + text if text[:1] in tuple(".,;:!?)]»") else f"{label} {text}"


_SPLIT_WORD_END = re.compile(r"([^\W\d_]+)-$")
_WORD_START = re.compile(r"[^\W\d_]+")
_COMPOUND_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def join_split_lines(lines: list[Line]) -> list[Line]:
    """Rule 8: join a word split at a line's end, and a line ending with ( [ « to the next.

    The joined line keeps the first line's ``indent`` and ``source_line``; ``last_line`` is the last one's.
    """
    vocabulary: Counter[str] | None = None  # the document's words, counted when a split word is first met
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1].text if joined else ""
        split = _SPLIT_WORD_END.search(previous) if previous.endswith("-") else None
        start = _WORD_START.match(line.text) if split else None
        if split and start and line.text[0].islower():
            first, second = split.group(1), start.group()
            if vocabulary is None:
                vocabulary = Counter(w.lower() for ln in lines for w in _COMPOUND_WORD.findall(ln.text))
            hyphen = "-" if _is_compound(first, second, vocabulary) else ""
            joined[-1] = replace(joined[-1], text=previous[:-1] + hyphen + line.text, last_line=line.end_line)
        elif previous.endswith(("(", "[", "«")):
            joined[-1] = replace(joined[-1], text=previous + line.text, last_line=line.end_line)
        else:
            joined.append(line)
    return joined


def _is_compound(first: str, second: str, vocabulary: Counter[str]) -> bool:
    """Whether ``first-`` + ``second`` is a hyphenated compound (else a soft break)."""
    if _script(first) != _script(second):
        return True  # 'PDF-' + 'файл'; a solid mixed word would change under rule 5
    hyphenated, solid = vocabulary[f"{first}-{second}".lower()], vocabulary[(first + second).lower()]
    if hyphenated != solid:
        return hyphenated > solid
    if any(word.startswith(first.lower() + "-") for word in vocabulary):
        return True  # the first part is a compound's first part elsewhere ('научно-методической')
    if _KAZAKH_LETTERS.intersection(first + second):
        return True  # Kazakh compounds: 'оқу-', 'ғылыми-'
    return first[-1].lower() in "ое"  # Russian: 'научно-', 'учебно-', 'естественно-'


_LONE_N_AT_END = re.compile(r"(?<!\w)N$")


def number_signs_across_lines(lines: list[Line]) -> list[Line]:
    """Rule 6 across a line break: a line ending with a lone ``N`` before a line starting with a number."""
    return [
        replace(line, text=line.text[:-1] + "№")
        if line.text.endswith("N") and _LONE_N_AT_END.search(line.text) and following.text[:1].isdecimal()
        else line
        for line, following in zip(lines, [*lines[1:], Line("", 0, 0)])
    ]


def _until_stable(lines: list[Line], *rules: Callable[[list[Line]], list[Line]]) -> list[Line]:
    """Apply ``rules`` in turn until nothing changes: a join can expose a label, a label move a split."""
    while True:
        before = lines
        for rule in rules:
            lines = rule(lines)
        if lines == before:
            return lines


_MD_HEADING = re.compile(r"#{1,6}(?= |$) *")


def markdown_headings(lines: list[Line]) -> list[Line]:
    """Rule 0 (``.md`` input, the bank's mirror): a line's ``#`` marks become its ``heading`` level.

    The marks are structure hints, never text: they leave the line, and a line of marks alone is dropped.
    """
    out = []
    for line in lines:
        m = _MD_HEADING.match(line.text) if line.text.startswith("#") else None
        if m is None:
            out.append(line)
        elif line.text[m.end() :].strip(" "):
            out.append(replace(line, text=line.text[m.end() :].strip(" "), heading=m.group().count("#")))
    return out


def normalize(text: str, doc: str | None = None) -> NormalizedText:
    """Normalize a document's text; ``doc`` (its file name) selects its errata; a ``.md`` file's
    Markdown heading marks become each line's ``heading`` level."""
    raw, applied = apply_errata(normalize_characters(text).split("\n"), doc)
    lines = split_lines(raw)
    if doc is not None and doc.endswith(".md"):
        lines = markdown_headings(lines)
    for rule in _INLINE_RULES:  # rules 4-7, line by line
        lines = [
            line if (text := rule(line.text)) == line.text else replace(line, text=text) for line in lines
        ]
    lines = _until_stable(lines, restore_labels, join_split_lines)  # rules 8 and 9
    lines = number_signs_across_lines(lines)
    return NormalizedText(tuple(lines), applied)
