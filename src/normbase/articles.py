"""Structure of acts made of articles (laws, codes, amending laws): normalized lines → the tree.

reads: ``NormalizedText`` lines of one source file (``.txt`` or the bank's ``.md``, whose ``#``
marks arrive as ``Line.heading``) and its language; writes: a ``ParsedText`` (``structure.py``
calls it when the text has article headings, ``is_article_text``).

The shape (addresses from ``model/kinds.py``; no container: the act approves no document)::

    act
      toc        a table of contents before the title (its own node, never merged into the title)
      title      (its footnotes)
      preamble   the paragraphs before the first heading
      sec1 > ch1 > art1 … (a section's / chapter's text is its heading; articles are numbered
                 through the act, so art5, not ch2.art5)
        art1: its name (or its text, when the heading line holds it) — points art1.p1 (numbered
              anew in each article), subpoints art1.sp1 / art1.p1.sp1, parts art1.part1 …
      signature  the signature block after the last article

Rules, each a small function below: article headings ``Статья 5. Название``, ``Статья 1``, ``5-бап.``,
``Статья 6-1``, a chapter heading with an article glued to it («Глава 1. Общие положения Статья 1. …»);
chapters ``Глава 2.`` / ``2-тарау.``, sections ``Раздел 1`` / ``1-бөлім``, paragraph groups ``Параграф
1`` / ``1-параграф`` / ``§ 1``; points ``2.``, ``2-1.``, subpoints ``7)``, ``7-1)``, ``а)`` … (by
letters, ``structure.place_letter``: in the part that introduces them, ``art2.part2.spa``, else in the
point or article), and a next point or subpoint glued to the end of a sentence («…Казахстан.4.
Эталоны…», split only when its number is the next one); «исключен…» / «алып тасталды…» (status
``deleted``); a footnote that says the unit «вводится в действие с …» (``not_in_force``); RCPI notes
(«Примечание РЦПИ!», «РҚАО-ның ескертпесі!»: note kind ``rcpi``). A footnote ends where the next
normative line begins: only lines without any Kazakh or Russian word (a stray code ``Z010227_``) join
it. Inside a quotation («…» or "…") nothing is a unit: quoted wording is text of the clause.
Lenient: never raises; every word lands in exactly one label, text or note (tested).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from normbase.footnotes import ChangeKind, is_footnote_start, parse_footnote
from normbase.model.kinds import NUM
from normbase.normalize import Line
from normbase.paragraphs import (
    CHAPTER,
    HEADING_DOT,
    LETTER_LABEL,
    Diagnostic,
    Paragraph,
    is_noise,
    join_lines,
)
from normbase.structure import ParsedText, _Unit, place_letter, place_unit
from normbase.tree import Note

_N, _K = rf"(?P<n>{NUM})", rf"(?P<k>{NUM})"  # the number, before a Russian / after a Kazakh name
_DOT = HEADING_DOT  # the heading's dot, or nothing else on the line
ARTICLE = re.compile(rf"^(?:Статья|СТАТЬЯ)\s+{_N}{_DOT}|^{_K}\s*-\s*(?:бап|БАП){_DOT}")
ARTICLE_HEADING_ONLY = re.compile(rf"^(?:Статья|СТАТЬЯ)\s+{_N}\b\s*|^{_K}-бап\b\s*")  # a ``#`` line: no dot
SECTION = re.compile(rf"^(?:Раздел|РАЗДЕЛ)\s+{_N}{_DOT}|^{_K}\s*-\s*(?:бөлім|БӨЛІМ){_DOT}")
GROUP = re.compile(rf"^(?:Параграф|ПАРАГРАФ|§)\s*{_N}{_DOT}|^{_K}\s*-\s*параграф{_DOT}")
POINT = re.compile(rf"^{_N}\.\s+(?=\S)")
SUBPOINT = re.compile(rf"^{_N}\)\s*(?=\S)")
GLUED_ARTICLE = re.compile(rf"\s(?=(?:Статья\s+{NUM}\.|{NUM}-бап\.)\s)")
TOC_TITLE = re.compile(r"^(?:Оглавление|Содержание|Мазмұны)\.?$", re.IGNORECASE)
RCPI = re.compile(r"^(?:Примечание\s+(?:РЦПИ|ИЗПИ)|(?:РҚАО|ЗҚАИ)-ның\s+ескертпесі)\s*!", re.IGNORECASE)
DELETED = re.compile(
    r"^[(«\"]?\s*(?:исключен[аоы]?|утратил[аио]?\s+силу|алып\s+тасталды|алынып\s+тасталды"
    r"|алып\s+тастау|күші\s+жойылды)(?!\w)",
    re.IGNORECASE,
)
ANNOUNCED = re.compile(r"(?:вводится\s+в\s+действие\s+с|қолданысқа\s+енгізіледі)", re.IGNORECASE)
SIGNATORY = re.compile(r"Президент|Председател|Премьер|Министр|Төраға|Аким|Әкім|Спикер", re.IGNORECASE)
_NAME = re.compile(r"^(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*){1,2}[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ-]+$")
_STATE = re.compile(r"^(?:Республики\s*Казахстан|Қазақстан\s*Республикасының)$")
_SENTENCE_END = re.compile(r"[.;:!?]$|[.;:!?][»\")]$")
_GLUED_POINT = re.compile(rf"(?<=[.;:])(?P<n>{NUM})\.\s+(?=[А-ЯЁӘҒҚҢӨҰҮҺІ])")
_GLUED_QUOTE = re.compile(r"(?<=[^\W\d_]:)(?=[«\"„][^\W_])")  # «…толықтырылсын:"29-1-бап…»: a lost line break
_GLUED_SUBPOINT = re.compile(rf"(?<=[;:])\s*(?P<n>{NUM})\)\s+(?=\w)")


def number(m: re.Match[str]) -> str:
    """The official number a heading's match holds (Russian: after the name; Kazakh: before it)."""
    return m["n"] or m["k"]


ORDER_FORMULA = re.compile(r"(?:ПРИКАЗЫВАЮ|ПРИКАЗЫВАЕМ|БҰЙЫРАМЫН|БҰЙЫРАМЫЗ)\s*:?\s*$")
APPROVES = re.compile(
    r"^\W*(?:\d+\.\s*)?(?:Утвердить|утвердить)\b|бекітілсін|бекiтiлсiн|^Утвержден[аоы]?\b"
    r"|^Приложение\b|қосымша$"
)


def is_article_text(lines: Sequence[Line], file: str = "") -> bool:
    """True for an act this module reads: one with an article heading (``Статья 1.``, ``1-бап.``,
    ``## Статья 1``), or an act in the bank's Markdown (``.md``) that is not an order
    (ПРИКАЗЫВАЮ / БҰЙЫРАМЫН) and approves no document (a law, a decree or a resolution of points).
    Orders and the Rules they approve (the seeds, PDF extractions) are read by ``structure.py``."""
    if any(
        ARTICLE.match(line.text) or (line.heading and ARTICLE_HEADING_ONLY.match(line.text)) for line in lines
    ):
        return True
    return file.endswith(".md") and not any(
        ORDER_FORMULA.search(ln.text) or APPROVES.search(ln.text) for ln in lines
    )


# -- lines → paragraphs ------------------------------------------------------------------


def _starts(line: Line, prev: Line) -> bool:
    text = line.text
    if line.heading or prev.heading or is_footnote_start(text) or RCPI.match(text) or _heading_line(text):
        return True
    if _heading_line(prev.text) and (line.indent >= 2 or _labelled_line(text)):
        return True  # the heading's line is done: the article's text begins
    ends = bool(_SENTENCE_END.search(prev.text))
    if not ends and text[:1].islower():
        return False  # a paragraph broken across lines: «…в соответствии с» / «законодательством …»
    if (
        _CUT.search(prev.text)
        and not _heading_line(prev.text)
        and not _labelled_line(text)
        and not is_footnote_start(prev.text)
        and not RCPI.match(prev.text)
        and not _signatory(text)
    ):
        return False  # cut inside a sentence: «…назначается на должность» / «Президентом …»
    if line.source_line > prev.end_line + 1:
        return True  # a blank line between them (the bank's Markdown: one paragraph a line)
    if _labelled_line(text):
        return ends or line.indent >= 2
    return ends and line.indent >= 2


_CUT = re.compile(r"(?<![A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])[a-zа-яёәғқңөұүһі]{2,},?$|,$")


def _heading_line(text: str) -> bool:
    text = text.lstrip('«"„')
    return bool(
        ARTICLE.match(text)
        or CHAPTER.match(text)
        or SECTION.match(text)
        or GROUP.match(text)
        or TOC_TITLE.match(text)
    )


def _labelled_line(text: str) -> bool:
    bare = text.lstrip('«"„')
    return _heading_line(text) or bool(POINT.match(bare) or SUBPOINT.match(bare) or LETTER_LABEL.match(bare))


def _footnote_ends(cur: list[Line], line: Line) -> bool:
    """A footnote ends at a blank line before a line with a word: it never absorbs the text after it."""
    return (
        is_footnote_start(cur[0].text) and line.source_line > cur[-1].end_line + 1 and not is_noise(line.text)
    )


def paragraphs(lines: Sequence[Line]) -> list[tuple[Paragraph, int]]:
    """Paragraphs with the Markdown heading level of their first line."""
    out: list[tuple[Paragraph, int]] = []
    cur: list[Line] = []

    def flush() -> None:
        if cur:
            text = join_lines(ln.text for ln in cur)
            out.append((Paragraph(text, cur[0].source_line, cur[-1].end_line, cur[0].indent), cur[0].heading))
            cur.clear()

    for line in lines:
        if cur and (_starts(line, cur[-1]) or _footnote_ends(cur, line)):
            flush()
        cur.append(line)
    flush()
    return out


def _split_glued(para: Paragraph, heading: int) -> list[tuple[Paragraph, int]]:
    """«Глава 1. Общие положения Статья 1. …» → the chapter's heading and the article."""
    if CHAPTER.match(para.text) or SECTION.match(para.text):
        m = GLUED_ARTICLE.search(para.text)
        if m:
            return [
                (Paragraph(para.text[: m.start()], para.first, para.first, para.indent), heading),
                (Paragraph(para.text[m.end() :], para.first, para.last, para.indent), heading),
            ]
    return [(para, heading)]


# -- paragraphs → tree --------------------------------------------------------------------


class _LawBuilder:
    def __init__(self, file: str, lang: str, has_articles: bool = True):
        self.file, self.lang, self.has_articles = file, lang, has_articles
        self.root = _Unit("act", "")
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[str] = set()
        self.group: _Unit | None = None  # the section / chapter / paragraph group articles go into
        self.article: _Unit | None = None
        self.point: _Unit | None = None
        self.last: _Unit = self.root
        self.quote = 0  # «» depth; an odd count of " opens an ASCII quotation
        self.ascii_quote = False
        self.note: Note | None = None  # the footnote last read (noise lines after it join it)
        self.sub: _Unit | None = None  # the subpoint last read
        self.quote_owner: _Unit | None = None  # the clause a quotation being read belongs to
        self.note_owner: _Unit | None = None
        self.letters: tuple[_Unit, _Unit, str] | None = (
            None  # the owner, parent and number of the last letter
        )

    def warn(self, para: Paragraph, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, para.first, message))

    def unit(
        self, parent: _Unit, kind: str, step: str, para: Paragraph, label: str = "", text: str = ""
    ) -> _Unit | None:
        address = sys.intern(
            f"{parent.address}.{step}" if parent.kind in ("article", "point", "subpoint", "part") else step
        )
        return place_unit(self, parent, kind, address, para, label, text)

    # -- quotations: inside one, nothing is a unit
    def in_quote(self) -> bool:
        return self.quote > 0 or self.ascii_quote

    def track(self, text: str) -> None:
        self.quote = max(0, self.quote + text.count("«") - text.count("»"))
        if text.count('"') % 2:
            self.ascii_quote = not self.ascii_quote

    # -- the regions
    def toc(self, paras: list[tuple[Paragraph, int]]) -> None:
        first, last = paras[0][0], paras[-1][0]
        text = "\n".join(p.text for p, _h in paras)
        self.root.add(_Unit("toc", "toc", "", text, first=first.first, last=last.last))

    def heading(self, para: Paragraph, rx: re.Pattern[str], kind: str, step: str) -> None:
        m = rx.match(para.text)
        assert m is not None
        parent = self.root
        if kind == "chapter" and self.group is not None and self.group.kind == "section":
            parent = self.group
        elif kind == "paragraph-group" and self.group is not None:
            parent = self.group if self.group.kind != "paragraph-group" else self._parent_of(self.group)
        u = self.unit(parent, kind, f"{step}{number(m)}", para, m.group().strip(), para.text[m.end() :])
        if u is not None:
            self.group, self.article, self.point = u, None, None

    def _parent_of(self, unit: _Unit) -> _Unit:
        for node in _walk(self.root):
            if unit in node.children:
                return node
        return self.root

    def article_heading(self, para: Paragraph, m: re.Match[str]) -> None:
        text = para.text[m.end() :]
        u = self.unit(self.group or self.root, "article", f"art{number(m)}", para, m.group().strip(), text)
        if u is None:
            return
        self.article, self.point, self.sub = u, None, None
        if DELETED.match(text):
            u.status = "deleted"
        self.track(text)

    def body(self, para: Paragraph) -> None:
        text = para.text
        if (
            self.article is None
            and not self.has_articles
            and not self.in_quote()
            and (POINT.match(text) or SUBPOINT.match(text))
            and self.root.children
        ):
            self.article = self.root  # an act of points without articles: p1, p2 at the top
        if self.article is None:
            self.track(text)
            return self.outside(para)
        if not self.in_quote():
            for piece in self._split_points(para):
                self._labelled(piece)
            return
        self.track(text)
        self.part(para, text)

    def _split_points(self, para: Paragraph) -> list[Paragraph]:
        """A paragraph with the next point or subpoint glued to a sentence's end, split there."""
        assert self.article is not None
        pieces, text = [], para.text
        points = self.article.counts.get("point", 0)
        subs = (self.point or self.article).counts.get("subpoint", 0)
        start = POINT.match(text) or SUBPOINT.match(text)
        if start and POINT.match(text):
            points, subs = points + 1, 0
        elif start:
            subs += 1
        pos = 0
        for rx, is_point in ((_GLUED_POINT, True), (_GLUED_SUBPOINT, False)):
            for m in rx.finditer(text, pos):
                expected = str((points if is_point else subs) + 1)
                if m["n"] == expected:
                    pieces.append(text[pos : m.start()].rstrip())
                    pos = m.start() + (len(m.group()) - len(m.group().lstrip()))
                    points, subs = (points + 1, 0) if is_point else (points, subs + 1)
        pieces.append(text[pos:])
        if (q := _GLUED_QUOTE.search(pieces[-1])) is not None:  # the wording a clause introduces
            pieces[-1:] = [pieces[-1][: q.start()], pieces[-1][q.start() :]]
        return [Paragraph(p, para.first, para.last, para.indent) for p in pieces if p]

    def _labelled(self, para: Paragraph) -> None:
        assert self.article is not None
        text = para.text
        if (m := POINT.match(text)) is not None:
            u = self.unit(self.article, "point", f"p{m['n']}", para, m.group().strip(), text[m.end() :])
            if u is not None:
                self.point, self.sub = u, None
                self._status(u, text[m.end() :])
            self.track(text)
            return
        if (m := SUBPOINT.match(text)) is not None:
            u = self.unit(
                self.point or self.article,
                "subpoint",
                f"sp{m['n']}",
                para,
                m.group().strip(),
                text[m.end() :],
            )
            if u is not None:
                self.sub = u
                self._status(u, text[m.end() :])
            self.track(text)
            return
        if (m := LETTER_LABEL.match(text)) is not None:
            u = place_letter(self, self.point or self.article, para, m)
            if u is not None:
                self.sub = u
                self._status(u, text[m.end() :])
            self.track(text)
            return
        self.track(text)
        self.part(para, text)

    @staticmethod
    def _status(u: _Unit, text: str) -> None:
        if DELETED.match(text):
            u.status = "deleted"

    def part(self, para: Paragraph, text: str) -> None:
        owner = self.point or self.article
        assert owner is not None
        if (
            self.sub is not None
            and self.sub is self.last
            and self.sub.text.endswith(":")
            and text[:1] in '«"„'
        ):
            self.quote_owner = self.sub  # «1) статью 1 изложить в следующей редакции:» then the wording
        if self.quote_owner is not None:
            owner = self.quote_owner
            if not self.in_quote():
                self.quote_owner = None
        named = owner.kind in ("article", "act") and not _SENTENCE_END.search(
            owner.text
        )  # a name, or no text
        n = owner.counts.get("part", 0) + (1 if named else 2)  # else the unit's own text is its first part
        self.unit(owner, "part", f"part{n}", para, "", text)

    def outside(self, para: Paragraph) -> None:
        """Before the first article: the title, then the preamble; a stray point stays preamble text."""
        titles = [c for c in self.root.children if c.kind == "title"]
        if not titles:
            self.unit(self.root, "title", "title", para, text=para.text)
            return
        preamble = next((c for c in self.root.children if c.kind == "preamble"), None)
        if preamble is None:
            self.unit(self.root, "preamble", "preamble", para, text=para.text)
        else:
            preamble.add_text(para.text, para)
            self.last = preamble

    def footnote(self, para: Paragraph, kind: str = "footnote") -> None:
        note = Note(para.text, para.first, kind)
        target = self.target(para.text)
        target.notes.append(note)
        self.note, self.note_owner = note, target
        if kind == "footnote":  # an RCPI note announces a new wording: the unit's own stays as it is
            self._note_status(target, para.text)

    def _note_status(self, target: _Unit, text: str) -> None:
        parsed = parse_footnote(text, self.lang)
        if not parsed.changes and ANNOUNCED.search(parsed.subject or text) and target.kind != "title":
            target.status = target.status or "not_in_force"
        elif (
            not target.text.strip()
            and not target.children
            and any(c.kind is ChangeKind.DELETED for c in parsed.changes)
        ):
            target.status = "deleted"

    def target(self, text: str) -> _Unit:
        """The unit a footnote is about: the one it names if that is the unit it follows (or holds
        it), else the article (or heading) it follows."""
        hint = parse_footnote(text, self.lang).target_hint if self.article is not None else None
        follows = self.article or self.last
        if hint:
            want = (
                hint if hint.startswith("art") or self.article is None else f"{self.article.address}.{hint}"
            )
            for u in _walk(follows):
                if u.address == want:
                    return u
        if self.article is None and hint == "preamble":
            return next((c for c in self.root.children if c.kind == "preamble"), self.last)
        return follows

    def noise(self, para: Paragraph) -> None:
        if self.note is not None and self.note_owner is not None:  # a stray code after a footnote
            i = self.note_owner.notes.index(self.note)
            sep = "" if para.text[:1] in ".,;:)" else " "
            self.note = Note(f"{self.note.text}{sep}{para.text}", self.note.line, self.note.kind)
            self.note_owner.notes[i] = self.note
            return
        parent = self.point or self.article or self.root
        n = 1 + parent.counts.get("paragraph", 0)
        address = f"{parent.address}.para{n}" if parent.address else f"para{n}"
        self.warn(
            para, f"unrecognised text {para.text[:40]!r} (no Kazakh or Russian word); kept as {address}"
        )
        parent.add(_Unit("paragraph", address, "", para.text, first=para.first, last=para.last))

    def signature(self, paras: list[Paragraph]) -> None:
        text = " ".join(p.text for p in paras)
        self.root.add(_Unit("signature", "signature", "", text, first=paras[0].first, last=paras[-1].last))


def _walk(u: _Unit):
    yield u
    for c in u.children:
        yield from _walk(c)


def _signatory(text: str) -> bool:
    """A line of a signature block: a short line naming an office, a name with initials, or the state."""
    return (
        len(text.split()) <= 6
        and not re.search(r"[;:]$", text)
        and not is_footnote_start(text)
        and bool(SIGNATORY.search(text) or _NAME.match(text) or _STATE.match(text))
    )


def _signature_start(paras: list[tuple[Paragraph, int]], after: int) -> int:
    """Where the signature block at the end begins (``len(paras)`` when there is none)."""
    start = len(paras)
    for i in range(len(paras) - 1, after, -1):
        if _signatory(paras[i][0].text):
            start = i
        else:
            break
    if start < len(paras) and not any(
        SIGNATORY.search(p.text) or _NAME.match(p.text) for p, _ in paras[start:]
    ):
        return len(paras)
    return start


def _toc_end(paras: list[tuple[Paragraph, int]]) -> int:
    """The paragraphs before the title that are a table of contents (0 when there is none)."""
    titled = next((i for i, (_p, h) in enumerate(paras) if h == 1), None)
    if titled:
        return titled
    n = 0
    for p, _h in paras:
        if TOC_TITLE.match(p.text) or ARTICLE.match(p.text) or CHAPTER.match(p.text) or SECTION.match(p.text):
            n += 1
        else:
            break
    numbers = [number(m) for p, _h in paras[:n] if (m := ARTICLE.match(p.text))]
    later = {number(m) for p, _h in paras[n:] if (m := ARTICLE.match(p.text))}
    return n if numbers and set(numbers) <= later else 0


def parse_articles(lines: Sequence[Line], lang: str, file: str) -> ParsedText:
    """Build the tree of an act made of articles. Never raises on odd text."""
    paras = [piece for para, h in paragraphs(lines) for piece in _split_glued(para, h)]
    b = _LawBuilder(file, lang, has_articles=any(_article_match(p.text, h) for p, h in paras))
    toc_end = _toc_end(paras)
    if toc_end:
        b.toc(paras[:toc_end])
    last_article = max(
        (i for i, (p, h) in enumerate(paras) if _article_match(p.text, h) or POINT.match(p.text)),
        default=toc_end,
    )
    sig_at = _signature_start(paras, last_article)
    for para, heading in paras[toc_end:sig_at]:
        text = para.text
        if heading and b.in_quote() and _heading_line(text):  # a Markdown heading is never quoted wording:
            b.quote, b.ascii_quote, b.quote_owner = (
                0,
                False,
                None,
            )  # a quotation left open by a stray mark ends
        free = not b.in_quote()
        if free and is_footnote_start(text):
            b.footnote(para)
            continue
        if free and RCPI.match(text):
            b.footnote(para, "rcpi")
            continue
        if is_noise(text) and free:
            b.noise(para)
            continue
        b.note = b.note_owner = None
        m = _article_match(text, heading) if free else None
        if m is not None:
            b.article_heading(para, m)
        elif free and b.root.children and (found := _group_match(text)) is not None:
            b.heading(para, *found)
        else:
            b.body(para)
    if sig_at < len(paras):
        b.signature([p for p, _h in paras[sig_at:]])
    return ParsedText(b.root.freeze(), tuple(b.diagnostics), lang, file)


def _article_match(text: str, heading: int) -> re.Match[str] | None:
    return ARTICLE.match(text) or (ARTICLE_HEADING_ONLY.match(text) if heading else None)


def _group_match(text: str) -> tuple[re.Pattern[str], str, str] | None:
    for rx, kind, step in (
        (SECTION, "section", "sec"),
        (CHAPTER, "chapter", "ch"),
        (GROUP, "paragraph-group", "par"),
    ):
        if rx.match(text):
            return rx, kind, step
    return None
